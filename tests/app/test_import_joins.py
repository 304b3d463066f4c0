"""Exports whose files belong together: Strava's CSV and files, Apple's routes, Garmin's FIT zips.

Real corpus files where they exist (a Fenix 2 run, Apple's route GPX), read in place or packed
into throw-away archives under tmp_path; the CSV, JSON and export.xml around them are our own
small fixtures, written here.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from recoverwell.app.import_joins import StravaFile, Unit, plan_units, sibling_name
from recoverwell.app.importing import FileStatus
from recoverwell.app.workspace import Workspace
from recoverwell.core.types import Sport
from recoverwell.ingest.archive import iter_members
from recoverwell.ingest.base import IssueAction
from recoverwell.ingest.strava import StravaRow

RUN = "raw/dtcooper__python-fitparse/tests/files/activity-small-fenix2-run.fit"
RUN_START_MS = 1439649908000  # 2015-08-15T14:45:08Z, the file's session start
RUN_DAY = date(2015, 8, 15)
ROUTE = (
    "exports/apple_health/dogsheep__healthkit-to-sqlite/tests/zip_contents/apple_health_export/"
    "workout-routes/route_2019-06-11_3.00pm.gpx"
)
STRAVA_CSV = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Filename,"
    "Perceived Exertion\n"
    '101,"Aug 15, 2015, 2:45:08 PM",Tempo with Joe,Run,2832,activities/101.fit.gz,7\n'
    '102,"Aug 16, 2015, 7:00:00 AM",Treadmill,Run,1800,,4\n'
    '103,"Aug 17, 2015, 7:00:00 AM",Lost file,Run,1800,activities/103.gpx,\n'
)


def _strava_folder(corpus: Path, root: Path) -> Path:
    (root / "activities").mkdir(parents=True)
    (root / "activities.csv").write_text(STRAVA_CSV)
    (root / "activities" / "101.fit.gz").write_bytes(gzip.compress((corpus / RUN).read_bytes()))
    (root / "media").mkdir()
    (root / "media" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a run")
    return root


def _by_day(ws: Workspace) -> dict[date, tuple[str | None, float | None, str | None]]:
    return {
        a.local_date: (a.activity.name, a.activity.rpe, a.activity.source_format)
        for a in ws.activities()
    }


def test_a_strava_export_joins_each_row_to_its_file_and_imports_no_file_twice(
    workspace: Workspace, corpus: Path, tmp_path: Path
) -> None:
    folder = _strava_folder(corpus, tmp_path / "strava")
    report = workspace.import_files([folder])
    files = {Path(f.path.split("!")[0]).name: f for f in report.files}
    assert files["101.fit.gz"].status is FileStatus.NEW
    assert (
        files["101.fit.gz"].message
        == f"joined with {folder}/activities.csv line 2 (name, perceived exertion)"
    )
    assert files["activities.csv"].activities.new == 2  # the manual row and the row without file
    lost = [i for i in files["activities.csv"].issues if i.field == "Filename"]
    assert [(i.record, i.action) for i in lost] == [(4, IssueAction.NOTED)]
    assert files["photo.jpg"].status is FileStatus.SKIPPED
    assert _by_day(workspace) == {
        RUN_DAY: ("Tempo with Joe", 7.0, "fit"),
        date(2015, 8, 16): ("Treadmill", 4.0, "strava_csv"),
        date(2015, 8, 17): ("Lost file", None, "strava_csv"),
    }
    (run,) = workspace.activities(RUN_DAY, RUN_DAY)
    assert workspace.activity(run.id).activity.streams is not None
    again = workspace.import_files([folder])
    assert again.count(FileStatus.NEW) == 0 and again.count(FileStatus.UNCHANGED) == 2
    # the same FIT on its own later is the stored run again, not a second one
    alone = workspace.import_files([corpus / RUN]).files[0]
    assert alone.status is FileStatus.UNCHANGED and alone.activities.unchanged == 1
    assert len(workspace.activities()) == 3


def test_a_strava_zip_and_a_csv_given_alone_join_the_same_way(
    workspace: Workspace, corpus: Path, tmp_path: Path
) -> None:
    folder = _strava_folder(corpus, tmp_path / "unpacked")
    archive = tmp_path / "export_1234.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    report = workspace.import_files([archive])
    joined = next(f for f in report.files if "101.fit.gz" in f.path)
    assert joined.path == f"{archive}!activities/101.fit.gz!101.fit"
    assert joined.activities.new == 1
    assert _by_day(workspace)[RUN_DAY] == ("Tempo with Joe", 7.0, "fit")
    workspace.reset_athlete_data()
    workspace.import_files([folder / "activities.csv"])  # the files are found next to it
    assert _by_day(workspace)[RUN_DAY] == ("Tempo with Joe", 7.0, "fit")
    assert len(workspace.activities()) == 3


def _apple_export(corpus: Path, path: Path, *, route: bool = True) -> Path:
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_US">
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="10" durationUnit="min"
  sourceName="Apple Watch" startDate="2019-06-11 15:00:40 -0700"
  endDate="2019-06-11 15:10:40 -0700">
  <WorkoutRoute sourceName="iPhone" startDate="2019-06-11 15:00:40 -0700"
   endDate="2019-06-11 15:10:40 -0700">
   <FileReference path="/workout-routes/route_2019-06-11_3.00pm.gpx"/>
  </WorkoutRoute>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="10" durationUnit="min"
  sourceName="Apple Watch" startDate="2019-06-12 15:00:40 -0700"
  endDate="2019-06-12 15:10:40 -0700">
  <WorkoutRoute><FileReference path="/../../etc/passwd"/></WorkoutRoute>
 </Workout>
</HealthData>
"""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("apple_health_export/export.xml", xml)
        if route:
            zf.write(corpus / ROUTE, "apple_health_export/workout-routes/" + Path(ROUTE).name)
            zf.writestr("apple_health_export/workout-routes/route_unused.gpx", "<gpx/>")
    return path


