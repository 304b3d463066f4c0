"""The fitdecode backend of ``decode_fit``: slow, streaming, and right where fitfast is not.

fitdecode reads files whose header CRC is 0, expands ``compressed_speed_distance`` into speed and
distance, keeps device-relative timestamps as plain seconds, reads past a bad file CRC (with a
warning we report) and streams a truncated file up to the point where it breaks, so the readable
part can be salvaged (parsers.md §4).

Fields are read with first-non-None semantics: fitdecode yields a field twice when a component
expansion lands on a real field, and a plain ``{name: value}`` dict lets the later ``None`` win
(the trap parsers.md §4 describes for FR55 and Zwift files).
"""

from __future__ import annotations

import io
import warnings
from datetime import datetime
from typing import Any

import fitdecode

from recoverwell.ingest.fit_decode import (
    RECORD_FIELDS,
    RELATIVE_TIME_LIMIT,
    SEMICIRCLE_DEG,
    FitData,
    FitDecodeFailed,
    Message,
    developer_channels,
    fill_from_developer,
    fill_summaries_from_developer,
    first,
    hrv_seconds,
    overridden_fields,
    record_columns,
)

_KINDS = frozenset({"session", "lap", "file_id", "activity", "device_info", "sport"})
_RECORD_WANTED = frozenset(RECORD_FIELDS) | {"compressed_speed_distance"}
_POSITIONS = frozenset(
    {"position_lat", "position_long", "start_position_lat", "start_position_long"}
)


def _message(frame: Any, wanted: set[str] | frozenset[str] | None = None) -> tuple[Message, bool]:
    """A data frame as {name: value} (first non-None wins; declared developer fields replace,
    other developer fields are kept under their name unless a native field has it).

    Returns the message and whether a date_time field held a device-relative value.
    """
    out: Message = {}
    relative = False
    overrides: Message = {}
    developer: Message = {}
    for f in frame.fields:
        value = f.value
        if value is None:
            continue
        name = f.name
        if wanted is not None and name not in wanted:
            continue
        field_def = f.field_def
        if field_def is not None and field_def.is_dev:
            if getattr(f.field, "native_field_num", None) is not None:
                overrides[name] = value
            else:
                developer.setdefault(name, value)
            continue
        if name in out:
            continue
        if isinstance(value, datetime):
            value = value.timestamp()
        elif f.field is not None and getattr(f.field.type, "name", "") == "date_time":
            if isinstance(value, int) and value < RELATIVE_TIME_LIMIT:
                relative = True
        elif name in _POSITIONS and isinstance(value, int | float):
            value = value * SEMICIRCLE_DEG
        out[name] = value
    for name, value in developer.items():
        out.setdefault(name, value)
    out.update(overrides)
    return out, relative


def decode_with_fitdecode(data: bytes, *, reason: str) -> FitData:
    """Decode with fitdecode; FitDecodeFailed if nothing usable could be read."""
    records: list[Message] = []
    kinds: dict[str, list[Message]] = {k: [] for k in _KINDS}
    hrv: list[Any] = []
    descriptions: list[Message] = []
    record_wanted = set(_RECORD_WANTED)
    relative = False
    compressed = False
    salvaged: str | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with fitdecode.FitReader(
                io.BytesIO(data),
                check_crc=fitdecode.CrcCheck.WARN,
                error_handling=fitdecode.ErrorHandling.WARN,
            ) as reader:
                for frame in reader:
                    if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                        continue
                    name = frame.name
                    if name == "record":
                        msg, rel = _message(frame, record_wanted)
                        compressed = compressed or "compressed_speed_distance" in msg
                        records.append(msg)
                    elif name in _KINDS:
                        msg, rel = _message(frame)
                        kinds[name].append(msg)
                    elif name == "hrv":
                        hrv.append(frame.get_value("time", fallback=None))
                        continue
                    elif name == "field_description":
                        description = _message(frame)[0]
                        descriptions.append(description)
                        record_wanted |= {c.developer for c in developer_channels([description])}
                        continue
                    else:
                        continue
                    relative = relative or rel
        except (fitdecode.FitError, ValueError, KeyError, IndexError, TypeError) as err:
            if not records and not kinds["session"]:
                raise FitDecodeFailed(f"{reason}; fitdecode: {err}") from err
            salvaged = f"{type(err).__name__}: {err}"
    messages = [str(w.message) for w in caught]
    crc = [m for m in messages if "CRC" in m]
    if not records and not any(kinds.values()):
        raise FitDecodeFailed(f"{reason}; fitdecode found no FIT messages")
    creator = next(
        (d for d in kinds["device_info"] if d.get("device_index") in ("creator", 0)), None
    )
    channels = developer_channels(descriptions)
    columns = record_columns(records, developer=[c.developer for c in channels])
    columns, fills = fill_from_developer(columns, channels)
    fills += fill_summaries_from_developer(kinds, descriptions)
    return FitData(
        backend="fitdecode",
        records=columns,
        sessions=tuple(kinds["session"]),
        laps=tuple(kinds["lap"]),
        file_id=first(kinds["file_id"]),
        activity=first(kinds["activity"]),
        creator=creator,
        sports=tuple(kinds["sport"]),
        hrv_s=hrv_seconds(hrv),
        relative_time=relative,
        compressed_speed_distance=compressed,
        salvaged=salvaged,
        crc_error=crc[0] if crc else None,
        developer_overrides=overridden_fields(descriptions),
        developer_fills=tuple(fills),
        fallback_reason=reason,
        warnings=tuple(m for m in messages if "CRC" not in m),
    )
