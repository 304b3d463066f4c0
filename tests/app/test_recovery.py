"""From stored rows to day-aligned signals, and the Workspace's readiness on both databases."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from recoverwell.advice.components import Status
from recoverwell.advice.readiness import Light
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.app.recovery import (
    EPOCH_MIN,
    LoadArrays,
    build_signals,
    recovery_view,
    trend_rows,
    trend_summary,
)
from recoverwell.core.types import Observation, SleepPeriod

TZ = ZoneInfo("America/Denver")
D0 = date(2026, 11, 1)


def _obs(day, signal, value, source="garmin", context=""):
    return Observation(D0 + timedelta(days=day), signal, value, source, context)


def _at(day, hour, minute=0):
    return datetime(2026, 11, 1, hour, minute, tzinfo=TZ) + timedelta(days=day)


def test_each_hrv_source_keeps_its_own_series_and_the_fullest_one_is_primary():
    rows = [_obs(d, "hrv_rmssd_ms", 60.0, "garmin", "overnight") for d in range(10)]
    rows += [_obs(d, "hrv_ln_rmssd", 4.5, "elitehrv", "morning_spot") for d in (2, 5)]
    rec = build_signals(rows, [], D0, D0 + timedelta(days=9), TZ)
    assert set(rec.hrv_by_source) == {"garmin/overnight", "elitehrv/morning_spot"}
    assert rec.signals.hrv_rmssd_ms.label == "garmin/overnight"
    spot = rec.hrv_by_source["elitehrv/morning_spot"].values
    assert spot[2] == pytest.approx(np.exp(4.5))  # ln rMSSD stored by the app, kept as rMSSD
    assert np.isnan(spot[3])


def test_rows_outside_the_range_are_ignored_and_ties_go_by_name():
    rows = [_obs(d, "rhr_bpm", 45.0, src) for d in (0, 1) for src in ("b_watch", "a_ring")]
    rows.append(_obs(40, "rhr_bpm", 99.0, "b_watch"))
    rec = build_signals(rows, [], D0, D0 + timedelta(days=2), TZ)
    assert rec.signals.rhr_bpm.source == "a_ring"
    assert np.isnan(rec.signals.rhr_bpm.values[2])


def test_the_main_sleep_naps_and_clock_times_per_wake_day():
    night = SleepPeriod(_at(0, 22, 30), _at(1, 6, 30), "watch", asleep_min=440.0, awake_min=20.0)
    nap = SleepPeriod(_at(1, 14), _at(1, 14, 30), "watch", is_nap=True)
    other = SleepPeriod(_at(0, 23), _at(1, 6), "phone", asleep_min=400.0)
    wake = D0 + timedelta(days=1)
    rec = build_signals([], [(wake, night), (wake, nap), (wake, other)], D0, wake, TZ)
    assert rec.signals.sleep.source == "phone"  # one night each: ties go by name
    rec = build_signals([], [(wake, night), (wake, nap)], D0, wake, TZ)
    s = rec.signals.sleep
    assert s.total_min[1] == 440.0  # the nap is not in the main sleep...
    assert s.nap_min[1] == 30.0  # ...it is counted apart (no asleep_min: its length)
    assert s.in_bed_min[1] == 480.0  # 22:30 → 06:30
    assert s.bedtime_min[1] == 630.0  # 22:30 is 630 min past noon
    assert s.waketime_min[1] == 390.0
    assert np.isnan(s.total_min[0])


def test_the_sleep_state_marks_asleep_epochs_on_noon_to_noon_rows():
    night = SleepPeriod(_at(0, 22), _at(1, 6), "watch", asleep_min=470.0)
    wake = D0 + timedelta(days=1)
    state = build_signals([], [(wake, night)], D0, wake, TZ).signals.sleep.state
    assert np.isnan(state[0]).all()  # no main sleep on that wake day: unknown, not awake
    per_hour = 60 // EPOCH_MIN
    asleep = np.flatnonzero(state[1] == 1)
    # row 1 starts at noon on day 0: 22:00 is epoch 10 h in, 06:00 is 18 h in
    assert asleep[0] == 10 * per_hour and asleep[-1] == 18 * per_hour - 1
    assert np.nansum(state[1]) == 8 * per_hour


def test_sleep_falls_back_to_reported_hours_without_periods():
    rows = [_obs(0, "sleep_total_min", 420.0, "checkin")]
    s = build_signals(rows, [], D0, D0, TZ).signals.sleep
    assert s.source == "checkin" and s.total_min[0] == 420.0
    assert np.isnan(s.bedtime_min[0])


def test_illness_from_any_source_and_load_arrays_aligned_by_date():
    rows = [_obs(1, "illness", 1.0, "checkin"), _obs(1, "illness", 0.0, "other")]
    load = LoadArrays(D0 - timedelta(days=2), acwr=[9.0, 9.0, 1.1, 1.2], form_tsb=[0, 0, -5, -6])
    sig = build_signals(rows, [], D0, D0 + timedelta(days=2), TZ, load).signals
    np.testing.assert_array_equal(sig.illness, [np.nan, 1.0, np.nan])
    np.testing.assert_array_equal(sig.acwr, [1.1, 1.2, np.nan])
    np.testing.assert_array_equal(sig.form_tsb, [-5.0, -6.0, np.nan])


def _steady_rows(days):
    rows = []
    for d in range(days):
        wiggle = (0, 1, 0, -1)[d % 4]
        rows.append(_obs(d, "hrv_rmssd_ms", 70.0 + 3 * wiggle, "garmin", "overnight"))
        rows.append(_obs(d, "rhr_bpm", 45.0 + wiggle, "garmin"))
        for item in ("hooper_sleep", "hooper_fatigue", "hooper_stress", "hooper_soreness"):
            rows.append(_obs(d, item, 3.0 + (wiggle if item == "hooper_fatigue" else 0), "checkin"))
    return rows


def _nights(days):
    return [
        (
            D0 + timedelta(days=d),
            SleepPeriod(_at(d - 1, 22), _at(d, 6), "garmin", asleep_min=480.0 - 5 * (d % 3)),
        )
        for d in range(days)
    ]


def test_trend_rows_and_summary():
    view = recovery_view(
        _steady_rows(70), _nights(70), D0, D0 + timedelta(days=69), TZ, ReadinessSettings()
    )
    rows = trend_rows(view, 7)
    assert [r.day for r in rows] == [D0 + timedelta(days=d) for d in range(63, 70)]
    assert rows[-1].hrv_band_low_ms < rows[-1].hrv_7d_ms < rows[-1].hrv_band_high_ms
    assert rows[-1].light == "green"
    summary = trend_summary(view)
    assert summary.hrv_sources == ("garmin/overnight",)
    assert summary.sleep_regularity_index == pytest.approx(100.0)
    assert summary.load_provided is False


def test_workspace_readiness_on_each_database(workspace):
    workspace.add_observations(_steady_rows(70))
    new, changed, same = workspace.add_sleep_periods(_nights(70))
    assert (new, changed, same) == (70, 0, 0)
    day = D0 + timedelta(days=69)
    verdict = workspace.readiness(day)
    assert verdict.day == day
    assert verdict.light is Light.GREEN
    assert verdict.coverage == pytest.approx(0.85)  # no load arrays yet
    hrv = next(c for c in verdict.components if c.key == "hrv")
    assert hrv.source == "garmin/overnight"
    load = LoadArrays(D0, acwr=[1.7] * 70, form_tsb=[-5.0] * 70)
    with_load = workspace.readiness(day, load=load)
    assert with_load.coverage == pytest.approx(1.0)
    assert "load_large_jump" in with_load.rule_ids
    assert len(workspace.observations(day, day, signals=["rhr_bpm"])) == 1


def test_workspace_readiness_settings_come_from_the_readiness_setting(sqlite_url):
    import recoverwell

    settings = recoverwell.load_settings(db=sqlite_url, readiness={"weight_load": 0.5})
    with recoverwell.open(sqlite_url, settings=settings, create=True) as ws:
        assert ws.readiness_settings().weight_load == 0.5


def test_red_flag_inputs_any_source_counts_labs_keep_the_lowest_and_niggles_in_range():
    from recoverwell.core.athlete import Sex
    from recoverwell.core.niggles import Niggle, Side

    rows = [
        _obs(1, "cardiac_symptoms", 0.0, "checkin"),
        _obs(1, "cardiac_symptoms", 1.0, "sheet"),
        _obs(2, "ferritin_ng_ml", 40.0, "sheet"),
        _obs(2, "ferritin_ng_ml", 30.0, "checkin"),
        _obs(0, "mood", 6.0, "checkin"),
        _obs(0, "body_mass_pre_run_kg", 57.0, "checkin"),
    ]
    niggles = [
        Niggle(D0 - timedelta(days=1), "calf", Side.LEFT, 3, False),
        Niggle(D0 + timedelta(days=1), "hip", Side.LEFT, 3, False, bone_pain=True),
    ]
    rec = build_signals(rows, [], D0, D0 + timedelta(days=2), TZ, niggles=niggles, sex=Sex.MALE)
    sig = rec.signals
    np.testing.assert_array_equal(sig.symptoms["cardiac_symptoms"], [np.nan, 1.0, np.nan])
    np.testing.assert_array_equal(sig.reported["ferritin_ng_ml"], [np.nan, np.nan, 30.0])
    assert sig.reported["mood"][0] == 6 and sig.reported["body_mass_pre_run_kg"][0] == 57
    assert [n.location for n in sig.niggles] == ["hip"]
    assert sig.sex is Sex.MALE and sig.illness is None


def test_the_workspace_verdict_reads_stored_niggles_and_the_profile_sex(workspace):
    from recoverwell.app.checkin import CheckIn, parse_niggle, record_checkin
    from recoverwell.core.athlete import Sex

    day = date(2026, 11, 20)
    bone = parse_niggle("hip,right,5", day, bone_pain=True)
    record_checkin(workspace.athlete_scope(), CheckIn(day, niggles=[bone], haemoglobin_g_dl=12.5))
    v = workspace.readiness(day)
    assert v.urgent and v.rule_ids == ("r1_bone_pain_high_risk_site",)
    workspace.update_athlete(sex=Sex.MALE)
    later = workspace.readiness(day + timedelta(days=8))  # bone pain over; Hb 12.5 < 13 (men)
    assert later.rule_ids[0] == "r12_haemoglobin_low" and not later.urgent


def test_after_a_device_switch_the_source_still_measuring_is_primary():
    """Garmin until day 49, then only Whoop from day 35: on day 69 Garmin still has more
    readings in the 60-day window (40 vs 35) but none this week, and Whoop (35 readings, a
    baseline of its own) is the one that can judge today."""
    rows = [_obs(d, "hrv_rmssd_ms", 60.0 + d % 3, "garmin", "overnight") for d in range(50)]
    rows += [_obs(d, "hrv_rmssd_ms", 80.0 + d % 3, "whoop", "overnight") for d in range(35, 70)]
    rows += [_obs(d, "rhr_bpm", 45.0 + d % 3, "garmin") for d in range(50)]
    rows += [_obs(d, "rhr_bpm", 48.0 + d % 3, "whoop") for d in range(35, 70)]
    rec = build_signals(rows, [], D0, D0 + timedelta(days=69), TZ)
    assert rec.signals.hrv_rmssd_ms.label == "whoop/overnight"
    assert rec.signals.rhr_bpm.label == "whoop"
    # while both still measure, the fuller series stays primary
    rec = build_signals(rows, [], D0, D0 + timedelta(days=45), TZ)
    assert rec.signals.hrv_rmssd_ms.label == "garmin/overnight"


def test_back_from_a_break_the_verdict_does_not_read_the_inflated_ratio(workspace):
    """docs/science.md L7, end to end: 51 days of 10 km, 12 days off, 6 days of 16 km. The load
    engine's ACWR is > 1.5 after the return (a diluted chronic load), and the verdict says
    "back from a 12-day break" instead of "load jump"."""
    from recoverwell.core.types import Activity, Sport

    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    workspace.add_observations(_steady_rows(70))
    runs = [
        Activity(
            start_time=datetime.combine(D0 + timedelta(days=d), datetime.min.time(), TZ)
            + timedelta(hours=7),
            sport=Sport.RUNNING,
            elapsed_s=3000.0 if d < 51 else 4800.0,
            moving_s=3000.0 if d < 51 else 4800.0,
            distance_m=10_000.0 if d < 51 else 16_000.0,
        )
        for d in [*range(51), *range(63, 69)]
    ]
    workspace.add_activities(runs)
    day = D0 + timedelta(days=69)
    (row,) = workspace.training_table(day - timedelta(days=1), day - timedelta(days=1)).days
    assert row.values["acwr_ewma"] > 1.5
    verdict = workspace.readiness(day)
    assert "return_after_break" in verdict.rule_ids
    assert "load_large_jump" not in verdict.rule_ids
    load = next(c for c in verdict.components if c.key == "load")
    assert "back from 12 days" in load.note


def _daily_runs(days):
    from recoverwell.core.types import Activity, Sport

    return [
        Activity(
            start_time=datetime.combine(D0 + timedelta(days=d), datetime.min.time(), TZ)
            + timedelta(hours=7),
            sport=Sport.RUNNING,
            elapsed_s=3000.0,
            moving_s=3000.0,
            distance_m=10_000.0,
        )
        for d in days
    ]


def test_a_break_is_measured_over_the_whole_history_and_only_once_it_ends(workspace):
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    workspace.add_observations(_steady_rows(160))
    workspace.add_activities(_daily_runs([*range(51), *range(151, 157)]))  # off: days 51–150
    back = workspace.readiness(D0 + timedelta(days=157))
    (finding,) = [f for f in back.findings if f.rule_id == "return_after_break"]
    assert finding.evidence == {"break_d": 100.0}  # longer than the 90 days the verdict loads
    still_off = workspace.readiness(D0 + timedelta(days=140))
    assert "return_after_break" not in still_off.rule_ids


def test_in_the_first_six_weeks_a_break_leaves_the_load_baseline_building(workspace):
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    workspace.add_observations(_steady_rows(45))
    workspace.add_activities(_daily_runs([*range(20), *range(28, 35)]))  # off: days 20–27
    verdict = workspace.readiness(D0 + timedelta(days=35))
    load = next(c for c in verdict.components if c.key == "load")
    assert load.status is Status.BASELINE_BUILDING
    assert "back from 8 days" in load.note and "35 of 42 days" in load.note


def test_a_rest_day_after_the_last_run_keeps_the_load_baseline_building(workspace):
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    workspace.add_observations(_steady_rows(45))
    workspace.add_activities(_daily_runs([*range(20), *range(28, 34)]))  # back 28–33, 34 rest
    load = next(
        c for c in workspace.readiness(D0 + timedelta(days=35)).components if c.key == "load"
    )
    assert load.status is Status.BASELINE_BUILDING and "35 of 42 days" in load.note
    workspace.reset_athlete_data()
    workspace.add_observations(_steady_rows(45))
    workspace.add_activities(_daily_runs(range(20)))  # days 20–22 tracked rest days
    load = next(
        c for c in workspace.readiness(D0 + timedelta(days=23)).components if c.key == "load"
    )
    assert load.status is Status.BASELINE_BUILDING and "23 of 28 days" in load.note
