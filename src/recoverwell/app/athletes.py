"""Several athletes in one workspace (a coach's): which one a command is for, and the roster.

``find_athlete`` is the one place an interface turns what the user typed (an id, a name, or
nothing) into an athlete, whose id it then passes to every call. Nothing means the workspace's
only athlete; with several, NotFound lists them, so no command falls back to "the first"
(``Workspace.athlete_scope()`` without an id refuses to guess as well) and files a
check-in or an import under someone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from recoverwell.core.athlete import AthleteProfile, Sex
from recoverwell.core.errors import InvalidValue, NotFound
from recoverwell.core.units import UnitSystem
from recoverwell.store.athletes import last_activity_days
from recoverwell.store.engine import reading

if TYPE_CHECKING:
    from recoverwell.app.workspace import Workspace


def athlete_list_text(found: list[AthleteProfile]) -> str:
    """``1 Ana, 2 Ben``: athletes as a person picks one."""
    return ", ".join(f"{a.id} {a.name}" for a in found)


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One athlete of the workspace, as ``athlete list`` shows them."""

    athlete: AthleteProfile
    activities: int
    daily_readings: int
    last_activity: date | None


def find_athlete(ws: Workspace, ref: str | int | None) -> AthleteProfile:
    """The athlete ``ref`` names: an id, a name (any case; it must be the only one so named),
    or None for the workspace's only athlete. NotFound lists the athletes there are."""
    everyone = ws.athletes()
    if ref is None:
        if len(everyone) > 1:
            raise NotFound(
                f"this workspace has {len(everyone)} athletes ({athlete_list_text(everyone)})",
                action="choose athlete",
            )
        if not everyone:
            raise NotFound("no athlete in this workspace yet", action="init")
        return everyone[0]  # the only one
    text = str(ref).strip()
    if text.isdigit():
        found = [a for a in everyone if a.id == int(text)]
        what = f"no athlete with id {text}"
    else:
        found = [a for a in everyone if a.name.casefold() == text.casefold()]
        what = f"no athlete named {text!r}"
        if len(found) > 1:
            raise NotFound(
                f"{len(found)} athletes are named {text!r} ({athlete_list_text(found)}): "
                "say which by id"
            )
    if not found:
        there = f"this workspace has {athlete_list_text(everyone)}" if everyone else "none yet"
        raise NotFound(f"{what}: {there}")
    return found[0]


def roster(ws: Workspace) -> list[RosterEntry]:
    """Every athlete with how much data they have and their latest activity day."""
    with reading(ws.engine) as conn:
        last = last_activity_days(conn)
    entries = []
    for athlete in ws.athletes():
        assert athlete.id is not None  # stored athletes have ids
        counts = ws.athlete_data(athlete.id)
        entries.append(
            RosterEntry(
                athlete, counts["activities"], counts["daily readings"], last.get(athlete.id)
            )
        )
    return entries


def add_athlete(
    ws: Workspace,
    name: str,
    *,
    units: UnitSystem = UnitSystem.MI,
    timezone: str,
    sex: Sex = Sex.UNSPECIFIED,
    birth_year: int | None = None,
) -> AthleteProfile:
    """Add an athlete (validated first); a second athlete with the same name is refused, since
    the name is how a coach picks them (``--athlete NAME``)."""
    if not name.strip():
        raise InvalidValue("name", name, "an athlete needs a name")
    taken = [a for a in ws.athletes() if a.name.casefold() == name.strip().casefold()]
    if taken:
        raise InvalidValue(
            "name", name, f"athlete {taken[0].id} is already called that: choose another name"
        )
    profile = AthleteProfile(
        name=name.strip(), units=units, timezone=timezone, sex=sex, birth_year=birth_year
    )
    return ws.create_athlete(profile)
