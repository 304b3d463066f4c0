"""The nightly job: bring every athlete's stored training-load state up to its last settled day.

A day is *settled* once the athlete has trained on it or tracked through it (a recovery reading
the morning after, ``LoadHistory.tracked_through``); before that its load may still arrive, so the
state never runs ahead of it. For each athlete the stored state (``store/load_states.py``) is:

- **advanced** when what it was built from is unchanged: the new days are added with
  ``metrics.incremental.advance``, every athlete at the same stored day in one vectorised step per
  day. The check reads the athlete's *load rows* (per activity: local day, id and the cached
  model values; no streams) and compares their ``fingerprint`` with the stored one; only the new
  days' activities are read in full, and no series is recomputed;
- **rebuilt** from the whole history, with the reason, when there is none yet or its inputs
  changed: a late import, a deleted or moved run on an earlier day, an RPE entered afterwards, a
  profile change that changes session loads, a TSS/sRPE ratio that moved under RPE-only
  sessions, a starting value that moved, a settled day that moved back, or an activity the
  athlete edited or deleted (``app/activity_fixes.py`` marks the state stale with what it did).

Excluded sessions count as no session (``load_rows`` and ``load_history`` leave them out); a
session whose load cannot be computed counts without load and never fails its athlete.

The state is that of the athlete's current *training segment* (``training.Segment``: a gap of more
than ``segment_gap_d`` days without a session starts a new one); ``first_day`` and ``days`` count
from its first day, so a session after a long gap, or an old file that fills or opens one,
rebuilds it. Young states (under 28 days: the starting value, the segment's first 28 days' mean,
may still move) are checked by reading their history; they are still advanced, not rebuilt, when
nothing changed.
The fingerprint stored always describes exactly the rows the state was computed from, so an
import that lands while the job runs is seen by the next run.

The values kept are those of the daily table (``recoverwell metrics``) on the through day, with
the same conventions (PMC seeded with the segment's first 28 days' mean load, rest = 0, no data =
NaN); a test holds the two equal.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from recoverwell.app.load_history import (
    daily_loads,
    load_history,
    segment_on,
    settled_day,
    training_segments,
)
from recoverwell.app.session_loads import load_params, params_key, session_loads
from recoverwell.core.errors import RecoverwellError
from recoverwell.metrics.incremental import DayValues, LoadState, advance, initial_state
from recoverwell.metrics.pmc import FATIGUE_TAU_D, FITNESS_TAU_D, PMC_SEED_D, decay_alpha, pmc_seed
from recoverwell.metrics.session import (
    MIN_RATIO_SESSIONS,
    LoadModel,
    SessionLoad,
    srpe_ratio,
    with_srpe_ratio,
)
from recoverwell.store.athletes import last_signal_day
from recoverwell.store.load_states import (
    LoadRow,
    drop_load_state,
    get_load_states,
    load_rows,
    pack_window,
    put_load_state,
    unpack_window,
)

if TYPE_CHECKING:
    from recoverwell.app.scope import AthleteScope, SquadScope

Array = npt.NDArray[np.float64]
ONE_DAY = timedelta(days=1)


class StateAction(StrEnum):
    """What the nightly job did for one athlete."""

    ADVANCED = "advanced"
    REBUILT = "rebuilt"
    UP_TO_DATE = "up to date"
    NO_TRAINING = "no training"  # nothing recorded: a stored state is dropped
    NOT_YET = "not yet"  # no training on or before --through: the stored state stays
    FAILED = "failed"  # this athlete's history could not be read (reason); others go on


@dataclass(frozen=True, slots=True)
class LoadStateUpdate:
    """One athlete's stored state after the job (values of its through day; NaN = no data)."""

    athlete_id: int
    name: str
    action: StateAction
    reason: str
    through_day: date | None
    days_added: int
    fitness_au: float = math.nan
    fatigue_au: float = math.nan
    form_au: float = math.nan  # going into the through day, as the daily table's ``form``
    acwr_coupled: float = math.nan
    acwr_uncoupled: float = math.nan
    monotony: float = math.nan

    @property
    def form_next_au(self) -> float:
        """Form going into the day after the through day: fitness − fatigue."""
        return self.fitness_au - self.fatigue_au


@dataclass(slots=True)
class _Plan:
    """What to store for one athlete: ``daily`` holds the loads of the days to add, from the
    day after the stored one (advance) or from the first recorded day (rebuild)."""

    athlete_id: int
    name: str
    first_day: date
    target: date
    daily: Array
    seed_au: float
    params_key: str
    ratio: float | None
    fingerprint: str
    row: dict[str, Any] | None  # the stored state
    reason: str | None = None  # why it is rebuilt (None: advanced or up to date)

    @property
    def start_days(self) -> int:
        """Days already in the state the new ones are added to (0 for a rebuild)."""
        return 0 if self.reason is not None or self.row is None else int(self.row["days"])


