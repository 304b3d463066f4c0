from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from recoverwell.core.errors import InvalidValue
from recoverwell.core.timeutil import as_utc, day_range, local_day, parse_timezone, week_start

DENVER = ZoneInfo("America/Denver")


def test_an_evening_run_belongs_to_the_local_day_not_the_utc_day():
    # 23:30 in Denver on Mon 2026-11-23 (UTC−7) is 06:30 UTC on Tuesday
    start = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
    assert local_day(start, DENVER) == date(2026, 11, 23)


def test_the_devices_own_offset_wins_over_the_profile_timezone():
    # The runner flew to Tokyo (UTC+9): 06:30 UTC is 15:30 local, still Tuesday
    start = datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
    assert local_day(start, DENVER, utc_offset_s=9 * 3600) == date(2026, 11, 24)


def test_naive_datetimes_are_refused():
    with pytest.raises(InvalidValue, match="naive"):
        as_utc(datetime(2026, 1, 1))  # noqa: DTZ001


def test_as_utc_keeps_the_instant():
    moment = datetime(2026, 6, 1, 8, 0, tzinfo=timezone(timedelta(hours=2)))
    assert as_utc(moment) == datetime(2026, 6, 1, 6, 0, tzinfo=UTC)


def test_unknown_timezone_is_named():
    with pytest.raises(InvalidValue, match="Mars/Olympus"):
        parse_timezone("Mars/Olympus")


@pytest.mark.parametrize("name", ["a" * 300, "America", "../etc/passwd", ""])
def test_a_name_the_zone_database_cannot_even_look_up_is_named(name):
    # 300 characters: the file system refuses the name (OSError), found by tests/cli/test_root.py
    with pytest.raises(InvalidValue, match="not an IANA timezone name"):
        parse_timezone(name)


def test_weeks_start_on_monday():
    assert week_start(date(2026, 11, 29)) == date(2026, 11, 23)  # Sunday → Monday
    assert week_start(date(2026, 11, 23)) == date(2026, 11, 23)


def test_day_range_is_inclusive():
    assert day_range(date(2026, 2, 27), date(2026, 3, 1)) == [
        date(2026, 2, 27),
        date(2026, 2, 28),
        date(2026, 3, 1),
    ]
