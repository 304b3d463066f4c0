"""Garmin export reader, on fixtures imitating each generation of the export (issue 11, item 10).

No real Garmin JSON export is in the corpus; every fixture copies the shape of a variant a public
source shows, named in the test: keys and values verbatim from parsers of real exports or from
real data they published, invented values only where the source gives none.
"""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from recoverwell.core.errors import NothingToImport, ParseError
from recoverwell.core.types import Sport
from recoverwell.ingest.base import IssueAction, Source
from recoverwell.ingest.garmin import GarminConnectReader
from recoverwell.ingest.registry import reader_for

FIXTURES = Path(__file__).parent / "fixtures"


def read(name, strict=False, folder="DI_CONNECT/DI-Connect-Aggregator/"):
    path = FIXTURES / name
    reader = GarminConnectReader()
    assert reader.sniff(path.read_bytes()[:1024], folder + name)
    return reader.read(Source(str(path), lambda: path.open("rb")), strict=strict)


def read_text(tmp_path, name, text, strict=False):
    path = tmp_path / name
    path.write_text(text)
    return GarminConnectReader().read(Source(str(path), lambda: path.open("rb")), strict=strict)


def issues(result):
    return {(i.record, i.field, i.action): i.message for i in result.issues}


@pytest.mark.reference(
    source="AlexBatrakov/wearable-analytics@602009a200cb reports/data_dictionary.md:162,167,179,180"
)
def test_current_daily_summaries_give_the_days_own_resting_hr_and_real_intake():
    # The 2023–2026 export (DI-Connect-Aggregator): currentDayRestingHeartRate is the day's RHR;
    # restingHeartRate is Garmin's rolling mean (data_dictionary.md:162,167: 63, 44, 43, 40 vs
    # 63, 54, 50, 48, i.e. (63 + 44) / 2 = 53.5 → 54, (63 + 44 + 43) / 3 = 50). hydration
    # valueInML is 0 on every day that has the block (line 180) while sweatLossInML varies
    # (line 179: 8, 851, 261…): a 0.0 is a sweat-loss entry, not water drunk.
    result = read("UDSFile_2024-06-01_2024-06-03.json")
    assert [(o.day, o.signal, o.value) for o in result.observations] == [
        (date(2024, 6, 1), "rhr_bpm", 42),  # currentDayRestingHeartRate, not the 44 mean
        (date(2024, 6, 1), "fluid_ml", 2500),
    ]
    got = issues(result)
    assert "sweat-loss entry" in got[(1, "fluid_ml", IssueAction.NOTED)]
    assert (
        "June 3rd" in got[(2, "calendarDate", IssueAction.DROPPED)]
    )  # a date no generation writes


@pytest.mark.reference(
    source="adam1brownell/garmin_data@e8a620fab98e parse_garmin_connect.py:78,111; "
    "garmin_functions.py:278; google/gson#1210 (Java 8 vs 9 spelling)"
)
def test_older_daily_summaries_under_di_connect_user_with_java_date_objects():
    # 2022–2023 exports kept UDSFile_* under DI_CONNECT/DI-Connect-User (parse_garmin_connect.py
    # :78,111) and wrote dates as {"date": …} objects (garmin_functions.py:278 reads
    # j[i]['wellnessStartTimeGmt']['date']); parsers in the public code index read
    # calendarDate['date'] with strptime(…, '%b %d, %Y %I:%M:%S %p'): "Jun 1, 2019 12:00:00 AM".
    # Java 9+ writes "Jun 3, 2019, 12:00:00 AM" (google/gson#1210). The same folder-free reader.
    result = read("UDSFile_2019-06-01_2019-06-03.json", folder="DI_CONNECT/DI-Connect-User/")
    assert [(o.day, o.signal, o.value) for o in result.observations] == [
        (date(2019, 6, 1), "rhr_bpm", 45),
        (date(2019, 6, 1), "fluid_ml", 1800),
        (date(2019, 6, 2), "rhr_bpm", 46),  # no current-day key: restingHeartRate, noted
        (date(2019, 6, 3), "rhr_bpm", 43),
    ]
    (note,) = result.issues
    assert (note.record, note.field, note.action) == (1, "restingHeartRate", IssueAction.NOTED)


