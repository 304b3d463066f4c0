"""What the athlete changed on a stored activity: the new values, and which fields they were.

An edit writes the values and adds the field names to ``activities.edited``, so that an import of
another copy of the same session keeps them (``app/import_store.py``). It drops the activity's
cached session load (a new RPE changes its sRPE; a new sport, name or exclusion changes nothing of
it, but the cache row is cheap to rebuild and an edit never leaves a stale one behind).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, delete, select, update

from recoverwell.core.errors import NotFound, StoreError
from recoverwell.core.types import Sport
from recoverwell.store.schema import activities, session_loads

#: The activity fields the athlete may edit (``recoverwell activity edit``).
EDITABLE_FIELDS = ("sport", "name", "rpe", "excluded", "gear")


def parse_edited(text: str | None) -> frozenset[str]:
    """The field names of an ``activities.edited`` value (comma-separated; NULL = none)."""
    return frozenset(name for name in (text or "").split(",") if name)


def _mine(athlete_id: int, activity_id: int) -> tuple[Any, ...]:
    return (activities.c.id == activity_id, activities.c.athlete_id == athlete_id)


def edited_fields(conn: Connection, athlete_id: int, activity_id: int) -> frozenset[str]:
    """The fields the athlete has edited on one of their activities; NotFound otherwise."""
    row = conn.execute(select(activities.c.edited).where(*_mine(athlete_id, activity_id))).first()
    if row is None:
        raise NotFound(f"no activity with id {activity_id}")
    return parse_edited(row.edited)


def mark_edited(
    conn: Connection, athlete_id: int, activity_id: int, fields: Iterable[str]
) -> frozenset[str]:
    """Add ``fields`` to the activity's edited fields; returns them all."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise StoreError(f"not an editable activity field: {', '.join(sorted(unknown))}")
    edited = edited_fields(conn, athlete_id, activity_id) | set(fields)
    conn.execute(
        update(activities)
        .where(*_mine(athlete_id, activity_id))
        .values(edited=",".join(sorted(edited)) or None)
    )
    return edited


def edit_activity(
    conn: Connection, athlete_id: int, activity_id: int, values: Mapping[str, Any]
) -> None:
    """Write the athlete's new values (``EDITABLE_FIELDS`` only; ``None`` clears one), mark
    them edited and drop the activity's cached session load. NotFound when it is not theirs."""
    mark_edited(conn, athlete_id, activity_id, values)
    row = {k: v.value if isinstance(v, Sport) else v for k, v in values.items()}
    if row:
        conn.execute(update(activities).where(*_mine(athlete_id, activity_id)).values(**row))
    conn.execute(delete(session_loads).where(session_loads.c.activity_id == activity_id))


__all__ = ["EDITABLE_FIELDS", "edit_activity", "edited_fields", "mark_edited", "parse_edited"]
