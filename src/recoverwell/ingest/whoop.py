"""WHOOP app data export: four CSVs, each recognised by its header (formats.md §7).

- ``physiological_cycles.csv``: recovery score, resting HR, HRV (rMSSD, overnight: WHOOP measures
  it in the last slow-wave sleep), SpO2, respiratory rate → the wake-up day; day strain → the
  cycle's waking day.
- ``sleeps.csv``: one sleep period per row (naps flagged), stage minutes, sleep performance % as
  the period's score.
- ``workouts.csv``: activities (start/end, name, kcal, HR, GPS distance and climb).
- ``journal_entries.csv``: yes/no answers; alcohol, caffeine and illness questions become
  ``alcohol_any``, ``caffeine_any`` and ``illness``; other questions are noted, not stored.

Times are the cycle's local wall clock with the offset in ``Cycle timezone`` (``UTC-04:00``,
``UTC+01:00``, ``UTC``); every row is placed with its own offset, so travel keeps its days.
A cycle runs from one sleep onset to the next: rows without a wake onset (strain only) get the
waking day ``(cycle start + 12 h)``'s date, which is the next morning for an evening onset.
Not read: skin temperature (absolute °C, not a deviation), sleep need/debt/consistency, HR zone
percentages, workout strain, the cycle's energy burned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

from recoverwell.core.signals import HrvWindow
from recoverwell.core.types import Activity, SleepPeriod
from recoverwell.ingest.base import ReaderTraits, ReadResult, RecordKind, Source
from recoverwell.ingest.tabular import (
    Collector,
    Row,
    Table,
    first_line,
    source_table,
    sport_from_name,
)

_TZ = re.compile(r"^UTC(?:Z)?(?:([+-])(\d{2}):?(\d{2}))?$")
_WAKING_DAY_SHIFT = timedelta(hours=12)  # evening sleep onset → next morning is the cycle's day
_KEYS = {
    "cycles": ("Recovery score %", "Day Strain"),
    "sleeps": ("Sleep onset", "Nap"),
    "workouts": ("Workout start time", "Activity name"),
    "journal": ("Question text", "Answered yes"),
}
#: Journal questions with a signal; matched on the lower-cased, stripped question text.
JOURNAL_SIGNALS = {
    "have any alcoholic drinks?": "alcohol_any",
    "have any caffeine?": "caffeine_any",
    "feeling sick or ill?": "illness",
}
_YES = {"true": 1.0, "false": 0.0}
_Handler = Callable[[Collector, Row, timezone], None]


def _kind(columns: list[str] | tuple[str, ...]) -> str | None:
    if not {"Cycle start time", "Cycle timezone"} <= set(columns):
        return None
    return next((k for k, need in _KEYS.items() if set(need) <= set(columns)), None)


def _tz(text: str | None) -> timezone | None:
    match = _TZ.match((text or "").strip())
    if match is None:
        return None
    sign, hh, mm = match.groups()
    if sign is None:
        return UTC
    offset = timedelta(hours=int(hh), minutes=int(mm))
    return timezone(-offset if sign == "-" else offset)


class WhoopReader:
    """One of the four WHOOP export CSVs."""

    format = "whoop"
    traits = ReaderTraits(RecordKind.SUMMARY)
    source = "whoop"

    def sniff(self, head: bytes, name: str) -> bool:
        return _kind([c.strip() for c in first_line(head).split(",")]) is not None

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        table = source_table(source, ",")
        c = Collector(source.name, self.format, strict)
        kind = _kind(table.columns)
        handler = {
            "cycles": self._cycle,
            "sleeps": self._sleep,
            "workouts": self._workout,
            "journal": self._journal,
        }.get(kind or "")
        if handler is None:
            c.problem("not a WHOOP export CSV (unknown header)", record=1)
            return c.result()
        self._rows(c, table, handler)
        return c.result()

    def _rows(self, c: Collector, table: Table, handler: _Handler) -> None:
        for row in table.rows:
            tz = _tz(row.get("Cycle timezone"))
            if tz is None:
                c.problem(
                    f"unreadable timezone {row.cells.get('Cycle timezone')!r}",
                    record=row.line,
                    field="Cycle timezone",
                )
                continue
            handler(c, row, tz)

    def _time(self, c: Collector, row: Row, column: str, tz: timezone) -> datetime | None:
        text = row.get(column)
        if text is None:
            return None
        try:
            return datetime.fromisoformat(text).replace(tzinfo=tz)
        except ValueError:
            c.problem(f"unreadable time {text!r}", record=row.line, field=column)
            return None

    def _waking_day(self, c: Collector, row: Row, tz: timezone) -> date | None:
        wake = self._time(c, row, "Wake onset", tz)
        if wake is not None:
            return wake.date()
        start = self._time(c, row, "Cycle start time", tz)
        return None if start is None else (start + _WAKING_DAY_SHIFT).date()

    def _cycle(self, c: Collector, row: Row, tz: timezone) -> None:
        day = self._waking_day(c, row, tz)
        if day is None:
            c.problem("cycle without a start time", record=row.line, field="Cycle start time")
            return
        overnight = HrvWindow.OVERNIGHT.value
        for column, signal, context in (
            ("Recovery score %", "vendor_recovery_score", ""),
            ("Resting heart rate (bpm)", "rhr_bpm", overnight),
            ("Heart rate variability (ms)", "hrv_rmssd_ms", overnight),
            ("Blood oxygen %", "spo2_pct", overnight),
            ("Respiratory rate (rpm)", "respiration_rate_brpm", overnight),
            ("Day Strain", "vendor_strain", ""),
        ):
            value = c.number(row, column)
            c.add(day, signal, value, source=self.source, record=row.line, context=context)

    def _sleep(self, c: Collector, row: Row, tz: timezone) -> None:
        start = self._time(c, row, "Sleep onset", tz)
        end = self._time(c, row, "Wake onset", tz)
        if start is None or end is None or end <= start:
            c.problem("sleep without a valid onset and wake time", record=row.line)
            return
        score = c.number(row, "Sleep performance %")
        if score is not None and not c.in_range("sleep_score", score, record=row.line):
            score = None
        c.sleep.append(
            SleepPeriod(
                start=start,
                end=end,
                source=self.source,
                asleep_min=c.number(row, "Asleep duration (min)"),
                in_bed_min=c.number(row, "In bed duration (min)"),
                light_min=c.number(row, "Light sleep duration (min)"),
                deep_min=c.number(row, "Deep (SWS) duration (min)"),
                rem_min=c.number(row, "REM duration (min)"),
                awake_min=c.number(row, "Awake duration (min)"),
                score=score,
                is_nap=(row.get("Nap") or "").lower() == "true",
                record_ref=c.ref(row.line),
                wake_day=end.date(),
            )
        )

    def _workout(self, c: Collector, row: Row, tz: timezone) -> None:
        start = self._time(c, row, "Workout start time", tz)
        end = self._time(c, row, "Workout end time", tz)
        if start is None or end is None or end < start:
            c.problem("workout without a valid start and end time", record=row.line)
            return
        offset = start.utcoffset()
        c.activities.append(
            Activity(
                start_time=start,
                sport=sport_from_name(row.get("Activity name")),
                elapsed_s=(end - start).total_seconds(),
                name=row.get("Activity name"),
                calories_kcal=c.number(row, "Energy burned (cal)"),  # kcal despite "cal"
                max_hr_bpm=c.number(row, "Max HR (bpm)"),
                avg_hr_bpm=c.number(row, "Average HR (bpm)"),
                distance_m=c.number(row, "Distance (meters)"),
                ascent_m=c.number(row, "Altitude gain (meters)"),
                source_format=self.format,
                utc_offset_s=None if offset is None else int(offset.total_seconds()),
            )
        )

    def _journal(self, c: Collector, row: Row, tz: timezone) -> None:
        question = (row.get("Question text") or "").strip()
        signal = JOURNAL_SIGNALS.get(question.lower())
        if signal is None:
            c.note(f"journal question {question!r} has no signal; not stored", record=row.line)
            return
        answer = _YES.get((row.get("Answered yes") or "").lower())
        if answer is None:
            c.problem(
                f"answer {row.cells.get('Answered yes')!r} is not true/false",
                record=row.line,
                field="Answered yes",
            )
            return
        day = self._waking_day(c, row, tz)
        if day is not None:
            c.add(day, signal, answer, source=self.source, record=row.line)
