"""Activities with their laps and samples (tables ``activities``, ``laps``, ``activity_streams``).

Every store function takes an open ``Connection``; the app layer decides what forms one
transaction (``store.engine.writing``), e.g. one per imported file. No function reads another
athlete's rows: each query filters on ``athlete_id``. The athlete's edits of an activity are in
``activity_edits.py``; its cached session load in ``loads.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from recoverwell.core.errors import NotFound, StoreError
from recoverwell.core.types import Activity, Lap, Sport, StoredActivity
from recoverwell.store.schema import activities, activity_streams, import_log, laps, session_loads
from recoverwell.store.streams import EncodedStreams, decode_streams, encode_streams

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


def count_activities(conn: Connection, athlete_id: int) -> int:
    """How many activities the athlete has."""
    return conn.execute(
        select(func.count()).select_from(activities).where(activities.c.athlete_id == athlete_id)
    ).scalar_one()


def count_import_activities(conn: Connection, athlete_id: int, import_id: int) -> int:
    """How many of the athlete's activities came from one logged import."""
    return conn.execute(
        select(func.count())
        .select_from(activities)
        .where(activities.c.athlete_id == athlete_id, activities.c.import_id == import_id)
    ).scalar_one()


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
