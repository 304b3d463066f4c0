"""An athlete's data as a whole: what there is of it, and removing the athlete with all of it.

Removal deletes the ``athletes`` row and lets the schema's ``ON DELETE CASCADE`` take every row
that belongs to the athlete (activities with their laps, samples and cached loads, daily
readings, sleep periods, niggles, imports, source priorities, the load state): one statement,
so nothing of the athlete can be left behind by a table this module forgot. SQLite enforces
the cascade because ``store.engine`` turns ``foreign_keys`` on for every connection.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, Table, delete, func, select

from recoverwell.core.errors import NotFound
from recoverwell.store.schema import (
    activities,
    athletes,
    daily_observations,
    import_log,
    niggles,
    signal_priorities,
    sleep_periods,
)

#: What ``athlete_data_counts`` counts, by the words a person reads ("120 activities").
COUNTED: tuple[tuple[str, Table], ...] = (
    ("activities", activities),
    ("daily readings", daily_observations),
    ("sleep periods", sleep_periods),
    ("niggles", niggles),
    ("imports", import_log),
    ("source priorities", signal_priorities),
)


def athlete_data_counts(conn: Connection, athlete_id: int) -> dict[str, int]:
    """How many rows of each kind of the athlete's data the workspace holds."""
    return {
        kind: conn.execute(
            select(func.count()).select_from(table).where(table.c.athlete_id == athlete_id)
        ).scalar_one()
        for kind, table in COUNTED
    }


def last_activity_days(conn: Connection) -> dict[int, date]:
    """Each athlete's latest activity day (athletes without activities are left out)."""
    query = select(activities.c.athlete_id, func.max(activities.c.local_date)).group_by(
        activities.c.athlete_id
    )
    return {athlete_id: day for athlete_id, day in conn.execute(query) if day is not None}


def delete_athlete(conn: Connection, athlete_id: int) -> None:
    """Delete the athlete; the schema's cascade deletes everything that is theirs."""
    result = conn.execute(delete(athletes).where(athletes.c.id == athlete_id))
    if result.rowcount == 0:
        raise NotFound(f"no athlete with id {athlete_id}")
