"""Oura: the current "App Data" CSVs and the legacy Oura Cloud trends CSV (formats.md §9).

Written from documentation only: no real Oura export was available (formats.md §17); column
names are those reported by parsers of real files (App Data) and one verbatim header (trends).

App Data (``;``-separated, JSON objects inside cells, durations in seconds):

- ``sleepmodel.csv``: one row per sleep period (``type`` ``long_sleep`` = main sleep, others
  naps; ``deleted`` rows skipped). Bedtimes are ISO with offset; ``day`` is the wake-up day.
  For the longest ``long_sleep`` of a day: ``average_hrv`` → ``hrv_rmssd_ms`` and
  ``lowest_heart_rate`` → ``rhr_bpm`` (``overnight``), ``average_breath`` →
  ``respiration_rate_brpm``, ``readiness.temperature_deviation`` → ``body_temp_dev_c``.
- ``dailysleep.csv``: ``score`` → ``sleep_score``. ``dailyreadiness.csv``: ``score`` →
  ``vendor_recovery_score``, ``temperature_deviation`` → ``body_temp_dev_c``.

Legacy trends CSV, two header generations read by name (columns are matched whatever their
order: some exports list them shuffled, or only the metrics the user picked):

1. 2020 (JoshShearer/CGMAnalysis README): ``Total Sleep Time``, ``REM/Light/Deep Sleep Time``,
   ``Sleep Timing`` twice.
2. 2022–2023 (Saltiola7/Data-Analysis-Portfolio ``Oura/data/oura_2022-01-10_2022-11-28_trends.csv``,
   mrnilcs/co2-sleep-correlation ``data/oura_trends.csv``): ``Total Sleep Duration``, ``REM/Light/
   Deep Sleep Duration``, ``Total Bedtime `` with a trailing space, ``Sleep Timin Score`` (sic),
   ``Temperature Trend Deviation``; ``None`` for a missing value, and the days without a night
   appended after the last day, out of date order.

From each row: a sleep period from ``Bedtime Start``/``Bedtime End`` with stage seconds,
``Sleep Score``, ``Average HRV``, ``Lowest Resting Heart Rate``, ``Temperature Deviation (°C)``,
``Respiratory Rate``, ``Readiness Score``. A date met twice keeps its first row (noted).
Not read: activity, SpO2, stress, resilience, heart-rate and tag files; contributor sub-scores.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from recoverwell.core.signals import HrvWindow
from recoverwell.core.types import SleepPeriod
from recoverwell.ingest.base import ReaderTraits, ReadResult, RecordKind, Source
from recoverwell.ingest.tabular import (
    Collector,
    Row,
    Table,
    base_name,
    first_line,
    normalise_name,
    source_table,
)

_S_PER_MIN = 60.0
_OVERNIGHT = HrvWindow.OVERNIGHT.value
_APP_FILES = {
    "sleepmodel.csv": "sleepmodel",
    "dailysleep.csv": "dailysleep",
    "dailyreadiness.csv": "readiness",
}
#: trends columns of both header generations; a ``date`` column and two of these make a trends CSV
_TRENDS_MARKERS = frozenset(
    {
        "Sleep Score",
        "Total Bedtime",
        "Bedtime Start",
        "Average HRV",
        "Lowest Resting Heart Rate",
        "Readiness Score",
    }
)
_TRENDS_MIN_MARKERS = 2
#: period field → trends column, generation 1 name first, then generation 2 (module doc)
_TRENDS_PERIOD: dict[str, tuple[str, ...]] = {
    "in_bed_min": ("Total Bedtime",),
    "asleep_min": ("Total Sleep Time", "Total Sleep Duration"),
    "awake_min": ("Awake Time",),
    "rem_min": ("REM Sleep Time", "REM Sleep Duration"),
    "light_min": ("Light Sleep Time", "Light Sleep Duration"),
    "deep_min": ("Deep Sleep Time", "Deep Sleep Duration"),
    "latency_min": ("Sleep Latency",),
}
_TRENDS_SIGNALS = (
    ("Sleep Score", "sleep_score", ""),
    ("Average HRV", "hrv_rmssd_ms", _OVERNIGHT),
    ("Lowest Resting Heart Rate", "rhr_bpm", _OVERNIGHT),
    ("Temperature Deviation (°C)", "body_temp_dev_c", ""),
    ("Respiratory Rate", "respiration_rate_brpm", ""),
    ("Readiness Score", "vendor_recovery_score", ""),
)


def _kind(head: bytes, name: str) -> str | None:
    line = first_line(head)
    lowered = base_name(name).lower()
    if lowered in _APP_FILES and ";" in line and "day" in line.split(";"):
        return _APP_FILES[lowered]
    cells = {normalise_name(c) for c in line.split(",")}
    if "date" in cells and len(cells & _TRENDS_MARKERS) >= _TRENDS_MIN_MARKERS:
        return "trends"
    return None


def _json_cell(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


class OuraReader:
    """An Oura App Data CSV (sleepmodel, dailysleep, dailyreadiness) or a legacy trends CSV."""

    format = "oura"
    traits = ReaderTraits(RecordKind.SUMMARY)
    source = "oura"

    def sniff(self, head: bytes, name: str) -> bool:
        return _kind(head, name) is not None

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        kind = _kind(source.read_bytes()[:1024], source.name)
        c = Collector(source.name, self.format, strict)
        if kind is None:
            c.problem("not an Oura export CSV", record=1)
            return c.result()
        table = source_table(source, "," if kind == "trends" else ";")
        if kind == "sleepmodel":
            self._sleepmodel(c, table.rows)
        elif kind == "trends":
            columns = _trends_columns(table)
            seen: set[date] = set()
            for row in table.rows:
                self._trends(c, row, columns, seen)
        else:
            for row in table.rows:
                day = self._day(c, row, "day")
                if day is None:
                    continue
                signal = "sleep_score" if kind == "dailysleep" else "vendor_recovery_score"
                c.add(day, signal, c.number(row, "score"), source=self.source, record=row.line)
                if kind == "readiness":
                    temp = c.number(row, "temperature_deviation")
                    c.add(day, "body_temp_dev_c", temp, source=self.source, record=row.line)
        return c.result()

    def _day(self, c: Collector, row: Row, column: str) -> date | None:
        try:
            return date.fromisoformat((row.get(column) or "")[:10])
        except ValueError:
            c.problem(f"unreadable day {row.cells.get(column)!r}", record=row.line, field=column)
            return None

    def _period(
        self,
        c: Collector,
        row: Row,
        start_col: str,
        end_col: str,
        day: date,
        columns: dict[str, str],
        is_nap: bool,
    ) -> SleepPeriod | None:
        try:
            start = datetime.fromisoformat(row.get(start_col) or "")
            end = datetime.fromisoformat(row.get(end_col) or "")
        except ValueError:
            c.problem("unreadable bedtime", record=row.line, field=start_col)
            return None
        if start.tzinfo is None or end.tzinfo is None or end <= start:
            c.problem(
                "bedtimes need an offset and end after start", record=row.line, field=start_col
            )
            return None
        minutes: dict[str, float | None] = {}
        for field, column in columns.items():
            seconds = c.number(row, column)
            minutes[field] = None if seconds is None else seconds / _S_PER_MIN
        return SleepPeriod(
            start=start,
            end=end,
            source=self.source,
            in_bed_min=minutes.get("in_bed_min"),
            asleep_min=minutes.get("asleep_min"),
            deep_min=minutes.get("deep_min"),
            light_min=minutes.get("light_min"),
            rem_min=minutes.get("rem_min"),
            awake_min=minutes.get("awake_min"),
            latency_min=minutes.get("latency_min"),
            is_nap=is_nap,
            record_ref=c.ref(row.line),
            wake_day=day,
        )

    def _sleepmodel(self, c: Collector, rows: tuple[Row, ...]) -> None:
        columns = {
            "in_bed_min": "time_in_bed",
            "asleep_min": "total_sleep_duration",
            "deep_min": "deep_sleep_duration",
            "light_min": "light_sleep_duration",
            "rem_min": "rem_sleep_duration",
            "awake_min": "awake_time",
            "latency_min": "latency",
        }
        main: dict[date, tuple[float, Row]] = {}
        for row in rows:
            kind = row.get("type") or ""
            if kind == "deleted":
                c.note("deleted sleep period skipped", record=row.line)
                continue
            day = self._day(c, row, "day")
            if day is None:
                continue
            period = self._period(
                c, row, "bedtime_start", "bedtime_end", day, columns, is_nap=kind != "long_sleep"
            )
            if period is None:
                continue
            c.sleep.append(period)
            total = period.asleep_min or 0.0
            if not period.is_nap and (day not in main or total > main[day][0]):
                main[day] = (total, row)
        for day, (_total, row) in sorted(main.items()):
            for column, signal, context in (
                ("average_hrv", "hrv_rmssd_ms", _OVERNIGHT),
                ("lowest_heart_rate", "rhr_bpm", _OVERNIGHT),
                ("average_breath", "respiration_rate_brpm", ""),
            ):
                c.add(
                    day,
                    signal,
                    c.number(row, column),
                    source=self.source,
                    record=row.line,
                    context=context,
                )
            temp = _json_cell(row.get("readiness")).get("temperature_deviation")
            if isinstance(temp, int | float):
                c.add(day, "body_temp_dev_c", float(temp), source=self.source, record=row.line)

    def _trends(self, c: Collector, row: Row, columns: dict[str, str], seen: set[date]) -> None:
        day = self._day(c, row, "date")
        if day is None:
            return
        if day in seen:
            c.note(f"{day} appears again in this file: the first row is kept", record=row.line)
            return
        seen.add(day)
        if row.get("Bedtime Start") and row.get("Bedtime End"):
            period = self._period(c, row, "Bedtime Start", "Bedtime End", day, columns, False)
            if period is not None:
                c.sleep.append(period)
        for column, signal, context in _TRENDS_SIGNALS:
            c.add(
                day,
                signal,
                c.number(row, column),
                source=self.source,
                record=row.line,
                context=context,
            )


def _trends_columns(table: Table) -> dict[str, str]:
    """period field → the trends column this file has for it (either header generation)."""
    out: dict[str, str] = {}
    for field, names in _TRENDS_PERIOD.items():
        present = next((n for n in names if n in table.columns), None)
        if present is not None:
            out[field] = present
    return out
