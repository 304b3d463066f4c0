"""Running volume, the musculoskeletal side of load
(docs/anchors.md §5.2; docs/science.md §7 L3/L4).

At 70+ miles a week injuries come from tissue load more than from TRIMP. These series count
**running only** (docs/science.md §7: cross-training counts in internal load, not in distance) and
work on daily arrays in metres (or hours), rest days 0, days without data NaN:

- rolling 7-day distance and its change on the previous 7 days;
- a distance ACWR (the last 7 days against the 21 before them, uncoupled);
- the long run's share of the week, and today's run against the longest of the last 30 days;
- descent metres per 7 days (eccentric load);
- double days per 7 days and the shortest rest between two runs.

Surface mileage comes from the activity's sub-sport where the file says it (road, trail, track,
treadmill). Shoe mileage is summed per gear in the app layer (``app/gear.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from recoverwell.metrics.acwr import acwr_uncoupled
from recoverwell.metrics.kernels import lag, rolling_count, rolling_max, rolling_min, rolling_sum
from recoverwell.metrics.registry import Validity, declare_input, metric

Array = npt.NDArray[np.float64]

WEEK_D = 7
#: Distance ACWR windows: the week against the 3 weeks before it (docs/science.md §7 L4 compares a
#: week with the mean of the previous 3–4 weeks).
DISTANCE_CHRONIC_D = 28
#: Frandsen et al. (2025): a run over 110 % of the longest run of the last 30 days is a spike.
SPIKE_LOOKBACK_D = 30
SPIKE_RATIO_OK = 1.10
#: docs/science.md §7 L4: NUDGE when a week exceeds 1.2× the previous weeks, CAUTION over 1.3×.
MILEAGE_RAMP_NUDGE = 1.2
MILEAGE_RAMP_CAUTION = 1.3
DOUBLE_DAY_RUNS = 2
UNKNOWN_SURFACE = "unknown"

declare_input("daily_distance_m", "m", "running distance per local day")
declare_input("daily_longest_run_m", "m", "the day's longest single run")
declare_input("daily_descent_m", "m", "running descent per local day")
declare_input("daily_runs", "count", "number of runs per local day")
declare_input("daily_min_gap_h", "h", "shortest rest before a run that day, end to start")


@metric(
    symbol="distance_7d_m",
    title="Running distance, last 7 days",
    units="m",
    inputs=("daily_distance_m",),
    aggregation="last",
    validity=Validity.STANDARD,
    source="definition",
)
def distance_7d_m(daily_distance_m: Array, *, window_d: int = WEEK_D) -> Array:
    """Running distance over the last 7 days.

    Formula: Σ distance[d−6..d]; NaN unless every day of the window has data.
    Units: metres (shown as miles or kilometres).
    Source: definition.
    """
    return rolling_sum(daily_distance_m, window_d)


@metric(
    symbol="distance_change_pct",
    title="Distance, change on the previous 7 days",
    units="%",
    inputs=("daily_distance_m",),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="docs/science.md §7 L4 (Buist 2008; Nielsen 2014)",
)
def distance_change_pct(daily_distance_m: Array, *, window_d: int = WEEK_D) -> Array:
    """How much the last 7 days' distance differs from the 7 days before, in percent.

    Formula: (Σ d[d−6..d] − Σ d[d−13..d−7]) / Σ d[d−13..d−7] × 100; NaN when the earlier week
    is 0 or either week lacks data.
    Units: percent.
    Source: docs/science.md §7 L4 (week-over-week mileage change; Buist 2008, Nielsen 2014).
    """
    now = rolling_sum(daily_distance_m, window_d)
    before = lag(now, window_d)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(before > 0, (now - before) / before * 100.0, np.nan)


@metric(
    symbol="distance_acwr",
    title="Distance ACWR (7 d / the 21 d before)",
    units="1",
    inputs=("daily_distance_m",),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="docs/science.md §7 L2/L4; Windt & Gabbett 2018 (uncoupled)",
)
def distance_acwr(daily_distance_m: Array, *, chronic_d: int = DISTANCE_CHRONIC_D) -> Array:
    """The last week's running distance against the average week of the three before it.

    Formula: mean(d[d−6..d]) / mean(d[d−27..d−7]) (uncoupled); NaN before 28 days of data.
    Units: dimensionless.
    Source: docs/science.md §7 L2/L4; Windt & Gabbett (2018).
    """
    return acwr_uncoupled(daily_distance_m, acute_d=WEEK_D, chronic_d=chronic_d)


@metric(
    symbol="long_run_share",
    title="Long run's share of the week",
    units="1",
    inputs=("daily_longest_run_m", "daily_distance_m"),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="docs/anchors.md §5.2 (long-run share of weekly volume)",
)
def long_run_share(
    daily_longest_run_m: Array, daily_distance_m: Array, *, window_d: int = WEEK_D
) -> Array:
    """The longest single run of the last 7 days as a share of their distance.

    Formula: max(longest[d−6..d]) / Σ distance[d−6..d]; NaN when the week has no running or
    lacks data.
    Units: fraction (0.3 = 30 %).
    Source: docs/anchors.md §5.2.
    """
    longest = rolling_max(daily_longest_run_m, window_d, min_periods=window_d)
    total = rolling_sum(daily_distance_m, window_d)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(total > 0, longest / total, np.nan)


@metric(
    symbol="run_spike",
    title="Today's run against the longest of the last 30 days",
    units="1",
    inputs=("daily_longest_run_m",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Frandsen et al. 2025 (docs/science.md §7 L3)",
)
def run_spike(daily_longest_run_m: Array, *, lookback_d: int = SPIKE_LOOKBACK_D) -> Array:
    """The day's longest run divided by the longest run of the 30 days before it.

    Formula: longest[d] / max(longest[d−30..d−1]); NaN on days without a run or without an
    earlier run in the window. ≤ 1.10 is within the usual range (Frandsen 2025).
    Units: dimensionless.
    Source: Frandsen et al. (2025), docs/science.md §7 L3.
    """
    x = np.asarray(daily_longest_run_m, dtype=np.float64)
    before = rolling_max(lag(x, 1), lookback_d, min_periods=1)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where((x > 0) & (before > 0), x / before, np.nan)


@metric(
    symbol="descent_7d_m",
    title="Running descent, last 7 days",
    units="m",
    inputs=("daily_descent_m",),
    aggregation="last",
    validity=Validity.STANDARD,
    source="definition; docs/anchors.md §5.2 (eccentric load)",
)
def descent_7d_m(daily_descent_m: Array, *, window_d: int = WEEK_D) -> Array:
    """Metres of descent run over the last 7 days (downhill running is eccentric load).

    Formula: Σ descent[d−6..d]; NaN unless every day of the window has data.
    Units: metres.
    Source: definition; docs/anchors.md §5.2.
    """
    return rolling_sum(daily_descent_m, window_d)


@metric(
    symbol="double_days_7d",
    title="Double days, last 7 days",
    units="count",
    inputs=("daily_runs",),
    aggregation="last",
    validity=Validity.STANDARD,
    source="definition; docs/anchors.md §5.2 (double-day spacing)",
)
def double_days_7d(daily_runs: Array, *, window_d: int = WEEK_D) -> Array:
    """Days with two or more runs in the last 7 days.

    Formula: Σ [runs[d'] ≥ 2] over d' in d−6..d; NaN unless every day has data.
    Units: days.
    Source: definition.
    """
    runs = np.asarray(daily_runs, dtype=np.float64)
    doubles = rolling_count(runs >= DOUBLE_DAY_RUNS, window_d).astype(np.float64)
    complete = rolling_count(~np.isnan(runs), window_d) == window_d
    return np.where(complete, doubles, np.nan)


@metric(
    symbol="min_gap_7d_h",
    title="Shortest rest between two runs, last 7 days",
    units="h",
    inputs=("daily_min_gap_h",),
    aggregation="last",
    validity=Validity.STANDARD,
    source="definition; docs/anchors.md §5.2 (double-day spacing)",
)
def min_gap_7d_h(daily_min_gap_h: Array, *, window_d: int = WEEK_D) -> Array:
    """Shortest time between the end of one run and the start of the next in the last 7 days.

    Formula: min(gap[d−6..d]); NaN when no run followed another in the window.
    Units: hours.
    Source: definition.
    """
    return rolling_min(daily_min_gap_h, window_d)


def distance_by_surface(
    surfaces: Iterable[str | None], distances_m: Iterable[float | None]
) -> dict[str, float]:
    """Running distance per surface (the activity's sub-sport), ``unknown`` where not recorded."""
    totals: dict[str, float] = {}
    for surface, distance in zip(surfaces, distances_m, strict=True):
        key = surface or UNKNOWN_SURFACE
        totals[key] = totals.get(key, 0.0) + (distance or 0.0)
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))
