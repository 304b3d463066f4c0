"""Every date shape of Garmin's export generations (ingest/garmin_dates.py)."""

from datetime import UTC, date, datetime

import pytest

from recoverwell.ingest.garmin_dates import parse_day, parse_moment


@pytest.mark.reference(source="google/gson#1210, #1719 (Java 8 vs 9), PR #3091 (U+202F, JDK 21)")
@pytest.mark.parametrize(
    "text",
    [
        "Jun 1, 2019 10:09:00 PM",  # Java ≤ 8 DateFormat (gson#1210: "Jan 1, 1970 12:00:00 AM")
        "Jun 1, 2019, 10:09:00 PM",  # Java 9+ (gson#1719: "Jun 10, 2020, 11:14:17 AM")
        "Jun 1, 2019, 10:09:00\u202fPM",  # CLDR 42 / JDK 21 (gson PR #3091)
        "2019-06-01T22:09:00.0",  # current exports (ferhat00/garmin_sleep_analysis README.md:260)
    ],
)
def test_every_generation_spells_the_same_gmt_instant(text):
    assert parse_moment(text) == datetime(2019, 6, 1, 22, 9, tzinfo=UTC)
    assert parse_moment({"date": text}) == datetime(2019, 6, 1, 22, 9, tzinfo=UTC)


def test_twelve_oclock_is_midnight_in_the_morning_and_noon_in_the_afternoon():
    assert parse_moment("Jan 5, 2020 12:30:00 AM") == datetime(2020, 1, 5, 0, 30, tzinfo=UTC)
    assert parse_moment("Jan 5, 2020 12:30:00 PM") == datetime(2020, 1, 5, 12, 30, tzinfo=UTC)
    assert parse_moment("September 5, 2020 1:00:00 PM").month == 9  # full names read too


@pytest.mark.reference(source="tcgoetz/GarminDB garmindb/import_monitoring.py GarminSleepData")
def test_epoch_milliseconds_are_utc():
    # the Connect API's dailySleepDTO (an API client's docstring in the public code index:
    # sleepStartTimestampGMT 1539828300000, calendarDate 2018-10-18):
    # 1539828300 s = 1539820800 (2018-10-18T00:00Z = 17822 days × 86400) + 7500 s (2 h 05 min)
    assert 17822 * 86400 + 7500 == 1539828300
    assert parse_moment(1539828300000) == datetime(2018, 10, 18, 2, 5, tzinfo=UTC)


@pytest.mark.reference(source="adam1brownell/garmin_data@e8a620fab98e garmin_functions.py:278")
def test_calendar_dates_of_every_generation():
    assert parse_day("2024-06-01") == date(2024, 6, 1)
    assert parse_day({"date": "Jun 1, 2019 12:00:00 AM"}) == date(2019, 6, 1)
    assert parse_day("2024-06-01T00:00:00.0") == date(2024, 6, 1)


@pytest.mark.parametrize("bad", ["June 3rd", "Foo 1, 2019 1:00:00 AM", "Jun 1, 2019 13:00:00 PM"])
def test_anything_else_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="not a date Garmin writes"):
        parse_day(bad)
    with pytest.raises(TypeError, match="not a time"):
        parse_moment(True)
    with pytest.raises(TypeError, match="not a date"):
        parse_day(20190601)
