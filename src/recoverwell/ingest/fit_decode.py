"""``decode_fit(bytes)``: a FIT file as numpy record columns plus its session, lap… messages.

Two backends behind one result (reference/parsers.md §8):

- **fitfast** (Rust core, one pass over the file, ~10-20 MB/s here) is the fast path;
- **fitdecode** (pure Python, ~0.6 MB/s, ``fit_fallback.py``) is the fallback, used exactly where
  the parser study found fitfast wrong or unable (parsers.md §4):

  1. fitfast raises: legacy 12-byte headers, undefined local messages, a real checksum
     mismatch, and truncated files, of which fitdecode salvages the readable part;
  2. records carry ``compressed_speed_distance`` (FR60/FR70 foot-pod era): fitfast leaves speed
     and distance out;
  3. a session reports a distance but the records have no distance column;
  4. timestamps below 0x10000000 (device-relative, seconds since power-on): fitfast turns them
     into 1990 dates, fitdecode keeps them relative so the reader can refuse to guess a date.

Header CRC 0x0000 (FR110/310XT/910XT, Edge 200/800/810: 10 of 125 valid real files) makes
fitfast 0.1.0 fail with "checksum mismatch": the spec then has the file CRC cover header + data,
rustyfit checks it over the data only. Before falling back, ``decode_fit`` checks the file CRC the
spec's way without a second pass over the data (CRC-16 is linear: CRC(data) = trailer XOR the
header's CRC carried through len(data) zero bytes) and gives fitfast the trailer it expects. The
check is exactly the spec's one: a corrupt file still fails and goes to fitdecode. This keeps old
Garmin archives on the fast path (fitdecode is ~40x slower); parsers.md §4 confirmed the cause
the same way ("recomputing the trailing CRC makes fitfast accept them").

fitfast is called twice per file: ``records`` for the record columns and ``parse`` on a small
FIT stream holding only the other messages an activity needs (``fit_split.py``); ``parse`` on
the whole file builds a dict per record and was measured ~2x slower.

Values are normalised the same way for both backends: times in Unix seconds (float), positions
in degrees, enum values as FIT profile names, invalid sentinels absent. A Connect IQ developer
field that declares the native field it stands for (``native_field_num``) replaces the native
value of the same name (fitfast's behaviour; the pool-swim apps in the corpus write the real
distance there and 0 in the native field); ``FitData.developer_overrides`` says where it happened.

Other Connect IQ fields fill a native value the device left out (never replace one it wrote), by
the rules Runalyze applies (``FitActivity.php``, ``DeveloperFieldMappingForRecord`` and
``NativeFieldMappingForRecord``): a field that declares the native record field it stands for
(heart rate 3, cadence 4, distance 5, speed 6, power 7: Stryd's data field declares its power,
cadence and heart rate) in that field's unit (a cadence in steps/min is halved to the FIT profile's
strides), and the running-power fields known by name: Garmin Running Power (``RP_Power``), Stryd
(``Power``) and RunScribe (``RS_Power_AVG``). Session and lap values a field declares (total
distance 9, calories 11, average speed, average and maximum heart rate) fill the native ones the
same way. Both backends give developer values under their ``field_name``; ``developer_fills``
says which native field was filled from which developer field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np

from recoverwell.core.types import FloatArray
from recoverwell.ingest.fit_crc import crc_through_zeros, fit_crc16
from recoverwell.ingest.fit_split import HRV_INVALID_S, split_fit

FIT_EPOCH_UNIX_S = 631_065_600  # 1989-12-31T00:00:00Z: the FIT profile's date_time origin
RELATIVE_TIME_LIMIT = 0x10000000  # FIT profile: a date_time below this counts from power-on
RELATIVE_LIMIT_UNIX_S = FIT_EPOCH_UNIX_S + RELATIVE_TIME_LIMIT
SEMICIRCLE_DEG = 180.0 / 2**31  # FIT semicircles → degrees

#: record fields decoded into columns (FIT profile names)
RECORD_FIELDS: tuple[str, ...] = (
    "timestamp",
    "heart_rate",
    "speed",
    "enhanced_speed",
    "distance",
    "altitude",
    "enhanced_altitude",
    "cadence",
    "fractional_cadence",
    "position_lat",
    "position_long",
    "power",
)
_POSITION_FIELDS = frozenset(
    {"position_lat", "position_long", "start_position_lat", "start_position_long"}
)
_TIME_FIELDS = frozenset({"timestamp", "start_time", "time_created", "local_timestamp"})
_KEPT_KINDS = ("session", "lap", "file_id", "activity", "device_info", "sport")

Message = dict[str, Any]


class FitDecodeFailed(Exception):
    """Neither backend could read anything useful; ``reason`` says why (wrapped by the reader)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True, slots=True, eq=False)
