import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverwell.metrics.volume import (
    descent_7d_m,
    distance_7d_m,
    distance_acwr,
    distance_by_surface,
    distance_change_pct,
    double_days_7d,
    long_run_share,
    min_gap_7d_h,
    run_spike,
)

MI = 1609.344
HAND = "hand calculation"


def two_weeks():
    # Week 1: 5 runs of 10 mi; week 2: the same plus a 20 mi long run on the last day.
    week1 = [10, 10, 0, 10, 10, 0, 10]
    week2 = [10, 10, 0, 10, 10, 0, 20]
    return np.array(week1 + week2, dtype=float) * MI


@pytest.mark.reference(source=HAND, metric=("distance_7d_m", "distance_change_pct"))
def test_weekly_distance_and_its_change():
    d = two_weeks()
    assert distance_7d_m(d)[6] == pytest.approx(50 * MI)
    assert distance_7d_m(d)[-1] == pytest.approx(60 * MI)
    assert distance_change_pct(d)[-1] == pytest.approx((60 - 50) / 50 * 100)
    assert np.isnan(distance_change_pct(d)[:13]).all()


@pytest.mark.reference(
    source=HAND + " (docs/science.md §7 L4: week vs the 3 before)", metric="distance_acwr"
)
def test_distance_acwr_compares_a_week_with_the_three_before():
    d = np.r_[np.full(21, 10.0), np.full(7, 13.0)] * MI
    assert distance_acwr(d)[-1] == pytest.approx(13 / 10)
    assert np.isnan(distance_acwr(d)[:27]).all()


@pytest.mark.reference(source=HAND, metric=("long_run_share", "run_spike"))
def test_long_run_share_and_spike():
    longest = two_weeks()
    assert long_run_share(longest, two_weeks())[-1] == pytest.approx(20 / 60)
    # 20 mi against the longest of the previous 30 days (10 mi)
    assert run_spike(longest)[-1] == pytest.approx(2.0)
    assert np.isnan(run_spike(longest)[0])  # nothing earlier to compare with
    assert np.isnan(run_spike(longest)[2])  # rest day


@pytest.mark.reference(source=HAND, metric=("descent_7d_m", "double_days_7d", "min_gap_7d_h"))
def test_descent_doubles_and_gaps():
    descent = np.array([100.0, 0, 250, 0, 0, 50, 300, 80])
    assert descent_7d_m(descent)[6] == pytest.approx(700)
    assert descent_7d_m(descent)[7] == pytest.approx(680)
    runs = np.array([1.0, 2, 1, 0, 2, 1, 1, 1])
    np.testing.assert_array_equal(double_days_7d(runs)[6:], [2, 2])
    gaps = np.array([7.5, np.nan, np.nan, np.nan, 9.0, 20.0, np.nan, np.nan])
    # the 7.5 h gap on day 0 leaves the window on day 7
    np.testing.assert_allclose(min_gap_7d_h(gaps)[[1, 4, 6, 7]], [7.5, 7.5, 7.5, 9.0])
    assert np.isnan(double_days_7d(np.r_[np.nan, runs])[6])  # the window holds a day without data


def test_surface_mileage_uses_the_sub_sport_and_says_unknown():
    got = distance_by_surface(["trail", None, "road", "trail"], [5000.0, 3000.0, 10000.0, 2000.0])
    assert got == {"road": 10000.0, "trail": 7000.0, "unknown": 3000.0}


def _oracle_week(values):
    return [sum(values[d - 6 : d + 1]) if d >= 6 else math.nan for d in range(len(values))]


@given(
    st.lists(st.floats(0, 50_000, allow_subnormal=False), min_size=1, max_size=40),
    st.floats(0.1, 10),
)
def test_weekly_sums_match_an_oracle_and_ratios_ignore_units(values, k):
    d = np.array(values)
    np.testing.assert_allclose(distance_7d_m(d), _oracle_week(values), rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(descent_7d_m(d), _oracle_week(values), rtol=1e-9, atol=1e-6)
    for f in (distance_change_pct, distance_acwr, run_spike):
        np.testing.assert_allclose(f(d * k), f(d), rtol=1e-7)
    share = long_run_share(d, d)
    assert np.all(share[~np.isnan(share)] <= 1 + 1e-9)  # rolling sums carry ~1e-16 × history


@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.floats(1000, 30000), st.floats(1, 30) | st.just(math.nan)),
        min_size=1,
        max_size=45,
    )
)
def test_volume_series_match_pure_python_oracles(days):
    runs = np.array([float(r) for r, _, _ in days])
    longest = np.array([d if r else 0.0 for r, d, _ in days])
    total = np.array([d * r for r, d, _ in days])
    gaps = np.array([g for _, _, g in days])
    n = len(days)
    week = [sum(total[d - 6 : d + 1]) if d >= 6 else math.nan for d in range(n)]
    prev = [week[d - 7] if d >= 7 else math.nan for d in range(n)]
    want_change = [
        (w - p) / p * 100 if p > 0 else math.nan for w, p in zip(week, prev, strict=True)
    ]
    np.testing.assert_allclose(distance_change_pct(total), want_change, rtol=1e-7)
    want_share = [
        max(longest[d - 6 : d + 1]) / week[d] if d >= 6 and week[d] > 0 else math.nan
        for d in range(n)
    ]
    np.testing.assert_allclose(long_run_share(longest, total), want_share, rtol=1e-7)
    want_doubles = [
        sum(r >= 2 for r in runs[d - 6 : d + 1]) if d >= 6 else math.nan for d in range(n)
    ]
    np.testing.assert_allclose(double_days_7d(runs), want_doubles)
    want_gap = []
    for d in range(n):
        seen = [g for g in gaps[max(0, d - 6) : d + 1] if not math.isnan(g)]
        want_gap.append(min(seen) if seen else math.nan)
    np.testing.assert_allclose(min_gap_7d_h(gaps), want_gap)
    want_spike = []
    for d in range(n):
        before = [x for x in longest[max(0, d - 30) : d] if x > 0]
        ok = longest[d] > 0 and before
        want_spike.append(longest[d] / max(before) if ok else math.nan)
    np.testing.assert_allclose(run_spike(longest), want_spike, rtol=1e-9)
