"""Timezone-aware time helpers, and the athlete's local training day.

Datetimes in recoverwell are always timezone-aware; the store keeps UTC. A *training day* is the
calendar date in the athlete's local time at the moment an activity starts (or a reading is taken):
a run starting 23:30 in Denver on Monday belongs to Monday even though it is Tuesday in UTC. When a
device recorded its own UTC offset (FIT ``local_timestamp``, Apple's ``+0100``), that offset wins
over the profile timezone, so a runner who travels keeps the days they lived.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from recoverwell.core.errors import InvalidValue

__all__ = [
    "UTC",
    "as_utc",
    "day_range",
    "local_day",
    "parse_timezone",
    "today_in",
    "utc_now",
    "week_start",
]


def parse_timezone(name: str) -> ZoneInfo:
    """An IANA timezone by name (``Europe/London``); InvalidValue naming it when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as err:  # OSError: a name too long
        raise InvalidValue(
            "timezone", name, "not an IANA timezone name, e.g. Europe/London"
        ) from err


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """The same instant in UTC; refuses naive datetimes rather than guessing their zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidValue("datetime", moment.isoformat(), "naive datetime; a timezone is required")
    return moment.astimezone(UTC)


def local_day(moment: datetime, tz: tzinfo, utc_offset_s: int | None = None) -> date:
    """The athlete's training day for an instant.

    ``utc_offset_s`` (the device's own offset at that moment, when known) takes precedence over
    ``tz`` (the athlete's profile timezone).
    """
    aware = as_utc(moment)
    if utc_offset_s is not None:
        return aware.astimezone(timezone(timedelta(seconds=utc_offset_s))).date()
    return aware.astimezone(tz).date()


def today_in(tz: tzinfo) -> date:
    """Today's date in the athlete's timezone."""
    return utc_now().astimezone(tz).date()


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of the week containing ``day`` (Monday = 0, the ISO convention)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def day_range(start: date, end: date) -> list[date]:
    """Every calendar day from ``start`` to ``end`` inclusive."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
