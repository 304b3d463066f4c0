import dataclasses
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverwell.core.types import Activity, SampleStreams, Sport
from recoverwell.metrics.load import TRIMP_MALE
from recoverwell.metrics.session import (
    COUNTING_RULES,
    LoadCurrency,
    LoadModel,
    LoadParams,
    TimeBasis,
    moving_speed_m_s,
    sample_durations_s,
    session_load,
    srpe_ratio,
    with_srpe_ratio,
)

START = datetime(2026, 5, 4, 12, tzinfo=UTC)
PARAMS = LoadParams(
    hr_max_bpm=190,
    hr_rest_bpm=60,
    lthr_bpm=163,
    vt1_hr_bpm=145,
    vt2_hr_bpm=170,
    threshold_speed_m_s=1000 / 240,
    factors=TRIMP_MALE,
)


def run(n=3600, hr=150.0, speed=1000 / 300, rpe=None, with_hr=True, **streams):
    t = np.arange(n, dtype=float)
    columns = {
        "time_s": t,
        "speed_m_s": np.full(n, speed),
        "distance_m": np.cumsum(np.full(n, speed)),
    }
    if with_hr:
        columns["hr_bpm"] = np.full(n, hr)
    columns.update(streams)
    return Activity(
        start_time=START,
        sport=Sport.RUNNING,
        elapsed_s=float(n),
        moving_s=float(n),
        distance_m=float(columns["distance_m"][-1]),
        avg_hr_bpm=hr,
        rpe=rpe,
        streams=SampleStreams.from_mapping(columns),
    )


@pytest.mark.reference(
    source="Elevate HRSS definition: an hour at LTHR = 100 (docs/anchors.md §2.1)"
)
def test_an_hour_at_lthr_is_an_hrss_of_100_and_every_model_is_reported():
    load = session_load(run(hr=163.0, rpe=6.0), PARAMS)
    assert load.model is LoadModel.HRSS
    assert load.load_au == pytest.approx(100.0, rel=1e-3)  # the first sample counts 0 s
    assert load.counted_s == 3599
    assert load.hr_coverage == pytest.approx(1.0)
    # 300 s/km against a 240 s/km threshold on the flat: IF 0.8, rTSS ≈ 64
    assert load.intensity_factor == pytest.approx(0.8)
    assert load.rtss_au == pytest.approx(3599 / 3600 * 0.8**2 * 100)
    assert load.srpe_au == pytest.approx(6 * 60)
    assert None not in (load.edwards_au, load.lucia_au, load.zonal_au, load.trimp_au)


def test_without_heart_rate_it_falls_back_to_pace_and_says_so():
    load = session_load(run(with_hr=False), PARAMS)
    assert load.model is LoadModel.RTSS
    assert "no heart-rate samples" in load.notes
    assert "no altitude: pace not grade-adjusted" in load.notes


def test_an_implausible_heart_rate_is_refused_by_runalyzes_limit():
    bad = LoadParams(hr_max_bpm=120, hr_rest_bpm=40, lthr_bpm=110, threshold_speed_m_s=3.0)
    load = session_load(run(hr=240.0), bad)  # 240 bpm for an hour: far over 400 TRIMP/h
    assert load.model is LoadModel.RTSS
    assert load.trimp_per_h is not None and load.trimp_per_h > 400
    assert any("Runalyze's limits" in n for n in load.notes)


def test_without_hr_or_pace_the_rpe_counts_only_with_the_athletes_ratio():
    manual = Activity(start_time=START, sport=Sport.RUNNING, elapsed_s=3000, rpe=5.0)
    none = session_load(manual, PARAMS)
    assert none.model is LoadModel.NONE and none.load_au is None
    assert "sRPE known, but no TSS/sRPE ratio for this athlete yet" in none.notes
    ratio = dataclasses.replace(PARAMS, srpe_tss_per_au=0.2)
    got = session_load(manual, ratio)
    assert got.model is LoadModel.SRPE
    assert got.load_au == pytest.approx(5 * 50 * 0.2)
    in_srpe = LoadParams(currency=LoadCurrency.SRPE)
    assert session_load(manual, in_srpe).load_au == pytest.approx(250.0)


def test_average_heart_rate_is_used_only_when_allowed_and_flagged():
    summary = Activity(
        start_time=START, sport=Sport.RUNNING, elapsed_s=3600, moving_s=3600, avg_hr_bpm=163.0
    )
    assert session_load(summary, PARAMS).model is LoadModel.NONE
    allowed = dataclasses.replace(PARAMS, allow_average_hr=True)
    load = session_load(summary, allowed)
    assert load.model is LoadModel.HRSS and load.load_au == pytest.approx(100.0)
    assert "from average heart rate × duration (no HR samples)" in load.notes


