"""Queries and writes, each scoped to one athlete. Transactions belong to the caller (``app``).

Every function takes an open ``Connection``; the app layer decides what forms one transaction
(``store.engine.writing``), e.g. one per imported file. No function here reads another athlete's
rows: each query filters on ``athlete_id``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from recoverwell.core.athlete import AthleteProfile, Sex
from recoverwell.core.errors import NotFound, StoreError
from recoverwell.core.timeutil import utc_now
from recoverwell.core.types import Activity, Lap, Observation, SleepPeriod, Sport, StoredActivity
from recoverwell.core.units import UnitSystem
from recoverwell.store.schema import (
    activities,
    activity_streams,
    athletes,
    daily_observations,
    import_log,
    laps,
    niggles,
    sleep_periods,
)
from recoverwell.store.sleep_union import merge_overlapping
from recoverwell.store.streams import EncodedStreams, decode_streams, encode_streams

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
_ACTIVITY_COLUMNS = (
    "sport",
    "sub_sport",
    "name",
    "elapsed_s",
    "moving_s",
    "distance_m",
    "ascent_m",
    "descent_m",
    "calories_kcal",
    "avg_hr_bpm",
    "max_hr_bpm",
    "avg_speed_m_s",
    "avg_cadence_spm",
    "rpe",
    "device",
    "source_format",
    "utc_offset_s",
    "excluded",
    "gear",
)
_LAP_COLUMNS = tuple(f.name for f in dataclasses.fields(Lap) if f.name != "index")


# --- athletes ---------------------------------------------------------------------------------


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


# --- import log -------------------------------------------------------------------------------


def find_import(conn: Connection, athlete_id: int, content_sha256: str) -> int | None:
    """The import_log id of a file with this content already imported for the athlete."""
    return conn.execute(
        select(import_log.c.id).where(
            import_log.c.athlete_id == athlete_id, import_log.c.content_sha256 == content_sha256
        )
    ).scalar_one_or_none()


def record_import(
    conn: Connection,
    athlete_id: int,
    *,
    content_sha256: str,
    source_path: str,
    size_bytes: int,
    format: str,
    status: str,
    n_records: int = 0,
    message: str | None = None,
) -> int:
    """Log one imported file; returns its id (the provenance of every row it produced)."""
    log_id: int = conn.execute(
        insert(import_log)
        .values(
            athlete_id=athlete_id,
            content_sha256=content_sha256,
            source_path=source_path,
            size_bytes=size_bytes,
            format=format,
            status=status,
            n_records=n_records,
            message=message,
        )
        .returning(import_log.c.id)
    ).scalar_one()
    return log_id


# --- activities -------------------------------------------------------------------------------


def insert_activity(
    conn: Connection,
    athlete_id: int,
    activity: Activity,
    local_date: date,
    import_id: int | None = None,
    encoded: EncodedStreams | None = None,
) -> int:
    """Store one activity with its laps and streams; StoreError if it is already stored.

    ``encoded`` is the activity's streams already packed by ``encode_streams`` (an importer
    packs them in its worker processes); without it they are packed here.
    """
    values = {c: getattr(activity, c) for c in _ACTIVITY_COLUMNS}
    values["sport"] = activity.sport.value
    try:
        activity_id: int = conn.execute(
            insert(activities)
            .values(
                athlete_id=athlete_id,
                import_id=import_id,
                start_time=activity.start_time,
                local_date=local_date,
                **values,
            )
            .returning(activities.c.id)
        ).scalar_one()
    except IntegrityError as err:
        raise StoreError(
            f"an activity ({activity.sport.value}) starting {activity.start_time.isoformat()} "
            "is already stored"
        ) from err
    if activity.laps:
        conn.execute(
            insert(laps),
            [
                {"activity_id": activity_id, "lap_index": lap.index}
                | {c: getattr(lap, c) for c in _LAP_COLUMNS}
                for lap in activity.laps
            ],
        )
    if encoded is None and (activity.streams is not None or activity.rr_ms is not None):
        encoded = encode_streams(activity.streams, activity.rr_ms)
    if encoded is not None:
        conn.execute(insert(activity_streams).values(activity_id=activity_id, **encoded._asdict()))
    return activity_id


def _activity_from_row(
    row: Row[Any], lap_rows: Iterable[Row[Any]] = (), stream_row: Row[Any] | None = None
) -> StoredActivity:
    m = row._mapping
    values = {c: m[c] for c in _ACTIVITY_COLUMNS}
    values["sport"] = Sport(values["sport"])
    streams, rr = (None, None)
    if stream_row is not None:
        streams, rr = decode_streams(stream_row.payload, stream_row.codec)
    laps_ = tuple(
        Lap(index=r.lap_index, **{c: r._mapping[c] for c in _LAP_COLUMNS}) for r in lap_rows
    )
    activity = Activity(start_time=m["start_time"], laps=laps_, streams=streams, rr_ms=rr, **values)
    return StoredActivity(
        id=m["id"], athlete_id=m["athlete_id"], local_date=m["local_date"], activity=activity
    )


def list_activities(
    conn: Connection,
    athlete_id: int,
    start: date | None = None,
    end: date | None = None,
    sport: Sport | None = None,
) -> list[StoredActivity]:
    """The athlete's activities (without laps and streams) in ``[start, end]``, oldest first."""
    query = select(activities).where(activities.c.athlete_id == athlete_id)
    if start is not None:
        query = query.where(activities.c.local_date >= start)
    if end is not None:
        query = query.where(activities.c.local_date <= end)
    if sport is not None:
        query = query.where(activities.c.sport == sport.value)
    query = query.order_by(activities.c.start_time)
    return [_activity_from_row(r) for r in conn.execute(query)]


