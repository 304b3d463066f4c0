"""``import_paths``: files, folders and archives → the store, one transaction per file.

The pipeline knows no format: ``ingest.registry.read_source`` picks the reader (activity files,
then every vendor export, ``ingest/vendors.py``), and whatever the ``ReadResult`` holds is stored
generically (activities, daily observations, sleep periods), so a new reader needs no change
here. Exports whose files belong together (Strava's CSV and activity files, Apple's export.xml
and workout routes) are planned into units first (``app/import_joins.py``). For each unit of the
batch, in order:

1. its content is hashed (SHA-256, plus what a join adds); content already in ``import_log`` is
   **unchanged**, as is a second copy of the same content within the batch; documentation and
   files an export holds but recoverwell does not read are **skipped**;
2. it is decoded and validated **outside any transaction**, streamed (a multi-GB Apple export is
   never held in memory), in a pool of worker processes for big batches (both cores), in this
   process for small ones, with the athlete's plausible dates (1990 or the
   ``earliest_record_day`` setting through tomorrow in their zone: a record dated outside is
   dropped and reported), and each activity's session load is computed while its samples are
   at hand (``session_loads.safe_session_load``: a failure is a reason, not an error); floating
   local times get the athlete's timezone (``resolve_floating``); results are stored in the
   batch's order;
3. in one write transaction it is logged in ``import_log`` and its records are stored
   (``app/import_store.py``: activities through the one duplicate check, with their session
   loads, observations and sleep periods upserted, sleep on its wake-up day). A file that
   fails to read is **rejected** with file, record and field and nothing of it is stored; a
   batch never stops on a bad file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from recoverwell.app.import_joins import Planned, Unit, plan_units, with_mapping
from recoverwell.app.import_report import (
    FileReport,
    FileStatus,
    ImportProgress,
    ImportReport,
    ProgressCallback,
    RecordCounts,
)
from recoverwell.app.import_store import (
    DUPLICATE_OVERLAP,
    DUPLICATE_START_S,
    FORMAT_PREFERENCE,
    Target,
    store_result,
)
from recoverwell.app.session_loads import load_params, params_key, safe_session_load
from recoverwell.core.errors import NothingToImport, ParseError, RecoverwellError, StoreError
from recoverwell.ingest.archive import READ_ERRORS, Member, iter_members
from recoverwell.ingest.base import ReadResult
from recoverwell.ingest.localtime import resolve_floating
from recoverwell.ingest.sheet import SheetMapping
from recoverwell.ingest.validate import DateRange, plausible_dates
from recoverwell.metrics.session import LoadParams, SessionLoad
from recoverwell.store import import_log
from recoverwell.store.streams import EncodedStreams, encode_streams

if TYPE_CHECKING:
    from datetime import tzinfo

    from recoverwell.app.scope import AthleteScope

__all__ = [
    "DUPLICATE_OVERLAP",
    "DUPLICATE_START_S",
    "FORMAT_PREFERENCE",
    "FileReport",
    "FileStatus",
    "ImportProgress",
    "ImportReport",
    "ProgressCallback",
    "RecordCounts",
    "decode_unit",
    "import_paths",
]

PARALLEL_MIN_FILES = 8  # below this, worker start-up (~0.3 s) costs more than it saves
PARALLEL_MIN_BYTES = 2 << 20
MAX_WORKERS = 2  # the reference machine has 2 cores (STYLE/BRIEFING)
_HASH_CHUNK = 1 << 20
_READ_ERRORS = READ_ERRORS
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
IMPORTED_MEANWHILE = "imported by another import running at the same time"


# --- decoding (runs in worker processes) --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Decoded:
    """A worker's answer: the records (streams already packed, in ``encoded``) or a rejection."""

    result: ReadResult | None = None
    encoded: tuple[EncodedStreams | None, ...] = ()
    error: str | None = None
    record: int | str | None = None
    field: str | None = None
    note: str | None = None  # what a join did
    skipped: bool = False  # nothing to import: ``error`` says why
    loads: tuple[SessionLoad | None, ...] = ()  # each activity's load (None: excluded)


