"""``import_paths``: files, folders and archives → the store, one transaction per file.

The pipeline knows no format: ``ingest.registry.read_source`` picks the reader, and whatever the
``ReadResult`` holds is stored generically (activities, daily observations, sleep periods), so a
new reader needs no change here. For each member of the batch, in order:

1. its content is hashed (SHA-256); content already in ``import_log`` is **unchanged**, as is a
   second copy of the same content within the batch;
2. it is decoded and validated, in a pool of worker processes for big batches (both cores), in
   this process for small ones; results are stored in the batch's order;
3. in one write transaction it is logged in ``import_log`` and its records are stored. A file
   that fails to read is **rejected** with file, record and field and nothing of it is stored;
   a batch never stops on a bad file.

Duplicates across files: the same session recorded by two devices or exported twice (the FIT and
Strava's GPX of it) is detected when the starts are within ``DUPLICATE_START_S`` and the two time
spans overlap by at least ``DUPLICATE_OVERLAP`` of the shorter one, with compatible sports (equal,
or one of them unknown = ``other``). One copy is kept, by preference: FIT > TCX > GPX > other
formats, then more stream channels (RR intervals count as one), then more samples; on a tie the
one already stored stays. A better newcomer replaces the stored copy, whose file is then logged
as ``duplicate``; a worse one is not stored and its file is reported as ``duplicate``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import time
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from recoverwell.core.errors import ParseError, RecoverwellError, StoreError
from recoverwell.core.timeutil import local_day, parse_timezone
from recoverwell.core.types import Activity, Sport
from recoverwell.ingest.archive import ArchiveRefused, Member, iter_members
from recoverwell.ingest.base import ImportIssue, ReadResult
from recoverwell.ingest.registry import read_source
from recoverwell.store import repository
from recoverwell.store.engine import writing
from recoverwell.store.streams import EncodedStreams, encode_streams

if TYPE_CHECKING:
    from datetime import tzinfo

    from recoverwell.app.workspace import Workspace

DUPLICATE_START_S = 120.0  # two recordings of one run start within ~2 min of each other
DUPLICATE_OVERLAP = 0.5  # …and share at least half of the shorter one's time span
FORMAT_PREFERENCE = {"fit": 3, "tcx": 2, "gpx": 1}  # device file > lap totals > track only
PARALLEL_MIN_FILES = 8  # below this, worker start-up (~0.3 s) costs more than it saves
PARALLEL_MIN_BYTES = 2 << 20
MAX_WORKERS = 2  # the reference machine has 2 cores (STYLE/BRIEFING)
_HASH_CHUNK = 1 << 20


class FileStatus(StrEnum):
    """What happened to one file of a batch."""

    NEW = "new"  # something of it was stored
    UNCHANGED = "unchanged"  # its content was imported before (or earlier in this batch)
    DUPLICATE = "duplicate"  # its activities were already stored from a better file
    REJECTED = "rejected"  # it could not be read; nothing of it was stored


@dataclass(frozen=True, slots=True)
class FileReport:
    """One file's outcome; ``record``/``field`` locate a rejection, ``issues`` list every drop."""

    path: str
    status: FileStatus
    format: str | None = None
    size_bytes: int = 0
    new_records: int = 0
    activity_ids: tuple[int, ...] = ()
    samples: int = 0
    message: str | None = None
    record: int | str | None = None
    field: str | None = None
    issues: tuple[ImportIssue, ...] = ()
    duplicates: tuple[str, ...] = ()


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

    def summary(self) -> str:
        """E.g. ``"12 new, 3 unchanged, 1 duplicate, 1 rejected"``."""
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


# --- decoding (runs in worker processes) --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Decoded:
    """A worker's answer: the records (streams already packed, in ``encoded``) or a rejection."""

    result: ReadResult | None = None
    encoded: tuple[EncodedStreams | None, ...] = ()
    error: str | None = None
    record: int | str | None = None
    field: str | None = None