class _Outcome(Exception):
    """An athlete whose job ends before any state is computed (no training, not yet)."""

    def __init__(self, update: LoadStateUpdate) -> None:
        super().__init__(update.reason)
        self.update = update


def _row(plan: _Plan, state: LoadState, i: int, values: DayValues) -> dict[str, Any]:
    return {
        "first_day": plan.first_day,
        "through_day": plan.target,
        "days": plan.start_days + len(plan.daily),
        "inputs_digest": plan.fingerprint,
        "params_key": plan.params_key,
        "srpe_ratio": plan.ratio,
        "seed_au": plan.seed_au,
        "fitness_alpha": state.fitness_alpha,
        "fatigue_alpha": state.fatigue_alpha,
        "fitness_au": float(state.fitness[i]),
        "fatigue_au": float(state.fatigue[i]),
        "window_au": pack_window(float(day[i]) for day in state.window),
        "load_au": float(plan.daily[-1]),
        "form_au": float(values.form[i]),
        "acute_mean_7d_au": float(values.acute_mean_7d[i]),
        "chronic_mean_28d_au": float(values.chronic_mean_28d[i]),
        "acwr_coupled": float(values.acwr_coupled[i]),
        "acwr_uncoupled": float(values.acwr_uncoupled[i]),
        "monotony": float(values.monotony[i]),
        "stale_reason": None,  # what it is built from now holds again
    }


def _update(plan: _Plan, row: dict[str, Any], action: StateAction, added: int) -> LoadStateUpdate:
    # As in the daily table, fitness and fatigue are not shown for a day without load data
    # (the state keeps them, unchanged, for the next day).
    known = not math.isnan(row["load_au"])
    return LoadStateUpdate(
        athlete_id=plan.athlete_id,
        name=plan.name,
        action=action,
        reason=plan.reason or "",
        through_day=row["through_day"],
        days_added=added,
        fitness_au=row["fitness_au"] if known else math.nan,
        fatigue_au=row["fatigue_au"] if known else math.nan,
        form_au=row["form_au"],
        acwr_coupled=row["acwr_coupled"],
        acwr_uncoupled=row["acwr_uncoupled"],
        monotony=row["monotony"],
    )


def fingerprint(rows: Iterable[LoadRow]) -> str:
    """A digest of what the daily loads are made of, row by row in (local day, id) order: any
    insert, delete, move to another day, RPE or profile change shows (nothing can cancel out)."""
    digest = hashlib.sha256()
    for r in rows:
        values = (r.local_date.toordinal(), r.activity_id, r.hrss_au, r.rtss_au, r.srpe_au)
        digest.update(repr((*values, r.cached)).encode())
    return digest.hexdigest()


def _row_of(activity_id: int, day: date, load: SessionLoad) -> LoadRow:
    return LoadRow(day, activity_id, load.hrss_au, load.rtss_au, load.srpe_au, True)


def _rpe_only(row: LoadRow) -> bool:
    """A session whose load is its sRPE × the athlete's ratio (no HR or pace model)."""
    return row.hrss_au is None and row.rtss_au is None and row.srpe_au is not None


def _ratio(rows: Iterable[LoadRow]) -> float | None:
    """The athlete's TSS/sRPE ratio from every session (as ``training.load_history``)."""
    loads = [
        with_srpe_ratio(
            SessionLoad(LoadModel.NONE, None, 0.0, hrss_au=r.hrss_au, rtss_au=r.rtss_au,
                        srpe_au=r.srpe_au),
            None,
        )
        for r in rows
    ]  # fmt: skip
    return srpe_ratio(loads, min_sessions=MIN_RATIO_SESSIONS)


def _stale_reason(
    row: dict[str, Any] | None,
    first_day: date,
    target: date,
    key: str,
    before: str,
    rpe_only: bool,
    ratio: float | None,
    seed_au: float,
    alphas: tuple[float, float],
) -> str | None:
    """Why the stored ``row`` cannot be advanced to ``target`` (None: it can).

    ``before`` is the fingerprint of the rows up to the stored through day; ``rpe_only`` says
    whether one of them takes its load from sRPE alone (and so from the ratio).
    """
    if row is None:
        return "no stored state yet"
    if row.get("stale_reason"):
        return str(row["stale_reason"])
    if row["first_day"] != first_day:
        return f"its training segment now starts on {first_day.isoformat()}"
    if (row["fitness_alpha"], row["fatigue_alpha"]) != alphas:
        return "the fitness/fatigue time constants changed"
    if row["through_day"] > target:
        return f"it was stored through {row['through_day'].isoformat()}, after the target day"
    if row["params_key"] != key:
        return (
            "the session-load parameters changed (HRmax, HRrest, LTHR, threshold pace…: a "
            "profile value, or an estimate from the runs, see `recoverwell athlete show`)"
        )
    if before != row["inputs_digest"]:
        return (
            f"activities up to {row['through_day'].isoformat()} changed (a late import, a "
            "deleted run or an RPE entered afterwards)"
        )
    if rpe_only and ratio != row["srpe_ratio"]:
        return "the TSS/sRPE ratio that converts RPE-only sessions moved"
    if seed_au != row["seed_au"]:
        young = " (stored with under 28 days of data)" if int(row["days"]) < PMC_SEED_D else ""
        return "the starting fitness moved" + young
    return None


