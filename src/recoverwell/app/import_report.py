"""What an import run reports: per file its status, and per kind of record what was stored.

A file is **new**, **unchanged**, **duplicate**, **rejected** or **skipped** (``FileStatus``).
Inside a file, each kind of record (activities, daily observations, sleep periods) has its own
``RecordCounts``: new, changed (an existing record updated), unchanged (the same record was
already stored) and duplicate (an activity kept from a preferred copy instead). Every value or
row a reader dropped, repaired or noted is an ``ImportIssue`` naming file, record (or line) and
field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from recoverwell.ingest.base import ImportIssue, IssueAction

RECORD_KINDS = ("activities", "observations", "sleep")


class FileStatus(StrEnum):
    """What happened to one file of a batch."""

    NEW = "new"  # something of it was stored or changed
    UNCHANGED = "unchanged"  # its content was imported before (or earlier in this batch)
    DUPLICATE = "duplicate"  # its activities were already stored from a better file
    REJECTED = "rejected"  # it could not be read; nothing of it was stored
    SKIPPED = "skipped"  # it holds nothing to import (documentation, a joined file, …)


@dataclass(frozen=True, slots=True)
class RecordCounts:
    """Records of one kind in one file: how each ended."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    duplicate: int = 0

    def __add__(self, other: RecordCounts) -> RecordCounts:
        return RecordCounts(
            self.new + other.new,
            self.changed + other.changed,
            self.unchanged + other.unchanged,
            self.duplicate + other.duplicate,
        )

    @property
    def stored(self) -> int:
        """Records written: new plus changed."""
        return self.new + self.changed

    def text(self) -> str:
        """E.g. ``"3 new, 1 changed"`` (zero counts left out; ``"none"`` when all are zero)."""
        parts = [
            f"{n} {label}"
            for n, label in (
                (self.new, "new"),
                (self.changed, "changed"),
                (self.unchanged, "unchanged"),
                (self.duplicate, "duplicate"),
            )
            if n
        ]
        return ", ".join(parts) or "none"


@dataclass(frozen=True, slots=True)
class FileReport:
    """One file's outcome; ``record``/``field`` locate a rejection, ``issues`` list every drop."""

    path: str
    status: FileStatus
    format: str | None = None
    size_bytes: int = 0
    new_records: int = 0  # records written (new or changed), every kind
    activity_ids: tuple[int, ...] = ()
    samples: int = 0
    message: str | None = None
    record: int | str | None = None
    field: str | None = None
    issues: tuple[ImportIssue, ...] = ()
    duplicates: tuple[str, ...] = ()
    activities: RecordCounts = RecordCounts()
    observations: RecordCounts = RecordCounts()
    sleep: RecordCounts = RecordCounts()

    def counts(self, kind: str) -> RecordCounts:
        """The counts of one of ``RECORD_KINDS``."""
        counts: RecordCounts = getattr(self, kind)
        return counts


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of one ``import_paths`` call."""

    athlete_id: int
    files: tuple[FileReport, ...]
    elapsed_s: float
    bytes_read: int

    def count(self, status: FileStatus) -> int:
        """Number of files with this status."""
        return sum(1 for f in self.files if f.status is status)

    def records(self, kind: str) -> RecordCounts:
        """Records of one of ``RECORD_KINDS`` over every file."""
        total = RecordCounts()
        for f in self.files:
            total += f.counts(kind)
        return total

    @property
    def rejected(self) -> tuple[FileReport, ...]:
        """The files that could not be imported."""
        return tuple(f for f in self.files if f.status is FileStatus.REJECTED)

    @property
    def samples(self) -> int:
        """Stream samples (plus other records) decoded from new files."""
        return sum(f.samples for f in self.files)

    @property
    def issues(self) -> tuple[ImportIssue, ...]:
        """Every drop, repair and note of every file."""
        return tuple(i for f in self.files for i in f.issues)

    @property
    def dropped(self) -> tuple[ImportIssue, ...]:
        """The issues where a value, sample or row was left out."""
        return tuple(i for i in self.issues if i.action is IssueAction.DROPPED)

    @property
    def notes(self) -> tuple[ImportIssue, ...]:
        """The issues where a value was kept (noted) or repaired, not left out."""
        return tuple(i for i in self.issues if i.action is not IssueAction.DROPPED)

    def summary(self) -> str:
        """E.g. ``"12 new, 3 unchanged, 1 duplicate, 1 rejected, 2 skipped"`` (files)."""
        return ", ".join(f"{self.count(s)} {s.value}" for s in FileStatus)


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """Handed to the progress callback after each file."""

    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    current: FileReport


ProgressCallback = Callable[[ImportProgress], None]
