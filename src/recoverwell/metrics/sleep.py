"""Sleep: duration against need, recent mean and debt, regularity, naps apart, and a sleep score.

Series are per *wake day* (the local day the sleeper woke up on, formats.md §16.2). The main
sleep and naps are kept apart: ``sleep_total_min`` is the main sleep only, ``nap_min`` the day's
naps; debt and the 7-day mean use the main sleep (docs/science.md S1, S2), naps are reported beside
them. Clock times are minutes on a continuous axis so that midnight is not a cliff: bedtime in
minutes past noon of the evening before (22:30 → 630, 01:00 → 780), wake time in minutes past
midnight of the wake day.

The guide's "8–10 hours of sleep" is refined by docs/science.md §1 #1: 8–10 h is the *time in bed*
opportunity; the flag is a 7-day mean total sleep below 7 h, and the personal need defaults to
8 h. The sleep score follows the Open Wearables configuration (docs/anchors.md §2.8) and reproduces
its tests (§3.7); components a source does not record (stages) are left out and the weights of
the others renormalised. Stage minutes never drive advice (docs/science.md S11).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.baseline import RECENT_MIN_READINGS, RECENT_WINDOW_D
from recoverwell.metrics.kernels import (
    lag,
    rolling_mean,
    rolling_median,
    rolling_sd,
    rolling_sum,
    rolling_valid_count,
)
from recoverwell.metrics.registry import Validity, declare_input, metric

Array = npt.NDArray[np.float64]

#: docs/science.md S1/S2: personal sleep need, user-set, default 8 h.
SLEEP_NEED_MIN = 480.0
#: docs/science.md S3: regularity over 14 days.
REGULARITY_WINDOW_D = 14
#: Half the regularity window: fewer nights say little about the spread of clock times.
REGULARITY_MIN_NIGHTS = 7
#: 14-day debt (issue #7) beside docs/science.md S2's 7-day debt.
DEBT_LONG_WINDOW_D = 14

# Open Wearables sleep score (backend/app/algorithms/config_algorithms.py, docs/anchors.md §2.8).
OW_DURATION_OPTIMAL_MIN_H = 7.0
OW_DURATION_OPTIMAL_MAX_H = 9.0
OW_UNDERSLEEP_K = 1.5
OW_UNDERSLEEP_MIDPOINT_H = 5.0
OW_OVERSLEEP_K = 0.8
OW_OVERSLEEP_MIDPOINT_H = 11.0
OW_OVERSLEEP_FLOOR = 50.0
OW_STAGE_TARGET_MIN = 90.0
OW_CONSISTENCY_GRACE_MIN = 15.0
OW_LATE_WINDOW_MIN = 105.0
OW_EARLY_WINDOW_MIN = 105.0
OW_EARLY_CAP_POINTS = 20.0
OW_CONSISTENCY_NIGHTS = 14
OW_WASO_GRACE_MIN = 20.0
OW_WASO_WINDOW_MIN = 70.0
OW_WASO_POINTS = 80.0
OW_FREQUENCY_POINTS = 20.0
#: Share of the frequency points kept after 0, 1, 2, 3, ≥ 4 awakenings longer than 5 min.
OW_FREQUENCY_FRACTIONS = (1.0, 1.0, 0.75, 0.5, 0.0)
OW_WEIGHTS = {"duration": 0.40, "stages": 0.20, "consistency": 0.20, "interruptions": 0.20}

for _symbol, _units, _text in (
    ("sleep_total_min", "min", "Main sleep per wake day, naps excluded (NaN = no record)"),
    ("sleep_in_bed_min", "min", "Time in bed for the main sleep per wake day"),
    ("nap_min", "min", "Nap minutes per day (0 = no nap recorded on a day with sleep data)"),
    ("bedtime_min", "min", "Main-sleep start, minutes past noon of the evening before"),
    ("waketime_min", "min", "Main-sleep end, minutes past midnight of the wake day"),
    ("sleep_deep_min", "min", "Deep sleep minutes of the main sleep"),
    ("sleep_rem_min", "min", "REM sleep minutes of the main sleep"),
    ("sleep_awake_min", "min", "Minutes awake after sleep onset (WASO) in the main sleep"),
    ("sleep_awakenings", "count", "Awakenings longer than 5 min in the main sleep"),
    ("sleep_state", "0/1", "Sleep (1) / wake (0) per epoch, days × epochs; NaN = unknown"),
):
    declare_input(_symbol, _units, _text)


# --- duration, debt, regularity --------------------------------------------------------------


@metric(
    symbol="sleep_7d_mean_min",
    title="Sleep, 7-day mean",
    units="min",
    inputs=("sleep_total_min",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="docs/science.md S1 (flag 7-day mean total sleep < 7 h); Walsh 2021",
)
def sleep_7d_mean_min(
    sleep_total_min: npt.ArrayLike,
    *,
    window_d: int = RECENT_WINDOW_D,
    min_nights: int = RECENT_MIN_READINGS,
) -> Array:
    """Mean main-sleep duration over the last 7 wake days.

    Formula: mean of the recorded nights in [d−6, d]; NaN with fewer than 3 nights.
    Units: minutes.  Source: docs/science.md S1 (Walsh et al. 2021).
    """
    return rolling_mean(sleep_total_min, window_d, min_periods=min_nights)


@metric(
    symbol="sleep_in_bed_7d_mean_min",
    title="Time in bed, 7-day mean",
    units="min",
    inputs=("sleep_in_bed_min",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="docs/science.md §1 #1 / S1: 8–10 h in bed is "
    "the opportunity target (Walsh 2021, Mah 2011)",
)
def sleep_in_bed_7d_mean_min(
    sleep_in_bed_min: npt.ArrayLike,
    *,
    window_d: int = RECENT_WINDOW_D,
    min_nights: int = RECENT_MIN_READINGS,
) -> Array:
    """Mean time in bed for the main sleep over the last 7 wake days.

    Formula: mean of the recorded nights in [d−6, d]; NaN with fewer than 3 nights.
    Units: minutes.  Source: docs/science.md S1: the guide's 8–10 h, read as time in bed.
    """
    return rolling_mean(sleep_in_bed_min, window_d, min_periods=min_nights)


def _debt(total: npt.ArrayLike, need_min: float, window_d: int, min_nights: int) -> Array:
    x = np.asarray(total, dtype=np.float64)
    shortfall = need_min - x
    nights = rolling_valid_count(x, window_d)
    total_short = rolling_mean(shortfall, window_d, min_periods=1) * nights
    return np.where(nights >= min_nights, np.fmax(total_short, 0.0), np.nan)


@metric(
    symbol="sleep_debt_7d_min",
    title="Sleep debt, 7 days",
    units="min",
    inputs=("sleep_total_min",),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="docs/science.md S2 (Walsh 2021 concept; NUDGE > 3 h, CAUTION > 5 h heuristic)",
)
def sleep_debt_7d_min(
    sleep_total_min: npt.ArrayLike,
    *,
    need_min: float = SLEEP_NEED_MIN,
    window_d: int = RECENT_WINDOW_D,
    min_nights: int = RECENT_MIN_READINGS,
) -> Array:
    """Recent shortfall against the personal need, over the last 7 wake days.

    Formula: max(0, Σ (need − TST_n)) over recorded nights n in [d−6, d] (a long night pays
    back a short one; nights without data count as neither); NaN below 3 recorded nights.
    Units: minutes.  Source: docs/science.md S2; a "recent shortfall", not a clinical measure.
    """
    return _debt(sleep_total_min, need_min, window_d, min_nights)


@metric(
    symbol="sleep_debt_14d_min",
    title="Sleep debt, 14 days",
    units="min",
    inputs=("sleep_total_min",),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="docs/science.md S2 over the 14-day window Oura's "
    "sleep balance uses (docs/anchors.md §2.8)",
)
def sleep_debt_14d_min(
    sleep_total_min: npt.ArrayLike,
    *,
    need_min: float = SLEEP_NEED_MIN,
    window_d: int = DEBT_LONG_WINDOW_D,
    min_nights: int = REGULARITY_MIN_NIGHTS,
) -> Array:
    """Shortfall against the personal need over the last 14 wake days.

    Formula: max(0, Σ (need − TST_n)) over recorded nights in [d−13, d]; NaN below 7 nights.
    Units: minutes.  Source: docs/science.md S2; window after Oura's two-week sleep balance.
    """
    return _debt(sleep_total_min, need_min, window_d, min_nights)


@metric(
    symbol="naps_7d_min",
    title="Naps, last 7 days",
    units="min",
    inputs=("nap_min",),
    aggregation="sum",
    validity=Validity.STANDARD,
    source="docs/science.md S4 (naps counted apart from the main sleep)",
)
def naps_7d_min(nap_min: npt.ArrayLike, *, window_d: int = RECENT_WINDOW_D) -> Array:
    """Total nap time over the last 7 days, kept apart from the main sleep.

    Formula: Σ nap minutes in [d−6, d] over days with sleep data; NaN when none has.
    Units: minutes.  Source: docs/science.md S4 (Lastella 2021, Mesas 2023).
    """
    x = np.asarray(nap_min, dtype=np.float64)
    days = rolling_valid_count(x, window_d)
    return np.where(days > 0, rolling_mean(x, window_d, min_periods=1) * days, np.nan)


def _clock_sd(values: npt.ArrayLike, window_d: int, min_nights: int) -> Array:
    return rolling_sd(values, window_d, ddof=1, min_periods=min_nights)


@metric(
    symbol="bedtime_sd_min",
    title="Bedtime variability (SD, 14 nights)",
    units="min",
    inputs=("bedtime_min",),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="docs/science.md S3 (NUDGE if SD > 60 min over 14 days); Lunsford-Avery 2018",
)
def bedtime_sd_min(
    bedtime_min: npt.ArrayLike,
    *,
    window_d: int = REGULARITY_WINDOW_D,
    min_nights: int = REGULARITY_MIN_NIGHTS,
) -> Array:
    """SD of the main-sleep start time over the last 14 nights.

    Formula: sample SD of bedtimes (minutes past noon) in [d−13, d]; NaN below 7 nights.
    Units: minutes.  Source: docs/science.md S3.
    """
    return _clock_sd(bedtime_min, window_d, min_nights)


@metric(
    symbol="waketime_sd_min",
    title="Wake-time variability (SD, 14 days)",
    units="min",
    inputs=("waketime_min",),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="docs/science.md S3 (NUDGE if SD > 60 min over 14 days); Walsh 2021",
)
def waketime_sd_min(
    waketime_min: npt.ArrayLike,
    *,
    window_d: int = REGULARITY_WINDOW_D,
    min_nights: int = REGULARITY_MIN_NIGHTS,
) -> Array:
    """SD of the main-sleep end time over the last 14 days.

    Formula: sample SD of wake times (minutes past midnight) in [d−13, d]; NaN below 7 days.
    Units: minutes.  Source: docs/science.md S3.
    """
    return _clock_sd(waketime_min, window_d, min_nights)


@metric(
    symbol="sleep_regularity_index",
    title="Sleep Regularity Index (14 days)",
    units="−100…100",
    inputs=("sleep_state",),
    aggregation="last",
    validity=Validity.VALIDATED,
    source="Phillips 2017 SRI; Lunsford-Avery 2018 (docs/science.md S3)",
)
def sleep_regularity_index(
    sleep_state: npt.ArrayLike,
    *,
    window_d: int = REGULARITY_WINDOW_D,
    min_pairs: int = REGULARITY_MIN_NIGHTS,
) -> Array:
    """How likely the athlete is in the same state (asleep/awake) at the same clock time 24 h apart.

    Formula: SRI_d = 200 · P(s[j, e] = s[j+1, e]) − 100 over every epoch e and every pair of
    consecutive days (j, j+1) inside [d−window+1, d] where both epochs are known. 100 = the same
    schedule every day, 0 = random, −100 = exactly inverted. NaN with fewer than ``min_pairs``
    usable day pairs. Input is days × epochs (or athletes × days × epochs).
    Units: index, −100 to 100.  Source: Phillips et al. 2017 (Sci Rep 7:3216); docs/science.md S3.
    """
    s = np.asarray(sleep_state, dtype=np.float64)
    if s.ndim < 2:
        raise MetricInputError(f"sleep_state must be days × epochs, got shape {s.shape}")
    known = ~np.isnan(s[..., 1:, :]) & ~np.isnan(s[..., :-1, :])
    same = (s[..., 1:, :] == s[..., :-1, :]) & known
    pad = np.zeros((*s.shape[:-2], 1))
    same_n = np.concatenate([pad, same.sum(axis=-1)], axis=-1)
    known_n = np.concatenate([pad, known.sum(axis=-1)], axis=-1)
    pairs = np.concatenate([pad, (known.sum(axis=-1) > 0).astype(np.float64)], axis=-1)
    # windows over the pair index: the pair (j−1, j) is counted on day j
    width = max(window_d - 1, 1)
    n_same = rolling_sum(same_n, width, min_periods=1)
    n_known = rolling_sum(known_n, width, min_periods=1)
    n_pairs = rolling_sum(pairs, width, min_periods=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        sri = 200.0 * n_same / n_known - 100.0
    return np.where((n_pairs >= min_pairs) & (n_known > 0), sri, np.nan)


# --- the sleep score (Open Wearables) -----------------------------------------------------------


def _sigmoid(x: Array, k: float, midpoint: float, anchor: float) -> Array:
    """Open Wearables' scaled sigmoid: 100 at ``anchor``, falling (k > 0) or rising (k < 0)."""
    with np.errstate(over="ignore"):
        scale = 1.0 + float(np.exp(k * (anchor - midpoint)))
        out: Array = 100.0 * scale / (1.0 + np.exp(k * (x - midpoint)))
    return out


