"""Sleep periods on both databases; every query scoped to one athlete."""

from datetime import UTC, date, datetime

from recoverwell.core.types import SleepPeriod
from recoverwell.store.engine import reading, writing
from recoverwell.store.sleep_periods import list_sleep_periods, upsert_sleep_periods


def test_sleep_periods_round_trip_and_reimport_changes_nothing(engine, two_athletes):
    a, b = two_athletes
    night = SleepPeriod(
        start=datetime(2026, 11, 24, 5, 0, tzinfo=UTC),  # 22:00 in Denver
        end=datetime(2026, 11, 24, 13, 30, tzinfo=UTC),  # 06:30 in Denver
        source="oura",
        asleep_min=470,
        in_bed_min=510,
        deep_min=80,
        rem_min=100,
        awakenings=2,
    )
    nap = SleepPeriod(
        start=datetime(2026, 11, 24, 21, tzinfo=UTC),
        end=datetime(2026, 11, 24, 21, 25, tzinfo=UTC),
        source="oura",
        is_nap=True,
    )
    pairs = [(date(2026, 11, 24), night), (date(2026, 11, 24), nap)]
    with writing(engine) as conn:
        assert upsert_sleep_periods(conn, a.id, pairs) == (2, 0, 0)
        assert upsert_sleep_periods(conn, a.id, pairs) == (0, 0, 2)
    with reading(engine) as conn:
        got = list_sleep_periods(conn, a.id)
        assert got == pairs
        assert list_sleep_periods(conn, b.id) == []
