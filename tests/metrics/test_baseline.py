"""Personal baselines shared by the recovery signals: normal, band, z, CV, streaks, staleness."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverwell.metrics.baseline import (
    BandPosition,
    band_position,
    baseline_mean,
    baseline_sd,
    days_since_reading,
    deviation_z,
    last_valid,
    normal_band,
    recent_count,
    rolling_cv_pct,
    streak_days,
)


@pytest.mark.reference(source="hand calculation")
def test_the_baseline_ends_yesterday():
    x = np.array([1.0, 2.0, 3.0, 100.0])
    assert baseline_mean(x, window_d=3, min_periods=3)[-1] == pytest.approx(2.0)
    assert baseline_sd(x, window_d=3, min_periods=3)[-1] == pytest.approx(1.0)


@pytest.mark.reference(source="hand calculation")
def test_band_and_position():
    low, high = normal_band(4.0, 0.2, width_sd=0.5)
    assert (low, high) == (pytest.approx(3.9), pytest.approx(4.1))
    pos = band_position([3.8, 3.9, 4.0, 4.2, np.nan], 3.9, 4.1)
    np.testing.assert_array_equal(pos[:4], [-1, 0, 0, 1])
    below, inside, above = BandPosition.BELOW, BandPosition.INSIDE, BandPosition.ABOVE
    assert list(pos[:4]) == [below, inside, inside, above]
    assert np.isnan(pos[4])


@pytest.mark.reference(source="hand calculation: CV = sample SD / mean × 100")
def test_cv_of_three_readings():
    # [9, 10, 11]: mean 10, sample SD 1 → 10 %
    assert rolling_cv_pct([9.0, 10.0, 11.0])[-1] == pytest.approx(10.0)
    assert np.isnan(rolling_cv_pct([9.0, 10.0])[-1])


def test_z_with_a_floor_and_without_a_baseline():
    assert deviation_z(5.0, 4.0, 0.1, sd_floor=0.5) == pytest.approx(2.0)
    assert deviation_z(5.0, 4.0, 2.0, sd_floor=0.5) == pytest.approx(0.5)
    assert np.isnan(deviation_z(5.0, 4.0, np.nan, sd_floor=0.5))
    assert np.isnan(deviation_z(5.0, 4.0, 0.0))


def test_streaks_break_on_unknown_days():
    cond = np.array([1, 1, 0, 1, 1, 1, np.nan, 1], dtype=float)
    np.testing.assert_array_equal(streak_days(cond), [1, 2, 0, 1, 2, 3, 0, 1])


def test_staleness_and_carry_forward():
    x = np.array([np.nan, 5.0, np.nan, np.nan, 7.0])
    np.testing.assert_array_equal(days_since_reading(x)[1:], [0, 1, 2, 0])
    assert np.isnan(days_since_reading(x)[0])
    np.testing.assert_array_equal(last_valid(x)[1:], [5, 5, 5, 7])
    np.testing.assert_array_equal(recent_count(x, window_d=3), [0, 1, 1, 1, 1])


@given(
    st.lists(st.floats(30, 90), min_size=20, max_size=40), st.floats(0.1, 10), st.floats(-50, 50)
)
def test_z_is_invariant_to_units_and_offsets(values, scale, shift):
    x = np.array(values)
    z = deviation_z(x, baseline_mean(x), baseline_sd(x))
    y = x * scale + shift
    z2 = deviation_z(y, baseline_mean(y), baseline_sd(y))
    ok = ~np.isnan(z)
    np.testing.assert_allclose(z2[ok], z[ok], atol=1e-6)


def test_every_recovery_metric_has_units_a_source_and_a_resolvable_plan():
    from recoverwell.metrics import body, hrv, rhr, sleep, wellness
    from recoverwell.metrics.registry import METRICS, plan

    families = {m.__name__.rsplit(".", 1)[-1] for m in (body, hrv, rhr, sleep, wellness)}
    specs = [s for s in METRICS.values() if s.family in families]
    assert len(specs) >= 25
    for spec in specs:
        assert spec.units and spec.source, spec.symbol
    assert {s.symbol for s in plan([s.symbol for s in specs])} == {s.symbol for s in specs}