class FitData:
    """What one FIT file holds, whatever backend decoded it.

    ``records`` maps FIT field names to float64 columns of equal length (NaN = no value);
    ``timestamp`` is Unix seconds, or seconds since power-on when ``relative_time``.
    ``hrv_s`` is every RR interval of the file's ``hrv`` messages in order, in seconds.
    ``salvaged`` is set when the file broke off and only the part before ``salvaged`` was read;
    ``crc_error`` when the file's checksum did not match (the data may be corrupt).
    """

    backend: str
    records: Mapping[str, FloatArray]
    sessions: tuple[Message, ...] = ()
    laps: tuple[Message, ...] = ()
    file_id: Message | None = None
    activity: Message | None = None
    creator: Message | None = None
    sports: tuple[Message, ...] = ()
    hrv_s: FloatArray = field(default_factory=lambda: np.empty(0))
    relative_time: bool = False
    compressed_speed_distance: bool = False
    salvaged: str | None = None
    crc_error: str | None = None
    developer_overrides: tuple[str, ...] = ()
    developer_fills: tuple[str, ...] = ()
    fallback_reason: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def n_records(self) -> int:
        """Number of ``record`` messages."""
        column = self.records.get("timestamp")
        return 0 if column is None else len(column)


def decode_fit(data: bytes, *, backend: str = "auto") -> FitData:
    """Decode FIT bytes; ``backend`` is ``auto`` (fitfast, falling back) or a backend's name.

    Raises FitDecodeFailed when the bytes are not FIT or nothing readable is in them.
    """
    from recoverwell.ingest.fit_fallback import decode_with_fitdecode

    if backend == "fitdecode":
        return decode_with_fitdecode(data, reason="fitdecode requested")
    if backend not in {"auto", "fitfast"}:
        raise ValueError(f"unknown FIT backend {backend!r}")
    try:
        fast = decode_with_fitfast(data)
    except FitDecodeFailed as err:
        patched = crc0_trailer_for_fitfast(data) if "checksum" in err.reason else None
        retried = _try_fitfast(patched) if patched is not None else None
        if retried is None:
            if backend == "fitfast":
                raise
            return decode_with_fitdecode(data, reason=f"fitfast: {err.reason}")
        fast = retried
    reason = needs_fallback(fast)
    if reason is None or backend == "fitfast":
        return fast
    return decode_with_fitdecode(data, reason=reason)


def _try_fitfast(data: bytes) -> FitData | None:
    try:
        return decode_with_fitfast(data)
    except FitDecodeFailed:
        return None


def needs_fallback(fast: FitData) -> str | None:
    """Why a fitfast result cannot be trusted (parsers.md §4), or None when it can."""
    if fast.relative_time:
        return "device-relative timestamps (fitfast would date them 1990)"
    if fast.compressed_speed_distance:
        return "compressed_speed_distance (fitfast drops speed and distance)"
    if "distance" not in fast.records and any(
        (s.get("total_distance") or 0) > 0 for s in fast.sessions
    ):
        return "sessions report a distance but records have none"
    return None