@metric(
    symbol="sleep_duration_score",
    title="Sleep score: duration",
    units="0–100",
    inputs=("sleep_total_min",),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="Open Wearables sleep score (docs/anchors.md §2.8, §3.7)",
)
def sleep_duration_score(
    sleep_total_min: npt.ArrayLike,
    *,
    optimal_min_h: float = OW_DURATION_OPTIMAL_MIN_H,
    optimal_max_h: float = OW_DURATION_OPTIMAL_MAX_H,
) -> Array:
    """Duration points: 100 inside 7–9 h, a steep sigmoid below, a gentle one above (floor 50).

    Formula: h = TST/60; 100 if 7 ≤ h ≤ 9; below: 100·(1+e^(−1.5·(7−5)))/(1+e^(−1.5·(h−5)));
    above: max(50, 100·(1+e^(0.8·(9−11)))/(1+e^(0.8·(h−11)))); truncated to whole points.
    Units: points 0–100.  Source: Open Wearables config_algorithms.py (k, midpoints, floor).
    """
    h = np.asarray(sleep_total_min, dtype=np.float64) / 60.0
    under = _sigmoid(h, -OW_UNDERSLEEP_K, OW_UNDERSLEEP_MIDPOINT_H, optimal_min_h)
    over = np.fmax(
        OW_OVERSLEEP_FLOOR, _sigmoid(h, OW_OVERSLEEP_K, OW_OVERSLEEP_MIDPOINT_H, optimal_max_h)
    )
    score = np.where(h < optimal_min_h, under, np.where(h > optimal_max_h, over, 100.0))
    return np.where(np.isnan(h), np.nan, np.floor(np.clip(score, 0.0, 100.0)))


