"""Exports whose files belong together: joins planned over a batch, each read as one unit.

``plan_units(members)`` turns the batch's members into units (what is hashed, decoded and stored
in one transaction); most are one file each. Two exports join files:

- **Strava bulk export** (folder or ZIP: ``activities.csv`` + ``activities/<id>.fit.gz|gpx|tcx``).
  Each file a row names is a unit of its own (own transaction, decoded in parallel, idempotent
  by content plus the row's facts): it is read, and ``join_strava([row], …)`` puts the row's
  name and perceived exertion on it. The CSV's unit stores the rows without a file (manual
  activities) or whose file is not in the export (their CSV totals, noted) and Relative Effort.
  A file a row names is never imported a second time on its own.
- **Apple Health** (``apple_health_export/export.xml`` + ``workout-routes/*.gpx``). export.xml is
  read with ``read_with_routes`` (streamed), the routes it references are read from the batch
  and attached to their workouts (``attach_routes``); route files are reported as skipped ("read
  with export.xml"), so they are never a second activity.

Garmin's export needs no join here: the FIT files of its nested ``UploadedFiles_*.zip`` come
through the archive layer one by one, and its summarized activities meet their FIT twins in the
one duplicate check (``import_store``), which keeps the FIT and gives it the summary's name.
A CSV or export.xml given on its own (not its folder) finds the files it names next to it.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from recoverwell.app.import_report import FileReport, FileStatus
from recoverwell.core.errors import IngestError, ParseError
from recoverwell.core.types import Activity
from recoverwell.ingest.apple_health import AppleHealthReader, attach_routes
from recoverwell.ingest.archive import READ_ERRORS, Member, iter_members
from recoverwell.ingest.base import ImportIssue, IssueAction, ReadResult
from recoverwell.ingest.fill import fill_result
from recoverwell.ingest.registry import READERS, read_raw, read_source, sniff_head
from recoverwell.ingest.sheet import SheetMapping, SheetReader
from recoverwell.ingest.strava import StravaActivitiesReader, StravaRow, join_strava
from recoverwell.ingest.tabular import Collector
from recoverwell.ingest.validate import DateRange, validate_result

ROUTES_FOLDER = "workout-routes"  # Apple: routes next to export.xml (formats.md §4)
#: a member that cannot be sniffed or read while planning is planned as a plain file: reading it
#: again then rejects it with the reason (a corrupt zip member, a bound broken…)
_SNIFF_ERRORS: tuple[type[Exception], ...] = (*READ_ERRORS, ValueError)
_CSV_ERRORS: tuple[type[Exception], ...] = (*READ_ERRORS, IngestError, UnicodeDecodeError)
_STRAVA = StravaActivitiesReader()
_APPLE = AppleHealthReader()


def _tail(name: str) -> str:
    return name.rsplit("!", 1)[-1].rsplit("/", 1)[-1].lower()


def sibling_name(name: str, relative: str) -> str | None:
    """The member name of ``relative`` (a path inside an export) next to member ``name``; None
    when it would leave the export's folder (``..``, absolute)."""
    rel = posixpath.normpath(relative.replace("\\", "/").lstrip("/"))
    if rel in (".", "") or rel == ".." or rel.startswith("../"):
        return None
    if "!" in name:
        outer, inner = name.rsplit("!", 1)
        return f"{outer}!{posixpath.join(posixpath.dirname(inner), rel)}"
    return posixpath.join(posixpath.dirname(name), rel)


def _index(members: Sequence[Member]) -> dict[str, Member]:
    """Members by name; a ``.gz`` member also under the name of its ``.gz`` file."""
    index: dict[str, Member] = {}
    for member in members:
        if member.refused is not None:
            continue
        index[member.name] = member
        if "!" in member.name:
            outer = member.name.rsplit("!", 1)[0]
            if outer.lower().endswith(".gz"):
                index.setdefault(outer, member)
    return index


def _on_disk(member: Member, relative: str) -> Member | None:
    """A file ``relative`` to a plain (not archived) member, found on disk."""
    if member.kind != "file" or member.path is None:
        return None
    name = sibling_name(str(member.path), relative)
    path = Path(name) if name else None
    if path is None or not path.is_file():
        return None
    return next((m for m in iter_members(path) if m.refused is None), None)


# --- the joins ---------------------------------------------------------------------------------