def decode_with_fitfast(data: bytes) -> FitData:
    """The fast path: record columns from ``records`` + the small messages from ``parse``.

    ``fit_split.split_fit`` separates the two; a file it is not sure about is parsed whole.
    """
    import fitfast

    split = split_fit(data)
    try:
        if split is None:
            return _from_parsed(fitfast.parse(data, enum_names=True))
        raw = fitfast.records(data)
        parsed = fitfast.parse(split.kept, enum_names=True)
    except fitfast.FitDecodeError as err:
        raise FitDecodeFailed(str(err)) from err
    channels = developer_channels(parsed.get("field_description", []))
    wanted = set(RECORD_FIELDS) | {c.developer for c in channels}
    columns = {k: v for k, v in raw.items() if k in wanted and not np.isnan(v).all()}
    # records defining compressed_speed_distance matter only when fitfast then lacks speed or
    # distance (Zwift files define the field and leave it invalid, with real speed/distance)
    lost = split.compressed_speed_distance and not {"speed", "distance"} <= columns.keys()
    return _from_parsed(parsed, columns, split.hrv_s, lost)


def _from_parsed(
    parsed: Mapping[str, Sequence[dict[Any, Any]]],
    columns: dict[str, FloatArray] | None = None,
    hrv_s: FloatArray | None = None,
    compressed: bool | None = None,
) -> FitData:
    """FitData from fitfast's dicts (and the columns and RR intervals when already split off)."""
    descriptions = parsed.get("field_description", [])
    channels = developer_channels(descriptions)
    if columns is None:
        records = parsed.get("record", [])
        present = set().union(*records)  # every field name that occurs (the union runs in C)
        columns = record_columns(records, present, [c.developer for c in channels])
        compressed = "compressed_speed_distance" in present
        hrv_s = hrv_seconds(m.get("time") for m in parsed.get("hrv", []))
    columns, fills = fill_from_developer(columns, channels)
    kept = {kind: [normalise(m) for m in parsed.get(kind, [])] for kind in _KEPT_KINDS}
    fills += fill_summaries_from_developer(kept, descriptions)
    creator = next(
        (d for d in kept["device_info"] if d.get("device_index") in ("creator", 0)), None
    )
    sessions = tuple(kept["session"])
    return FitData(
        backend="fitfast",
        records=columns,
        sessions=sessions,
        laps=tuple(kept["lap"]),
        file_id=first(kept["file_id"]),
        activity=first(kept["activity"]),
        creator=creator,
        sports=tuple(kept["sport"]),
        hrv_s=hrv_s if hrv_s is not None else np.empty(0),
        relative_time=_any_relative(columns, sessions),
        compressed_speed_distance=bool(compressed),
        developer_overrides=overridden_fields(descriptions),
        developer_fills=tuple(fills),
    )


def first(messages: Sequence[Message]) -> Message | None:
    """The first message of a kind, or None."""
    return messages[0] if messages else None


def _any_relative(columns: Mapping[str, FloatArray], sessions: tuple[Message, ...]) -> bool:
    ts = columns.get("timestamp")
    if ts is not None and len(ts) and np.nanmin(ts) < RELATIVE_LIMIT_UNIX_S:
        return True
    return any((s.get("start_time") or math.inf) < RELATIVE_LIMIT_UNIX_S for s in sessions)


def normalise(message: Mapping[Any, Any]) -> Message:
    """One non-record message: positions in degrees, integer keys (unknown fields) dropped."""
    out: Message = {}
    for key, value in message.items():
        if not isinstance(key, str) or value is None:
            continue
        if key in _POSITION_FIELDS and isinstance(value, int | float):
            out[key] = value * SEMICIRCLE_DEG
        else:
            out[key] = value
    return out


