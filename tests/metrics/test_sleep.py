"""Sleep: 7-day mean, debt, regularity (SRI, clock SD), naps apart, and the Open Wearables score."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.sleep import (
    bedtime_sd_min,
    naps_7d_min,
    sleep_7d_mean_min,
    sleep_consistency_score,
    sleep_debt_7d_min,
    sleep_debt_14d_min,
    sleep_duration_score,
    sleep_in_bed_7d_mean_min,
    sleep_interruptions_score,
    sleep_regularity_index,
    sleep_score,
    sleep_stages_score,
    waketime_sd_min,
)

OW = "Open Wearables backend/tests/algorithms/test_sleep_algorithms.py (docs/anchors.md §3.7)"


# --- Open Wearables' own test values --------------------------------------------------------


@pytest.mark.reference(source=OW, metric="sleep_duration_score")
def test_duration_points_match_open_wearables():
    hours = np.array([7.0, 7.5, 8.0, 8.5, 9.0, 6.99, 9.01, 2.0, 0.0, 12.0, 15.0, 4.0, 6.0])
    s = sleep_duration_score(hours * 60)
    assert (s[:5] == 100).all()
    assert s[5] < 100 and s[6] < 100
    assert s[7] < 30 and s[8] < 5
    assert s[9] >= 50 and s[10] >= 50
    assert s[11] < s[12]


@pytest.mark.reference(
    source=OW + ": deep 45 / REM 90 → 75; 0/90 → 50; 22.5 → 25", metric="sleep_stages_score"
)
def test_stage_points_match_open_wearables():
    deep = np.array([90.0, 0, 45, 90, 200, 0, 90])
    rem = np.array([90.0, 0, 90, 45, 200, 90, 0])
    np.testing.assert_array_equal(sleep_stages_score(deep, rem), [100, 0, 75, 75, 100, 50, 50])
    assert sleep_stages_score(22.5, 22.5) == 25


@pytest.mark.reference(
    source=OW + ": 30 min late → 85; 2 h early → 80; 120 min late → 0",
    metric="sleep_consistency_score",
)
def test_bedtime_consistency_matches_open_wearables():
    at_23 = 11 * 60.0  # 23:00 is 660 min past noon
    cases = {
        at_23 + 5: 100,  # inside the 15-min grace
        at_23 + 30: 85,  # (30 − 15) / 105 × 100 = 14.3 points
        at_23 + 120: 0,  # 01:00: grace + the whole late window
        at_23 - 120: 80,  # early penalty capped at 20 points
        at_23 + 160: 0,  # 01:40
    }
    for tonight, want in cases.items():
        assert sleep_consistency_score([at_23, tonight])[-1] == want, tonight


@pytest.mark.reference(
    source=OW + ": the median, not the mean, of previous bedtimes", metric="sleep_consistency_score"
)
def test_consistency_uses_the_median_of_previous_nights():
    at_23, at_01 = 660.0, 780.0
    assert sleep_consistency_score([at_23, at_23, at_23, at_01, at_23])[-1] == 100
    assert np.isnan(sleep_consistency_score([at_23])[0])  # no history: unknown, not 0


@pytest.mark.reference(
    source=OW + ": WASO 90 → 20; awakenings 1 → 100, 2 → 95, 3 → 90",
    metric="sleep_interruptions_score",
)
def test_interruption_points_match_open_wearables():
    waso = np.array([0.0, 20, 90, 0, 0, 0, 0, 21])
    n = np.array([0.0, 0, 0, 1, 2, 3, 4, 0])
    s = sleep_interruptions_score(waso, n)
    np.testing.assert_array_equal(s[:7], [100, 100, 20, 100, 95, 90, 80])
    assert 90 <= s[7] < 100


@pytest.mark.reference(
    source="Open Wearables calculate_overall_sleep_score weights, by hand", metric="sleep_score"
)
def test_the_overall_score_weights_the_components_and_renormalises_missing_ones():
    # 0.4 × 100 + 0.2 × 75 + 0.2 × 85 + 0.2 × 95 = 91
    assert sleep_score(100.0, 75.0, 85.0, 95.0) == 91
    # no stages: (0.4 × 100 + 0.2 × 85 + 0.2 × 95) / 0.8 = 95
    assert sleep_score(100.0, np.nan, 85.0, 95.0) == 95
    assert np.isnan(sleep_score(np.nan, 75.0, 85.0, 95.0))


# --- duration, debt, naps ---------------------------------------------------------------------


@pytest.mark.reference(source="hand calculation", metric=("sleep_7d_mean_min", "sleep_debt_7d_min"))
def test_seven_day_mean_and_debt_against_an_eight_hour_need():
    tst = np.array([420.0, 480, 360, np.nan, 450, 510, 390])
    assert sleep_7d_mean_min(tst)[-1] == pytest.approx((420 + 480 + 360 + 450 + 510 + 390) / 6)
    # shortfalls: 60 + 0 + 120 + 30 − 30 + 90 = 270 min
    assert sleep_debt_7d_min(tst)[-1] == pytest.approx(270)
    assert sleep_debt_7d_min(tst, need_min=540)[-1] == pytest.approx(270 + 6 * 60)


def test_a_run_of_long_nights_pays_the_debt_off_but_never_below_zero():
    tst = np.full(7, 600.0)
    assert sleep_debt_7d_min(tst)[-1] == 0.0


@pytest.mark.reference(source="hand calculation", metric="sleep_debt_14d_min")
def test_fourteen_day_debt_needs_seven_nights():
    tst = np.full(14, np.nan)
    tst[-6:] = 420.0
    assert np.isnan(sleep_debt_14d_min(tst)[-1])
    tst[-7] = 420.0
    assert sleep_debt_14d_min(tst)[-1] == pytest.approx(7 * 60)


@pytest.mark.reference(
    source="hand calculation", metric=("naps_7d_min", "sleep_in_bed_7d_mean_min")
)
def test_time_in_bed_and_naps_are_reported_apart():
    in_bed = np.array([500.0, 510, 490])
    assert sleep_in_bed_7d_mean_min(in_bed)[-1] == pytest.approx(500)
    naps = np.array([0.0, 25, np.nan, 0, 40])
    assert naps_7d_min(naps)[-1] == pytest.approx(65)
    assert np.isnan(naps_7d_min([np.nan])[0])


# --- regularity -------------------------------------------------------------------------------


def _state(days, sleep_epochs):
    """days × 24 hourly epochs with the given hours asleep each day."""
    s = np.zeros((days, 24))
    for d, hours in enumerate(sleep_epochs):
        s[d, hours] = 1.0
    return s


@pytest.mark.reference(
    source="Phillips 2017 definition: identical days → 100, inverted → −100",
    metric="sleep_regularity_index",
)
def test_sri_is_100_for_an_identical_schedule_and_minus_100_for_an_inverted_one():
    night = list(range(10, 18))  # 22:00–06:00 on a noon-to-noon day
    regular = _state(14, [night] * 14)
    assert sleep_regularity_index(regular)[-1] == pytest.approx(100)
    flip = np.array([[1.0, 0.0]] * 8)
    flip[1::2] = [0.0, 1.0]
    assert sleep_regularity_index(flip)[-1] == pytest.approx(-100)


@pytest.mark.reference(source="hand calculation", metric="sleep_regularity_index")
def test_sri_counts_the_hours_that_differ_between_consecutive_days():
    early = list(range(10, 18))
    late = list(range(12, 20))  # two hours later: 4 of 24 epochs differ from an early day
    s = _state(8, [early, late] * 4)
    # every consecutive pair agrees on 20 of 24 epochs → 200 × 20/24 − 100
    assert sleep_regularity_index(s)[-1] == pytest.approx(200 * 20 / 24 - 100)


def test_sri_skips_unknown_days_and_needs_enough_pairs():
    night = list(range(10, 18))
    s = _state(10, [night] * 10)
    s[4] = np.nan
    sri = sleep_regularity_index(s)
    assert np.isnan(sri[5])  # only 3 usable pairs so far
    assert sri[-1] == pytest.approx(100)
    with pytest.raises(MetricInputError, match="days × epochs"):
        sleep_regularity_index(np.zeros(5))


@pytest.mark.reference(source="hand calculation", metric=("bedtime_sd_min", "waketime_sd_min"))
def test_bedtime_and_wake_time_sd_over_14_nights():
    bed = np.tile([630.0, 690.0], 7)  # 22:30 / 23:30 alternating
    # sample SD of 7 × ±30 min around 660 = √(14 × 900 / 13)
    assert bedtime_sd_min(bed)[-1] == pytest.approx(np.sqrt(14 * 900 / 13))
    wake = np.full(14, 360.0)
    assert waketime_sd_min(wake)[-1] == 0.0
    assert np.isnan(waketime_sd_min(wake[:6])[-1])


@settings(max_examples=40)
@given(st.lists(st.floats(300, 600), min_size=7, max_size=30), st.floats(0, 120))
def test_more_sleep_never_raises_the_debt(tst, extra):
    x = np.array(tst)
    more, less = sleep_debt_7d_min(x + extra), sleep_debt_7d_min(x)
    np.testing.assert_array_equal(np.isnan(more), np.isnan(less))
    ok = ~np.isnan(less)
    assert (more[ok] <= less[ok] + 1e-9).all()
    assert (more[ok] >= 0).all()


@settings(max_examples=40)
@given(st.lists(st.floats(500, 800), min_size=8, max_size=30), st.floats(-120, 120))
def test_moving_every_bedtime_by_the_same_amount_keeps_sd_and_consistency(bed, shift):
    x = np.array(bed)
    np.testing.assert_allclose(bedtime_sd_min(x + shift), bedtime_sd_min(x), atol=1e-6)
    np.testing.assert_array_equal(
        sleep_consistency_score(x + shift)[1:], sleep_consistency_score(x)[1:]
    )
