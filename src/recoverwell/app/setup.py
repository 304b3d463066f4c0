"""First-run set-up: create a workspace and its athlete."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from recoverwell.app.workspace import Workspace, open_workspace, schema_status
from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.config import Settings
from recoverwell.core.errors import InvalidValue, StoreError
from recoverwell.core.timeutil import parse_timezone
from recoverwell.core.units import UnitSystem

DEFAULT_NAME = "Runner"
_ZONEINFO_DIRS = ("/usr/share/zoneinfo/", "/usr/lib/zoneinfo/")


def system_timezone() -> str:
    """The machine's IANA timezone name (``TZ``, then ``/etc/localtime``), else ``UTC``."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
        candidates += [target.split(d, 1)[1] for d in _ZONEINFO_DIRS if d in target]
    except OSError:
        pass
    for name in candidates:
        if not name:
            continue
        try:
            parse_timezone(name)
        except InvalidValue:
            continue
        return name
    return "UTC"


@dataclass(frozen=True, slots=True)
class InitResult:
    """What ``init_workspace`` did: the database, its schema, and the athlete."""

    url: str
    #: the athlete created, or the existing one the options match (None: several, none named)
    athlete: AthleteProfile | None
    created_athlete: bool
    created_database: bool  # there was no recoverwell schema before
    schema_from: str | None  # the revision before (None: empty or new database)
    schema_to: str
    athletes: tuple[AthleteProfile, ...]  # every athlete of the workspace afterwards


def _matches(athlete: AthleteProfile, given: dict[str, object]) -> bool:
    return all(getattr(athlete, field) == value for field, value in given.items())


def _schema_before(url: str | None, settings: Settings | None) -> str | None:
    try:
        return schema_status(url, settings=settings).current
    except StoreError:  # no database yet (or not one: opening it again says why)
        return None


def init_workspace(
    url: str | None = None,
    *,
    settings: Settings | None = None,
    name: str | None = None,
    units: UnitSystem | None = None,
    timezone: str | None = None,
) -> InitResult:
    """Create (or bring up to date) a workspace, and its first athlete if it has none.

    ``name``, ``units`` and ``timezone`` describe that first athlete (defaults: "Runner", mi,
    this machine's timezone). On a workspace that has athletes already, options that match one
    of them are fine (running the same ``init`` again changes nothing); options that match none
    are refused with InvalidValue saying how to add or change an athlete, never silently
    ignored. The athlete is validated before the database is touched: a bad value creates
    nothing.
    """
    given: dict[str, object] = {
        k: v for k, v in (("name", name), ("units", units), ("timezone", timezone)) if v
    }
    profile = AthleteProfile(
        name=name or DEFAULT_NAME,
        units=units or UnitSystem.MI,
        timezone=timezone or system_timezone(),
    )
    profile.with_changes()  # validate first: nothing is created for a bad value
    before = _schema_before(url, settings)
    workspace: Workspace
    with open_workspace(url, settings=settings, create=True) as workspace:
        after = workspace.schema_status().current or ""
        existing = workspace.athletes()
        created = not existing
        if created:
            athlete: AthleteProfile | None = workspace.create_athlete(profile)
        else:
            matching = [a for a in existing if _matches(a, given)]
            if not matching:
                _refuse(existing, given)
            athlete = matching[0] if given or len(existing) == 1 else None
        return InitResult(
            workspace.display_url,
            athlete,
            created_athlete=created,
            created_database=before is None,
            schema_from=before,
            schema_to=after,
            athletes=tuple(workspace.athletes()),
        )


def _refuse(existing: list[AthleteProfile], given: dict[str, object]) -> None:
    options = " ".join(f"--{k} {v}" for k, v in given.items())
    have = "; ".join(f"{a.id} {a.name} ({a.units.value}, {a.timezone})" for a in existing)
    add = f"--name {given['name']!s}" if "name" in given else "--name NAME"
    raise InvalidValue(
        "init",
        options,
        f"this workspace already has athletes: {have}; init changes none of them, so nothing "
        f"was applied: add an athlete with `recoverwell athlete add {add}`, or change one "
        "with `recoverwell athlete set --athlete ID`",
    )
