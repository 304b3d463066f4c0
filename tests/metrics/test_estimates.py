import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverwell.core.errors import MetricInputError
from recoverwell.core.types import SampleStreams
from recoverwell.metrics.estimates import (
    HR_EFFORT_S,
    SPEED_EFFORT_S,
    VDOT_MAX,
    best_session,
    best_vdot,
    daniels_t_speed_m_s,
    held_max,
    lthr_candidate_bpm,
    mean_max,
    session_bests,
    vdot,
)

M_PER_MI = 1609.344
RUNALYZE_VDOT = (
    "Runalyze tests/inc/core/Calculation/JD/LegacyEffectiveVO2maxTest.php, Daniels' VDOT "
    "table 3.1 (docs/anchors.md §3.6; ±0.1)"
)
#: Race times (s) for 5 k, 10 k, half and full marathon at each VDOT (docs/anchors.md §3.6).
VDOT_TABLE = {
    30: (30 * 60 + 40, 63 * 60 + 46, 2 * 3600 + 21 * 60 + 4, 4 * 3600 + 49 * 60 + 17),
    40: (24 * 60 + 8, 50 * 60 + 3, 3600 + 50 * 60 + 59, 3 * 3600 + 49 * 60 + 45),
    50: (19 * 60 + 57, 41 * 60 + 21, 3600 + 31 * 60 + 35, 3 * 3600 + 10 * 60 + 49),
    60: (17 * 60 + 3, 35 * 60 + 22, 3600 + 18 * 60 + 9, 2 * 3600 + 43 * 60 + 25),
    70: (14 * 60 + 55, 31 * 60 + 0, 3600 + 8 * 60 + 21, 2 * 3600 + 23 * 60 + 10),
    80: (13 * 60 + 18, 27 * 60 + 41, 3600 + 0 * 60 + 54, 2 * 3600 + 7 * 60 + 38),
    85: (12 * 60 + 37, 26 * 60 + 19, 57 * 60 + 50, 2 * 3600 + 1 * 60 + 10),
}
RACES_M = (5000.0, 10000.0, 21097.5, 42195.0)


@pytest.mark.reference(source=RUNALYZE_VDOT, metric="vdot")
@pytest.mark.parametrize("level", sorted(VDOT_TABLE))
def test_race_times_of_the_vdot_table_give_their_vdot(level):
    times = np.array(VDOT_TABLE[level], dtype=float)
    got = vdot(np.array(RACES_M) / times, times)
    np.testing.assert_allclose(got, level, atol=0.1)


@pytest.mark.reference(
    source="Daniels & Gilbert 1979 formula range (Runalyze: 50–1000 m/min); VDOT_MAX",
    metric="vdot",
)
def test_a_walk_or_a_car_gives_no_vdot():
    # 45 m/min is under the formula's range; 10 km in 20 min (500 m/min) implies a VDOT of
    # VO2(500) / %max(20) ≈ 118, beyond any runner
    pct_20 = 0.8 + 0.1894393 * math.exp(-0.012778 * 20) + 0.2989558 * math.exp(-0.1932605 * 20)
    assert (-4.60 + 0.182258 * 500 + 0.000104 * 500**2) / pct_20 > VDOT_MAX
    got = vdot(np.array([45.0 / 60, 10_000 / 1200]), np.array([3600.0, 1200.0]))
    assert np.isnan(got).all()


#: Daniels' Running Formula, T pace by VDOT: 40 → 8:12/mi and 80 → 4:41/mi (quoted by J. Karp,
#: run-fit.com/pacetables), 45 → 7:27/mi (masterstriathlon.blogspot.com, 2014), 49 → 4:20/km
#: (fit360.blogspot.com, 2009). The tables round to the second.
DANIELS_T = ((40, 8 * 60 + 12, M_PER_MI), (45, 7 * 60 + 27, M_PER_MI), (49, 4 * 60 + 20, 1000.0),
             (80, 4 * 60 + 41, M_PER_MI))  # fmt: skip


@pytest.mark.reference(
    source="Daniels' Running Formula T paces (88 % of VDOT), via run-fit.com and others",
    metric="daniels_t_speed_m_s",
)
@pytest.mark.parametrize(("level", "pace_s", "unit_m"), DANIELS_T)
def test_threshold_speed_is_daniels_t_pace(level, pace_s, unit_m):
    speed = float(daniels_t_speed_m_s(np.array(float(level))))
    assert unit_m / speed == pytest.approx(pace_s, abs=1.0)  # the table's rounding and ours