def test_pauses_and_stops_do_not_count_on_the_moving_basis():
    t = np.array([0.0, 1, 2, 3, 100, 101, 102])  # a 97 s gap: the watch was paused
    speed = np.array([3.0, 3, 0, 3, 3, 3, 3])  # one stopped sample
    np.testing.assert_array_equal(sample_durations_s(t, speed), [0, 1, 0, 1, 0, 1, 1])
    elapsed = sample_durations_s(t, speed, basis=TimeBasis.ELAPSED)
    np.testing.assert_array_equal(elapsed, [0, 1, 1, 1, 0, 1, 1])


@pytest.mark.reference(
    source="Runalyze DataCollectorTest.php histogram (docs/anchors.md §3.1)", metric="trimp"
)
def test_sample_durations_reproduce_runalyzes_histogram():
    hr = [140, 145, 140, 150, 160, 175, 190, 150, 145, 140]
    t = [60, 90, 100, 140, 170, 190, 200, 230, 290, 300]
    dt = sample_durations_s(np.array(t, dtype=float), pause_gap_s=3600, basis=TimeBasis.ELAPSED)
    histogram = {}
    for h, d in zip(hr, dt, strict=True):
        histogram[h] = histogram.get(h, 0) + d
    assert histogram == {140: 80, 145: 90, 150: 70, 160: 30, 175: 20, 190: 10}


@settings(deadline=None, max_examples=30)
@given(st.floats(100, 185), st.floats(2.0, 6.0), st.integers(60, 1800))
def test_session_loads_are_non_negative_and_grow_with_duration(hr, speed, n):
    short = session_load(run(n=n, hr=hr, speed=speed), PARAMS)
    longer = session_load(run(n=2 * n, hr=hr, speed=speed), PARAMS)
    assert short.model is LoadModel.HRSS
    assert 0 <= short.load_au < longer.load_au


def test_a_cached_load_is_rechosen_when_the_athletes_ratio_appears():
    manual = Activity(start_time=START, sport=Sport.RUNNING, elapsed_s=3000, rpe=5.0)
    cached = session_load(manual, PARAMS)  # computed before any ratio was known
    assert cached.model is LoadModel.NONE
    now = with_srpe_ratio(cached, 0.25)
    assert now.model is LoadModel.SRPE and now.load_au == pytest.approx(250 * 0.25)
    assert "sRPE known, but no TSS/sRPE ratio for this athlete yet" not in now.notes
    assert with_srpe_ratio(cached, None, LoadCurrency.SRPE).load_au == pytest.approx(250.0)


@pytest.mark.reference(source="hand calculation: median of HRSS / sRPE over sessions with both")
def test_the_ratio_is_the_median_over_sessions_with_both():
    runs = [session_load(run(hr=hr, rpe=rpe), PARAMS) for hr, rpe in ((150, 4.0), (163, 6.0))]
    runs.append(session_load(run(hr=170.0, rpe=8.0), PARAMS))
    want = sorted(x.load_au / x.srpe_au for x in runs)[1]
    assert srpe_ratio(runs, min_sessions=3) == pytest.approx(want)
    assert srpe_ratio(runs, min_sessions=4) is None


@pytest.mark.reference(
    source="Runalyze Bridge TrimpCalculatorTest.php: 1 s "
    "at avg HR 400 → null (docs/anchors.md §3.1)",
    metric="trimp",
)
def test_one_second_at_400_bpm_is_refused_like_runalyzes_bridge():
    odd = Activity(
        start_time=START, sport=Sport.RUNNING, elapsed_s=1.0, moving_s=1.0, avg_hr_bpm=400.0
    )
    allowed = LoadParams(hr_max_bpm=200, hr_rest_bpm=60, lthr_bpm=170, allow_average_hr=True)
    load = session_load(odd, allowed)
    assert load.trimp_per_h is not None and load.trimp_per_h > 400
    assert load.model is LoadModel.NONE and load.load_au is None
    assert any("Runalyze's limits" in n for n in load.notes)


# --- moving vs stopped must not depend on how often a device updates distance (issue 11) ----

POLAR = "Runalyze__Runalyze/tests/testfiles/tcx/"


def _polar(corpus, name):
    from recoverwell.ingest.registry import read_source
    from tests.ingest.corpus_helpers import corpus_member

    rel = name if "/" in name else POLAR + name
    (activity,) = read_source(corpus_member(corpus / "raw", rel).source()).activities
    return activity


