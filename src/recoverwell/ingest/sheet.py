"""A generic spreadsheet importer (CSV or XLSX) driven by a small TOML mapping file.

A mapping names the date column and its format, and for each column the signal it feeds, its
unit (converted with ``core.units.convert`` to the signal's unit) and how several rows of one
day combine. Example (``mappings/intervals_icu_wellness.toml`` ships with the package)::

    name = "intervals.icu wellness"
    source = "intervals_icu"          # stored as the observations' source
    date_column = "date"
    date_format = "iso"               # or a strptime format such as "%d/%m/%Y"
    files = ["*.xlsx"]                # optional: file names this mapping claims without sniffing
    sheet = "Wellness"                # optional: the XLSX sheet (default: the first)

    [[columns]]
    column = "restingHR"
    signal = "rhr_bpm"
    unit = "bpm"                      # optional; default: the signal's own unit
    context = ""                      # optional (e.g. "overnight" for HRV)
    aggregate = "first"               # first | last | sum | mean | max (default first)

    [[products]]                      # optional: a signal that is the product of two columns
    signal = "srpe_load_au"           # e.g. session RPE × minutes = sRPE load (Foster 2001)
    columns = ["perceived_exertion", "duration_min"]
    aggregate = "sum"

A CSV is claimed when its header holds the date column and at least two mapped columns. XLSX is
read with openpyxl in read-only mode (rows streamed, formulas' cached values).
"""

from __future__ import annotations

import fnmatch
import hashlib
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from recoverwell.core.errors import ConfigError, InvalidValue, ParseError
from recoverwell.core.signals import SIGNALS
from recoverwell.core.units import convert
from recoverwell.ingest.base import ReaderTraits, ReadResult, RecordKind, Source
from recoverwell.ingest.tabular import (
    Collector,
    Row,
    base_name,
    decode_text,
    first_line,
    normalise_name,
    parse_number,
    read_table,
    sniff_delimiter,
)

AGGREGATES = ("first", "last", "sum", "mean", "max")
#: daily_observations.source / .context lengths (store/schema.py): PostgreSQL refuses longer
SOURCE_MAX_CHARS = 64
CONTEXT_MAX_CHARS = 32
_XLSX_MAGIC = b"PK\x03\x04"
#: catalog units that are scales or counts, not physical units: no conversion applies
_UNITLESS = {
    "0/1",
    "count",
    "raw",
    "code",
    "au",
    "TSS",
    "IF",
    "CR-10",
    "1–5",
    "1–7",
    "0–10",
    "0–21",
    "0–100",
    "day",
    "standard drinks",
    "score",
    "°C",
    "%",
    "ln(ms)",
    "breaths/min",
    "ng/mL",
    "g/dL",
    "nmol/L",
}


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """One mapped column (or product of columns) → signal."""

    columns: tuple[str, ...]
    signal: str
    unit: str | None = None
    context: str = ""
    aggregate: str = "first"


@dataclass(frozen=True, slots=True)
class SheetMapping:
    """A validated mapping file."""

    name: str
    source: str
    date_column: str
    date_format: str
    columns: tuple[ColumnMap, ...]
    files: tuple[str, ...] = ()
    sheet: str | None = None
    sha256: str = ""  # of the mapping's text: an edited mapping reads its files again

    @classmethod
    def from_toml(cls, text: str, origin: str) -> SheetMapping:
        """Parse and check a mapping; ConfigError names the file, the line and the bad entry."""
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{origin}: not valid TOML: {err}") from err
        for key in ("name", "source", "date_column"):
            if not isinstance(raw.get(key), str):
                raise ConfigError(f'{origin}: needs a top-level {key} = "…" (text)')
        maps = [
            _column_map(c, "columns", i, text, origin)
            for i, c in enumerate(_entries(raw, "columns", origin))
        ]
        maps += [
            _column_map(p, "products", i, text, origin)
            for i, p in enumerate(_entries(raw, "products", origin))
        ]
        files, sheet = raw.get("files", []), raw.get("sheet")
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise ConfigError(f"{origin}, line {_line_of(text, 'files')}: files is a list of names")
        mapping = cls(
            raw["name"],
            raw["source"],
            raw["date_column"],
            str(raw.get("date_format", "iso")),
            tuple(maps),
            tuple(files),
            sheet if isinstance(sheet, str) else None,
            hashlib.sha256(text.encode()).hexdigest(),
        )
        if len(mapping.source) > SOURCE_MAX_CHARS:
            raise ConfigError(
                f"{origin}, line {_line_of(text, 'source')}: source {mapping.source!r} is longer "
                f"than {SOURCE_MAX_CHARS} characters"
            )
        if not mapping.columns:
            raise ConfigError(f"{origin}: no [[columns]]")
        return mapping

    @classmethod
    def from_file(cls, path: Path) -> SheetMapping:
        """Load a user's mapping file."""
        try:
            return cls.from_toml(path.read_text(encoding="utf-8"), str(path))
        except OSError as err:
            raise ConfigError(f"{path}: {err.strerror}") from err

    @property
    def mapped_columns(self) -> set[str]:
        """Every spreadsheet column the mapping reads."""
        return {c for m in self.columns for c in m.columns}