def _packed(result: ReadResult, note: str | None, params: LoadParams | None) -> _Decoded:
    """Pack each activity's streams here, in the worker, so the storing process only inserts;
    with ``params``, compute each counted activity's load while its samples are at hand."""
    encoded = tuple(
        None if a.streams is None and a.rr_ms is None else encode_streams(a.streams, a.rr_ms)
        for a in result.activities
    )
    loads: tuple[SessionLoad | None, ...] = ()
    if params is not None:
        loads = tuple(
            None if a.excluded is not None else safe_session_load(a, params)
            for a in result.activities
        )
    bare = tuple(dataclasses.replace(a, streams=None, rr_ms=None) for a in result.activities)
    return _Decoded(dataclasses.replace(result, activities=bare), encoded, note=note, loads=loads)


def decode_unit(
    unit: Unit,
    strict: bool,
    tz: tzinfo | None = None,
    dates: DateRange | None = None,
    params: LoadParams | None = None,
) -> _Decoded:
    """Read and validate one unit; any failure becomes a rejection, never an exception.

    ``dates``: the days a record may be dated on; ``params``: the athlete's load parameters,
    to compute each activity's session load (stored with it, ``store_result``)."""
    name = unit.member.name
    try:
        return _packed(*unit.read(strict, tz, dates), params)
    except NothingToImport as err:
        return _Decoded(error=err.detail, skipped=True)
    except ParseError as err:
        return _Decoded(error=err.reason, record=err.record, field=err.field)
    except RecoverwellError as err:
        return _Decoded(error=str(err).removeprefix(f"{name}: "))
    except _READ_ERRORS as err:
        return _Decoded(error=f"cannot read: {err}")
    except Exception as err:  # noqa: BLE001 - a reader bug must not abort the user's batch
        return _Decoded(error=f"internal error while reading ({type(err).__name__}: {err})")


class _Inline:
    """A lazily computed 'future' for batches decoded in this process."""

    def __init__(self, unit: Unit, batch: _Batch) -> None:
        self._unit, self._batch = unit, batch

    def result(self) -> _Decoded:
        return self._batch.decode(self._unit)


# --- the batch ------------------------------------------------------------------------------------


@dataclass
class _Ticket:
    planned: Planned
    sha256: str | None = None
    report: FileReport | None = None  # known without decoding (refused, unchanged, skipped)
    pending: Future[_Decoded] | _Inline | None = None
    same_as: _Ticket | None = None  # an earlier file of the batch with the same content
    final: FileReport | None = None  # what ``finish`` reported

    @property
    def size(self) -> int:
        p = self.planned
        return p.member.size if isinstance(p, Unit) else p.size_bytes


def _hash_unit(unit: Unit) -> str:
    digest = hashlib.sha256()
    with unit.member.open() as stream:
        while chunk := stream.read(_HASH_CHUNK):
            digest.update(chunk)
    extra = unit.identity()
    if extra:
        digest.update(b"\0join\0" + extra)
    return digest.hexdigest()


