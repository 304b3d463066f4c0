"""Sessions → daily series in the athlete's local days, keeping rest (0) and no data (NaN) apart.

The app decides which days are *covered* (from the first recorded activity to the last day data
is known for, per training segment: ``segment_bounds``); inside that span a day without a session
is a rest day, 0. Outside it, the day
has no data, NaN. A day whose sessions all lack a value (no load model applied) is NaN too, not
rest; a day with some known and some unknown sessions keeps the known sum, and
``daily_count(..., where=unknown)`` tells the caller it is incomplete.

Sessions are given as day offsets (0 = the first day of the series) with one value each.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import MetricInputError

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
S_PER_H = 3600.0


def day_offsets(days: list[date] | tuple[date, ...], first_day: date) -> IntArray:
    """Each day's offset from ``first_day`` (0 = the first day of the series)."""
    return np.array([(d - first_day).days for d in days], dtype=np.int64)


def covered_mask(n_days: int, first_covered: int | None, last_covered: int | None) -> BoolArray:
    """True for the days between the first and last covered offsets (inclusive)."""
    mask = np.zeros(n_days, dtype=bool)
    if first_covered is None or last_covered is None:
        return mask
    mask[max(first_covered, 0) : max(last_covered + 1, 0)] = True
    return mask


def segment_bounds(offsets: IntArray, gap_d: int) -> tuple[IntArray, IntArray]:
    """The training segments of a history: the first and last session day of each.

    Formula: with the distinct session days s₀ < s₁ < … < sₘ (day offsets), sᵢ starts a new
    segment when sᵢ − sᵢ₋₁ − 1 > gap_d (more than ``gap_d`` days in a row without a session);
    s₀ starts the first. Each segment ends on its last session day.
    Units: day offsets (0 = the first day of the series); ``gap_d`` in days.
    Source: GoldenCheetah src/Metrics/PMCData.cpp (a season restarts LTS/STS from its own seed);
    the gap: Mujika & Padilla (2000) Sports Med 30:79, 30:145 (detraining beyond 4 weeks).
    """
    days = np.unique(np.asarray(offsets, dtype=np.int64))
    if not days.size:
        return days, days
    new = np.r_[True, np.diff(days) - 1 > gap_d]
    return days[new], days[np.r_[new[1:], True]]


def _check(offsets: IntArray, n_days: int, *arrays: npt.ArrayLike) -> IntArray:
    off = np.asarray(offsets, dtype=np.int64)
    for a in arrays:
        if np.shape(a) != off.shape:
            raise MetricInputError("one value per session is needed")
    if off.size and (off.min() < 0 or off.max() >= n_days):
        raise MetricInputError(f"session day offsets must lie in 0..{n_days - 1}")
    return off


def daily_total(offsets: IntArray, values: npt.ArrayLike, n_days: int, covered: BoolArray) -> Array:
    """Sum of the sessions' values per day; 0 on covered days without sessions, NaN elsewhere.

    A day whose sessions all have NaN values is NaN (unknown, not rest).
    """
    v = np.asarray(values, dtype=np.float64)
    off = _check(offsets, n_days, v)
    known = ~np.isnan(v)
    total = np.bincount(off[known], weights=v[known], minlength=n_days).astype(np.float64)
    n_known = np.bincount(off[known], minlength=n_days)
    n_any = np.bincount(off, minlength=n_days)
    total = np.where(covered, total, np.nan)
    return np.where((n_any > 0) & (n_known == 0), np.nan, total)


def daily_count(
    offsets: IntArray, n_days: int, covered: BoolArray, where: BoolArray | None = None
) -> Array:
    """Number of sessions per day (only those ``where`` is True); NaN outside the covered span."""
    off = _check(offsets, n_days)
    pick = off if where is None else off[np.asarray(where, dtype=bool)]
    return np.where(covered, np.bincount(pick, minlength=n_days).astype(np.float64), np.nan)


def daily_max(offsets: IntArray, values: npt.ArrayLike, n_days: int, covered: BoolArray) -> Array:
    """Largest session value per day (e.g. the longest run); 0 on rest days, NaN outside."""
    v = np.asarray(values, dtype=np.float64)
    off = _check(offsets, n_days, v)
    out = np.zeros(n_days)
    known = ~np.isnan(v)
    np.maximum.at(out, off[known], v[known])
    return np.where(covered, out, np.nan)


def daily_min_gap_h(
    offsets: IntArray, start_s: npt.ArrayLike, end_s: npt.ArrayLike, n_days: int
) -> Array:
    """Shortest rest, in hours, between the end of one session and the start of the next,
    given to the day of the later session; NaN on days without a session after another.

    ``start_s`` and ``end_s`` are the sessions' start and end as seconds on any common clock.
    """
    start = np.asarray(start_s, dtype=np.float64)
    end = np.asarray(end_s, dtype=np.float64)
    off = _check(offsets, n_days, start, end)
    out = np.full(n_days, np.inf)
    order = np.argsort(start, kind="stable")
    if order.size > 1:
        latest_end = np.maximum.accumulate(end[order])[:-1]
        gaps_h = np.maximum(start[order][1:] - latest_end, 0.0) / S_PER_H
        np.minimum.at(out, off[order][1:], gaps_h)
    return np.where(np.isinf(out), np.nan, out)


def week_totals(first_day: date, daily: npt.ArrayLike) -> tuple[list[date], Array]:
    """Monday-to-Sunday totals of a daily series starting on ``first_day``.

    A week is NaN when any of its days in the series is NaN; weeks cut by the series' ends
    total the days they have.
    """
    x = np.asarray(daily, dtype=np.float64)
    lead = first_day.weekday()
    padded = np.concatenate([np.zeros(lead), x])
    n_weeks = -(-len(padded) // 7)
    padded = np.concatenate([padded, np.zeros(n_weeks * 7 - len(padded))])
    totals = padded.reshape(n_weeks, 7).sum(axis=1)
    mondays = [first_day - timedelta(days=lead) + timedelta(weeks=w) for w in range(n_weeks)]
    return mondays, totals