@pytest.mark.reference(
    source="hand calculation: VO2(v) = −4.60 + 0.182258v + 0.000104v² solved for v",
    metric="daniels_t_speed_m_s",
)
def test_threshold_speed_inverts_the_oxygen_cost():
    v = float(daniels_t_speed_m_s(np.array(50.0))) * 60  # m/min
    assert -4.60 + 0.182258 * v + 0.000104 * v**2 == pytest.approx(0.88 * 50.0)
    # the one-hour race pace at VDOT 50 is within 1 % of T (%VO2max(60) = 0.888)
    pct_60 = 0.8 + 0.1894393 * math.exp(-0.012778 * 60) + 0.2989558 * math.exp(-0.1932605 * 60)
    hour = float(daniels_t_speed_m_s(np.array(50.0), fraction=pct_60))
    assert hour / (v / 60) == pytest.approx(1.0, abs=0.01)


@pytest.mark.reference(
    source="Friel (30-min test, a one-hour effort); 80/20 Endurance (20-min test × 0.95)",
    metric="lthr_candidate_bpm",
)
def test_lthr_is_the_better_of_the_two_field_tests():
    got = lthr_candidate_bpm(
        np.array([170.0, 170.0, np.nan, 170.0, np.nan]),
        np.array([160.0, 165.0, 158.0, np.nan, np.nan]),
    )
    np.testing.assert_allclose(got[:4], [170 * 0.95, 165.0, 158.0, 170 * 0.95])
    assert np.isnan(got[4])


def _steps(*blocks):
    """1 Hz values from (seconds, value) blocks, time from 0."""
    values = np.concatenate([np.full(n, v, dtype=float) for n, v in blocks])
    return np.arange(len(values), dtype=float), values


@pytest.mark.reference(source="hand calculation: windows of a step function")
def test_mean_max_finds_the_best_window_of_each_length():
    t, hr = _steps((600, 150.0), (600, 170.0))
    got = mean_max(t, hr, [300.0, 600.0, 900.0, 1200.0, 1800.0])
    # the first sample counts for 0 s: 20 min of recording is 1199 s, so no 20-min window
    np.testing.assert_allclose(got[:3], [170.0, 170.0, (300 * 150 + 600 * 170) / 900])
    assert np.isnan(got[3]) and np.isnan(got[4])


@pytest.mark.reference(source="hand calculation: time-weighted means with irregular samples")
def test_mean_max_weights_each_sample_by_the_time_since_the_previous_one():
    # samples at 0, 1, 2, 7 s: 160 holds (2, 7], 5 s; 100 holds (0, 2]
    t = np.array([0.0, 1.0, 2.0, 7.0, 8.0])
    hr = np.array([100.0, 100.0, 100.0, 160.0, 100.0])
    got = mean_max(t, hr, [4.0, 6.0])
    # best 4 s: inside (2, 7] → 160; best 6 s: (1, 7] → (100 + 5 · 160) / 6 = 150
    np.testing.assert_allclose(got, [160.0, (100 + 5 * 160) / 6])


@pytest.mark.reference(source="hand calculation: a pause and a dropout")
def test_windows_never_span_a_pause_and_need_their_samples():
    t, hr = _steps((300, 170.0))
    t2 = np.r_[t, t + 300 + 120]  # a 2-min pause (> PAUSE_GAP_S) between two 5-min halves
    hr2 = np.r_[hr, hr]
    assert np.isnan(mean_max(t2, hr2, [400.0])[0])
    assert mean_max(t2, hr2, [250.0])[0] == pytest.approx(170.0)
    holes = hr.copy()
    holes[::3] = np.nan  # a third of the samples missing: under 80 % recorded
    assert np.isnan(mean_max(t, holes, [240.0])[0])
    with pytest.raises(MetricInputError):
        mean_max(t[::-1], hr, [60.0])


@pytest.mark.reference(source="hand calculation: the highest level held 10 s")
def test_a_spike_is_not_a_maximum_but_a_held_level_is():
    t, hr = _steps((60, 150.0), (2, 230.0), (60, 150.0), (12, 188.0), (30, 150.0), (9, 195.0),
                   (30, 150.0))  # fmt: skip
    assert held_max(t, hr) == 188.0  # 230 lasts 2 s, 195 lasts 9 s: neither is held for 10 s
    assert held_max(t, hr, hold_s=8.0) == 195.0
    # the 188 plateau is samples 122–133: a missing sample or a pause inside it breaks the hold
    hr_missing = hr.copy()
    hr_missing[127] = np.nan
    assert held_max(t, hr_missing) == 150.0
    t2 = np.r_[t[:127], t[127:] + 60]
    assert held_max(t2, hr) == 150.0


