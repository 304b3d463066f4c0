"""FIT activity files → ``Activity`` records: one per session, with laps, streams and RR intervals.

Decoding is ``fit_decode.decode_fit`` (fitfast, fitdecode fallback). This module turns its
messages into core records:

- one ``Activity`` per ``session`` (multisport files give several; transitions are kept as
  ``Sport.OTHER`` with sub-sport ``transition``); records go to the session they fall in;
- totals come from the session message as the device wrote them; what it leaves out (and
  everything, for a file without sessions: a salvaged truncated file, some SDK samples) is
  computed from the validated records by ``ingest/fill.py``, which says so;
- laps come from ``lap`` messages (their own totals), RR intervals from ``hrv`` messages;
- ``utc_offset_s`` is ``activity.local_timestamp − activity.timestamp`` when the file has both;
- the device is the creator ``device_info`` (``device_index`` 0) when it names one, else
  ``file_id``: a file re-saved by another device or app keeps the recorder's name (Runalyze
  ``FitActivity::readDeviceInfo`` does the same: a Fenix 3 file whose file_id says FR920XT);
- Connect IQ fields fill record channels and totals the device left out (``fit_decode.py``);
- files with device-relative timestamps (seconds since power-on) are refused: nothing in them
  says on which day they were recorded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from recoverwell.core.errors import NothingToImport, ParseError
from recoverwell.core.types import Activity, FloatArray, Lap, SampleStreams, Sport
from recoverwell.ingest.assemble import (
    build_streams,
    finite_or_none,
    steps_per_minute,
    utc_from_unix,
)
from recoverwell.ingest.base import (
    ImportIssue,
    IssueAction,
    ReaderTraits,
    ReadResult,
    RecordKind,
    Source,
)
from recoverwell.ingest.fit_decode import FitData, FitDecodeFailed, Message, decode_fit

FIT_SIGNATURE = b".FIT"
FIT_ACTIVITY_TYPE = 4  # FIT profile, type "file": 4 = activity
_OFFSET_STEP_S = 900  # UTC offsets are whole quarter hours (e.g. +05:45 Nepal)
_OFFSET_SLACK_S = 120  # devices write local_timestamp a few seconds off; more means no offset
_MAX_OFFSET_S = 14 * 3600  # UTC−12 … UTC+14
#: FIT profile: altitude = raw / 5 − 500 m, and devices write raw 0 when they have none
#: (Runalyze FitActivity.php:588 reads raw 0 as no altitude). Missing from decode on, so no
#: total computed from the samples climbs 500 m from it.
FIT_NO_ALTITUDE_M = -500.0

_SPORTS: Mapping[str, Sport] = {
    "running": Sport.RUNNING,
    "walking": Sport.WALKING,
    "hiking": Sport.HIKING,
    "cycling": Sport.CYCLING,
    "e_biking": Sport.CYCLING,
    "swimming": Sport.SWIMMING,
    "cross_country_skiing": Sport.CROSS_COUNTRY_SKIING,
    "rowing": Sport.ROWING,
    "training": Sport.TRAINING,
}
_SUB_SPORTS: Mapping[str, Sport] = {  # sub-sports that say more than a generic sport does
    "treadmill": Sport.RUNNING,
    "indoor_running": Sport.RUNNING,
    "indoor_cycling": Sport.CYCLING,
    "spin": Sport.CYCLING,
    "indoor_rowing": Sport.ROWING,
    "strength_training": Sport.STRENGTH,
    "indoor_walking": Sport.WALKING,
}


def fit_sport(sport: object, sub_sport: object) -> tuple[Sport, str | None]:
    """FIT sport/sub-sport names → core Sport and the sub-sport we keep (None for generic)."""
    sport_name = sport if isinstance(sport, str) else None
    sub_name = sub_sport if isinstance(sub_sport, str) and sub_sport != "generic" else None
    mapped = _SPORTS.get(sport_name or "")
    if sub_name is not None and sub_name in _SUB_SPORTS and mapped in (None, Sport.TRAINING):
        mapped = _SUB_SPORTS[sub_name]
    if mapped is None:
        mapped = Sport.OTHER
        if sub_name is None and sport_name not in (None, "generic"):
            sub_name = sport_name  # e.g. transition, stand_up_paddleboarding: kept, not lost
    return mapped, sub_name


def is_fit(head: bytes) -> bool:
    """True when ``head`` starts with a FIT file header."""
    return len(head) >= 12 and head[0] in (12, 14) and head[8:12] == FIT_SIGNATURE


def fit_file_type(head: bytes) -> int | None:
    """The ``file_id.type`` of a FIT file from its first bytes, or None if not found there.

    Reads the first definition and data message only (file_id comes first in valid files).
    """
    if not is_fit(head):
        return None
    pos = head[0]
    try:
        record_header = head[pos]
        if record_header & 0xF0 != 0x40:  # a normal definition message without dev data
            return None
        big_endian = head[pos + 2] == 1
        global_num = int.from_bytes(head[pos + 3 : pos + 5], "big" if big_endian else "little")
        n_fields = head[pos + 5]
        fields = head[pos + 6 : pos + 6 + 3 * n_fields]
        if global_num != 0 or len(fields) < 3 * n_fields:
            return None
        offset = pos + 6 + 3 * n_fields + 1  # skip the data message's own header byte
        for i in range(n_fields):
            number, size = fields[3 * i], fields[3 * i + 1]
            if number == 0 and size == 1:
                value = head[offset]
                return None if value == 0xFF else int(value)
            offset += size
    except IndexError:
        return None
    return None


class FitReader:
    """Reads FIT activity files (file_id.type = activity, or files that do not say)."""

    format = "fit"
    #: a device's file; its ``activity.local_timestamp`` gives the device's own UTC offset
    traits = ReaderTraits(RecordKind.RECORDING, duplicate_rank=3, knows_utc_offset=True)

    def sniff(self, head: bytes, name: str) -> bool:
        """FIT header, and not a FIT file of another type (monitoring, settings, workout…)."""
        if not is_fit(head):
            return False
        file_type = fit_file_type(head)
        return file_type is None or file_type == FIT_ACTIVITY_TYPE

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        """Decode the file and build one Activity per session."""
        data = source.read_bytes()
        try:
            fit = decode_fit(data)
        except FitDecodeFailed as err:
            raise ParseError(source.name, f"not a readable FIT file ({err.reason})") from err
        return fit_read_result(fit, source.name, strict=strict)


def _file_problems(fit: FitData, path: str, strict: bool) -> list[ImportIssue]:
    file_type = (fit.file_id or {}).get("type")
    if file_type is not None and file_type not in ("activity", FIT_ACTIVITY_TYPE):
        raise NothingToImport(path, f"FIT file of type {file_type!r}, not an activity")
    if fit.relative_time:
        raise ParseError(
            path,
            "timestamps are device-relative (seconds since the device was switched on, FIT "
            "date_time < 0x10000000) and nothing in the file says when it was recorded",
            record=1,
            field="timestamp",
        )
    issues = []
    if fit.salvaged is not None:
        message = f"the file breaks off after {fit.n_records} records ({fit.salvaged})"
        if strict:
            raise ParseError(path, message, record=fit.n_records + 1)
        issues.append(
            ImportIssue(
                path, message + "; the rest is lost", IssueAction.DROPPED, fit.n_records + 1
            )
        )
    if fit.crc_error is not None:
        if strict:
            raise ParseError(path, f"checksum mismatch: {fit.crc_error}", field="crc")
        issues.append(
            ImportIssue(path, "checksum mismatch: the content may be corrupt", IssueAction.NOTED)
        )
    if fit.developer_fills:
        issues.append(
            ImportIssue(
                path,
                "values the device left out taken from Connect IQ fields: "
                + ", ".join(fit.developer_fills),
                IssueAction.NOTED,
            )
        )
    if fit.developer_overrides:
        issues.append(
            ImportIssue(
                path,
                "values taken from Connect IQ fields that declare they replace native ones: "
                + ", ".join(fit.developer_overrides),
                IssueAction.NOTED,
            )
        )
    return issues


def fit_read_result(fit: FitData, path: str, *, strict: bool = False) -> ReadResult:
    """Turn decoded FIT messages into activities (one per session) and issues."""
    issues = _file_problems(fit, path, strict)
    ts = fit.records.get("timestamp")
    if (ts is None or not np.isfinite(ts).any()) and not fit.sessions:
        message = "no activity data: neither timed records nor a session summary"
        if fit.salvaged is not None or fit.crc_error is not None:  # damaged: lost data?
            raise ParseError(path, message)
        # a sound file that holds nothing to import (the FIT SDK's DeveloperData.fit: records
        # without times); every FIT peer reads it without error (python-fitparse
        # tests/test.py:318, fitdecode tests/test_reader.py:95)
        raise NothingToImport(path, message)
    sessions = _distinct_sessions(fit.sessions, issues, path)
    if not sessions:
        issues.append(
            ImportIssue(
                path,
                "no session summary: totals computed from the records",
                IssueAction.NOTED,
                field="session",
            )
        )
    issues += _altitude_sentinels(fit, path)
    device = device_name(fit)
    offset = utc_offset_s(fit.activity)
    groups = _session_record_indices(fit, sessions)
    rr_parts = _split_rr(fit, sessions, issues, path)
    activities = []
    for k, session in enumerate(sessions or [None]):
        activity = _build_activity(fit, session, groups[k], rr_parts[k], k)
        if activity is None:
            issues.append(
                ImportIssue(
                    path, "session without a start time or records", IssueAction.DROPPED, k + 1
                )
            )
            continue
        activities.append(_with(activity, device=device, utc_offset_s=offset, source_format="fit"))
    if not activities:
        raise ParseError(path, "no session could be read", field="session")
    return ReadResult("fit", activities=tuple(activities), issues=tuple(issues))


def _distinct_sessions(
    sessions: tuple[Message, ...], issues: list[ImportIssue], path: str
) -> list[Message]:
    """Sessions without repeats: a chained FIT file can hold the same session twice."""
    kept: list[Message] = []
    seen: dict[tuple[Any, Any], int] = {}
    for number, session in enumerate(sessions, start=1):
        key = (session.get("start_time"), session.get("sport"))
        if key[0] is not None and key in seen:
            issues.append(
                ImportIssue(
                    path,
                    f"session {number} repeats session {seen[key]} (same start and sport)",
                    IssueAction.DROPPED,
                    number,
                    "session",
                )
            )
            continue
        seen[key] = number
        kept.append(session)
    return kept


def _with(activity: Activity, **changes: Any) -> Activity:
    from dataclasses import replace

    return replace(activity, **changes)


def _session_record_indices(fit: FitData, sessions: list[Message]) -> list[np.ndarray]:
    ts = fit.records.get("timestamp")
    n = fit.n_records
    if len(sessions) <= 1 or ts is None:
        return [np.arange(n)]
    starts = np.array([s.get("start_time", math.nan) for s in sessions], dtype=float)
    order = np.argsort(starts)
    boundaries = starts[order][1:]
    # a record stamped exactly at the next session's start closes the session before it: the
    # device writes it before that session's summary (Runalyze FitTest.php:323, 340)
    slot = np.searchsorted(boundaries, np.nan_to_num(ts, nan=-math.inf), side="left")
    groups: list[np.ndarray] = [np.empty(0, dtype=int)] * len(sessions)
    for rank, k in enumerate(order):
        groups[k] = np.flatnonzero(slot == rank)
    return groups


def _split_rr(
    fit: FitData, sessions: list[Message], issues: list[ImportIssue], path: str
) -> list[FloatArray | None]:
    rr_ms = fit.hrv_s * 1000.0
    if len(rr_ms) == 0:
        return [None] * max(1, len(sessions))
    if len(sessions) <= 1:
        return [rr_ms]
    ts = fit.records.get("timestamp")
    first = float(np.nanmin(ts)) if ts is not None and len(ts) else sessions[0]["start_time"]
    beat_time = first + np.cumsum(fit.hrv_s)
    parts: list[FloatArray | None] = []
    for s in sessions:
        start = float(s.get("start_time", math.nan))
        end = start + float(s.get("total_elapsed_time") or 0.0)
        part = rr_ms[(beat_time >= start) & (beat_time < end)]
        parts.append(part if len(part) else None)
    issues.append(
        ImportIssue(
            path,
            "hrv messages carry no time: RR intervals were given to sessions by cumulative "
            "beat time from the first record",
            IssueAction.NOTED,
            field="hrv",
        )
    )
    return parts


def _column(fit: FitData, idx: np.ndarray, *names: str) -> FloatArray | None:
    """The first of ``names`` present, each NaN filled from the next."""
    result: FloatArray | None = None
    for name in names:
        column = fit.records.get(name)
        if column is None:
            continue
        values = column[idx]
        result = values if result is None else np.where(np.isnan(result), values, result)
    return result


def _altitude(fit: FitData, idx: np.ndarray) -> FloatArray | None:
    """enhanced_altitude, else altitude, with FIT's raw 0 (−500 m) as missing."""
    result: FloatArray | None = None
    for name in ("enhanced_altitude", "altitude"):
        column = fit.records.get(name)
        if column is None:
            continue
        values = np.where(column[idx] == FIT_NO_ALTITUDE_M, np.nan, column[idx])
        result = values if result is None else np.where(np.isnan(result), values, result)
    return result


