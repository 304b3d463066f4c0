"""Athletes (table ``athletes``): their profiles, what data there is of each, and removing one.

Removal deletes the ``athletes`` row and lets the schema's ``ON DELETE CASCADE`` take every row
that belongs to the athlete (activities with their laps, samples and cached loads, daily
readings, sleep periods, niggles, imports, source priorities, the load state): one statement,
so nothing of the athlete can be left behind by a table this module forgot. SQLite enforces
the cascade because ``store.engine`` turns ``foreign_keys`` on for every connection.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, Table, delete, func, insert, select, update

from recoverwell.core.athlete import AthleteProfile, Sex
from recoverwell.core.errors import NotFound, StoreError
from recoverwell.core.timeutil import utc_now
from recoverwell.core.units import UnitSystem
from recoverwell.store.schema import (
    activities,
    athletes,
    daily_observations,
    import_log,
    niggles,
    signal_priorities,
    sleep_periods,
)

_PROFILE_COLUMNS = (
    "name",
    "sex",
    "birth_year",
    "body_mass_kg",
    "hr_max_bpm",
    "hr_rest_bpm",
    "lthr_bpm",
    "threshold_pace_s_per_km",
    "vt1_hr_bpm",
    "vt2_hr_bpm",
    "timezone",
    "units",
    "synthetic",
)


def _profile_from_row(row: Row[Any]) -> AthleteProfile:
    m = row._mapping
    values = {c: m[c] for c in _PROFILE_COLUMNS}
    values["sex"] = Sex(values["sex"])
    values["units"] = UnitSystem(values["units"])
    values["synthetic"] = bool(values["synthetic"])
    return AthleteProfile(id=m["id"], **values)


def _profile_values(profile: AthleteProfile) -> dict[str, Any]:
    values = {c: getattr(profile, c) for c in _PROFILE_COLUMNS}
    values["sex"] = profile.sex.value
    values["units"] = profile.units.value
    return values


def create_athlete(
    conn: Connection, profile: AthleteProfile, user_id: int | None = None
) -> AthleteProfile:
    """Insert a new athlete; returns the profile with its id."""
    new_id = conn.execute(
        insert(athletes)
        .values(user_id=user_id, **_profile_values(profile))
        .returning(athletes.c.id)
    ).scalar_one()
    return dataclasses.replace(profile, id=new_id)


def get_athlete(conn: Connection, athlete_id: int) -> AthleteProfile:
    """One athlete's profile; NotFound when there is no such athlete."""
    row = conn.execute(select(athletes).where(athletes.c.id == athlete_id)).first()
    if row is None:
        raise NotFound(f"no athlete with id {athlete_id}")
    return _profile_from_row(row)


def list_athletes(conn: Connection, ids: Sequence[int] | None = None) -> list[AthleteProfile]:
    """Athletes ordered by id; only ``ids`` when given (the caller scopes by permission)."""
    query = select(athletes).order_by(athletes.c.id)
    if ids is not None:
        query = query.where(athletes.c.id.in_(ids))
    return [_profile_from_row(r) for r in conn.execute(query)]


def update_athlete(conn: Connection, profile: AthleteProfile) -> AthleteProfile:
    """Write every profile field of an existing athlete."""
    if profile.id is None:
        raise StoreError("cannot update an athlete profile without an id")
    result = conn.execute(
        update(athletes)
        .where(athletes.c.id == profile.id)
        .values(updated_at=utc_now(), **_profile_values(profile))
    )
    if result.rowcount == 0:
        raise NotFound(f"no athlete with id {profile.id}")
    return profile


def delete_athlete_data(conn: Connection, athlete_id: int) -> None:
    """Remove an athlete's recorded data and import log (profile and source priorities stay)."""
    for table in (activities, daily_observations, sleep_periods, niggles, import_log):
        conn.execute(delete(table).where(table.c.athlete_id == athlete_id))


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
