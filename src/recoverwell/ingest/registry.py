"""Which reader reads a file: content sniffed first, the file name's suffix second.

``READERS`` is a plain list: a new format is one more ``Reader`` appended here (wellness and
vendor readers join this way); the import pipeline never names a format. ``read_source`` is the
one entry the pipeline calls: pick the reader, read, validate.
"""

from __future__ import annotations

from collections.abc import Sequence

from recoverwell.core.errors import UnsupportedFormat
from recoverwell.ingest.base import Reader, ReadResult, Source
from recoverwell.ingest.fit import FitReader
from recoverwell.ingest.gpx import GpxReader
from recoverwell.ingest.tcx import TcxReader
from recoverwell.ingest.validate import validate_result

HEAD_BYTES = 1024  # what sniffing sees: FIT header + file_id, or an XML prolog and root element

READERS: list[Reader] = [FitReader(), GpxReader(), TcxReader()]

#: suffix → format, used only when no reader claims the content
SUFFIXES: dict[str, str] = {".fit": "fit", ".gpx": "gpx", ".tcx": "tcx"}


def _suffix(name: str) -> str:
    tail = name.rsplit("!", 1)[-1].lower()
    dot = tail.rfind(".")
    return tail[dot:] if dot >= 0 else ""


def reader_for(head: bytes, name: str, readers: Sequence[Reader] | None = None) -> Reader:
    """The first reader that claims the content; else the one whose suffix matches.

    UnsupportedFormat names the file when neither finds one. A reader picked by suffix alone
    then gets to say what is wrong with the content (a truncated FIT, a broken XML).
    """
    candidates = READERS if readers is None else readers
    for reader in candidates:
        if reader.sniff(head, name):
            return reader
    if not head.strip():
        raise UnsupportedFormat(name, "empty file")
    wanted = SUFFIXES.get(_suffix(name))
    for reader in candidates:
        if wanted is not None and reader.format == wanted:
            return reader
    formats = ", ".join(sorted({r.format for r in candidates}))
    raise UnsupportedFormat(name, f"not a format recoverwell reads ({formats})")


def sniff_head(source: Source) -> bytes:
    """The first HEAD_BYTES of the content."""
    with source.open() as stream:
        return stream.read(HEAD_BYTES)


def read_source(
    source: Source, *, strict: bool = False, readers: Sequence[Reader] | None = None
) -> ReadResult:
    """Pick the reader, read the file and validate every activity in it."""
    reader = reader_for(sniff_head(source), source.name, readers)
    result = reader.read(source, strict=strict)
    return validate_result(result, source.name, strict=strict)
