"""Training monotony and strain (Foster 1998), with Runalyze's conventions.

- Rest days count as 0 and the SD is the **population** SD over the 7 calendar days (÷ 7).
  With the sample SD, [5, 15, 20, 20, 20, 25, 35] would give 2.19 instead of 2.37.
- A week with load but no variation (SD = 0) scores the maximum, 10; a week without any
  training scores 0 (Runalyze's empty week). Values are clamped to [0, 10].
- Strain = the week's total load × monotony.

Days without data (NaN) make the week NaN by default; ``min_valid_d`` below 7 lets them count
as rest instead, which is what Runalyze does with days it has no entry for.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from recoverwell.metrics.kernels import rolling_count, rolling_mean_sd, rolling_sum
from recoverwell.metrics.registry import Validity, metric

Array = npt.NDArray[np.float64]

#: Foster (1998): one week. Runalyze Monotony::DAYS.
MONOTONY_WINDOW_D = 7
#: Runalyze Monotony::MAX and ::MIN: the clamp, and the value of a week with load and SD 0.
MONOTONY_MAX = 10.0
MONOTONY_MIN = 0.0
#: Runalyze Monotony::WARNING; Foster's "> 2" rule is
#: CRITICAL (docs/science.md §7 L5: CAUTION > 2.0).
MONOTONY_WARNING = 1.5
MONOTONY_CRITICAL = 2.0


def _padded(x: Array, window_d: int) -> Array:
    pad = np.full((*x.shape[:-1], window_d - 1), np.nan)
    return np.concatenate([pad, x], axis=-1)


@metric(
    symbol="monotony",
    title="Training monotony",
    units="1",
    inputs=("daily_load_au",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Foster 1998; Runalyze Monotony.php",
)
def monotony(
    daily_load_au: Array,
    *,
    window_d: int = MONOTONY_WINDOW_D,
    min_valid_d: int = MONOTONY_WINDOW_D,
    ddof: int = 0,
    max_value: float = MONOTONY_MAX,
) -> Array:
    """Mean daily load over the last 7 days divided by its standard deviation.

    Formula: mean(L[d−6..d]) / SD(L[d−6..d]), rest days 0, population SD (ddof 0); SD = 0 gives
    ``max_value`` (10) when there was load and 0 when there was none; clamped to [0, 10]. NaN when
    fewer than ``min_valid_d`` days have data; days without data count as 0 otherwise.
    Units: dimensionless.
    Source: Foster (1998) Med Sci Sports Exerc 30:1164; Runalyze Monotony.php (zeros, population
    SD, MAX 10).
    """
    x = np.asarray(daily_load_au, dtype=np.float64)
    padded = _padded(x, window_d)
    valid = rolling_count(~np.isnan(padded), window_d)
    zero_filled = np.nan_to_num(padded)
    # Counts are exact: a week without load is 0, however the float sums round.
    trained = rolling_count(zero_filled != 0, window_d) > 0
    stats = rolling_mean_sd(zero_filled, window_d, ddof=ddof)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        value = np.where(stats.sd > 0, stats.mean / stats.sd, max_value)
    value = np.where(trained, value, MONOTONY_MIN)
    value = np.clip(value, MONOTONY_MIN, max_value)
    value = np.where(valid >= min_valid_d, value, np.nan)
    return value[..., window_d - 1 :]


@metric(
    symbol="strain",
    title="Training strain",
    units="au",
    inputs=("daily_load_au", "monotony"),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Foster 1998; Runalyze Monotony::trainingStrain",
)
def strain(daily_load_au: Array, monotony: Array, *, window_d: int = MONOTONY_WINDOW_D) -> Array:
    """The week's total load times its monotony.

    Formula: Σ L[d−6..d] × monotony[d] (days without data count as 0 where monotony is shown).
    Units: load units (au).
    Source: Foster (1998); Runalyze Monotony::trainingStrain (avg · 7 · monotony).
    """
    x = _padded(np.asarray(daily_load_au, dtype=np.float64), window_d)
    week = rolling_sum(np.nan_to_num(x), window_d)[..., window_d - 1 :]
    return week * np.asarray(monotony, dtype=np.float64)
