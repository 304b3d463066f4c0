"""Apple Health's export joined: ``export.xml`` with the route files of ``workout-routes/``.

``AppleHealthReader``'s traits declare this join (``ingest/joins.py``): in a batch holding
``apple_health_export/export.xml`` (or given export.xml alone, next to its folder), export.xml
is read with ``read_with_routes`` (streamed), the routes it references are read from the batch
(by the GPX reader) and attached to their workouts as streams (``attach_routes``), and the route
files are skipped ("read with export.xml"), so they are never a second activity. A route no
workout refers to is reported; a referenced route missing from the export is noted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import Protocol

from recoverwell.core.types import Activity
from recoverwell.ingest.archive import Member
from recoverwell.ingest.base import ImportIssue, IssueAction, ReadResult, Source
from recoverwell.ingest.fill import fill_result
from recoverwell.ingest.joins import ExportBatch, Joined, Plan, ReadRaw, Skip, read_one, tail
from recoverwell.ingest.validate import DateRange, validate_result

ROUTES_FOLDER = "workout-routes"  # Apple: routes next to export.xml (formats.md §4)


class RoutesReader(Protocol):
    """What the join needs of ``AppleHealthReader``."""

    def sniff(self, head: bytes, name: str) -> bool: ...

    def read_with_routes(
        self, source: Source, *, strict: bool = False, tz: tzinfo | None = None
    ) -> tuple[ReadResult, dict[int, str]]: ...


def attach_route(activity: Activity, route: Activity) -> Activity:
    """The workout with the streams of its ``workout-routes/*.gpx`` (read by the GPX reader),
    times shifted so that 0 is the workout's start."""
    if route.streams is None:
        return activity
    shift = (route.start_time - activity.start_time).total_seconds()
    streams = dataclasses.replace(route.streams, time_s=route.streams.time_s + shift)
    return dataclasses.replace(activity, streams=streams)


def attach_routes(
    result: ReadResult, routes: dict[int, str], read_route: Callable[[str], Activity | None]
) -> ReadResult:
    """``result`` with every referenced route file read (``read_route(path)``) and attached."""
    activities = list(result.activities)
    for index, path in routes.items():
        route = read_route(path)
        if route is not None:
            activities[index] = attach_route(activities[index], route)
    return dataclasses.replace(result, activities=tuple(activities))


@dataclass(frozen=True, slots=True)
class AppleRoutes:
    """Apple Health's export.xml with the route files of its ``workout-routes/`` folder."""

    routes: tuple[tuple[str, Member], ...]  # (path relative to apple_health_export/, member)
    reader: RoutesReader

    def identity(self) -> bytes:
        return ("routes:" + ",".join(sorted(r for r, _ in self.routes))).encode()

    def read(
        self,
        member: Member,
        strict: bool,
        tz: tzinfo | None,
        dates: DateRange | None,
        read_raw: ReadRaw,
    ) -> tuple[ReadResult, str | None]:
        result, references = self.reader.read_with_routes(member.source(), strict=strict, tz=tz)
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
            found = read_one(route, strict, issues, read_raw)
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


@dataclass(frozen=True, slots=True)
class AppleExport:
    """Plans an Apple Health export: export.xml with its routes, the route files skipped."""

    reader: RoutesReader

    def plan(self, member: Member, batch: ExportBatch) -> Plan | None:
        if not tail(member.name).endswith(".xml") or not batch.claims(member, self.reader.sniff):
            return None
        routes = batch.folder(member, ROUTES_FOLDER)
        read_with = f"workout route, read with {member.name.rsplit('/', 1)[-1]}"
        return [
            Joined(member, AppleRoutes(tuple(routes), self.reader)),
            *(Skip(route, read_with) for _path, route in routes),
        ]
