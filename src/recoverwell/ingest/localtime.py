"""Floating local times: wall-clock times a file gives without any zone or offset.

Many exports write naive local times (Fitbit sleep, Sleep Cycle, Elite HRV, HRV4Training,
TrainingPeaks dates; formats.md §16.2). A reader cannot know the athlete's timezone, so it marks
such a time with the ``FLOATING`` tzinfo (offset 0, named "floating"): the wall clock is right,
the instant is not yet. Readers also give every record the local *day* it belongs to
(``Observation.day``, ``SleepPeriod.wake_day``, ``Activity.utc_offset_s = 0``), so a floating
time never moves a value to another day even if nobody resolves it.

The importer resolves them with ``resolve_floating(result, tz)`` once it knows the athlete's zone:
the wall clock is kept and the zone attached (DST gaps/folds resolved by ``fold=0``). The same
step places an observation that carries an instant but not a day (``day_from_recorded_at``,
e.g. Fitbit's sleep score, stamped in UTC) on the local date of that instant.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta, tzinfo

from recoverwell.core.types import Activity, Observation, SleepPeriod
from recoverwell.ingest.base import ReadResult

_ZERO = timedelta(0)


class _Floating(tzinfo):
    """The marker of a wall-clock time without a zone (offset 0 until resolved).

    One instance, ``FLOATING``, recognised by identity. It pickles as a reference to that
    instance, so results decoded in a worker process keep their floating times recognisable
    (a ``datetime.timezone`` would come back as an equal but distinct object).
    """

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return _ZERO

    def dst(self, dt: datetime | None) -> timedelta:
        return _ZERO

    def tzname(self, dt: datetime | None) -> str:
        return "floating"

    def __repr__(self) -> str:
        return "FLOATING"

    def __reduce__(self) -> str:
        return "FLOATING"


FLOATING = _Floating()


def floating(naive: datetime) -> datetime:
    """Mark a naive wall-clock time as floating local time."""
    return naive.replace(tzinfo=FLOATING)


def floating_day_start(day: date) -> datetime:
    """Local midnight of ``day`` as floating time (for sources that give a date only)."""
    return datetime.combine(day, time(0), tzinfo=FLOATING)


def is_floating(moment: datetime | None) -> bool:
    """True when ``moment`` is a floating local time."""
    return moment is not None and moment.tzinfo is FLOATING


def _attach(moment: datetime, tz: tzinfo) -> datetime:
    return moment.replace(tzinfo=tz) if moment.tzinfo is FLOATING else moment


def _offset_s(moment: datetime) -> int | None:
    offset = moment.utcoffset()
    return None if offset is None else int(offset.total_seconds())


def _activity(activity: Activity, tz: tzinfo) -> Activity:
    if not is_floating(activity.start_time):
        return activity
    start = _attach(activity.start_time, tz)
    laps = tuple(
        dataclasses.replace(lap, start_time=_attach(lap.start_time, tz)) for lap in activity.laps
    )
    return dataclasses.replace(activity, start_time=start, utc_offset_s=_offset_s(start), laps=laps)


def _sleep(period: SleepPeriod, tz: tzinfo) -> SleepPeriod:
    if not (is_floating(period.start) or is_floating(period.end)):
        return period
    return dataclasses.replace(period, start=_attach(period.start, tz), end=_attach(period.end, tz))


def _observation(obs: Observation, tz: tzinfo) -> Observation:
    if obs.recorded_at is None:
        return obs
    if obs.recorded_at.tzinfo is FLOATING:
        return dataclasses.replace(obs, recorded_at=obs.recorded_at.replace(tzinfo=tz))
    if obs.day_from_recorded_at:  # an instant: its day is the local date in the athlete's zone
        day = obs.recorded_at.astimezone(tz).date()
        return dataclasses.replace(obs, day=day, day_from_recorded_at=False)
    return obs


def resolve_floating(result: ReadResult, tz: tzinfo) -> ReadResult:
    """The same result with every floating time placed in ``tz`` (the athlete's timezone)."""
    return dataclasses.replace(
        result,
        activities=tuple(_activity(a, tz) for a in result.activities),
        sleep=tuple(_sleep(p, tz) for p in result.sleep),
        observations=tuple(_observation(o, tz) for o in result.observations),
    )
