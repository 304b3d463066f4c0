"""Store functions of issue #6: signal source priorities, niggles, an activity's session RPE.

Like ``repository.py``: each function takes an open Connection (the app owns transactions) and
is scoped to one athlete.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, delete, func, insert, select, update

from recoverwell.core.errors import NotFound
from recoverwell.core.niggles import Niggle, Side
from recoverwell.core.timeutil import utc_now
from recoverwell.store.schema import (
    activities,
    daily_observations,
    niggles,
    session_loads,
    signal_priorities,
    sleep_periods,
)

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
    return [
        Niggle(
            r.day,
            r.location,
            Side(r.side),
            r.pain_0_10,
            bool(r.changes_gait),
            r.note,
            bone_pain=bool(r.bone_pain),
        )
        for r in conn.execute(query.order_by(t.c.day, t.c.location, t.c.side))
    ]


def set_activity_rpe(conn: Connection, athlete_id: int, activity_id: int, rpe: float) -> None:
    """Set the session RPE (CR-10) of one of the athlete's activities; NotFound otherwise."""
    result = conn.execute(
        update(activities)
        .where(activities.c.id == activity_id, activities.c.athlete_id == athlete_id)
        .values(rpe=rpe)
    )
    if result.rowcount == 0:
        raise NotFound(f"no activity with id {activity_id}")
    _forget_session_load(conn, activity_id)


def _forget_session_load(conn: Connection, activity_id: int) -> None:
    """Drop the activity's cached session load: its sRPE (and maybe its load model) changed."""
    conn.execute(delete(session_loads).where(session_loads.c.activity_id == activity_id))


def fill_activity(
    conn: Connection,
    athlete_id: int,
    activity_id: int,
    *,
    name: str | None = None,
    rpe: float | None = None,
    gear: str | None = None,
) -> None:
    """Give one of the athlete's activities a name, session RPE or gear it does not have yet.

    Only empty columns are written (an RPE from the check-in or a user's title is never
    overwritten); NotFound when the activity is not the athlete's.
    """
    t = activities
    mine = (t.c.id == activity_id, t.c.athlete_id == athlete_id)
    if conn.execute(select(t.c.id).where(*mine)).first() is None:
        raise NotFound(f"no activity with id {activity_id}")
    if name is not None:
        conn.execute(update(t).where(*mine, t.c.name.is_(None)).values(name=name))
    if gear is not None:
        conn.execute(update(t).where(*mine, t.c.gear.is_(None)).values(gear=gear))
    if rpe is not None:
        filled = conn.execute(update(t).where(*mine, t.c.rpe.is_(None)).values(rpe=rpe))
        if filled.rowcount:
            _forget_session_load(conn, activity_id)


def last_signal_day(conn: Connection, athlete_id: int) -> date | None:
    """The newest day with any recovery reading (observation or sleep wake-up day)."""
    days = [
        conn.execute(
            select(func.max(daily_observations.c.day)).where(
                daily_observations.c.athlete_id == athlete_id
            )
        ).scalar(),
        conn.execute(
            select(func.max(sleep_periods.c.wake_day)).where(
                sleep_periods.c.athlete_id == athlete_id
            )
        ).scalar(),
    ]
    present = [d for d in days if d is not None]
    return max(present) if present else None
