"""Subjective wellness: the Hooper index and per-item z-scores against the athlete's 28 days.

Items are the morning check-in's 1–7 ratings (Hooper & Mackinnon 1995; 7 = worst for every item,
core/signals.py): sleep quality, fatigue, stress, muscle soreness. The index is their sum
(4–28). docs/science.md §6a scores them against the athlete's own history: a personal z above 1 for
≥ 3 days is a CAUTION, and any item at 6–7 for more than a week is part of Hooper's "stale"
criteria. Subjective measures respond to load earlier than objective ones (Saw 2016).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from recoverwell.metrics.baseline import NORMAL_MIN_D, baseline_mean, baseline_sd, deviation_z
from recoverwell.metrics.registry import Validity, declare_input, metric

Array = npt.NDArray[np.float64]

#: Issue #7 / docs/science.md §6a: wellness is judged against the athlete's last 28 days.
WELLNESS_WINDOW_D = 28
#: A one-point change is the scale's resolution: an item SD below half a point is not noise.
ITEM_SD_FLOOR = 0.5
#: ... and for the 4-item sum, one point.
INDEX_SD_FLOOR = 1.0
#: The four Hooper items, in the order of the index.
HOOPER_ITEMS = ("hooper_sleep", "hooper_fatigue", "hooper_stress", "hooper_soreness")

for _item, _title in zip(
    HOOPER_ITEMS, ("sleep quality", "fatigue", "stress", "muscle soreness"), strict=True
):
    declare_input(_item, "1–7", f"Morning {_title} rating, Hooper scale (7 = worst)")


@metric(
    symbol="hooper_index",
    title="Hooper index",
    units="4–28",
    inputs=HOOPER_ITEMS,
    aggregation="last",
    validity=Validity.VALIDATED,
    source="Hooper & Mackinnon 1995 (docs/science.md §6a)",
)
def hooper_index(
    hooper_sleep: npt.ArrayLike,
    hooper_fatigue: npt.ArrayLike,
    hooper_stress: npt.ArrayLike,
    hooper_soreness: npt.ArrayLike,
) -> Array:
    """The Hooper index: the sum of the four morning items.

    Formula: sleep + fatigue + stress + soreness (each 1–7, 7 = worst); NaN unless all four
    were answered (a partial sum would read as a better day).
    Units: points, 4–28.  Source: Hooper & Mackinnon (1995).
    """
    items = [np.asarray(a, dtype=np.float64) for a in (hooper_sleep, hooper_fatigue)]
    items += [np.asarray(a, dtype=np.float64) for a in (hooper_stress, hooper_soreness)]
    return items[0] + items[1] + items[2] + items[3]


def wellness_normal(
    values: npt.ArrayLike,
    *,
    window_d: int = WELLNESS_WINDOW_D,
    min_readings: int = NORMAL_MIN_D,
) -> tuple[Array, Array]:
    """(mean, SD) of a wellness item or index over the 28 days before each day (today excluded)."""
    mean = baseline_mean(values, window_d=window_d, min_periods=min_readings)
    sd = baseline_sd(values, window_d=window_d, min_periods=min_readings)
    return mean, sd


def wellness_z(
    values: npt.ArrayLike,
    *,
    window_d: int = WELLNESS_WINDOW_D,
    min_readings: int = NORMAL_MIN_D,
    sd_floor: float = ITEM_SD_FLOOR,
) -> Array:
    """Today's rating in SDs of the athlete's last 28 days (positive = worse than usual).

    The per-item z of docs/science.md §6a; NaN until 14 days of check-ins exist.
    """
    mean, sd = wellness_normal(values, window_d=window_d, min_readings=min_readings)
    return deviation_z(values, mean, sd, sd_floor=sd_floor)


@metric(
    symbol="hooper_index_z",
    title="Hooper index vs the last 28 days (z)",
    units="SD",
    inputs=("hooper_index",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="docs/science.md §6a (personal z-score; z > 1 for ≥ 3 days → CAUTION); Saw 2016",
)
def hooper_index_z(
    hooper_index: npt.ArrayLike,
    *,
    window_d: int = WELLNESS_WINDOW_D,
    min_readings: int = NORMAL_MIN_D,
    sd_floor: float = INDEX_SD_FLOOR,
) -> Array:
    """Today's Hooper index in SDs of the athlete's previous 28 days (positive = worse).

    Formula: (H_d − mean(H[d−28..d−1])) / max(SD, 1 point); NaN below 14 check-ins.
    Units: standard deviations.  Source: docs/science.md §6a; the floor is the scale's resolution.
    """
    return wellness_z(hooper_index, window_d=window_d, min_readings=min_readings, sd_floor=sd_floor)
