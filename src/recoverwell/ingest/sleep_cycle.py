"""Sleep Cycle ``sleepdata.csv``, every generation (formats.md §10); columns are read by name.

1. Old (to ~2018), ``;``: ``Start;End;Sleep quality;Time in bed;Wake up;…;Heart rate;…`` with
   ``Time in bed`` as ``h:mm`` and quality as ``74%``. Line endings seen in real files: CRLF,
   CR CR LF (jonesor/bits-and-bobs, kenzong95/My-Sleep-Cycle-Data) and CR alone
   (GavinOB/Sleep_Cycle); ``read_table`` takes all of them, blank lines between rows included.
2. 2017–2023, ``;``: the 21-column generation ``Start;End;Sleep Quality;Regularity;Mood;Heart
   rate (bpm);Steps;Alarm mode;…;Time in bed (seconds);Time asleep (seconds);Time before sleep
   (seconds);…`` (junsikkim614/Personal-Sleep-Analysis, kenzong95/My-Sleep-Cycle-Data), the
   17-column one with a BOM and only ``Time in bed (seconds)`` (JRamirex/SleepCycleAnalyzer), and
   a fuller variant adding ``Awake``/``Light``/``Deep (seconds)`` and ``Body temperature deviation
   (degrees Celsius)``. Missing values as ``—``; decimal commas accepted in ``;`` files.
3. Newest, ``,``: ``Went to bed,Woke up,Sleep Quality,Time in bed (seconds),Time asleep
   (seconds),Asleep after (seconds),…``.

Zeros that mean "not measured" (real files above): ``Heart rate`` 0 (no reading taken on waking),
``Sleep Quality`` 0% with ``Time in bed`` 0.0 (the phone recorded nothing), ``Time asleep`` 0.0 on
short sessions (with ``Time before sleep`` 0.0 too). Each is left out and noted, never stored.

Times are naive local (floating). Each row is a sleep period keyed to the day of ``End``; the
app has no nap flag, so per wake day the longest period is the main sleep and others are naps.
``Sleep quality`` is the period's score; the heart rate (measured by the phone on waking) is
``rhr_bpm`` in the ``morning_spot`` window; the temperature deviation is ``body_temp_dev_c``.
Not read: ``Dream (seconds)`` (its relation to REM is not documented), mood emoticons, notes,
snoring, steps, weather, regularity, alertness.
"""

from __future__ import annotations

import re
from datetime import datetime

from recoverwell.core.signals import HrvWindow
from recoverwell.core.types import SleepPeriod
from recoverwell.ingest.base import ReaderTraits, ReadResult, RecordKind, Source
from recoverwell.ingest.localtime import floating
from recoverwell.ingest.tabular import (
    Collector,
    Row,
    first_line,
    mark_naps,
    sniff_delimiter,
    source_table,
)

_S_PER_MIN = 60.0
#: seconds columns whose 0 means "not measured" (module doc), and the latency that goes with them
_ZERO_NOT_MEASURED = ("in_bed_min", "asleep_min")
#: a date like 10/11/14 23:33: a spreadsheet re-saved the file (Sleep Cycle writes ISO dates)
_SPREADSHEET_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}")
#: (period field, column) pairs of the seconds columns in generations 2 and 3
_SECONDS = (
    ("in_bed_min", "Time in bed (seconds)"),
    ("asleep_min", "Time asleep (seconds)"),
    ("awake_min", "Awake (seconds)"),
    ("light_min", "Light (seconds)"),
    ("deep_min", "Deep (seconds)"),
    ("latency_min", "Time before sleep (seconds)"),
    ("latency_min", "Asleep after (seconds)"),
)


def _columns(head: bytes) -> list[str]:
    line = first_line(head)
    return [c.strip() for c in line.split(sniff_delimiter(line))]


def _h_mm(text: str | None) -> float | None:
    if text is None or ":" not in text:
        return None
    h, m = text.split(":", 1)
    return int(h) * 60.0 + int(m)