def get_activity(conn: Connection, athlete_id: int, activity_id: int) -> StoredActivity:
    """One activity with its laps and streams; NotFound if it is not this athlete's."""
    row = conn.execute(
        select(activities).where(
            activities.c.id == activity_id, activities.c.athlete_id == athlete_id
        )
    ).first()
    if row is None:
        raise NotFound(f"no activity with id {activity_id}")
    lap_rows = conn.execute(
        select(laps).where(laps.c.activity_id == activity_id).order_by(laps.c.lap_index)
    )
    stream_row = conn.execute(
        select(activity_streams).where(activity_streams.c.activity_id == activity_id)
    ).first()
    return _activity_from_row(row, lap_rows, stream_row)


@dataclasses.dataclass(frozen=True, slots=True)
class ActivityBrief:
    """What duplicate detection needs to know of a stored activity (no arrays loaded)."""

    id: int
    start_time: datetime
    elapsed_s: float
    sport: Sport
    source_format: str | None
    n_channels: int
    n_samples: int
    n_rr: int
    import_id: int | None
    source_path: str | None
    name: str | None = None
    rpe: float | None = None
    distance_m: float | None = None
    utc_offset_s: int | None = None
    local_date: date | None = None
    moving_s: float | None = None
    excluded: str | None = None
    gear: str | None = None
    edited: frozenset[str] = frozenset()  # fields the athlete edited (store/activity_edits.py)


def activities_starting_between(
    conn: Connection, athlete_id: int, start: datetime, end: datetime
) -> list[ActivityBrief]:
    """The athlete's activities whose start is in ``[start, end]``, with their stream sizes."""
    query = (
        select(
            activities.c.id,
            activities.c.start_time,
            activities.c.elapsed_s,
            activities.c.sport,
            activities.c.source_format,
            activities.c.import_id,
            activities.c.name,
            activities.c.rpe,
            activities.c.distance_m,
            activities.c.utc_offset_s,
            activities.c.local_date,
            activities.c.moving_s,
            activities.c.excluded,
            activities.c.gear,
            activities.c.edited,
            activity_streams.c.channels,
            activity_streams.c.n_samples,
            activity_streams.c.n_rr,
            import_log.c.source_path,
        )
        .select_from(
            activities.outerjoin(
                activity_streams, activity_streams.c.activity_id == activities.c.id
            ).outerjoin(import_log, import_log.c.id == activities.c.import_id)
        )
        .where(
            activities.c.athlete_id == athlete_id,
            activities.c.start_time >= start,
            activities.c.start_time <= end,
        )
        .order_by(activities.c.start_time)
    )
    return [
        ActivityBrief(
            id=r.id,
            start_time=r.start_time,
            elapsed_s=r.elapsed_s,
            sport=Sport(r.sport),
            source_format=r.source_format,
            n_channels=len(r.channels.split(",")) if r.channels else 0,
            n_samples=r.n_samples or 0,
            n_rr=r.n_rr or 0,
            import_id=r.import_id,
            source_path=r.source_path,
            name=r.name,
            rpe=r.rpe,
            distance_m=r.distance_m,
            utc_offset_s=r.utc_offset_s,
            local_date=r.local_date,
            moving_s=r.moving_s,
            excluded=r.excluded,
            gear=r.gear,
            edited=frozenset(filter(None, (r.edited or "").split(","))),
        )
        for r in conn.execute(query)
    ]


def delete_activity(conn: Connection, athlete_id: int, activity_id: int) -> None:
    """Remove one of the athlete's activities; its laps and streams go with it (cascade)."""
    result = conn.execute(
        delete(activities).where(
            activities.c.id == activity_id, activities.c.athlete_id == athlete_id
        )
    )
    if result.rowcount == 0:
        raise NotFound(f"no activity with id {activity_id}")


