"""Add one day for every athlete without recomputing history.

The state per athlete is what the day's series need from the past (ecosystem.md §3.5): the two
EWMA values (fitness, fatigue) and a ring buffer of the last 28 daily loads. ``advance`` adds
one day in O(athletes × 28) (one column write and a few row reductions) and returns that day's
values; they equal a full recompute of the same series (tested), with the same conventions:
NaN load = no data (EWMAs unchanged, windows that contain it NaN), rest = 0.

The five series are the benchmark's (ecosystem.md §3.5) and the daily table's core: fitness and
fatigue (EWMA), the acute 7-day mean, and the chronic 28-day mean and SD (sample SD); from them
follow form, the coupled and uncoupled ACWR and monotony.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.acwr import ACUTE_D, CHRONIC_D
from recoverwell.metrics.kernels import SPREAD_RTOL, ewma
from recoverwell.metrics.monotony import MONOTONY_MAX, MONOTONY_MIN

Array = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class LoadState:
    """Per-athlete state after ``days`` days: EWMA values and the last ``len(window)`` loads.

    ``window`` holds one array (a load per athlete) per day, oldest first; days before the series
    began are NaN. The arrays are never written to: a new day makes a new tuple that shares the
    other 27, so adding a day copies nothing.
    """

    days: int
    fitness_alpha: float
    fatigue_alpha: float
    fitness: Array
    fatigue: Array
    window: tuple[Array, ...]


@dataclass(frozen=True, slots=True, eq=False)
class DayValues:
    """One day's values for every athlete (arrays of shape (athletes,))."""

    fitness: Array
    fatigue: Array
    form: Array  # going into the day: yesterday's fitness − fatigue
    acute_mean_7d: Array
    chronic_mean_28d: Array
    chronic_sd_28d: Array
    acwr_coupled: Array
    acwr_uncoupled: Array
    monotony: Array


def initial_state(
    history: npt.ArrayLike,
    *,
    fitness_alpha: float,
    fatigue_alpha: float,
    fitness_seed: npt.ArrayLike = 0.0,
    fatigue_seed: npt.ArrayLike = 0.0,
    window_d: int = CHRONIC_D,
) -> LoadState:
    """The state after an (athletes × days) history, computed once in full."""
    x = np.atleast_2d(np.asarray(history, dtype=np.float64))
    n_athletes, n_days = x.shape
    padding = max(window_d - n_days, 0)
    window = (np.full(n_athletes, np.nan),) * padding + tuple(
        x[:, d].copy() for d in range(max(n_days - window_d, 0), n_days)
    )
    fit = np.broadcast_to(np.asarray(fitness_seed, dtype=np.float64), (n_athletes,)).copy()
    fat = np.broadcast_to(np.asarray(fatigue_seed, dtype=np.float64), (n_athletes,)).copy()
    if n_days:
        fit = _last_state(ewma(x, fitness_alpha, seed=fit), fit)
        fat = _last_state(ewma(x, fatigue_alpha, seed=fat), fat)
    return LoadState(n_days, fitness_alpha, fatigue_alpha, fit, fat, window)


def _last_state(series: Array, seed: Array) -> Array:
    """The EWMA state after the series: its last non-NaN value (the seed if there is none)."""
    valid = ~np.isnan(series)
    last = series.shape[-1] - 1 - np.argmax(valid[:, ::-1], axis=-1)
    value = np.take_along_axis(series, last[:, np.newaxis], axis=-1)[:, 0]
    return np.where(valid.any(axis=-1), value, seed)


def _mean_sd(days: tuple[Array, ...], ddof: int) -> tuple[Array, Array]:
    """Per-athlete mean and SD over the days, in one pass (Σx, Σx²); near-constant rows (where
    Σx² − (Σx)²/n lost its digits) are redone two-pass, and all-equal rows get exactly 0."""
    n = len(days)
    total = days[0].copy()
    squares = days[0] * days[0]
    scratch = np.empty_like(total)
    for day in days[1:]:
        total += day
        np.multiply(day, day, out=scratch)
        squares += scratch
    mean = total / n
    spread = squares - total * mean
    ill = spread <= SPREAD_RTOL * squares
    if ill.any():
        rows = np.stack([day[ill] for day in days], axis=1)
        dev = rows - rows.mean(axis=-1, keepdims=True)
        exact = (dev * dev).sum(axis=-1)
        constant = rows.min(axis=-1) == rows.max(axis=-1)
        spread[ill] = np.where(constant, 0.0, exact)
    with np.errstate(invalid="ignore"):
        return mean, np.sqrt(np.maximum(spread, 0.0) / (n - ddof))


def advance(state: LoadState, loads: npt.ArrayLike) -> tuple[LoadState, DayValues]:
    """Add one day of load (one value per athlete; NaN = no data) and return its values.

    The state passed in is left as it was; the new state shares its unchanged days.
    """
    x = np.asarray(loads, dtype=np.float64)
    if x.shape != state.fitness.shape:
        raise MetricInputError(
            f"one load per athlete: expected {state.fitness.shape}, got {x.shape}"
        )
    missing = np.isnan(x)
    yesterday = state.window[-1]
    form = np.where(np.isnan(yesterday) & (state.days > 0), np.nan, state.fitness - state.fatigue)
    fit = np.where(
        missing, state.fitness, state.fitness + state.fitness_alpha * (x - state.fitness)
    )
    fat = np.where(
        missing, state.fatigue, state.fatigue + state.fatigue_alpha * (x - state.fatigue)
    )
    window = (*state.window[1:], x.copy())
    size = len(window)
    chronic, chronic_sd = _mean_sd(window, 1)
    acute, week_sd = _mean_sd(window[-ACUTE_D:], 0)
    week_mean = acute
    before = (chronic * size - acute * ACUTE_D) / (size - ACUTE_D)
    with np.errstate(divide="ignore", invalid="ignore"):
        mono = np.where(
            week_sd > 0, week_mean / week_sd, np.where(week_mean > 0, MONOTONY_MAX, MONOTONY_MIN)
        )
        mono = np.where(np.isnan(week_mean), np.nan, np.clip(mono, MONOTONY_MIN, MONOTONY_MAX))
        coupled = np.where(chronic > 0, acute / chronic, np.nan)
        uncoupled = np.where(before > 0, acute / before, np.nan)
    values = DayValues(
        fitness=np.where(missing, np.nan, fit),
        fatigue=np.where(missing, np.nan, fat),
        form=form,
        acute_mean_7d=acute,
        chronic_mean_28d=chronic,
        chronic_sd_28d=chronic_sd,
        acwr_coupled=coupled,
        acwr_uncoupled=uncoupled,
        monotony=mono,
    )
    new_state = LoadState(
        state.days + 1, state.fitness_alpha, state.fatigue_alpha, fit, fat, window
    )
    return new_state, values