def _altitude_sentinels(fit: FitData, path: str) -> list[ImportIssue]:
    """One issue for the records whose altitude is FIT's raw 0 (read as missing)."""
    columns = [fit.records[n] for n in ("enhanced_altitude", "altitude") if n in fit.records]
    if not columns:
        return []
    found = np.logical_or.reduce([column == FIT_NO_ALTITUDE_M for column in columns])
    if not found.any():
        return []
    message = "altitude −500 m: FIT's raw 0, no altitude (read as missing)"
    first, count = int(np.argmax(found)) + 1, int(found.sum())
    return [ImportIssue(path, message, IssueAction.DROPPED, first, "altitude_m", count)]


def _build_activity(
    fit: FitData, session: Message | None, idx: np.ndarray, rr_ms: FloatArray | None, k: int
) -> Activity | None:
    s = session or {}
    sport, sub_sport = fit_sport(s.get("sport"), s.get("sub_sport"))
    if session is None and fit.sports:
        sport, sub_sport = fit_sport(fit.sports[0].get("sport"), fit.sports[0].get("sub_sport"))
    ts_all = fit.records.get("timestamp")
    ts = ts_all[idx] if ts_all is not None else np.empty(0)
    start_unix = finite_or_none(s.get("start_time"))
    if start_unix is None:
        finite = ts[np.isfinite(ts)]
        if not len(finite):
            return None
        start_unix = float(finite[0])
    streams: SampleStreams | None = None
    if len(idx):
        cadence = steps_per_minute(
            _column(fit, idx, "cadence"), _column(fit, idx, "fractional_cadence"), sport
        )
        distance = _column(fit, idx, "distance")
        if distance is not None and len(fit.sessions) > 1 and np.isfinite(distance).any():
            distance = distance - distance[np.isfinite(distance)][0]
        streams = build_streams(
            ts - start_unix,
            {
                "hr_bpm": _column(fit, idx, "heart_rate"),
                # plain speed first: exact at FIT's 1 mm/s (uint16 reaches 65.5 m/s, beyond any
                # sport here); fitfast expands enhanced_speed from it 1 mm/s low in places
                # (python-fitparse tests/test.py:230, its record CSVs)
                "speed_m_s": _column(fit, idx, "speed", "enhanced_speed"),
                "distance_m": distance,
                "altitude_m": _altitude(fit, idx),
                "cadence_spm": cadence,
                "lat_deg": _column(fit, idx, "position_lat"),
                "lon_deg": _column(fit, idx, "position_long"),
                "power_w": _column(fit, idx, "power"),
            },
        )
    totals = _session_totals(s, sport) if session is not None else _span(streams)
    laps = _laps_for(fit, s, k, start_unix)
    return Activity(
        start_time=utc_from_unix(start_unix),
        sport=sport,
        sub_sport=sub_sport,
        laps=laps,
        streams=streams,
        rr_ms=rr_ms,
        **totals,
    )


