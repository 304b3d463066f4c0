from datetime import UTC, datetime

import recoverwell
from recoverwell.store.engine import reading, writing
from recoverwell.store.loads import LOAD_COLUMNS, list_session_loads, replace_session_loads


def _row(model="hrss", load=80.0, key="k1"):
    return dict.fromkeys(LOAD_COLUMNS) | {
        "params_key": key,
        "model": model,
        "load_au": load,
        "counted_s": 3600.0,
        "grade_adjusted": True,
        "notes": "no altitude",
    }


def test_rows_round_trip_are_replaced_and_scoped_by_athlete(workspace):
    start = datetime(2026, 5, 4, 12, tzinfo=UTC)
    run = recoverwell.Activity(start_time=start, sport=recoverwell.Sport.RUNNING, elapsed_s=60)
    [activity_id] = workspace.add_activities([run])
    athlete = workspace.athlete().id
    other = workspace.create_athlete(recoverwell.AthleteProfile(name="Other")).id
    with writing(workspace.engine) as conn:
        assert replace_session_loads(conn, athlete, [(activity_id, _row())]) == 1
        replace_session_loads(conn, athlete, [(activity_id, _row("rtss", 70.0, "k2"))])
        assert replace_session_loads(conn, athlete, []) == 0
    with reading(workspace.engine) as conn:
        rows = list_session_loads(conn, athlete)
        assert list_session_loads(conn, other) == {}
    assert rows[activity_id]["model"] == "rtss" and rows[activity_id]["params_key"] == "k2"
    assert rows[activity_id]["grade_adjusted"] and rows[activity_id]["computed_at"] is not None


def test_deleting_the_activities_deletes_their_loads(workspace):
    start = datetime(2026, 5, 4, 12, tzinfo=UTC)
    run = recoverwell.Activity(start_time=start, sport=recoverwell.Sport.RUNNING, elapsed_s=60)
    [activity_id] = workspace.add_activities([run])
    athlete = workspace.athlete().id
    with writing(workspace.engine) as conn:
        replace_session_loads(conn, athlete, [(activity_id, _row())])
    workspace.reset_athlete_data()
    with reading(workspace.engine) as conn:
        assert list_session_loads(conn, athlete) == {}