def _packed(result: ReadResult) -> _Decoded:
    """Pack each activity's streams here, in the worker, so the storing process only inserts."""
    encoded = tuple(
        None if a.streams is None and a.rr_ms is None else encode_streams(a.streams, a.rr_ms)
        for a in result.activities
    )
    bare = tuple(dataclasses.replace(a, streams=None, rr_ms=None) for a in result.activities)
    return _Decoded(dataclasses.replace(result, activities=bare), encoded)


def decode_member(member: Member, strict: bool) -> _Decoded:
    """Read and validate one member; any failure becomes a rejection, never an exception."""
    try:
        return _packed(read_source(member.source(), strict=strict))
    except ParseError as err:
        return _Decoded(error=err.reason, record=err.record, field=err.field)
    except RecoverwellError as err:
        return _Decoded(error=str(err).removeprefix(f"{member.name}: "))
    except (ArchiveRefused, OSError, EOFError, zipfile.BadZipFile, zlib.error) as err:
        return _Decoded(error=f"cannot read: {err}")
    except Exception as err:  # noqa: BLE001 - a reader bug must not abort the user's batch
        return _Decoded(error=f"internal error while reading ({type(err).__name__}: {err})")


class _Inline:
    """A lazily computed 'future' for batches decoded in this process."""

    def __init__(self, member: Member, strict: bool) -> None:
        self._member, self._strict = member, strict

    def result(self) -> _Decoded:
        return decode_member(self._member, self._strict)


# --- the batch ------------------------------------------------------------------------------------


@dataclass
class _Ticket:
    member: Member
    sha256: str | None = None
    report: FileReport | None = None  # known without decoding (refused, unchanged)
    pending: Future[_Decoded] | _Inline | None = None


def _hash_member(member: Member) -> str:
    digest = hashlib.sha256()
    with member.open() as stream:
        while chunk := stream.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class _Batch:
    workspace: Workspace
    athlete_id: int
    tz: tzinfo
    strict: bool
    seen: dict[str, str] = field(default_factory=dict)

    def prepare(
        self, member: Member, submit: Callable[[Member], Future[_Decoded] | _Inline]
    ) -> _Ticket:
        ticket = _Ticket(member)
        if member.refused is not None:
            ticket.report = FileReport(member.name, FileStatus.REJECTED, message=member.refused)
            return ticket
        try:
            ticket.sha256 = _hash_member(member)
        except (ArchiveRefused, OSError, EOFError, zipfile.BadZipFile, zlib.error) as err:
            ticket.report = FileReport(
                member.name, FileStatus.REJECTED, size_bytes=member.size, message=str(err)
            )
            return ticket
        earlier = self.seen.get(ticket.sha256)
        if earlier is not None:
            ticket.report = FileReport(
                member.name,
                FileStatus.UNCHANGED,
                size_bytes=member.size,
                message=f"same content as {earlier}",
            )
            return ticket
        self.seen[ticket.sha256] = member.name
        with self.workspace._read() as conn:
            known = repository.find_import(conn, self.athlete_id, ticket.sha256)
        if known is not None:
            ticket.report = FileReport(
                member.name, FileStatus.UNCHANGED, size_bytes=member.size, message="imported before"
            )
            return ticket
        ticket.pending = submit(member)
        return ticket

    def finish(self, ticket: _Ticket) -> FileReport:
        if ticket.report is not None:
            return ticket.report
        assert ticket.pending is not None and ticket.sha256 is not None
        member = ticket.member
        try:
            decoded = ticket.pending.result()
        except BrokenProcessPool:  # a worker died (out of memory, killed): decode it here
            decoded = decode_member(member, self.strict)
        if decoded.result is None:
            return FileReport(
                member.name,
                FileStatus.REJECTED,
                size_bytes=member.size,
                message=decoded.error,
                record=decoded.record,
                field=decoded.field,
            )
        try:
            with writing(self.workspace.engine) as conn:
                return _store(conn, self, member, ticket.sha256, decoded)
        except (StoreError, SQLAlchemyError) as err:
            return FileReport(
                member.name,
                FileStatus.REJECTED,
                format=decoded.result.source_format,
                size_bytes=member.size,
                message=f"could not be stored: {err}",
                issues=decoded.result.issues,
            )