def _session_totals(s: Message, sport: Sport) -> dict[str, Any]:
    elapsed = finite_or_none(s.get("total_elapsed_time"))
    if elapsed is None and s.get("timestamp") is not None and s.get("start_time") is not None:
        elapsed = float(s["timestamp"]) - float(s["start_time"])
    cadence = finite_or_none(s.get("avg_running_cadence") or s.get("avg_cadence"))
    if cadence is not None:
        per_foot = np.array([cadence + (finite_or_none(s.get("avg_fractional_cadence")) or 0.0)])
        spm = steps_per_minute(per_foot, None, sport)
        cadence = float(spm[0]) if spm is not None else None
    return {
        "elapsed_s": max(elapsed or 0.0, 0.0),
        "moving_s": finite_or_none(s.get("total_timer_time")),
        "distance_m": finite_or_none(s.get("total_distance")),
        "ascent_m": finite_or_none(s.get("total_ascent")),
        "descent_m": finite_or_none(s.get("total_descent")),
        "calories_kcal": finite_or_none(s.get("total_calories")),
        "avg_hr_bpm": finite_or_none(s.get("avg_heart_rate")),
        "max_hr_bpm": finite_or_none(s.get("max_heart_rate")),
        "avg_speed_m_s": finite_or_none(s.get("avg_speed") or s.get("enhanced_avg_speed")),
        "avg_cadence_spm": cadence,
    }


