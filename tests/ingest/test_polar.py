"""Polar Flow reader, tested on our own fixtures written from formats.md §2 (no real file)."""

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Sport
from recoverwell.ingest.base import Source
from recoverwell.ingest.localtime import is_floating
from recoverwell.ingest.polar import PolarFlowReader, iso_duration_s

FIXTURES = Path(__file__).parent / "fixtures"


def read(name, strict=False):
    path = FIXTURES / name
    reader = PolarFlowReader()
    assert reader.sniff(path.read_bytes()[:1024], name)
    return reader.read(Source(str(path), lambda: path.open("rb")), strict=strict)


def test_training_sessions_become_activities():
    result = read("training-session-2024-06-14-123.json")
    (run,) = result.activities
    assert run.start_time == datetime(2024, 6, 14, 6, 30, tzinfo=UTC)
    assert run.elapsed_s == pytest.approx(3723.4) and run.utc_offset_s == 7200
    assert run.sport is Sport.RUNNING and run.avg_hr_bpm == 145 and run.calories_kcal == 750
    assert result.issues[0].record == 1


def test_nightly_recharge_gives_rmssd_and_derived_sleeping_hr_and_breathing():
    result = read("nightly_recovery_2024.json")
    got = {(o.day, o.signal): o.value for o in result.observations}
    assert got[(date(2024, 6, 14), "hrv_rmssd_ms")] == 71
    assert got[(date(2024, 6, 14), "rhr_bpm")] == pytest.approx(60_000 / 1250)  # 48 bpm
    assert got[(date(2024, 6, 14), "respiration_rate_brpm")] == pytest.approx(60_000 / 4000)
    assert got[(date(2024, 6, 15), "hrv_rmssd_ms")] == 65  # API spelling
    assert (date(2024, 6, 16), "rhr_bpm") not in got  # RRI 0 = no value
    assert all(o.context == "overnight" for o in result.observations)


def test_sleep_result_and_score():
    (night,) = read("sleep_result_2024-06-14.json").sleep
    assert is_floating(night.start) and night.in_bed_min == 8 * 60 + 10
    assert night.asleep_min == 7.5 * 60 and night.wake_day == date(2024, 6, 14)
    scores = read("sleep_score_2024.json")
    assert [(o.day, o.value) for o in scores.observations] == [(date(2024, 6, 14), 82.5)]
    with pytest.raises(ParseError, match="record 1"):
        read("sleep_score_2024.json", strict=True)


def test_iso_durations():
    assert iso_duration_s("PT45M") == 2700 and iso_duration_s("P1DT1S") == 86401
    with pytest.raises(ValueError, match="ISO-8601"):
        iso_duration_s("PT")


def test_null_padding_in_an_array_is_skipped_and_noted_even_in_strict_mode(tmp_path):
    # the same padding Fitbit's Takeout arrays carry (tests/ingest/test_fitbit.py)
    records = json.loads((FIXTURES / "nightly_recovery_2024.json").read_text())
    path = tmp_path / "nightly_recovery_2024.json"
    path.write_text(json.dumps([None, *records, None]))
    reader = PolarFlowReader()
    result = reader.read(Source(str(path), lambda: path.open("rb")), strict=True)
    assert {(o.day, o.signal) for o in result.observations} >= {
        (date(2024, 6, 14), "hrv_rmssd_ms"),
        (date(2024, 6, 15), "hrv_rmssd_ms"),
    }
    (note,) = [i for i in result.issues if "null" in i.message]
    assert note.action.value == "noted" and note.count == 2
