"""Garmin nights: confirmation types of every generation and the REM rule (garmin_sleep.py)."""

from datetime import date

import pytest

from recoverwell.ingest.base import IssueAction
from recoverwell.ingest.garmin_sleep import CONFIRMED, confirmation, read_nights
from recoverwell.ingest.tabular import Collector

WINDOW = {
    "sleepStartTimestampGMT": "2024-06-13T22:00:00.0",
    "sleepEndTimestampGMT": "2024-06-14T06:00:00.0",
    "calendarDate": "2024-06-14",
    "deepSleepSeconds": 3600,
    "lightSleepSeconds": 18000,
}


def nights(*records):
    c = Collector("x_sleepData.json", "garmin")
    read_nights(c, list(enumerate(records)), "garmin", lambda day, i: True)
    return c


@pytest.mark.reference(
    source="Garmin Health API spec §7.8 (SLEEP_VALIDATION_ENUM, quoted in the public code index); "
    "ferhat00/garmin_sleep_analysis@cbbdbe711fd2 README.md:293-298"
)
@pytest.mark.parametrize(
    "kind",
    [
        "ENHANCED_CONFIRMED_FINAL",
        "ENHANCED_CONFIRMED",
        "AUTO_CONFIRMED_FINAL",
        "AUTO_CONFIRMED",
        "enhanced_confirmed_final",  # the Connect API's spelling (dailySleepDTO)
        "MANUALLY_CONFIRMED",
        "MANUAL",
        "DEVICE",
        "AUTO_TENTATIVE",
        "AUTO_FINAL",
        "AUTO_MANUAL",
        "ENHANCED_TENTATIVE",
        "ENHANCED_FINAL",
    ],
)
def test_every_confirmed_type_reads_the_stages_without_a_note(kind):
    c = nights(WINDOW | {"sleepWindowConfirmationType": kind})
    (night,) = c.sleep
    assert night.asleep_min == (3600 + 18000) / 60 and c.issues == ()
    assert confirmation({"sleepWindowConfirmationType": kind}) in CONFIRMED


def test_off_wrist_in_any_spelling_is_dropped_and_unconfirmed_keeps_the_window():
    c = nights(
        WINDOW | {"sleepWindowConfirmationType": "off_wrist"},
        WINDOW | {"sleepWindowConfirmationType": "UNCONFIRMED", "calendarDate": "2024-06-15"},
    )
    (window_only,) = c.sleep
    assert window_only.asleep_min is None and window_only.deep_min is None
    assert window_only.in_bed_min == 8 * 60 and window_only.score is None
    assert [i.action for i in c.issues] == [IssueAction.NOTED]


@pytest.mark.reference(source="tcgoetz/GarminDB garmindb/import_monitoring.py GarminSleepData")
def test_the_connect_apis_score_shape_is_read_too():
    # GarminDB reads dailySleepDTO['sleepScores']['overall']['value'] (and 'qualifierKey')
    (night,) = nights(
        WINDOW | {"sleepScores": {"overall": {"value": 74, "qualifierKey": "FAIR"}}}
    ).sleep
    assert night.score == 74


def test_rem_unknown_without_rem_evidence_and_zero_after_it():
    c = nights(
        WINDOW,
        WINDOW | {"calendarDate": "2024-06-16", "remSleepSeconds": 600},
        WINDOW | {"calendarDate": "2024-06-15"},  # earlier by date: read before the REM night
        WINDOW | {"calendarDate": "2024-06-17"},
    )
    rem = {p.wake_day: p.rem_min for p in c.sleep}
    assert rem == {
        date(2024, 6, 14): None,
        date(2024, 6, 15): None,
        date(2024, 6, 16): 10,
        date(2024, 6, 17): 0,
    }
    assert [p.wake_day.day for p in c.sleep] == [14, 16, 15, 17]  # file order is kept


def test_naps_of_a_day_are_nap_periods_with_or_without_a_night():
    # napList[] with napStartTimestampGMT, napEndTimestampGMT, napTimeSec: the keys a loader of
    # real exports reads (public code index, repository not resolvable); values made up
    nap = {
        "napStartTimestampGMT": "2024-06-14T12:00:00.0",
        "napEndTimestampGMT": "2024-06-14T12:40:00.0",
        "napTimeSec": 1800,
    }
    c = nights(
        WINDOW | {"napList": [nap]},
        {"calendarDate": "2024-06-15", "napList": [nap | {"napTimeSec": 600}]},
    )
    night, first, second = c.sleep
    assert not night.is_nap and first.is_nap and second.is_nap
    assert (first.asleep_min, first.in_bed_min, first.wake_day) == (30, 40, date(2024, 6, 14))
    assert second.asleep_min == 10 and second.wake_day == date(2024, 6, 15)
    assert c.issues == ()  # a day with only a nap is no placeholder
