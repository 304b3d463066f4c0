"""A batch planned into units: what is hashed, decoded and stored as one.

``plan_units(members)`` offers every member of a batch to the export joins the registry's
readers declare (``ReaderTraits.join``, ``ingest/joins.py``): the first that claims a member
plans it and the files it names (Strava's CSV and its activity files, Apple's export.xml and its
routes); every other member is a unit of its own. Members read with another come back as
``Skip``. A user's spreadsheet mapping claims plain files before any shipped reader
(``with_mapping``). The app hashes, decodes and stores the units; it knows no format.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TypeVar

from recoverwell.ingest import registry
from recoverwell.ingest.archive import Member
from recoverwell.ingest.base import Reader, ReadResult, traits_of
from recoverwell.ingest.joins import ExportBatch, ExportJoin, JoinRead, Skip
from recoverwell.ingest.sheet import SheetMapping, SheetReader
from recoverwell.ingest.validate import DateRange

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Unit:
    """What is hashed, decoded and stored as one: a member, maybe with files joined to it."""

    member: Member
    join: JoinRead | None = None
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
        source = self.member.source()
        if self.mapping is not None:
            user = SheetReader(self.mapping, "user", min_columns=1)
            readers = (user, *registry.READERS)
            result = registry.read_source(source, strict=strict, readers=readers, dates=dates)
            return result, f"read with the mapping {self.mapping.name!r}"
        if self.join is None:
            return registry.read_source(source, strict=strict, dates=dates), None
        return self.join.read(self.member, strict, tz, dates, registry.read_raw)


def export_joins(readers: Sequence[Reader] | None = None) -> list[ExportJoin]:
    """The joins the readers declare, in the readers' order (default: ``registry.READERS``)."""
    found = registry.READERS if readers is None else readers
    return [join for r in found if (join := traits_of(r).join) is not None]


def plan_units(
    members: Sequence[Member], readers: Sequence[Reader] | None = None
) -> list[Unit | Skip]:
    """The batch as units in member order; members read with another are ``Skip``s. A file
    a join found on disk (not in the batch) comes right after the member that names it."""
    joins = export_joins(readers)
    batch = ExportBatch(members, registry.sniff_head)
    replaced: dict[str, Unit | Skip] = {}
    extra: dict[str, list[Unit]] = {}
    for member in members:
        if member.refused is not None:
            continue
        plan = next((p for j in joins if (p := j.plan(member, batch)) is not None), None)
        for item in plan or ():
            if isinstance(item, Skip):
                replaced[item.member.name] = item
            elif item.in_batch:
                replaced[item.member.name] = Unit(item.member, item.join)
            else:
                extra.setdefault(member.name, []).append(Unit(item.member, item.join))
    out: list[Unit | Skip] = []
    for member in members:
        out.append(replaced.get(member.name, Unit(member)))
        out.extend(extra.get(member.name, ()))
    return out


def with_mapping(planned: Sequence[Unit | T], mapping: SheetMapping) -> list[Unit | T]:
    """The plan with every plain file the user's mapping claims read with it."""
    reader = SheetReader(mapping, "user", min_columns=1)
    batch = ExportBatch((), registry.sniff_head)
    return [
        dataclasses.replace(p, mapping=mapping)
        if isinstance(p, Unit) and p.join is None and batch.claims(p.member, reader.sniff)
        else p
        for p in planned
    ]
