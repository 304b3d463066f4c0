from datetime import date
from pathlib import Path

import pytest

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Sport
from recoverwell.core.units import M_PER_MI
from recoverwell.ingest.base import IssueAction, Source
from recoverwell.ingest.fitbit import FitbitReader, parse_fitbit_time

FIXTURES = Path(__file__).parent / "fixtures"
P01 = "exports/fitbit/itsalamhere__health-logs-streamlit/p01/fitbit"
FITOUT = "exports/fitbit/kev-m__FitOut/tests/data"


def read(path, strict=False):
    reader = FitbitReader()
    assert reader.sniff(path.read_bytes()[:1024], path.name), path
    return reader.read(
        Source(str(path), lambda: path.open("rb"), path.stat().st_size), strict=strict
    )


def test_raw_takeout_resting_hr_uses_mm_dd_yy_dates(corpus):
    result = read(corpus / FITOUT / "resting_heart_rate-2023-03-02.json")
    assert [(o.day, round(o.value, 2)) for o in result.observations] == [
        (date(2024, 2, 28), 52.27),
        (date(2024, 2, 29), 53.27),
    ]


def test_pmdata_resting_hr_reads_all_152_days(corpus):
    result = read(corpus / P01 / "resting_heart_rate.json")
    assert len(result.observations) == 152
    assert result.observations[0].day == date(2019, 11, 1)
    assert result.observations[0].value == pytest.approx(53.74107360839844)


def test_sleep_logs_become_periods_on_date_of_sleep_with_stages(corpus):
    result = read(corpus / P01 / "sleep.json")
    # 155 logs, 5 of them twice (PMData merged overlapping monthly files): 150 nights
    assert len(result.sleep) == 150 and not any(p.is_nap for p in result.sleep)
    (duplicates,) = result.issues
    assert duplicates.count == 5 and "same logId" in duplicates.message
    night = next(p for p in result.sleep if p.record_ref == "sleep.json:logId 24486013387")
    assert night.wake_day == date(2019, 11, 2)
    assert (night.asleep_min, night.in_bed_min, night.awake_min) == (378, 430, 52)
    assert (night.deep_min, night.light_min, night.rem_min) == (36, 259, 83)
    assert night.awakenings == 26
    assert (night.end - night.start).total_seconds() == 25_800  # duration 25 800 000 ms


def test_sleep_score_and_exercise_of_the_pmdata_sample(corpus):
    scores = read(corpus / P01 / "sleep_score.csv")
    first = scores.observations[0]
    assert (first.day, first.signal, first.value) == (date(2019, 11, 1), "sleep_score", 76)
    # the stamp is the sleep end in UTC; the importer moves the day to the athlete's wake day
    assert first.day_from_recorded_at and first.recorded_at.utcoffset().total_seconds() == 0
    exercise = read(corpus / P01 / "exercise.json")
    assert len(exercise.activities) == 190
    walk = exercise.activities[0]
    assert walk.sport is Sport.WALKING and walk.elapsed_s == 1331.0
    assert walk.start_time.hour == 14 and walk.start_time.minute == 56
    assert sum(a.sport is Sport.RUNNING for a in exercise.activities) == 14 + 11  # Run, Treadmill


def test_exercise_distance_units_and_a_bad_log():
    result = read(FIXTURES / "exercise-0.json")
    km, miles = result.activities
    assert km.distance_m == 10_500 and km.moving_s == 3540
    assert miles.distance_m == pytest.approx(3.1 * M_PER_MI)
    (bad,) = result.issues
    assert bad.record == 1 and "unreadable record" in bad.message


def test_classic_sleep_has_no_stages_and_a_nap_is_flagged():
    result = read(FIXTURES / "sleep-2024-03-20.json")
    main, nap = result.sleep
    assert main.deep_min is None and main.asleep_min == 430 and main.awakenings == 3
    assert nap.is_nap and nap.wake_day == date(2024, 3, 21)
    (bad,) = result.issues
    assert bad.record == 2 and bad.action is IssueAction.DROPPED


