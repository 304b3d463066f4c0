"""The per-session load cache: one row per activity, scoped by athlete, keyed by parameters.

A row is current while its ``params_key`` matches the parameters the app computes loads with
(HRmax, HRrest, LTHR, zones, threshold pace, …); a profile change makes every row stale and the
app recomputes. Deleting an activity deletes its row (foreign key cascade).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select

from recoverwell.core.timeutil import utc_now
from recoverwell.store.schema import session_loads

#: Columns a cached session load has besides its keys (they mirror metrics.session.SessionLoad).
LOAD_COLUMNS = tuple(
    c.name for c in session_loads.columns if c.name not in {"activity_id", "athlete_id"}
)


def list_session_loads(
    conn: Connection, athlete_id: int, activity_ids: Iterable[int] | None = None
) -> dict[int, dict[str, Any]]:
    """The athlete's cached session loads by activity id (only ``activity_ids`` when given)."""
    query = select(session_loads).where(session_loads.c.athlete_id == athlete_id)
    if activity_ids is not None:
        query = query.where(session_loads.c.activity_id.in_(list(activity_ids)))
    rows = conn.execute(query)
    return {r.activity_id: {c: r._mapping[c] for c in LOAD_COLUMNS} for r in rows}


def replace_activity_rows(
    conn: Connection,
    table: Table,
    athlete_id: int,
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    columns: Iterable[str],
) -> int:
    """Store one cache row per activity (``table`` keyed by activity and athlete), replacing
    the activities' older rows; ``columns`` are taken from each row where it has them. Returns
    the count. The session-load and best-effort caches both keep their rows this way."""
    wanted = tuple(columns)
    now = utc_now()
    values = [
        {"activity_id": activity_id, "athlete_id": athlete_id}
        | {c: row[c] for c in wanted if c in row}
        | {"computed_at": now}
        for activity_id, row in rows
    ]
    if not values:
        return 0
    ids = [v["activity_id"] for v in values]
    conn.execute(
        delete(table).where(table.c.athlete_id == athlete_id, table.c.activity_id.in_(ids))
    )
    conn.execute(insert(table), values)
    return len(values)


def replace_session_loads(
    conn: Connection, athlete_id: int, rows: Iterable[tuple[int, Mapping[str, Any]]]
) -> int:
    """Store (activity id, values) rows for the athlete, replacing older rows; returns the count."""
    return replace_activity_rows(conn, session_loads, athlete_id, rows, LOAD_COLUMNS)
