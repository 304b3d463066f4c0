"""The import pipeline end to end: idempotency, bad files, duplicates, strictness, plug-ins."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

import recoverwell
from recoverwell.app.importing import FileStatus, import_paths
from recoverwell.app.workspace import Workspace
from recoverwell.core.types import Observation, SleepPeriod
from recoverwell.ingest import registry
from recoverwell.ingest.base import ReadResult, Source
from recoverwell.store.engine import reading
from recoverwell.store.observations import list_observations
from recoverwell.store.schema import activities, daily_observations, import_log, laps, sleep_periods
from recoverwell.store.sleep_periods import list_sleep_periods

PF = "dtcooper__python-fitparse/tests/files/"
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&d;&d;&d;</name></trk></gpx>"""
SWEAT = "GoldenCheetah__sweatpy/sweat/examples/data/"


@pytest.fixture
def ws(sqlite_url: str) -> Iterator[Workspace]:
    with recoverwell.open(sqlite_url, create=True) as workspace:
        workspace.create_athlete(
            recoverwell.AthleteProfile(name="Runner", timezone="America/Denver")
        )
        yield workspace


def _copy(corpus: Path, folder: Path, *rels: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for rel in rels:
        target = folder / Path(rel).name
        shutil.copyfile(corpus / "raw" / rel, target)
        out.append(target)
    return out


def _counts(ws: Workspace) -> dict[str, int]:
    with reading(ws.engine) as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (activities, laps, import_log, daily_observations, sleep_periods)
        }


def _by_name(report) -> dict[str, object]:
    return {Path(f.path.split("!")[0]).name: f for f in report.files}