@metric(
    symbol="sleep_stages_score",
    title="Sleep score: deep and REM",
    units="0–100",
    inputs=("sleep_deep_min", "sleep_rem_min"),
    aggregation="last",
    validity=Validity.EXPERIMENTAL,
    source="Open Wearables sleep score; stage accuracy caveat docs/science.md S11 (Chinoy 2021)",
)
def sleep_stages_score(
    sleep_deep_min: npt.ArrayLike,
    sleep_rem_min: npt.ArrayLike,
    *,
    target_min: float = OW_STAGE_TARGET_MIN,
) -> Array:
    """Stage points: deep and REM each against a 90-min target, averaged.

    Formula: ⌊0.5·⌊100·min(deep/90, 1)⌋ + 0.5·⌊100·min(REM/90, 1)⌋⌋; NaN without stages.
    Shown for completeness only: wearable stages are unreliable (docs/science.md S11).
    Units: points 0–100.  Source: Open Wearables config (targets 90/90, weights 0.5/0.5).
    """
    parts = []
    for stage in (sleep_deep_min, sleep_rem_min):
        x = np.asarray(stage, dtype=np.float64)
        parts.append(np.floor(np.clip(x / target_min, 0.0, 1.0) * 100.0))
    return np.floor(0.5 * parts[0] + 0.5 * parts[1])


