"""What every reader returns: neutral records plus every problem met, never silently fixed.

A reader turns one file (or one archive member) into a ``ReadResult``: activities, daily
observations and sleep periods, and ``ImportIssue``s for each value it dropped or repaired
(lenient mode) — the import report shows all of them. In strict mode a reader raises
``ParseError`` instead of recording a drop.

A reader also declares its ``ReaderTraits``: what its activities are for duplicate detection
(recordings or summaries, dated by day only, which copy is kept) and, for an export whose files
belong together, how they join (``ingest/joins.py``). The pipeline looks them up by format
(``registry.traits_for``) and never names a format itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, BinaryIO, Protocol

from recoverwell.core.types import Activity, Observation, SleepPeriod

if TYPE_CHECKING:
    from recoverwell.ingest.joins import ExportJoin


class IssueAction(StrEnum):
    """What happened to the value an issue is about."""

    DROPPED = "dropped"  # the value (sample, row, record) was left out
    REPAIRED = "repaired"  # the value was changed (e.g. an interpolated gap); says how
    NOTED = "noted"  # kept as is, but worth the user's attention
    EXCLUDED = "excluded"  # the record is kept but out of load and volume (Activity.excluded)


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem in a file: where (path, record or line, field), what, and what was done."""

    path: str
    message: str
    action: IssueAction
    record: int | str | None = None
    field: str | None = None
    count: int = 1  # the same problem at many samples is reported once, with a count

    def __str__(self) -> str:
        where = self.path
        if self.record is not None:
            where += f", record {self.record}"
        if self.field is not None:
            where += f", field {self.field!r}"
        times = f" ({self.count}×)" if self.count > 1 else ""
        return f"{where}: {self.message}{times} [{self.action.value}]"


@dataclass(frozen=True, slots=True)
class ReadResult:
    """Everything one file yielded, in neutral core records."""

    source_format: str
    activities: tuple[Activity, ...] = ()
    observations: tuple[Observation, ...] = ()
    sleep: tuple[SleepPeriod, ...] = ()
    issues: tuple[ImportIssue, ...] = field(default=())

    @property
    def n_records(self) -> int:
        """Activities + observations + sleep periods."""
        return len(self.activities) + len(self.observations) + len(self.sleep)


@dataclass(frozen=True, slots=True)
class Source:
    """A file to read, on disk or inside an archive, opened lazily so big files can stream.

    ``name`` is what messages show, e.g. ``export.zip!apple_health_export/export.xml``.
    """

    name: str
    opener: Callable[[], BinaryIO]
    size: int | None = None

    def open(self) -> BinaryIO:
        """A fresh binary stream over the content (the caller closes it)."""
        return self.opener()

    def read_bytes(self) -> bytes:
        """The whole content (for formats that need it all, like FIT)."""
        with self.open() as stream:
            return stream.read()


class Reader(Protocol):
    """A format reader: claims content by sniffing, then reads it into a ReadResult."""

    format: str

    @property
    def traits(self) -> ReaderTraits:
        """What its records are and how its export's files join (a class attribute will do)."""
        ...

    def sniff(self, head: bytes, name: str) -> bool:
        """True when ``head`` (the first KiB of the content) and ``name`` look like this format."""
        ...

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        """Read one file; ParseError (path, record, field) when it cannot be read."""
        ...


class RecordKind(StrEnum):
    """What a format's activities are."""

    RECORDING = "recording"  # a device's samples (FIT, TCX, GPX): the session itself
    SUMMARY = "summary"  # a vendor's totals of a session (a row, a JSON record)


@dataclass(frozen=True, slots=True)
class ReaderTraits:
    """What the pipeline needs to know of a format, declared by its reader (``traits``).

    - ``kind``: recordings or summaries. Only a recording has a ``duplicate_rank`` above 0, so
      a summary never replaces a recording of the same session (``ingest/dedupe.py``).
    - ``duplicate_rank``: of two copies of one session the higher is kept (FIT 3 > TCX 2 >
      GPX 1 > summaries 0), before stream channels and samples decide.
    - ``date_only``: its activities have a day but no start (a made-up local midnight), so they
      are matched by day, never by start, and a copy with a real start is always kept.
    - ``knows_utc_offset``: a UTC offset on its activities is the device's own (FIT's
      ``local_timestamp``), so its start is right when a copy's clock is shifted.
    - ``join``: for an export whose files belong together, how the batch's files are planned
      into units (``ingest/joins.py``); None: each file is read on its own.
    """

    kind: RecordKind = RecordKind.SUMMARY
    duplicate_rank: int = 0
    date_only: bool = False
    knows_utc_offset: bool = False
    join: ExportJoin | None = None

    def __post_init__(self) -> None:
        if self.duplicate_rank < 0 or (self.kind is RecordKind.SUMMARY and self.duplicate_rank):
            raise ValueError("only a recording ranks above 0 (a summary never replaces a file)")


#: the traits of a reader that declares none, and of a format no reader reads (e.g. "synthetic")
SUMMARY_TRAITS = ReaderTraits()


def traits_of(reader: object) -> ReaderTraits:
    """A reader's declared ``traits``, or ``SUMMARY_TRAITS`` when it declares none."""
    traits = getattr(reader, "traits", None)
    return traits if isinstance(traits, ReaderTraits) else SUMMARY_TRAITS
