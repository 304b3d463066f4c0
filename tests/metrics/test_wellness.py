"""Wellness: the Hooper index and z-scores against the athlete's previous 28 days."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverwell.metrics.wellness import hooper_index, hooper_index_z, wellness_normal, wellness_z


@pytest.mark.reference(
    source="Hooper & Mackinnon 1995: index = sum of the four 1–7 items", metric="hooper_index"
)
def test_the_hooper_index_is_the_sum_and_needs_every_item():
    out = hooper_index([2.0, 3.0], [3.0, 6.0], [2.0, np.nan], [4.0, 7.0])
    assert out[0] == 2 + 3 + 2 + 4
    assert np.isnan(out[1])


@pytest.mark.reference(source="hand calculation")
def test_item_z_is_against_the_28_days_before_today():
    # 28 mornings of soreness alternating 2 and 3, then a 6
    x = np.append(np.tile([2.0, 3.0], 14), 6.0)
    mean, sd = wellness_normal(x)
    want_sd = math.sqrt(28 * 0.5**2 / 27)
    assert mean[-1] == pytest.approx(2.5)
    assert sd[-1] == pytest.approx(want_sd)
    assert wellness_z(x)[-1] == pytest.approx((6 - 2.5) / want_sd)


@pytest.mark.reference(source="hand calculation", metric="hooper_index_z")
def test_a_very_steady_athlete_gets_the_resolution_floor():
    index = np.append(np.full(20, 10.0), 13.0)
    assert hooper_index_z(index)[-1] == pytest.approx(3.0)  # (13 − 10) / 1 point
    item = np.append(np.full(20, 2.0), 3.0)
    assert wellness_z(item)[-1] == pytest.approx(2.0)  # (3 − 2) / 0.5 point


def test_no_z_before_14_check_ins():
    assert np.isnan(wellness_z(np.full(14, 3.0))[-1])
    assert not np.isnan(wellness_z(np.full(15, 3.0))[-1])


@settings(max_examples=50)
@given(st.lists(st.integers(4, 28), min_size=20, max_size=60), st.integers(-3, 3))
def test_a_constant_offset_in_how_someone_rates_leaves_the_z_unchanged(values, offset):
    x = np.array(values, dtype=float)
    np.testing.assert_allclose(hooper_index_z(x + offset), hooper_index_z(x), atol=1e-6)