@pytest.mark.reference(
    source="issue 11 item 10 (2005/2006 files); FierceMobileIT 2014-05-07: the vívofit, "
    "Garmin's 'first venture into full-day activity tracking'"
)
def test_summaries_from_an_unset_watch_clock_are_reported_and_skipped(tmp_path):
    # Issue 11 item 10: real exports carry summary files dated 2005/2006 from a watch whose
    # clock was never set; Garmin's first all-day tracker shipped in 2014 (WELLNESS_ERA_START).
    result = read("UDSFile_2005-12-31_2006-04-09.json")
    assert result.observations == ()
    (issue,) = result.issues
    assert issue.action is IssueAction.DROPPED and issue.field == "calendarDate"
    assert "2006-01-01…2006-01-02" in issue.message and "file skipped" in issue.message
    with pytest.raises(ParseError, match="clock was never set"):
        read("UDSFile_2005-12-31_2006-04-09.json", strict=True)
    # one bogus night among real ones: that record only
    mixed = read_text(
        tmp_path,
        "2006-01-01_2024-06-30_1_sleepData.json",
        '[{"calendarDate": "2006-01-01", "sleepStartTimestampGMT": "2005-12-31T22:00:00.0",'
        ' "sleepEndTimestampGMT": "2006-01-01T06:00:00.0"},'
        ' {"calendarDate": "2024-06-14", "sleepStartTimestampGMT": "2024-06-13T22:00:00.0",'
        ' "sleepEndTimestampGMT": "2024-06-14T06:00:00.0"}]',
    )
    assert [p.wake_day for p in mixed.sleep] == [date(2024, 6, 14)]
    assert [(i.record, i.action) for i in mixed.issues] == [(0, IssueAction.DROPPED)]


@pytest.mark.reference(
    source="ferhat00/garmin_sleep_analysis@cbbdbe711fd2 README.md:260-270,293-298; "
    "AlexBatrakov/wearable-analytics@602009a200cb src/garmin_analytics/ingest/sleep.py:148,153"
)
def test_current_sleep_with_every_confirmation_type_and_rem_left_out_when_zero():
    result = read("2024-06-01_2024-06-30_123456_sleepData.json", folder="DI-Connect-Wellness/")
    by_day = {p.wake_day: p for p in result.sleep}
    night = by_day[date(2024, 6, 14)]  # README.md:260-270: ISO GMT text, calendarDate = wake day
    assert night.start == datetime(2024, 6, 13, 21, 9, tzinfo=UTC)
    assert night.asleep_min == (5400 + 14400 + 7200) / 60 and night.in_bed_min == 8 * 60
    assert (night.awakenings, night.score) == (2, 84)  # overallScore a plain number (sleep.py:148)
    # REM key left out on a REM-capable watch: REM sub-score 0 (sleep.py:153 reads remScore)…
    assert by_day[date(2024, 6, 15)].rem_min == 0
    assert by_day[date(2024, 6, 15)].asleep_min == (6000 + 18000) / 60
    # …or an earlier night of the file reported REM
    assert by_day[date(2024, 6, 16)].rem_min == 0
    unconfirmed = by_day[date(2024, 6, 17)]  # window only (README.md:293-298 type table)
    assert unconfirmed.asleep_min is None and unconfirmed.in_bed_min == 8 * 60
    assert date(2024, 6, 18) not in by_day  # OFF_WRIST
    assert by_day[date(2024, 6, 19)].rem_min == 60  # no confirmation key: read as confirmed
    assert by_day[date(2024, 6, 20)].asleep_min == (4200 + 18000 + 6000) / 60  # MANUALLY_…
    assert by_day[date(2024, 6, 23)].deep_min == 4000 / 60  # unknown type: read, noted
    assert len(result.sleep) == 7  # 14–17, 19, 20, 23
    got = issues(result)
    assert "OFF_WRIST" in got[(4, None, IssueAction.NOTED)]
    assert "nothing recorded" in got[(7, None, IssueAction.NOTED)]  # calendarDate alone
    assert "without a sleep window" in got[(8, None, IssueAction.DROPPED)]
    assert "SOMETHING_NEW" in got[(9, "sleepWindowConfirmationType", IssueAction.NOTED)]
    assert "first is kept" in got[(10, None, IssueAction.NOTED)]  # a second 2024-06-14
    assert night.deep_min == 5400 / 60  # the first of the two kept


