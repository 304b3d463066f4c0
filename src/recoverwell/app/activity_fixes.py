"""The athlete fixes their data: one activity shown with its load and problems, edited or
deleted, and every activity with a problem listed (issue 11).

A *problem* is a session the numbers do not count as the athlete would expect:

- **excluded**: kept out of load and volume (``Activity.excluded``: implausible totals found at
  import, or the athlete's own ``activity edit --exclude``); it counts as no session;
- **load failed**: its samples could not be used (``session_loads.safe_session_load``); it counts as
  a session without load, like one with no model;
- **no load**: no model applies (no heart rate, no pace or threshold pace, no RPE); entering an
  RPE gives it one.

An edit (sport, name, RPE, exclusion) or a delete is one transaction that also drops the
activity's cached session load and marks the athlete's stored load state stale with what was
done, so the next ``nightly`` rebuilds it and says why. What the athlete edited is kept when
another copy of the session is imported (``app/import_store.py``); the same file imported again
is "unchanged" (``import_log``), so it undoes nothing, a delete included.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from recoverwell.app.load_history import load_history
from recoverwell.app.session_loads import load_failure, load_params, session_loads
from recoverwell.core.errors import InvalidValue, MetricInputError
from recoverwell.core.types import Sport, StoredActivity
from recoverwell.ingest.validate import GEAR_MAX_CHARS, NAME_MAX_CHARS
from recoverwell.metrics.load import GC_ZONE_EDGES_FRAC, time_in_zones_s
from recoverwell.metrics.session import LoadModel, SessionLoad, counted_durations_s, with_srpe_ratio
from recoverwell.store.activities import delete_activity
from recoverwell.store.activity_edits import edit_activity, edited_fields
from recoverwell.store.load_states import mark_load_state_stale

if TYPE_CHECKING:
    from recoverwell.app.scope import AthleteScope

#: A reason to exclude a session is a short text, kept with it.
EXCLUDED_MAX_CHARS = 500


class ProblemKind(StrEnum):
    """Why a session does not count as the athlete would expect."""

    EXCLUDED = "excluded"  # no session: kept out of load and volume
    LOAD_FAILED = "load failed"  # a session without load: its samples could not be used
    NO_LOAD = "no load"  # a session without load: no model applies


#: fields whose edit leaves every load value as it was
NO_LOAD_FIELDS = frozenset({"gear"})


@dataclass(frozen=True, slots=True)
class ActivityProblem:
    """One session with a problem, and what the athlete can read about it."""

    activity_id: int
    local_date: date
    sport: Sport
    kind: ProblemKind
    reason: str


@dataclass(frozen=True, slots=True)
class ActivityDetail:
    """One activity as ``activity show`` gives it: the record with its laps, its load (with the
    athlete's TSS/sRPE ratio applied; for an excluded session, what it would be), its problems
    and the fields the athlete edited."""

    stored: StoredActivity
    load: SessionLoad
    counted: bool  # False: excluded, no session
    problems: tuple[ActivityProblem, ...]
    edited: tuple[str, ...]
    srpe_tss_per_au: float | None
    zone_edges_bpm: tuple[float, ...] = ()  # lower bounds of zones 2…5 (fractions of LTHR)
    zones_s: tuple[float, ...] = ()  # seconds in zones 1…5; empty without HR or LTHR


@dataclass(frozen=True, slots=True)
class ActivityEdit:
    """What to change on an activity; ``None`` = leave it. ``name=""`` clears the name,
    ``exclude`` is the reason to keep it out of load and volume, ``include`` counts it again."""

    sport: Sport | None = None
    name: str | None = None
    rpe: float | None = None
    exclude: str | None = None
    include: bool = False
    gear: str | None = None  # "" clears it

    def values(self) -> dict[str, Any]:
        """The column values to write; InvalidValue names a bad one."""
        if self.exclude is not None and self.include:
            raise InvalidValue("exclude", self.exclude, "cannot exclude and include at once")
        values: dict[str, Any] = {}
        if self.sport is not None:
            values["sport"] = Sport(self.sport)
        if self.name is not None:
            name = self.name.strip()
            if len(name) > NAME_MAX_CHARS:
                raise InvalidValue("name", f"{name[:20]}…", f"longer than {NAME_MAX_CHARS}")
            values["name"] = name or None
        if self.rpe is not None:
            values["rpe"] = self.rpe  # the CR-10 range is checked by Activity
        if self.gear is not None:
            gear = " ".join(self.gear.split())
            if len(gear) > GEAR_MAX_CHARS:
                raise InvalidValue("gear", f"{gear[:20]}…", f"longer than {GEAR_MAX_CHARS}")
            values["gear"] = gear or None
        if self.exclude is not None:
            reason = " ".join(self.exclude.split())
            if not reason or len(reason) > EXCLUDED_MAX_CHARS:
                raise InvalidValue("exclude", self.exclude, "give a reason of 1–500 characters")
            values["excluded"] = reason
        if self.include:
            values["excluded"] = None
        if not values:
            raise InvalidValue(
                "edit", "nothing", "give a sport, name, RPE, gear, exclude or include"
            )
        return values

    def describe(self, values: dict[str, Any]) -> str:
        """The change in words, for the load state's rebuild reason."""
        parts = []
        for key, value in values.items():
            if key == "excluded":
                parts.append("included again" if value is None else f"excluded ({value})")
            elif key == "name":
                parts.append("name cleared" if value is None else "renamed")
            elif key == "rpe":
                parts.append(f"RPE {value:g}")
            elif key == "gear":
                parts.append("gear cleared" if value is None else f"gear {value}")
            else:
                parts.append(f"{key} {value}")
        return ", ".join(parts)


def _label(stored: StoredActivity) -> str:
    return f"activity {stored.id} ({stored.activity.sport} on {stored.local_date.isoformat()})"


def _problems(stored: StoredActivity, load: SessionLoad | None) -> list[ActivityProblem]:
    a = stored.activity
    found = []
    if a.excluded is not None:
        found.append((ProblemKind.EXCLUDED, a.excluded))
    elif load is not None and (failure := load_failure(load)) is not None:
        found.append((ProblemKind.LOAD_FAILED, failure))
    elif load is not None and load.model is LoadModel.NONE:
        found.append((ProblemKind.NO_LOAD, "; ".join(load.notes) or "no load model applies"))
    return [ActivityProblem(stored.id, stored.local_date, a.sport, k, r) for k, r in found]


def activity_problems(
    scope: AthleteScope, start: date | None = None, end: date | None = None
) -> list[ActivityProblem]:
    """The athlete's sessions with a problem between two local days, oldest first (loads not
    yet computed are computed and cached)."""
    history = load_history(scope)
    everyone = sorted((*history.activities, *history.excluded), key=lambda s: s.activity.start_time)
    return [
        p
        for s in everyone
        if (start is None or s.local_date >= start) and (end is None or s.local_date <= end)
        for p in _problems(s, history.loads.get(s.id))
    ]


def activity_detail(scope: AthleteScope, activity_id: int) -> ActivityDetail:
    """One activity with its laps, load, problems and edits; NotFound when it is not theirs."""
    stored = scope.activity(activity_id)
    history = load_history(scope)
    load = history.loads.get(activity_id)
    if load is None:  # excluded: what its load would be
        params = load_params(scope.resolved_profile())
        raw = session_loads(scope, [stored], params, only_these=True)[activity_id]
        load = with_srpe_ratio(raw, history.srpe_tss_per_au)
    with scope.read() as conn:
        edited = edited_fields(conn, scope.athlete_id, activity_id)
    edges, zones = _zones(stored, scope.resolved_profile().lthr_bpm.value)
    return ActivityDetail(
        stored=stored,
        load=load,
        counted=stored.activity.excluded is None,
        problems=tuple(_problems(stored, load)),
        edited=tuple(sorted(edited)),
        srpe_tss_per_au=history.srpe_tss_per_au,
        zone_edges_bpm=edges,
        zones_s=zones,
    )


def _zones(
    stored: StoredActivity, lthr_bpm: float | None
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Time in each HR zone over the samples the load counts (moving, pauses left out)."""
    streams = stored.activity.streams
    if lthr_bpm is None or streams is None or streams.hr_bpm is None:
        return (), ()
    try:
        dt = counted_durations_s(streams)
    except MetricInputError:  # a time axis the load models refuse: no zones either
        return (), ()
    zones = time_in_zones_s(dt, streams.hr_bpm, lthr_bpm=lthr_bpm)
    edges = tuple(f * lthr_bpm for f in GC_ZONE_EDGES_FRAC)
    return edges, tuple(float(z) for z in zones)


def edit(scope: AthleteScope, activity_id: int, change: ActivityEdit) -> StoredActivity:
    """Apply the athlete's edit; returns the activity as stored after it. Nothing is written
    when a value is bad. The stored load state is marked stale, with what changed."""
    athlete = scope.athlete_id
    before = scope.activity(activity_id)
    values = change.values()
    if "excluded" in values and values["excluded"] is None and before.activity.excluded is None:
        raise InvalidValue("include", activity_id, "the activity is not excluded")
    dataclasses.replace(before.activity, **values)  # Activity checks the values (RPE 0–10)
    reason = f"{_label(before)} was edited: {change.describe(values)}"
    with scope.write() as conn:
        edit_activity(conn, athlete, activity_id, values)
        if set(values) - NO_LOAD_FIELDS:  # the gear alone changes no number of the load
            mark_load_state_stale(conn, athlete, reason)
    scope.refresh()
    return scope.activity(activity_id)


def delete(scope: AthleteScope, activity_id: int) -> StoredActivity:
    """Delete one of the athlete's activities (laps, streams, cached load with it); returns
    what was deleted. The stored load state is marked stale, saying so."""
    athlete = scope.athlete_id
    stored = scope.activity(activity_id)
    with scope.write() as conn:
        delete_activity(conn, athlete, activity_id)
        mark_load_state_stale(conn, athlete, f"{_label(stored)} was deleted")
    scope.refresh()
    return stored


__all__ = [
    "ActivityDetail",
    "ActivityEdit",
    "ActivityProblem",
    "ProblemKind",
    "activity_detail",
    "activity_problems",
    "delete",
    "edit",
]