def _read_one(member: Member, strict: bool, issues: list[ImportIssue]) -> ReadResult | None:
    """``member`` read (not validated); None, with the reason in ``issues``, when unreadable.
    In strict mode a malformed file is an error, not a note."""
    try:
        return read_raw(member.source(), strict=strict)
    except ParseError:
        if strict:
            raise
        issues.append(ImportIssue(member.name, "not readable", IssueAction.DROPPED))
    except IngestError as err:
        issues.append(ImportIssue(member.name, str(err), IssueAction.DROPPED))
    return None


@dataclass(frozen=True, slots=True)
class StravaFile:
    """An activity file a row of Strava's activities.csv names."""

    row: StravaRow
    csv: str

    def identity(self) -> bytes:
        """The row's facts put on the file: a re-export with another RPE is read again."""
        a = self.row.activity
        return f"strava:{self.row.strava_id}|{a.name}|{a.rpe}|{a.sport.value}".encode()

    def read(
        self,
        member: Member,
        strict: bool,
        tz: tzinfo | None = None,
        dates: DateRange | None = None,
    ) -> tuple[ReadResult, str]:
        issues: list[ImportIssue] = []
        found = _read_one(member, strict, issues)
        rest = found.activities[1:] if found is not None else ()

        def read_file(_filename: str) -> Activity | None:
            return found.activities[0] if found is not None and found.activities else None

        joined, join_issues = join_strava([self.row], read_file, self.csv)
        if found is None:
            result = ReadResult(_STRAVA.format, activities=tuple(joined))
        else:
            result = dataclasses.replace(found, activities=(*joined, *rest))
        result = dataclasses.replace(result, issues=(*result.issues, *issues, *join_issues))
        note = f"joined with {self.csv} line {self.row.line} (name, perceived exertion)"
        validated = validate_result(result, member.name, strict=strict, dates=dates)
        return fill_result(validated, member.name), note


@dataclass(frozen=True, slots=True)
class StravaCsv:
    """Strava's activities.csv; rows at ``joined`` lines are stored with their own files."""

    joined: frozenset[int]

    def identity(self) -> bytes:
        return b""

    def read(
        self,
        member: Member,
        strict: bool,
        tz: tzinfo | None = None,
        dates: DateRange | None = None,
    ) -> tuple[ReadResult, str | None]:
        c = Collector(member.name, _STRAVA.format, strict)
        rows = [r for r in _STRAVA.rows(member.source(), c, tz) if r.line not in self.joined]
        activities, issues = join_strava(rows, lambda _filename: None, member.name)
        base = c.result()
        result = dataclasses.replace(
            base, activities=tuple(activities), issues=(*base.issues, *issues)
        )
        note = f"{len(self.joined)} rows stored with their activity files" if self.joined else None
        validated = validate_result(result, member.name, strict=strict, dates=dates)
        return fill_result(validated, member.name), note


@dataclass(frozen=True, slots=True)
class AppleRoutes:
    """Apple Health's export.xml with the route files of its ``workout-routes/`` folder."""

    routes: tuple[tuple[str, Member], ...]  # (path relative to apple_health_export/, member)

    def identity(self) -> bytes:
        return ("routes:" + ",".join(sorted(r for r, _ in self.routes))).encode()

    def read(
        self,
        member: Member,
        strict: bool,
        tz: tzinfo | None = None,
        dates: DateRange | None = None,
    ) -> tuple[ReadResult, str | None]:
        result, references = _APPLE.read_with_routes(member.source(), strict=strict, tz=tz)
        by_path = dict(self.routes)
        issues: list[ImportIssue] = []

        def read_route(path: str) -> Activity | None:
            route = by_path.get(path.lstrip("/"))
            if route is None:
                issues.append(
                    ImportIssue(
                        member.name, f"route {path} is not in the export", IssueAction.NOTED
                    )
                )
                return None
            found = _read_one(route, strict, issues)
            return found.activities[0] if found is not None and found.activities else None

        result = attach_routes(result, references, read_route)
        for path in sorted(set(by_path) - set(references.values())):
            issues.append(
                ImportIssue(
                    by_path[path].name, "no workout refers to this route", IssueAction.DROPPED
                )
            )
        result = dataclasses.replace(result, issues=(*result.issues, *issues))
        attached = len(set(references.values()) & set(by_path))
        note = f"{attached} workout routes attached" if attached else None
        validated = validate_result(result, member.name, strict=strict, dates=dates)
        return fill_result(validated, member.name), note


Join = StravaFile | StravaCsv | AppleRoutes


