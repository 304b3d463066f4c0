"""FIT reader: sessions → activities, laps, streams, RR, offsets, devices, and refusals."""

from __future__ import annotations

import warnings
from pathlib import Path

import fitdecode
import numpy as np
import pytest

from recoverwell.core.errors import NothingToImport, ParseError, UnsupportedFormat
from recoverwell.core.types import Sport
from recoverwell.ingest.base import IssueAction
from recoverwell.ingest.fill import sample_weights_s, weighted_mean
from recoverwell.ingest.fit import FitReader, fit_file_type, fit_sport, is_fit, utc_offset_s
from recoverwell.ingest.registry import read_source
from tests.ingest.corpus_helpers import source_of

PF = "dtcooper__python-fitparse/tests/files/"
GC = "GoldenCheetah__GoldenCheetah/test/"
RUNALYZE = "Runalyze__Runalyze/tests/testfiles/fit/"
FIT_TEST = "Runalyze tests/inc/core/Parser/Activity/FileType/FitTest.php"
READER = FitReader()


def _read(corpus: Path, rel: str, strict: bool = False):
    data = (corpus / "raw" / rel).read_bytes()
    return READER.read(source_of(rel, data), strict=strict)


def test_a_multisport_file_gives_one_activity_per_session(corpus: Path) -> None:
    result = _read(corpus, GC + "rides/MultiSport-2019-11-24.fit")
    sports = [a.sport for a in result.activities]
    assert sports == [Sport.SWIMMING, Sport.OTHER, Sport.CYCLING, Sport.OTHER, Sport.RUNNING]
    assert [a.sub_sport for a in result.activities][1::2] == ["transition", "transition"]
    starts = [a.start_time for a in result.activities]
    assert starts == sorted(starts)
    for a in result.activities:  # distance counted from each session's first sample
        d = a.streams.distance_m
        assert d is None or d[np.isfinite(d)][0] == 0.0


def test_rr_intervals_come_from_hrv_messages(corpus: Path) -> None:
    rel = GC + "rides/HRV-Data.fit"
    expected = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with fitdecode.FitReader(str(corpus / "raw" / rel)) as fr:
            for frame in fr:
                if frame.frame_type == fitdecode.FIT_FRAME_DATA and frame.name == "hrv":
                    expected += [v * 1000 for v in frame.get_value("time") if v is not None]
    (activity,) = _read(corpus, rel).activities
    assert activity.rr_ms is not None
    np.testing.assert_allclose(activity.rr_ms, expected)


@pytest.mark.reference(source="activity message of activity-small-fenix2-run.fit")
def test_the_utc_offset_is_local_timestamp_minus_timestamp(corpus: Path) -> None:
    (activity,) = _read(corpus, PF + "activity-small-fenix2-run.fit").activities
    assert activity.utc_offset_s == 1439659966 - 1439652766  # = 7200 s, UTC+2 (CEST)
    assert utc_offset_s({"timestamp": 1000, "local_timestamp": 1000 + 3600 + 7}) == 3600
    assert utc_offset_s({"timestamp": 1000, "local_timestamp": 1000 + 400}) is None
    assert utc_offset_s(None) is None


def test_the_device_names_maker_and_product(corpus: Path) -> None:
    (activity,) = _read(corpus, "polyvertex__fitdecode/tests/files/garmin-fr935-cr.fit").activities
    assert activity.device == "garmin fr935"


@pytest.mark.reference(source=FIT_TEST + ":204,229,551 (creator from device_info, device_index 0)")
@pytest.mark.parametrize(
    ("rel", "device"),
    [
        (RUNALYZE + "swim-fenix-50m.fit", "garmin fenix3"),  # file_id says fr920xt
        (RUNALYZE + "swim-25m-lane.fit", "garmin fr910xt"),
        (RUNALYZE + "FR920xt-with-Stryd.fit", "garmin fr920xt"),
        (
            PF + "elemnt-bolt-no-application-id-inside-developer-data-id.fit",
            "wahoo_fitness ELEMNT BOLT",
        ),
        (PF + "developer-types-sample.fit", "stryd"),  # no device_info creator: file_id's maker
    ],
)
def test_the_device_is_the_creator_device_info_rather_than_file_id(
    corpus: Path, rel: str, device: str
) -> None:
    assert _read(corpus, rel).activities[0].device == device


@pytest.mark.reference(source=FIT_TEST + ":715-732 (Runalyze issue #2253)")
@pytest.mark.parametrize(
    ("name", "avg_w"), [("garmin-runPower.fit", 360), ("garmin-runPower-2.fit", 335)]
)
def test_garmin_running_power_from_connect_iq_is_the_power_channel(
    corpus: Path, name: str, avg_w: float
) -> None:
    result = read_source(source_of(name, (corpus / "raw" / RUNALYZE / name).read_bytes()))
    (a,) = result.activities
    weights = sample_weights_s(a.streams.time_s)
    assert weighted_mean(a.streams.power_w, weights, zeros=False) == pytest.approx(avg_w, abs=5)
    assert any("'RP_Power'" in i.message and i.action is IssueAction.NOTED for i in result.issues)


