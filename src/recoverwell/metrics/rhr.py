"""Resting heart rate against the athlete's own baseline: deviation in bpm and in SD.

docs/science.md A4 refines the guide's "+5–10 bpm above baseline" (§1 #7): the acute marker is
today ≥ 60-day mean + max(5 bpm, 1 SD), the sustained one a 7-day mean above the 60-day mean
+ 0.5 SD, and ~+10 bpm is a magnitude seen when runners doubled their mileage or fell ill. The
thresholds themselves live in ``advice/thresholds.py`` (a user may change them); ``rhr_marker``
applies the ones it is given and returns a ``RhrLevel`` per day.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
import numpy.typing as npt

from recoverwell.metrics.baseline import (
    NORMAL_MIN_D,
    NORMAL_WINDOW_D,
    RECENT_MIN_READINGS,
    RECENT_WINDOW_D,
    baseline_mean,
    baseline_sd,
    deviation_z,
)
from recoverwell.metrics.kernels import rolling_mean
from recoverwell.metrics.registry import Validity, declare_input, metric

Array = npt.NDArray[np.float64]

#: Devices report RHR in whole bpm: an SD below 1 bpm is resolution, not physiology.
RHR_SD_FLOOR_BPM = 1.0


class RhrLevel(IntEnum):
    """What ``rhr_marker`` reads a day's resting HR as; ordered: ``>= ACUTE_RISE`` is any rise."""

    USUAL = 0
    ACUTE_RISE = 1  # ≥ max(5 bpm, 1 SD) above normal (docs/science.md A4)
    MARKED_RISE = 2  # ≥ 10 bpm above normal (the guide's +10 bpm)


declare_input("rhr_bpm", "bpm", "Daily resting heart rate of one source (NaN = not measured)")


@metric(
    symbol="rhr_normal_bpm",
    title="Resting HR normal (60-day mean)",
    units="bpm",
    inputs=("rhr_bpm",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="docs/science.md A4 (60-day mean); HRV4Training "
    "normal range for HR (docs/anchors.md §2.7)",
)
def rhr_normal_bpm(
    rhr_bpm: npt.ArrayLike, *, window_d: int = NORMAL_WINDOW_D, min_readings: int = NORMAL_MIN_D
) -> Array:
    """The personal resting-HR normal: mean over the 60 days before today.

    Formula: mean of valid RHR in [d−60, d−1]; NaN with fewer than 14 readings.
    Units: bpm.  Source: docs/science.md §0 and A4.
    """
    return baseline_mean(rhr_bpm, window_d=window_d, min_periods=min_readings)


@metric(
    symbol="rhr_normal_sd_bpm",
    title="Resting HR normal SD (60 days)",
    units="bpm",
    inputs=("rhr_bpm",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="docs/science.md A4 (personal SD bands)",
)
def rhr_normal_sd_bpm(
    rhr_bpm: npt.ArrayLike, *, window_d: int = NORMAL_WINDOW_D, min_readings: int = NORMAL_MIN_D
) -> Array:
    """Day-to-day SD of resting HR over the 60 days before today.

    Formula: sample SD (ddof 1) of valid RHR in [d−60, d−1]; NaN below 14 readings.
    Units: bpm.  Source: docs/science.md A4.
    """
    return baseline_sd(rhr_bpm, window_d=window_d, min_periods=min_readings)


@metric(
    symbol="rhr_delta_bpm",
    title="Resting HR above normal",
    units="bpm",
    inputs=("rhr_bpm", "rhr_normal_bpm"),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Seed guide +5/+10 bpm, refined in docs/science.md §1 #7 and A4",
)
def rhr_delta_bpm(rhr_bpm: npt.ArrayLike, rhr_normal_bpm: npt.ArrayLike) -> Array:
    """Today's resting HR minus the personal normal (positive = higher than usual).

    Formula: RHR_d − normal_d.
    Units: bpm.  Source: the guide's "+5–10 bpm above baseline", refined by docs/science.md A4.
    """
    return np.asarray(rhr_bpm, dtype=np.float64) - np.asarray(rhr_normal_bpm, dtype=np.float64)


@metric(
    symbol="rhr_z",
    title="Resting HR vs normal (z)",
    units="SD",
    inputs=("rhr_bpm", "rhr_normal_bpm", "rhr_normal_sd_bpm"),
    aggregation="last",
    validity=Validity.USEFUL,
    source="docs/science.md A4 (personal SD bands); Buchheit 2014",
)
def rhr_z(
    rhr_bpm: npt.ArrayLike,
    rhr_normal_bpm: npt.ArrayLike,
    rhr_normal_sd_bpm: npt.ArrayLike,
    *,
    sd_floor_bpm: float = RHR_SD_FLOOR_BPM,
) -> Array:
    """Today's resting HR in SDs of the personal normal (positive = higher than usual).

    Formula: (RHR_d − normal_d) / max(SD_d, 1 bpm).
    Units: standard deviations.  Source: docs/science.md A4; the 1 bpm floor is device resolution.
    """
    return deviation_z(rhr_bpm, rhr_normal_bpm, rhr_normal_sd_bpm, sd_floor=sd_floor_bpm)


@metric(
    symbol="rhr_7d_bpm",
    title="Resting HR 7-day mean",
    units="bpm",
    inputs=("rhr_bpm",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="docs/science.md A4 (sustained rise: 7-day mean) and §8a (use 7-day trends)",
)
def rhr_7d_bpm(
    rhr_bpm: npt.ArrayLike,
    *,
    window_d: int = RECENT_WINDOW_D,
    min_readings: int = RECENT_MIN_READINGS,
) -> Array:
    """Mean resting HR over the last 7 days, today included.

    Formula: mean of valid RHR in [d−6, d]; NaN with fewer than 3 readings.
    Units: bpm.  Source: docs/science.md A4 and §8a.
    """
    return rolling_mean(rhr_bpm, window_d, min_periods=min_readings)


def rhr_marker(
    delta_bpm: npt.ArrayLike,
    sd_bpm: npt.ArrayLike,
    *,
    acute_bpm: float,
    acute_sd: float,
    marked_bpm: float,
) -> Array:
    """The ``RhrLevel`` of each day (0 usual, 1 acute rise, 2 marked rise); NaN where delta or SD
    is missing.

    Acute: delta ≥ max(acute_bpm, acute_sd · SD) (docs/science.md A4 refines the guide's +5 bpm);
    marked: delta ≥ marked_bpm (the guide's +10 bpm). Thresholds come from the caller.
    """
    d, s = (np.asarray(a, dtype=np.float64) for a in (delta_bpm, sd_bpm))
    acute = d >= np.fmax(acute_bpm, acute_sd * s)
    level = np.where(
        d >= marked_bpm, RhrLevel.MARKED_RISE, np.where(acute, RhrLevel.ACUTE_RISE, RhrLevel.USUAL)
    )
    return np.where(np.isnan(d) | np.isnan(s), np.nan, level.astype(np.float64))