@dataclass(frozen=True, slots=True)
class Unit:
    """What is hashed, decoded and stored as one: a member, maybe with files joined to it."""

    member: Member
    join: Join | None = None
    mapping: SheetMapping | None = None  # the user's own spreadsheet mapping, which claims it

    def identity(self) -> bytes:
        """Besides the member's content, what decides what the unit stores (an edited mapping
        reads the file again)."""
        if self.mapping is not None:
            return b"mapping:" + self.mapping.sha256.encode()
        return b"" if self.join is None else self.join.identity()

    def read(
        self, strict: bool, tz: tzinfo | None = None, dates: DateRange | None = None
    ) -> tuple[ReadResult, str | None]:
        """The unit's records, validated, and a note saying what was joined. ``tz`` (the
        athlete's timezone) is for exports that need it to place values on days (Apple's);
        ``dates`` are the days a record may be dated on (``validate.plausible_dates``)."""
        if self.mapping is not None:
            readers = (SheetReader(self.mapping, "user", min_columns=1), *READERS)
            result = read_source(self.member.source(), strict=strict, readers=readers, dates=dates)
            return result, f"read with the mapping {self.mapping.name!r}"
        if self.join is None:
            return read_source(self.member.source(), strict=strict, dates=dates), None
        return self.join.read(self.member, strict, tz, dates)


def with_mapping(planned: list[Planned], mapping: SheetMapping) -> list[Planned]:
    """The plan with every plain file the user's mapping claims read with it."""
    reader = SheetReader(mapping, "user", min_columns=1)
    return [
        dataclasses.replace(p, mapping=mapping)
        if isinstance(p, Unit) and p.join is None and _claims(p.member, reader.sniff)
        else p
        for p in planned
    ]


# --- planning ----------------------------------------------------------------------------------

Planned = Unit | FileReport


def _claims(member: Member, sniff: Callable[[bytes, str], bool]) -> bool:
    try:
        return sniff(sniff_head(member.source()), member.name)
    except _SNIFF_ERRORS:
        return False


def _plan_strava(member: Member, index: dict[str, Member]) -> Iterator[tuple[str | None, Unit]]:
    """(name of the member replaced, or None for a file found on disk, unit) of a Strava CSV."""
    try:
        rows = _STRAVA.rows(member.source(), Collector(member.name, _STRAVA.format, False))
    except _CSV_ERRORS:
        return  # read as a plain file: its own reader reports what is wrong
    joined: set[int] = set()
    for row in rows:
        name = sibling_name(member.name, row.filename) if row.filename else None
        if name is None:
            continue
        found = index.get(name)
        in_batch = found is not None
        if found is None:
            found = _on_disk(member, row.filename or "")
        if found is not None:
            joined.add(row.line)
            yield found.name if in_batch else None, Unit(found, StravaFile(row, member.name))
    yield member.name, Unit(member, StravaCsv(frozenset(joined)))


def _route_members(member: Member, members: Sequence[Member]) -> list[tuple[str, Member]]:
    folder = sibling_name(member.name, ROUTES_FOLDER)
    assert folder is not None
    found = [
        (f"{ROUTES_FOLDER}/{m.name[len(folder) + 1 :]}", m)
        for m in members
        if m.refused is None and m.name.startswith(folder + "/")
    ]
    if not found and member.kind == "file" and member.path is not None:
        on_disk = member.path.parent / ROUTES_FOLDER
        if on_disk.is_dir():
            found = [
                (f"{ROUTES_FOLDER}/{m.name[len(str(on_disk)) + 1 :]}", m)
                for m in iter_members(on_disk)
                if m.refused is None
            ]
    return found


def plan_units(members: Sequence[Member]) -> list[Planned]:
    """The batch as units in member order; members read with another are skipped reports."""
    index = _index(members)
    replaced: dict[str, Planned] = {}
    extra: dict[str, list[Unit]] = {}  # units found on disk, after the member that names them
    for member in members:
        if member.refused is not None:
            continue
        tail = _tail(member.name)
        if tail.endswith(".csv") and _claims(member, _STRAVA.sniff):
            for name, unit in _plan_strava(member, index):
                if name is None:
                    extra.setdefault(member.name, []).append(unit)
                else:
                    replaced[name] = unit
        elif tail.endswith(".xml") and _claims(member, _APPLE.sniff):
            routes = _route_members(member, members)
            replaced[member.name] = Unit(member, AppleRoutes(tuple(routes)))
            for _path, route in routes:
                replaced[route.name] = FileReport(
                    route.name,
                    FileStatus.SKIPPED,
                    size_bytes=route.size,
                    message=f"workout route, read with {member.name.rsplit('/', 1)[-1]}",
                )
    out: list[Planned] = []
    for member in members:
        out.append(replaced.get(member.name, Unit(member)))
        out.extend(extra.get(member.name, ()))
    return out