def _preference(fmt: str | None, n_channels: int, n_rr: int, n_samples: int) -> tuple[int, ...]:
    return (FORMAT_PREFERENCE.get(fmt or "", 0), n_channels + (1 if n_rr else 0), n_samples)


def _overlaps(a_start: float, a_len: float, b_start: float, b_len: float) -> bool:
    shorter = min(a_len, b_len)
    shared = min(a_start + a_len, b_start + b_len) - max(a_start, b_start)
    if shorter <= 0:
        return abs(a_start - b_start) <= DUPLICATE_START_S
    return shared >= DUPLICATE_OVERLAP * shorter


def _compatible(a: Sport, b: Sport) -> bool:
    return a is b or Sport.OTHER in (a, b)


def _duplicates_of(
    conn: Connection, athlete_id: int, activity: Activity, import_id: int
) -> list[repository.ActivityBrief]:
    window = timedelta(seconds=DUPLICATE_START_S)
    start = activity.start_time
    found = repository.activities_starting_between(conn, athlete_id, start - window, start + window)
    return [
        b
        for b in found
        if b.import_id != import_id
        and _compatible(b.sport, activity.sport)
        and _overlaps(start.timestamp(), activity.elapsed_s, b.start_time.timestamp(), b.elapsed_s)
    ]


def _store(
    conn: Connection, batch: _Batch, member: Member, sha256: str, decoded: _Decoded
) -> FileReport:
    athlete_id = batch.athlete_id
    result = decoded.result
    assert result is not None
    import_id = repository.record_import(
        conn,
        athlete_id,
        content_sha256=sha256,
        source_path=member.name,
        size_bytes=member.size,
        format=result.source_format,
        status=FileStatus.NEW.value,
        n_records=result.n_records,
    )
    ids: list[int] = []
    notes: list[str] = []
    skipped = 0
    samples = 0
    in_file: set[tuple[object, Sport]] = set()
    for activity, packed in zip(result.activities, decoded.encoded, strict=True):
        when = activity.start_time.isoformat(timespec="seconds")
        if (activity.start_time, activity.sport) in in_file:
            skipped += 1
            notes.append(f"{activity.sport} at {when} appears twice in the file; kept once")
            continue
        in_file.add((activity.start_time, activity.sport))
        n_channels = len(packed.channels.split(",")) if packed and packed.channels else 0
        n_samples = packed.n_samples if packed else 0
        mine = _preference(
            activity.source_format or result.source_format,
            n_channels,
            packed.n_rr if packed else 0,
            n_samples,
        )
        rivals = _duplicates_of(conn, athlete_id, activity, import_id)
        better = [
            r for r in rivals
            if _preference(r.source_format, r.n_channels, r.n_rr, r.n_samples) >= mine
        ]  # fmt: skip
        if better:
            skipped += 1
            notes.append(
                f"{activity.sport} at {when} is already stored as activity {better[0].id} "
                f"from {better[0].source_path or 'an earlier import'} (kept: preferred copy)"
            )
            continue
        for rival in rivals:
            repository.delete_activity(conn, athlete_id, rival.id)
            notes.append(
                f"{activity.sport} at {when} replaces activity {rival.id} from "
                f"{rival.source_path or 'an earlier import'} (this copy is preferred)"
            )
            left = (
                repository.count_import_activities(conn, athlete_id, rival.import_id)
                if rival.import_id is not None
                else 1
            )
            if rival.import_id is not None and left == 0:  # nothing of that file is left
                repository.update_import(
                    conn,
                    athlete_id,
                    rival.import_id,
                    status=FileStatus.DUPLICATE.value,
                    message=f"replaced by {member.name}",
                )
        day = local_day(activity.start_time, batch.tz, activity.utc_offset_s)
        ids.append(repository.insert_activity(conn, athlete_id, activity, day, import_id, packed))
        samples += n_samples
    new_obs, changed_obs, _ = repository.upsert_observations(
        conn, athlete_id, result.observations, import_id
    )
    periods = [(local_day(p.end, batch.tz), p) for p in result.sleep]
    new_sleep, changed_sleep, _ = repository.upsert_sleep_periods(
        conn, athlete_id, periods, import_id
    )
    stored = len(ids) + new_obs + changed_obs + new_sleep + changed_sleep
    if stored:
        status = FileStatus.NEW
    elif skipped:
        status = FileStatus.DUPLICATE
    else:
        status = FileStatus.UNCHANGED
    message = "; ".join(notes) if notes else None
    if status is not FileStatus.NEW or message:
        repository.update_import(conn, athlete_id, import_id, status=status.value, message=message)
    return FileReport(
        member.name,
        status,
        format=result.source_format,
        size_bytes=member.size,
        new_records=stored,
        activity_ids=tuple(ids),
        samples=samples + len(result.observations) + len(result.sleep),
        message=message,
        issues=result.issues,
        duplicates=tuple(notes),
    )


