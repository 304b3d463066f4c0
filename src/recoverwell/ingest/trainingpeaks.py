"""TrainingPeaks "Workout Summaries" export ``workouts.csv`` (formats.md §11).

Rows are planned workouts (``Planned*`` only), completed workouts and ``Day Off`` entries. Only
completed rows (with ``TimeTotalInHours``) become activities; planned-only rows and days off are
counted in one noted issue. ``WorkoutDay`` is a local date with **no start time**, so the
activity starts at local midnight (floating) of that day plus n − 1 seconds for the n-th workout
of the day (so two runs on one day stay two activities); the order is also kept in the contexts
below. Units: hours → s, ``DistanceInMeters`` m, ``VelocityAverage`` m/s, HR bpm.

TSS, IF, ``Rpe`` and ``Feeling`` are kept per workout as observations ``tss_au``,
``intensity_factor``, ``tp_rpe`` and ``tp_feeling`` with the context ``workout:<n>`` (n-th
completed workout of the day, file order). ``Rpe`` and ``Feeling`` are kept raw: their scales are
not documented in any source found, so they are not put on the activity's CR-10 RPE.
Not read: ``Energy`` (kJ of work, not kcal burned), power and torque, cadence (rpm or spm by
sport), zone minutes, titles' descriptions and comments, the metrics export (no header known).
"""

from __future__ import annotations

from datetime import date, timedelta

from recoverwell.core.types import Activity
from recoverwell.core.units import S_PER_H
from recoverwell.ingest.base import ReaderTraits, ReadResult, RecordKind, Source
from recoverwell.ingest.localtime import floating_day_start
from recoverwell.ingest.tabular import Collector, first_line, source_table, sport_from_name

_REQUIRED = ("WorkoutType", "WorkoutDay", "TimeTotalInHours")


class TrainingPeaksReader:
    """TrainingPeaks workouts CSV."""

    format = "trainingpeaks"
    traits = ReaderTraits(RecordKind.SUMMARY, date_only=True)  # WorkoutDay, no start
    source = "trainingpeaks"

    def sniff(self, head: bytes, name: str) -> bool:
        cells = {c.strip().strip('"') for c in first_line(head).split(",")}
        return set(_REQUIRED) <= cells

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        table = source_table(source, ",")
        c = Collector(source.name, self.format, strict)
        if not table.has(*_REQUIRED):
            missing = [n for n in _REQUIRED if n not in table.columns]
            c.problem(f"missing columns {', '.join(missing)}", record=1)
            return c.result()
        per_day: dict[date, int] = {}
        c.note("no start times in this export: activities start at local midnight + n − 1 s")
        for row in table.rows:
            try:
                day = date.fromisoformat(row.get("WorkoutDay") or "")
            except ValueError:
                c.problem(
                    f"unreadable WorkoutDay {row.cells.get('WorkoutDay')!r}",
                    record=row.line,
                    field="WorkoutDay",
                )
                continue
            hours = c.number(row, "TimeTotalInHours")
            if hours is None:
                c.note("planned-only workout or day off: not an activity", record=row.line)
                continue
            n = per_day[day] = per_day.get(day, 0) + 1
            kind = row.get("WorkoutType")
            c.activities.append(
                Activity(
                    start_time=floating_day_start(day) + timedelta(seconds=n - 1),
                    sport=sport_from_name(kind),
                    sub_sport=kind,
                    elapsed_s=hours * S_PER_H,
                    distance_m=c.number(row, "DistanceInMeters"),
                    avg_hr_bpm=c.number(row, "HeartRateAverage"),
                    max_hr_bpm=c.number(row, "HeartRateMax"),
                    avg_speed_m_s=c.number(row, "VelocityAverage"),
                    name=row.get("Title"),
                    source_format=self.format,
                    utc_offset_s=0,
                )
            )
            context = f"workout:{n}"
            for column, signal in (
                ("TSS", "tss_au"),
                ("IF", "intensity_factor"),
                ("Rpe", "tp_rpe"),
                ("Feeling", "tp_feeling"),
            ):
                c.add(
                    day,
                    signal,
                    c.number(row, column),
                    source=self.source,
                    record=row.line,
                    context=context,
                )
        return c.result()
