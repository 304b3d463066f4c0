"""What every reader returns: neutral records plus every problem met, never silently fixed.

A reader turns one file (or one archive member) into a ``ReadResult``: activities, daily
observations and sleep periods, and ``ImportIssue``s for each value it dropped or repaired
(lenient mode) — the import report shows all of them. In strict mode a reader raises
``ParseError`` instead of recording a drop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import BinaryIO, Protocol

from recoverwell.core.types import Activity, Observation, SleepPeriod


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

    def sniff(self, head: bytes, name: str) -> bool:
        """True when ``head`` (the first KiB of the content) and ``name`` look like this format."""
        ...

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        """Read one file; ParseError (path, record, field) when it cannot be read."""
        ...
