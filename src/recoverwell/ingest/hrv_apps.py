"""Morning HRV apps: HRV4Training (iOS and Android CSV) and Elite HRV (CSV export).

Both measure a short morning reading with a chest strap or the phone camera, so every value is
stored with the ``morning_spot`` window (``HrvWindow``); Elite HRV's other reading types are
``spot``. Values kept: rMSSD (ms), ln rMSSD where the file gives it (Elite HRV), SDNN (ms) and the
reading's HR as ``rhr_bpm`` in the same window. One reading per day and window is kept (the
first); later ones are noted. Quirks handled (all in formats.md §5–§6):

- HRV4Training header cells with leading spaces; CR-only line endings; Android's blank line after
  the header; ``-``/empty missing values; ``0.0`` placeholder rows (skipped, noted).
- iOS ``timestamp_measurement`` like ``2017-04-01 09:56:21 +0000`` or the Spanish 12-hour
  ``2018-04-27 12:01:00 a. m. +0000``: read as the local wall clock (the ``+0000`` is not a real
  offset), the day from the ``date`` column when present.
- Android ``date`` written ``yyyy-dd-MM`` with the time in a separate ``time`` column.
- Elite HRV: UTF-8 BOM, naive local ``Datetime``, ``Type`` = ``readiness`` (morning) or others.

Not read: HRV4Training's subjective sliders (``5.0`` is the untouched default, so a real 5 cannot
be told from "not entered"), its recovery points and advice (derived from rMSSD), training log
columns; Elite HRV's score, indication, balance and rolling fields (derived).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from recoverwell.core.signals import HrvWindow
from recoverwell.ingest.base import ReaderTraits, ReadResult, RecordKind, Source
from recoverwell.ingest.localtime import floating
from recoverwell.ingest.tabular import Collector, Row, first_line, once_per_day, source_table

_IOS_TS = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*"
    r"(?:([ap])\.?\s*m\.?)?\s*(?:[+-]\d{4})?$",
    re.IGNORECASE,
)
_HH_MM = re.compile(r"^(\d{1,2}):(\d{2})$")
_HOURS_12 = 12


def _ios_time(text: str) -> datetime | None:
    match = _IOS_TS.match(text.strip())
    if match is None:
        return None
    y, mo, d, h, mi, s, ampm = match.groups()
    hour = int(h)
    if ampm is not None:
        hour = hour % _HOURS_12 + (_HOURS_12 if ampm.lower() == "p" else 0)
    try:
        return datetime(int(y), int(mo), int(d), hour, int(mi), int(s or 0))  # noqa: DTZ001
    except ValueError:
        return None


def _android_time(day_text: str, time_text: str | None) -> datetime | None:
    """``yyyy-dd-MM`` plus ``HH:MM`` (GoldenCheetah MeasuresCsvImport.cpp reads it the same)."""
    try:
        y, d, m = (int(p) for p in day_text.strip().split("-"))
        hh, mm = (0, 0)
        if time_text and (tm := _HH_MM.match(time_text.strip())):
            hh, mm = int(tm.group(1)), int(tm.group(2))
        return datetime(y, m, d, hh, mm)  # noqa: DTZ001
    except ValueError:
        return None


def _hh_mm_minutes(text: str | None) -> float | None:
    match = _HH_MM.match(text or "")
    if match is None:
        return None
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    return float(minutes) if minutes > 0 else None  # 00:00 = not entered (formats.md §5)


def _is_placeholder(collector: Collector, row: Row) -> bool:
    values = [collector.number(row, c) for c in ("HR", "AVNN", "rMSSD")]
    return all(v is None or v == 0 for v in values)


class HRV4TrainingReader:
    """HRV4Training CSV export, iOS (``timestamp_measurement``) and Android (``date, time``)."""

    format = "hrv4training"
    traits = ReaderTraits(RecordKind.SUMMARY)
    source = "hrv4training"

    def sniff(self, head: bytes, name: str) -> bool:
        cells = [c.strip() for c in first_line(head).split(",")]
        has_hrv = "rMSSD" in cells and "HR" in cells
        return has_hrv and ("timestamp_measurement" in cells or cells[:2] == ["date", "time"])

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        table = source_table(source, ",")
        c = Collector(source.name, self.format, strict)
        android = "timestamp_measurement" not in table.columns
        window = HrvWindow.MORNING_SPOT.value
        seen: set[tuple[date, str]] = set()
        for row in table.rows:
            if android:
                when = _android_time(row.get("date") or "", row.get("time"))
                field = "date"
            else:
                when = _ios_time(row.get("timestamp_measurement") or "")
                field = "timestamp_measurement"
            if when is None:
                c.problem(
                    f"unreadable date/time {row.cells.get(field)!r}", record=row.line, field=field
                )
                continue
            if _is_placeholder(c, row):
                c.note("placeholder row (0.0) without a reading, skipped", record=row.line)
                continue
            day = when.date()
            if not android and (given := row.get("date")):
                try:
                    day = date.fromisoformat(given)
                except ValueError:
                    c.note(
                        f"date column {given!r} unreadable; day taken from the timestamp",
                        record=row.line,
                        field="date",
                    )
            if not once_per_day(seen, day, "HRV", c, row.line):
                continue
            at = floating(when)
            for column, signal in (
                ("rMSSD", "hrv_rmssd_ms"),
                ("SDNN", "hrv_sdnn_ms"),
                ("HR", "rhr_bpm"),
            ):
                c.add(
                    day,
                    signal,
                    c.number(row, column),
                    source=self.source,
                    record=row.line,
                    context=window,
                    recorded_at=at,
                )
            self._tags(c, row, day)
        return c.result()

    def _tags(self, c: Collector, row: Row, day: date) -> None:
        values: list[tuple[str, float | None]] = [
            ("sleep_total_min", _hh_mm_minutes(row.get("sleep_time")))
        ]
        for column, signal, no in (
            ("traveling", "travel", "not traveling"),
            ("sickness", "illness", "not sick"),
            ("alcohol", "alcohol_any", "nothing"),
        ):
            if (text := row.get(column)) is not None:
                values.append((signal, 0.0 if text.lower() == no else 1.0))
        for signal, value in values:
            c.add(day, signal, value, source=self.source, record=row.line)


class EliteHrvReader:
    """Elite HRV readings export (``Member,Date,Datetime,Type,HRV,lnRmssd,…``)."""

    format = "elite_hrv"
    traits = ReaderTraits(RecordKind.SUMMARY)
    source = "elite_hrv"

    def sniff(self, head: bytes, name: str) -> bool:
        cells = [c.strip() for c in first_line(head).split(",")]
        return cells[:4] == ["Member", "Date", "Datetime", "Type"] and "lnRmssd" in cells

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        table = source_table(source, ",")
        c = Collector(source.name, self.format, strict)
        seen: set[tuple[date, str]] = set()
        for row in table.rows:
            try:
                when = datetime.fromisoformat(row.get("Datetime") or "")
                day = date.fromisoformat(row.get("Date") or when.date().isoformat())
            except ValueError:
                c.problem(
                    f"unreadable date/time {row.cells.get('Datetime')!r}",
                    record=row.line,
                    field="Datetime",
                )
                continue
            kind = (row.get("Type") or "").lower()
            window = (HrvWindow.MORNING_SPOT if kind == "readiness" else HrvWindow.SPOT).value
            if not once_per_day(seen, day, f"{window} HRV", c, row.line):
                continue
            at = floating(when.replace(tzinfo=None))
            for column, signal in (
                ("Rmssd", "hrv_rmssd_ms"),
                ("lnRmssd", "hrv_ln_rmssd"),
                ("Sdnn", "hrv_sdnn_ms"),
                ("HR", "rhr_bpm"),
            ):
                c.add(
                    day,
                    signal,
                    c.number(row, column),
                    source=self.source,
                    record=row.line,
                    context=window,
                    recorded_at=at,
                )
        return c.result()
