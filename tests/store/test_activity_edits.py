"""The athlete's edits of a stored activity, on both databases (issue 11)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

import recoverwell
from recoverwell.core.errors import NotFound, StoreError
from recoverwell.store.activity_edits import edit_activity, edited_fields, mark_edited
from recoverwell.store.engine import reading, writing
from recoverwell.store.loads import LOAD_COLUMNS, list_session_loads, replace_session_loads
from recoverwell.store.schema import activities

START = datetime(2026, 5, 4, 12, tzinfo=UTC)


def _cached(model="hrss"):
    return dict.fromkeys(LOAD_COLUMNS) | {
        "params_key": "k",
        "model": model,
        "load_au": 80.0,
        "counted_s": 3600.0,
        "grade_adjusted": False,
        "notes": "",
    }


def test_an_excluded_activity_is_stored_and_read_back_with_its_reason(workspace):
    run = recoverwell.Activity(START, recoverwell.Sport.RUNNING, 3600.0, excluded="547,469 kcal")
    [activity_id] = workspace.add_activities([run])
    (stored,) = workspace.activities()
    assert stored.id == activity_id and stored.activity.excluded == "547,469 kcal"


def test_an_edit_writes_the_values_marks_them_and_drops_the_cached_load(workspace):
    run = recoverwell.Activity(START, recoverwell.Sport.RUNNING, 3600.0, name="Run", rpe=4.0)
    [activity_id] = workspace.add_activities([run])
    athlete = workspace.athlete().id
    with writing(workspace.engine) as conn:
        replace_session_loads(conn, athlete, [(activity_id, _cached())])
        edit_activity(conn, athlete, activity_id, {"sport": recoverwell.Sport.CYCLING, "rpe": 6.0})
        edit_activity(conn, athlete, activity_id, {"name": None, "excluded": "GPS glitch"})
    a = workspace.activity(activity_id).activity
    assert (a.sport, a.rpe, a.name, a.excluded) == ("cycling", 6.0, None, "GPS glitch")
    with reading(workspace.engine) as conn:
        assert edited_fields(conn, athlete, activity_id) == {"sport", "rpe", "name", "excluded"}
        assert list_session_loads(conn, athlete) == {}  # recomputed when next asked for
        stored = conn.execute(select(activities.c.edited)).scalar_one()
    assert stored == "excluded,name,rpe,sport"  # sorted, comma-separated


def test_edits_are_scoped_to_the_athlete_and_to_the_editable_fields(workspace):
    run = recoverwell.Activity(START, recoverwell.Sport.RUNNING, 3600.0)
    [activity_id] = workspace.add_activities([run])
    athlete = workspace.athlete().id
    other = workspace.create_athlete(recoverwell.AthleteProfile(name="Other")).id
    with writing(workspace.engine) as conn, pytest.raises(NotFound, match="no activity"):
        edit_activity(conn, other, activity_id, {"rpe": 5.0})
    with writing(workspace.engine) as conn, pytest.raises(StoreError, match="distance_m"):
        edit_activity(conn, athlete, activity_id, {"distance_m": 1.0})
    with writing(workspace.engine) as conn:
        assert mark_edited(conn, athlete, activity_id, ["name"]) == {"name"}
        assert mark_edited(conn, athlete, activity_id, ["rpe"]) == {"name", "rpe"}
    assert workspace.activity(activity_id, athlete).activity.rpe is None  # marking writes no value
