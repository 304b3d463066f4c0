"""Acute:chronic workload ratio: rolling coupled, rolling uncoupled, and EWMA (Williams).

The ratio is descriptive ("this week vs your recent norm"); its link to injury is disputed
(docs/science.md §7 L2: Impellizzeri 2020). It is refused, NaN with a reason (``acwr_status``),
until the chronic window is full of data or an explicit seed is given: an EWMA started at 0
reads 2.26 on a plain step from 50 to 100 a day, where the truth is nearer 1.3 (the seeding
pitfall, docs/anchors.md §2.3).
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
import numpy.typing as npt

from recoverwell.metrics.kernels import ewma, lag, rolling_count, rolling_mean
from recoverwell.metrics.pmc import Decay, decay_alpha
from recoverwell.metrics.registry import Validity, metric

Array = npt.NDArray[np.float64]

#: Gabbett (2016); Williams et al. (2017): acute 7 days, chronic 28 days.
ACUTE_D = 7
CHRONIC_D = 28
#: The bands a ratio is read in (docs/science.md §7 L2: 0.8–1.3 "typical", > 1.5 "large jump"; soft
#: flags only, disputed) are the rules' thresholds: ``advice/thresholds.py`` ``ACWR_*``.


class AcwrStatus(IntEnum):
    """Why an ACWR value is (not) shown."""

    OK = 0
    SHORT_HISTORY = 1  # fewer days of history than the chronic window
    MISSING_DAYS = 2  # a day without data inside the windows
    NO_CHRONIC_LOAD = 3  # chronic load is 0: a ratio would be infinite


ACWR_REASONS = {
    AcwrStatus.OK: "",
    AcwrStatus.SHORT_HISTORY: "not enough history yet (needs the whole chronic window)",
    AcwrStatus.MISSING_DAYS: "days without data inside the window",
    AcwrStatus.NO_CHRONIC_LOAD: "no chronic load to compare with",
}


def _ratio(acute: Array, chronic: Array) -> Array:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(chronic > 0, acute / chronic, np.nan)


@metric(
    symbol="acwr_coupled",
    title="ACWR, rolling coupled (7/28)",
    units="1",
    inputs=("daily_load_au",),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="Gabbett 2016; Hulin 2016; docs/anchors.md §2.3",
)
def acwr_coupled(
    daily_load_au: Array, *, acute_d: int = ACUTE_D, chronic_d: int = CHRONIC_D
) -> Array:
    """Mean load of the last 7 days over the mean of the last 28 days (which include them).

    Formula: mean(L[d−6..d]) / mean(L[d−27..d]); NaN until 28 days of data, where a day in the
    window has no data, or where the chronic mean is 0. Coupling caps and damps the ratio.
    Units: dimensionless.
    Source: Gabbett (2016) Br J Sports Med 50:273; Hulin et al. (2016).
    """
    return _ratio(rolling_mean(daily_load_au, acute_d), rolling_mean(daily_load_au, chronic_d))


@metric(
    symbol="acwr_uncoupled",
    title="ACWR, rolling uncoupled (7/21 before)",
    units="1",
    inputs=("daily_load_au",),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="Windt & Gabbett 2018; Lolli 2019; docs/anchors.md §2.3",
)
def acwr_uncoupled(
    daily_load_au: Array, *, acute_d: int = ACUTE_D, chronic_d: int = CHRONIC_D
) -> Array:
    """Mean load of the last 7 days over the mean of the 21 days before them.

    Formula: mean(L[d−6..d]) / mean(L[d−27..d−7]); NaN until 28 days of data, where a day in
    either window has no data, or where the chronic mean is 0.
    Units: dimensionless.
    Source: Windt & Gabbett (2018); Lolli et al. (2019) Br J Sports Med 53:921.
    """
    chronic = rolling_mean(lag(daily_load_au, acute_d), chronic_d - acute_d)
    return _ratio(rolling_mean(daily_load_au, acute_d), chronic)


def _history_d(x: Array) -> Array:
    """Days since the first day with data (1 on that day; 0 before it)."""
    seen = np.cumsum(~np.isnan(x), axis=-1) > 0
    return np.cumsum(seen, axis=-1).astype(np.float64)


def _first_valid(x: Array) -> Array:
    valid = ~np.isnan(x)
    idx = np.argmax(valid, axis=-1)
    first = np.take_along_axis(x, idx[..., np.newaxis], axis=-1)[..., 0]
    return np.where(valid.any(axis=-1), first, 0.0)


@metric(
    symbol="acwr_ewma",
    title="ACWR, EWMA (Williams)",
    units="1",
    inputs=("daily_load_au",),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="Williams et al. 2017 Br J Sports Med 51:209; docs/anchors.md §2.3",
)
def acwr_ewma(
    daily_load_au: Array,
    *,
    acute_n_d: float = ACUTE_D,
    chronic_n_d: float = CHRONIC_D,
    convention: str = Decay.SPAN,
    acute_seed_au: float | None = None,
    chronic_seed_au: float | None = None,
    min_history_d: int = CHRONIC_D,
) -> Array:
    """Ratio of a fast to a slow exponentially weighted average of daily load.

    Formula: EWMA[d] = λ·L[d] + (1 − λ)·EWMA[d−1], λ = 2/(N + 1) (Williams; N 7 and 28) or
    1 − e^(−1/N); ACWR = EWMA_acute / EWMA_chronic. Without seeds both start at the first day's
    load and the ratio is NaN for the first ``min_history_d`` days of data; with explicit seeds
    it is shown from the first day.
    Units: dimensionless.
    Source: Williams et al. (2017) Br J Sports Med 51:209.
    """
    x = np.asarray(daily_load_au, dtype=np.float64)
    seeded = acute_seed_au is not None and chronic_seed_au is not None
    first = _first_valid(x)
    acute = ewma(
        x,
        decay_alpha(acute_n_d, convention),
        seed=first if acute_seed_au is None else acute_seed_au,
    )
    chronic = ewma(
        x,
        decay_alpha(chronic_n_d, convention),
        seed=first if chronic_seed_au is None else chronic_seed_au,
    )
    ratio = _ratio(acute, chronic)
    if seeded:
        return ratio
    return np.where(_history_d(x) >= min_history_d, ratio, np.nan)


def acwr_status(
    daily_load_au: npt.ArrayLike, ratio: npt.ArrayLike, *, window_d: int = CHRONIC_D
) -> npt.NDArray[np.int8]:
    """Why each ratio is or is not shown (an ``AcwrStatus`` per day; see ``ACWR_REASONS``)."""
    x = np.asarray(daily_load_au, dtype=np.float64)
    r = np.asarray(ratio, dtype=np.float64)
    status = np.full(r.shape, AcwrStatus.OK, dtype=np.int8)
    missing_in_window = rolling_count(np.isnan(x), window_d) > 0
    no_chronic = rolling_count(np.nan_to_num(x) != 0, window_d) == 0
    status[np.isnan(r) & no_chronic] = AcwrStatus.NO_CHRONIC_LOAD
    status[np.isnan(r) & missing_in_window] = AcwrStatus.MISSING_DAYS
    status[np.isnan(r) & (_history_d(x) < window_d)] = AcwrStatus.SHORT_HISTORY
    return status
