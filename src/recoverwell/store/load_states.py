"""Stored training-load states: one row per athlete, the state after its last settled day.

The row holds what ``metrics.incremental.LoadState`` needs to add the next day (the two EWMA
values and the last 28 daily loads, as float64 bytes), the digest of the daily loads it was
built from (so the app can tell when older data changed), and the through day's values. NaN
values are stored as NULL.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from recoverwell.core.timeutil import utc_now
from recoverwell.store.schema import activities, load_states, session_loads

#: The through day's values kept with the state (NULL = NaN).
VALUE_COLUMNS = (
    "load_au",
    "form_au",
    "acute_mean_7d_au",
    "chronic_mean_28d_au",
    "acwr_coupled",
    "acwr_uncoupled",
    "monotony",
)
_WINDOW_DTYPE = np.dtype("<f8")


def pack_window(window: Iterable[float]) -> bytes:
    """The daily loads of the window as little-endian float64 bytes (NaN kept)."""
    return np.fromiter(window, dtype=_WINDOW_DTYPE).tobytes()


def unpack_window(blob: bytes) -> tuple[float, ...]:
    """The daily loads packed by ``pack_window``."""
    return tuple(float(x) for x in np.frombuffer(blob, dtype=_WINDOW_DTYPE))


def _nullable(x: Any) -> Any:
    return None if isinstance(x, float) and math.isnan(x) else x


@dataclass(frozen=True, slots=True)
class LoadRow:
    """What one activity gives its day's load: its local day, id, and the cached model values
    (``cached`` False when the cache has no row for these load parameters yet)."""

    local_date: date
    activity_id: int
    hrss_au: float | None
    rtss_au: float | None
    srpe_au: float | None
    cached: bool


def load_rows(conn: Connection, athlete_id: int, params_key: str) -> list[LoadRow]:
    """Every counted activity of the athlete (not ``excluded``) with its cached load values under
    ``params_key``, by local day then id: a compact read (no streams, no laps) of what the daily
    loads are made of."""
    a, sl = activities, session_loads
    join = a.outerjoin(sl, (sl.c.activity_id == a.c.id) & (sl.c.params_key == params_key))
    query = (
        select(a.c.local_date, a.c.id, sl.c.hrss_au, sl.c.rtss_au, sl.c.srpe_au, sl.c.activity_id)
        .select_from(join)
        .where(a.c.athlete_id == athlete_id, a.c.excluded.is_(None))
        .order_by(a.c.local_date, a.c.id)
    )
    return [LoadRow(r[0], r[1], r[2], r[3], r[4], r[5] is not None) for r in conn.execute(query)]


def get_load_states(
    conn: Connection, athlete_ids: Iterable[int] | None = None
) -> dict[int, dict[str, Any]]:
    """Stored states by athlete id (all athletes when ``athlete_ids`` is None); NULL → NaN."""
    query = select(load_states)
    if athlete_ids is not None:
        query = query.where(load_states.c.athlete_id.in_(list(athlete_ids)))
    out: dict[int, dict[str, Any]] = {}
    for row in conn.execute(query):
        values = dict(row._mapping)
        for name in VALUE_COLUMNS:
            values[name] = math.nan if values[name] is None else float(values[name])
        out[row.athlete_id] = values
    return out


def put_load_state(conn: Connection, athlete_id: int, values: Mapping[str, Any]) -> None:
    """Store (replace) an athlete's state, in one upsert: two overlapping jobs never collide on
    the key (a delete-then-insert would, under PostgreSQL's READ COMMITTED)."""
    row = {c.name: _nullable(values[c.name]) for c in load_states.columns if c.name in values}
    row |= {"athlete_id": athlete_id, "updated_at": utc_now()}
    upsert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = upsert(load_states).values(row)
    changed = {k: v for k, v in row.items() if k != "athlete_id"}
    conn.execute(statement.on_conflict_do_update(index_elements=["athlete_id"], set_=changed))


#: A stale reason grows by one clause per edit up to this length, then says "and more edits".
STALE_REASON_MAX_CHARS = 300
MORE_EDITS = "; and more edits"


def mark_load_state_stale(conn: Connection, athlete_id: int, reason: str) -> bool:
    """Say why an athlete's stored state no longer holds (an edit of their activities): the
    next update rebuilds it and gives the reasons of every edit since (the first ones, up to
    STALE_REASON_MAX_CHARS). True when there was a state to mark."""
    t = load_states
    mine = t.c.athlete_id == athlete_id
    row = conn.execute(select(t.c.stale_reason).where(mine)).first()
    if row is None:
        return False
    earlier: str | None = row.stale_reason
    if earlier and (earlier.endswith(MORE_EDITS) or reason in earlier.split("; ")):
        return True  # already said
    if earlier:
        joined = f"{earlier}; {reason}"
        reason = joined if len(joined) <= STALE_REASON_MAX_CHARS else earlier + MORE_EDITS
    conn.execute(update(t).where(mine).values(stale_reason=reason))
    return True


def drop_load_state(conn: Connection, athlete_id: int) -> bool:
    """Forget an athlete's state (the next update rebuilds it); True when there was one."""
    result = conn.execute(delete(load_states).where(load_states.c.athlete_id == athlete_id))
    return bool(result.rowcount)


__all__ = [
    "VALUE_COLUMNS",
    "drop_load_state",
    "get_load_states",
    "load_rows",
    "mark_load_state_stale",
    "pack_window",
    "put_load_state",
    "unpack_window",
]