@dataclass
class _Batch:
    scope: AthleteScope
    athlete_id: int
    tz: tzinfo
    strict: bool
    dates: DateRange
    params: LoadParams
    seen: dict[str, _Ticket] = field(default_factory=dict)

    def decode(self, unit: Unit) -> _Decoded:
        """Decode one unit in this process with the batch's options."""
        return decode_unit(unit, self.strict, self.tz, self.dates, self.params)

    def prepare(
        self, planned: Planned, submit: Callable[[Unit], Future[_Decoded] | _Inline]
    ) -> _Ticket:
        ticket = _Ticket(planned)
        if isinstance(planned, FileReport):
            ticket.report = planned
            return ticket
        member = planned.member
        if member.refused is not None:
            ticket.report = FileReport(member.name, FileStatus.REJECTED, message=member.refused)
            return ticket
        try:
            ticket.sha256 = _hash_unit(planned)
        except _READ_ERRORS as err:
            ticket.report = FileReport(
                member.name, FileStatus.REJECTED, size_bytes=member.size, message=str(err)
            )
            return ticket
        if ticket.sha256 == EMPTY_SHA256:
            ticket.report = FileReport(
                member.name, FileStatus.REJECTED, message="empty file (0 bytes)"
            )
            return ticket
        earlier = self.seen.get(ticket.sha256)
        if earlier is not None:
            ticket.same_as = earlier  # finished first (the queue keeps the batch's order)
            return ticket
        self.seen[ticket.sha256] = ticket
        with self.scope.read() as conn:
            known = import_log.find_import(conn, self.athlete_id, ticket.sha256)
        if known is not None:
            ticket.report = FileReport(
                member.name, FileStatus.UNCHANGED, size_bytes=member.size, message="imported before"
            )
            return ticket
        ticket.pending = submit(planned)
        return ticket

    def finish(self, ticket: _Ticket) -> FileReport:
        ticket.final = self._finish(ticket)
        return ticket.final

    def _finish(self, ticket: _Ticket) -> FileReport:
        if ticket.report is not None:
            return ticket.report
        if ticket.same_as is not None:
            return _same_as(ticket)
        assert ticket.pending is not None and ticket.sha256 is not None
        assert isinstance(ticket.planned, Unit)
        member = ticket.planned.member
        try:
            decoded = ticket.pending.result()
        except BrokenProcessPool:  # a worker died (out of memory, killed): decode it here
            decoded = self.decode(ticket.planned)
        if decoded.result is None:
            return FileReport(
                member.name,
                FileStatus.SKIPPED if decoded.skipped else FileStatus.REJECTED,
                size_bytes=member.size,
                message=decoded.error,
                record=decoded.record,
                field=decoded.field,
            )
        result = resolve_floating(decoded.result, self.tz)
        target = Target(
            self.athlete_id,
            self.tz,
            member.name,
            member.size,
            ticket.sha256,
            decoded.note,
            params_key(self.params),
        )
        try:
            with self.scope.write() as conn:
                if import_log.find_import(conn, self.athlete_id, ticket.sha256) is not None:
                    return _unchanged(member, IMPORTED_MEANWHILE)
                return store_result(conn, target, result, decoded.encoded, decoded.loads)
        except IntegrityError as err:  # PostgreSQL: another import logged it after our check
            with self.scope.read() as conn:
                if import_log.find_import(conn, self.athlete_id, ticket.sha256) is not None:
                    return _unchanged(member, IMPORTED_MEANWHILE)
            return _not_stored(member, result, err)
        except (StoreError, SQLAlchemyError) as err:
            return _not_stored(member, result, err)


def _unchanged(member: Member, message: str) -> FileReport:
    return FileReport(member.name, FileStatus.UNCHANGED, size_bytes=member.size, message=message)


def _same_as(ticket: _Ticket) -> FileReport:
    """A second copy of content earlier in the batch: unchanged, or rejected (skipped) like it."""
    earlier = ticket.same_as
    assert earlier is not None and earlier.final is not None and isinstance(ticket.planned, Unit)
    member, first = ticket.planned.member, earlier.final
    message = f"same content as {first.path}"
    if first.status in (FileStatus.REJECTED, FileStatus.SKIPPED):
        return FileReport(
            member.name,
            first.status,
            size_bytes=member.size,
            message=f"{message}: {first.message}" if first.message else message,
            record=first.record,
            field=first.field,
        )
    return _unchanged(member, message)


def _not_stored(member: Member, result: ReadResult, err: Exception) -> FileReport:
    return FileReport(
        member.name,
        FileStatus.REJECTED,
        format=result.source_format,
        size_bytes=member.size,
        message=f"could not be stored: {_store_reason(err)}",
        issues=result.issues,
    )


