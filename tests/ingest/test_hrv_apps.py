import math
from datetime import date
from pathlib import Path

import pytest

from recoverwell.core.errors import ParseError
from recoverwell.ingest.base import IssueAction, Source
from recoverwell.ingest.hrv_apps import EliteHrvReader, HRV4TrainingReader

FIXTURES = Path(__file__).parent / "fixtures"
H4T = "exports/hrv4training/GoldenCheetah__GoldenCheetah/test/hrvmeasures"
ELITE = "exports/elite_hrv/GoldenCheetah__GoldenCheetah/test/hrvmeasures"


def read(reader, path, strict=False):
    assert reader.sniff(path.read_bytes()[:1024], path.name), path
    return reader.read(
        Source(str(path), lambda: path.open("rb"), path.stat().st_size), strict=strict
    )


def value(result, day, signal):
    (obs,) = [o for o in result.observations if o.day == day and o.signal == signal]
    return obs


@pytest.mark.reference(
    source="docs/anchors.md §3.5: HRV4Training fixture, rMSSD 67.54 → 8.37 points"
)
def test_hrv4training_ios_sample_reads_every_morning_reading(corpus):
    result = read(HRV4TrainingReader(), corpus / H4T / "2017_7_28_myMeasurements.csv")
    assert len(result.observations) == 3 * 119  # rMSSD, SDNN, HR for each of the 119 rows
    first = value(result, date(2017, 4, 1), "hrv_rmssd_ms")
    assert first.value == pytest.approx(67.54)
    assert first.context == "morning_spot"
    assert first.record_ref == "2017_7_28_myMeasurements.csv:2"
    assert value(result, date(2017, 4, 2), "hrv_rmssd_ms").value == pytest.approx(56.38)
    assert value(result, date(2017, 4, 3), "hrv_rmssd_ms").value == pytest.approx(72.04)
    # the file's recovery points ≈ 2·ln(rMSSD) (docs/anchors.md §2.6: ratios 1.93–2.25)
    assert 8.37 / math.log(67.54) == pytest.approx(1.99, abs=0.01)
    assert value(result, date(2017, 4, 1), "rhr_bpm").value == pytest.approx(43.92)
    assert value(result, date(2017, 7, 28), "hrv_sdnn_ms").value == pytest.approx(108.48)
    assert result.issues == ()


def test_hrv4training_android_reads_yyyy_dd_mm_dates_and_skips_placeholders(corpus):
    result = read(HRV4TrainingReader(), corpus / H4T / "MyMeasurements_Android.csv")
    rmssd = [o for o in result.observations if o.signal == "hrv_rmssd_ms"]
    assert len(rmssd) == 36
    # "2017-29-08,09:01" is 29 August 2017 at 09:01
    first = value(result, date(2017, 8, 29), "hrv_rmssd_ms")
    assert first.value == pytest.approx(48.0292929973504)
    assert first.recorded_at.hour == 9 and first.recorded_at.minute == 1
    assert first.record_ref == "MyMeasurements_Android.csv:23"  # after the blank line 2
    assert value(result, date(2017, 9, 8), "travel").value == 1.0
    assert value(result, date(2017, 8, 29), "alcohol_any").value == 1.0  # "a little"
    (placeholders,) = result.issues
    assert placeholders.count == 20 and placeholders.action is IssueAction.NOTED


def test_hrv4training_2018_layout_reads_spanish_12_hour_clock_and_tags():
    result = read(HRV4TrainingReader(), FIXTURES / "hrv4training_ios2018_malformed.csv")
    first = value(result, date(2018, 4, 27), "hrv_rmssd_ms")
    assert first.recorded_at.hour == 0  # 12:01 a. m.
    assert value(result, date(2018, 4, 28), "hrv_rmssd_ms").recorded_at.hour == 19
    assert value(result, date(2018, 4, 27), "sleep_total_min").value == 7 * 60 + 30
    assert not [o for o in result.observations if o.signal == "sleep_total_min" and o.day.day == 28]
    assert value(result, date(2018, 4, 28), "illness").value == 1.0
    assert value(result, date(2018, 4, 27), "travel").value == 1.0
    # the row with "yesterday" is dropped with its line and field; the "-" rMSSD is just missing
    (bad,) = [i for i in result.issues if i.action is IssueAction.DROPPED]
    assert bad.record == 4 and bad.field == "timestamp_measurement"
    assert not [o for o in result.observations if o.signal == "hrv_rmssd_ms" and o.day.day == 30]
    assert value(result, date(2018, 4, 30), "hrv_sdnn_ms").value == pytest.approx(70.0)


def test_hrv4training_strict_mode_raises_on_the_bad_row():
    with pytest.raises(ParseError, match=r"record 4, field 'timestamp_measurement'"):
        read(HRV4TrainingReader(), FIXTURES / "hrv4training_ios2018_malformed.csv", strict=True)


@pytest.mark.reference(source="docs/anchors.md §3.5: Elite HRV fixture rows 2017-09-06..08")
def test_elite_hrv_sample_matches_the_anchor_values(corpus):
    result = read(EliteHrvReader(), corpus / ELITE / "ElitHRV_Export - 2017-10-02.csv")
    assert len(result.observations) == 4 * 23
    ln = value(result, date(2017, 9, 6), "hrv_ln_rmssd")
    assert ln.value == pytest.approx(3.7105, abs=1e-4)
    assert round(ln.value * 100 / 6.5) == 57  # the file's "HRV" score column
    assert round(value(result, date(2017, 9, 7), "hrv_ln_rmssd").value * 100 / 6.5) == 51
    assert round(value(result, date(2017, 9, 8), "hrv_ln_rmssd").value * 100 / 6.5) == 52
    rmssd = value(result, date(2017, 9, 7), "hrv_rmssd_ms")
    assert rmssd.value == pytest.approx(28.03) and rmssd.context == "morning_spot"
    assert math.log(28.03) == pytest.approx(3.333128405614548, abs=1e-3)
    assert value(result, date(2017, 10, 2), "rhr_bpm").value == pytest.approx(54.14)
    assert result.issues == ()


def test_elite_hrv_malformed_rows_are_reported_and_good_rows_kept():
    result = read(EliteHrvReader(), FIXTURES / "elite_hrv_malformed.csv")
    messages = {(i.record, i.field): i.message for i in result.issues}
    assert "unreadable date/time" in messages[(3, "Datetime")]
    assert "not a number" in messages[(4, "Rmssd")]
    assert "outside" in messages[(5, "hrv_rmssd_ms")]
    assert value(result, date(2024, 3, 1), "hrv_rmssd_ms").value == pytest.approx(49.4)
    # an "open" reading is a spot reading, kept apart from the morning one of the same day
    spot = [o for o in result.observations if o.context == "spot"]
    assert {o.signal for o in spot} == {"hrv_rmssd_ms", "hrv_ln_rmssd", "hrv_sdnn_ms", "rhr_bpm"}


def test_elite_hrv_strict_mode_raises_with_line_and_field():
    with pytest.raises(ParseError, match=r"elite_hrv_malformed.csv, record 3, field 'Datetime'"):
        read(EliteHrvReader(), FIXTURES / "elite_hrv_malformed.csv", strict=True)
