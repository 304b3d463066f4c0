"""Resting HR: deviation from the personal normal in bpm and SD, and the refined guide markers."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverwell.metrics.rhr import (
    RhrLevel,
    rhr_7d_bpm,
    rhr_delta_bpm,
    rhr_marker,
    rhr_normal_bpm,
    rhr_normal_sd_bpm,
    rhr_z,
)


@pytest.mark.reference(
    source="hand calculation",
    metric=("rhr_delta_bpm", "rhr_normal_bpm", "rhr_normal_sd_bpm", "rhr_z"),
)
def test_deviation_is_measured_against_the_60_days_before_today():
    # 20 mornings alternating 44 / 46 bpm, then 52 today
    x = np.append(np.tile([44.0, 46.0], 10), 52.0)
    normal = rhr_normal_bpm(x)
    sd = rhr_normal_sd_bpm(x)
    want_sd = math.sqrt(20 * 1.0**2 / 19)
    assert normal[-1] == pytest.approx(45.0)
    assert sd[-1] == pytest.approx(want_sd)
    assert rhr_delta_bpm(x, normal)[-1] == pytest.approx(52 - 45)
    assert rhr_z(x, normal, sd)[-1] == pytest.approx(7 / want_sd)


@pytest.mark.reference(
    source="hand calculation", metric=("rhr_normal_bpm", "rhr_normal_sd_bpm", "rhr_z")
)
def test_a_steady_athlete_gets_the_one_bpm_floor_not_an_infinite_z():
    x = np.append(np.full(20, 45.0), 48.0)
    z = rhr_z(x, rhr_normal_bpm(x), rhr_normal_sd_bpm(x))
    assert z[-1] == pytest.approx(3.0)  # (48 − 45) / max(0, 1 bpm)


def test_no_personal_normal_before_14_readings():
    x = np.full(14, 45.0)
    assert np.isnan(rhr_normal_bpm(x)[-1])
    assert rhr_normal_bpm(np.append(x, 45.0))[-1] == 45.0


@pytest.mark.reference(
    source="hand calculation: mean of 3 valid days in the last 7", metric="rhr_7d_bpm"
)
def test_seven_day_mean_needs_three_readings():
    x = np.array([np.nan, 50, np.nan, 52, np.nan, np.nan, 54.0])
    assert rhr_7d_bpm(x)[-1] == pytest.approx((50 + 52 + 54) / 3)
    assert np.isnan(rhr_7d_bpm(x)[3])


@pytest.mark.reference(
    source="docs/science.md A4: today ≥ normal + max(5 bpm, 1 SD); guide +10 bpm"
)
def test_the_guide_markers_as_refined_by_science():
    delta = np.array([4.0, 5.0, 6.0, 6.0, 10.0, np.nan])
    sd = np.array([2.0, 2.0, 2.0, 7.0, 12.0, 2.0])
    level = rhr_marker(delta, sd, acute_bpm=5, acute_sd=1.0, marked_bpm=10)
    # +4: usual; +5 with SD 2: acute; +6 with SD 7: within the athlete's own noise; +10: marked
    usual, acute, marked = RhrLevel.USUAL, RhrLevel.ACUTE_RISE, RhrLevel.MARKED_RISE
    np.testing.assert_array_equal(level[:5], [usual, acute, acute, usual, marked])
    assert (usual, acute, marked) == (0, 1, 2)  # the codes the marker has always returned
    assert np.isnan(level[5])


@settings(max_examples=60)
@given(
    st.lists(st.floats(38, 70), min_size=20, max_size=70),
    st.floats(-20, 20),
)
def test_shifting_every_reading_by_a_constant_leaves_z_unchanged(values, shift):
    x = np.array(values)
    z = rhr_z(x, rhr_normal_bpm(x), rhr_normal_sd_bpm(x))
    y = x + shift
    z2 = rhr_z(y, rhr_normal_bpm(y), rhr_normal_sd_bpm(y))
    np.testing.assert_allclose(z2, z, atol=1e-6)
    np.testing.assert_allclose(
        rhr_delta_bpm(y, rhr_normal_bpm(y)), rhr_delta_bpm(x, rhr_normal_bpm(x)), atol=1e-6
    )
