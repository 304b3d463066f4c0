"""How the files of one export join: what a reader declares (``ReaderTraits.join``) to plan them.

Most files are read on their own. An export whose files belong together (Strava's
``activities.csv`` and the activity files its rows name; Apple Health's ``export.xml`` and its
``workout-routes/``) declares an ``ExportJoin`` in its reader's traits. Planning a batch
(``ingest/units.py``) offers each member to every declared join; the first that claims it says
what becomes of it and of the files it names:

- ``Joined(member, join)``: ``member`` is read as a unit of its own with ``join`` (a
  ``JoinRead``: what it adds to the unit's identity and how it reads it). A member found on disk
  next to the claimed one, not in the batch (``in_batch=False``), is planned right after it.
- ``Skip(member, message)``: ``member`` is read with another; the importer reports it skipped.

A join sees the batch through ``ExportBatch`` (members by name, files next to a member on disk,
a folder's members) and reads a file it names with ``read_one`` (the registry's reader is handed
in as ``ReadRaw``, so a reader module can declare its join without importing the registry).
Adding a multi-file export is a reader and its join in ``ingest/``: nothing in ``app/`` changes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Protocol

from recoverwell.core.errors import IngestError, ParseError
from recoverwell.ingest.archive import READ_ERRORS, Member, iter_members
from recoverwell.ingest.base import ImportIssue, IssueAction, ReadResult, Source
from recoverwell.ingest.validate import DateRange

#: a member that cannot be sniffed or read while planning is planned as a plain file: reading it
#: again then rejects it with the reason (a corrupt zip member, a bound broken…)
SNIFF_ERRORS: tuple[type[Exception], ...] = (*READ_ERRORS, ValueError)
#: what reading a CSV while planning may raise (the file is then planned as a plain file)
CSV_ERRORS: tuple[type[Exception], ...] = (*READ_ERRORS, IngestError, UnicodeDecodeError)


class ReadRaw(Protocol):
    """The registry's ``read_raw``: pick the reader of a file and read it, not validated."""

    def __call__(self, source: Source, *, strict: bool = False) -> ReadResult: ...


class JoinRead(Protocol):
    """How a joined unit is read."""

    def identity(self) -> bytes:
        """Besides the member's content, what decides what the unit stores."""
        ...

    def read(
        self,
        member: Member,
        strict: bool,
        tz: tzinfo | None,
        dates: DateRange | None,
        read_raw: ReadRaw,
    ) -> tuple[ReadResult, str | None]:
        """The unit's records, validated and filled, and a note saying what was joined."""
        ...


@dataclass(frozen=True, slots=True)
class Joined:
    """A member read as a unit with a join; not ``in_batch``: found on disk, planned after the
    member that names it."""

    member: Member
    join: JoinRead
    in_batch: bool = True


@dataclass(frozen=True, slots=True)
class Skip:
    """A member read with another: reported skipped, with why."""

    member: Member
    message: str


Plan = Sequence[Joined | Skip]


class ExportJoin(Protocol):
    """How a multi-file export's files are planned (declared in its reader's traits)."""

    def plan(self, member: Member, batch: ExportBatch) -> Plan | None:
        """None: ``member`` is not this export's; else what becomes of it (its own unit
        included) and of the files it names."""
        ...


def tail(name: str) -> str:
    """The last path element of a file or archive member name, lower case."""
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


class ExportBatch:
    """What a join sees of the batch it plans."""

    def __init__(self, members: Sequence[Member], head: Callable[[Source], bytes]) -> None:
        """``head``: the first bytes of a file, as sniffing sees them (``registry.sniff_head``)."""
        self.members = members
        self.index = _index(members)
        self._head = head

    def claims(self, member: Member, sniff: Callable[[bytes, str], bool]) -> bool:
        """Does ``sniff`` claim the member (False when it cannot be read)?"""
        try:
            return sniff(self._head(member.source()), member.name)
        except SNIFF_ERRORS:
            return False

    def named(self, member: Member, relative: str) -> tuple[Member, bool] | None:
        """The file ``relative`` to ``member`` (a path the export names) and whether it is in
        the batch (else it was found on disk next to a plain file); None: absent."""
        name = sibling_name(member.name, relative)
        if name is None:
            return None
        found = self.index.get(name)
        if found is not None:
            return found, True
        on_disk = _on_disk(member, relative)
        return None if on_disk is None else (on_disk, False)

    def folder(self, member: Member, folder: str) -> list[tuple[str, Member]]:
        """(``folder/<path>``, member) of the files in ``folder`` next to ``member``: in the
        batch, or else on disk next to a plain file."""
        prefix = sibling_name(member.name, folder)
        assert prefix is not None
        found = [
            (f"{folder}/{m.name[len(prefix) + 1 :]}", m)
            for m in self.members
            if m.refused is None and m.name.startswith(prefix + "/")
        ]
        if not found and member.kind == "file" and member.path is not None:
            on_disk = member.path.parent / folder
            if on_disk.is_dir():
                found = [
                    (f"{folder}/{m.name[len(str(on_disk)) + 1 :]}", m)
                    for m in iter_members(on_disk)
                    if m.refused is None
                ]
        return found


def read_one(
    member: Member, strict: bool, issues: list[ImportIssue], read_raw: ReadRaw
) -> ReadResult | None:
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
