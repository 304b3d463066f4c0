"""Validation: ranges, time going backwards, clock jumps, spikes, dropouts; lenient vs strict."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Activity, Lap, Observation, SampleStreams, SleepPeriod, Sport
from recoverwell.ingest.base import IssueAction, ReadResult
from recoverwell.ingest.validate import (
    DEVICE_MAX_CHARS,
    NAME_MAX_CHARS,
    SUB_SPORT_MAX_CHARS,
    plausible_dates,
    validate_activity,
    validate_result,
)

START = datetime(2024, 5, 1, 6, 0, tzinfo=UTC)


def _run(**channels: list[float]) -> Activity:
    n = len(next(iter(channels.values())))
    columns = {"time_s": np.arange(float(n))} | {k: np.array(v, float) for k, v in channels.items()}
    streams = SampleStreams.from_mapping(columns)
    return Activity(START, Sport.RUNNING, float(np.nanmax(columns["time_s"])), streams=streams)


def test_heart_rate_outside_25_to_250_is_dropped_and_counted() -> None:
    activity, issues = validate_activity(_run(hr_bpm=[140, 255, 141, 20, 142]), "a.fit")
    assert np.isnan(activity.streams.hr_bpm[[1, 3]]).all()
    assert activity.streams.hr_bpm[[0, 2, 4]].tolist() == [140, 141, 142]
    (issue,) = issues
    assert (issue.record, issue.field, issue.count) == (2, "hr_bpm", 2)
    assert issue.action is IssueAction.DROPPED


def test_zero_heart_rate_is_a_strap_without_contact() -> None:
    _, issues = validate_activity(_run(hr_bpm=[0, 0, 0, 140, 141]), "a.fit")
    assert [i.message for i in issues] == ["heart rate 0 bpm (strap without contact)"]
    assert issues[0].count == 3


def test_strict_mode_raises_naming_file_record_and_field() -> None:
    with pytest.raises(ParseError) as caught:
        validate_activity(_run(hr_bpm=[140, 141, 255]), "run.fit", strict=True)
    assert (caught.value.record, caught.value.field) == (3, "hr_bpm")
    assert str(caught.value).startswith("run.fit, record 3, field 'hr_bpm'")


def test_a_sample_whose_time_goes_backwards_is_left_out() -> None:
    activity, issues = validate_activity(
        _run(time_s=[0, 1, 2, 1.5, 3], hr_bpm=[100, 101, 102, 103, 104]), "a.fit"
    )
    assert activity.streams.time_s.tolist() == [0, 1, 2, 3]
    assert activity.streams.hr_bpm.tolist() == [100, 101, 102, 104]
    assert (issues[0].record, issues[0].field) == (4, "time_s")


def test_a_device_clock_jump_far_outside_the_activity_is_dropped() -> None:
    t = [0, 1, 2, 10_000_000, 3]
    run = _run(time_s=t, hr_bpm=[100, 101, 102, 103, 104])
    activity, issues = validate_activity(
        Activity(START, Sport.RUNNING, 3.0, streams=run.streams), "a.fit"
    )
    assert activity.streams.time_s.tolist() == [0, 1, 2, 3]
    assert "clock jump" in issues[0].message and issues[0].record == 4


def test_an_isolated_heart_rate_spike_is_dropped_but_a_steady_rise_is_kept() -> None:
    activity, issues = validate_activity(_run(hr_bpm=[120, 122, 200, 123, 124]), "a.fit")
    assert np.isnan(activity.streams.hr_bpm[2]) and issues[0].message == "heart-rate spike"
    activity, issues = validate_activity(_run(hr_bpm=[120, 140, 160, 180, 190]), "a.fit")
    assert issues == [] and np.isfinite(activity.streams.hr_bpm).all()


def test_speed_above_a_running_maximum_and_gps_spikes_are_dropped() -> None:
    activity, issues = validate_activity(_run(speed_m_s=[3, 3.1, 13, 3.2, 3.1, 9.5, 3]), "a.fit")
    assert np.isnan(activity.streams.speed_m_s[[2, 5]]).all()
    assert [i.message for i in issues] == [
        "speed outside 0–12.5 m/s for running",
        "speed spike",
    ]


def test_a_heart_rate_dropout_is_noted_and_nothing_changes() -> None:
    hr = [140.0] * 10 + [np.nan] * 40 + [150.0] * 10
    activity, issues = validate_activity(_run(hr_bpm=hr), "a.fit")
    (issue,) = issues
    assert issue.action is IssueAction.NOTED and issue.record == 11
    np.testing.assert_array_equal(activity.streams.hr_bpm, np.array(hr))
    validate_activity(_run(hr_bpm=hr), "a.fit", strict=True)  # a note never raises


def test_impossible_positions_and_altitudes_are_dropped() -> None:
    activity, issues = validate_activity(
        _run(lat_deg=[0, 45, 95], lon_deg=[0, 7, 7], altitude_m=[100, 20_000, 101]), "a.gpx"
    )
    assert np.isnan(activity.streams.lat_deg[[0, 2]]).all()
    assert np.isnan(activity.streams.altitude_m[1])
    assert {i.field for i in issues} == {"lat_deg", "altitude_m"}


def test_totals_out_of_range_are_dropped() -> None:
    activity = Activity(START, Sport.CYCLING, 60.0, avg_hr_bpm=0.0, distance_m=-5.0)
    checked, issues = validate_activity(activity, "z.fit")
    assert checked.avg_hr_bpm is None and checked.distance_m is None
    assert {i.field for i in issues} == {"avg_hr_bpm", "distance_m"}


def test_rr_intervals_outside_25_to_250_bpm_are_dropped() -> None:
    activity = Activity(START, Sport.RUNNING, 5.0, rr_ms=np.array([600.0, 100.0, 610.0, 3000.0]))
    checked, issues = validate_activity(activity, "h.fit")
    assert checked.rr_ms.tolist() == [600.0, 610.0] and issues[0].count == 2


def test_an_implausible_start_date_is_refused_in_any_mode() -> None:
    activity = Activity(datetime(1901, 12, 13, tzinfo=UTC), Sport.OTHER, 0.0)
    with pytest.raises(ParseError, match="not plausible"):
        validate_activity(activity, "old.gpx")


def test_issues_of_a_multi_activity_file_say_which_activity() -> None:
    result = ReadResult("fit", activities=(_run(hr_bpm=[140, 141]), _run(hr_bpm=[140, 300])))
    checked = validate_result(result, "multi.fit")
    (issue,) = checked.issues
    assert issue.message.startswith("activity 2: ")


def test_one_implausibly_dated_activity_does_not_reject_a_whole_export() -> None:
    # a Strava CSV or Garmin summary holds years of activities; a race logged by hand from 1979
    # is dropped and reported (lenient) instead of rejecting every other row of the file
    old = Activity(datetime(1979, 10, 21, 9, tzinfo=UTC), Sport.RUNNING, 9000.0)
    result = ReadResult("strava_csv", activities=(_run(hr_bpm=[140, 141]), old))
    checked = validate_result(result, "activities.csv")
    assert [a.start_time for a in checked.activities] == [result.activities[0].start_time]
    (issue,) = checked.issues
    assert issue.action is IssueAction.DROPPED and issue.field == "start_time"
    assert issue.message.startswith("activity 2: start time 1979-10-21")
    with pytest.raises(ParseError, match="not plausible"):
        validate_result(result, "activities.csv", strict=True)
    with pytest.raises(ParseError, match="not plausible"):  # nothing else in the file
        validate_result(ReadResult("gpx", activities=(old,)), "old.gpx")


def test_texts_longer_than_their_column_are_cut_and_reported() -> None:
    # PostgreSQL refuses a VARCHAR(255) value of 300 characters (and with it the whole file);
    # SQLite would keep it: the same import must store the same on both
    activity = Activity(
        START,
        Sport.RUNNING,
        60.0,
        name="Long run " + "x" * 300,
        device="d" * 130,
        sub_sport="s" * 60,
    )
    checked, issues = validate_activity(activity, "activities.csv")
    assert checked.name == activity.name[:NAME_MAX_CHARS]
    assert (
        checked.device == "d" * DEVICE_MAX_CHARS and checked.sub_sport == "s" * SUB_SPORT_MAX_CHARS
    )
    assert {(i.field, i.action) for i in issues} == {
        ("name", IssueAction.REPAIRED),
        ("device", IssueAction.REPAIRED),
        ("sub_sport", IssueAction.REPAIRED),
    }
    strict, _ = validate_activity(activity, "activities.csv", strict=True)  # a repair, not a drop
    assert strict.name == checked.name


def test_text_limits_are_the_store_columns() -> None:
    from recoverwell.store.schema import activities

    assert activities.c.name.type.length == NAME_MAX_CHARS
    assert activities.c.device.type.length == DEVICE_MAX_CHARS
    assert activities.c.sub_sport.type.length == SUB_SPORT_MAX_CHARS


def test_sleep_values_outside_the_catalog_ranges_are_dropped_and_reported() -> None:
    # Sleep Cycle left running all day: 20 h in bed and asleep, a score of 140 %
    start = datetime(2024, 5, 1, 22, tzinfo=UTC)
    night = SleepPeriod(
        start,
        start + timedelta(hours=20),
        "sleep_cycle",
        asleep_min=19 * 60.0,
        in_bed_min=20 * 60.0,
        deep_min=90.0,
        score=140.0,
        record_ref="sleepdata.csv:7",
    )
    result = validate_result(ReadResult("sleep_cycle", sleep=(night,)), "sleepdata.csv")
    (kept,) = result.sleep
    assert (kept.asleep_min, kept.in_bed_min, kept.score) == (None, None, None)
    assert kept.deep_min == 90.0 and kept.start == start  # the rest of the night is kept
    assert {(i.field, i.record, i.action) for i in result.issues} == {
        ("sleep_total_min", "7", IssueAction.DROPPED),
        ("sleep_in_bed_min", "7", IssueAction.DROPPED),
        ("sleep_score", "7", IssueAction.DROPPED),
    }
    with pytest.raises(ParseError, match="sleep_total_min 1140 outside 0–960 min"):
        validate_result(ReadResult("sleep_cycle", sleep=(night,)), "sleepdata.csv", strict=True)


def test_an_average_heart_rate_above_the_maximum_drops_both() -> None:
    activity = Activity(START, Sport.RUNNING, 600.0, avg_hr_bpm=171.0, max_hr_bpm=158.0)
    checked, issues = validate_activity(activity, "a.fit")
    assert (checked.avg_hr_bpm, checked.max_hr_bpm) == (None, None)
    assert [(i.field, i.action) for i in issues] == [("avg_hr_bpm", IssueAction.DROPPED)]


def test_altitude_minus_500_m_is_fits_no_altitude_and_never_fails_strict() -> None:
    # FIT altitude = raw / 5 − 500 m; raw 0 is written for "none", and TCX/GPX copies of a FIT
    # keep the −500 (GoldenCheetah's re-saved FR55 file, test/coretemp/)
    activity = _run(altitude_m=[-500, 12, 13, -500.2])
    checked, issues = validate_activity(activity, "a.tcx", strict=False)
    assert np.isnan(checked.streams.altitude_m[[0, 3]]).all()
    assert [(i.record, i.action) for i in issues] == [
        (1, IssueAction.DROPPED),  # the sentinel
        (4, IssueAction.DROPPED),  # below the Dead Sea: out of range
    ]
    validate_activity(_run(altitude_m=[-500, 12, 13]), "a.tcx", strict=True)


@pytest.mark.reference(
    source="Runalyze FitTest.php:692-696 (Altitude[0] null); FitActivity.php:588 reads raw "
    "altitude 0 as null"
)
def test_fit_altitude_raw_zero_is_missing_at_decode(corpus: Path) -> None:
    from recoverwell.ingest.registry import read_raw
    from tests.ingest.corpus_helpers import corpus_member

    rel = "GoldenCheetah__GoldenCheetah/test/coretemp/FR55-loaded-and-saved-via-GC.fit"
    result = read_raw(corpus_member(corpus / "raw", rel).source(), strict=True)
    (activity,) = result.activities
    altitude = activity.streams.altitude_m
    assert not (altitude == -500).any() and np.isnan(altitude).sum() >= 265
    (issue,) = [i for i in result.issues if i.field == "altitude_m"]
    assert (issue.count, issue.action) == (265, IssueAction.DROPPED)


# --- issue 11 item 8: the dates of every record ---------------------------------------------

TODAY = date(2026, 12, 3)
DATES = plausible_dates(today=TODAY)  # 1990-01-01 through 2026-12-04 (tomorrow)


def test_the_plausible_range_is_1990_through_tomorrow_in_the_athletes_zone() -> None:
    assert (DATES.earliest, DATES.latest) == (date(1990, 1, 1), date(2026, 12, 4))
    assert date(1989, 12, 31) not in DATES and date(2026, 12, 5) not in DATES
    # at 23:30 on Dec 3 in UTC it is already Dec 4 in Auckland (UTC+13): its tomorrow is Dec 5
    auckland = plausible_dates(tz=ZoneInfo("Pacific/Auckland"), today=date(2026, 12, 4))
    assert auckland.latest == date(2026, 12, 5)
    assert plausible_dates(date(1979, 1, 1), today=TODAY).earliest == date(1979, 1, 1)


def test_a_reading_dated_2100_or_1900_drops_that_row_not_the_file() -> None:
    # one HRV row dated 2100 made `nightly` walk 31,128 days (issue 11)
    rows = (
        Observation(date(2026, 11, 30), "hrv_rmssd_ms", 62.0, "csv", record_ref="hrv.csv:2"),
        Observation(date(2100, 1, 1), "hrv_rmssd_ms", 60.0, "csv", record_ref="hrv.csv:3"),
        Observation(date(1900, 1, 1), "rhr_bpm", 44.0, "csv", record_ref="hrv.csv:4"),
    )
    result = validate_result(ReadResult("sheet", observations=rows), "hrv.csv", dates=DATES)
    assert [o.day for o in result.observations] == [date(2026, 11, 30)]
    assert [(i.record, i.field, i.action) for i in result.issues] == [
        ("3", "day", IssueAction.DROPPED),
        ("4", "day", IssueAction.DROPPED),
    ]
    assert result.issues[0].message == (
        "hrv_rmssd_ms reading dated 2100-01-01 is not plausible "
        "(outside 1990-01-01 to 2026-12-04; setting earliest_record_day)"
    )
    with pytest.raises(ParseError, match="record 3, field 'day'"):
        validate_result(ReadResult("sheet", observations=rows), "hrv.csv", strict=True, dates=DATES)


def test_a_sleep_period_is_dated_by_its_wake_up_day() -> None:
    future = datetime(2100, 1, 1, 23, tzinfo=UTC)
    bogus = SleepPeriod(future, future + timedelta(hours=8), "oura", record_ref="sleep.csv:9")
    night = SleepPeriod(START, START + timedelta(hours=8), "oura", wake_day=date(2024, 5, 1))
    result = validate_result(ReadResult("oura", sleep=(night, bogus)), "sleep.csv", dates=DATES)
    assert result.sleep == (night,)
    (issue,) = result.issues
    assert (issue.record, issue.field) == ("9", "wake_day")
    assert issue.message.startswith("sleep period waking on 2100-01-02 is not plausible")
    with pytest.raises(ParseError, match="sleep period waking on 2100-01-02"):  # nothing else
        validate_result(ReadResult("oura", sleep=(bogus,)), "sleep.csv", dates=DATES)


def test_activities_get_the_same_range_and_an_unset_fit_clock_is_outside_it() -> None:
    # timestamp 0 of a FIT file is the FIT epoch, 1989-12-31T00:00:00Z (fit_decode.py)
    epoch = Activity(datetime(1989, 12, 31, tzinfo=UTC), Sport.RUNNING, 600.0)
    with pytest.raises(ParseError, match="start time 1989-12-31T00:00:00"):
        validate_activity(epoch, "clock.fit", dates=DATES)
    older = plausible_dates(date(1985, 1, 1), today=TODAY)
    assert validate_activity(epoch, "clock.fit", dates=older)[0] is not None
    tomorrow = Activity(datetime(2026, 12, 4, 23, tzinfo=UTC), Sport.RUNNING, 600.0)
    assert validate_activity(tomorrow, "late.fit", dates=DATES)[1] == []
    # an offset the device wrote decides the day: 23:00 UTC at UTC+2 is already Dec 5
    ahead = replace(tomorrow, utc_offset_s=7200)
    with pytest.raises(ParseError, match="not plausible"):
        validate_activity(ahead, "late.fit", dates=DATES)


@pytest.mark.reference(source="Runalyze FitTest.php:278 (HRV-example.fit: no distance)")
def test_a_distance_or_speed_of_0_throughout_is_no_sensor_not_data() -> None:
    t = np.arange(0.0, 600.0, 1.0)
    streams = SampleStreams(time_s=t, hr_bpm=np.full(len(t), 120.0),
                            distance_m=np.zeros(len(t)), speed_m_s=np.zeros(len(t)))  # fmt: skip
    activity = Activity(START, Sport.RUNNING, 600.0, streams=streams)
    checked, issues = validate_activity(activity, "a.fit", strict=True)  # noted: never fails
    assert checked.streams.distance_m is None and checked.streams.speed_m_s is None
    assert {(i.field, i.action) for i in issues} == {
        ("distance_m", IssueAction.NOTED),
        ("speed_m_s", IssueAction.NOTED),
    }
    moving = SampleStreams(time_s=t, distance_m=np.r_[np.zeros(300), np.arange(300.0)])
    kept, _ = validate_activity(Activity(START, Sport.RUNNING, 600.0, streams=moving), "b.fit")
    assert kept.streams.distance_m is not None  # standing first, then running: real data


@pytest.mark.reference(source="Runalyze FitTest.php:649-656 (six laps, not seven)")
def test_a_devices_empty_closing_lap_is_left_out_and_the_rest_renumbered() -> None:
    laps = (
        Lap(0, START, 389.37, distance_m=250.0),
        Lap(1, START + timedelta(seconds=400), 195.4, distance_m=100.0),
        Lap(2, START + timedelta(seconds=600), 0.01, distance_m=100.0, trigger="session_end"),
    )
    activity = Activity(START, Sport.SWIMMING, 600.0, laps=laps)
    checked, issues = validate_activity(activity, "swim.fit", strict=True)  # never fails strict
    assert [(lap.index, lap.distance_m) for lap in checked.laps] == [(0, 250.0), (1, 100.0)]
    assert [(i.record, i.field) for i in issues] == [(3, "laps")]