@pytest.mark.reference(source=FIT_TEST + ":547-568 (Runalyze issue #1919)")
def test_stryd_fields_fill_power_and_heart_rate_the_watch_did_not_record(corpus: Path) -> None:
    (a,) = _read(corpus, RUNALYZE + "FR920xt-with-Stryd.fit").activities
    assert a.moving_s == pytest.approx(1931, abs=0.5)
    assert a.distance_m == pytest.approx(7255, abs=1)
    s = a.streams
    assert np.isfinite(s.hr_bpm).all() and np.isfinite(s.power_w).all()  # 'Heart Rate', 'Power'
    assert s.cadence_spm is not None  # the watch's own; Stryd's 'Cadence' (SPM) is not needed


def test_native_power_stays_and_other_connect_iq_fields_are_not_power(corpus: Path) -> None:
    # python-fitparse tests/test.py:318-322 reads these files; Stryd writes power natively
    # there, next to 'Form Power' (W), which is not running power
    (a,) = _read(corpus, PF + "developer-types-sample.fit").activities
    weights = sample_weights_s(a.streams.time_s)
    assert weighted_mean(a.streams.power_w, weights) == pytest.approx(218, abs=1)  # session says
    with pytest.raises(NothingToImport, match="no activity data"):  # SDK sample: records, no times
        _read(corpus, PF + "DeveloperData.fit")


def test_running_cadence_is_steps_per_minute_and_bike_cadence_is_not_kept(corpus: Path) -> None:
    (run,) = _read(corpus, PF + "garmin-fenix-5-run.fit").activities
    with (corpus / "raw" / PF / "garmin-fenix-5-run-records.csv").open() as handle:
        header, *rows = [line.strip().split(",") for line in handle]
    cadence = [float(r[header.index("cadence")]) for r in rows]
    assert run.streams.cadence_spm is not None
    assert np.nanmax(run.streams.cadence_spm) >= 2 * max(cadence)
    (ride,) = _read(corpus, PF + "garmin-fenix-5-bike.fit").activities
    assert ride.streams.cadence_spm is None


def test_non_activity_fit_files_are_not_claimed_and_are_refused(corpus: Path) -> None:
    data = (corpus / "raw" / PF / "Settings.fit").read_bytes()
    assert is_fit(data) and fit_file_type(data[:1024]) == 2  # FIT profile: 2 = settings
    assert not READER.sniff(data[:1024], "Settings.fit")
    with pytest.raises(UnsupportedFormat, match="settings"):
        READER.read(source_of("Settings.fit", data))
    activity = (corpus / "raw" / PF / "Activity.fit").read_bytes()
    assert READER.sniff(activity[:1024], "Activity.fit")
    assert not READER.sniff(b"<?xml version='1.0'?><gpx>", "a.fit")


def test_device_relative_timestamps_are_refused_with_record_and_field(corpus: Path) -> None:
    with pytest.raises(ParseError) as caught:
        _read(corpus, PF + "antfs-dump.63.fit")
    assert caught.value.record == 1 and caught.value.field == "timestamp"
    assert "antfs-dump.63.fit" in str(caught.value)


def test_a_truncated_file_keeps_what_was_read_or_fails_when_strict(corpus: Path) -> None:
    result = _read(corpus, PF + "nick.fit")
    dropped = [i for i in result.issues if i.action is IssueAction.DROPPED]
    assert dropped and "breaks off after 14391 records" in dropped[0].message
    assert any("no session summary" in i.message for i in result.issues)
    assert len(result.activities[0].streams) == 14391
    with pytest.raises(ParseError, match="breaks off") as caught:
        _read(corpus, PF + "nick.fit", strict=True)
    assert caught.value.record == 14392


def test_a_checksum_mismatch_is_noted_or_fails_when_strict(corpus: Path) -> None:
    result = _read(corpus, PF + "activity-filecrc.fit")
    assert [i.action for i in result.issues] == [IssueAction.NOTED]
    with pytest.raises(ParseError) as caught:
        _read(corpus, PF + "activity-filecrc.fit", strict=True)
    assert caught.value.field == "crc"


def test_garbage_bytes_with_a_fit_name_raise_a_parse_error() -> None:
    with pytest.raises(ParseError, match=r"broken\.fit: not a readable FIT file"):
        READER.read(source_of("broken.fit", b"\x0e\x10" + b"\x00" * 40))


@pytest.mark.parametrize(
    ("sport", "sub", "expected"),
    [
        ("running", "trail", (Sport.RUNNING, "trail")),
        ("fitness_equipment", "treadmill", (Sport.RUNNING, "treadmill")),
        ("training", "strength_training", (Sport.STRENGTH, "strength_training")),
        ("generic", "generic", (Sport.OTHER, None)),
        ("transition", None, (Sport.OTHER, "transition")),
        (None, None, (Sport.OTHER, None)),
        (17, None, (Sport.OTHER, None)),
    ],
)
def test_fit_sport_names_map_to_core_sports(sport, sub, expected) -> None:
    assert fit_sport(sport, sub) == expected


def test_a_chained_file_repeating_a_session_keeps_it_once(corpus: Path) -> None:
    result = _read(corpus, PF + "activity-activity-filecrc.fit")
    assert len(result.activities) == 1
    repeats = [i for i in result.issues if i.field == "session"]
    assert repeats and repeats[0].message == "session 2 repeats session 1 (same start and sport)"
