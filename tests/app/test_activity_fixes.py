"""The athlete fixes their data: show, edit, delete, problems; imports keep the fixes (issue 11)."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import recoverwell
from recoverwell.app import session_loads
from recoverwell.app.activity_fixes import ActivityEdit, ProblemKind
from recoverwell.app.importing import FileStatus
from recoverwell.core.errors import InvalidValue, MetricInputError, NotFound
from recoverwell.core.types import Activity, Sport
from recoverwell.metrics.session import LoadModel

PF = "dtcooper__python-fitparse/tests/files/"
SWEAT = "GoldenCheetah__sweatpy/sweat/examples/data/"
NOON = datetime(2026, 3, 2, 19, 0, tzinfo=UTC)  # 12:00 in Denver


def _copy(corpus: Path, folder: Path, *rels: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for rel in rels:
        shutil.copyfile(corpus / "raw" / rel, folder / Path(rel).name)
        out.append(folder / Path(rel).name)
    return out


def _run(day: int, **kw: object) -> Activity:
    values: dict[str, object] = {"sport": Sport.RUNNING, "moving_s": 3000.0} | kw
    values.setdefault("distance_m", 10_000.0)
    return Activity(NOON + timedelta(days=day), elapsed_s=3000.0, **values)  # type: ignore[arg-type]


def test_problems_list_excluded_failed_and_loadless_sessions_by_day(workspace, monkeypatch):
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    ids = workspace.add_activities(
        [
            _run(0),
            _run(1, excluded="GPS glitch"),
            _run(2),
            _run(3, sport=Sport.STRENGTH, distance_m=None),  # no HR, no pace, no RPE
        ]
    )
    real = session_loads.session_load

    def failing(activity, params):
        if activity.start_time == NOON + timedelta(days=2):
            raise MetricInputError("time_s must not go backwards")
        return real(activity, params)

    monkeypatch.setattr(session_loads, "session_load", failing)
    found = workspace.activity_problems()
    assert [(p.activity_id, p.kind) for p in found] == [
        (ids[1], ProblemKind.EXCLUDED),
        (ids[2], ProblemKind.LOAD_FAILED),
        (ids[3], ProblemKind.NO_LOAD),
    ]
    assert [p.reason for p in found[:2]] == ["GPS glitch", "time_s must not go backwards"]
    assert "no RPE recorded" in found[2].reason  # what the athlete can add
    only = workspace.activity_problems(date(2026, 3, 4), date(2026, 3, 4))
    assert [p.activity_id for p in only] == [ids[2]]  # Mar 4 in Denver: the failed one


def test_the_detail_has_laps_load_and_model_as_the_table_counts_them(
    workspace, corpus: Path, tmp_path: Path
):
    (fit,) = _copy(corpus, tmp_path, PF + "garmin-fenix-5-run.fit")
    (activity_id,) = workspace.import_files([fit]).files[0].activity_ids
    detail = workspace.activity_detail(activity_id)
    assert detail.stored.activity.laps and detail.counted and detail.problems == ()
    assert detail.load.model is LoadModel.HRSS  # HRmax, HRrest set; LTHR estimated
    (day,) = workspace.training_table().days
    assert detail.load.load_au == pytest.approx(day.load_au)  # the table's own number
    workspace.edit_activity(activity_id, ActivityEdit(exclude="borrowed watch"))
    excluded = workspace.activity_detail(activity_id)
    assert not excluded.counted and excluded.edited == ("excluded",)
    assert excluded.load.load_au == pytest.approx(day.load_au)  # what it would be
    assert [p.kind for p in excluded.problems] == [ProblemKind.EXCLUDED]
    with pytest.raises(NotFound, match="no activity with id"):
        workspace.activity_detail(activity_id + 1)


def test_a_bad_edit_writes_nothing_and_says_what_is_wrong(workspace):
    (activity_id,) = workspace.add_activities([_run(0, name="Easy")])
    runner = workspace.athlete().id
    other = workspace.create_athlete(recoverwell.AthleteProfile(name="Other")).id
    bad = {
        "rpe=11.0: session RPE is on the CR-10 scale": ActivityEdit(rpe=11.0, name="x"),
        "cannot exclude and include at once": ActivityEdit(exclude="x", include=True),
        "give a sport, name, RPE, gear, exclude or include": ActivityEdit(),
        "the activity is not excluded": ActivityEdit(include=True),
        "give a reason of 1–500 characters": ActivityEdit(exclude="   "),
        "longer than 255": ActivityEdit(name="n" * 256),
    }
    for message, change in bad.items():
        with pytest.raises(InvalidValue, match=message):
            workspace.edit_activity(activity_id, change, athlete_id=runner)
    with pytest.raises(NotFound):
        workspace.edit_activity(activity_id, ActivityEdit(rpe=5.0), athlete_id=other)
    a = workspace.activity(activity_id, athlete_id=runner).activity
    assert (a.name, a.rpe, a.excluded) == ("Easy", None, None)


def test_an_edit_sets_sport_name_rpe_and_exclusion_and_include_counts_it_again(workspace):
    (activity_id,) = workspace.add_activities([_run(0, name="Easy")])
    change = ActivityEdit(sport=Sport.HIKING, name="  ", rpe=3.0, exclude="  wrong   watch ")
    edited = workspace.edit_activity(activity_id, change).activity
    assert (edited.sport, edited.name, edited.rpe, edited.excluded) == (
        Sport.HIKING, None, 3.0, "wrong watch",
    )  # fmt: skip
    back = workspace.edit_activity(activity_id, ActivityEdit(include=True)).activity
    assert back.excluded is None and back.sport is Sport.HIKING


def test_importing_the_same_file_again_undoes_no_edit_and_no_delete(
    workspace, corpus: Path, tmp_path: Path
):
    run, other = _copy(
        corpus, tmp_path, PF + "garmin-fenix-5-run.fit", PF + "activity-small-fenix2-run.fit"
    )
    (activity_id,) = workspace.import_files([run]).files[0].activity_ids
    (gone,) = workspace.import_files([other]).files[0].activity_ids
    change = ActivityEdit(sport=Sport.TRAINING, name="Track", rpe=8.0, exclude="treadmill")
    workspace.edit_activity(activity_id, change)
    workspace.delete_activity(gone)
    again = workspace.import_files([run, other])
    assert [f.status for f in again.files] == [FileStatus.UNCHANGED] * 2
    (kept,) = workspace.activities()
    a = kept.activity
    assert (kept.id, a.sport, a.name, a.rpe, a.excluded) == (
        activity_id, Sport.TRAINING, "Track", 8.0, "treadmill",
    )  # fmt: skip


def test_a_better_copy_of_an_edited_session_keeps_the_athletes_edits(
    workspace, corpus: Path, tmp_path: Path
):
    # The same ride as Strava's GPX, then the device's FIT (preferred: it replaces the GPX),
    # then Garmin Connect's GPX (not preferred); tests/app/test_importing.py has the plain case.
    strava, connect, fit = _copy(
        corpus,
        tmp_path,
        SWEAT + "4078723797_strava.gpx",
        SWEAT + "activity_4078723797.gpx",
        SWEAT + "4078723797.fit",
    )
    (gpx_id,) = workspace.import_files([strava]).files[0].activity_ids
    change = ActivityEdit(sport=Sport.TRAINING, name="Trainer ride", rpe=5.0, exclude="indoor")
    workspace.edit_activity(gpx_id, change)
    replacing = workspace.import_files([fit]).files[0]
    assert replacing.status is FileStatus.NEW
    assert "your edits (excluded, name, rpe, sport) are kept" in replacing.duplicates[0]
    later = workspace.import_files([connect]).files[0]
    assert later.status is FileStatus.DUPLICATE and "kept: preferred copy" in later.message
    (kept,) = workspace.activities()  # one session: the edited sport still matches the files'
    a = kept.activity
    assert a.source_format == "fit"
    assert (a.sport, a.name, a.rpe, a.excluded) == (Sport.TRAINING, "Trainer ride", 5.0, "indoor")
    assert workspace.activity_detail(kept.id).edited == ("excluded", "name", "rpe", "sport")
