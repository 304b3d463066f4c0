"""Which reader reads a file: content sniffed first, the file name's suffix second.

``READERS`` is a plain list: a new format is one more ``Reader`` appended here; the import
pipeline never names a format. The activity files come first (FIT, GPX, TCX), then every vendor
reader of ``ingest/vendors.py`` in its own order (specific exports first, the spreadsheet
readers, which claim any CSV whose header matches a shipped mapping, last). ``read_source`` is
the one entry the pipeline calls: pick the reader, read, validate. ``traits_for`` gives the
traits a format's reader declares (``base.ReaderTraits``), which duplicate detection
(``ingest/dedupe.py``) and export joins (``ingest/units.py``) go by.

A file no reader claims is either *not data* (documentation or media in an export folder, or an
export file docs/formats.md lists as not read): ``NothingToImport``, which the importer reports
as skipped; or unknown: ``UnsupportedFormat`` (rejected), unless its suffix names a format,
whose reader then says what is wrong with the content.
"""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatch

from recoverwell.core.errors import NothingToImport, UnsupportedFormat
from recoverwell.ingest.base import (
    SUMMARY_TRAITS,
    Reader,
    ReaderTraits,
    ReadResult,
    Source,
    traits_of,
)
from recoverwell.ingest.fill import fill_result
from recoverwell.ingest.fit import FitReader
from recoverwell.ingest.gpx import GpxReader
from recoverwell.ingest.tcx import TcxReader
from recoverwell.ingest.validate import DateRange, validate_result
from recoverwell.ingest.vendors import VENDOR_READERS

HEAD_BYTES = 1024  # what sniffing sees: FIT header + file_id, or an XML prolog and root element

READERS: list[Reader] = [FitReader(), GpxReader(), TcxReader(), *VENDOR_READERS]

#: suffix → format, used only when no reader claims the content
SUFFIXES: dict[str, str] = {".fit": "fit", ".gpx": "gpx", ".tcx": "tcx"}

#: suffixes of files that are never training or recovery data (export folders carry them)
NOT_DATA_SUFFIXES: dict[str, str] = {
    **dict.fromkeys((".md", ".markdown", ".rst", ".pdf", ".html", ".htm"), "documentation"),
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".heic", ".webp"), "an image"),
    **dict.fromkeys((".mp4", ".mov", ".m4v"), "a video"),
}
#: (base-name pattern, reason) of export files recoverwell does not read (docs/formats.md)
NOT_READ_FILES: tuple[tuple[str, str], ...] = (
    ("export_cda.xml", "Apple Health clinical document, not read (export.xml holds the data)"),
    ("time_in_heart_rate_zones*.json", "Fitbit heart-rate zones, not read"),
)


def _tail(name: str) -> str:
    """The last path element of a file or archive member name, lower case."""
    return name.rsplit("!", 1)[-1].rsplit("/", 1)[-1].lower()


def _suffix(name: str) -> str:
    tail = _tail(name)
    dot = tail.rfind(".")
    return tail[dot:] if dot >= 0 else ""


def not_data_reason(name: str) -> str | None:
    """Why a file no reader claims holds nothing to import, or None when it should have."""
    kind = NOT_DATA_SUFFIXES.get(_suffix(name))
    if kind is not None:
        return f"{kind}, not data"
    tail = _tail(name)
    return next((reason for pattern, reason in NOT_READ_FILES if fnmatch(tail, pattern)), None)


def reader_for(head: bytes, name: str, readers: Sequence[Reader] | None = None) -> Reader:
    """The first reader that claims the content; else the one whose suffix matches.

    NothingToImport when the file is known not to be data; UnsupportedFormat names the file when
    no reader is found. A reader picked by suffix alone then gets to say what is wrong with the
    content (a truncated FIT, a broken XML).
    """
    candidates = READERS if readers is None else readers
    for reader in candidates:
        if reader.sniff(head, name):
            return reader
    reason = not_data_reason(name)
    if reason is not None:
        raise NothingToImport(name, reason)
    if not head.strip():
        raise UnsupportedFormat(name, "empty file")
    wanted = SUFFIXES.get(_suffix(name))
    for reader in candidates:
        if wanted is not None and reader.format == wanted:
            return reader
    raise UnsupportedFormat(name, "not a format recoverwell reads (see docs/formats.md)")


def sniff_head(source: Source) -> bytes:
    """The first HEAD_BYTES of the content."""
    with source.open() as stream:
        return stream.read(HEAD_BYTES)


def read_raw(
    source: Source, *, strict: bool = False, readers: Sequence[Reader] | None = None
) -> ReadResult:
    """Pick the reader and read the file, without validating (a join validates once, after)."""
    reader = reader_for(sniff_head(source), source.name, readers)
    return reader.read(source, strict=strict)


def read_source(
    source: Source,
    *,
    strict: bool = False,
    readers: Sequence[Reader] | None = None,
    dates: DateRange | None = None,
) -> ReadResult:
    """Pick the reader, read the file, validate every record in it (``dates``: the days a
    record may be dated on, default ``validate.plausible_dates()``), fill missing totals."""
    result = read_raw(source, strict=strict, readers=readers)
    return fill_result(
        validate_result(result, source.name, strict=strict, dates=dates), source.name
    )


def traits_for(fmt: str | None) -> ReaderTraits:
    """The traits the reader of format ``fmt`` declares; ``SUMMARY_TRAITS`` for a format no
    reader of ``READERS`` has (a user's mapping, the demo's ``synthetic``, None)."""
    for reader in READERS:
        if reader.format == fmt:
            return traits_of(reader)
    return SUMMARY_TRAITS


def duplicate_ranks() -> dict[str, int]:
    """Format → ``duplicate_rank`` of the readers that rank above summaries (0)."""
    ranks = {r.format: traits_of(r).duplicate_rank for r in READERS}
    return {fmt: rank for fmt, rank in ranks.items() if rank}