def _line_of(text: str, key: str, after: int = 0) -> int:
    """The 1-based line where ``key = …`` is first set on or after line ``after``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number >= after and line.split("=", 1)[0].strip() == key:
            return number
    return max(after, 1)


def _table_line(text: str, table: str, index: int) -> int:
    """The line of the ``index``-th ``[[table]]`` header (0-based)."""
    seen = -1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().replace(" ", "") == f"[[{table}]]":
            seen += 1
            if seen == index:
                return number
    return 1


def _entries(raw: dict[str, Any], table: str, origin: str) -> list[dict[str, Any]]:
    entries = raw.get(table, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{origin}: {table} must be [[{table}]] tables")
    return entries


def _column_map(entry: dict[str, Any], table: str, index: int, text: str, origin: str) -> ColumnMap:
    """One [[columns]] or [[products]] entry, checked; errors name its line."""
    at = _table_line(text, table, index)

    def fail(key: str, reason: str) -> ConfigError:
        line = _line_of(text, key, at) if key in entry else at
        return ConfigError(f"{origin}, line {line}: [[{table}]] {reason}")

    if table == "columns":
        column = entry.get("column")
        if not isinstance(column, str):
            raise fail("column", 'needs column = "…", the spreadsheet column (text)')
        columns: tuple[str, ...] = (column,)
    else:
        names = entry.get("columns")
        if (
            not isinstance(names, list)
            or len(names) < 2
            or not all(isinstance(n, str) for n in names)
        ):
            raise fail("columns", 'needs columns = ["…", "…"], two or more column names')
        columns = tuple(names)
    signal = entry.get("signal")
    if signal not in SIGNALS:
        raise fail("signal", f"unknown signal {signal!r} for {columns[0]} (see docs/formats.md)")
    unit, context = entry.get("unit"), entry.get("context", "")
    aggregate = entry.get("aggregate", "first" if table == "columns" else "sum")
    if aggregate not in AGGREGATES:
        raise fail("aggregate", f"aggregate {aggregate!r} not in {', '.join(AGGREGATES)}")
    if not isinstance(context, str) or len(context) > CONTEXT_MAX_CHARS:
        raise fail(
            "context",
            f"context of {columns[0]} is longer than {CONTEXT_MAX_CHARS} characters (or not text)",
        )
    if unit is not None:
        if table == "products" or not isinstance(unit, str):
            raise fail("unit", "unit is text, and only for [[columns]]")
        if SIGNALS[signal].unit not in _UNITLESS:
            try:
                convert(1.0, unit, SIGNALS[signal].unit)
            except InvalidValue as err:
                raise fail("unit", f"{columns[0]}: {err}") from err
    return ColumnMap(columns, signal, unit, context, aggregate)


def shipped_mappings() -> dict[str, SheetMapping]:
    """The mappings shipped in ``recoverwell/ingest/mappings`` by file stem."""
    folder = resources.files("recoverwell.ingest").joinpath("mappings")
    out = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml"):
            out[item.name.removesuffix(".toml")] = SheetMapping.from_toml(
                item.read_text(encoding="utf-8"), f"mappings/{item.name}"
            )
    return out


def _iso_day(text: str) -> date:
    return datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)


def _day(text: str, fmt: str) -> date:
    """The row's day: ISO (``2024-03-01``, ``2019-11-01T08:31:40.751Z`` → its date part) or a
    strptime format; XLSX date cells arrive as ISO text and are read either way."""
    text = text.strip()
    if fmt == "iso":
        return _iso_day(text)
    try:
        return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date only)
    except ValueError:
        return _iso_day(text)


def _cell_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _xlsx_rows(source: Source, sheet: str | None) -> Iterator[Row]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # no stubs published

    with source.open() as stream:
        try:
            book = load_workbook(stream, read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as err:
            raise ParseError(source.name, f"not a readable XLSX workbook: {err}") from err
        try:
            if sheet is not None and sheet not in book.sheetnames:
                raise ParseError(source.name, f"no sheet {sheet!r} (has {book.sheetnames})")
            ws = book[sheet] if sheet else book.worksheets[0]
            rows = ws.iter_rows(values_only=True)
            header = [normalise_name(str(h)) if h is not None else "" for h in next(rows, ())]
            for line, values in enumerate(rows, start=2):
                cells = {h: v for h, v in zip(header, values, strict=False) if v is not None}
                if cells:
                    yield Row(line, {k: _cell_text(v) for k, v in cells.items()})
        finally:
            book.close()


class SheetReader:
    """Reads CSV/XLSX spreadsheets with one mapping."""

    def __init__(self, mapping: SheetMapping, key: str = "sheet", min_columns: int = 2) -> None:
        """``min_columns``: mapped columns a CSV header must hold besides the date to be claimed
        (2 for the shipped mappings, which sniff every CSV; 1 for a mapping the user names)."""
        self.mapping = mapping
        self.format = f"sheet:{key}"
        self.traits = ReaderTraits(RecordKind.SUMMARY)  # a row per day
        self.min_columns = min_columns

    def sniff(self, head: bytes, name: str) -> bool:
        lowered = base_name(name).lower()
        if any(fnmatch.fnmatch(lowered, p.lower()) for p in self.mapping.files):
            return True
        if head.startswith(_XLSX_MAGIC):
            return False
        line = first_line(head)
        cells = {normalise_name(c.strip('"')) for c in line.split(sniff_delimiter(line))}
        found = len(self.mapping.mapped_columns & cells)
        return self.mapping.date_column in cells and found >= self.min_columns

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        c = Collector(source.name, self.format, strict)
        comma = False  # XLSX cells hold numbers; a ";" CSV comes from a decimal-comma locale
        if source.name.lower().endswith(".xlsx"):
            rows: Iterator[Row] | tuple[Row, ...] = _xlsx_rows(source, self.mapping.sheet)
        else:
            table = read_table(decode_text(source.read_bytes()), source.name)
            rows, comma = table.rows, table.delimiter == ";"
        days: dict[tuple[date, ColumnMap], list[tuple[float, int]]] = {}
        for row in rows:
            raw_day = row.get(self.mapping.date_column) or ""
            try:
                day = _day(raw_day, self.mapping.date_format)
            except (ValueError, TypeError):
                c.problem(
                    f"unreadable date {raw_day!r}", record=row.line, field=self.mapping.date_column
                )
                continue
            for m in self.mapping.columns:
                value = self._value(c, row, m, comma)
                if value is not None:
                    days.setdefault((day, m), []).append((value, row.line))
        for (day, m), values in days.items():
            numbers = [v for v, _ in values]
            total = {
                "first": numbers[0],
                "last": numbers[-1],
                "sum": sum(numbers),
                "mean": sum(numbers) / len(numbers),
                "max": max(numbers),
            }[m.aggregate]
            line = values[0][1]
            record = line if len(values) == 1 else f"{line} (+{len(values) - 1})"
            c.add(
                day, m.signal, total, source=self.mapping.source, record=record, context=m.context
            )
        return c.result()

    def _value(self, c: Collector, row: Row, m: ColumnMap, comma: bool) -> float | None:
        product = 1.0
        for column in m.columns:
            text = row.get(column)
            if text is None:
                return None
            try:
                product *= parse_number(text, decimal_comma=comma)
            except ValueError:
                c.problem(f"not a number: {text!r}", record=row.line, field=column)
                return None
        if m.unit is None or SIGNALS[m.signal].unit in _UNITLESS:
            return product
        return convert(product, m.unit, SIGNALS[m.signal].unit)
