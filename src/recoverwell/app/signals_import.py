"""Import vendor exports (issue #6 readers) into a workspace: one transaction per file.

**Stand-in, to be replaced at merge.** The shared import pipeline (``app/importing.py``,
``ingest/registry.py``, ``ingest/archive.py`` of issue #4) does this for every format; this
module exists so the vendor readers can be tested end to end before that merge. What it does,
which the shared pipeline must keep doing for these readers:

1. pick the first reader of ``VENDOR_READERS`` that sniffs the file (first KiB + name);
2. skip a file whose content hash is already in ``import_log`` ("unchanged");
3. read it outside the write transaction (a 1 GB Apple export must not hold the lock), then
   ``resolve_floating(result, athlete tz)`` (``ingest/localtime.py``);
4. in one transaction: log the import, upsert observations, upsert sleep periods keyed to
   ``period.wake_day`` (or the local day of ``end``), insert activities not stored yet;
5. report per file: new / changed / unchanged records, issues with file, line and field;
   a ``ParseError`` (strict) or any ``IngestError`` rejects that file only.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import posixpath
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import BinaryIO, Literal

from sqlalchemy import Connection

from recoverwell.app.workspace import Workspace
from recoverwell.core.errors import IngestError, NotFound
from recoverwell.core.timeutil import local_day, parse_timezone
from recoverwell.core.types import Activity
from recoverwell.ingest.apple_health import AppleHealthReader, attach_routes
from recoverwell.ingest.base import ImportIssue, IssueAction, Reader, ReadResult, Source
from recoverwell.ingest.localtime import resolve_floating
from recoverwell.ingest.strava import StravaActivitiesReader, join_strava
from recoverwell.ingest.tabular import Collector
from recoverwell.ingest.vendors import VENDOR_READERS
from recoverwell.store import repository
from recoverwell.store.engine import reading, writing
from recoverwell.store.wellness import find_activity

_HEAD = 1024
_CHUNK = 1 << 20
MAX_MEMBER_BYTES = 8 << 30  # a ZIP member larger than this (8 GiB) is refused, not read

Status = Literal["new", "unchanged", "rejected", "skipped"]
ActivityFileReader = Callable[[Source], Activity | None]


@dataclass(frozen=True, slots=True)
class FileReport:
    """What one file did: its status, record counts and every issue."""

    path: str
    status: Status
    format: str | None = None
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    issues: tuple[ImportIssue, ...] = ()
    message: str | None = None


@dataclass(frozen=True, slots=True)
class SignalImportReport:
    """Per-file reports of one import run."""

    files: tuple[FileReport, ...] = field(default=())

    def count(self, status: Status) -> int:
        """How many files ended with ``status``."""
        return sum(1 for f in self.files if f.status == status)

    @property
    def new_records(self) -> int:
        """Records stored for the first time, over all files."""
        return sum(f.new for f in self.files)


def _file_source(path: Path) -> Source:
    return Source(str(path), lambda: path.open("rb"), path.stat().st_size)


def _zip_sources(path: Path) -> Iterator[Source]:
    archive = zipfile.ZipFile(path)
    for info in archive.infolist():
        if info.is_dir() or info.file_size > MAX_MEMBER_BYTES:
            continue
        name = info.filename

        def opener(name: str = name) -> BinaryIO:
            return archive.open(name)  # type: ignore[return-value]  # a binary stream in practice

        yield Source(f"{path}!{name}", opener, info.file_size)


def sources_of(paths: Iterable[Path]) -> Iterator[Source]:
    """Every file under ``paths`` (folders walked, ZIPs opened member by member), sorted."""
    for path in paths:
        if path.is_dir():
            yield from sources_of(sorted(p for p in path.rglob("*") if p.is_file()))
        elif zipfile.is_zipfile(path):
            yield from _zip_sources(path)
        else:
            yield _file_source(path)


def _sha256(source: Source) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with source.open() as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _reader(source: Source, readers: Sequence[Reader]) -> Reader | None:
    with source.open() as stream:
        head = stream.read(_HEAD)
    return next((r for r in readers if r.sniff(head, source.name)), None)


def import_signal_files(
    ws: Workspace,
    paths: Iterable[Path | str],
    *,
    athlete_id: int | None = None,
    strict: bool = False,
    readers: Sequence[Reader] = VENDOR_READERS,
    read_activity_file: ActivityFileReader | None = None,
) -> SignalImportReport:
    """Import vendor export files, folders or ZIPs for one athlete; see the module docstring.

    ``read_activity_file`` (the activity importer's FIT/GPX/TCX reader, injected) joins the files
    an export points to: Strava's ``activities/<id>.fit.gz`` get the CSV's name and RPE
    (``join_strava``), Apple's ``workout-routes/*.gpx`` become the workouts' streams
    (``attach_routes``). Without it, the CSV totals and route-less workouts are stored.
    """
    profile = ws.athlete(athlete_id)
    if profile.id is None:
        raise NotFound("athlete has no id")
    athlete, tz = profile.id, parse_timezone(profile.timezone)
    reports = []
    for source in sources_of(Path(p) for p in paths):
        reader = _reader(source, readers)
        if reader is None:
            reports.append(FileReport(source.name, "skipped", message="not a recovery export"))
            continue
        reports.append(_import_one(ws, athlete, tz, source, reader, strict, read_activity_file))
    return SignalImportReport(tuple(reports))


def _import_one(
    ws: Workspace,
    athlete: int,
    tz: tzinfo,
    source: Source,
    reader: Reader,
    strict: bool,
    read_activity_file: ActivityFileReader | None,
) -> FileReport:
    sha, size = _sha256(source)
    with reading(ws.engine) as conn:
        if repository.find_import(conn, athlete, sha) is not None:
            return FileReport(source.name, "unchanged", reader.format, message="already imported")
    try:
        result = resolve_floating(_read(reader, source, strict, read_activity_file), tz)
    except IngestError as err:
        return FileReport(source.name, "rejected", reader.format, message=str(err))
    with writing(ws.engine) as conn:
        if repository.find_import(conn, athlete, sha) is not None:  # imported meanwhile
            return FileReport(source.name, "unchanged", reader.format, message="already imported")
        import_id = repository.record_import(
            conn,
            athlete,
            content_sha256=sha,
            source_path=source.name,
            size_bytes=size,
            format=reader.format,
            status="imported",
            n_records=result.n_records,
            message=f"{len(result.issues)} issues" if result.issues else None,
        )
        counts = _store(conn, athlete, tz, result, import_id)
    return FileReport(source.name, "new", reader.format, *counts, issues=result.issues)


@functools.lru_cache(maxsize=4)
def _archive(path: str) -> zipfile.ZipFile:
    """An open archive, reused while its members are joined (closed when collected)."""
    return zipfile.ZipFile(path)


def sibling(source: Source, relative: str) -> Source | None:
    """The file ``relative`` to ``source``'s folder, on disk or in the same ZIP; None when it
    is absent or would lie outside that folder (``../`` in a CSV cell is not followed)."""
    rel = posixpath.normpath(relative.replace("\\", "/").lstrip("/"))
    if rel.startswith("..") or posixpath.isabs(rel):
        return None
    if "!" in source.name:
        archive_path, member = source.name.split("!", 1)
        target = posixpath.join(posixpath.dirname(member), rel)
        archive = _archive(archive_path)
        if target not in archive.NameToInfo:
            return None

        def opener() -> BinaryIO:
            return archive.open(target)  # type: ignore[return-value]

        return Source(f"{archive_path}!{target}", opener, archive.getinfo(target).file_size)
    path = Path(source.name).parent / rel
    return _file_source(path) if path.is_file() else None


def _read(
    reader: Reader, source: Source, strict: bool, read_activity_file: ActivityFileReader | None
) -> ReadResult:
    if read_activity_file is None:
        return reader.read(source, strict=strict)

    def read_relative(relative: str) -> Activity | None:
        found = sibling(source, relative)
        if found is None:
            return None
        try:
            return read_activity_file(found)
        except IngestError:
            return None  # join_strava / attach_routes keep the vendor's own record, and say so

    if isinstance(reader, StravaActivitiesReader):
        c = Collector(source.name, reader.format, strict)
        rows = reader.rows(source, c)
        activities, issues = join_strava(rows, read_relative, source.name)
        base = c.result()
        return dataclasses.replace(
            base, activities=tuple(activities), issues=(*base.issues, *issues)
        )
    if isinstance(reader, AppleHealthReader):
        result, routes = reader.read_with_routes(source, strict=strict)
        return attach_routes(result, routes, read_relative)
    return reader.read(source, strict=strict)


def _store(
    conn: Connection, athlete: int, tz: tzinfo, result: ReadResult, import_id: int
) -> tuple[int, int, int]:
    new, changed, unchanged = repository.upsert_observations(
        conn, athlete, result.observations, import_id
    )
    pairs = [(p.wake_day or local_day(p.end, tz), p) for p in result.sleep]
    n, c, u = repository.upsert_sleep_periods(conn, athlete, pairs, import_id)
    new, changed, unchanged = new + n, changed + c, unchanged + u
    for activity in result.activities:
        if _store_activity(conn, athlete, tz, activity, import_id):
            new += 1
        else:
            unchanged += 1
    return new, changed, unchanged


def _store_activity(
    conn: Connection, athlete: int, tz: tzinfo, activity: Activity, import_id: int
) -> bool:
    if find_activity(conn, athlete, activity.start_time, activity.sport) is not None:
        return False
    day = local_day(activity.start_time, tz, activity.utc_offset_s)
    repository.insert_activity(conn, athlete, activity, day, import_id)
    return True


def issue_lines(report: SignalImportReport) -> list[str]:
    """Every issue of the run as one line each (for the CLI and logs)."""
    return [str(i) for f in report.files for i in f.issues if i.action is not IssueAction.NOTED]
