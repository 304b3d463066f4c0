"""Shared helpers of the vendor readers: sniffed CSV tables, tolerant numbers, and a collector.

Exports drift (formats.md §16.1): a BOM, ``,``/``;``/tab delimiters, CR-only line endings,
header cells with spaces or HTML (Strava's untranslated ``<span …>Type</span>``), duplicated
names (``Distance`` twice), missing-value tokens (``-``, ``—``, ``N/A``). ``read_table`` absorbs
all of that and hands rows that are looked up by normalised column name, never by position.

``Collector`` is what every reader fills: values outside a signal's plausible range
(``core.signals``) and unparseable cells become an ``ImportIssue`` naming file, line and field
(lenient) or a ``ParseError`` (strict); nothing is silently repaired.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from recoverwell.core.errors import ParseError
from recoverwell.core.signals import SIGNALS
from recoverwell.core.types import Activity, Observation, SleepPeriod, Sport
from recoverwell.ingest.base import ImportIssue, IssueAction, ReadResult, Source

#: Cells that mean "no value" in the exports we read (formats.md §16.5), compared lower-case.
MISSING_TOKENS = frozenset({"", "-", "--", "—", "–", "n/a", "na", "null", "none", "nan"})
_HTML_TAG = re.compile(r"<[^>]+>")
_BOM = "\ufeff"


def decode_text(data: bytes) -> str:
    """UTF-8 text without a BOM; Latin-1 when the bytes are not UTF-8 (old Windows exports)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.removeprefix(_BOM)


def head_text(head: bytes) -> str:
    """The sniffing head as text: BOM removed, undecodable bytes replaced."""
    return head.decode("utf-8", errors="replace").removeprefix(_BOM)


def first_line(head: bytes) -> str:
    """The first line of the head (CR, LF or CRLF ended)."""
    return re.split(r"\r\n|\r|\n", head_text(head), maxsplit=1)[0]


def normalise_name(name: str) -> str:
    """A header cell as matched: HTML stripped, whitespace collapsed, case kept."""
    return " ".join(_HTML_TAG.sub("", name).split())


def base_name(path: str) -> str:
    """The file name part of a path or ``archive.zip!member`` name."""
    return re.split(r"[/\\!]", path)[-1]


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: cells by normalised column name (duplicates as ``name.1``), and its line."""

    line: int
    cells: dict[str, str]

    def get(self, name: str) -> str | None:
        """The stripped cell, or None when the column is absent or the cell is a missing token."""
        value = self.cells.get(name)
        if value is None:
            return None
        value = value.strip()
        return None if value.lower() in MISSING_TOKENS else value

    def first(self, *names: str) -> str | None:
        """The first present value among alternative column names."""
        for name in names:
            value = self.get(name)
            if value is not None:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV file read by header: columns in file order and rows with their line numbers."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    delimiter: str

    def has(self, *names: str) -> bool:
        """True when every named column is present."""
        return all(n in self.columns for n in names)


def sniff_delimiter(header_line: str, candidates: str = ",;\t") -> str:
    """The candidate delimiter that splits the header line into the most cells."""
    return max(candidates, key=lambda d: (header_line.count(d), -candidates.index(d)))


def _dedupe(names: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        n = seen.get(name, 0)
        out.append(name if n == 0 else f"{name}.{n}")
        seen[name] = n + 1
    return tuple(out)


def read_table(text: str, path: str, delimiter: str | None = None) -> Table:
    """Parse CSV text by its header row; ParseError naming the path when there is no header.

    Line endings may be CRLF, LF or CR alone (HRV4Training, Sleep Cycle); blank lines are skipped.
    Row line numbers count physical lines from 1 (the header), as an editor shows them.
    """
    text = text.removeprefix(_BOM).replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    header_line = text.split("\n", 1)[0]
    if not header_line.strip():
        raise ParseError(path, "no header row", record=1)
    sep = delimiter or sniff_delimiter(header_line)
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as err:
        raise ParseError(path, f"no readable header row: {err}", record=1) from err
    columns = _dedupe([normalise_name(h) for h in header])
    rows = []
    line = reader.line_num
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            rows.append(Row(start, dict(zip(columns, cells, strict=False))))
    except csv.Error as err:
        raise ParseError(path, f"malformed CSV: {err}", record=line + 1) from err
    return Table(columns, tuple(rows), sep)


def parse_number(text: str, *, decimal_comma: bool = False) -> float:
    """``"74%"``, ``" 3.5 "``, ``"1,234"``… → float; ValueError when it is not a number.

    With ``decimal_comma`` (``;``-separated European files) a single comma is the decimal mark
    and dots before it are thousands separators (``2.345,5``); otherwise commas are thousands
    separators. NaN and infinities are not numbers here.
    """
    cleaned = text.strip().removesuffix("%").strip()
    if decimal_comma and cleaned.count(",") == 1:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text!r}")
    return value


@dataclass
class Collector:
    """What a reader accumulates from one file, and the rules for what goes wrong.

    ``problem`` records a drop (lenient) or raises ``ParseError`` (strict); identical problems
    (same message and field) are reported once with a count and the first line they occurred on.
    """

    path: str
    format: str
    strict: bool = False
    observations: list[Observation] = field(default_factory=list)
    sleep: list[SleepPeriod] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    _issues: dict[tuple[str, str | None, IssueAction], ImportIssue] = field(default_factory=dict)
    _keys: set[tuple[date, str, str, str]] = field(default_factory=set)

    def problem(
        self,
        message: str,
        *,
        record: int | str | None = None,
        field: str | None = None,
        action: IssueAction = IssueAction.DROPPED,
    ) -> None:
        """A value or row that was dropped (strict: ParseError), repaired, or worth noting."""
        if self.strict and action is IssueAction.DROPPED:
            raise ParseError(self.path, message, record=record, field=field)
        key = (message, field, action)
        known = self._issues.get(key)
        if known is None:
            self._issues[key] = ImportIssue(self.path, message, action, record, field)
        else:
            self._issues[key] = ImportIssue(
                self.path, message, action, known.record, field, known.count + 1
            )

    def note(
        self, message: str, *, record: int | str | None = None, field: str | None = None
    ) -> None:
        """Something kept as is but worth the user's attention (never raises)."""
        self.problem(message, record=record, field=field, action=IssueAction.NOTED)

    def number(
        self, row: Row, column: str, *, decimal_comma: bool = False, unit_note: str = ""
    ) -> float | None:
        """The cell as a number; a non-number is a dropped value with line and column."""
        text = row.get(column)
        if text is None:
            return None
        try:
            return parse_number(text, decimal_comma=decimal_comma)
        except ValueError:
            self.problem(f"not a number: {text!r}{unit_note}", record=row.line, field=column)
            return None

    def in_range(self, signal: str, value: float, *, record: int | str | None) -> bool:
        """True when ``value`` is plausible for ``signal``; a dropped value otherwise."""
        spec = SIGNALS[signal]
        if spec.low <= value <= spec.high:
            return True
        bounds = f"{spec.low:g}–{spec.high:g}"
        unit = "" if spec.unit == bounds else f" {spec.unit}"
        self.problem(
            f"{signal} {value:g} outside {bounds}{unit}",
            record=record,
            field=signal,
        )
        return False

    def add(
        self,
        day: date,
        signal: str,
        value: float | None,
        *,
        source: str,
        record: int | str | None,
        context: str = "",
        recorded_at: datetime | None = None,
        day_from_recorded_at: bool = False,
    ) -> None:
        """Keep one daily value (skipped when None, dropped with an issue when implausible).

        ``day_from_recorded_at``: ``day`` is provisional (the UTC date of ``recorded_at``); the
        importer moves it to the local date in the athlete's timezone."""
        if value is None or not self.in_range(signal, value, record=record):
            return
        key = (day, signal, source, context)
        if key in self._keys:
            self.note(
                f"a second {signal} for {day} in this file: the first is kept",
                record=record,
                field=signal,
            )
            return
        self._keys.add(key)
        ref = f"{base_name(self.path)}:{record}" if record is not None else base_name(self.path)
        self.observations.append(
            Observation(
                day, signal, value, source, context, recorded_at, ref[-255:], day_from_recorded_at
            )
        )

    def ref(self, record: int | str) -> str:
        """The provenance reference of a record of this file (``file.csv:12``)."""
        return f"{base_name(self.path)}:{record}"[-255:]

    @property
    def issues(self) -> tuple[ImportIssue, ...]:
        """Every issue met so far."""
        return tuple(self._issues.values())

    def result(self) -> ReadResult:
        """Everything read, as the neutral ReadResult."""
        return ReadResult(
            self.format,
            activities=tuple(self.activities),
            observations=tuple(self.observations),
            sleep=tuple(self.sleep),
            issues=self.issues,
        )


