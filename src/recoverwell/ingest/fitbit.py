"""Fitbit data from Google Takeout, old (``Global Export Data`` JSON) and new (CSV) layouts.

Each file is recognised by its name and content (formats.md §3):

- ``resting_heart_rate-*.json`` / PMData ``resting_heart_rate.json``: daily resting HR
  (``value.value``; 0 or absent = no data that day, skipped and noted).
- ``sleep-*.json``: sleep logs → sleep periods (naive local times; wake day = ``dateOfSleep``;
  ``mainSleep: false`` = nap; stage minutes from ``levels.summary`` for ``stages`` logs,
  ``classic`` logs have none).
- ``exercise-*.json``: exercise logs → activities (``duration`` ms; distance with its
  ``distanceUnit``; naive local ``startTime``, raw ``MM/DD/YY HH:MM:SS`` accepted).
- ``sleep_score.csv``: overall sleep score per sleep. Its timestamp is the sleep end in UTC
  (``Z``): the score goes on the local date of that instant in the athlete's timezone (the wake
  day), placed at import (``ingest/localtime.py``).
- ``Daily Heart Rate Variability Summary - *.csv``: nightly rMSSD (``overnight``), found by its
  header wherever it lies and whatever its name: monthly ``- 2024-07-(21).csv`` files under
  ``Heart Rate Variability/`` and daily ``- 2023-12-25.csv`` files under ``Sleep/`` read alike.
  ``rmssd`` 0 means "no reading that night" (skipped, noted), never a value.
- new layout ``daily_resting_heart_rate.csv`` (``beats per minute``),
  ``daily_heart_rate_variability.csv`` (rMSSD and SDNN columns) and the nightly Google-format HRV
  file (``average heart rate variability milliseconds``, thefipster/strive's classifier
  header); ``…T00:00:00Z`` = local date; 0 = no reading, as above.

JSON files padded with ``null`` records: the nulls are skipped and counted in one note.

Dates: ``MM/DD/YY`` (raw Takeout) and ``YYYY-MM-DD`` (PMData rewrote them) are both read.
Not read: HR zones, steps, HR details, SpO2, temperature, readiness and stress files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from recoverwell.core.signals import HrvWindow
from recoverwell.core.types import Activity, SleepPeriod
from recoverwell.core.units import M_PER_KM, m_from_mi
from recoverwell.ingest.base import ReaderTraits, ReadResult, RecordKind, Source
from recoverwell.ingest.localtime import floating
from recoverwell.ingest.tabular import (
    Collector,
    base_name,
    decode_text,
    head_text,
    read_table,
    sport_from_name,
)

_MS_PER_S = 1000.0
_NULL_PADDING = re.compile(r"null\s*,?")
_DATE_FORMATS = ("%m/%d/%y %H:%M:%S", "%m/%d/%y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
_RMSSD_NEW = "root mean square of successive differences milliseconds"
_SDNN_NEW = "standard deviation milliseconds"
#: the nightly HRV of the Google-format Takeout (thefipster/strive
#: GoogleFitbitDailyHeartrateVariabilityClassifier.cs:10)
_HRV_GOOGLE_HEADER = "timestamp,average heart rate variability milliseconds"
_RMSSD_GOOGLE = "average heart rate variability milliseconds"
#: HRV columns whose 0 is Fitbit's "no reading", not a measurement (issue 11 item 10)
_ZERO_IS_NO_READING = frozenset({"rmssd", _RMSSD_NEW, _SDNN_NEW, _RMSSD_GOOGLE})


def parse_fitbit_time(text: str) -> datetime:
    """A Fitbit naive local time in any of its spellings; ValueError when none fits."""
    text = text.strip().replace("T", " ")
    text = text.split(".")[0] if "." in text and ":" in text else text
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)  # noqa: DTZ007 (naive local, floating)
        except ValueError:
            continue
    raise ValueError(f"not a Fitbit date/time: {text!r}")


def _kind(head: bytes, name: str) -> str | None:
    lowered = base_name(name).lower()
    text = head_text(head).lstrip()
    if lowered.endswith(".json") and text.startswith("["):
        if lowered.startswith("resting_heart_rate"):
            return "rhr"
        logs = '"logId"' in text or _only_padding(text)
        if lowered.startswith("sleep") and logs:
            return "sleep"
        if lowered.startswith("exercise") and logs:
            return "exercise"
        return None
    first = text.split("\n", 1)[0].strip()
    if lowered.endswith(".csv"):
        if first.startswith("timestamp,sleep_log_entry_id,overall_score"):
            return "sleep_score"
        if first.startswith("timestamp,rmssd,nremhr,entropy"):
            return "hrv_summary"
        if first.startswith("timestamp,beats per minute"):
            return "rhr_new"
        if first.startswith(_HRV_GOOGLE_HEADER):
            return "hrv_google"
        if lowered.startswith("daily_heart_rate_variability") and _RMSSD_NEW in first:
            return "hrv_new"
    return None


def _only_padding(head: str) -> bool:
    """True when a JSON array's head holds nothing but ``null`` padding (or nothing at all); the
    head may end inside a ``null`` (``nul``)."""
    rest = _NULL_PADDING.sub("", head.removeprefix("[")).strip().removesuffix("]").strip()
    return "null".startswith(rest)


class FitbitReader:
    """One file of a Fitbit Takeout archive (old JSON or new CSV layout)."""

    format = "fitbit"
    traits = ReaderTraits(RecordKind.SUMMARY)
    source = "fitbit"

    def sniff(self, head: bytes, name: str) -> bool:
        return _kind(head, name) is not None

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        data = source.read_bytes()
        c = Collector(source.name, self.format, strict)
        kind = _kind(data[:1024], source.name)
        if kind in {"rhr", "sleep", "exercise"}:
            try:
                records = json.loads(decode_text(data))
            except json.JSONDecodeError as err:
                c.problem(f"not valid JSON: {err.msg}", record=f"line {err.lineno}")
                return c.result()
            handler: Callable[[Collector, int, Any], None] = {
                "rhr": self._rhr,
                "sleep": self._sleep,
                "exercise": self._exercise,
            }[kind]
            seen: set[object] = set()
            for i, record in enumerate(records if isinstance(records, list) else []):
                if record is None:
                    c.note("null records (padding in the export) skipped", record=i)
                    continue
                if not isinstance(record, dict):
                    c.problem("record is not a JSON object", record=i)
                    continue
                log_id = record.get("logId")
                if log_id is not None and log_id in seen:
                    c.note("the same logId again (overlapping export files): kept once", record=i)
                    continue
                seen.add(log_id)
                try:
                    handler(c, i, record)
                except (KeyError, ValueError, TypeError) as err:
                    c.problem(f"unreadable record: {err}", record=i)
            return c.result()
        if kind is None:
            c.problem("not a Fitbit export file", record=1)
            return c.result()
        self._csv(c, kind, decode_text(data))
        return c.result()

    def _rhr(self, c: Collector, i: int, record: dict[str, Any]) -> None:
        value = record.get("value") or {}
        day = parse_fitbit_time(str(value.get("date") or record["dateTime"])).date()
        bpm = value.get("value")
        if not bpm:
            c.note("day without a resting HR (0 or missing), skipped", record=i)
            return
        c.add(day, "rhr_bpm", float(bpm), source=self.source, record=i)

    def _sleep(self, c: Collector, i: int, log: dict[str, Any]) -> None:
        start = floating(parse_fitbit_time(str(log["startTime"])))
        end = floating(parse_fitbit_time(str(log["endTime"])))
        summary = (log.get("levels") or {}).get("summary") or {}
        stages = log.get("type") == "stages"

        def stage(name: str) -> float | None:
            minutes = (summary.get(name) or {}).get("minutes")
            return float(minutes) if stages and minutes is not None else None

        wake = summary.get("wake" if stages else "awake") or {}
        c.sleep.append(
            SleepPeriod(
                start=start,
                end=end,
                source=self.source,
                asleep_min=_float(log.get("minutesAsleep")),
                in_bed_min=_float(log.get("timeInBed")),
                deep_min=stage("deep"),
                rem_min=stage("rem"),
                light_min=stage("light"),
                awake_min=_float(log.get("minutesAwake")),
                awakenings=wake.get("count"),
                latency_min=_float(log.get("minutesToFallAsleep")),
                is_nap=not log.get("mainSleep", True),
                record_ref=c.ref(f"logId {log.get('logId')}"),
                wake_day=date.fromisoformat(str(log["dateOfSleep"])),
            )
        )

    def _exercise(self, c: Collector, i: int, log: dict[str, Any]) -> None:
        start = floating(parse_fitbit_time(str(log.get("originalStartTime") or log["startTime"])))
        distance = _float(log.get("distance"))
        unit = str(log.get("distanceUnit") or "").lower()
        if distance is not None:
            if unit.startswith("kilomet"):
                distance *= M_PER_KM
            elif unit.startswith("mile"):
                distance = m_from_mi(distance)
            else:
                c.note(f"distance unit {unit!r} unknown; distance not kept", record=i)
                distance = None
        c.activities.append(
            Activity(
                start_time=start,
                sport=sport_from_name(log.get("activityName")),
                elapsed_s=float(log["duration"]) / _MS_PER_S,
                moving_s=_ms_to_s(log.get("activeDuration")),
                distance_m=distance,
                ascent_m=_float(log.get("elevationGain")),
                calories_kcal=_float(log.get("calories")),
                avg_hr_bpm=_float(log.get("averageHeartRate")),
                name=log.get("activityName"),
                source_format=self.format,
                utc_offset_s=0,  # floating local time: the wall clock decides the day
            )
        )

    def _csv(self, c: Collector, kind: str, text: str) -> None:
        table = read_table(text, c.path, ",")
        overnight = HrvWindow.OVERNIGHT.value
        for row in table.rows:
            stamp = row.get("timestamp") or ""
            try:
                when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            except ValueError:
                c.problem(f"unreadable timestamp {stamp!r}", record=row.line, field="timestamp")
                continue
            day = when.date()
            add = [
                ("sleep_score", "overall_score", "", "sleep_score"),
                ("hrv_summary", "rmssd", overnight, "hrv_rmssd_ms"),
                ("rhr_new", "beats per minute", "", "rhr_bpm"),
                ("hrv_new", _RMSSD_NEW, overnight, "hrv_rmssd_ms"),
                ("hrv_new", _SDNN_NEW, overnight, "hrv_sdnn_ms"),
                ("hrv_google", _RMSSD_GOOGLE, overnight, "hrv_rmssd_ms"),
            ]
            for file_kind, column, context, signal in add:
                if file_kind == kind:
                    value = c.number(row, column)
                    if value == 0 and column in _ZERO_IS_NO_READING:
                        c.note(f"{column} 0 = no reading that night, skipped", record=row.line)
                        continue
                    # the sleep score's stamp is an instant (UTC, "Z"): its day is the local
                    # wake day, placed in the athlete's zone at import
                    c.add(
                        day,
                        signal,
                        value,
                        source=self.source,
                        record=row.line,
                        context=context,
                        recorded_at=when if file_kind == "sleep_score" else None,
                        day_from_recorded_at=file_kind == "sleep_score" and when.tzinfo is not None,
                    )


def _float(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


def _ms_to_s(value: Any) -> float | None:
    ms = _float(value)
    return None if ms is None else ms / _MS_PER_S
