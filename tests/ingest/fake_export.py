"""A made-up multi-file export, declared entirely in a test: no real vendor writes it.

``sessions.txt`` starts with ``FAKE-SESSIONS`` and names, one a line, ``<gpx file>;<name>;<rpe>``
next to it. Its reader declares the export's join in its traits (``ingest/joins.py``): each GPX
a line names is read (by the registry's GPX reader) and given the line's name and RPE; the
manifest itself is skipped ("read with its files"). Its workouts are date-only summaries when
``date_only`` is set, so duplicate detection goes by its declared traits too. Registering it is
appending it to ``registry.READERS``: it shows that a multi-file export needs nothing in ``app/``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import tzinfo

from recoverwell.core.errors import NothingToImport
from recoverwell.ingest.archive import Member
from recoverwell.ingest.base import ReaderTraits, ReadResult, RecordKind, Source
from recoverwell.ingest.fill import fill_result
from recoverwell.ingest.joins import ExportBatch, Joined, Plan, ReadRaw, Skip, read_one, tail
from recoverwell.ingest.validate import DateRange, validate_result

MAGIC = b"FAKE-SESSIONS"
FORMAT = "fake_sessions"


@dataclass(frozen=True, slots=True)
class NamedFile:
    """A GPX a manifest line names, with the line's name and RPE."""

    name: str
    rpe: float
    manifest: str

    def identity(self) -> bytes:
        return f"fake:{self.name}|{self.rpe}".encode()

    def read(
        self,
        member: Member,
        strict: bool,
        tz: tzinfo | None,
        dates: DateRange | None,
        read_raw: ReadRaw,
    ) -> tuple[ReadResult, str | None]:
        issues: list = []
        found = read_one(member, strict, issues, read_raw)
        assert found is not None, issues
        named = tuple(
            dataclasses.replace(a, name=self.name, rpe=self.rpe) for a in found.activities
        )
        result = dataclasses.replace(found, activities=named)
        validated = validate_result(result, member.name, strict=strict, dates=dates)
        return fill_result(validated, member.name), f"joined with {self.manifest}"


class FakeSessionsJoin:
    def plan(self, member: Member, batch: ExportBatch) -> Plan | None:
        if tail(member.name) != "sessions.txt" or not batch.claims(member, _sniff):
            return None
        with member.open() as stream:
            lines = stream.read().decode().splitlines()[1:]
        plan: list[Joined | Skip] = []
        for line in lines:
            filename, name, rpe = line.split(";")
            found = batch.named(member, filename)
            if found is not None:
                plan.append(Joined(found[0], NamedFile(name, float(rpe), member.name), found[1]))
        plan.append(Skip(member, "session manifest, read with its files"))
        return plan


def _sniff(head: bytes, name: str) -> bool:
    return head.startswith(MAGIC)


class FakeSessionsReader:
    """The manifest's reader: the join does the work; read alone it holds nothing."""

    format = FORMAT

    def __init__(self, date_only: bool = False) -> None:
        self.traits = ReaderTraits(RecordKind.SUMMARY, date_only=date_only, join=FakeSessionsJoin())

    def sniff(self, head: bytes, name: str) -> bool:
        return _sniff(head, name)

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        raise NothingToImport(source.name, "a session manifest, read with its files")


def gpx(start_iso_minutes: tuple[str, ...]) -> str:
    """A small GPX 1.1 run with a trackpoint at each ``YYYY-MM-DDTHH:MM:SS`` (UTC), 100 m apart
    north (0.0009° of latitude ≈ 100 m)."""
    points = "".join(
        f'<trkpt lat="{52.5 + 0.0009 * i:.4f}" lon="13.4"><time>{t}Z</time></trkpt>'
        for i, t in enumerate(start_iso_minutes)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>"
    )
