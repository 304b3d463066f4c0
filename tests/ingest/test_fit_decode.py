"""decode_fit: the fast path, the cases parsers.md §4 sends to the fallback, and the CRC-0 check."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest

from recoverwell.ingest.fit_decode import (
    RELATIVE_LIMIT_UNIX_S,
    FitData,
    FitDecodeFailed,
    crc0_trailer_for_fitfast,
    decode_fit,
    hrv_seconds,
    needs_fallback,
)

PF = "dtcooper__python-fitparse/tests/files/"
RUNALYZE = "Runalyze__Runalyze/tests/testfiles/fit/"
GC = "GoldenCheetah__GoldenCheetah/test/"
# parsers.md §4: fitfast 0.1.0 rejects these valid files (14-byte header, header CRC 0x0000)
HEADER_CRC0 = [
    GC + "swims/20160517-063148-1-1328-ANTFS-4-0.FIT",
    GC + "swims/AleV_Swim_2015-02-09-16-15.fit",
    RUNALYZE + "Standard.fit",
    RUNALYZE + "swim-25m-lane.fit",
    RUNALYZE + "swim-outdoor.fit",
    RUNALYZE + "with-power.fit",
    PF + "2013-02-06-12-11-14.fit",
    PF + "2015-10-13-08-43-15.fit",
    PF + "Edge810-Vector-2013-08-16-15-35-10.fit",
    PF + "sample-activity-indoor-trainer.fit",
]


def _read(corpus: Path, rel: str) -> bytes:
    return (corpus / "raw" / rel).read_bytes()


def _summary(fit: FitData) -> tuple[object, ...]:
    c = fit.records
    hr = c.get("heart_rate", np.zeros(1))
    dist = c.get("distance")
    return (
        fit.n_records,
        float(np.nansum(hr)),
        None if dist is None else float(np.nanmax(dist)),
        [(s.get("total_distance"), s.get("total_elapsed_time")) for s in fit.sessions],
        len(fit.laps),
    )


@pytest.mark.parametrize("rel", HEADER_CRC0)
def test_header_crc0_files_stay_on_the_fast_path_and_match_fitdecode(
    corpus: Path, rel: str
) -> None:
    data = _read(corpus, rel)
    assert data[0] == 14 and data[12:14] == b"\0\0"
    fast = decode_fit(data)
    slow = decode_fit(data, backend="fitdecode")
    assert fast.backend == "fitfast"
    assert _summary(fast) == _summary(slow)


def test_a_corrupt_crc0_file_still_fails_the_fast_path(corpus: Path) -> None:
    data = bytearray(_read(corpus, PF + "2013-02-06-12-11-14.fit"))
    data[-100] ^= 0xFF  # one flipped byte near the end of the data
    patched = crc0_trailer_for_fitfast(bytes(data))
    assert patched is not None
    with pytest.raises(FitDecodeFailed):
        decode_fit(patched, backend="fitfast")
    assert decode_fit(bytes(data)).backend == "fitdecode"


@pytest.mark.reference(source="python-fitparse tests/files/compressed-speed-distance-records.csv")
def test_compressed_speed_distance_matches_python_fitparse_reference_csv(corpus: Path) -> None:
    fit = decode_fit(_read(corpus, PF + "compressed-speed-distance.fit"))
    assert fit.backend == "fitdecode" and fit.compressed_speed_distance
    with (corpus / "raw" / PF / "compressed-speed-distance-records.csv").open() as handle:
        rows = list(csv.reader(handle))[1:]
    by_time = {int(r[0]): r for r in rows}
    ts = fit.records["timestamp"]
    matched = 0
    for i, t in enumerate(ts):
        row = by_time.get(int(t))
        if row is None:
            continue
        matched += 1
        assert fit.records["heart_rate"][i] == float(row[1])
        assert fit.records["speed"][i] == pytest.approx(float(row[2]), abs=1e-3)
        assert fit.records["distance"][i] == pytest.approx(float(row[3]), abs=1e-3)
    assert matched == len(rows) == 754
    assert np.nanmax(fit.records["distance"]) == pytest.approx(10248.6875, abs=1e-3)


def test_fitfast_alone_drops_compressed_speed_and_distance(corpus: Path) -> None:
    data = _read(corpus, RUNALYZE + "FR70-intervals.fit")
    fast = decode_fit(data, backend="fitfast")
    assert "distance" not in fast.records and needs_fallback(fast) is not None
    fit = decode_fit(data)
    assert fit.backend == "fitdecode"
    assert np.nanmax(fit.records["distance"]) == pytest.approx(
        fit.sessions[0]["total_distance"], rel=0.01
    )


def test_device_relative_timestamps_are_flagged_not_dated_1990(corpus: Path) -> None:
    data = _read(corpus, PF + "antfs-dump.63.fit")
    fast = decode_fit(data, backend="fitfast")
    assert np.nanmin(fast.records["timestamp"]) < RELATIVE_LIMIT_UNIX_S  # 1990 if trusted
    fit = decode_fit(data)
    assert fit.backend == "fitdecode" and fit.relative_time


def test_bytes_that_are_not_fit_fail_on_both_backends() -> None:
    with pytest.raises(FitDecodeFailed):
        decode_fit(b"this is not a FIT file at all")


def test_hrv_slots_without_a_value_are_left_out() -> None:
    values = hrv_seconds([(0.61, None, None), (0.6, 65.535), 0.59])
    assert values.tolist() == [0.61, 0.6, 0.59]


def test_a_session_distance_without_a_distance_column_needs_the_fallback() -> None:
    fit = FitData("fitfast", {"timestamp": np.array([1e9])}, sessions=({"total_distance": 5.0},))
    assert needs_fallback(fit) == "sessions report a distance but records have none"
    assert needs_fallback(FitData("fitfast", {"timestamp": np.array([1e9])})) is None
    assert math.isnan(float("nan"))