@pytest.mark.reference(
    source="ferhat00/garmin_sleep_analysis@cbbdbe711fd2 "
    "v3/outputs/sleep_data_processed.csv:508,519,689"
)
def test_a_watch_without_rem_staging_has_unknown_rem_until_rem_appears():
    # Real nights (csv:508 2023-09-02, csv:519 2023-10-06 the first with REM after a watch
    # change, csv:689 2024-03-25 a staged night without the key afterwards; stage seconds copied)
    result = read("2023-09-02_2024-03-25_123456_sleepData.json")
    before, first_rem, after = result.sleep
    assert before.rem_min is None and before.asleep_min == (15720 + 12060) / 60
    assert first_rem.rem_min == 6600 / 60
    assert after.rem_min == 0 and after.asleep_min == (11880 + 17400) / 60
    assert result.issues == ()


def test_a_night_without_awakenings_has_zero_not_unknown(tmp_path):
    result = read_text(
        tmp_path,
        "2024-06-01_2024-06-30_123456_sleepData.json",
        '[{"sleepStartTimestampGMT": "2024-06-13T21:09:00.0", '
        '"sleepEndTimestampGMT": "2024-06-14T05:09:00.0", "calendarDate": "2024-06-14", '
        '"sleepWindowConfirmationType": "ENHANCED_CONFIRMED_FINAL", "deepSleepSeconds": 5400, '
        '"lightSleepSeconds": 18000, "remSleepSeconds": 5400, "awakeSleepSeconds": 0, '
        '"awakeCount": 0}]',
    )
    (night,) = result.sleep
    assert night.awakenings == 0 and night.awake_min == 0


def test_health_status_hrv_is_overnight_and_implausible_values_dropped():
    # Keys and types (HRV, HR, SPO2, RESPIRATION, SKIN_TEMP_C) as formats.md §1 reports them
    result = read("123456_healthStatusData.json")
    got = {(o.day, o.signal): (o.value, o.context) for o in result.observations}
    assert got == {
        (date(2024, 6, 14), "hrv_rmssd_ms"): (68.0, "overnight"),
        (date(2024, 6, 14), "rhr_bpm"): (41.0, "overnight"),
        (date(2024, 6, 14), "respiration_rate_brpm"): (13.5, "overnight"),
    }
    assert result.issues[0].field == "hrv_rmssd_ms"


@pytest.mark.reference(source="adam1brownell/garmin_data@e8a620fab98e garmin_functions.py (keys)")
def test_summarized_activities_convert_ms_and_cm():
    result = read("user_0_summarizedActivities.json", folder="DI_CONNECT/DI-Connect-Fitness/")
    run, ride = result.activities
    assert run.start_time == datetime.fromtimestamp(1718345400, UTC)
    assert run.utc_offset_s == 2 * 3600  # startTimeLocal − startTimeGmt
    assert (run.elapsed_s, run.moving_s, run.distance_m, run.ascent_m) == (3600, 3550, 12000, 85)
    assert ride.sport is Sport.CYCLING and ride.sub_sport == "road_biking"
    assert ride.distance_m == 40_000 and ride.utc_offset_s is None
    assert result.issues[0].record == 2
    with pytest.raises(ParseError, match="record 2"):
        read("user_0_summarizedActivities.json", strict=True)


def test_files_are_found_by_name_in_any_folder_and_unread_ones_are_skipped(tmp_path):
    # The reader never looks at the folder: the same name is claimed at the top level, under
    # DI-Connect-User (2022–2023) or DI-Connect-Aggregator (now), or below a UUID folder.
    for folder in ("", "DI_CONNECT/DI-Connect-User/", "9f3e…/DI_CONNECT/DI-Connect-Aggregator/"):
        assert isinstance(reader_for(b"[", folder + "UDSFile_1.json"), GarminConnectReader)
    # adam1brownell/garmin_data parse_garmin_connect.py:93 (HydrationLogFile in DI-Connect-User)
    path = tmp_path / "HydrationLogFile_2019-01-01_2019-04-10.json"
    path.write_text("[]")
    reader = reader_for(b"[]", str(path))
    with pytest.raises(NothingToImport, match="Garmin hydration log"):
        reader.read(Source(str(path), lambda: path.open("rb")))


def test_a_file_that_is_not_json_names_what_it_should_have_been(tmp_path):
    result = read_text(tmp_path, "UDSFile_2024-01-01_2024-04-09.json", '[{"calendarDate": ')
    (issue,) = result.issues
    assert issue.message.startswith("Garmin daily summaries (UDSFile): not valid JSON")
    assert issue.record == "line 1"