def test_hrv_summary_and_new_layout_resting_hr():
    hrv = read(FIXTURES / "Daily Heart Rate Variability Summary - 2024-07-(21).csv")
    (obs,) = hrv.observations
    assert (obs.day, obs.value, obs.context) == (date(2024, 7, 21), 29.232, "overnight")
    assert {i.record for i in hrv.issues} == {4}  # 450 ms is outside the plausible range
    rhr = read(FIXTURES / "daily_resting_heart_rate.csv")
    assert [o.value for o in rhr.observations] == [48, 47.5]
    assert rhr.issues[0].record == 4 and rhr.issues[0].field == "timestamp"


def test_days_without_resting_hr_are_noted_and_bad_dates_dropped():
    result = read(FIXTURES / "resting_heart_rate-2024-03-01.json")
    assert [o.value for o in result.observations] == [54.0]
    actions = sorted((i.record, i.action.value) for i in result.issues)
    assert actions == [(1, "noted"), (2, "dropped")]


def test_truncated_json_is_one_dropped_file_or_a_parse_error_in_strict_mode():
    result = read(FIXTURES / "resting_heart_rate-truncated.json")
    assert result.n_records == 0 and "not valid JSON" in result.issues[0].message
    with pytest.raises(ParseError, match=r"resting_heart_rate-truncated\.json"):
        read(FIXTURES / "resting_heart_rate-truncated.json", strict=True)


def test_fitbit_times_in_every_spelling():
    assert parse_fitbit_time("02/28/24 00:00:00").date() == date(2024, 2, 28)
    assert parse_fitbit_time("2024-03-20T22:04:00.000").hour == 22
    with pytest.raises(ValueError, match="not a Fitbit date"):
        parse_fitbit_time("tomorrow")


# Issue 11 item 10: every generation of the Takeout reads the same way.


@pytest.mark.reference(
    source="kev-m/FitOut fitout/importers/heart_rate.py:36-57 (monthly '- YYYY-MM-(D).csv' names);"
    " daily '- YYYY-MM-DD.csv' files under Sleep/ (public code index, no resolvable repository)"
)
def test_a_daily_hrv_file_named_by_full_date_reads_like_the_monthly_one_and_0_is_no_reading():
    # Newer Takeouts write one "Daily Heart Rate Variability Summary - 2023-12-25.csv" per night
    # under Sleep/; the reader goes by the header, not the name or folder. Fitbit writes rmssd
    # 0.0 (with nremhr and entropy 0.0) on a night without a reading (issue 11 item 10): that is
    # no value, noted, and not a problem even in strict mode.
    path = FIXTURES / "Daily Heart Rate Variability Summary - 2023-12-25.csv"
    for strict in (False, True):
        result = read(path, strict=strict)
        assert result.observations == ()
        (note,) = result.issues
        assert note.action is IssueAction.NOTED and note.record == 2
        assert "no reading" in note.message


@pytest.mark.reference(
    source="thefipster/strive legacy/harvester/src/ingestion/Fip.Strive.Ingestion.Application/"
    "Vendors/Google/Fitbit/DailyHrv/GoogleFitbitDailyHeartrateVariabilityClassifier.cs:11"
)
def test_the_google_format_nightly_hrv_file_gives_the_average_rmssd():
    result = read(FIXTURES / "daily_heart_rate_variability.csv")
    (obs,) = result.observations
    assert (obs.day, obs.signal, obs.value, obs.context) == (
        date(2025, 3, 1),
        "hrv_rmssd_ms",
        41.5,
        "overnight",
    )
    (note,) = result.issues  # 2 March: 0.0 = no reading
    assert note.record == 3 and note.action is IssueAction.NOTED


def test_null_padding_in_a_json_file_is_skipped_and_counted_once():
    # Fitbit pads JSON arrays with null records (issue 11 item 10); 200 of them before the first
    # log push "logId" past the 1 KiB the registry sniffs, so the file must still be claimed.
    path = FIXTURES / "sleep-2024-04-01.json"
    assert b'"logId"' not in path.read_bytes()[:1024]
    for strict in (False, True):
        result = read(path, strict=strict)
        (night,) = result.sleep
        assert night.wake_day == date(2024, 4, 2) and night.deep_min == 80
        (note,) = result.issues
        assert note.action is IssueAction.NOTED and note.count == 202 and note.record == 0
