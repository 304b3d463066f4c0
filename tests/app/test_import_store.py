"""The one duplicate check and the enrichment rule, at the level of single records."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from recoverwell.app.import_store import (
    DUPLICATE_START_S,
    Target,
    clock_shifted,
    enrichment,
    overlaps,
    preference,
    same_day_copy,
    store_result,
)
from recoverwell.app.importing import FileReport, FileStatus
from recoverwell.app.workspace import Workspace
from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.timeutil import parse_timezone
from recoverwell.core.types import Activity, SleepPeriod, Sport
from recoverwell.ingest.base import ReadResult
from recoverwell.store.engine import writing

START = datetime(2024, 5, 2, 12, 0, tzinfo=UTC)
DAY_3 = date(2024, 5, 3)


def _run(name: str | None = None, rpe: float | None = None, **kw: object) -> Activity:
    values: dict[str, object] = {"start_time": START, "sport": Sport.RUNNING, "elapsed_s": 3600.0}
    values.update(kw)
    return Activity(name=name, rpe=rpe, **values)  # type: ignore[arg-type]


def test_a_file_with_streams_beats_any_summary_and_fit_beats_gpx() -> None:
    summary = preference("garmin", 0, 0, 0)
    assert preference("gpx", 4, 0, 3600) > summary
    assert preference("fit", 1, 0, 10) > preference("gpx", 6, 0, 9000)
    assert preference("apple_health", 4, 0, 600) > preference("apple_health", 0, 0, 0)
    assert preference("fit", 3, 100, 10) > preference("fit", 3, 0, 10)  # RR counts as a channel


def test_overlap_is_half_of_the_shorter_span_and_zero_lengths_compare_starts() -> None:
    assert overlaps(0, 3600, 60, 3600)
    assert overlaps(0, 3600, 1800, 600)  # a 10-minute piece inside the hour
    assert not overlaps(0, 600, 500, 600)  # 100 s of 600 shared
    assert overlaps(0, 0, DUPLICATE_START_S, 0) and not overlaps(0, 0, DUPLICATE_START_S + 1, 0)


def test_enrichment_fills_only_what_the_kept_copy_lacks() -> None:
    assert enrichment(None, None, _run("Hill reps", 7.0)) == {"name": "Hill reps", "rpe": 7.0}
    assert enrichment("Morning Run", 4.0, _run("Hill reps", 7.0)) == {}
    assert enrichment("Morning Run", None, _run(None, 0.0)) == {"rpe": 0.0}  # 0 = rest, a value
    assert enrichment(None, None, _run("", None)) == {}
    assert enrichment("Run", 4.0, _run(gear="pegasus"), kept_gear=None) == {"gear": "pegasus"}
    assert enrichment("Run", 4.0, _run(gear="pegasus"), kept_gear="vaporfly") == {}


def test_the_gear_of_a_copy_not_kept_goes_to_the_kept_one_in_either_order(
    workspace: Workspace,
) -> None:
    # a Strava CSV row names the shoes; the watch's FIT (preferred) does not
    _store(workspace, "run.fit", _run(source_format="fit", elapsed_s=3590.0))
    _store(workspace, "activities.csv", _run(source_format="strava_csv", gear="pegasus"))
    (kept,) = workspace.activities()
    assert (kept.activity.source_format, kept.activity.gear) == ("fit", "pegasus")


def test_a_preferred_copy_arriving_later_takes_the_gear_of_the_one_it_replaces(
    workspace: Workspace,
) -> None:
    _store(workspace, "strava.gpx", _run(source_format="gpx", gear="pegasus"))
    _store(workspace, "run.fit", _run(source_format="fit", elapsed_s=3590.0))
    (kept,) = workspace.activities()
    assert (kept.activity.source_format, kept.activity.gear) == ("fit", "pegasus")


def _store(ws: Workspace, name: str, *acts: Activity, athlete_id: int | None = None) -> FileReport:
    profile = ws.athlete(athlete_id)
    assert profile.id is not None
    target = Target(profile.id, parse_timezone(profile.timezone), name, 10, name)
    result = ReadResult("test", activities=acts)
    with writing(ws.engine) as conn:
        return store_result(conn, target, result, tuple(None for _ in acts))


def test_a_summary_arriving_after_its_file_only_names_it(workspace: Workspace) -> None:
    fit = _run(source_format="fit", elapsed_s=3590.0)
    first = _store(workspace, "run.fit", fit)
    later = _store(
        workspace,
        "summary.json",
        _run("Hill reps", 6.0, source_format="garmin"),
        _run(start_time=START + timedelta(hours=5), source_format="garmin"),
    )
    assert first.status is FileStatus.NEW
    assert later.activities.changed == 1 and later.activities.new == 1
    kept = workspace.activities()[0].activity
    assert (kept.source_format, kept.name, kept.rpe) == ("fit", "Hill reps", 6.0)


def test_the_same_records_from_another_copy_are_unchanged_not_duplicate(
    workspace: Workspace,
) -> None:
    _store(workspace, "a.json", _run("x", source_format="garmin"))
    again = _store(workspace, "b.json", _run("x", source_format="garmin"))
    assert again.status is FileStatus.UNCHANGED
    assert again.activities.unchanged == 1
    other = _store(workspace, "c.csv", _run("x", source_format="strava_csv", elapsed_s=3500.0))
    assert other.status is FileStatus.DUPLICATE
    assert "kept: preferred copy" in other.duplicates[0]
    assert len(workspace.activities()) == 1


def test_two_records_of_one_start_in_one_file_are_kept_once(workspace: Workspace) -> None:
    report = _store(workspace, "f.csv", _run("a"), _run("a"))
    assert report.activities.new == 1 and report.activities.duplicate == 1
    assert "appears twice in the file" in report.duplicates[0]


def test_a_swim_starting_with_a_run_is_not_its_duplicate(workspace: Workspace) -> None:
    _store(workspace, "run.json", _run("Easy Run", source_format="garmin"))
    swim = _run(sport=Sport.SWIMMING, start_time=START + timedelta(seconds=40), elapsed_s=600.0)
    report = _store(workspace, "swim.fit", replace(swim, source_format="fit"))
    assert report.activities.new == 1 and report.duplicates == ()
    assert [a.activity.sport for a in workspace.activities()] == [Sport.RUNNING, Sport.SWIMMING]


def test_sleep_is_stored_on_the_wake_day_the_file_gives(workspace: Workspace) -> None:
    profile = workspace.athlete()
    assert profile.id is not None
    night = SleepPeriod(  # ends 23:30 UTC: the 2nd in UTC, yet the file says the 3rd
        start=START + timedelta(hours=4), end=START + timedelta(hours=11, minutes=30), source="x"
    )
    target = Target(profile.id, parse_timezone("UTC"), "s.json", 1, "s")
    with writing(workspace.engine) as conn:
        store_result(
            conn,
            target,
            ReadResult("x", sleep=(night, replace(night, source="y", wake_day=DAY_3))),
            (),
        )
    stored = {p.source: day for day, p in workspace.sleep_periods()}
    assert stored == {"x": START.date(), "y": DAY_3}


def test_a_copy_shifted_by_a_utc_offset_with_the_same_time_and_distance_is_the_same_run() -> None:
    # GoldenCheetah's re-saved FIT of one run: start 2 h − 1 s later, 1440.668 s vs 1441 s,
    # 4922.73 m vs 4921.06 m; the original FIT says its UTC offset is +2 h
    # (corpus: test/roundtrip/3386684871{,-saved}.fit).
    assert clock_shifted(7199.0, 1440.668, 1441.0, 4922.73, 4921.06, {7200.0})
    assert clock_shifted(-5.5 * 3600, 3600.0, 3603.0, 12_000.0, 12_015.0, {19800.0})  # India


def test_a_double_is_not_a_copy_unless_its_gap_is_a_utc_offset_in_play() -> None:
    # An identical treadmill program (60:00, 10.000 km) twice, 12 h apart, in Denver (−7 h)
    assert not clock_shifted(12 * 3600.0, 3600.0, 3600.0, 10_000.0, 10_000.0, {-25200.0})
    # 8 mi loop twice a day: 60:12 and 60:40 (0.8 % apart), 12 874 m and 12 905 m
    assert not clock_shifted(7 * 3600.0, 3612.0, 3640.0, 12_874.0, 12_905.0, {-25200.0})
    # no distance to compare, no offset known, or beyond ±14 h: never a clock error
    assert not clock_shifted(3600.0, 3600.0, 3600.0, None, 10_000.0, {3600.0})
    assert not clock_shifted(3600.0, 3600.0, 3600.0, 10_000.0, 10_000.0, ())
    assert not clock_shifted(15 * 3600.0, 3600.0, 3600.0, 10_000.0, 10_000.0, {54000.0})


def test_the_shifted_copy_is_reported_as_a_duplicate_and_the_better_one_kept(
    workspace: Workspace,
) -> None:
    original = _run(source_format="fit", elapsed_s=1440.668, distance_m=4922.73, utc_offset_s=7200)
    shifted = replace(
        original, start_time=START + timedelta(seconds=7199), elapsed_s=1441.0, distance_m=4921.06
    )
    _store(workspace, "3386684871.fit", original)
    report = _store(workspace, "3386684871-saved.fit", shifted)
    assert report.activities.new == 0 and report.activities.duplicate == 1
    assert [a.activity.start_time for a in workspace.activities()] == [START]


def test_of_a_clock_shifted_pair_the_copy_that_knows_its_utc_offset_is_kept_in_any_order(
    workspace: Workspace, corpus: Path
) -> None:
    # GoldenCheetah re-saved the watch's FIT with local time written as UTC (2 h late, no
    # local_timestamp) and added a power channel. The watch's file (UTC offset +2 h known) has
    # the right start; the extra channel must not make the wrong clock win.
    folder = corpus / "raw/GoldenCheetah__GoldenCheetah/test/roundtrip"
    original, saved = folder / "3386684871.fit", folder / "3386684871-saved.fit"
    first = workspace.athlete().id
    second = workspace.create_athlete(AthleteProfile(name="B", timezone="Europe/Copenhagen"))
    for athlete_id, order in (
        (first, [saved, original]),
        (second.id, [original, saved]),
    ):
        workspace.import_files(order, athlete_id=athlete_id)
        (kept,) = workspace.activities(athlete_id=athlete_id)
        assert kept.activity.start_time == datetime(2019, 2, 16, 5, 5, 52, tzinfo=UTC)
        assert kept.activity.utc_offset_s == 7200


def test_a_summary_placed_at_local_midnight_never_beats_the_device_file(
    workspace: Workspace,
) -> None:
    # TrainingPeaks gives no start time (local midnight, floating, so it gets an offset from the
    # athlete's zone); a FIT without local_timestamp 6 h later with the same time and distance
    # may pair with it as a shifted copy: the file with streams stays, in either order
    midnight = datetime(2024, 5, 2, 6, 0, tzinfo=UTC)  # 00:00 in Denver (MDT)
    summary = _run(
        start_time=midnight, source_format="trainingpeaks", utc_offset_s=-6 * 3600, distance_m=1e4
    )
    device = _run(
        start_time=midnight + timedelta(hours=6, seconds=40), source_format="fit", distance_m=1e4
    )
    first = workspace.athlete().id
    second = workspace.create_athlete(AthleteProfile(name="B", timezone="America/Denver"))
    for athlete_id, order in ((first, (summary, device)), (second.id, (device, summary))):
        profile = workspace.athlete(athlete_id)
        assert profile.id is not None
        for number, activity in enumerate(order):
            target = Target(
                profile.id, parse_timezone(profile.timezone), f"{number}", 10, f"{number}"
            )
            with writing(workspace.engine) as conn:
                store_result(conn, target, ReadResult("x", activities=(activity,)), (None,))
        (kept,) = workspace.activities(athlete_id=athlete_id)
        assert kept.activity.source_format == "fit"


def test_a_date_only_summary_matches_by_duration_and_distance_within_two_percent() -> None:
    # 3600 s vs 3585 s: 15 s apart (≤ 60 s); 10,000 vs 10,020 m: 20 m apart (≤ 100 m).
    gap = same_day_copy((3600.0,), (3630.0, 3585.0), 10_000.0, 10_020.0)
    assert gap == pytest.approx(15 / 3600 + 20 / 10_020)
    # 2 h vs 2 h 2 min: 120 s ≤ 2 % of 7320 s = 146.4 s; 25 km vs 25.6 km: 600 m > 2 % (512 m)
    assert same_day_copy((7200.0,), (7320.0,), None, None) is not None
    assert same_day_copy((7200.0,), (7320.0,), 25_000.0, 25_600.0) is None
    assert same_day_copy((3600.0,), (3400.0,), None, None) is None  # 200 s > 72 s
    # an unknown distance matches, but ranks behind a distance that agrees (gap 0.02)
    assert same_day_copy((1800.0,), (1800.0,), 5000.0, 0.0) == pytest.approx(0.02)


def _tp_csv(path: Path, *rows: tuple[str, str, str, str]) -> Path:
    header = '"Title","WorkoutType","WorkoutDay","DistanceInMeters","TimeTotalInHours"'
    lines = [header] + [",".join(f'"{x}"' for x in row) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_trainingpeaks_rows_and_the_days_recordings_are_stored_once_in_either_order(
    workspace: Workspace, tmp_path: Path
) -> None:
    # Denver: the evening run at 18:30 local on March 1 starts on March 2 in UTC.
    morning = _run(
        start_time=datetime(2026, 3, 1, 13, 30, tzinfo=UTC),
        elapsed_s=1810.0,
        distance_m=5010.0,
        source_format="fit",
    )
    evening = _run(
        start_time=datetime(2026, 3, 2, 1, 30, tzinfo=UTC),
        elapsed_s=3630.0,
        moving_s=3585.0,
        distance_m=10_020.0,
        source_format="fit",
    )
    csv_path = _tp_csv(
        tmp_path / "workouts.csv",
        ("Easy", "Run", "2026-03-01", "10000", "1.0"),
        ("Strides", "Run", "2026-03-01", "5000", "0.5"),
        ("Tempo", "Run", "2026-03-01", "12000", "0.75"),  # no recording: kept
        ("Easy", "Run", "2026-03-02", "10000", "1.0"),  # next day: not the evening run
    )
    first = workspace.athlete().id
    second = workspace.create_athlete(AthleteProfile(name="B", timezone="America/Denver"))
    assert second.id is not None
    _store(workspace, "runs.fit", morning, evening, athlete_id=first)
    report = workspace.import_files([csv_path], athlete_id=first)
    assert report.files[0].activities.new == 2
    assert report.files[0].activities.changed == 2  # they named the two recordings
    workspace.import_files([csv_path], athlete_id=second.id)
    profile = workspace.athlete(second.id)
    assert profile.id is not None
    target = Target(profile.id, parse_timezone(profile.timezone), "runs.fit", 10, "runs.fit")
    with writing(workspace.engine) as conn:
        late = store_result(
            conn, target, ReadResult("fit", activities=(morning, evening)), (None, None)
        )
    assert late.activities.new == 2 and len(late.duplicates) == 2  # each replaced one row
    for athlete_id in (first, second.id):
        kept = [(a.local_date, a.activity) for a in workspace.activities(athlete_id=athlete_id)]
        assert sorted((d.isoformat(), a.source_format, a.name) for d, a in kept) == [
            ("2026-03-01", "fit", "Easy"),
            ("2026-03-01", "fit", "Strides"),
            ("2026-03-01", "trainingpeaks", "Tempo"),
            ("2026-03-02", "trainingpeaks", "Easy"),
        ]
