"""The nightly job: bring every athlete's stored training-load state up to its last settled day.

A day is *settled* once the athlete has trained on it or tracked through it (a recovery reading
the morning after, ``LoadHistory.tracked_through``); before that its load may still arrive, so the
state never runs ahead of it. For each athlete the stored state (``store/load_states.py``) is:

- **advanced** when the daily loads it was built from are unchanged: the new days are added with
  ``metrics.incremental.advance``, every athlete at the same stored day in one vectorised step per
  day, without recomputing their history;
- **rebuilt** from the whole history, with the reason, when there is none yet or its inputs
  changed: a late import or a deleted run on an earlier day, an RPE entered afterwards, a profile
  change that changes session loads, a starting value that moved (fewer than 28 days of data when
  it was stored). The daily loads are binned from the session-load cache to check this (a digest
  of the series the state was built from); the metric series themselves are not recomputed.

The values kept are those of the daily table (``recoverwell metrics``) on the through day, with
the same conventions (PMC seeded with the first 28 days' mean load, rest = 0, no data = NaN); a
test holds the two equal.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from recoverwell.app.training import load_history, pmc_seed
from recoverwell.core.errors import RecoverwellError
from recoverwell.metrics.incremental import DayValues, LoadState, advance, initial_state
from recoverwell.metrics.pmc import FATIGUE_TAU_D, FITNESS_TAU_D, decay_alpha
from recoverwell.store.engine import reading, writing
from recoverwell.store.load_states import (
    drop_load_state,
    get_load_states,
    pack_window,
    put_load_state,
    unpack_window,
)

if TYPE_CHECKING:
    from recoverwell.app.workspace import Workspace

Array = npt.NDArray[np.float64]


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
    athlete_id: int
    name: str
    daily: Array  # daily loads from the first recorded day through the target day
    first_day: date
    seed_au: float
    row: dict[str, Any] | None
    reason: str | None  # why the stored state cannot be advanced (None: it can)

    @property
    def target(self) -> date:
        return self.first_day + timedelta(days=len(self.daily) - 1)


def _digest(daily: Array) -> str:
    return hashlib.sha256(np.ascontiguousarray(daily, dtype="<f8").tobytes()).hexdigest()


def _stale_reason(plan: _Plan, alphas: tuple[float, float]) -> str | None:
    row = plan.row
    if row is None:
        return "no stored state yet"
    if row["first_day"] != plan.first_day:
        return f"the first recorded day is now {plan.first_day.isoformat()}"
    if (row["fitness_alpha"], row["fatigue_alpha"]) != alphas:
        return "the fitness/fatigue time constants changed"
    if row["through_day"] > plan.target:
        return f"it was stored through {row['through_day'].isoformat()}, after the target day"
    if _digest(plan.daily[: row["days"]]) != row["inputs_digest"]:
        return (
            f"daily loads up to {row['through_day'].isoformat()} changed (a late import, a "
            "deleted run, an RPE entered afterwards or a profile change)"
        )
    if row["seed_au"] != plan.seed_au:
        return "the starting fitness moved (stored with under 28 days of data)"
    return None


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


def _row(plan: _Plan, state: LoadState, i: int, values: DayValues) -> dict[str, Any]:
    return {
        "first_day": plan.first_day,
        "through_day": plan.target,
        "days": len(plan.daily),
        "inputs_digest": _digest(plan.daily),
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


def _rebuild(plan: _Plan, alphas: tuple[float, float]) -> dict[str, Any]:
    history = plan.daily[np.newaxis, :-1]
    state = initial_state(
        history,
        fitness_alpha=alphas[0],
        fatigue_alpha=alphas[1],
        fitness_seed=plan.seed_au,
        fatigue_seed=plan.seed_au,
    )
    state, values = advance(state, plan.daily[-1:])
    return _row(plan, state, 0, values)


def _advance_group(plans: list[_Plan], alphas: tuple[float, float]) -> list[dict[str, Any]]:
    """Add the same new days to athletes stored through the same day, all at once."""
    rows = [p.row for p in plans if p.row is not None]
    state = _state_of(rows, alphas)
    # same stored day and target, so the same new days; each athlete's own first day
    loads = np.stack([p.daily[int(r["days"]) :] for p, r in zip(plans, rows, strict=True)])
    values: DayValues | None = None
    for d in range(loads.shape[1]):
        state, values = advance(state, loads[:, d])
    assert values is not None  # a group has at least one new day
    return [_row(p, state, i, values) for i, p in enumerate(plans)]


def update_load_states(
    ws: Workspace, through: date | None = None, athlete_ids: list[int] | None = None
) -> list[LoadStateUpdate]:
    """Advance (or rebuild) the stored state of every athlete, or of ``athlete_ids``.

    ``through`` caps the day (default: each athlete's last settled day). All states are written
    in one transaction.
    """
    alphas = (decay_alpha(FITNESS_TAU_D), decay_alpha(FATIGUE_TAU_D))
    athletes = [a for a in ws.athletes() if athlete_ids is None or a.id in athlete_ids]
    ids = [a.id for a in athletes if a.id is not None]
    with reading(ws.engine) as conn:
        stored = get_load_states(conn, ids)
    done: dict[int, LoadStateUpdate] = {}
    plans: list[_Plan] = []
    for profile in athletes:
        assert profile.id is not None  # stored profiles have ids
        try:
            history = load_history(ws, profile.id)
            first, settled = history.first_day, history.tracked_through
            full = None if settled is None else history.daily_inputs(settled)["daily_load_au"]
        except RecoverwellError as err:  # one athlete's bad data must not stop the squad's job
            done[profile.id] = LoadStateUpdate(
                profile.id, profile.name, StateAction.FAILED, str(err), None, 0
            )
            continue
        if first is None or settled is None or full is None:
            done[profile.id] = LoadStateUpdate(
                profile.id, profile.name, StateAction.NO_TRAINING, "nothing recorded", None, 0
            )
            continue
        target = settled if through is None else min(through, settled)
        if target < first:
            reason = f"no training on or before {target.isoformat()}"
            done[profile.id] = LoadStateUpdate(
                profile.id, profile.name, StateAction.NOT_YET, reason, None, 0
            )
            continue
        daily = full[: (target - first).days + 1]
        plan = _Plan(
            profile.id, profile.name, daily, first, pmc_seed(full), stored.get(profile.id), None
        )
        plan.reason = _stale_reason(plan, alphas)
        plans.append(plan)
    writes: dict[int, dict[str, Any]] = {}
    groups: dict[date, list[_Plan]] = {}
    for plan in plans:
        if plan.reason is not None:
            writes[plan.athlete_id] = _rebuild(plan, alphas)
            done[plan.athlete_id] = _update(
                plan, writes[plan.athlete_id], StateAction.REBUILT, len(plan.daily)
            )
        elif plan.row is not None and plan.row["through_day"] == plan.target:
            done[plan.athlete_id] = _update(plan, plan.row, StateAction.UP_TO_DATE, 0)
        elif plan.row is not None:
            groups.setdefault(plan.row["through_day"], []).append(plan)
    for group in _by_target(groups):
        for plan, row in zip(group, _advance_group(group, alphas), strict=True):
            writes[plan.athlete_id] = row
            added = len(plan.daily) - int(plan.row["days"] if plan.row else 0)
            done[plan.athlete_id] = _update(plan, row, StateAction.ADVANCED, added)
    with writing(ws.engine) as conn:
        for athlete_id, update in done.items():
            if update.action is StateAction.NO_TRAINING:
                drop_load_state(conn, athlete_id)
        for athlete_id, row in writes.items():
            put_load_state(conn, athlete_id, row)
    return [done[i] for i in ids]


def _by_target(groups: dict[date, list[_Plan]]) -> list[list[_Plan]]:
    """Split each same-stored-day group by target day (athletes settled on different days)."""
    out: list[list[_Plan]] = []
    for plans in groups.values():
        by_target: dict[date, list[_Plan]] = {}
        for plan in plans:
            by_target.setdefault(plan.target, []).append(plan)
        out.extend(by_target.values())
    return out


__all__ = ["LoadStateUpdate", "StateAction", "update_load_states"]