def _span(streams: SampleStreams | None) -> dict[str, Any]:
    """Elapsed time of the records, for files without a session (fill.py computes the rest)."""
    if streams is None or len(streams) == 0:
        return {"elapsed_s": 0.0}
    t = streams.time_s[np.isfinite(streams.time_s)]
    return {"elapsed_s": float(t.max() - min(t.min(), 0.0)) if len(t) else 0.0}


def _laps_for(fit: FitData, s: Message, k: int, start_unix: float) -> tuple[Lap, ...]:
    first = s.get("first_lap_index")
    count = s.get("num_laps")
    if isinstance(first, int) and isinstance(count, int) and first + count <= len(fit.laps):
        chosen = list(fit.laps[first : first + count])
    elif len(fit.sessions) <= 1:
        chosen = list(fit.laps)
    else:
        end = start_unix + float(s.get("total_elapsed_time") or 0.0)
        chosen = [
            lap for lap in fit.laps if start_unix <= float(lap.get("start_time", math.nan)) < end
        ]
    laps: list[Lap] = []
    for lap in chosen:
        start = finite_or_none(lap.get("start_time"))
        elapsed = finite_or_none(lap.get("total_elapsed_time"))
        if start is None or elapsed is None:
            continue
        laps.append(
            Lap(
                index=len(laps),
                start_time=utc_from_unix(start),
                elapsed_s=max(elapsed, 0.0),
                moving_s=finite_or_none(lap.get("total_timer_time")),
                distance_m=finite_or_none(lap.get("total_distance")),
                avg_hr_bpm=finite_or_none(lap.get("avg_heart_rate")),
                max_hr_bpm=finite_or_none(lap.get("max_heart_rate")),
                ascent_m=finite_or_none(lap.get("total_ascent")),
                descent_m=finite_or_none(lap.get("total_descent")),
                calories_kcal=finite_or_none(lap.get("total_calories")),
                trigger=str(lap["lap_trigger"]) if lap.get("lap_trigger") is not None else None,
            )
        )
    return tuple(laps)