def count_import_activities(conn: Connection, athlete_id: int, import_id: int) -> int:
    """How many of the athlete's activities came from one logged import."""
    return conn.execute(
        select(func.count())
        .select_from(activities)
        .where(activities.c.athlete_id == athlete_id, activities.c.import_id == import_id)
    ).scalar_one()


def update_import(
    conn: Connection, athlete_id: int, import_id: int, *, status: str, message: str | None
) -> None:
    """Change the status and message of a logged import (e.g. it became a duplicate)."""
    conn.execute(
        update(import_log)
        .where(import_log.c.id == import_id, import_log.c.athlete_id == athlete_id)
        .values(status=status, message=message)
    )


def count_activities(conn: Connection, athlete_id: int) -> int:
    """How many activities the athlete has."""
    return conn.execute(
        select(func.count()).select_from(activities).where(activities.c.athlete_id == athlete_id)
    ).scalar_one()


def delete_athlete_data(conn: Connection, athlete_id: int) -> None:
    """Remove an athlete's recorded data and import log (profile and source priorities stay)."""
    for table in (activities, daily_observations, sleep_periods, niggles, import_log):
        conn.execute(delete(table).where(table.c.athlete_id == athlete_id))


# --- daily observations -----------------------------------------------------------------------


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
) -> list[Observation]:
    """The athlete's observations, by day then signal; only ``signals`` when given."""
    t = daily_observations
    query = select(t).where(t.c.athlete_id == athlete_id)
    if signals is not None:
        query = query.where(t.c.signal.in_(signals))
    if start is not None:
        query = query.where(t.c.day >= start)
    if end is not None:
        query = query.where(t.c.day <= end)
    query = query.order_by(t.c.day, t.c.signal, t.c.source, t.c.context)
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


# --- sleep periods ----------------------------------------------------------------------------

_SLEEP_COLUMNS = (
    "asleep_min",
    "in_bed_min",
    "deep_min",
    "rem_min",
    "light_min",
    "awake_min",
    "awakenings",
    "latency_min",
    "score",
    "record_ref",
)


def upsert_sleep_periods(
    conn: Connection,
    athlete_id: int,
    periods: Iterable[tuple[date, SleepPeriod]],
    import_id: int | None = None,
) -> tuple[int, int, int]:
    """Store (wake_day, period) pairs; returns (new, changed, unchanged).

    The key is (athlete, source, start): the same night imported twice changes nothing. From an
    import (``import_id`` given), a period that overlaps in time a period of the same source
    stored by another import is that sleep exported again (two overlapping exports of one
    account, a night the vendor re-scored and moved): it replaces the stored one, so one night is
    never counted twice (``store/sleep_union.py``).
    """
    new = changed = unchanged = 0
    t = sleep_periods
    for wake_day, period in periods:
        values = {c: getattr(period, c) for c in _SLEEP_COLUMNS} | {
            "wake_day": wake_day,
            "end_time": period.end,
            "is_nap": period.is_nap,
        }
        existing = conn.execute(
            select(t).where(
                t.c.athlete_id == athlete_id,
                t.c.source == period.source,
                t.c.start_time == period.start,
            )
        ).first()
        merged = import_id is not None and merge_overlapping(
            conn, athlete_id, period, values, import_id, None if existing is None else existing.id
        )
        if existing is None and merged:
            changed += 1
            continue
        if existing is None:
            conn.execute(
                insert(t).values(
                    athlete_id=athlete_id,
                    source=period.source,
                    start_time=period.start,
                    import_id=import_id,
                    **values,
                )
            )
            new += 1
        elif merged or any(existing._mapping[k] != v for k, v in values.items()):
            conn.execute(
                update(t).where(t.c.id == existing.id).values(import_id=import_id, **values)
            )
            changed += 1
        else:
            unchanged += 1
    return new, changed, unchanged


def list_sleep_periods(
    conn: Connection, athlete_id: int, start: date | None = None, end: date | None = None
) -> list[tuple[date, SleepPeriod]]:
    """(wake_day, period) pairs of the athlete in ``[start, end]``, by start time."""
    t = sleep_periods
    query = select(t).where(t.c.athlete_id == athlete_id)
    if start is not None:
        query = query.where(t.c.wake_day >= start)
    if end is not None:
        query = query.where(t.c.wake_day <= end)
    out = []
    for r in conn.execute(query.order_by(t.c.start_time)):
        m = r._mapping
        period = SleepPeriod(
            start=m["start_time"],
            end=m["end_time"],
            source=m["source"],
            is_nap=bool(m["is_nap"]),
            **{c: m[c] for c in _SLEEP_COLUMNS},
        )
        out.append((m["wake_day"], period))
    return out
