"""Personal baselines shared by every recovery signal: rolling normal, band, z-score, CV, streaks.

docs/science.md §0: "normal" is the athlete's own rolling 60-day window, "recent" is 7 days, and no
personalised flag is raised before 14 days of data (21–28 for HRV bands). A user is never
compared with population norms for HRV or RHR.

Every baseline here ends *yesterday* (``lag``), so today's reading is judged against a normal it
is not part of. All functions work on 1-D day series or (athletes × days) matrices, treat NaN as
"no reading" and never mutate their inputs. They build on ``metrics.kernels``.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
import numpy.typing as npt

from recoverwell.metrics.kernels import lag, rolling_mean, rolling_sd, rolling_valid_count

Array = npt.NDArray[np.float64]

#: docs/science.md §0 "Baselines": normal = personal rolling 60-day window.
NORMAL_WINDOW_D = 60
#: docs/science.md §0: at least 14 days of data before personalised flags.
NORMAL_MIN_D = 14
#: docs/science.md §0: "recent" = 7-day rolling.
RECENT_WINDOW_D = 7
#: Plews 2014 (docs/science.md §0 "Data quality", A1): ≥ 3 valid readings a week.
RECENT_MIN_READINGS = 3
#: Plews 2013 / HRV4Training (docs/science.md A2): normal band = mean ± 0.5 SD (the SWC).
BAND_WIDTH_SD = 0.5


def baseline_mean(
    values: npt.ArrayLike, *, window_d: int = NORMAL_WINDOW_D, min_periods: int = NORMAL_MIN_D
) -> Array:
    """Mean of the valid values over the ``window_d`` days before each day (today excluded)."""
    return rolling_mean(lag(values), window_d, min_periods=min_periods)


def baseline_sd(
    values: npt.ArrayLike, *, window_d: int = NORMAL_WINDOW_D, min_periods: int = NORMAL_MIN_D
) -> Array:
    """Sample SD of the valid values over the ``window_d`` days before each day (today excluded)."""
    return rolling_sd(lag(values), window_d, ddof=1, min_periods=min_periods)


def deviation_z(
    values: npt.ArrayLike, mean: npt.ArrayLike, sd: npt.ArrayLike, *, sd_floor: float = 0.0
) -> Array:
    """(x − mean) / max(sd, sd_floor); NaN where any is missing or the divisor is 0.

    ``sd_floor`` keeps a very steady athlete (SD ≈ 0) from turning a one-unit change into an
    extreme z; it is in the signal's own unit (e.g. 1 bpm, one Hooper point).
    """
    x, m, s = (np.asarray(a, dtype=np.float64) for a in (values, mean, sd))
    scale = np.fmax(s, sd_floor) if sd_floor > 0 else s
    scale = np.where(np.isnan(s), np.nan, scale)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(scale > 0, (x - m) / scale, np.nan)


def normal_band(
    mean: npt.ArrayLike, sd: npt.ArrayLike, *, width_sd: float = BAND_WIDTH_SD
) -> tuple[Array, Array]:
    """(low, high) = mean ∓ width_sd · SD."""
    m, s = (np.asarray(a, dtype=np.float64) for a in (mean, sd))
    return m - width_sd * s, m + width_sd * s


class BandPosition(IntEnum):
    """Where a value is against its normal band (``band_position``)."""

    BELOW = -1
    INSIDE = 0  # edges included
    ABOVE = 1


def band_position(values: npt.ArrayLike, low: npt.ArrayLike, high: npt.ArrayLike) -> Array:
    """The ``BandPosition`` of each value (−1 below the band, 0 inside with the edges, +1 above);
    NaN when anything is missing."""
    x, lo, hi = (np.asarray(a, dtype=np.float64) for a in (values, low, high))
    pos = np.where(
        x < lo, BandPosition.BELOW, np.where(x > hi, BandPosition.ABOVE, BandPosition.INSIDE)
    ).astype(np.float64)
    return np.where(np.isnan(x) | np.isnan(lo) | np.isnan(hi), np.nan, pos)


def rolling_cv_pct(
    values: npt.ArrayLike,
    *,
    window_d: int = RECENT_WINDOW_D,
    min_periods: int = RECENT_MIN_READINGS,
) -> Array:
    """Coefficient of variation, sample SD / mean × 100, over the trailing window (today included).

    Elite HRV's "HRV CV" (docs/anchors.md §2.6) and Plews 2012's 7-day CV of ln rMSSD.
    """
    x = np.asarray(values, dtype=np.float64)
    mean = rolling_mean(x, window_d, min_periods=min_periods)
    sd = rolling_sd(x, window_d, ddof=1, min_periods=min_periods)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(mean != 0, sd / mean * 100.0, np.nan)


def recent_count(values: npt.ArrayLike, *, window_d: int = RECENT_WINDOW_D) -> Array:
    """Valid readings in the trailing ``window_d`` days (today included)."""
    return rolling_valid_count(values, window_d)


def streak_days(condition: npt.ArrayLike) -> Array:
    """Consecutive days, ending on each day, on which ``condition`` holds (NaN/False break it).

    ``condition`` is boolean or 0/1 with NaN for "unknown"; unknown days break a streak, so a
    run of flags is never stitched across a gap in the data.
    """
    c = np.asarray(condition, dtype=np.float64)
    hit = np.where(np.isnan(c), 0.0, c) > 0
    idx = np.arange(c.shape[-1], dtype=np.float64)
    # the streak on day t is t minus the last day at or before t on which it did not hold
    broken = np.maximum.accumulate(np.where(hit, -1.0, idx), axis=-1)
    return idx - broken


def days_since_reading(values: npt.ArrayLike) -> Array:
    """Age in days of the latest valid value at or before each day (0 = today); NaN if none yet."""
    x = np.asarray(values, dtype=np.float64)
    idx = np.arange(x.shape[-1], dtype=np.float64)
    last = np.where(~np.isnan(x), idx, np.nan)
    last = np.fmax.accumulate(last, axis=-1)
    return idx - last


def last_valid(values: npt.ArrayLike) -> Array:
    """The latest valid value at or before each day (carried forward); NaN before the first."""
    x = np.asarray(values, dtype=np.float64)
    idx = np.where(~np.isnan(x), np.arange(x.shape[-1]), 0)
    idx = np.maximum.accumulate(idx, axis=-1)
    return np.take_along_axis(x, idx, axis=-1)
