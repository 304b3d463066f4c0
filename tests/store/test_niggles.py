"""Niggles on both databases; every query scoped to one athlete."""

from datetime import date

from recoverwell.core.niggles import Niggle, Side
from recoverwell.store.engine import reading, writing
from recoverwell.store.niggles import delete_niggle, list_niggles, upsert_niggle

DAY = date(2024, 6, 14)


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
