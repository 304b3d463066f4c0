"""Split a FIT file so fitfast decodes each part the cheap way: records as columns, rest as dicts.

fitfast 0.1.0 has two calls: ``records(data, kind)`` (numpy columns of one message kind, ~45 MB/s)
and ``parse(data)`` (every message as a Python dict, ~13 MB/s). An activity needs the ``record``
columns *and* a handful of small messages (file_id, session, lap, activity, device_info, sport,
developer field descriptions) plus the RR intervals of ``hrv`` messages. ``parse`` alone spends
most of its time building dicts for records (and for kinds nobody reads), so:

1. ``split_fit`` frames the messages once (header byte, definitions, sizes; no field decoding
   except the ``hrv.time`` array) and copies the definitions and the few kept kinds into a small
   FIT stream of their own, with a valid header and CRC;
2. ``decode_fit`` then runs ``records(data)`` on the whole file (which also checks its CRC) and
   ``parse`` on the small stream.

A kept message with a compressed timestamp header (its time would depend on a record left out)
or anything unexpected makes ``split_fit`` return None, and the whole file is parsed instead.
``tests/ingest/test_fit_split.py`` checks on every corpus file that both ways give the same
result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from recoverwell.core.types import FloatArray
from recoverwell.ingest.fit_crc import crc16_fast, fit_crc16

RECORD = 20  # FIT profile global message numbers
HRV = 78
HRV_TIME_FIELD = 0  # hrv.time: uint16[], scale 1000 (s)
COMPRESSED_SPEED_DISTANCE = 8  # record field number
#: kinds copied for parse: file_id, sport, session, lap, device_info, activity, field_description,
#: developer_data_id (the last two so developer fields keep their names)
KEPT = frozenset({0, 12, 18, 19, 23, 34, 206, 207})
_HEADER = 14
HRV_INVALID_S = 65.535  # hrv.time is uint16 ms with scale 1000; 0xFFFF marks an unused slot


@dataclass(frozen=True, slots=True)
class Split:
    """The small FIT stream to ``parse``, the RR intervals, and what the records hold."""

    kept: bytes
    hrv_s: FloatArray
    compressed_speed_distance: bool


def _hrv_seconds(chunks: list[tuple[bytes, str]]) -> FloatArray:
    if not chunks:
        return np.empty(0)
    parts = [np.frombuffer(raw, dtype=f"{order}u2") for raw, order in chunks if len(raw) % 2 == 0]
    values = np.concatenate(parts).astype(float) / 1000.0 if parts else np.empty(0)
    result: FloatArray = values[(values > 0) & (values < HRV_INVALID_S)]
    return result


def split_fit(data: bytes) -> Split | None:
    """Frame every message once; None when the file is not one this shortcut is sure about."""
    kept = bytearray()
    hrv: list[tuple[bytes, str]] = []
    compressed = False
    n = len(data)
    base = 0
    try:
        while base + 12 <= n:
            end = base + data[base] + int.from_bytes(data[base + 4 : base + 8], "little")
            if end + 2 > n:
                return None
            layouts: dict[int, tuple[int, int, tuple[int, int, str] | None]] = {}
            pos = base + data[base]
            while pos < end:
                header = data[pos]
                if header & 0x80:  # compressed timestamp header
                    number, size, _ = layouts[(header >> 5) & 0x3]
                    if number != RECORD:
                        return None  # its time depends on messages left out
                    pos += 1 + size
                    continue
                if header & 0x40:  # definition: reserved, architecture, global number, fields
                    order = "big" if data[pos + 2] else "little"
                    number = int.from_bytes(data[pos + 3 : pos + 5], order)  # type: ignore[arg-type]
                    cursor, size, time_field = pos + 6, 0, None
                    for _ in range(data[pos + 5]):
                        field, field_size = data[cursor], data[cursor + 1]
                        if number == HRV and field == HRV_TIME_FIELD:
                            time_field = (size, field_size, ">" if order == "big" else "<")
                        if number == RECORD and field == COMPRESSED_SPEED_DISTANCE:
                            compressed = True
                        size += field_size
                        cursor += 3
                    if header & 0x20:  # developer fields
                        n_dev = data[cursor]
                        size += sum(data[cursor + 2 + 3 * k] for k in range(n_dev))
                        cursor += 1 + 3 * n_dev
                    layouts[header & 0x0F] = (number, size, time_field)
                    kept += data[pos:cursor]
                    pos = cursor
                    continue
                number, size, time_field = layouts[header & 0x0F]
                following = pos + 1 + size
                if number in KEPT:
                    kept += data[pos:following]
                elif number == HRV and time_field is not None:
                    offset, length, order = time_field
                    hrv.append((data[pos + 1 + offset : pos + 1 + offset + length], order))
                pos = following
            base = end + 2
    except (IndexError, KeyError):
        return None
    head = bytearray(data[:12])
    head[0] = _HEADER
    head[4:8] = len(kept).to_bytes(4, "little")
    head += fit_crc16(bytes(head)).to_bytes(2, "little")
    stream = bytes(head) + bytes(kept)
    stream += crc16_fast(stream).to_bytes(2, "little")
    return Split(stream, _hrv_seconds(hrv), compressed)