def _members(paths: Iterable[Path]) -> tuple[list[Member], list[FileReport]]:
    members: list[Member] = []
    missing: list[FileReport] = []
    for path in paths:
        if not path.exists():
            missing.append(FileReport(str(path), FileStatus.REJECTED, message="no such file"))
            continue
        members.extend(iter_members(path))
    return members, missing


def _executor(members: Sequence[Member], workers: int | None) -> Executor | None:
    n = workers if workers is not None else min(MAX_WORKERS, os.cpu_count() or 1)
    big = len(members) >= PARALLEL_MIN_FILES and sum(m.size for m in members) >= PARALLEL_MIN_BYTES
    if n < 2 or not big:
        return None
    # fork: workers start in milliseconds with everything imported, and a user's script needs
    # no ``if __name__ == "__main__"`` guard (forkserver/spawn re-run it). The children only
    # decode bytes; they never touch the parent's database connections and leave by os._exit.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=n, mp_context=context)


def import_paths(
    workspace: Workspace,
    paths: Iterable[str | Path],
    *,
    strict: bool = False,
    athlete_id: int | None = None,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import files, folders (recursively) and archives for one athlete; see the module doc.

    ``workers`` = decode processes (default: up to 2, only for batches worth it; 1 = in process).
    """
    started = time.perf_counter()
    profile = workspace.athlete(athlete_id)
    if profile.id is None:
        raise StoreError("the athlete has no id")
    batch = _Batch(workspace, profile.id, parse_timezone(profile.timezone), strict)
    members, reports = _members(Path(p) for p in paths)
    total_files = len(members) + len(reports)
    total_bytes = sum(m.size for m in members)
    bytes_done = 0
    executor = _executor(members, workers)

    def submit(member: Member) -> Future[_Decoded] | _Inline:
        if executor is None:
            return _Inline(member, strict)
        return executor.submit(decode_member, member, strict)

    window = 4 * (getattr(executor, "_max_workers", 1) or 1)
    queue: deque[_Ticket] = deque()
    todo = iter(members)
    try:
        while True:
            while len(queue) < window and (member := next(todo, None)) is not None:
                queue.append(batch.prepare(member, submit))
            if not queue:
                break
            ticket = queue.popleft()
            report = batch.finish(ticket)
            reports.append(report)
            bytes_done += ticket.member.size
            if progress is not None:
                progress(ImportProgress(len(reports), total_files, bytes_done, total_bytes, report))
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    return ImportReport(
        athlete_id=profile.id,
        files=tuple(reports),
        elapsed_s=time.perf_counter() - started,
        bytes_read=total_bytes,
    )
