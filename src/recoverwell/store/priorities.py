"""Signal source priorities (table ``signal_priorities``): which source wins for a signal when
several report it. Like every store module: an open Connection, one athlete.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from recoverwell.core.timeutil import utc_now
from recoverwell.store.schema import daily_observations, signal_priorities, sleep_periods

_SEP = ","


def get_priorities(conn: Connection, athlete_id: int) -> dict[str, tuple[str, ...]]:
    """The athlete's source order per signal (``*`` = every signal without its own order)."""
    t = signal_priorities
    rows = conn.execute(select(t.c.signal, t.c.sources).where(t.c.athlete_id == athlete_id))
    return {r.signal: tuple(s for s in r.sources.split(_SEP) if s) for r in rows}


def stored_sources(conn: Connection, athlete_id: int) -> set[str]:
    """Every source the athlete has readings or sleep periods from."""
    found: set[str] = set()
    for table in (daily_observations, sleep_periods):
        query = select(table.c.source).where(table.c.athlete_id == athlete_id).distinct()
        found.update(conn.execute(query).scalars())
    return found


def set_priority(conn: Connection, athlete_id: int, signal: str, sources: tuple[str, ...]) -> None:
    """Set (or with no sources, remove) the athlete's source order for one signal."""
    t = signal_priorities
    key = (t.c.athlete_id == athlete_id, t.c.signal == signal)
    if not sources:
        conn.execute(delete(t).where(*key))
        return
    text = _SEP.join(sources)
    if conn.execute(select(t.c.id).where(*key)).first() is None:
        conn.execute(insert(t).values(athlete_id=athlete_id, signal=signal, sources=text))
    else:
        conn.execute(update(t).where(*key).values(sources=text, updated_at=utc_now()))