def record_columns(
    records: Sequence[dict[Any, Any]],
    present: set[Any] | None = None,
    developer: Sequence[str] = (),
) -> dict[str, FloatArray]:
    """``record`` messages → {field: float64 column}; absent fields have no column.

    ``developer`` names Connect IQ fields to keep as columns too (``developer_channels``).
    """
    n = len(records)
    out: dict[str, FloatArray] = {}
    if n == 0:
        return out
    if present is None:
        present = set().union(*records)
    for key in (*RECORD_FIELDS, *developer):
        if key not in present:
            continue
        values = map(dict.get, records, repeat(key, n), repeat(math.nan, n))
        try:
            column = np.fromiter(values, dtype=float, count=n)
        except (TypeError, ValueError):
            column = np.array([_as_float(r.get(key)) for r in records], dtype=float)
        if np.isnan(column).all():
            continue
        if key in _POSITION_FIELDS:
            column = column * SEMICIRCLE_DEG
        out[key] = column
    return out


def _as_float(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return math.nan


def hrv_seconds(times: Any) -> FloatArray:
    """Flatten ``hrv.time`` arrays (up to five RR intervals each) into one array, in seconds.

    Invalid slots (None, or the 0xFFFF sentinel = 65.535 s) are left out.
    """
    flat = [
        v
        for t in times
        for v in (t if isinstance(t, list | tuple) else (t,))
        if isinstance(v, int | float)
    ]
    values = np.asarray(flat, dtype=float)
    result: FloatArray = values[(values > 0) & (values < HRV_INVALID_S)]
    return result


#: the session/lap totals the readers use; a developer field of one of these names replaces it
SUMMARY_FIELDS = frozenset(
    {
        "start_time",
        "total_elapsed_time",
        "total_timer_time",
        "total_distance",
        "total_ascent",
        "total_descent",
        "total_calories",
        "avg_heart_rate",
        "max_heart_rate",
        "avg_speed",
        "enhanced_avg_speed",
        "avg_cadence",
        "avg_running_cadence",
    }
)


def overridden_fields(descriptions: Sequence[Mapping[Any, Any]]) -> tuple[str, ...]:
    """``kind.field`` of each native value we use that a Connect IQ field replaces.

    A developer field replaces a native one when it declares ``native_field_num`` and has the
    native field's name (both backends key fields by name).
    """
    used = frozenset(RECORD_FIELDS) | SUMMARY_FIELDS
    out = {
        f"{d.get('native_mesg_num')}.{d['field_name']}"
        for d in descriptions
        if d.get("native_field_num") is not None and d.get("field_name") in used
    }
    return tuple(sorted(out))


# --- Connect IQ fields that fill native ones ---------------------------------------------------

#: native record field number → (FIT profile name, {unit (lower case): factor to the profile's})
NATIVE_RECORD_FIELDS: Mapping[int, tuple[str, Mapping[str | None, float]]] = {
    3: ("heart_rate", {None: 1.0, "bpm": 1.0}),
    4: ("cadence", {None: 1.0, "rpm": 1.0, "spm": 0.5, "steps/min": 0.5}),  # profile: strides
    5: ("distance", {None: 1.0, "m": 1.0, "meters": 1.0, "km": 1000.0}),
    6: ("speed", {None: 1.0, "m/s": 1.0, "km/h": 1 / 3.6}),
    7: ("power", {None: 1.0, "w": 1.0, "watt": 1.0, "watts": 1.0}),
}
#: running-power fields known by name (Runalyze FitActivity::$DeveloperFieldMappingForRecord)
POWER_FIELD_NAMES = frozenset({"Power", "RP_Power", "RS_Power_AVG"})
_POWER_UNITS = frozenset({None, "w", "watt", "watts"})
#: native session / lap field number → profile name, for the totals the readers use
NATIVE_SUMMARY_FIELDS: Mapping[str, Mapping[int, str]] = {
    "session": {9: "total_distance", 11: "total_calories", 14: "avg_speed", 16: "avg_heart_rate",
                17: "max_heart_rate"},
    "lap": {9: "total_distance", 11: "total_calories", 13: "avg_speed", 15: "avg_heart_rate",
            16: "max_heart_rate"},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DeveloperChannel:
    """A Connect IQ record field that fills the native record field ``native``."""

    developer: str
    native: str
    factor: float = 1.0


def _unit(description: Mapping[Any, Any]) -> str | None:
    units = description.get("units")
    return units.strip().lower() if isinstance(units, str) and units.strip() else None


def developer_channels(descriptions: Sequence[Mapping[Any, Any]]) -> list[DeveloperChannel]:
    """The record fields of ``descriptions`` that stand for a native record field we read."""
    out = []
    for d in descriptions:
        name = d.get("field_name")
        kind = d.get("native_mesg_num")
        if not isinstance(name, str) or kind not in (None, "record", 20):
            continue
        native_num = d.get("native_field_num")
        if isinstance(native_num, int) and native_num in NATIVE_RECORD_FIELDS:
            native, factors = NATIVE_RECORD_FIELDS[native_num]
            factor = factors.get(_unit(d))
            if factor is not None and name != native:  # same name: the override rule above
                out.append(DeveloperChannel(name, native, factor))
        elif native_num is None and name in POWER_FIELD_NAMES and _unit(d) in _POWER_UNITS:
            out.append(DeveloperChannel(name, "power"))
    return out


def fill_from_developer(
    columns: Mapping[str, FloatArray], channels: Sequence[DeveloperChannel]
) -> tuple[dict[str, FloatArray], list[str]]:
    """Native columns with their missing samples taken from developer columns; what was filled.

    The developer columns themselves are left out of the result.
    """
    out = {k: v for k, v in columns.items() if k in RECORD_FIELDS}
    fills = []
    for channel in channels:
        values = columns.get(channel.developer)
        if values is None:
            continue
        values = values * channel.factor
        native = out.get(channel.native)
        missing = np.isnan(native) if native is not None else np.ones(len(values), dtype=bool)
        take = missing & np.isfinite(values)
        if not take.any():
            continue
        out[channel.native] = np.where(take, values, native) if native is not None else values
        fills.append(f"record.{channel.native} from {channel.developer!r} ({int(take.sum())}×)")
    return out, fills


def fill_summaries_from_developer(
    kept: Mapping[str, list[Message]], descriptions: Sequence[Mapping[Any, Any]]
) -> list[str]:
    """Fill session and lap totals the device left out from Connect IQ fields that declare
    them (in place, on the normalised messages); what was filled."""
    fills = []
    for kind, natives in NATIVE_SUMMARY_FIELDS.items():
        for d in descriptions:
            number, name = d.get("native_field_num"), d.get("field_name")
            native = natives.get(number, "") if isinstance(number, int) else ""
            if d.get("native_mesg_num") != kind or not native or not isinstance(name, str):
                continue
            if name == native:  # the same name: the override rule (overridden_fields)
                continue
            filled = 0
            for message in kept.get(kind, []):
                value = message.get(name)
                if message.get(native) is None and isinstance(value, int | float):
                    message[native] = value
                    filled += 1
            if filled:
                fills.append(f"{kind}.{native} from {name!r} ({filled}×)")
    return fills


# --- header CRC 0 ------------------------------------------------------------------------------

_HEADER_WITH_CRC = 14  # bytes; a 14-byte header may carry CRC 0x0000 ("not computed")


def crc0_trailer_for_fitfast(data: bytes) -> bytes | None:
    """``data`` with the trailer fitfast expects, for a single 14-byte-header file with CRC 0.

    None when the file is not of that shape (chained files, other headers, a header CRC set).
    """
    if len(data) < _HEADER_WITH_CRC + 2 or data[0] != _HEADER_WITH_CRC or data[12:14] != b"\0\0":
        return None
    data_size = int.from_bytes(data[4:8], "little")
    if _HEADER_WITH_CRC + data_size + 2 != len(data):
        return None
    trailer = int.from_bytes(data[-2:], "little")
    data_only = trailer ^ crc_through_zeros(fit_crc16(data[:_HEADER_WITH_CRC]), data_size)
    return data[:-2] + data_only.to_bytes(2, "little")