def test_apple_routes_are_attached_to_their_workouts_and_never_imported_alone(
    workspace: Workspace, corpus: Path, tmp_path: Path
) -> None:
    archive = _apple_export(corpus, tmp_path / "export.zip")
    report = workspace.import_files([archive])
    xml = next(f for f in report.files if f.path.endswith("export.xml"))
    assert xml.status is FileStatus.NEW and xml.activities.new == 2
    assert xml.message == "1 workout routes attached"
    messages = {(Path(i.path.split("!")[-1]).name, i.message) for i in xml.issues}
    assert ("export.xml", "route ../../etc/passwd is not in the export") in messages
    assert ("route_unused.gpx", "no workout refers to this route") in messages
    routes = [f for f in report.files if f.path.endswith(".gpx")]
    assert {f.status for f in routes} == {FileStatus.SKIPPED}
    first, second = workspace.activities()
    streams = workspace.activity(first.id).activity.streams
    assert streams is not None
    assert streams.time_s.tolist() == [2.0, 2.0, 3.0]  # 22:00:42Z − 22:00:40Z (the workout)
    assert workspace.activity(second.id).activity.streams is None
    assert workspace.import_files([archive]).count(FileStatus.NEW) == 0


def test_an_export_read_first_without_its_routes_gets_them_on_the_next_import(
    workspace: Workspace, corpus: Path, tmp_path: Path
) -> None:
    bare = _apple_export(corpus, tmp_path / "bare.zip", route=False)
    workspace.import_files([bare])
    full = _apple_export(corpus, tmp_path / "full.zip")
    (xml,) = [f for f in workspace.import_files([full]).files if f.path.endswith("export.xml")]
    assert xml.status is FileStatus.NEW and "replaces activity" in xml.duplicates[0]
    run = next(a for a in workspace.activities() if a.local_date == date(2019, 6, 11))
    assert workspace.activity(run.id).activity.streams is not None
    assert len(workspace.activities()) == 2