@metric(
    symbol="sleep_consistency_score",
    title="Sleep score: bedtime consistency",
    units="0–100",
    inputs=("bedtime_min",),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="Open Wearables sleep score (median bedtime of the previous 14 nights)",
)
def sleep_consistency_score(
    bedtime_min: npt.ArrayLike, *, nights: int = OW_CONSISTENCY_NIGHTS
) -> Array:
    """Bedtime points: tonight against the median bedtime of the previous 14 nights.

    Formula: Δ = bedtime − median(previous nights); late: 100 − 100·(Δ − 15)/105 past the 15-min
    grace; early: 100 − min(20, 100·(|Δ| − 15)/105); truncated, floor 0. NaN with no history
    (Open Wearables gives 0 there; "no history" is not "irregular").
    Units: points 0–100.  Source: Open Wearables config (grace 15, windows 105, early cap 20).
    """
    x = np.asarray(bedtime_min, dtype=np.float64)
    median = rolling_median(lag(x), nights, min_periods=1)
    delta = x - median
    late = (delta - OW_CONSISTENCY_GRACE_MIN) / OW_LATE_WINDOW_MIN * 100.0
    early = np.fmin(
        OW_EARLY_CAP_POINTS,
        (np.abs(delta) - OW_CONSISTENCY_GRACE_MIN) / OW_EARLY_WINDOW_MIN * 100.0,
    )
    penalty = np.where(
        delta > OW_CONSISTENCY_GRACE_MIN,
        late,
        np.where(delta < -OW_CONSISTENCY_GRACE_MIN, early, 0.0),
    )
    return np.where(np.isnan(delta), np.nan, np.floor(np.fmax(100.0 - penalty, 0.0)))


