"""Strava bulk export ``activities.csv``, and its join with the files in ``activities/``.

The CSV (formats.md §12) repeats column names (``Elapsed Time``, ``Distance``, ``Max Heart
Rate``, ``Relative Effort``, ``Commute``): ``read_table`` keeps both as ``name`` and ``name.1``.
The first ``Distance`` is in the athlete's display units, so only the second (metres) is used.
HTML-wrapped untranslated headers are stripped to their text. ``Activity Date`` is UTC, as
``Jan 27, 2021, 1:57:47 PM`` (en-US) or ``24 Dec 2020, 08:13:59`` (en-GB account,
dlpb/garmin-strava-activity-updater ``StravaActivityTest.java``). Columns are read by name, so
every English generation reads the same way: 79 and 80 columns (2019–2020, no first-block ``Max
Heart Rate`` nor ``Activity Private Note``), 87 (the corpus sample), 94, 99 and 103 (2022–2026,
``Training Load``, ``Timer Time`` … ``Total Reps``). The pre-2019 lower-case header
(``id,date,name,type,…``, distance in metres) is read too; localised (e.g. German) headers are
not. ``Calories`` 0 is Strava's "not estimated" (uploads without HR or power), kept out (noted).

Each row becomes an activity with its name and ``Perceived Exertion`` (1–10, kept as the
activity's RPE); ``Relative Effort`` is kept as ``strava_relative_effort`` with the context
``strava:<activity id>`` on the activity's local day: in ``tz`` (the athlete's timezone, which
the importer passes), else the UTC date. ``join_strava`` replaces a row's activity with the one
read from its ``Filename`` (GPX/FIT/TCX, possibly ``.gz``) while keeping the CSV's name and RPE.

The reader's traits declare the export's join (``StravaExport``, ``ingest/joins.py``): in a
folder or ZIP with ``activities.csv``, each file a row names is a unit of its own (own
transaction, decoded in parallel, idempotent by its content plus the row's facts, ``StravaFile``)
given the row's name and RPE; the CSV's unit (``StravaCsv``) stores the rows without a file
(manual activities) or whose file is not in the export (their CSV totals, noted) and Relative
Effort. A file a row names is never imported a second time on its own; a CSV given on its own
finds the files it names next to it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from recoverwell.core.types import Activity, Sport
from recoverwell.ingest.archive import Member
from recoverwell.ingest.base import (
    ImportIssue,
    IssueAction,
    ReaderTraits,
    ReadResult,
    RecordKind,
    Source,
)
from recoverwell.ingest.fill import fill_result
from recoverwell.ingest.joins import CSV_ERRORS, ExportBatch, Joined, Plan, ReadRaw, read_one, tail
from recoverwell.ingest.tabular import Collector, Row, first_line, source_table, sport_from_name
from recoverwell.ingest.validate import DateRange, validate_result

_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%d %b %Y, %H:%M:%S", "%Y-%m-%d %H:%M:%S")
_RPE_MAX = 10.0


@dataclass(frozen=True, slots=True)
class StravaRow:
    """One activities.csv row: the activity it describes, its id, and the file it points to."""

    strava_id: str
    activity: Activity
    filename: str | None
    line: int


#: activities.gear's length (store/schema.py)
GEAR_MAX_CHARS = 120

_NEW = {
    "id": "Activity ID",
    "date": "Activity Date",
    "name": "Activity Name",
    "type": "Activity Type",
    "elapsed": "Elapsed Time",
    "filename": "Filename",
    "gear": "Activity Gear",
}
_OLD = {
    "id": "id",
    "date": "date",
    "name": "name",
    "type": "type",
    "elapsed": "elapsed_time",
    "filename": "filename",
    "gear": "gear",
}


def parse_strava_date(text: str) -> datetime:
    """``Jan 27, 2021, 1:57:47 PM``, ``24 Dec 2020, 08:13:59`` or ``2018-09-12 15:02:23`` (all
    UTC) → aware UTC."""
    cleaned = " ".join(text.replace("\u202f", " ").split())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(f"not a Strava date: {text!r}")


# --- the export's join (ReaderTraits.join) -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class StravaFile:
    """An activity file a row of Strava's activities.csv names."""

    row: StravaRow
    csv: str

    def identity(self) -> bytes:
        """The row's facts put on the file: a re-export with another RPE is read again."""
        a = self.row.activity
        return f"strava:{self.row.strava_id}|{a.name}|{a.rpe}|{a.sport.value}".encode()

    def read(
        self,
        member: Member,
        strict: bool,
        tz: tzinfo | None,
        dates: DateRange | None,
        read_raw: ReadRaw,
    ) -> tuple[ReadResult, str | None]:
        issues: list[ImportIssue] = []
        found = read_one(member, strict, issues, read_raw)
        rest = found.activities[1:] if found is not None else ()

        def read_file(_filename: str) -> Activity | None:
            return found.activities[0] if found is not None and found.activities else None

        joined, join_issues = join_strava([self.row], read_file, self.csv)
        if found is None:
            result = ReadResult(StravaActivitiesReader.format, activities=tuple(joined))
        else:
            result = dataclasses.replace(found, activities=(*joined, *rest))
        result = dataclasses.replace(result, issues=(*result.issues, *issues, *join_issues))
        note = f"joined with {self.csv} line {self.row.line} (name, perceived exertion)"
        validated = validate_result(result, member.name, strict=strict, dates=dates)
        return fill_result(validated, member.name), note


