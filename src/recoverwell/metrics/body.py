"""Body mass: the morning trend, and per-run fluid loss and sweat rate from pre/post weighing.

docs/science.md N11: body mass is used for fluid balance only; no weight-loss targets, and trends
are shown only to athletes who opt in. 1 kg of acute mass loss ≈ 1 L of sweat (docs/science.md §0).
Sweat rate follows H1: [(pre − post) + fluid in − urine] / hours. Every per-run function is
vectorised over runs.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.baseline import RECENT_MIN_READINGS, RECENT_WINDOW_D
from recoverwell.metrics.kernels import lag, rolling_mean
from recoverwell.metrics.registry import Validity, declare_input, metric

Array = npt.NDArray[np.float64]

#: docs/science.md §0 "Units": 1 kg acute body-mass loss ≈ 1 L of sweat.
ML_PER_KG = 1000.0
#: docs/science.md H4 / §1 #9: replace 1.25–1.5 L per kg lost when the next session is soon.
REHYDRATE_LOW_L_PER_KG = 1.25
REHYDRATE_HIGH_L_PER_KG = 1.5
#: Body-mass trend: 7-day mean against the 28 days before it (docs/science.md H5 uses a rolling
#: baseline of morning mass).
MASS_BASELINE_WINDOW_D = 28
MASS_BASELINE_MIN_D = 7

declare_input("body_mass_kg", "kg", "Morning body mass (NaN = not weighed)")


@metric(
    symbol="body_mass_7d_kg",
    title="Body mass, 7-day mean",
    units="kg",
    inputs=("body_mass_kg",),
    aggregation="last",
    validity=Validity.STANDARD,
    source="docs/science.md H5 (morning mass vs rolling baseline), N11 (opt-in display)",
)
def body_mass_7d_kg(
    body_mass_kg: npt.ArrayLike,
    *,
    window_d: int = RECENT_WINDOW_D,
    min_readings: int = RECENT_MIN_READINGS,
) -> Array:
    """Mean morning body mass over the last 7 days.

    Formula: mean of the weighings in [d−6, d]; NaN with fewer than 3.
    Units: kg.  Source: docs/science.md H5.
    """
    return rolling_mean(body_mass_kg, window_d, min_periods=min_readings)


@metric(
    symbol="body_mass_change_pct",
    title="Body mass vs the previous 4 weeks",
    units="%",
    inputs=("body_mass_kg", "body_mass_7d_kg"),
    aggregation="last",
    validity=Validity.USEFUL,
    source="docs/science.md H5 (> 1 % below baseline is one hydration sign)",
)
def body_mass_change_pct(
    body_mass_kg: npt.ArrayLike,
    body_mass_7d_kg: npt.ArrayLike,
    *,
    window_d: int = MASS_BASELINE_WINDOW_D,
    min_readings: int = MASS_BASELINE_MIN_D,
) -> Array:
    """The 7-day mean against the 28 days before that week, in percent.

    Formula: (mean7_d / mean(BM[d−34..d−7]) − 1) × 100; NaN below 7 earlier weighings.
    Units: percent.  Source: docs/science.md H5 and N11 (trend shown only when opted in).
    """
    earlier = lag(body_mass_kg, RECENT_WINDOW_D)
    base = rolling_mean(earlier, window_d, min_periods=min_readings)
    recent = np.asarray(body_mass_7d_kg, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (recent / base - 1.0) * 100.0


def _arrays(*values: npt.ArrayLike) -> list[Array]:
    arrays = [np.asarray(v, dtype=np.float64) for v in values]
    try:
        np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError as err:
        raise MetricInputError(f"per-run inputs have mismatched shapes: {err}") from err
    return arrays


def mass_change_kg(pre_kg: npt.ArrayLike, post_kg: npt.ArrayLike) -> Array:
    """Post-run minus pre-run mass (negative = lost; positive = gained, i.e. overdrinking: H7)."""
    pre, post = _arrays(pre_kg, post_kg)
    return post - pre


def mass_loss_pct(pre_kg: npt.ArrayLike, post_kg: npt.ArrayLike) -> Array:
    """(pre − post) / pre × 100 (docs/science.md H1); the during-run target stays under 2 % (H2)."""
    pre, post = _arrays(pre_kg, post_kg)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(pre > 0, (pre - post) / pre * 100.0, np.nan)


def fluid_loss_ml(
    pre_kg: npt.ArrayLike,
    post_kg: npt.ArrayLike,
    fluid_in_ml: npt.ArrayLike = 0.0,
    urine_ml: npt.ArrayLike = 0.0,
) -> Array:
    """Sweat lost during a run: (pre − post) × 1000 mL/kg + fluid drunk − urine passed (H1)."""
    pre, post, drunk, urine = _arrays(pre_kg, post_kg, fluid_in_ml, urine_ml)
    return (pre - post) * ML_PER_KG + drunk - urine


def sweat_rate_ml_h(
    pre_kg: npt.ArrayLike,
    post_kg: npt.ArrayLike,
    duration_s: npt.ArrayLike,
    fluid_in_ml: npt.ArrayLike = 0.0,
    urine_ml: npt.ArrayLike = 0.0,
) -> Array:
    """Sweat rate in mL per hour: fluid loss / duration
    (docs/science.md H1); NaN for no duration."""
    loss = fluid_loss_ml(pre_kg, post_kg, fluid_in_ml, urine_ml)
    (seconds,) = _arrays(duration_s)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(seconds > 0, loss / (seconds / 3600.0), np.nan)


def rehydration_ml(pre_kg: npt.ArrayLike, post_kg: npt.ArrayLike) -> tuple[Array, Array]:
    """(low, high) fluid to drink over the next hours: 1.25–1.5 L per kg lost (docs/science.md H4).

    Zero when no mass was lost. For a short turnaround or a loss above 2 %; otherwise normal
    meals and drinks suffice (H4) — the caller decides when to show it.
    """
    lost = np.fmax(-mass_change_kg(pre_kg, post_kg), 0.0)
    return lost * REHYDRATE_LOW_L_PER_KG * 1000.0, lost * REHYDRATE_HIGH_L_PER_KG * 1000.0
