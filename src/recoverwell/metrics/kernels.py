"""Vectorised building blocks shared by every metric family: EWMA and rolling windows.

All kernels work along the last axis (days), on 1-D series or (athletes × days) matrices, never
mutate their input, and treat NaN as "no data": a rolling statistic counts only valid values and
is NaN where fewer than ``min_periods`` are present. They are plain numpy (ecosystem.md §3.5: the
day-axis loop for the EWMA, cumulative sums for windows; no scipy, no pandas).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import MetricInputError

Array = npt.NDArray[np.float64]

#: Relative spread under which a rolling window counts as constant (float64 cumsum residue).
SPREAD_RTOL = 1e-10


def alpha_exponential(tau_d: float) -> float:
    """Decay per day of the TrainingPeaks/GoldenCheetah convention: α = 1 − e^(−1/τ)."""
    if tau_d <= 0:
        raise MetricInputError(f"time constant must be positive, got {tau_d}")
    return 1.0 - math.exp(-1.0 / tau_d)


def alpha_span(n_d: float) -> float:
    """Decay per day of the Runalyze/Williams convention: α = 2 / (N + 1)."""
    if n_d <= 0:
        raise MetricInputError(f"span must be positive, got {n_d}")
    return 2.0 / (n_d + 1.0)


def ewma(values: npt.ArrayLike, alpha: float, *, seed: float | Array | None = None) -> Array:
    """Exponentially weighted moving average along the last axis.

    y[t] = y[t−1] + α·(x[t] − y[t−1]), with y[−1] = ``seed`` (0 when None, the PMC convention
    of "no training before the first day"). A NaN input leaves the state unchanged and yields
    NaN for that day, so "no data" never decays fitness as if it were rest.
    """
    x = np.asarray(values, dtype=np.float64)
    if not 0 < alpha <= 1:
        raise MetricInputError(f"EWMA α must be in (0, 1], got {alpha}")
    out = np.empty_like(x)
    state = np.zeros(x.shape[:-1]) if seed is None else np.broadcast_to(seed, x.shape[:-1]).copy()
    for t in range(x.shape[-1]):
        col = x[..., t]
        valid = ~np.isnan(col)
        state = np.where(valid, state + alpha * (np.where(valid, col, 0.0) - state), state)
        out[..., t] = np.where(valid, state, np.nan)
    return out


def _windows(x: Array, window_d: int) -> tuple[Array, Array, Array, Array]:
    """Rolling count, centred sum, centred sum of squares (``window_d`` days), and the centre."""
    if window_d < 1:
        raise MetricInputError(f"window must be at least 1 day, got {window_d}")
    valid = ~np.isnan(x)
    # Centre each row on its own mean to keep the sums of squares well conditioned.
    n_valid = valid.sum(axis=-1, keepdims=True)
    centre = np.where(n_valid > 0, np.where(valid, x, 0.0).sum(axis=-1, keepdims=True), 0.0)
    centre = centre / np.maximum(n_valid, 1)
    v = np.where(valid, x - centre, 0.0)

    def rolled(a: Array) -> Array:
        c = np.cumsum(a, axis=-1)
        shifted = np.zeros_like(c)
        shifted[..., window_d:] = c[..., :-window_d]
        return c - shifted

    return rolled(valid.astype(np.float64)), rolled(v), rolled(v * v), centre


def rolling_mean(values: npt.ArrayLike, window_d: int, *, min_periods: int | None = None) -> Array:
    """Mean of the valid values in the trailing window [t − w + 1, t].

    NaN where fewer than ``min_periods`` (default: the full window) values are valid.
    """
    x = np.asarray(values, dtype=np.float64)
    count, total, _, centre = _windows(x, window_d)
    need = window_d if min_periods is None else min_periods
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / count + centre
    return np.where(count >= max(need, 1), mean, np.nan)


def rolling_sum(values: npt.ArrayLike, window_d: int, *, min_periods: int | None = None) -> Array:
    """Sum of the valid values in the trailing window; NaN below ``min_periods`` valid values."""
    x = np.asarray(values, dtype=np.float64)
    count, total, _, centre = _windows(x, window_d)
    need = window_d if min_periods is None else min_periods
    return np.where(count >= max(need, 1), total + count * centre, np.nan)


def rolling_sd(
    values: npt.ArrayLike, window_d: int, *, ddof: int = 1, min_periods: int | None = None
) -> Array:
    """Standard deviation of the valid values in the trailing window (``ddof`` 1 = sample SD).

    NaN where fewer than ``min_periods`` (default: the full window) values, or ≤ ddof, are valid.
    """
    x = np.asarray(values, dtype=np.float64)
    count, total, squares, _ = _windows(x, window_d)
    need = max(window_d if min_periods is None else min_periods, ddof + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = squares - total * total / count
        # Differences of cumulative sums leave ~1e-14 relative residue where a window is
        # constant; below SPREAD_RTOL of the window's mean square the spread is exactly zero.
        spread = np.where(spread <= SPREAD_RTOL * squares, 0.0, spread)
        var = spread / (count - ddof)
    sd = np.sqrt(var)
    return np.where(count >= need, sd, np.nan)


def zscore(values: npt.ArrayLike, mean: npt.ArrayLike, sd: npt.ArrayLike) -> Array:
    """(x − mean) / sd; NaN where sd is 0 or missing (a flat baseline says nothing)."""
    x, m, s = (np.asarray(a, dtype=np.float64) for a in (values, mean, sd))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(s > 0, (x - m) / s, np.nan)


def lag(values: npt.ArrayLike, days: int = 1) -> Array:
    """The series shifted ``days`` later along the last axis (the first days become NaN).

    Baselines that must not include today use ``rolling_mean(lag(x), …)``.
    """
    x = np.asarray(values, dtype=np.float64)
    out = np.full_like(x, np.nan)
    if days == 0:
        return x.copy()
    out[..., days:] = x[..., :-days]
    return out


def rolling_count(values: npt.ArrayLike, window_d: int) -> Array:
    """How many values in the trailing window [t − w + 1, t] are valid (not NaN)."""
    x = np.asarray(values, dtype=np.float64)
    count, _, _, _ = _windows(x, window_d)
    return count


def rolling_median(
    values: npt.ArrayLike, window_d: int, *, min_periods: int | None = None
) -> Array:
    """Median of the valid values in the trailing window; NaN below ``min_periods`` valid values.

    Works along the last axis like the other windows (a sliding view, no cumulative sums: a
    median has none).
    """
    x = np.asarray(values, dtype=np.float64)
    if window_d < 1:
        raise MetricInputError(f"window must be at least 1 day, got {window_d}")
    need = max(window_d if min_periods is None else min_periods, 1)
    pad = np.full((*x.shape[:-1], window_d - 1), np.nan)
    view = np.lib.stride_tricks.sliding_window_view(
        np.concatenate([pad, x], axis=-1), window_d, axis=-1
    )
    count = (~np.isnan(view)).sum(axis=-1)
    out = np.full(x.shape, np.nan)
    enough = count >= need
    if enough.any():
        out[enough] = np.nanmedian(view[enough], axis=-1)
    return out
