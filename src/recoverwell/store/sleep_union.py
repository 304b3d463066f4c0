"""One sleep, stored once: a period overlapping a same-source period of another import replaces it.

Two exports of one account overlap (Garmin's daily files are cut per export, so the same night
sits in both), and between them the vendor may have re-scored a night and moved its window. The
store's key (athlete, source, start) then sees two nights, and every daily sleep value of that
day would be their sum. A person cannot sleep twice at once: a period of one source whose span
overlaps a period of the same source stored by *another* import is that sleep again, and the
newcomer (the import done later) takes its place. Periods of one import are left to their reader.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, select, update

from recoverwell.core.types import SleepPeriod
from recoverwell.store.schema import sleep_periods


def merge_overlapping(
    conn: Connection,
    athlete_id: int,
    period: SleepPeriod,
    values: dict[str, Any],
    import_id: int,
    same_start_id: int | None,
) -> bool:
    """Make ``period`` the one stored copy of its sleep; True when another import's copy went.

    ``same_start_id``: the stored row with the period's own key, which the caller updates. The
    other same-source rows of other imports that overlap ``period`` are its rivals: without a
    row of its own key, the first rival is moved onto ``period`` (``values`` = the columns to
    write, the caller counts it as changed); every other rival is deleted.
    """
    t = sleep_periods
    rivals = [
        r.id
        for r in conn.execute(
            select(t.c.id)
            .where(
                t.c.athlete_id == athlete_id,
                t.c.source == period.source,
                t.c.start_time < period.end,
                t.c.end_time > period.start,
                (t.c.import_id != import_id) | t.c.import_id.is_(None),
            )
            .order_by(t.c.start_time)
        )
        if r.id != same_start_id
    ]
    if not rivals:
        return False
    if same_start_id is None:
        first, *rivals = rivals
        conn.execute(
            update(t)
            .where(t.c.id == first)
            .values(start_time=period.start, import_id=import_id, **values)
        )
    if rivals:
        conn.execute(delete(t).where(t.c.id.in_(rivals)))
    return True
