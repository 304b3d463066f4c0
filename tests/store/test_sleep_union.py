"""One sleep stored once across imports (store/sleep_union.py), on both databases."""

from datetime import UTC, date, datetime, timedelta

from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.types import SleepPeriod
from recoverwell.store.athletes import create_athlete
from recoverwell.store.engine import reading, writing
from recoverwell.store.import_log import record_import
from recoverwell.store.sleep_periods import list_sleep_periods, upsert_sleep_periods

NIGHT = SleepPeriod(
    start=datetime(2026, 11, 24, 5, 0, tzinfo=UTC),
    end=datetime(2026, 11, 24, 13, 0, tzinfo=UTC),
    source="garmin",
    asleep_min=420,
)
DAY = date(2026, 11, 24)


def _log(conn, athlete_id, name):
    return record_import(
        conn,
        athlete_id,
        content_sha256=name * 64,
        source_path=f"{name}.json",
        size_bytes=1,
        format="garmin",
        status="new",
        n_records=1,
    )


def _stored(engine, athlete_id):
    with reading(engine) as conn:
        periods = list_sleep_periods(conn, athlete_id)
    return sorted((p.source, p.start, p.asleep_min) for _, p in periods)


def test_an_overlapping_night_of_another_import_replaces_the_stored_one(engine):
    # Issue 11 item 10: two exports of one account hold one night twice, the later one moved
    # 25 min (re-scored): one night, the newcomer's; another source's night stays beside it.
    moved = SleepPeriod(NIGHT.start + timedelta(minutes=25), NIGHT.end, "garmin", asleep_min=400)
    oura = SleepPeriod(NIGHT.start, NIGHT.end, "oura", asleep_min=430)
    with writing(engine) as conn:
        a = create_athlete(conn, AthleteProfile(name="A")).id
        first, second = _log(conn, a, "a"), _log(conn, a, "b")
        pairs = [(DAY, NIGHT), (DAY, oura)]
        assert upsert_sleep_periods(conn, a, pairs, first) == (2, 0, 0)
        assert upsert_sleep_periods(conn, a, [(DAY, moved)], second) == (0, 1, 0)
    assert _stored(engine, a) == [("garmin", moved.start, 400), ("oura", NIGHT.start, 430)]


def test_periods_of_one_import_or_without_an_import_never_replace_each_other(engine):
    inside = SleepPeriod(NIGHT.start + timedelta(hours=1), NIGHT.end, "garmin", asleep_min=300)
    with writing(engine) as conn:
        a = create_athlete(conn, AthleteProfile(name="A")).id
        only = _log(conn, a, "a")
        assert upsert_sleep_periods(conn, a, [(DAY, NIGHT), (DAY, inside)], only) == (
            2,
            0,
            0,
        )
        b = create_athlete(conn, AthleteProfile(name="B")).id
        assert upsert_sleep_periods(conn, b, [(DAY, NIGHT)]) == (1, 0, 0)
        assert upsert_sleep_periods(conn, b, [(DAY, inside)]) == (1, 0, 0)
    assert len(_stored(engine, a)) == len(_stored(engine, b)) == 2


def test_a_period_spanning_two_stored_ones_takes_the_first_and_removes_the_second(engine):
    halves = [
        SleepPeriod(NIGHT.start, NIGHT.start + timedelta(hours=3), "garmin", asleep_min=170),
        SleepPeriod(NIGHT.start + timedelta(hours=4), NIGHT.end, "garmin", asleep_min=230),
    ]
    with writing(engine) as conn:
        a = create_athlete(conn, AthleteProfile(name="A")).id
        first, second = _log(conn, a, "a"), _log(conn, a, "b")
        upsert_sleep_periods(conn, a, [(DAY, p) for p in halves], first)
        assert upsert_sleep_periods(conn, a, [(DAY, NIGHT)], second) == (0, 1, 0)
    assert _stored(engine, a) == [("garmin", NIGHT.start, 420)]
