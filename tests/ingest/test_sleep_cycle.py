from datetime import date
from pathlib import Path

import pytest

from recoverwell.core.errors import ParseError
from recoverwell.ingest.base import Source
from recoverwell.ingest.sleep_cycle import SleepCycleReader

FIXTURES = Path(__file__).parent / "fixtures"


def read(path, strict=False):
    reader = SleepCycleReader()
    assert reader.sniff(path.read_bytes()[:1024], path.name), path
    return reader.read(
        Source(str(path), lambda: path.open("rb"), path.stat().st_size), strict=strict
    )


def test_old_generation_sample_reads_every_night_with_naps_marked(corpus):
    result = read(corpus / "exports/sleep_cycle/jonesor__bits-and-bobs/sleepdata.csv")
    assert len(result.sleep) == 41
    first = result.sleep[0]
    assert first.in_bed_min == 8 * 60 + 24  # "8:24"
    assert first.score == 74 and first.wake_day == date(2015, 7, 1)
    assert first.record_ref == "sleepdata.csv:2"  # CR CR LF counted as one line end
    # 2015-07-03 15:38 → 17:30 is the shorter of two periods ending on 3 July: a nap
    nap = next(p for p in result.sleep if p.start.hour == 15)
    assert nap.is_nap and nap.in_bed_min == 111
    assert sum(p.is_nap for p in result.sleep) == 2
    hr = [o for o in result.observations if o.day == date(2015, 7, 3)]
    assert [(o.signal, o.value, o.context) for o in hr] == [("rhr_bpm", 82.0, "morning_spot")]
    assert result.issues == ()


def test_2019_generation_reads_seconds_decimal_commas_and_temperature():
    result = read(FIXTURES / "sleep_cycle_gen2.csv")
    (night,) = result.sleep
    assert night.in_bed_min == pytest.approx(28800.5 / 60)
    assert night.asleep_min == 25200 / 60 and night.deep_min == 5400 / 60
    assert night.light_min == 14400 / 60 and night.awake_min == 1800 / 60
    assert night.latency_min == 900 / 60 and night.rem_min is None  # "Dream" is not read
    temp = [o for o in result.observations if o.signal == "body_temp_dev_c"]
    assert [o.value for o in temp] == [pytest.approx(-0.3)]
    (bad,) = result.issues
    assert bad.record == 3 and bad.field == "End"


def test_newest_generation_is_comma_separated_with_went_to_bed_columns():
    result = read(FIXTURES / "sleep_cycle_gen3.csv")
    assert len(result.sleep) == 2
    assert result.sleep[0].asleep_min == 26100 / 60 and result.sleep[0].latency_min == 10
    assert result.sleep[1].score is None
    (bad,) = result.issues
    assert bad.record == 3 and bad.field == "Sleep Quality"


def test_strict_mode_raises_on_a_wake_before_bed():
    with pytest.raises(ParseError, match="record 3, field 'End'"):
        read(FIXTURES / "sleep_cycle_gen2.csv", strict=True)
