"""The split fast path gives exactly what parsing the whole file gives, on every corpus FIT file."""

from __future__ import annotations

from pathlib import Path

import fitfast
import numpy as np
import pytest

from recoverwell.ingest.fit_decode import (
    FitData,
    _from_parsed,
    crc0_trailer_for_fitfast,
    decode_with_fitfast,
)
from recoverwell.ingest.fit_split import split_fit
from tests.ingest.corpus_helpers import corpus_member, manifest_cases

FIT_CASES = [
    (p, m) for p, m, facts in manifest_cases() if facts.get("kind") == "fit" and "sessions" in facts
]


def _whole(data: bytes) -> FitData:
    return _from_parsed(fitfast.parse(data, enum_names=True))


def _nan_free(value: object) -> object:
    """NaN → None inside messages, so equal messages compare equal."""
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, list | tuple):
        return [_nan_free(v) for v in value]
    if isinstance(value, dict):
        return {k: _nan_free(v) for k, v in value.items()}
    return value


def _same(a: FitData, b: FitData) -> None:
    assert sorted(a.records) == sorted(b.records)
    for name, column in a.records.items():
        np.testing.assert_allclose(column, b.records[name], rtol=0, atol=2e-3, equal_nan=True)
    assert _nan_free(a.sessions) == _nan_free(b.sessions)
    assert _nan_free(a.laps) == _nan_free(b.laps)
    assert (a.file_id, a.activity, a.creator, a.sports) == (
        b.file_id,
        b.activity,
        b.creator,
        b.sports,
    )
    np.testing.assert_array_equal(a.hrv_s, b.hrv_s)
    assert a.compressed_speed_distance == b.compressed_speed_distance
    assert a.relative_time == b.relative_time
    assert a.developer_overrides == b.developer_overrides


@pytest.mark.parametrize(("path", "member"), FIT_CASES, ids=[p for p, _ in FIT_CASES])
def test_the_split_path_equals_parsing_the_whole_file(
    corpus: Path, path: str, member: str | None
) -> None:
    with corpus_member(corpus / "raw", path, member).open() as stream:
        data = stream.read()
    data = crc0_trailer_for_fitfast(data) or data  # header-CRC-0 files, as decode_fit does
    try:
        whole = _whole(data)
    except fitfast.FitDecodeError:
        pytest.skip("fitfast reads neither way (the fallback's case)")
    assert split_fit(data) is not None
    _same(decode_with_fitfast(data), whole)


def test_a_kept_message_with_a_compressed_timestamp_is_not_split() -> None:
    header = bytes([14, 0x10, 0x00, 0x00]) + (0).to_bytes(4, "little") + b".FIT\0\0"
    definition = bytes([0x40, 0, 0, 18, 0, 1, 253, 4, 0x86])  # session: timestamp
    compressed = bytes([0x80 | 0x05]) + (1000).to_bytes(4, "little")  # local 0, offset 5
    body = definition + compressed
    data = bytearray(header + body + b"\0\0")
    data[4:8] = len(body).to_bytes(4, "little")
    assert split_fit(bytes(data)) is None


def test_garbage_is_not_split() -> None:
    assert split_fit(b"\x0e\x10\x00\x00\xff\xff\xff\x00.FIT\x00\x00\x41") is None