def source_table(source: Source, delimiter: str | None = None) -> Table:
    """Read a whole CSV source as a Table (exports of daily rows are small)."""
    return read_table(decode_text(source.read_bytes()), source.name, delimiter)


def once_per_day(
    seen: set[tuple[date, str]], day: date, key: str, collector: Collector, line: int
) -> bool:
    """True the first time (day, key) is met; later ones are noted and skipped (first kept)."""
    if (day, key) in seen:
        collector.note(f"another {key} reading on {day}: the first of the day is kept", record=line)
        return False
    seen.add((day, key))
    return True


_SPORT_WORDS: tuple[tuple[tuple[str, ...], Sport], ...] = (
    (("run", "treadmill", "jog"), Sport.RUNNING),
    (("walk",), Sport.WALKING),
    (("hik",), Sport.HIKING),
    (("ride", "bike", "biking", "cycl", "spin"), Sport.CYCLING),
    (("swim",), Sport.SWIMMING),
    (("row",), Sport.ROWING),
    (("ski",), Sport.CROSS_COUNTRY_SKIING),
    (("strength", "weight", "lift"), Sport.STRENGTH),
)


def sport_from_name(text: str | None) -> Sport:
    """A vendor's activity type (``Run``, ``Running``, ``Treadmill``, ``Bike``…) as a Sport."""
    lowered = (text or "").lower()
    for words, sport in _SPORT_WORDS:
        if any(w in lowered for w in words):
            return sport
    return Sport.OTHER


def mark_naps(periods: Sequence[SleepPeriod]) -> list[SleepPeriod]:
    """For sources without a nap flag: per source and wake day the longest period is the main
    sleep, every other period that day is a nap (the rule is documented in docs/formats.md)."""
    longest: dict[tuple[str, date | None], SleepPeriod] = {}
    for p in periods:
        key = (p.source, p.wake_day)
        if key not in longest or p.end - p.start > longest[key].end - longest[key].start:
            longest[key] = p
    return [
        p if longest[(p.source, p.wake_day)] is p else dataclasses.replace(p, is_nap=True)
        for p in periods
    ]
