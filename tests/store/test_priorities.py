"""Signal source priorities on both databases; scoped to one athlete."""

from recoverwell.store.engine import reading, writing
from recoverwell.store.priorities import get_priorities, set_priority


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
