"""Daily observations on both databases; every query scoped to one athlete."""

from datetime import date

from recoverwell.core.types import Observation
from recoverwell.store.engine import reading, writing
from recoverwell.store.observations import list_observations, upsert_observations


def test_observation_upsert_is_idempotent_and_keeps_other_sources(engine, two_athletes):
    a, b = two_athletes
    day = date(2026, 11, 25)
    first = [
        Observation(day, "resting_hr_bpm", 44.0, "garmin"),
        Observation(day, "resting_hr_bpm", 46.0, "checkin"),
    ]
    with writing(engine) as conn:
        assert upsert_observations(conn, a.id, first) == (2, 0, 0)
        assert upsert_observations(conn, a.id, first) == (0, 0, 2)
        assert upsert_observations(
            conn, a.id, [Observation(day, "resting_hr_bpm", 45.0, "garmin")]
        ) == (0, 1, 0)
    with reading(engine) as conn:
        got = list_observations(conn, a.id, ["resting_hr_bpm"])
        assert {(o.source, o.value) for o in got} == {("garmin", 45.0), ("checkin", 46.0)}
        assert list_observations(conn, b.id) == []