def _fast_plan(
    scope: AthleteScope,
    row: dict[str, Any],
    through: date | None,
    alphas: tuple[float, float],
) -> _Plan | None:
    """The plan from the stored state, a compact read of the athlete's load rows and the new
    days' activities, or None when the history must be read (a young state, a changed input,
    a settled day that moved back, a ratio that moved under RPE-only sessions)."""
    if int(row["days"]) < PMC_SEED_D or (row["fitness_alpha"], row["fatigue_alpha"]) != alphas:
        return None
    if row.get("stale_reason"):  # an edit since: rebuilt from the history, with its reason
        return None
    profile_id, name = scope.athlete_id, scope.profile.name
    params = load_params(scope.resolved_profile())
    key = params_key(params)
    if key != row["params_key"]:
        return None
    stored_day: date = row["through_day"]
    new = [
        a
        for a in scope.activities(start=stored_day + ONE_DAY)
        if a.activity.excluded is None  # no session (as in ``load_history`` and ``load_rows``)
    ]
    raw = session_loads(scope, new, params, only_these=True)
    with scope.read() as conn:
        rows = load_rows(conn, profile_id, key)
        signal_day = last_signal_day(conn, profile_id)
    old = [r for r in rows if r.local_date <= stored_day]
    if not rows or fingerprint(old) != row["inputs_digest"]:
        return None
    settled = settled_day(rows[-1].local_date, signal_day)
    target = settled if through is None else min(through, settled)
    if settled < stored_day or target < stored_day:
        return None
    gap_d = scope.settings.segment_gap_d
    segments = training_segments([r.local_date for r in rows], gap_d, settled)
    segment = segment_on(segments, target)
    if segment is None or segment.start != row["first_day"]:  # a new segment began
        return None
    ratio = _ratio(rows)
    if any(_rpe_only(r) for r in old) and ratio != row["srpe_ratio"]:
        return None
    used = [a for a in new if a.local_date <= target and a.id in raw]
    after = fingerprint(
        [*old, *sorted((_row_of(a.id, a.local_date, raw[a.id]) for a in used), key=_order)]
    )
    loads = {a.id: with_srpe_ratio(raw[a.id], ratio) for a in used}
    daily = (
        daily_loads(used, loads, stored_day + ONE_DAY, target)
        if target > stored_day
        else np.empty(0)
    )
    seed = float(row["seed_au"])
    return _Plan(profile_id, name, row["first_day"], target, daily, seed, key, ratio, after, row)


def _order(r: LoadRow) -> tuple[date, int]:
    return (r.local_date, r.activity_id)


def _full_plan(
    scope: AthleteScope,
    row: dict[str, Any] | None,
    through: date | None,
    alphas: tuple[float, float],
) -> _Plan:
    """The plan from the whole history: advance when nothing changed, else rebuild. The
    fingerprints describe exactly the rows read here."""
    profile = scope.profile
    history = load_history(scope)
    first, settled = history.first_day, history.tracked_through
    if first is None or settled is None:
        update = LoadStateUpdate(
            scope.athlete_id, profile.name, StateAction.NO_TRAINING, "nothing recorded", None, 0
        )
        raise _Outcome(update)
    target = settled if through is None else min(through, settled)
    if target < first:
        reason = f"no training on or before {target.isoformat()}"
        raise _Outcome(
            LoadStateUpdate(scope.athlete_id, profile.name, StateAction.NOT_YET, reason, None, 0)
        )
    full = history.daily_inputs(settled)["daily_load_au"]
    segments = history.segments()
    segment = segment_on(segments, target)  # the state is this segment's, seeded by its days
    assert segment is not None  # target ≥ the first day
    lo = (segment.start - first).days
    hi = next(((s.start - first).days for s in segments if s.start > segment.start), len(full))
    daily = full[lo : (target - first).days + 1]
    seed = pmc_seed(full[lo:hi])
    rows = sorted(
        (_row_of(a.id, a.local_date, history.loads[a.id]) for a in history.activities),
        key=_order,
    )
    stored_day = row["through_day"] if row is not None else target
    old = [r for r in rows if r.local_date <= stored_day]
    ratio = history.srpe_tss_per_au
    stale = _stale_reason(
        row,
        segment.start,
        target,
        history.params_key,
        fingerprint(old),
        any(_rpe_only(r) for r in old),
        ratio,
        seed,
        alphas,
    )
    after = fingerprint(r for r in rows if r.local_date <= target)
    plan = _Plan(
        scope.athlete_id,
        profile.name,
        segment.start,
        target,
        daily,
        seed,
        history.params_key,
        ratio,
        after,
        row,
        stale,
    )
    if stale is None and row is not None:
        plan.daily = daily[int(row["days"]) :]  # only the new days are added
    return plan


