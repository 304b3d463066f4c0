from datetime import UTC, datetime

import recoverwell
from recoverwell.store.bests import BEST_COLUMNS, list_session_bests, replace_session_bests
from recoverwell.store.engine import reading, writing


def _row(rules="r1", hr=181.0):
    return dict.fromkeys(BEST_COLUMNS) | {
        "rules": rules,
        "hr_held_max_bpm": hr,
        "gap_30min_m_s": 4.4,
        "grade_adjusted": True,
    }


def _run(workspace):
    start = datetime(2026, 5, 4, 12, tzinfo=UTC)
    run = recoverwell.Activity(start_time=start, sport=recoverwell.Sport.RUNNING, elapsed_s=60)
    [activity_id] = workspace.add_activities([run])
    return activity_id


def test_rows_round_trip_are_replaced_and_scoped_by_athlete(workspace):
    activity_id = _run(workspace)
    athlete = workspace.athlete().id
    other = workspace.create_athlete(recoverwell.AthleteProfile(name="Other")).id
    with writing(workspace.engine) as conn:
        assert replace_session_bests(conn, athlete, [(activity_id, _row())]) == 1
        replace_session_bests(conn, athlete, [(activity_id, _row("r2", 183.0))])
        assert replace_session_bests(conn, athlete, []) == 0
    with reading(workspace.engine) as conn:
        rows = list_session_bests(conn, athlete)
        assert list_session_bests(conn, other) == {}
    row = rows[activity_id]
    assert row["rules"] == "r2" and row["hr_held_max_bpm"] == 183.0
    assert row["gap_30min_m_s"] == 4.4 and row["hr_20min_bpm"] is None and row["grade_adjusted"]


def test_deleting_the_activities_deletes_their_bests(workspace):
    activity_id = _run(workspace)
    athlete = workspace.athlete().id
    with writing(workspace.engine) as conn:
        replace_session_bests(conn, athlete, [(activity_id, _row())])
    workspace.reset_athlete_data()
    with reading(workspace.engine) as conn:
        assert list_session_bests(conn, athlete) == {}
