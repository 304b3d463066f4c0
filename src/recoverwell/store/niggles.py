"""Niggles (table ``niggles``): an ache the athlete reports, one per (day, location, side). Like
every store module: an open Connection, one athlete.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from recoverwell.core.niggles import Niggle, Side
from recoverwell.store.schema import niggles


def upsert_niggle(conn: Connection, athlete_id: int, niggle: Niggle) -> bool:
    """Store a niggle; the same (day, location, side) again replaces it. True when new."""
    t = niggles
    key = (
        t.c.athlete_id == athlete_id,
        t.c.day == niggle.day,
        t.c.location == niggle.location,
        t.c.side == niggle.side.value,
    )
    values = {
        "pain_0_10": niggle.pain_0_10,
        "changes_gait": niggle.changes_gait,
        "note": niggle.note,
        "bone_pain": niggle.bone_pain,
    }
    if conn.execute(select(t.c.id).where(*key)).first() is None:
        conn.execute(
            insert(t).values(
                athlete_id=athlete_id,
                day=niggle.day,
                location=niggle.location,
                side=niggle.side.value,
                **values,
            )
        )
        return True
    conn.execute(update(t).where(*key).values(**values))
    return False


def delete_niggle(conn: Connection, athlete_id: int, niggle: Niggle) -> bool:
    """Remove the athlete's niggle of that (day, location, side); True when there was one."""
    t = niggles
    result = conn.execute(
        delete(t).where(
            t.c.athlete_id == athlete_id,
            t.c.day == niggle.day,
            t.c.location == niggle.location,
            t.c.side == niggle.side.value,
        )
    )
    return bool(result.rowcount)


def list_niggles(
    conn: Connection, athlete_id: int, start: date | None = None, end: date | None = None
) -> list[Niggle]:
    """The athlete's niggles in ``[start, end]``, by day then location."""
    t = niggles
    query = select(t).where(t.c.athlete_id == athlete_id)
    if start is not None:
        query = query.where(t.c.day >= start)
    if end is not None:
        query = query.where(t.c.day <= end)
    return [_niggle(r) for r in conn.execute(query.order_by(t.c.day, t.c.location, t.c.side))]


def _niggle(r: Any) -> Niggle:
    return Niggle(
        r.day, r.location, Side(r.side), r.pain_0_10, bool(r.changes_gait), r.note,
        bone_pain=bool(r.bone_pain),
    )  # fmt: skip


def niggles_by_athlete(
    conn: Connection, athlete_ids: Sequence[int], start: date, end: date
) -> dict[int, list[Niggle]]:
    """Each athlete's niggles in ``[start, end]``, in one query (a squad's verdicts)."""
    t = niggles
    query = select(t).where(t.c.athlete_id.in_(athlete_ids), t.c.day >= start, t.c.day <= end)
    out: dict[int, list[Niggle]] = {i: [] for i in athlete_ids}
    for r in conn.execute(query.order_by(t.c.athlete_id, t.c.day, t.c.location, t.c.side)):
        out[r.athlete_id].append(_niggle(r))
    return out
