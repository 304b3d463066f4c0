"""Which Garmin file is which, by name in any folder; the others say what they are."""

import pytest

from recoverwell.ingest.garmin_files import file_kind, not_read_reason


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("DI_CONNECT/DI-Connect-Aggregator/UDSFile_2024-01-01_2024-04-10.json", "uds"),
        ("DI_CONNECT/DI-Connect-User/UDSFile_2019-06-01_2019-09-09.json", "uds"),  # 2022–2023
        (
            "x.zip!9f3e/DI_CONNECT/DI-Connect-Wellness/2024-01-01_2024-04-10_1_sleepData.json",
            "sleep",
        ),
        ("123_healthStatusData.json", "health"),  # unpacked flat
        ("DI_CONNECT/DI-Connect-Fitness/runner_1001_summarizedActivities.json", "activities"),
        ("DI_CONNECT/DI-Connect-User/user_profile.json", None),
    ],
)
def test_kinds_come_from_the_name_alone(name, kind):
    # adam1brownell/garmin_data@e8a620fab98e parse_garmin_connect.py:78,111 (DI-Connect-User);
    # AlexBatrakov/wearable-analytics src/garmin_analytics/util/io.py (DI-Connect-Aggregator)
    assert file_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("DI_CONNECT/DI-Connect-User/HydrationLogFile_2019-01-01.json", "Garmin hydration log"),
        ("DI_CONNECT/DI-Connect-Fitness/runner_personalRecord.json", "Garmin personal records"),
        ("DI_CONNECT/DI-Connect-Metrics/RunRacePredictions_2023.json", "Garmin race predictions"),
        ("DI_CONNECT/DI-Connect-User/user_profile.json", "Garmin Connect export file"),
        # petergardfjall/garminexport backup.py:35 "2015-02-17T05:45:00+00:00_123456789.tcx"
        ("backup/2015-02-17T05:45:00+00:00_123456789_summary.json", "garminexport activity JSON"),
        ("backup/2015-02-17T05:45:00+00:00_123456789_details.json", "garminexport activity JSON"),
        # pe-st/garmin-connect-export gcexport.py:699,780,1026
        ("gc/activity_2541953812_zones.json", "Garmin Connect API JSON"),
        ("gc/2018-03-04_activity_2541953812.json", "Garmin Connect API JSON"),
        ("gc/activities-0-100.json", "Garmin Connect API JSON"),
        # tcgoetz/GarminDB garmindb/download.py:223,265
        ("HealthData/FitFiles/Activities/activity_details_2541953812.json", "Garmin Connect API"),
    ],
)
def test_files_not_read_say_what_they_are(name, what):
    reason = not_read_reason(name)
    assert reason is not None and reason.startswith(what) and "not read" in reason


def test_generic_names_outside_an_export_are_not_claimed():
    assert not_read_reason("elsewhere/user_profile.json") is None
    assert not_read_reason("exercise-0.json") is None  # Fitbit's
    assert not_read_reason("2024-06-14_summary.json") is None


def test_activity_lists_are_told_apart_by_their_header():
    # Garmin Connect's web list (formats.md §1, JoshShearer/CGMAnalysis README.md)
    web = b"Activity Type,Date,Favorite,Title,Distance,Calories,Activity Time,Avg HR\n"
    assert not_read_reason("Activities.csv", web) == (
        "Garmin Connect activity list (display units), not read"
    )
    # pe-st/garmin-connect-export csv_header_default.properties:2-4 and kjkjava's template
    for header in (
        b"Start Time,End Time,Activity ID,Activity Name\n",
        b"Activity ID,Activity Name,Description,Begin Timestamp\n",
    ):
        assert "garmin-connect-export" in (not_read_reason("activities.csv", header) or "")
    # Strava's activities.csv is never claimed (formats.md §12)
    strava = b"Activity ID,Activity Date,Activity Name,Activity Type,Activity Description\n"
    assert not_read_reason("activities.csv", strava) is None