@metric(
    symbol="sleep_interruptions_score",
    title="Sleep score: interruptions",
    units="0–100",
    inputs=("sleep_awake_min", "sleep_awakenings"),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="Open Wearables sleep score (WASO grace 20, window 70; 80/20 points)",
)
def sleep_interruptions_score(
    sleep_awake_min: npt.ArrayLike, sleep_awakenings: npt.ArrayLike
) -> Array:
    """Interruption points: 80 for time awake after sleep onset, 20 for how often.

    Formula: 80 − 80·max(0, WASO − 20)/70 (floor 0) + 20·f[n], f = (1, 1, 0.75, 0.5, 0) for
    n = 0, 1, 2, 3, ≥ 4 awakenings longer than 5 min; truncated. An unknown awakening count
    counts as none.
    Units: points 0–100.  Source: Open Wearables config_algorithms.py.
    """
    waso = np.asarray(sleep_awake_min, dtype=np.float64)
    n = np.asarray(sleep_awakenings, dtype=np.float64)
    duration = np.fmax(
        0.0,
        OW_WASO_POINTS
        - OW_WASO_POINTS * np.fmax(waso - OW_WASO_GRACE_MIN, 0.0) / OW_WASO_WINDOW_MIN,
    )
    fractions = np.asarray(OW_FREQUENCY_FRACTIONS)
    index = np.clip(np.nan_to_num(n, nan=0.0), 0, len(fractions) - 1).astype(int)
    frequency = OW_FREQUENCY_POINTS * fractions[index]
    return np.where(np.isnan(waso), np.nan, np.floor(np.clip(duration + frequency, 0.0, 100.0)))


@metric(
    symbol="sleep_score",
    title="Sleep score",
    units="0–100",
    inputs=(
        "sleep_duration_score",
        "sleep_stages_score",
        "sleep_consistency_score",
        "sleep_interruptions_score",
    ),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="Open Wearables sleep score weights 0.40/0.20/0.20/0.20 (docs/anchors.md §2.8)",
)
def sleep_score(
    sleep_duration_score: npt.ArrayLike,
    sleep_stages_score: npt.ArrayLike,
    sleep_consistency_score: npt.ArrayLike,
    sleep_interruptions_score: npt.ArrayLike,
    *,
    duration_weight: float = OW_WEIGHTS["duration"],
    stages_weight: float = OW_WEIGHTS["stages"],
    consistency_weight: float = OW_WEIGHTS["consistency"],
    interruptions_weight: float = OW_WEIGHTS["interruptions"],
) -> Array:
    """The night's score: weighted mean of the component points that are known.

    Formula: ⌊Σ w_c·score_c / Σ w_c⌋ over components c with a value (weights renormalised when
    a source has no stages or no history); NaN without the duration component.
    Units: points 0–100.  Source: Open Wearables sleep score (weights 0.40/0.20/0.20/0.20).
    """
    comps = [
        (np.asarray(sleep_duration_score, dtype=np.float64), duration_weight),
        (np.asarray(sleep_stages_score, dtype=np.float64), stages_weight),
        (np.asarray(sleep_consistency_score, dtype=np.float64), consistency_weight),
        (np.asarray(sleep_interruptions_score, dtype=np.float64), interruptions_weight),
    ]
    total = sum(np.where(np.isnan(c), 0.0, c * w) for c, w in comps)
    weight = sum(np.where(np.isnan(c), 0.0, w) for c, w in comps)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.floor(np.asarray(total) / np.asarray(weight) + 1e-9)
    return np.where(np.isnan(comps[0][0]), np.nan, score)