def utc_offset_s(activity: Message | None) -> int | None:
    """The device's UTC offset: local_timestamp − timestamp, to the quarter hour, if plausible."""
    if not activity:
        return None
    local, utc = activity.get("local_timestamp"), activity.get("timestamp")
    if not isinstance(local, int | float) or not isinstance(utc, int | float):
        return None
    diff = float(local) - float(utc)
    rounded = round(diff / _OFFSET_STEP_S) * _OFFSET_STEP_S
    if abs(diff - rounded) > _OFFSET_SLACK_S or abs(rounded) > _MAX_OFFSET_S:
        return None
    return int(rounded)


def device_name(fit: FitData) -> str | None:
    """ "manufacturer product" of the creator device_info, else of file_id; names resolved.

    The first of the two that names a product wins; a manufacturer alone is the last resort.
    """
    names = [_device(m) for m in (fit.creator, fit.file_id) if m]
    full = next((" ".join(n) for n in names if len(n) == 2), None)
    if full is None:
        full = next((n[0] for n in names if n), None)
    return full[:120] if full else None


def _device(message: Message) -> tuple[str, ...]:
    """(manufacturer, product) of a file_id or device_info message, either possibly absent."""
    from fitdecode.profile import FIELD_TYPES

    maker = message.get("manufacturer")
    product = message.get("product_name") or message.get("garmin_product")
    if product is None:
        number = message.get("product")
        if maker in ("garmin", "dynastream", "dynastream_oem") and isinstance(number, int):
            product = (FIELD_TYPES["garmin_product"].enum or {}).get(number, number)
        else:
            product = number
    if maker in (None, 0, ""):
        return ()  # a product number means nothing without its manufacturer
    return tuple(str(p) for p in (maker, product) if p not in (None, 0, ""))
