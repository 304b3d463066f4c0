"""First-run set-up: create a workspace and its athlete."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from recoverwell.app.workspace import Workspace, open_workspace
from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.config import Settings
from recoverwell.core.errors import InvalidValue
from recoverwell.core.timeutil import parse_timezone
from recoverwell.core.units import UnitSystem

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
    """What ``init_workspace`` did."""

    url: str
    athlete: AthleteProfile
    created_athlete: bool


def init_workspace(
    url: str | None = None,
    *,
    settings: Settings | None = None,
    name: str = "Runner",
    units: UnitSystem = UnitSystem.MI,
    timezone: str | None = None,
) -> InitResult:
    """Create (or bring up to date) a workspace, and its first athlete if it has none.

    Validates the athlete before touching the database, so a bad value changes nothing.
    """
    profile = AthleteProfile(name=name, units=units, timezone=timezone or system_timezone())
    profile.with_changes()  # validate first: nothing is created for a bad value
    workspace: Workspace
    with open_workspace(url, settings=settings, create=True) as workspace:
        existing = workspace.athletes()
        if existing:
            return InitResult(workspace.display_url, existing[0], created_athlete=False)
        athlete = workspace.create_athlete(profile)
        return InitResult(workspace.display_url, athlete, created_athlete=True)
