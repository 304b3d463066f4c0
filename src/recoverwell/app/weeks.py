"""Week by week: running volume and training load per Monday-to-Sunday week.

``weekly_summary(scope, …)`` is what ``recoverwell weeks`` shows for real data (the demo shows the
same table for its synthetic athlete). A week holds the runs of its local days: count, distance,
moving time, climb and descent, the longest run, average HR weighted by each run's time, and the
week's training load (every sport: the sum of its daily loads, with how many sessions had no
load). The change in distance is against the week before. Sessions kept out of load and volume
(``Activity.excluded``) are left out and counted.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from recoverwell.app.training import training_table
from recoverwell.core.errors import InvalidValue
from recoverwell.core.timeutil import week_start
from recoverwell.core.types import Sport, StoredActivity

if TYPE_CHECKING:
    from recoverwell.app.scope import AthleteScope

WEEK = timedelta(weeks=1)
SUNDAY = timedelta(days=6)  # from a week's Monday
DEFAULT_WEEKS = 12
_PCT = 100.0


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """One Monday-to-Sunday week. Distances in m, times in s; ``None`` = nothing to say."""

    week_start: date
    runs: int
    distance_m: float
    moving_s: float
    ascent_m: float
    avg_hr_bpm: float | None
    descent_m: float = 0.0
    longest_run_m: float = 0.0
    sessions: int = 0  # every sport
    load_au: float | None = None  # the week's daily loads summed; None when none is known
    unknown_load_sessions: int = 0
    excluded: int = 0  # sessions kept out of load and volume
    distance_change_pct: float | None = None  # against the week before


def _pct(now: float, before: float) -> float | None:
    return (now - before) / before * _PCT if before > 0 else None


def summarize_weeks(
    activities: Sequence[StoredActivity],
    daily_load_au: Mapping[date, float] | None = None,
    unknown_by_day: Mapping[date, int] | None = None,
) -> list[WeekSummary]:
    """Weeks from the first to the last activity's week, oldest first; weeks without runs too."""
    if not activities:
        return []
    runs_by_week: dict[date, list[StoredActivity]] = defaultdict(list)
    sessions: dict[date, int] = defaultdict(int)
    excluded: dict[date, int] = defaultdict(int)
    for stored in activities:
        monday = week_start(stored.local_date)
        if stored.activity.excluded is not None:
            excluded[monday] += 1
            continue
        sessions[monday] += 1
        if stored.activity.sport is Sport.RUNNING:
            runs_by_week[monday].append(stored)
    loads: dict[date, list[float]] = defaultdict(list)
    for day, value in (daily_load_au or {}).items():
        if not math.isnan(value):
            loads[week_start(day)].append(value)
    unknown: dict[date, int] = defaultdict(int)
    for day, n in (unknown_by_day or {}).items():
        unknown[week_start(day)] += n
    days = [a.local_date for a in activities]
    monday, last = week_start(min(days)), week_start(max(days))
    weeks: list[WeekSummary] = []
    while monday <= last:
        runs = [s.activity for s in runs_by_week.get(monday, [])]
        hr_time = [(r.avg_hr_bpm, r.moving_s or r.elapsed_s) for r in runs if r.avg_hr_bpm]
        weight = sum(t for _, t in hr_time)
        distance = sum(r.distance_m or 0.0 for r in runs)
        before = weeks[-1].distance_m if weeks else 0.0
        week_loads = loads.get(monday)
        weeks.append(
            WeekSummary(
                week_start=monday,
                runs=len(runs),
                distance_m=distance,
                moving_s=sum(r.moving_s or r.elapsed_s for r in runs),
                ascent_m=sum(r.ascent_m or 0.0 for r in runs),
                avg_hr_bpm=sum(h * t for h, t in hr_time) / weight if weight else None,
                descent_m=sum(r.descent_m or 0.0 for r in runs),
                longest_run_m=max((r.distance_m or 0.0 for r in runs), default=0.0),
                sessions=sessions.get(monday, 0),
                load_au=sum(week_loads) if week_loads else None,
                unknown_load_sessions=unknown.get(monday, 0),
                excluded=excluded.get(monday, 0),
                distance_change_pct=_pct(distance, before) if weeks else None,
            )
        )
        monday += WEEK
    return weeks


def weekly_summary(
    scope: AthleteScope,
    *,
    weeks: int = DEFAULT_WEEKS,
    end: date | None = None,
) -> list[WeekSummary]:
    """The last ``weeks`` weeks up to the week of ``end`` (default: the last activity's week)."""
    if weeks < 1:
        raise InvalidValue("weeks", weeks, "at least 1")
    activities = scope.activities()
    if not activities:
        return []
    last_week = week_start(end or max(a.local_date for a in activities))
    first_week = last_week - (weeks - 1) * WEEK
    table = training_table(scope, first_week - WEEK, last_week + SUNDAY)
    loads = {d.day: d.load_au for d in table.days}
    unknown = {d.day: d.unknown_sessions for d in table.days}
    inside = [a for a in activities if first_week - WEEK <= a.local_date < last_week + WEEK]
    if not inside:
        return []
    found = summarize_weeks(inside, loads, unknown)
    return [w for w in found if first_week <= w.week_start <= last_week]