def _garmin_export(corpus: Path, path: Path, name: str = "Hill reps") -> Path:
    summaries = [
        {
            "summarizedActivitiesExport": [
                {
                    "activityId": 9,
                    "name": name,
                    "activityType": "running",
                    "beginTimestamp": RUN_START_MS + 1000,  # Garmin rounds to the second
                    "startTimeLocal": RUN_START_MS + 7_200_000,
                    "duration": 2832000.0,
                    "distance": 770000.0,
                },
                {
                    "activityId": 10,
                    "name": "Gym",
                    "activityType": "strength_training",
                    "beginTimestamp": RUN_START_MS + 86_400_000,
                    "duration": 1800000.0,
                },
            ]
        }
    ]
    uploads = io.BytesIO()
    with zipfile.ZipFile(uploads, "w") as inner:
        inner.write(corpus / RUN, "user@example.com_1234.fit")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "DI_CONNECT/DI-Connect-Fitness/user_0_summarizedActivities.json", json.dumps(summaries)
        )
        zf.writestr(
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", uploads.getvalue()
        )
    return path


def test_a_garmin_export_keeps_each_fit_once_named_from_its_summary(
    workspace: Workspace, corpus: Path, tmp_path: Path
) -> None:
    archive = _garmin_export(corpus, tmp_path / "garmin.zip")
    report = workspace.import_files([archive])
    assert report.count(FileStatus.NEW) == 2 and report.count(FileStatus.REJECTED) == 0
    fit = next(f for f in report.files if f.path.endswith(".fit"))
    assert fit.path.endswith("UploadedFiles_0-_Part1.zip!user@example.com_1234.fit")
    run, gym = workspace.activities()
    assert (run.activity.source_format, run.activity.name) == ("fit", "Hill reps")
    assert (gym.activity.source_format, gym.activity.sport) == ("garmin", Sport.STRENGTH)
    assert workspace.import_files([archive]).count(FileStatus.NEW) == 0


@pytest.mark.parametrize("fit_first", [True, False], ids=["fit-first", "summary-first"])
def test_a_fit_and_its_summary_end_the_same_whichever_comes_first(
    workspace: Workspace, corpus: Path, tmp_path: Path, fit_first: bool
) -> None:
    archive = _garmin_export(corpus, tmp_path / "garmin.zip")
    members = list(iter_members(archive))
    json_path = tmp_path / "user_0_summarizedActivities.json"
    with zipfile.ZipFile(archive) as zf:
        json_path.write_bytes(zf.read(members[0].name.split("!", 1)[1]))
    order = [corpus / RUN, json_path] if fit_first else [json_path, corpus / RUN]
    for path in order:
        workspace.import_files([path])
    run = workspace.activities(RUN_DAY, RUN_DAY)
    assert [(a.activity.source_format, a.activity.name) for a in run] == [("fit", "Hill reps")]


def test_sibling_names_stay_inside_the_export() -> None:
    assert (
        sibling_name("/x/strava/activities.csv", "activities/1.gpx") == "/x/strava/activities/1.gpx"
    )
    assert (
        sibling_name("e.zip!activities.csv", "activities/1.fit.gz") == "e.zip!activities/1.fit.gz"
    )
    assert (
        sibling_name("e.zip!a/export.xml", "/workout-routes/r.gpx")
        == "e.zip!a/workout-routes/r.gpx"
    )
    assert sibling_name("e.zip!a/export.xml", "../../etc/passwd") is None
    assert sibling_name("/x/activities.csv", "a/../../secret") is None