@dataclass(frozen=True, slots=True)
class StravaCsv:
    """Strava's activities.csv; rows at ``joined`` lines are stored with their own files."""

    joined: frozenset[int]

    def identity(self) -> bytes:
        return b""

    def read(
        self,
        member: Member,
        strict: bool,
        tz: tzinfo | None,
        dates: DateRange | None,
        read_raw: ReadRaw,
    ) -> tuple[ReadResult, str | None]:
        reader = StravaActivitiesReader()
        c = Collector(member.name, reader.format, strict)
        rows = [r for r in reader.rows(member.source(), c, tz) if r.line not in self.joined]
        activities, issues = join_strava(rows, lambda _filename: None, member.name)
        base = c.result()
        result = dataclasses.replace(
            base, activities=tuple(activities), issues=(*base.issues, *issues)
        )
        note = f"{len(self.joined)} rows stored with their activity files" if self.joined else None
        validated = validate_result(result, member.name, strict=strict, dates=dates)
        return fill_result(validated, member.name), note


class StravaExport:
    """Plans a Strava bulk export: the files the CSV's rows name, then the CSV."""

    def plan(self, member: Member, batch: ExportBatch) -> Plan | None:
        reader = StravaActivitiesReader()
        if not tail(member.name).endswith(".csv") or not batch.claims(member, reader.sniff):
            return None
        try:
            rows = reader.rows(member.source(), Collector(member.name, reader.format, False))
        except CSV_ERRORS:
            return None  # read as a plain file: its own reader reports what is wrong
        plan: list[Joined] = []
        joined: set[int] = set()
        for row in rows:
            found = batch.named(member, row.filename) if row.filename else None
            if found is not None:
                joined.add(row.line)
                plan.append(Joined(found[0], StravaFile(row, member.name), in_batch=found[1]))
        plan.append(Joined(member, StravaCsv(frozenset(joined))))
        return plan


