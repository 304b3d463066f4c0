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
