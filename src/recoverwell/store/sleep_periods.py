"""Sleep periods (table ``sleep_periods``): nights and naps by wake-up day; a period exported again
by another import replaces the stored one (``sleep_union.py``). Like every store module: an open
Connection, one athlete.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert, select, update

from recoverwell.core.types import SleepPeriod
from recoverwell.store.schema import sleep_periods
from recoverwell.store.sleep_union import merge_overlapping

_SLEEP_COLUMNS = (
    "asleep_min",
    "in_bed_min",
    "deep_min",
    "rem_min",
    "light_min",
    "awake_min",
    "awakenings",
    "latency_min",
    "score",
    "record_ref",
)


def upsert_sleep_periods(
    conn: Connection,
    athlete_id: int,
    periods: Iterable[tuple[date, SleepPeriod]],
    import_id: int | None = None,
) -> tuple[int, int, int]:
    """Store (wake_day, period) pairs; returns (new, changed, unchanged).

    The key is (athlete, source, start): the same night imported twice changes nothing. From an
    import (``import_id`` given), a period that overlaps in time a period of the same source
    stored by another import is that sleep exported again (two overlapping exports of one
    account, a night the vendor re-scored and moved): it replaces the stored one, so one night is
    never counted twice (``store/sleep_union.py``).
    """
    new = changed = unchanged = 0
    t = sleep_periods
    for wake_day, period in periods:
        values = {c: getattr(period, c) for c in _SLEEP_COLUMNS} | {
            "wake_day": wake_day,
            "end_time": period.end,
            "is_nap": period.is_nap,
        }
        existing = conn.execute(
            select(t).where(
                t.c.athlete_id == athlete_id,
                t.c.source == period.source,
                t.c.start_time == period.start,
            )
        ).first()
        merged = import_id is not None and merge_overlapping(
            conn, athlete_id, period, values, import_id, None if existing is None else existing.id
        )
        if existing is None and merged:
            changed += 1
            continue
        if existing is None:
            conn.execute(
                insert(t).values(
                    athlete_id=athlete_id,
                    source=period.source,
                    start_time=period.start,
                    import_id=import_id,
                    **values,
                )
            )
            new += 1
        elif merged or any(existing._mapping[k] != v for k, v in values.items()):
            conn.execute(
                update(t).where(t.c.id == existing.id).values(import_id=import_id, **values)
            )
            changed += 1
        else:
            unchanged += 1
    return new, changed, unchanged


def _read_columns() -> tuple[Any, ...]:
    t = sleep_periods
    lead = (t.c.athlete_id, t.c.wake_day, t.c.start_time, t.c.end_time, t.c.source, t.c.is_nap)
    return (*lead, *(t.c[c] for c in _SLEEP_COLUMNS))


def _period(row: Any) -> tuple[int, date, SleepPeriod]:
    """(athlete id, wake day, period) of a row of ``_read_columns`` (positional: the values in
    ``_SLEEP_COLUMNS`` order are SleepPeriod's fields after ``source``, then the record ref)."""
    athlete_id, wake_day, start, end, source, is_nap, *values = row
    asleep, in_bed, deep, rem, light, awake, wakes, latency, score, record_ref = values
    period = SleepPeriod(
        start, end, source, asleep, in_bed, deep, rem, light, awake, wakes, latency, score,
        is_nap=bool(is_nap), record_ref=record_ref,
    )  # fmt: skip
    return athlete_id, wake_day, period


def list_sleep_periods(
    conn: Connection, athlete_id: int, start: date | None = None, end: date | None = None
) -> list[tuple[date, SleepPeriod]]:
    """(wake_day, period) pairs of the athlete in ``[start, end]``, by start time."""
    t = sleep_periods
    query = select(*_read_columns()).where(t.c.athlete_id == athlete_id)
    if start is not None:
        query = query.where(t.c.wake_day >= start)
    if end is not None:
        query = query.where(t.c.wake_day <= end)
    rows = conn.execute(query.order_by(t.c.start_time)).all()
    return [(wake_day, period) for _, wake_day, period in map(_period, rows)]


def sleep_periods_by_athlete(
    conn: Connection, athlete_ids: Sequence[int], start: date, end: date
) -> dict[int, list[tuple[date, SleepPeriod]]]:
    """Each athlete's (wake_day, period) pairs in ``[start, end]``, in one query (a squad's
    verdicts), by start time as ``list_sleep_periods``."""
    t = sleep_periods
    query = select(*_read_columns()).where(
        t.c.athlete_id.in_(athlete_ids), t.c.wake_day >= start, t.c.wake_day <= end
    )
    out: dict[int, list[tuple[date, SleepPeriod]]] = {i: [] for i in athlete_ids}
    for row in conn.execute(query.order_by(t.c.athlete_id, t.c.start_time)).all():
        athlete_id, wake_day, period = _period(row)
        out[athlete_id].append((wake_day, period))
    return out