class StravaActivitiesReader:
    """Strava's ``activities.csv`` (bulk export), current and pre-2019 headers."""

    format = "strava_csv"
    source = "strava"
    traits = ReaderTraits(RecordKind.SUMMARY, join=StravaExport())

    def sniff(self, head: bytes, name: str) -> bool:
        cells = [c.strip() for c in first_line(head).split(",")]
        return cells[:2] in (["Activity ID", "Activity Date"], ["id", "date"]) and (
            "Filename" in cells or "filename" in cells
        )

    def rows(self, source: Source, c: Collector, tz: tzinfo | None = None) -> list[StravaRow]:
        """Every readable row as a StravaRow; problems go to ``c``. ``tz`` (the athlete's zone)
        decides the day of each row's Relative Effort (UTC without it)."""
        table = source_table(source, ",")
        names = _NEW if table.has("Activity ID") else _OLD
        out = []
        for row in table.rows:
            parsed = self._row(c, row, names, tz)
            if parsed is not None:
                out.append(parsed)
        return out

    def read(self, source: Source, *, strict: bool = False, tz: tzinfo | None = None) -> ReadResult:
        c = Collector(source.name, self.format, strict)
        for row in self.rows(source, c, tz):
            c.activities.append(row.activity)
        return c.result()

    def _calories(self, c: Collector, row: Row) -> float | None:
        kcal = c.number(row, "Calories")
        if kcal == 0:
            c.note("Calories 0 = not estimated by Strava, left out", record=row.line)
            return None
        return kcal

    @staticmethod
    def _gear(row: Row, names: dict[str, str]) -> str | None:
        """The gear's name (``Activity Gear``; ``gear`` in the 10-column header), else its id
        (the ``Gear`` column holds it, written ``8142932.0``, when the gear has no name)."""
        name = row.get(names["gear"])
        if name:
            return name[:GEAR_MAX_CHARS]
        gear_id = row.get("Gear")
        if not gear_id:
            return None
        return f"Strava gear {gear_id.removesuffix('.0')}"

    def _row(
        self, c: Collector, row: Row, names: dict[str, str], tz: tzinfo | None
    ) -> StravaRow | None:
        strava_id = row.get(names["id"])
        try:
            start = parse_strava_date(row.get(names["date"]) or "")
        except ValueError:
            c.problem(
                f"unreadable date {row.cells.get(names['date'])!r}",
                record=row.line,
                field=names["date"],
            )
            return None
        elapsed = c.number(row, "Elapsed Time.1") if "Elapsed Time.1" in row.cells else None
        elapsed = elapsed if elapsed is not None else c.number(row, names["elapsed"])
        if elapsed is None or elapsed < 0:
            c.problem("no elapsed time", record=row.line, field=names["elapsed"])
            return None
        # the second Distance is metres; the old header's only distance is metres too
        distance = c.number(row, "Distance.1" if names is _NEW else "distance")
        rpe = c.number(row, "Perceived Exertion")
        if rpe is not None and not 0 <= rpe <= _RPE_MAX:
            c.problem(
                f"perceived exertion {rpe:g} outside 0–10",
                record=row.line,
                field="Perceived Exertion",
            )
            rpe = None
        activity = Activity(
            start_time=start,
            sport=sport_from_name(row.get(names["type"])),
            elapsed_s=elapsed,
            moving_s=c.number(row, "Moving Time"),
            distance_m=distance,
            ascent_m=c.number(row, "Elevation Gain"),
            descent_m=c.number(row, "Elevation Loss"),
            calories_kcal=self._calories(c, row),
            avg_hr_bpm=c.number(row, "Average Heart Rate"),
            max_hr_bpm=c.number(row, "Max Heart Rate") or c.number(row, "Max Heart Rate.1"),
            avg_speed_m_s=c.number(row, "Average Speed"),
            name=row.get(names["name"]),
            source_format=self.format,
            utc_offset_s=None,
            rpe=rpe,
            gear=self._gear(row, names),
        )
        effort = c.number(row, "Relative Effort") or c.number(row, "Relative Effort.1")
        if strava_id is not None:
            c.add(
                (start.astimezone(tz) if tz is not None else start).date(),
                "strava_relative_effort",
                effort,
                source=self.source,
                record=row.line,
                context=f"strava:{strava_id}"[:32],
            )
        return StravaRow(strava_id or "", activity, row.get(names["filename"]), row.line)


def join_strava(
    rows: Sequence[StravaRow],
    read_activity_file: Callable[[str], Activity | None],
    path: str = "activities.csv",
) -> tuple[list[Activity], list[ImportIssue]]:
    """Activities of a Strava archive: each row's file read and given the CSV's name and RPE.

    ``read_activity_file(filename)`` gets the row's ``Filename`` (``activities/123.fit.gz``,
    relative to the archive root) and returns the activity read from it, or None when the file
    is missing or unreadable; then the CSV row's own activity is kept and the issue says so.
    """
    out: list[Activity] = []
    issues: list[ImportIssue] = []
    for row in rows:
        from_file = read_activity_file(row.filename) if row.filename else None
        if from_file is None:
            if row.filename:
                issues.append(
                    ImportIssue(
                        path,
                        f"{row.filename} missing or not readable; CSV totals kept",
                        IssueAction.NOTED,
                        row.line,
                        "Filename",
                    )
                )
            out.append(row.activity)
            continue
        sport = from_file.sport if from_file.sport is not Sport.OTHER else row.activity.sport
        out.append(
            dataclasses.replace(
                from_file,
                name=row.activity.name or from_file.name,
                rpe=row.activity.rpe if row.activity.rpe is not None else from_file.rpe,
                sport=sport,
                gear=row.activity.gear or from_file.gear,
            )
        )
    return out, issues
