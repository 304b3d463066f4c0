"""Garmin JSON reader, tested on our own fixtures written from formats.md §1 (no real file)."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Sport
from recoverwell.ingest.base import IssueAction, Source
from recoverwell.ingest.garmin import GarminConnectReader

FIXTURES = Path(__file__).parent / "fixtures"


def read(name, strict=False):
    path = FIXTURES / name
    reader = GarminConnectReader()
    assert reader.sniff(path.read_bytes()[:1024], "DI_CONNECT/DI-Connect-Wellness/" + name)
    return reader.read(Source(str(path), lambda: path.open("rb")), strict=strict)


def test_daily_summaries_give_resting_hr_and_hydration():
    result = read("UDSFile_2024-06-01_2024-06-03.json")
    assert [(o.day, o.signal, o.value) for o in result.observations] == [
        (date(2024, 6, 1), "rhr_bpm", 42),
        (date(2024, 6, 1), "fluid_ml", 2500),
    ]
    (bad,) = result.issues
    assert bad.record == 2 and bad.action is IssueAction.DROPPED


def test_sleep_is_gmt_keyed_to_calendar_date_with_stages_and_score():
    result = read("2024-06-01_2024-06-30_123456_sleepData.json")
    night, old, unconfirmed = result.sleep
    assert night.start == datetime(2024, 6, 13, 21, 9, tzinfo=UTC)
    assert night.wake_day == date(2024, 6, 14) and night.score == 84
    assert night.asleep_min == (5400 + 14400 + 7200) / 60 and night.in_bed_min == 8 * 60
    assert night.awakenings == 2
    assert old.rem_min is None and old.asleep_min == (6000 + 20000) / 60  # no REM on old devices
    assert unconfirmed.deep_min is None and unconfirmed.in_bed_min == 8 * 60
    issues = {i.record: i.action for i in result.issues}
    assert issues == {3: IssueAction.NOTED, 4: IssueAction.DROPPED}  # OFF_WRIST, no start


def test_health_status_hrv_is_overnight_and_implausible_values_dropped():
    result = read("123456_healthStatusData.json")
    got = {(o.day, o.signal): (o.value, o.context) for o in result.observations}
    assert got == {
        (date(2024, 6, 14), "hrv_rmssd_ms"): (68.0, "overnight"),
        (date(2024, 6, 14), "rhr_bpm"): (41.0, "overnight"),
        (date(2024, 6, 14), "respiration_rate_brpm"): (13.5, "overnight"),
    }
    assert result.issues[0].field == "hrv_rmssd_ms"


def test_summarized_activities_convert_ms_and_cm():
    result = read("user_0_summarizedActivities.json")
    run, ride = result.activities
    assert run.start_time == datetime.fromtimestamp(1718345400, UTC)
    assert run.utc_offset_s == 2 * 3600  # startTimeLocal − startTimeGmt
    assert (run.elapsed_s, run.moving_s, run.distance_m, run.ascent_m) == (3600, 3550, 12000, 85)
    assert ride.sport is Sport.CYCLING and ride.sub_sport == "road_biking"
    assert ride.distance_m == 40_000 and ride.utc_offset_s is None
    assert result.issues[0].record == 2
    with pytest.raises(ParseError, match="record 2"):
        read("user_0_summarizedActivities.json", strict=True)


def test_a_night_without_awakenings_has_zero_not_unknown(tmp_path):
    path = tmp_path / "2024-06-01_2024-06-30_123456_sleepData.json"
    path.write_text(
        '[{"sleepStartTimestampGMT": "2024-06-13T21:09:00.0", '
        '"sleepEndTimestampGMT": "2024-06-14T05:09:00.0", "calendarDate": "2024-06-14", '
        '"sleepWindowConfirmationType": "ENHANCED_CONFIRMED_FINAL", "deepSleepSeconds": 5400, '
        '"lightSleepSeconds": 18000, "remSleepSeconds": 5400, "awakeSleepSeconds": 0, '
        '"awakeCount": 0}]'
    )
    (night,) = GarminConnectReader().read(Source(str(path), lambda: path.open("rb"))).sleep
    assert night.awakenings == 0 and night.awake_min == 0
