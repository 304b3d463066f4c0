"""Daily observations (table ``daily_observations``): one reading of one signal on one day, per
source and context. Like every store module: an open Connection, one athlete.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import Connection, insert, select, update

from recoverwell.core.types import Observation
from recoverwell.store.schema import daily_observations


def upsert_observations(
    conn: Connection,
    athlete_id: int,
    observations: Iterable[Observation],
    import_id: int | None = None,
) -> tuple[int, int, int]:
    """Insert new observations, update changed ones; returns (new, changed, unchanged).

    The key is (athlete, day, signal, source, context): the same reading imported twice changes
    nothing, and a value from another source is kept beside it, not over it.
    """
    new = changed = unchanged = 0
    for obs in observations:
        key = (
            daily_observations.c.athlete_id == athlete_id,
            daily_observations.c.day == obs.day,
            daily_observations.c.signal == obs.signal,
            daily_observations.c.source == obs.source,
            daily_observations.c.context == obs.context,
        )
        existing = conn.execute(
            select(daily_observations.c.id, daily_observations.c.value).where(*key)
        ).first()
        values = {
            "value": obs.value,
            "recorded_at": obs.recorded_at,
            "record_ref": obs.record_ref,
            "import_id": import_id,
        }
        if existing is None:
            conn.execute(
                insert(daily_observations).values(
                    athlete_id=athlete_id,
                    day=obs.day,
                    signal=obs.signal,
                    source=obs.source,
                    context=obs.context,
                    **values,
                )
            )
            new += 1
        elif existing.value != obs.value:
            conn.execute(
                update(daily_observations)
                .where(daily_observations.c.id == existing.id)
                .values(**values)
            )
            changed += 1
        else:
            unchanged += 1
    return new, changed, unchanged


def list_observations(
    conn: Connection,
    athlete_id: int,
    signals: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    *,
    provenance: bool = True,
) -> list[Observation]:
    """The athlete's observations, by day then signal; only ``signals`` when given.
    ``provenance=False`` leaves out when each was recorded and its record reference (what a
    verdict never reads), which halves the cost of the read."""
    t = daily_observations
    where = [t.c.athlete_id == athlete_id]
    if signals is not None:
        where.append(t.c.signal.in_(signals))
    if start is not None:
        where.append(t.c.day >= start)
    if end is not None:
        where.append(t.c.day <= end)
    order = (t.c.day, t.c.signal, t.c.source, t.c.context)
    if not provenance:
        lean = select(t.c.day, t.c.signal, t.c.value, t.c.source, t.c.context)
        return [
            Observation(*row) for row in conn.execute(lean.where(*where).order_by(*order)).all()
        ]
    query = select(t).where(*where).order_by(*order)
    return [
        Observation(
            day=r.day,
            signal=r.signal,
            value=r.value,
            source=r.source,
            context=r.context,
            recorded_at=r.recorded_at,
            record_ref=r.record_ref,
        )
        for r in conn.execute(query)
    ]


def observations_by_athlete(
    conn: Connection, athlete_ids: Sequence[int], start: date, end: date
) -> dict[int, list[Observation]]:
    """Each athlete's observations in ``[start, end]`` without provenance, in one query (a
    squad's verdicts): by day then signal, as ``list_observations``."""
    t = daily_observations
    query = (
        select(t.c.athlete_id, t.c.day, t.c.signal, t.c.value, t.c.source, t.c.context)
        .where(t.c.athlete_id.in_(athlete_ids), t.c.day >= start, t.c.day <= end)
        .order_by(t.c.athlete_id, t.c.day, t.c.signal, t.c.source, t.c.context)
    )
    out: dict[int, list[Observation]] = {i: [] for i in athlete_ids}
    for athlete_id, *values in conn.execute(query).all():
        out[athlete_id].append(Observation(*values))
    return out
