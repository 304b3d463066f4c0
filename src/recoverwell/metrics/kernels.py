"""Vectorised building blocks shared by every metric family: EWMA and rolling windows.

All kernels work along the last axis (days), on 1-D series or (athletes × days) matrices, never
mutate their input, and treat NaN as "no data": a rolling statistic counts only valid values and
is NaN where fewer than ``min_periods`` are present. They are plain numpy (ecosystem.md §3.5: the
day-axis loop for the EWMA, cumulative sums for windows; no scipy, no pandas).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import MetricInputError

Array = npt.NDArray[np.float64]

#: Where a window's spread (Σ(x − x̄)²) is below this fraction of the running (prefix) sum of
#: squares it was differenced from, a cumulative-sum difference has lost too many digits
#: (float64 keeps ~16): those windows are recomputed exactly, two-pass, from their values.
SPREAD_RTOL = 1e-8


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


#: Rows (series) processed together. Blocks keep the working set in cache and avoid one large
#: transposed copy of an (athletes × days) matrix; EWMA blocks are larger because its day loop
#: pays a fixed cost per day and block.
EWMA_BLOCK_ROWS = 8192
#: Up to this many series the EWMA runs as a float loop per series (a vector call per day costs
#: more than the arithmetic when the vectors are this short).
EWMA_LOOP_ROWS = 16
#: The closed-form single-series EWMA: chunks of at most this many days, within which the weights
#: d⁻ᵏ grow by at most this factor (float64 keeps ~16 digits: ≤ 1e6 costs at most 6 of them in a
#: sum that is scaled back down, far below the 1e-9 the tests ask for). Above the α limit (fast
#: decay, short chunks) the plain loop is as quick.
CLOSED_FORM_MAX_CHUNK = 256
CLOSED_FORM_MAX_GROWTH = 1e6
CLOSED_FORM_MAX_ALPHA = 0.5
TRANSPOSE_STRIP = 256
WINDOW_BLOCK_ROWS = 1024


def _as_rows(x: Array) -> Array:
    """The series as a 2-D (series × days) array: a view when possible, never written to."""
    return x.reshape(-1, x.shape[-1]) if x.ndim != 1 else x.reshape(1, -1)


def _blocks(n_rows: int, size: int) -> list[slice]:
    return [slice(start, start + size) for start in range(0, n_rows, size)]


def ewma(values: npt.ArrayLike, alpha: float, *, seed: float | Array | None = None) -> Array:
    """Exponentially weighted moving average along the last axis.

    y[t] = y[t−1] + α·(x[t] − y[t−1]), with y[−1] = ``seed`` (0 when None, the PMC convention
    of "no training before the first day"). A NaN input leaves the state unchanged and yields
    NaN for that day, so "no data" never decays fitness as if it were rest.

    A matrix is walked day by day with the series vectorised, in blocks of rows (ecosystem.md
    §3.5, method b2); a single series uses a plain float loop, which is faster for one athlete.
    """
    x = np.asarray(values, dtype=np.float64)
    if not 0 < alpha <= 1:
        raise MetricInputError(f"EWMA α must be in (0, 1], got {alpha}")
    if x.ndim == 0:
        raise MetricInputError("EWMA needs at least one day axis")
    if x.ndim == 1:
        return _ewma_1d(x, alpha, 0.0 if seed is None else float(np.asarray(seed)))
    rows = _as_rows(x)
    seeds = np.zeros(rows.shape[0]) if seed is None else np.broadcast_to(seed, x.shape[:-1])
    seeds = np.asarray(seeds, dtype=np.float64).reshape(-1)
    if rows.shape[0] <= EWMA_LOOP_ROWS:  # a few series: the float loop beats vector calls
        out = np.empty(rows.shape)
        for i, row in enumerate(rows):
            out[i] = _ewma_1d(row, alpha, float(seeds[i]))
        return out.reshape(x.shape)
    # Days-first result, returned transposed (a view): no second transpose of the output.
    days_first = np.empty((rows.shape[1], rows.shape[0]))
    for block in _blocks(rows.shape[0], EWMA_BLOCK_ROWS):
        _transpose_into(rows[block], days_first[:, block])
        _ewma_days_first(days_first[:, block], alpha, seeds[block].copy())
    return days_first.T.reshape(x.shape)


def _transpose_into(src: Array, dst: Array) -> None:
    """dst[...] = src.T, in cache-sized column strips (a plain .T copy thrashes the cache)."""
    for start in range(0, src.shape[0], TRANSPOSE_STRIP):
        dst[:, start : start + TRANSPOSE_STRIP] = src[start : start + TRANSPOSE_STRIP].T


def _ewma_days_first(xt: Array, alpha: float, state: Array) -> None:
    """EWMA of a (days × series) block, day by day, written over the block in place."""
    step = np.empty_like(state)
    if not np.isnan(xt).any():
        for row in xt:
            np.subtract(row, state, out=step)
            step *= alpha
            state += step
            row[...] = state
        return
    for row in xt:
        missing = np.isnan(row)
        np.subtract(row, state, out=step)
        step *= alpha
        np.copyto(step, 0.0, where=missing)
        state += step
        row[...] = state
        row[missing] = np.nan


def _ewma_1d(x: Array, alpha: float, state: float) -> Array:
    if alpha <= CLOSED_FORM_MAX_ALPHA and not np.isnan(x).any():
        return _ewma_closed_form(x, alpha, state)
    return _ewma_loop(x, alpha, state)


def _ewma_closed_form(x: Array, alpha: float, state: float) -> Array:
    """The EWMA of a series without NaN, chunk by chunk in closed form.

    Within a chunk of K days starting from state s: y[j] = dʲ⁺¹·s + α·dʲ·Σₖ≤ⱼ d⁻ᵏ·x[k], with
    d = 1 − α; K keeps d⁻ᴷ ≤ CLOSED_FORM_MAX_GROWTH so no digits are lost. Only the K-day
    chunks' states are carried in a loop.
    """
    d = 1.0 - alpha
    k = int(min(CLOSED_FORM_MAX_CHUNK, max(1.0, math.log(CLOSED_FORM_MAX_GROWTH) / -math.log(d))))
    n = len(x)
    n_chunks = -(-n // k)
    padded = np.zeros(n_chunks * k)
    padded[:n] = x
    j = np.arange(k, dtype=np.float64)
    sums = np.cumsum(padded.reshape(n_chunks, k) * d**-j, axis=1)
    decay = d**j
    starts = np.empty(n_chunks)
    for c in range(n_chunks):  # the state entering each chunk
        starts[c] = state
        state = d**k * state + alpha * decay[-1] * sums[c, -1]
    y = (d * decay) * starts[:, np.newaxis] + alpha * decay * sums
    return y.reshape(-1)[:n].copy()


def _ewma_loop(x: Array, alpha: float, state: float) -> Array:
    out = []
    for v in x.tolist():
        if v != v:  # NaN: no data, the state is kept
            out.append(math.nan)
        else:
            state += alpha * (v - state)
            out.append(state)
    return np.array(out, dtype=np.float64).reshape(x.shape)


def _prefix_to_window(prefix: Array, window_d: int, out: Array) -> Array:
    """Trailing-window sums from prefix sums along the last axis, written into ``out``."""
    out[..., :window_d] = prefix[..., :window_d]
    np.subtract(prefix[..., window_d:], prefix[..., :-window_d], out=out[..., window_d:])
    return out


def _rolled(a: Array, window_d: int) -> Array:
    """Trailing-window sums along the last axis (``a`` becomes the prefix sums, in place)."""
    np.cumsum(a, axis=-1, out=a)
    return _prefix_to_window(a, window_d, np.empty_like(a))


class _Windows(NamedTuple):
    n_valid: Array  # valid values in the window (broadcasts against the block)
    total: Array  # centred sum over the window; the caller's output slice, finished in place
    squares: Array | None  # centred sum of squares over the window
    prefix_squares: Array | None  # centred sum of squares from the first day (error scale)
    centre: Array  # each series' own mean
    values: Array  # the block itself (read only)
    dense: bool  # no NaN in the block: n_valid is the same (1 × days) row for every series


def _window_block(block: Array, window_d: int, out: Array, *, squares: bool) -> _Windows:
    """Rolling count, sums (into ``out``) and, for an SD, centred sums of squares of a block.

    For an SD each series is centred on its own mean first, which keeps the sums of squares well
    conditioned; a mean or sum needs no centring (its centre is 0).
    """
    n_days = block.shape[-1]
    row_sums = block.sum(axis=-1, keepdims=True)  # one pass: also tells whether any NaN is there
    if np.isnan(row_sums).any():
        missing = np.isnan(block)
        valid = ~missing
        v = np.where(valid, block, 0.0)
        centre = np.zeros_like(row_sums)
        if squares:
            centre = v.sum(axis=-1, keepdims=True) / np.maximum(valid.sum(-1, keepdims=True), 1)
            v -= centre
            np.copyto(v, 0.0, where=missing)
        count = _rolled(valid.astype(np.float64), window_d)
        dense = False
    else:
        centre = row_sums / max(n_days, 1) if squares else np.zeros_like(row_sums)
        v = block - centre if squares else block.copy()
        count = np.minimum(np.arange(1, n_days + 1, dtype=np.float64), window_d)[np.newaxis, :]
        dense = True
    prefix = sq = None
    if squares:
        prefix = v * v
        sq = _rolled(prefix, window_d)
    np.cumsum(v, axis=-1, out=v)
    window = _prefix_to_window(v, window_d, out)
    return _Windows(count, window, sq, prefix, centre, block, dense=dense)


def _rolling(
    values: npt.ArrayLike,
    window_d: int,
    finish: Callable[[_Windows, slice], None],
    *,
    squares: bool = False,
) -> Array:
    if window_d < 1:
        raise MetricInputError(f"window must be at least 1 day, got {window_d}")
    x = np.asarray(values, dtype=np.float64)
    if x.ndim == 0:
        raise MetricInputError("a rolling window needs at least one day axis")
    rows = _as_rows(x)
    out = np.empty(rows.shape)
    for block in _blocks(rows.shape[0], WINDOW_BLOCK_ROWS):
        finish(_window_block(rows[block], window_d, out[block], squares=squares), block)
    return out.reshape(x.shape)


def _blank_short_windows(w: _Windows, need: int, out: Array) -> None:
    if w.dense:  # no NaN: the count only grows, so the short windows are the first days
        out[..., : int(np.count_nonzero(w.n_valid < need))] = np.nan
        return
    np.copyto(out, np.nan, where=np.broadcast_to(w.n_valid < need, out.shape))


def rolling_mean(values: npt.ArrayLike, window_d: int, *, min_periods: int | None = None) -> Array:
    """Mean of the valid values in the trailing window [t − w + 1, t].

    NaN where fewer than ``min_periods`` (default: the full window) values are valid.
    """
    need = max(window_d if min_periods is None else min_periods, 1)

    def finish(w: _Windows, _: slice) -> None:
        total = w.total
        with np.errstate(invalid="ignore", divide="ignore"):
            total /= w.n_valid
        _blank_short_windows(w, need, total)

    return _rolling(values, window_d, finish)


def rolling_sum(values: npt.ArrayLike, window_d: int, *, min_periods: int | None = None) -> Array:
    """Sum of the valid values in the trailing window; NaN below ``min_periods`` valid values."""
    need = max(window_d if min_periods is None else min_periods, 1)

    def finish(w: _Windows, _: slice) -> None:
        total = w.total
        _blank_short_windows(w, need, total)

    return _rolling(values, window_d, finish)


def rolling_sd(
    values: npt.ArrayLike, window_d: int, *, ddof: int = 1, min_periods: int | None = None
) -> Array:
    """Standard deviation of the valid values in the trailing window (``ddof`` 1 = sample SD).

    NaN where fewer than ``min_periods`` (default: the full window) values, or ≤ ddof, are valid.
    """
    return rolling_mean_sd(values, window_d, ddof=ddof, min_periods=min_periods).sd


class MeanSd(NamedTuple):
    """Rolling mean and standard deviation over the same windows."""

    mean: Array
    sd: Array


def rolling_mean_sd(
    values: npt.ArrayLike, window_d: int, *, ddof: int = 1, min_periods: int | None = None
) -> MeanSd:
    """``rolling_mean`` and ``rolling_sd`` in one pass (they share the windows' sums).

    The mean is NaN below ``min_periods`` valid values, the SD also where only ≤ ddof are.
    """
    need_mean = max(window_d if min_periods is None else min_periods, 1)
    need = max(need_mean, ddof + 1)
    x = np.asarray(values, dtype=np.float64)
    means = np.empty(_as_rows(x).shape) if x.ndim else np.empty(0)

    def finish(w: _Windows, block: slice) -> None:
        spread, squares, prefix = w.total, w.squares, w.prefix_squares
        if squares is None or prefix is None:  # pragma: no cover - asked for squares below
            raise MetricInputError("rolling SD needs the sums of squares")
        mean = means[block]
        with np.errstate(invalid="ignore", divide="ignore"):
            np.divide(spread, w.n_valid, out=mean)  # the centred mean, for now
            spread *= mean  # (Σv)² / n
            np.subtract(squares, spread, out=spread)  # Σ(x − x̄)² of each window
            mean += w.centre
            ill = _ill_conditioned(spread, prefix, w, need)
            if ill is not None:
                spread[ill] = _exact_spread(w.values, window_d, ill)
            spread *= 1.0 / (w.n_valid - ddof)  # a row of factors when there is no NaN
            np.sqrt(spread, out=spread)
        _blank_short_windows(w, need_mean, mean)
        _blank_short_windows(w, need, spread)

    sd = _rolling(x, window_d, finish, squares=True)
    return MeanSd(means.reshape(x.shape), sd)


def _ill_conditioned(
    spread: Array, prefix: Array, w: _Windows, need: int
) -> npt.NDArray[np.bool_] | None:
    """Windows whose spread lost too many digits to the prefix sums (None when there are none)."""
    if w.dense:
        full = spread[..., int(np.count_nonzero(w.n_valid < need)) :]
        if full.size == 0 or full.min() > SPREAD_RTOL * prefix.max():
            return None  # the common case, decided with two reductions
    ill = (spread <= SPREAD_RTOL * prefix) & (w.n_valid >= need)
    return ill if ill.any() else None


def _exact_spread(block: Array, window_d: int, where: npt.NDArray[np.bool_]) -> Array:
    """Σ(x − x̄)² over the valid values of the windows ending at ``where``, two-pass (exact).

    A window whose valid values are all equal has a spread of exactly 0.
    """
    rows, ends = np.nonzero(where)
    idx = ends[:, np.newaxis] - np.arange(window_d)[np.newaxis, :]
    vals = np.where(idx >= 0, block[rows[:, np.newaxis], np.maximum(idx, 0)], np.nan)
    valid = ~np.isnan(vals)
    n = np.maximum(valid.sum(axis=1), 1)
    mean = np.where(valid, vals, 0.0).sum(axis=1) / n
    dev = np.where(valid, vals - mean[:, np.newaxis], 0.0)
    spread = (dev * dev).sum(axis=1)
    lo = np.where(valid, vals, np.inf).min(axis=1)
    hi = np.where(valid, vals, -np.inf).max(axis=1)
    return np.where(lo == hi, 0.0, spread)


def rolling_count(mask: npt.ArrayLike, window_d: int) -> npt.NDArray[np.int64]:
    """How many True values the trailing window holds (exact integer sums; partial at first)."""
    if window_d < 1:
        raise MetricInputError(f"window must be at least 1 day, got {window_d}")
    c = np.cumsum(np.asarray(mask, dtype=bool), axis=-1, dtype=np.int64)
    out = c.copy()
    out[..., window_d:] -= c[..., :-window_d]
    return out


def rolling_max(values: npt.ArrayLike, window_d: int, *, min_periods: int = 1) -> Array:
    """Largest valid value in the trailing window; NaN below ``min_periods`` valid values."""
    return _rolling_extreme(values, window_d, min_periods, np.maximum, -np.inf)


def rolling_min(values: npt.ArrayLike, window_d: int, *, min_periods: int = 1) -> Array:
    """Smallest valid value in the trailing window; NaN below ``min_periods`` valid values."""
    return _rolling_extreme(values, window_d, min_periods, np.minimum, np.inf)


def _rolling_extreme(
    values: npt.ArrayLike,
    window_d: int,
    min_periods: int,
    pick: np.ufunc,
    neutral: float,
) -> Array:
    if window_d < 1:
        raise MetricInputError(f"window must be at least 1 day, got {window_d}")
    v = np.array(values, dtype=np.float64, copy=True)
    missing = np.isnan(v)
    np.copyto(v, neutral, where=missing)
    out = v.copy()
    for lag_d in range(1, window_d):  # windows are days to weeks long: w passes are cheap
        pick(out[..., lag_d:], v[..., :-lag_d], out=out[..., lag_d:])
    np.copyto(out, np.nan, where=rolling_count(~missing, window_d) < max(min_periods, 1))
    return out


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


def rolling_valid_count(values: npt.ArrayLike, window_d: int) -> Array:
    """How many values in the trailing window [t − w + 1, t] are valid (not NaN), as floats."""
    x = np.asarray(values, dtype=np.float64)
    return rolling_count(~np.isnan(x), window_d).astype(np.float64)


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