class SleepCycleReader:
    """Sleep Cycle's ``sleepdata.csv`` export (any generation)."""

    format = "sleep_cycle"
    traits = ReaderTraits(RecordKind.SUMMARY)
    source = "sleep_cycle"

    def sniff(self, head: bytes, name: str) -> bool:
        cols = set(_columns(head))
        old = {"Start", "End"} <= cols and bool({"Sleep quality", "Sleep Quality"} & cols)
        return old or {"Went to bed", "Woke up", "Sleep Quality"} <= cols

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        table = source_table(source)
        c = Collector(source.name, self.format, strict)
        comma = table.delimiter == ";"
        start_col, end_col = (
            ("Went to bed", "Woke up") if table.has("Went to bed") else ("Start", "End")
        )
        periods: list[SleepPeriod] = []
        readings: dict[str, tuple[int, float | None, float | None]] = {}
        for row in table.rows:
            try:
                start = floating(datetime.fromisoformat(row.get(start_col) or ""))
                end = floating(datetime.fromisoformat(row.get(end_col) or ""))
            except ValueError:
                hint = (
                    " (not Sleep Cycle's YYYY-MM-DD HH:MM:SS: re-saved by a spreadsheet?)"
                    if _SPREADSHEET_DATE.match(row.get(start_col) or "")
                    else ""
                )
                c.problem(
                    f"unreadable bed/wake time {row.cells.get(start_col)!r}–"
                    f"{row.cells.get(end_col)!r}{hint}",
                    record=row.line,
                    field=start_col,
                )
                continue
            if end <= start:
                c.problem("wake time is not after bed time", record=row.line, field=end_col)
                continue
            minutes = self._minutes(c, row, comma)
            quality_col = "Sleep Quality" if table.has("Sleep Quality") else "Sleep quality"
            score = c.number(row, quality_col, decimal_comma=comma)
            if score == 0:
                c.note(
                    "sleep quality 0% = not measured, left out", record=row.line, field=quality_col
                )
                score = None
            if score is not None and not c.in_range("sleep_score", score, record=row.line):
                score = None
            periods.append(
                SleepPeriod(
                    start=start,
                    end=end,
                    source=self.source,
                    in_bed_min=minutes.get("in_bed_min"),
                    asleep_min=minutes.get("asleep_min"),
                    awake_min=minutes.get("awake_min"),
                    light_min=minutes.get("light_min"),
                    deep_min=minutes.get("deep_min"),
                    latency_min=minutes.get("latency_min"),
                    score=score,
                    record_ref=c.ref(row.line),
                    wake_day=end.date(),
                )
            )
            hr_col = "Heart rate (bpm)" if table.has("Heart rate (bpm)") else "Heart rate"
            hr = c.number(row, hr_col, decimal_comma=comma)
            if hr == 0:
                c.note(
                    "heart rate 0 = no reading on waking, left out", record=row.line, field=hr_col
                )
                hr = None
            temp = c.number(
                row, "Body temperature deviation (degrees Celsius)", decimal_comma=comma
            )
            readings[periods[-1].record_ref or ""] = (row.line, hr, temp)
        for period in mark_naps(periods):
            c.sleep.append(period)
            line, hr, temp = readings[period.record_ref or ""]
            if period.is_nap or period.wake_day is None:
                continue  # on-waking readings belong to the main sleep
            day, morning = period.wake_day, HrvWindow.MORNING_SPOT.value
            c.add(
                day,
                "rhr_bpm",
                hr,
                source=self.source,
                record=line,
                context=morning,
                recorded_at=period.end,
            )
            c.add(day, "body_temp_dev_c", temp, source=self.source, record=line)
        return c.result()

    def _minutes(self, c: Collector, row: Row, comma: bool) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for name, column in _SECONDS:
            seconds = c.number(row, column, decimal_comma=comma)
            if seconds is not None:
                out[name] = seconds / _S_PER_MIN
        if "in_bed_min" not in out and (text := row.get("Time in bed")) is not None:
            try:
                out["in_bed_min"] = _h_mm(text)
            except ValueError:
                c.problem(f"time in bed {text!r} is not h:mm", record=row.line, field="Time in bed")
        for name in _ZERO_NOT_MEASURED:
            if out.get(name) == 0:
                c.note(f"{name.removesuffix('_min')} 0 s = not measured, left out", record=row.line)
                del out[name]
                if name == "asleep_min" and out.get("latency_min") == 0:
                    del out["latency_min"]
        return out