def _state_of(rows: list[dict[str, Any]], alphas: tuple[float, float]) -> LoadState:
    windows = np.array([unpack_window(r["window_au"]) for r in rows])
    return LoadState(
        days=min(int(r["days"]) for r in rows),  # all ≥ 1: only its sign is read
        fitness_alpha=alphas[0],
        fatigue_alpha=alphas[1],
        fitness=np.array([r["fitness_au"] for r in rows], dtype=np.float64),
        fatigue=np.array([r["fatigue_au"] for r in rows], dtype=np.float64),
        window=tuple(windows[:, k].copy() for k in range(windows.shape[1])),
    )


def _rebuild(plan: _Plan, alphas: tuple[float, float]) -> dict[str, Any]:
    state = initial_state(
        plan.daily[np.newaxis, :-1],
        fitness_alpha=alphas[0],
        fatigue_alpha=alphas[1],
        fitness_seed=plan.seed_au,
        fatigue_seed=plan.seed_au,
    )
    state, values = advance(state, plan.daily[-1:])
    return _row(plan, state, 0, values)


def _advance_group(plans: list[_Plan], alphas: tuple[float, float]) -> list[dict[str, Any]]:
    """Add the same new days (same stored day, same target) to every athlete at once."""
    state = _state_of([p.row for p in plans if p.row is not None], alphas)
    loads = np.stack([p.daily for p in plans])
    values: DayValues | None = None
    for d in range(loads.shape[1]):
        state, values = advance(state, loads[:, d])
    assert values is not None  # a group has at least one new day
    return [_row(p, state, i, values) for i, p in enumerate(plans)]


def _plan(
    scope: AthleteScope,
    row: dict[str, Any] | None,
    through: date | None,
    alphas: tuple[float, float],
) -> _Plan:
    fast = None if row is None else _fast_plan(scope, row, through, alphas)
    return fast if fast is not None else _full_plan(scope, row, through, alphas)


def update_load_states(squad: SquadScope, through: date | None = None) -> list[LoadStateUpdate]:
    """Advance (or rebuild) the stored state of every athlete of ``squad``.

    ``through`` caps the day (default: each athlete's last settled day). All states are written
    in one transaction; an athlete whose history cannot be read is reported as failed.
    """
    alphas = (decay_alpha(FITNESS_TAU_D), decay_alpha(FATIGUE_TAU_D))
    ids = squad.athlete_ids
    with squad.read() as conn:
        stored = get_load_states(conn, ids)
    done: dict[int, LoadStateUpdate] = {}
    writes: dict[int, dict[str, Any]] = {}
    groups: dict[tuple[date, date], list[_Plan]] = {}
    for scope in squad.scopes:
        try:
            plan = _plan(scope, stored.get(scope.athlete_id), through, alphas)
        except _Outcome as outcome:
            done[scope.athlete_id] = outcome.update
            continue
        except RecoverwellError as err:  # one athlete's bad data must not stop the squad's job
            done[scope.athlete_id] = LoadStateUpdate(
                scope.athlete_id, scope.profile.name, StateAction.FAILED, str(err), None, 0
            )
            continue
        if plan.reason is not None or plan.row is None:
            writes[plan.athlete_id] = _rebuild(plan, alphas)
            done[plan.athlete_id] = _update(
                plan, writes[plan.athlete_id], StateAction.REBUILT, len(plan.daily)
            )
        elif not len(plan.daily):
            done[plan.athlete_id] = _update(plan, plan.row, StateAction.UP_TO_DATE, 0)
        else:
            groups.setdefault((plan.row["through_day"], plan.target), []).append(plan)
    for group in groups.values():
        for plan, row in zip(group, _advance_group(group, alphas), strict=True):
            writes[plan.athlete_id] = row
            done[plan.athlete_id] = _update(plan, row, StateAction.ADVANCED, len(plan.daily))
    with squad.cache_write() as conn:
        for athlete_id, update in done.items():
            if update.action is StateAction.NO_TRAINING:
                drop_load_state(conn, athlete_id)
        for athlete_id, row in writes.items():
            put_load_state(conn, athlete_id, row)
    return [done[i] for i in ids]


__all__ = ["LoadStateUpdate", "StateAction", "update_load_states"]