def test_planning_replaces_joined_members_and_keeps_the_batch_order(
    corpus: Path, tmp_path: Path
) -> None:
    folder = _strava_folder(corpus, tmp_path / "s")
    members = [m for p in sorted(folder.rglob("*")) if p.is_file() for m in iter_members(p)]
    planned = plan_units(members)
    assert len(planned) == len(members)
    kinds = [type(p.join).__name__ if isinstance(p, Unit) else "report" for p in planned]
    # activities/101.fit.gz, activities.csv, media/photo.jpg (Path order: folders' files first)
    assert kinds == ["StravaFile", "StravaCsv", "NoneType"]
    joined = planned[0]
    assert isinstance(joined, Unit) and isinstance(joined.join, StravaFile)
    assert joined.identity().startswith(b"strava:101|Tempo with Joe|7.0|running")


def test_a_row_change_makes_the_joined_file_a_new_unit(corpus: Path) -> None:
    (member,) = iter_members(corpus / RUN)
    row = StravaRow("1", _activity("A", 3.0), "activities/1.fit", 2)
    other = StravaRow("1", _activity("A", 8.0), "activities/1.fit", 2)
    assert (
        Unit(member, StravaFile(row, "c")).identity()
        != Unit(member, StravaFile(other, "c")).identity()
    )
    assert Unit(member).identity() == b""


def _activity(name: str, rpe: float):
    from datetime import UTC, datetime

    from recoverwell.core.types import Activity

    start = datetime(2015, 8, 15, 14, 45, 8, tzinfo=UTC)
    return Activity(start, Sport.RUNNING, 2832.0, name=name, rpe=rpe, source_format="strava_csv")


@pytest.mark.parametrize("where", ["header", "data"])
def test_a_corrupt_csv_or_xml_member_is_rejected_and_the_batch_goes_on(
    workspace: Workspace, corpus: Path, tmp_path: Path, where: str
) -> None:
    # planning sniffs every .csv/.xml member (is it Strava's CSV, Apple's export.xml?): a
    # corrupt one must be rejected like any unreadable file, not abort the import
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activities.csv", STRAVA_CSV * 50)
        archive.writestr("apple_health_export/export.xml", "<HealthData>" + " " * 5000)
        archive.writestr("run.fit", (corpus / RUN).read_bytes())
    data = bytearray(path.read_bytes())
    for name in (b"activities.csv", b"apple_health_export/export.xml"):
        at = data.find(name) + (len(name) + 8 if where == "data" else 0)  # local header's
        data[at : at + 8] = b"\xff" * 8  # file name (header) or deflated data
    path.write_bytes(bytes(data))
    report = workspace.import_files([path])
    statuses = [f.status for f in report.files]
    assert statuses == [FileStatus.REJECTED, FileStatus.REJECTED, FileStatus.NEW]


def test_a_multi_file_export_declared_in_ingest_imports_with_no_app_change(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A made-up export (tests/ingest/fake_export.py): its reader, traits and join are declared
    # in the test and registered as one more entry of ingest.registry.READERS, nothing else.
    from recoverwell.ingest import registry
    from tests.ingest.fake_export import MAGIC, FakeSessionsReader, gpx

    monkeypatch.setattr(registry, "READERS", [*registry.READERS, FakeSessionsReader()])
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "sessions.txt").write_bytes(MAGIC + b"\nrun.gpx;Track reps;8\n")
    (folder / "run.gpx").write_text(gpx(tuple(f"2025-06-01T06:{m:02d}:00" for m in range(11))))
    report = workspace.import_files([folder])
    by_name = {Path(f.path).name: f for f in report.files}
    assert by_name["sessions.txt"].status is FileStatus.SKIPPED
    run = by_name["run.gpx"]
    assert run.status is FileStatus.NEW and run.message == f"joined with {folder / 'sessions.txt'}"
    (stored,) = workspace.activities()
    assert (stored.activity.name, stored.activity.rpe) == ("Track reps", 8.0)
    # the same export again: the joined unit's content and identity are known
    again = workspace.import_files([folder])
    assert [f.status for f in again.files] == [FileStatus.UNCHANGED, FileStatus.SKIPPED]
