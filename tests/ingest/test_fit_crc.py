"""The FIT CRC: the SDK loop, carrying it through zeros, and the numpy block version."""

from __future__ import annotations

import random

import pytest

from recoverwell.ingest.fit_crc import crc16_fast, crc_through_zeros, fit_crc16


@pytest.mark.reference(source="CRC-16/ARC check value for '123456789' (Williams 1993 catalogue)")
def test_fit_crc16_is_crc16_arc() -> None:
    assert fit_crc16(b"123456789") == 0xBB3D


def test_carrying_a_crc_through_zero_bytes_equals_feeding_them() -> None:
    start = fit_crc16(b"recoverwell")
    assert crc_through_zeros(start, 1000) == fit_crc16(b"\0" * 1000, start)
    assert crc_through_zeros(start, 0) == start


@pytest.mark.parametrize("size", [0, 7, 4095, 4096, 10_000, 123_457])
def test_the_numpy_crc_equals_the_sdk_loop(size: int) -> None:
    data = random.Random(size).randbytes(size)
    assert crc16_fast(data) == fit_crc16(data)
