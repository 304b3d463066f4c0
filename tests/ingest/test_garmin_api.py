"""The Connect API's per-day JSON as GarminDB keeps it (ingest/garmin_api.py).

Every key is one tcgoetz/GarminDB ``garmindb/import_monitoring.py`` reads (bbcd102ecbc6, lines
in each test); the values are made up (GarminDB's own test files are not published).
"""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from recoverwell.ingest.base import IssueAction, Source
from recoverwell.ingest.garmin import GarminConnectReader
from recoverwell.ingest.garmin_api import api_kind
from recoverwell.ingest.registry import reader_for

FIXTURES = Path(__file__).parent / "fixtures"


def read(name, folder="HealthData/Sleep/"):
    path = FIXTURES / name
    reader = reader_for(path.read_bytes()[:1024], folder + name)
    assert isinstance(reader, GarminConnectReader)
    return reader.read(Source(str(path), lambda: path.open("rb")))


def read_text(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return GarminConnectReader().read(Source(str(path), lambda: path.open("rb")))


@pytest.mark.reference(source="tcgoetz/GarminDB@bbcd102ecbc6 garmindb/import_monitoring.py:165-205")
def test_a_sleep_answer_is_the_same_night_as_the_exports():
    # epoch-ms GMT (line 172, epoch_ms_to_dt), lower-case confirmation, sleepScores.overall.value
    # (line 188); the same night as tests/ingest/fixtures' sleepData record for 2024-06-14
    (night,) = read("sleep_2024-06-14.json").sleep
    assert night.start == datetime(2024, 6, 13, 21, 9, tzinfo=UTC)
    assert night.end == datetime(2024, 6, 14, 5, 9, tzinfo=UTC)
    assert night.asleep_min == (5400 + 14400 + 7200) / 60 and night.score == 84
    assert night.wake_day == date(2024, 6, 14)


@pytest.mark.reference(source="tcgoetz/GarminDB@bbcd102ecbc6 garmindb/import_monitoring.py:179")
def test_rem_sleep_data_says_whether_a_missing_rem_is_zero(tmp_path):
    night = (
        '"dailySleepDTO": {"calendarDate": "2024-06-14", "sleepStartTimestampGMT": 1718312940000,'
        ' "sleepEndTimestampGMT": 1718341740000, "deepSleepSeconds": 6000,'
        ' "lightSleepSeconds": 20000, "sleepWindowConfirmationType": "auto_confirmed_final"}'
    )
    staged = read_text(tmp_path, "sleep_2024-06-14.json", f'{{{night}, "remSleepData": true}}')
    unstaged = read_text(tmp_path, "sleep_2024-06-15.json", f'{{{night}, "remSleepData": false}}')
    assert staged.sleep[0].rem_min == 0 and unstaged.sleep[0].rem_min is None
    assert staged.sleep[0].asleep_min == unstaged.sleep[0].asleep_min == (6000 + 20000) / 60


@pytest.mark.reference(
    source="tcgoetz/GarminDB@bbcd102ecbc6 garmindb/import_monitoring.py:48-53,250-255,409-412,"
    "469-473,504-515"
)
@pytest.mark.parametrize(
    ("name", "signal", "value", "context"),
    [
        ("rhr_2024-06-14.json", "rhr_bpm", 42, ""),
        ("hrv_2024-06-14.json", "hrv_rmssd_ms", 68, "overnight"),  # lastNightAvg, not weeklyAvg
        ("daily_summary_2024-06-14.json", "rhr_bpm", 42, ""),
        ("hydration_2024-06-14.json", "fluid_ml", 2500, ""),
        ("weight_2024-06-14.json", "body_mass_kg", 61400 / 1000, ""),  # grams (line 50)
    ],
)
def test_each_daily_answer_gives_its_reading(name, signal, value, context):
    result = read(name, folder="HealthData/FitFiles/Monitoring/2024/")
    ((day, got_signal, got, got_context),) = [
        (o.day, o.signal, o.value, o.context) for o in result.observations
    ]
    assert (day, got_signal, got, got_context) == (date(2024, 6, 14), signal, value, context)
    assert result.issues == ()


def test_empty_answers_record_nothing_and_say_so(tmp_path):
    hydration = read_text(
        tmp_path, "hydration_2024-06-15.json", '{"calendarDate": "2024-06-15", "valueInML": 0.0}'
    )
    assert hydration.observations == ()
    assert hydration.issues[0].action is IssueAction.NOTED
    no_sleep = read_text(
        tmp_path, "sleep_2024-06-16.json", '{"dailySleepDTO": {"calendarDate": "2024-06-16"}}'
    )
    assert no_sleep.sleep == () and "nothing recorded" in no_sleep.issues[0].message
    no_weight = read_text(
        tmp_path, "weight_2024-06-17.json", '{"startDate": "2024-06-17", "dateWeightList": []}'
    )
    assert no_weight.observations == () and no_weight.issues == ()
    broken = read_text(tmp_path, "rhr_2024-06-18.json", "[1, 2]")
    assert "not a JSON object" in broken.issues[0].message


def test_only_garmindbs_names_are_claimed():
    assert api_kind("HealthData/Sleep/sleep_2024-06-14.json") == "sleep"
    assert api_kind("sleep-2024-03-20.json") is None  # Fitbit Takeout's
    assert api_kind("daily_summary_2024-06-14.json") == "daily_summary"
    assert api_kind("rhr_2024-06.json") is None
