"""Shoe (and bike) mileage: every counted session summed by the gear it was done in.

The gear comes from Strava's ``activities.csv`` (``Activity Gear``, or the gear's id when it has
no name) or from the athlete (``recoverwell activity edit ID --gear NAME``); a session kept out
of load and volume (``Activity.excluded``) is left out. There is no agreed number of miles
after which a shoe is worn out (figures of 300–500 mi circulate as rules of thumb, not study
results), so recoverwell reports the miles and leaves the judgement to the runner.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from recoverwell.core.types import Sport, StoredActivity

if TYPE_CHECKING:
    from recoverwell.app.scope import AthleteScope


@dataclass(frozen=True, slots=True)
class GearUse:
    """One piece of gear: its sessions, distance and time, and when it was first and last used."""

    gear: str
    sessions: int
    runs: int
    distance_m: float
    moving_s: float
    first_day: date
    last_day: date
    longest_m: float


def gear_use(activities: Sequence[StoredActivity]) -> list[GearUse]:
    """Each gear's totals over the counted sessions that name it, most distance first."""
    by_gear: dict[str, list[StoredActivity]] = defaultdict(list)
    for stored in activities:
        if stored.activity.gear and stored.activity.excluded is None:
            by_gear[stored.activity.gear].append(stored)
    uses = [
        GearUse(
            gear=gear,
            sessions=len(done),
            runs=sum(1 for s in done if s.activity.sport is Sport.RUNNING),
            distance_m=sum(s.activity.distance_m or 0.0 for s in done),
            moving_s=sum(s.activity.moving_s or s.activity.elapsed_s for s in done),
            first_day=min(s.local_date for s in done),
            last_day=max(s.local_date for s in done),
            longest_m=max(s.activity.distance_m or 0.0 for s in done),
        )
        for gear, done in by_gear.items()
    ]
    return sorted(uses, key=lambda u: (-u.distance_m, u.gear))


def gear_summary(scope: AthleteScope) -> tuple[list[GearUse], int]:
    """The athlete's gear and how many counted sessions name none."""
    activities = scope.activities()
    counted = [a for a in activities if a.activity.excluded is None]
    return gear_use(counted), sum(1 for a in counted if not a.activity.gear)
