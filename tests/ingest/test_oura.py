"""Oura reader, tested on our own fixtures written from formats.md §9 (no real file)."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from recoverwell.core.errors import ParseError
from recoverwell.ingest.base import IssueAction, Source
from recoverwell.ingest.oura import OuraReader

FIXTURES = Path(__file__).parent / "fixtures"


def read(name, strict=False):
    path = FIXTURES / name
    reader = OuraReader()
    assert reader.sniff(path.read_bytes()[:1024], name)
    return reader.read(Source(str(path), lambda: path.open("rb")), strict=strict)


def test_sleepmodel_rows_are_periods_and_the_main_sleep_gives_hrv_and_rhr():
    result = read("sleepmodel.csv")
    night, nap = result.sleep
    assert night.wake_day == date(2025, 12, 3) and not night.is_nap and nap.is_nap
    assert night.start.utcoffset() == timedelta(hours=1)
    assert night.asleep_min == 26100 / 60 and night.deep_min == 90 and night.latency_min == 10
    got = {o.signal: (o.value, o.context) for o in result.observations}
    assert got == {
        "hrv_rmssd_ms": (72, "overnight"),
        "rhr_bpm": (44, "overnight"),
        "respiration_rate_brpm": (14.8, ""),
        "body_temp_dev_c": (-0.12, ""),
    }
    actions = {i.record: i.action for i in result.issues}
    assert actions == {4: IssueAction.NOTED, 5: IssueAction.DROPPED}  # deleted; no offset


def test_daily_sleep_score_range_is_checked():
    result = read("dailysleep.csv")
    assert [o.value for o in result.observations] == [71]
    with pytest.raises(ParseError, match="record 3, field 'sleep_score'"):
        read("dailysleep.csv", strict=True)


@pytest.mark.reference(source="JoshShearer/CGMAnalysis README.md:38 (the 2020 trends header)")
def test_legacy_trends_csv():
    result = read("oura_trends.csv")
    (night,) = result.sleep
    assert night.in_bed_min == 27300 / 60 and night.rem_min == 40
    got = {o.signal: o.value for o in result.observations}
    assert got == {
        "sleep_score": 74,
        "hrv_rmssd_ms": 69,
        "rhr_bpm": 46,
        "body_temp_dev_c": pytest.approx(-0.29),
        "respiration_rate_brpm": 13.75,
        "vendor_recovery_score": 80,
    }


# Issue 11 item 10: the trends CSV has had two header generations.
SALTIOLA = "Saltiola7/Data-Analysis-Portfolio Oura/data/oura_2022-01-10_2022-11-28_trends.csv"


@pytest.mark.reference(source=f"{SALTIOLA}:1-2,308 (header, None cells, a late row out of order)")
def test_the_2022_trends_generation_reads_durations_none_cells_and_rows_out_of_order():
    # Imitates the 2022 header: "Total Sleep Duration", "REM/Light/Deep Sleep Duration",
    # "Total Bedtime " with a trailing space, "Sleep Timin Score", `None` for missing cells, and
    # the day without a night (2022-01-12) appended after the last day (line 308 there).
    result = read("oura_trends_2022.csv")
    assert [p.wake_day for p in result.sleep] == [date(2022, 1, d) for d in (13, 14, 15)]
    first = result.sleep[0]
    assert first.in_bed_min == 28800 / 60 and first.asleep_min == 25200 / 60
    assert (first.rem_min, first.light_min, first.deep_min) == (5400 / 60, 14400 / 60, 5400 / 60)
    assert first.awake_min == 3600 / 60 and first.latency_min == 600 / 60
    hrv = {o.day: o.value for o in result.observations if o.signal == "hrv_rmssd_ms"}
    assert hrv == {date(2022, 1, 13): 40, date(2022, 1, 14): 50, date(2022, 1, 15): 45}
    scores = {o.day for o in result.observations if o.signal == "sleep_score"}
    assert scores == {date(2022, 1, 13), date(2022, 1, 14)}  # 15 Jan: "None", not a value
    assert not any(o.day == date(2022, 1, 12) for o in result.observations)
    assert result.issues == ()  # `None` is a missing value, not an unreadable one


@pytest.mark.reference(source="mrnilcs/co2-sleep-correlation data/oura_trends.csv:1")
def test_a_trends_file_with_picked_and_shuffled_columns_is_still_recognised():
    # That export lists 24 columns in no fixed order and has no "Average HRV" column.
    result = read("oura_trends_2023_picked.csv")
    (night,) = result.sleep
    assert night.wake_day == date(2023, 9, 17) and night.asleep_min == 27000 / 60
    assert night.in_bed_min == 30600 / 60 and night.deep_min == 7200 / 60
    got = {o.signal: o.value for o in result.observations}
    assert got == {"sleep_score": 78, "rhr_bpm": 44, "respiration_rate_brpm": 13.875}


def test_a_date_met_twice_keeps_its_first_row(tmp_path):
    path = tmp_path / "oura_trends.csv"
    path.write_text(
        "date,Sleep Score,Average HRV,Readiness Score\n2022-01-13,70,40,80\n2022-01-13,99,99,99\n",
        encoding="utf-8",
    )
    reader = OuraReader()
    assert reader.sniff(path.read_bytes(), path.name)
    result = reader.read(Source(str(path), lambda: path.open("rb")))
    assert sorted(o.value for o in result.observations) == [40, 70, 80]
    (note,) = result.issues
    assert note.action is IssueAction.NOTED and note.record == 3