@pytest.mark.reference(
    source="hand count of Wrong-time-zone-by-polar.tcx (Polar V800): per lap, 1 s trackpoints "
    "with cadence 0 and < 0.5 m since the previous one stand still"
)
def test_the_v800_counts_its_real_moving_time_not_its_distance_updates(corpus):
    # 7 laps (TotalTimeSeconds) and the standing seconds counted in each, by inspection:
    # lap 1 162 s: 10 s moving, then 152 s standing at the start (cadence 0, 12.2 m in all);
    # laps 2, 4, 6 (393, 383, 307 s, cadence ~180 spm): 5, 3 and 4 s standing at their start;
    # laps 3, 5, 7 (240, 253, 185 s): the recoveries walk at 110–150 spm while the V800 holds
    # the distance still, then stand: 127, 168 and 68 s standing.
    moving = (162 - 152) + (393 - 5) + (240 - 127) + (383 - 3) + (253 - 168) + (307 - 4)
    moving += 185 - 68
    assert moving == 1396
    run = _polar(corpus, "Wrong-time-zone-by-polar.tcx")
    load = session_load(run, PARAMS)
    assert load.counted_s == pytest.approx(moving, rel=0.02)  # before: 1225 s of 1923
    assert load.model is LoadModel.HRSS
    # Runalyze's 1765 ± 10 s (TcxTest.php:238) keeps standing time (its TCX pause rule only
    # removes steps slower than 6 s/m): it is time without pauses, not time moving.


def test_thinning_the_v800s_distance_updates_leaves_its_load_unchanged(corpus):
    run = _polar(corpus, "Wrong-time-zone-by-polar.tcx")
    s = run.streams
    held = s.distance_m.copy()
    keep = np.arange(len(held)) % 4 == 0  # a new distance only every 4th sample
    held[~keep] = np.nan
    held = np.maximum.accumulate(np.nan_to_num(held, nan=0.0))
    thinned = dataclasses.replace(
        run, streams=dataclasses.replace(s, distance_m=held, cadence_spm=None)
    )
    every = dataclasses.replace(run, streams=dataclasses.replace(s, cadence_spm=None))
    a, b = session_load(every, PARAMS), session_load(thinned, PARAMS)
    assert b.counted_s == pytest.approx(a.counted_s, rel=0.01)
    assert b.hrss_au == pytest.approx(a.hrss_au, rel=0.01)


@pytest.mark.reference(
    source="Runalyze TcxTest.php:265-267 testIndoorActivityWithDistanceForSingleLap: duration 13 s"
)
def test_polars_indoor_lap_without_distance_samples_counts_all_13_seconds(corpus):
    load = session_load(_polar(corpus, "Polar-one-lap-indoor-with-distance.tcx"), PARAMS)
    assert load.counted_s == 13  # HR only: nothing shows a stop, every second counts


def test_a_polar_vantage_v_ride_with_hr_only_counts_its_timer_time(corpus):
    # GoldenCheetah test/rides/2020-02-05_17-25-14_Training-with-Notes.tcx: indoor ride, HR and
    # (cycling, not stored) cadence only; Σ lap TotalTimeSeconds = 6862 s, one 93 s gap
    ride = _polar(
        corpus,
        "GoldenCheetah__GoldenCheetah/test/rides/2020-02-05_17-25-14_Training-with-Notes.tcx",
    )
    assert session_load(ride, PARAMS).counted_s == pytest.approx(6862, rel=0.001)


@pytest.mark.reference(source="hand calculation: 3 m/s for n s, distance written every k s")
@settings(deadline=None, max_examples=40)
@given(st.integers(1, 10), st.integers(120, 1200))
def test_a_distance_written_every_k_samples_counts_as_moving(k, n):
    t = np.arange(float(n))
    distance = 3.0 * (t // k) * k  # the value changes only every k-th sample
    counted = sample_durations_s(t, moving_speed_m_s(t, distance)).sum()
    # every second counts but the first (t = 0) and the < k samples after the last update,
    # which look like a stop at the end
    last_update = (n - 1) // k * k
    assert counted == pytest.approx(last_update)


@pytest.mark.reference(source="hand calculation: 9 m every 3 s = 3 m/s for each sample")
def test_the_speed_from_distance_spreads_each_update_over_its_interval():
    t = np.array([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    d = np.array([0.0, 0, 0, 9, 9, 9, 18, 18, 18, 18])
    v = moving_speed_m_s(t, d)
    np.testing.assert_allclose(v, [3, 3, 3, 3, 3, 3, 3, 0, 0, 0])


def test_steps_move_a_sample_whatever_its_speed_and_no_data_is_no_stop():
    t = np.arange(6.0)
    speed = np.array([3.0, 0, 0, np.nan, np.nan, 0])
    cadence = np.array([170.0, 120, 0, np.nan, 0, np.nan])
    # walking (120 spm) moves; 0 m/s without steps stands; nothing known counts
    dt = sample_durations_s(t, speed, cadence_spm=cadence)
    np.testing.assert_array_equal(dt, [0, 1, 0, 1, 0, 0])


def test_stored_loads_are_stale_once_the_counting_rules_change():
    assert PARAMS.key().startswith(f"rules={COUNTING_RULES};")
