from datetime import UTC, date, datetime

import pytest

from recoverwell.core.errors import NotFound
from recoverwell.core.niggles import Niggle, Side
from recoverwell.core.types import Activity, Sport
from recoverwell.store.engine import reading, writing
from recoverwell.store.wellness import (
    delete_niggle,
    fill_activity,
    get_priorities,
    list_niggles,
    set_activity_rpe,
    set_priority,
    upsert_niggle,
)

DAY = date(2024, 6, 14)


def test_priorities_round_trip_and_are_scoped_to_the_athlete(workspace):
    a = workspace.athlete().id
    b = workspace.create_athlete(workspace.athlete().with_changes(name="Other")).id
    with writing(workspace.engine) as conn:
        set_priority(conn, a, "rhr_bpm", ("oura", "garmin"))
        set_priority(conn, a, "rhr_bpm", ("garmin",))
        set_priority(conn, a, "*", ("checkin",))
    with reading(workspace.engine) as conn:
        assert get_priorities(conn, a) == {"rhr_bpm": ("garmin",), "*": ("checkin",)}
        assert get_priorities(conn, b) == {}


def test_a_niggle_is_replaced_by_the_same_day_location_and_side(workspace):
    a = workspace.athlete().id
    with writing(workspace.engine) as conn:
        assert upsert_niggle(conn, a, Niggle(DAY, "calf", Side.LEFT, 3, False))
        assert not upsert_niggle(conn, a, Niggle(DAY, "calf", Side.LEFT, 5, True, "sharp"))
        assert upsert_niggle(conn, a, Niggle(DAY, "calf", Side.RIGHT, 1, False))
    with reading(workspace.engine) as conn:
        left, right = list_niggles(conn, a, DAY, DAY)
    assert (left.pain_0_10, left.changes_gait, left.note) == (5, True, "sharp")
    assert right.side is Side.RIGHT


def test_rpe_is_written_on_the_athletes_own_activity_only(workspace):
    a = workspace.athlete().id
    start = datetime(2024, 6, 14, 12, tzinfo=UTC)
    (run,) = workspace.add_activities([Activity(start, Sport.RUNNING, 1800.0)])
    with writing(workspace.engine) as conn:
        set_activity_rpe(conn, a, run, 7)
        with pytest.raises(NotFound):
            set_activity_rpe(conn, a + 1, run, 7)
    assert workspace.activity(run).activity.rpe == 7


def test_filling_an_activity_writes_only_what_it_lacks(workspace):
    a = workspace.athlete().id
    start = datetime(2024, 6, 14, 12, tzinfo=UTC)
    (run,) = workspace.add_activities([Activity(start, Sport.RUNNING, 1800.0, rpe=4.0)])
    with writing(workspace.engine) as conn:
        fill_activity(conn, a, run, name="Tempo with Joe", rpe=8.0)
        fill_activity(conn, a, run, name="Morning Run")
        with pytest.raises(NotFound):
            fill_activity(conn, a + 1, run, name="x")
    stored = workspace.activity(run).activity
    assert (stored.name, stored.rpe) == ("Tempo with Joe", 4.0)


def test_a_niggle_keeps_whether_it_is_bone_pain(workspace):
    a = workspace.athlete().id
    with writing(workspace.engine) as conn:
        upsert_niggle(conn, a, Niggle(DAY, "hip", Side.RIGHT, 4, False, bone_pain=True))
        upsert_niggle(conn, a, Niggle(DAY, "calf", Side.LEFT, 2, False))
        hip = [n for n in list_niggles(conn, a, DAY, DAY) if n.location == "hip"]
        calf = [n for n in list_niggles(conn, a, DAY, DAY) if n.location == "calf"]
    assert hip[0].bone_pain and not calf[0].bone_pain


def test_a_niggle_is_removed_by_its_day_location_and_side_for_its_athlete_only(workspace):
    a = workspace.athlete().id
    b = workspace.create_athlete(workspace.athlete().with_changes(name="Other")).id
    calf = Niggle(DAY, "calf", Side.LEFT, 3, False)
    with writing(workspace.engine) as conn:
        upsert_niggle(conn, a, calf)
        upsert_niggle(conn, b, calf)
        upsert_niggle(conn, a, Niggle(DAY, "calf", Side.RIGHT, 1, False))
        assert delete_niggle(conn, a, Niggle(DAY, "calf", Side.LEFT, 7, True))  # pain ignored
        assert not delete_niggle(conn, a, calf)
    with reading(workspace.engine) as conn:
        assert [n.side for n in list_niggles(conn, a, DAY, DAY)] == [Side.RIGHT]
        assert list_niggles(conn, b, DAY, DAY) == [calf]