@pytest.mark.reference(source="hand calculation: 30 min at 4 m/s on the flat")
def test_session_bests_of_a_steady_run():
    t = np.arange(1801, dtype=float)
    speed = np.full(1801, 4.0)
    streams = SampleStreams(
        time_s=t,
        hr_bpm=np.full(1801, 160.0),
        speed_m_s=speed,
        distance_m=4.0 * t,
        altitude_m=np.full(1801, 1650.0),
    )
    got = session_bests(streams)
    assert got.hr_held_max_bpm == 160.0
    assert got.hr_mean_max_bpm[0] == pytest.approx(160.0) and math.isnan(got.hr_mean_max_bpm[1])
    assert len(got.hr_mean_max_bpm) == len(HR_EFFORT_S)
    np.testing.assert_allclose(got.gap_mean_max_m_s[:3], 4.0)
    assert math.isnan(got.gap_mean_max_m_s[3]) and got.grade_adjusted
    assert len(got.gap_mean_max_m_s) == len(SPEED_EFFORT_S)


@pytest.mark.reference(source="Minetti et al. 2002 cost polynomial on the window's net gradient")
def test_an_effort_is_graded_by_its_net_gradient_not_by_noise():
    t = np.arange(1201, dtype=float)
    speed = np.full(1201, 3.0)
    # a steady 5 % climb: C(0.05) / C(0), C Minetti's polynomial
    i = 0.05
    cost = 155.4 * i**5 - 30.4 * i**4 - 43.3 * i**3 + 46.3 * i**2 + 19.5 * i + 3.6
    hill = SampleStreams(time_s=t, speed_m_s=speed, altitude_m=0.05 * 3.0 * t)
    assert session_bests(hill).gap_mean_max_m_s[0] == pytest.approx(3.0 * cost / 3.6, rel=1e-3)
    # ±5 m of altitude jitter on the flat: per-sample grades would inflate it, the net one not
    noisy = np.random.default_rng(0).normal(1650.0, 5.0, 1201)
    flat = SampleStreams(time_s=t, speed_m_s=speed, altitude_m=noisy)
    assert session_bests(flat).gap_mean_max_m_s[0] == pytest.approx(3.0, rel=0.02)
    no_alt = session_bests(SampleStreams(time_s=t, distance_m=3.0 * t))
    assert no_alt.gap_mean_max_m_s[0] == pytest.approx(3.0) and not no_alt.grade_adjusted


@pytest.mark.reference(source="definition: the best session and its position")
def test_best_session_and_best_vdot_say_where_they_came_from():
    assert best_session([150.0, np.nan, 170.0, 160.0]) == (170.0, 2, 3)
    assert best_session([np.nan]) == (pytest.approx(math.nan, nan_ok=True), -1, 0)
    # one run's fault (220 for minutes) does not set the value when two runs must reach it
    assert best_session([150.0, 220.0, 182.0, np.nan, 181.0], runs_agreeing=2) == (182.0, 2, 4)
    assert best_session([220.0], runs_agreeing=2)[1:] == (-1, 1)
    tenk = 10_000 / (41 * 60 + 21)  # VDOT 50's 10 k speed
    speeds = np.array([[np.nan, tenk, tenk, np.nan], [np.nan] * 4])
    best, column = best_vdot(speeds, SPEED_EFFORT_S)
    assert column.tolist() == [2, -1] and np.isnan(best[1])
    # holding 10 k pace for only 30 min implies less than 50: VO2(v) / %max(30 min), v in m/min
    v = 10_000 / (41 * 60 + 21) * 60
    pct_30 = 0.8 + 0.1894393 * math.exp(-0.012778 * 30) + 0.2989558 * math.exp(-0.1932605 * 30)
    assert best[0] == pytest.approx((-4.60 + 0.182258 * v + 0.000104 * v**2) / pct_30)
    assert best[0] < 50.0


@given(
    st.lists(st.floats(40, 220), min_size=40, max_size=200),
    st.floats(-1000, 1000),
    st.floats(0.5, 3.0),
)
@pytest.mark.reference(source="property: a window mean lies between the extremes; shift, scale")
def test_mean_max_is_bounded_and_shift_and_scale_invariant(values, shift, scale):
    v = np.array(values)
    t = np.arange(len(v), dtype=float)
    got = mean_max(t, v, [10.0, 30.0])
    assert (got <= v.max() + 1e-9).all() and (got >= v.min() - 1e-9).all()
    np.testing.assert_allclose(mean_max(t + 5000.0, v + shift, [10.0, 30.0]), got + shift)
    np.testing.assert_allclose(mean_max(t, v * scale, [10.0, 30.0]), got * scale)
    before = v.copy()
    held_max(t, v)
    np.testing.assert_array_equal(v, before)