def _store_reason(err: Exception) -> str:
    """The database's own one-line reason, without SQLAlchemy's SQL and the file's values."""
    cause = err.orig if isinstance(err, DBAPIError) and err.orig is not None else err
    return (str(cause).strip().splitlines() or [type(cause).__name__])[0]


def _members(paths: Iterable[Path]) -> tuple[list[Member], list[FileReport]]:
    members: list[Member] = []
    missing: list[FileReport] = []
    for path in paths:
        try:
            found = path.exists()
        except OSError as err:  # a name longer than the file system allows
            missing.append(FileReport(str(path), FileStatus.REJECTED, message=err.strerror))
            continue
        if not found:
            missing.append(FileReport(str(path), FileStatus.REJECTED, message="no such file"))
            continue
        members.extend(iter_members(path))
    return members, missing


def _executor(units: Sequence[Unit], workers: int | None) -> Executor | None:
    n = workers if workers is not None else min(MAX_WORKERS, os.cpu_count() or 1)
    size = sum(u.member.size for u in units)
    big = len(units) >= PARALLEL_MIN_FILES and size >= PARALLEL_MIN_BYTES
    if n < 2 or not big:
        return None
    # fork: workers start in milliseconds with everything imported, and a user's script needs
    # no ``if __name__ == "__main__"`` guard (forkserver/spawn re-run it). The children only
    # decode bytes; they never touch the parent's database connections and leave by os._exit.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=n, mp_context=context)


def import_paths(
    scope: AthleteScope,
    paths: Iterable[str | Path],
    *,
    strict: bool = False,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    mapping: Path | str | None = None,
) -> ImportReport:
    """Import files, folders (recursively) and archives for one athlete; see the module doc.

    ``workers`` = decode processes (default: up to 2, only for batches worth it; 1 = in process).
    ``mapping``: the user's own spreadsheet mapping (TOML, docs/import.md): the spreadsheets it
    claims are read with it, before any shipped reader; ConfigError names its line.
    """
    user_mapping = SheetMapping.from_file(Path(mapping)) if mapping is not None else None
    started = time.perf_counter()
    tz = scope.tz
    dates = plausible_dates(scope.settings.earliest_record_day, tz)
    params = load_params(scope.resolved_profile())
    batch = _Batch(scope, scope.athlete_id, tz, strict, dates, params)
    members, reports = _members(Path(p) for p in paths)
    planned = plan_units(members)
    if user_mapping is not None:
        planned = with_mapping(planned, user_mapping)
    units = [p for p in planned if isinstance(p, Unit)]
    total_files = len(planned) + len(reports)
    total_bytes = sum(u.member.size for u in units)
    bytes_done = 0
    executor = _executor(units, workers)

    def submit(unit: Unit) -> Future[_Decoded] | _Inline:
        if executor is None:
            return _Inline(unit, batch)
        return executor.submit(decode_unit, unit, strict, batch.tz, dates, params)

    window = 4 * (getattr(executor, "_max_workers", 1) or 1)
    queue: deque[_Ticket] = deque()
    todo = iter(planned)
    try:
        while True:
            while len(queue) < window and (item := next(todo, None)) is not None:
                queue.append(batch.prepare(item, submit))
            if not queue:
                break
            ticket = queue.popleft()
            report = batch.finish(ticket)
            reports.append(report)
            bytes_done += ticket.size if isinstance(ticket.planned, Unit) else 0
            if progress is not None:
                progress(ImportProgress(len(reports), total_files, bytes_done, total_bytes, report))
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
        scope.refresh()  # new runs can move the profile's estimates
    return ImportReport(
        athlete_id=scope.athlete_id,
        files=tuple(reports),
        elapsed_s=time.perf_counter() - started,
        bytes_read=total_bytes,
    )