def test_a_folder_with_bad_files_stores_every_good_one_and_reports_each_bad_one(
    ws: Workspace, corpus: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    good = _copy(
        corpus,
        folder,
        PF + "garmin-fenix-5-run.fit",
        "Runalyze__Runalyze/tests/testfiles/gpx/garmin-ns3-extension.gpx",
        "Runalyze__Runalyze/tests/testfiles/tcx/Runtastic.tcx",
    )
    whole = (corpus / "raw" / PF / "activity-small-fenix2-run.fit").read_bytes()
    (folder / "truncated.fit").write_bytes(whole[: len(whole) * 3 // 5])
    (folder / "corrupt.fit").write_bytes(b"\x0e\x10\x00\x00" + bytes(range(256)) * 4)
    (folder / "empty.fit").write_bytes(b"")
    (folder / "notes.txt").write_text("intervals: 6 x 800 m\n")
    (folder / "laughs.gpx").write_bytes(BILLION_LAUGHS)
    shutil.copyfile(corpus / "raw" / PF / "Settings.fit", folder / "Settings.fit")

    report = ws.import_files([folder])

    files = _by_name(report)
    assert all(files[p.name].status is FileStatus.NEW for p in good)
    truncated = files["truncated.fit"]
    assert truncated.status is FileStatus.NEW  # the readable part is kept, and said so
    assert any("breaks off" in i.message for i in truncated.issues)
    assert files["corrupt.fit"].status is FileStatus.REJECTED
    assert "not a readable FIT file" in files["corrupt.fit"].message
    assert files["empty.fit"].message == "empty file (0 bytes)"
    assert "not a format recoverwell reads" in files["notes.txt"].message
    assert "not an activity" in files["Settings.fit"].message
    assert files["laughs.gpx"].message.startswith("unsafe XML refused")
    assert files["Settings.fit"].status is FileStatus.SKIPPED  # nothing to import, no failure
    assert report.summary() == "4 new, 0 unchanged, 0 duplicate, 4 rejected, 1 skipped"
    assert len(ws.activities()) == 4


def test_reimporting_says_0_new_and_changes_nothing(
    ws: Workspace, corpus: Path, tmp_path: Path
) -> None:
    files = _copy(
        corpus, tmp_path / "runs", PF + "garmin-fenix-5-run.fit", SWEAT + "3173437224.tcx"
    )
    first = ws.import_files(files)
    before = _counts(ws)
    second = ws.import_files(files)
    assert first.count(FileStatus.NEW) == 2
    assert second.summary() == "0 new, 2 unchanged, 0 duplicate, 0 rejected, 0 skipped"
    assert _counts(ws) == before


def test_reimporting_the_whole_corpus_changes_nothing(ws: Workspace, corpus: Path) -> None:
    everything = [corpus / "raw", corpus / "exports"]  # activity files and recovery exports
    first = ws.import_files(everything)
    before = _counts(ws)
    second = ws.import_files(everything)
    assert first.count(FileStatus.NEW) > 200
    assert before["daily_observations"] > 2000 and before["sleep_periods"] > 300
    assert second.count(FileStatus.NEW) == 0 and second.count(FileStatus.DUPLICATE) == 0
    assert second.count(FileStatus.UNCHANGED) == first.count(FileStatus.NEW) + first.count(
        FileStatus.UNCHANGED
    ) + first.count(FileStatus.DUPLICATE)
    assert [f.path for f in second.rejected] == [f.path for f in first.rejected]
    assert _counts(ws) == before


def test_the_same_ride_from_fit_and_two_gpx_exports_is_kept_once_as_the_fit(
    ws: Workspace, corpus: Path, tmp_path: Path
) -> None:
    strava, connect, fit = _copy(
        corpus,
        tmp_path / "ride",
        SWEAT + "4078723797_strava.gpx",
        SWEAT + "activity_4078723797.gpx",
        SWEAT + "4078723797.fit",
    )
    assert ws.import_files([strava]).count(FileStatus.NEW) == 1
    replacing = ws.import_files([fit]).files[0]
    assert replacing.status is FileStatus.NEW
    assert "replaces activity" in replacing.duplicates[0]
    later = ws.import_files([connect]).files[0]
    assert later.status is FileStatus.DUPLICATE and "kept: preferred copy" in later.message
    (kept,) = ws.activities()
    assert kept.activity.source_format == "fit"
    with reading(ws.engine) as conn:
        statuses = dict(conn.execute(select(import_log.c.source_path, import_log.c.status)).all())
    assert statuses[str(strava)] == "duplicate" and statuses[str(fit)] == "new"


def test_strict_mode_rejects_the_file_lenient_mode_drops_the_values(
    ws: Workspace, corpus: Path, tmp_path: Path
) -> None:
    (zeros,) = _copy(
        corpus, tmp_path / "z", "Runalyze__Runalyze/tests/testfiles/fit/hr-only-zeros.fit"
    )
    strict = ws.import_files([zeros], strict=True).files[0]
    assert strict.status is FileStatus.REJECTED
    assert (strict.field, strict.record) == ("avg_hr_bpm", None)
    assert strict.message == "avg_hr_bpm 0 outside 25–250 bpm"
    assert ws.activities() == []
    lenient = ws.import_files([zeros]).files[0]
    assert lenient.status is FileStatus.NEW
    assert any(i.field == "hr_bpm" and i.count > 1000 for i in lenient.issues)


class _VendorReader:
    """A stand-in for a wellness export reader: observations and a night of sleep."""

    format = "vendor-csv"

    def sniff(self, head: bytes, name: str) -> bool:
        return head.startswith(b"vendor export")

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        night = SleepPeriod(
            start=datetime(2024, 5, 2, 4, 30, tzinfo=UTC),  # 22:30 in Denver (MDT)
            end=datetime(2024, 5, 2, 12, 45, tzinfo=UTC),  # 06:45 on 2 May in Denver
            source="vendor",
            asleep_min=470.0,
        )
        obs = Observation(date(2024, 5, 2), "rhr_bpm", 43.0, "vendor")
        return ReadResult(self.format, observations=(obs,), sleep=(night,))


def test_every_part_of_a_read_result_is_stored_so_new_readers_need_no_pipeline_change(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "READERS", [*registry.READERS, _VendorReader()])
    path = tmp_path / "export.csv"
    path.write_text("vendor export v1\n")
    (report,) = ws.import_files([path], workers=1).files
    assert report.status is FileStatus.NEW and report.new_records == 2
    with reading(ws.engine) as conn:
        (obs,) = list_observations(conn, 1)
        ((wake_day, night),) = list_sleep_periods(conn, 1)
    assert obs.value == 43.0 and night.asleep_min == 470.0
    assert wake_day == date(2024, 5, 2)  # the local day the sleeper woke up on
    assert ws.import_files([path], workers=1).files[0].status is FileStatus.UNCHANGED


class _BrokenReader(_VendorReader):
    """A reader bug the database refuses: an observation without a value."""

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        bad = Observation(date(2024, 5, 2), "rhr_bpm", None, "vendor")  # type: ignore[arg-type]
        return ReadResult(self.format, observations=(bad,))


def test_a_file_the_database_refuses_is_rejected_with_a_short_reason_and_nothing_kept(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "READERS", [*registry.READERS, _BrokenReader()])
    path = tmp_path / "export.csv"
    path.write_text("vendor export v1\n")
    (report,) = workspace.import_files([path], workers=1).files
    assert report.status is FileStatus.REJECTED
    message = report.message or ""
    assert message.startswith("could not be stored: ") and "null" in message.lower()
    assert "\n" not in message and "INSERT" not in message  # no SQL, no values of the file
    assert _counts(workspace)["import_log"] == 0  # the file's transaction was rolled back


def test_parallel_decoding_stores_the_same_as_in_process(
    sqlite_url: str, corpus: Path, tmp_path: Path
) -> None:
    rels = [
        PF + "activity-small-fenix2-run.fit",
        PF + "garmin-edge-500-activity.fit",
        PF + "2019-02-17-062644-ELEMNT-297E-195-0.fit",
        PF + "Edge810-Vector-2013-08-16-15-35-10.fit",
        PF + "nick.fit",
        PF + "sample-activity.fit",
        "polyvertex__fitdecode/tests/files/garmin-fr935-cr.fit",
        SWEAT + "4801048867.fit",
        SWEAT + "3173437224.tcx",
        "Runalyze__Runalyze/tests/testfiles/fit/garmin-runPower.fit",
    ]
    files = _copy(corpus, tmp_path / "batch", *rels)
    # floating local times (Sleep Cycle's wall clock) must get the athlete's zone in workers too
    sleep_cycle = tmp_path / "batch" / "sleepdata.csv"
    shutil.copyfile(
        corpus / "exports/sleep_cycle/jonesor__bits-and-bobs" / sleep_cycle.name, sleep_cycle
    )
    files.append(sleep_cycle)
    results = []
    for workers, name in ((1, "one"), (2, "two")):
        url = sqlite_url.replace("recoverwell.db", f"{name}.db")
        with recoverwell.open(url, create=True) as w:
            w.create_athlete(recoverwell.AthleteProfile(name="R", timezone="America/Denver"))
            seen = []
            report = w.import_files(files, workers=workers, progress=seen.append)
            assert [e.files_done for e in seen] == list(range(1, len(files) + 1))
            assert seen[-1].bytes_done == seen[-1].bytes_total
            results.append(
                (
                    [(f.status, f.new_records) for f in report.files],
                    [(a.activity.start_time, a.activity.distance_m) for a in w.activities()],
                    [(d, p.start, p.end) for d, p in w.sleep_periods()],
                )
            )
    assert results[0] == results[1]
    # 2015-06-30 23:14:05 in Denver (MDT) is 05:14:05 UTC the next day
    assert results[1][2][0][1] == datetime(2015, 7, 1, 5, 14, 5, tzinfo=UTC)


def test_athletes_do_not_share_imports(ws: Workspace, corpus: Path, tmp_path: Path) -> None:
    (run,) = _copy(corpus, tmp_path / "r", PF + "garmin-fenix-5-run.fit")
    me = ws.athlete().id
    other = ws.create_athlete(recoverwell.AthleteProfile(name="Coach's other runner"))
    assert ws.import_files([run], athlete_id=me).count(FileStatus.NEW) == 1
    assert ws.import_files([run], athlete_id=other.id).count(FileStatus.NEW) == 1


def test_a_missing_path_is_reported_not_raised(ws: Workspace, tmp_path: Path) -> None:
    report = import_paths(ws.athlete_scope(), [tmp_path / "nope.fit"])
    assert report.rejected[0].message == "no such file"


def test_a_password_protected_zip_is_rejected_and_the_batch_goes_on(
    ws: Workspace, corpus: Path, tmp_path: Path
) -> None:
    (run,) = _copy(corpus, tmp_path / "r", PF + "activity-small-fenix2-run.fit")
    locked = tmp_path / "locked.zip"
    with zipfile.ZipFile(locked, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("run.gpx", b"<gpx/>")
    data = bytearray(locked.read_bytes())
    data[6] |= 1  # the encryption flag, in the local header and the central directory
    data[data.find(b"PK\x01\x02") + 8] |= 1
    locked.write_bytes(bytes(data))
    report = ws.import_files([locked, run])
    assert [f.status for f in report.files] == [FileStatus.REJECTED, FileStatus.NEW]
    assert "encrypted" in (report.files[0].message or "")


def test_the_local_day_comes_from_the_device_offset(
    ws: Workspace, corpus: Path, tmp_path: Path
) -> None:
    (run,) = _copy(corpus, tmp_path / "r", PF + "activity-small-fenix2-run.fit")
    ws.import_files([run])
    (stored,) = ws.activities()
    # starts 2015-08-15T14:45:08Z; the device's UTC+2 says the same calendar day
    assert stored.local_date == date(2015, 8, 15)
    assert stored.activity.utc_offset_s == 7200


def test_imports_work_on_every_backend(workspace: Workspace, corpus: Path, tmp_path: Path) -> None:
    files = _copy(
        corpus, tmp_path / "b", PF + "garmin-fenix-5-walk.fit", SWEAT + "activity_5039744860.tcx"
    )
    assert workspace.import_files(files).count(FileStatus.NEW) == 2
    assert workspace.import_files(files).count(FileStatus.UNCHANGED) == 2
    (walk, ride) = workspace.activities()
    assert walk.activity.streams is None  # list views carry no arrays
    assert workspace.activity(ride.id).activity.streams is not None


def test_each_empty_file_is_rejected_as_empty_not_unchanged(ws: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    for name in ("a.fit", "b.gpx", "c.csv"):
        (folder / name).write_bytes(b"")
    report = import_paths(ws.athlete_scope(), [folder])
    assert [(Path(f.path).name, f.status, f.message) for f in report.files] == [
        (name, FileStatus.REJECTED, "empty file (0 bytes)") for name in ("a.fit", "b.gpx", "c.csv")
    ]


def test_a_copy_of_a_rejected_file_is_rejected_with_the_first_ones_reason(
    ws: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    for name in ("one.gpx", "two.gpx"):
        (folder / name).write_bytes(b"<gpx><trk><trkseg><trkpt lat='x'/></trkseg></trk>")
    first, second = import_paths(ws.athlete_scope(), [folder]).files
    assert first.status is second.status is FileStatus.REJECTED
    assert second.message == f"same content as {first.path}: {first.message}"


def test_a_copy_of_a_stored_file_in_the_same_batch_is_unchanged(
    ws: Workspace, corpus: Path, tmp_path: Path
) -> None:
    (fit,) = _copy(corpus, tmp_path / "a", PF + "activity-small-fenix2-run.fit")
    shutil.copyfile(fit, tmp_path / "b.fit")
    first, second = import_paths(ws.athlete_scope(), [tmp_path / "a", tmp_path / "b.fit"]).files
    assert first.status is FileStatus.NEW
    assert (second.status, second.message) == (
        FileStatus.UNCHANGED,
        f"same content as {first.path}",
    )


@pytest.mark.parametrize(
    "missed",
    [
        pytest.param(1, id="seen-in-the-write-transaction"),
        pytest.param(2, id="caught-by-the-unique-constraint"),  # PostgreSQL, read committed
    ],
)
def test_a_file_another_import_stored_meanwhile_is_unchanged_not_a_database_error(
    ws: Workspace, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missed: int
) -> None:
    # two imports of the same file at once: both saw it as new before either stored it
    (fit,) = _copy(corpus, tmp_path, PF + "activity-small-fenix2-run.fit")

    from recoverwell.store import import_log as log

    real = log.find_import
    calls = []

    def racing(conn, athlete_id, sha):
        if conn.engine is not ws.engine:  # the other import's own checks
            return real(conn, athlete_id, sha)
        calls.append(sha)
        if len(calls) == 1:  # the check before decoding: meanwhile the other import stores it
            with recoverwell.open(ws.url) as other:
                assert import_paths(other.athlete_scope(), [fit]).files[0].status is FileStatus.NEW
        if len(calls) <= missed:
            return None
        return real(conn, athlete_id, sha)

    monkeypatch.setattr(log, "find_import", racing)
    (report,) = import_paths(ws.athlete_scope(), [fit]).files
    assert (report.status, report.message) == (
        FileStatus.UNCHANGED,
        "imported by another import running at the same time",
    )
    assert _counts(ws)["activities"] == 1
    assert len(calls) == missed + 1


def test_readings_dated_outside_1990_to_tomorrow_are_dropped_and_the_start_is_a_setting(
    tmp_path: Path,
) -> None:
    # issue 11 item 8: one HRV row dated 2100 made `nightly` walk 31,128 days. The rows imitate
    # intervals.icu's wellness CSV (mappings/intervals_icu_wellness.toml, docs/formats.md).
    from datetime import timedelta

    from recoverwell.app.load_state import StateAction
    from recoverwell.core.config import load_settings
    from recoverwell.core.timeutil import parse_timezone, today_in
    from recoverwell.core.types import Activity, Sport

    tz = "Pacific/Kiritimati"  # UTC+14: its tomorrow is the latest plausible day
    tomorrow = today_in(parse_timezone(tz)) + timedelta(days=1)
    rows = ["date,restingHR,hrv", "2026-11-30,44,62"]
    rows += [f"{d.isoformat()},45,60" for d in (tomorrow, tomorrow + timedelta(days=1))]
    rows += ["2100-01-01,46,61", "1985-06-01,47,63"]
    csv = tmp_path / "wellness.csv"
    csv.write_text("\n".join(rows) + "\n")
    url = f"sqlite:///{tmp_path / 'rw.db'}"
    with recoverwell.open(url, create=True) as ws:
        ws.create_athlete(recoverwell.AthleteProfile(name="Kiri", timezone=tz))
        run = Activity(datetime(2026, 11, 20, 2, tzinfo=UTC), Sport.RUNNING, 3000.0, rpe=5.0)
        ws.add_activities([run])
        report = ws.import_files([csv])
        (file,) = report.files
        assert file.status is FileStatus.NEW and file.observations.new == 4  # 2 days × 2
        assert sorted({i.record for i in report.dropped}) == ["4", "5", "6"]  # CSV lines
        assert {o.day for o in ws.observations()} == {date(2026, 11, 30), tomorrow}
        other = tmp_path / "other.csv"
        other.write_text("\n".join(rows) + "\n\n")  # other content: read again
        strict = ws.import_files([other], strict=True)
        assert strict.rejected and strict.rejected[0].record == "4"
        (update,) = ws.update_load_states()
        assert update.action is StateAction.REBUILT
        assert update.through_day == tomorrow - timedelta(days=1)  # not 2099-12-31
    settings = load_settings(db=url, earliest_record_day="1980-01-01")
    with recoverwell.open(url, settings=settings) as ws:
        other.write_text("\n".join(rows) + "\n\n\n")
        ws.import_files([other])
        assert date(1985, 6, 1) in {o.day for o in ws.observations()}


def test_loads_are_computed_at_import_and_a_failed_one_is_stored_and_reported(
    ws: Workspace, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 11 item 1: whatever makes a session's load fail, the import stores the session,
    # says so in its report, and keeps the reason in the load cache (no recompute per call)
    from recoverwell.app import session_loads
    from recoverwell.core.errors import MetricInputError
    from recoverwell.ingest.base import IssueAction

    good, bad = _copy(
        corpus, tmp_path, PF + "garmin-fenix-5-run.fit", PF + "activity-small-fenix2-run.fit"
    )
    real, calls = session_loads.session_load, []

    def failing(activity, params):
        calls.append(activity.start_time)
        if activity.distance_m is not None and activity.distance_m > 1000:  # the Fenix 2 run
            raise MetricInputError("time_s must not go backwards")
        return real(activity, params)

    monkeypatch.setattr(session_loads, "session_load", failing)
    report = ws.import_files([good, bad])
    assert len(calls) == 2  # each session's load, once, while its samples were decoded
    by_name = _by_name(report)
    (failed_id,) = by_name[bad.name].activity_ids
    (issue,) = [i for i in by_name[bad.name].issues if "load not computed" in i.message]
    assert issue.action is IssueAction.NOTED
    assert issue.message.startswith(
        f"load not computed (time_s must not go backwards): stored as activity {failed_id}"
    )
    assert not any("load not computed" in i.message for i in by_name[good.name].issues)
    calls.clear()
    table = ws.training_table()
    assert calls == []  # both loads came from the cache, the failure too
    assert sum(table.sessions_by_model.values()) == 2
    (problem,) = [p for p in ws.activity_problems() if p.activity_id == failed_id]
    assert problem.reason == "time_s must not go backwards"


def test_a_path_too_long_to_look_up_is_rejected_not_raised(ws: Workspace) -> None:
    (report,) = import_paths(ws.athlete_scope(), ["a" * 300]).files
    assert report.status is FileStatus.REJECTED and report.message == "File name too long"
