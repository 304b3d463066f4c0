"""The batch planned into units (``ingest/units.py``), members read with another as reports.

Which files of an export belong together is format knowledge and lives in ``ingest/``: each
reader declares its export's join in its traits (``ingest/joins.py``; Strava's in
``ingest/strava.py``, Apple Health's in ``ingest/apple_routes.py``). Here the plan only becomes
what the importer reports: a member read with another is a ``skipped`` ``FileReport``.
"""

from __future__ import annotations

from collections.abc import Sequence

from recoverwell.app.import_report import FileReport, FileStatus
from recoverwell.ingest.archive import Member
from recoverwell.ingest.joins import Skip, sibling_name
from recoverwell.ingest.strava import StravaCsv, StravaFile
from recoverwell.ingest.units import Unit, with_mapping
from recoverwell.ingest.units import plan_units as plan_members

__all__ = [
    "Planned",
    "StravaCsv",
    "StravaFile",
    "Unit",
    "plan_units",
    "sibling_name",
    "with_mapping",
]

Planned = Unit | FileReport


def _skipped(skip: Skip) -> FileReport:
    member = skip.member
    return FileReport(member.name, FileStatus.SKIPPED, size_bytes=member.size, message=skip.message)


def plan_units(members: Sequence[Member]) -> list[Planned]:
    """The batch as units in member order; members read with another are skipped reports."""
    return [_skipped(p) if isinstance(p, Skip) else p for p in plan_members(members)]
