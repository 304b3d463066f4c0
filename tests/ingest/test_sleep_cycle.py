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


# Issue 11 item 10: the 21-column generation, CR CR LF and CR-only files, and the zeros Sleep
# Cycle writes for "not measured".
KENZONG = "kenzong95/My-Sleep-Cycle-Data sleepdata.csv"
JUNSIK = "junsikkim614/Personal-Sleep-Analysis sleepdata.csv"


@pytest.mark.reference(source=f"{KENZONG}:1,20 (CR CR LF); {JUNSIK}:1,228 (CRLF)")
def test_the_21_column_generation_with_cr_cr_lf_and_its_not_measured_zeros():
    # Header of both files; rows imitate kenzong95 line 20 (quality 0%, time in bed 0.0, heart
    # rate 0: nothing measured) and junsikkim614 line 228 (a 30-minute session, asleep 0.0).
    for strict in (False, True):
        result = read(FIXTURES / "sleep_cycle_21col.csv", strict=strict)
        night, unmeasured, short = result.sleep
        assert [p.record_ref for p in result.sleep] == [
            f"sleep_cycle_21col.csv:{n}" for n in (2, 3, 4)
        ]
        assert night.in_bed_min == 28800 / 60 and night.asleep_min == 25200 / 60
        assert night.latency_min == 900 / 60 and night.score == 79
        assert unmeasured.score is None and unmeasured.in_bed_min is None
        assert unmeasured.asleep_min == pytest.approx(19786.5 / 60)
        assert short.asleep_min is None and short.latency_min is None
        assert short.in_bed_min == 1803 / 60 and short.score == 6
        hr = [(o.day, o.value) for o in result.observations if o.signal == "rhr_bpm"]
        assert hr == [(date(2017, 10, 9), 52.0)]  # the two 0 bpm are no reading
        notes = {i.message: i.count for i in result.issues}
        assert all(i.action.value == "noted" for i in result.issues)
        assert notes == {
            "heart rate 0 = no reading on waking, left out": 2,
            "sleep quality 0% = not measured, left out": 1,
            "in_bed 0 s = not measured, left out": 1,
            "asleep 0 s = not measured, left out": 1,
        }


@pytest.mark.reference(source="GavinOB/Sleep_Cycle sleepdata.csv:1-3 (CR-only line ends)")
def test_a_first_generation_file_with_cr_only_line_ends():
    result = read(FIXTURES / "sleep_cycle_gen1_cr.csv")
    assert [p.record_ref for p in result.sleep] == [
        f"sleep_cycle_gen1_cr.csv:{n}" for n in (2, 3, 4)
    ]
    assert result.sleep[0].in_bed_min == 9 * 60 + 14 and result.sleep[0].score == 79
    # "Heart rate" 0 on line 3 is no reading (as in ray-ojel/SleepCycle RaySleepData.csv:3)
    assert [o.value for o in result.observations] == [58.0]
    (note,) = result.issues
    assert note.record == 3 and note.action.value == "noted"


def test_a_file_re_saved_by_a_spreadsheet_says_so(tmp_path):
    # mbcolli/sleepBayes sleepdata.csv: a first-generation file saved again by a spreadsheet
    # (commas, CR only, dates as 10/11/14 23:33); recoverwell cannot tell M/D from D/M there.
    path = tmp_path / "sleepdata.csv"
    path.write_bytes(
        b"Start,End,Sleep quality,Time in bed,Wake up,Sleep Notes,Heart rate,Activity (steps)\r"
        b"10/11/14 23:33,10/12/14 7:30,80%,7:57,,,,\r"
    )
    result = read(path)
    assert result.sleep == ()
    (problem,) = result.issues
    assert "re-saved by a spreadsheet" in problem.message and problem.record == 2
