"""The FIT file CRC (CRC-16/ARC): plain, carried through zero bytes, and fast for big inputs.

``fit_crc16`` is the FIT SDK's nibble-table loop. CRC-16 is linear over GF(2), which gives two
shortcuts: ``crc_through_zeros`` carries a CRC state through n zero bytes in O(log n) (used to
check header-CRC-0 files the spec's way without a second pass, ``fit_decode.py``), and
``crc16_fast`` computes ~√n blocks at once with numpy and combines them (``fit_split.py``).
"""

from __future__ import annotations

import functools
import math

import numpy as np

# FIT SDK CRC-16 nibble table (CRC-16/ARC: reflected polynomial 0xA001, init 0, no final XOR)
_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip


def fit_crc16(data: bytes, crc: int = 0) -> int:
    """The FIT SDK's CRC-16 of ``data`` starting from ``crc``."""
    t = _CRC_TABLE
    for byte in data:
        tmp = t[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ t[byte & 0xF]
        tmp = t[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ t[(byte >> 4) & 0xF]
    return crc


def _apply(matrix: list[int], vector: int) -> int:
    out = 0
    for i in range(16):
        if vector >> i & 1:
            out ^= matrix[i]
    return out


def crc_through_zeros(crc: int, n_bytes: int) -> int:
    """The CRC state after feeding ``n_bytes`` zero bytes from state ``crc`` (O(log n))."""
    step = [fit_crc16(b"\0", 1 << i) for i in range(16)]  # one zero byte, as a GF(2) matrix
    result = [1 << i for i in range(16)]
    while n_bytes:
        if n_bytes & 1:
            result = [_apply(step, col) for col in result]
        step = [_apply(step, col) for col in step]
        n_bytes >>= 1
    return _apply(result, crc)


_SMALL_FOR_NUMPY_CRC = 4096  # bytes; below this the plain loop is quicker
_TABLE = np.zeros(256, dtype=np.uint16)
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ 0xA001 if _c & 1 else _c >> 1
    _TABLE[_i] = _c


@functools.cache
def _through_zeros_tables(n_bytes: int) -> tuple[list[int], list[int]]:
    """CRC states carried through ``n_bytes`` zero bytes, by low and high byte (it is linear)."""
    columns = [crc_through_zeros(1 << bit, n_bytes) for bit in range(16)]
    tables = []
    for half in (0, 8):
        table = [0] * 256
        for v in range(1, 256):
            low_bit = v & -v
            table[v] = table[v ^ low_bit] ^ columns[half + low_bit.bit_length() - 1]
        tables.append(table)
    return tables[0], tables[1]


def crc16_fast(data: bytes | bytearray) -> int:
    """``fit_crc16`` computed on ~√n blocks at once with numpy, combined through CRC linearity."""
    n = len(data)
    if n < _SMALL_FOR_NUMPY_CRC:
        return fit_crc16(bytes(data))
    block = 1 << max(6, math.isqrt(n).bit_length() - 1)  # a power of two near √n
    blocks = n // block
    rows = np.frombuffer(bytes(data[: blocks * block]), dtype=np.uint8).reshape(blocks, block)
    crcs = np.zeros(blocks, dtype=np.uint16)
    for j in range(block):
        crcs = (crcs >> 8) ^ _TABLE[(crcs ^ rows[:, j]) & 0xFF]
    low, high = _through_zeros_tables(block)
    acc = 0
    for value in crcs.tolist():
        acc = low[acc & 0xFF] ^ high[acc >> 8] ^ value
    return fit_crc16(bytes(data[blocks * block :]), acc)
