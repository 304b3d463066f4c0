"""HRV: time-domain values from RR intervals, and the daily ln rMSSD baseline, band and CV.

Two levels:

- **One reading** (an RR series from a morning chest-strap reading or a FIT HRV record):
  ``artifact_mask`` (the in-house local-median filter, ecosystem.md §3.7), ``rmssd_ms``,
  ``sdnn_ms``, ``nn_count``/``pnn_pct`` and ``summarize_rr``, which also reports the share of
  beats the filter removed. Nothing is interpolated: rMSSD uses only successive pairs whose two
  beats were both kept.
- **Daily series** of one source and one window (``HrvWindow``): ln rMSSD, its 7-day mean and CV,
  the 60-day normal band (mean ± 0.5 SD), today's z-score and the 7-day reading count. The app
  builds one series per (source, window), so a Garmin overnight value and a chest-strap morning
  reading each get their own baseline and only their z-scores are ever compared.

Conventions differ between peers (docs/anchors.md §2.6): rMSSD = √mean(ΔRR²) over the N−1
differences everywhere; SDNN is the sample SD (ddof 1); pNNx here divides by the number of
differences (hrv-analysis), not by the number of intervals (Runalyze).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.baseline import (
    BAND_WIDTH_SD,
    NORMAL_WINDOW_D,
    RECENT_MIN_READINGS,
    RECENT_WINDOW_D,
    baseline_mean,
    baseline_sd,
    deviation_z,
    recent_count,
    rolling_cv_pct,
)
from recoverwell.metrics.kernels import rolling_mean
from recoverwell.metrics.registry import Validity, declare_input, metric

Array = npt.NDArray[np.float64]

#: GoldenCheetah FilterHRV: RR below 270 ms (> 222 bpm) is not a heartbeat (docs/anchors.md §2.6).
RR_MIN_MS = 270.0
#: Runalyze, GoldenCheetah and hrv-analysis all drop RR above 2000 ms (< 30 bpm).
RR_MAX_MS = 2000.0
#: ecosystem.md §3.7: the local median is taken over 11 beats centred on the beat.
ARTIFACT_WINDOW_BEATS = 11
#: ecosystem.md §3.7 and GC FilterHRV: a beat deviating > 20 % from its neighbourhood is dropped.
ARTIFACT_THRESHOLD = 0.20
#: docs/science.md A1: a reading of at least 60 s of clean beats is usable.
MIN_READING_S = 60.0
#: Heuristic: with more than 1 beat in 5 removed, a reading describes the sensor more than the
#: heart; it is reported but not used (Kubios asks for review well below this).
MAX_ARTIFACT_SHARE = 0.20
#: HRV baselines need 21–28 days before a band is shown (docs/science.md §0 "Baselines").
HRV_BASELINE_MIN_D = 21
#: Elite HRV maps ln rMSSD 0–6.5 onto 0–100 (docs/anchors.md §2.6).
ELITE_HRV_LN_SPAN = 6.5
#: HRV4Training recovery points ≈ 2 · ln rMSSD (GC HrvMetrics.cpp fallback, docs/anchors.md §2.6).
HRV4T_POINTS_PER_LN = 2.0
#: pNN50: successive differences above 50 ms.
NN50_THRESHOLD_MS = 50.0

declare_input(
    "hrv_rmssd_ms",
    "ms",
    "Daily rMSSD of one source and one measurement window (NaN = no valid reading that day)",
)


# --- one reading: RR intervals ----------------------------------------------------------------


def _rr(rr_ms: npt.ArrayLike) -> Array:
    rr = np.asarray(rr_ms, dtype=np.float64)
    if rr.ndim != 1:
        raise MetricInputError(f"RR intervals must be a 1-D series, got shape {rr.shape}")
    return rr


def artifact_mask(
    rr_ms: npt.ArrayLike,
    *,
    window_beats: int = ARTIFACT_WINDOW_BEATS,
    threshold: float = ARTIFACT_THRESHOLD,
    min_ms: float = RR_MIN_MS,
    max_ms: float = RR_MAX_MS,
) -> npt.NDArray[np.bool_]:
    """True for the beats kept: inside [min_ms, max_ms] and within ±threshold of the local median.

    Formula: keep_i = min ≤ RR_i ≤ max and |RR_i − med_i| ≤ threshold · med_i, where med_i is the
    median of the in-range beats among the ``window_beats`` centred on i (slid inward at the
    first and last beats so the window stays full).
    Units: boolean per beat.  Source: ecosystem.md §3.7 (in-house filter, −0.3 % rMSSD error on
    the artifact benchmark), range bounds from GoldenCheetah FilterHRV and Runalyze.
    """
    rr = _rr(rr_ms)
    if window_beats < 1 or not 0 < threshold < 1:
        raise MetricInputError(
            f"artifact filter needs window ≥ 1 beat and 0 < threshold < 1, "
            f"got {window_beats}, {threshold}"
        )
    in_range = np.isfinite(rr) & (rr >= min_ms) & (rr <= max_ms)
    if rr.size == 0:
        return in_range
    # The window is centred on the beat, and slid inward at the ends so it always holds
    # ``window_beats`` beats (or the whole reading when it is shorter).
    width = min(window_beats, rr.size)
    view = np.lib.stride_tricks.sliding_window_view(np.where(in_range, rr, np.nan), width)
    starts = np.clip(np.arange(rr.size) - window_beats // 2, 0, rr.size - width)
    windows = view[starts]
    has_any = (~np.isnan(windows)).any(axis=1)
    median = np.full(rr.shape, np.nan)
    if has_any.any():
        median[has_any] = np.nanmedian(windows[has_any], axis=1)
    with np.errstate(invalid="ignore"):
        close: npt.NDArray[np.bool_] = np.abs(rr - median) <= threshold * median
    return np.logical_and(in_range, close)


def _kept_differences(rr: Array, keep: npt.NDArray[np.bool_] | None) -> Array:
    """Successive differences RR_{i+1} − RR_i over pairs whose two beats are both kept."""
    if keep is None:
        keep = np.isfinite(rr)
    pair = keep[1:] & keep[:-1]
    return np.diff(rr)[pair]


def rmssd_ms(rr_ms: npt.ArrayLike, keep: npt.NDArray[np.bool_] | None = None) -> float:
    """Root mean square of successive differences; NaN with fewer than one kept pair.

    √(mean((RR_{i+1} − RR_i)²)) over kept pairs (docs/anchors.md §2.6: every peer divides by the
    number of differences).
    """
    d = _kept_differences(_rr(rr_ms), keep)
    return float(np.sqrt(np.mean(d * d))) if d.size else math.nan


def sdsd_ms(
    rr_ms: npt.ArrayLike, keep: npt.NDArray[np.bool_] | None = None, *, ddof: int = 1
) -> float:
    """SD of the successive differences; NaN with ≤ ``ddof`` kept pairs.

    ``ddof`` 1 (sample SD) is Runalyze's convention, 0 is hrv-analysis'.
    """
    d = _kept_differences(_rr(rr_ms), keep)
    return float(np.std(d, ddof=ddof)) if d.size > ddof else math.nan


def sdnn_ms(rr_ms: npt.ArrayLike, keep: npt.NDArray[np.bool_] | None = None) -> float:
    """Sample SD (ddof 1) of the kept intervals; NaN with fewer than two."""
    rr = _rr(rr_ms)
    kept = rr[keep] if keep is not None else rr[np.isfinite(rr)]
    return float(np.std(kept, ddof=1)) if kept.size > 1 else math.nan


def nn_count(
    rr_ms: npt.ArrayLike,
    keep: npt.NDArray[np.bool_] | None = None,
    *,
    threshold_ms: float = NN50_THRESHOLD_MS,
) -> int:
    """How many kept successive differences exceed ``threshold_ms`` in absolute value (NNx)."""
    d = _kept_differences(_rr(rr_ms), keep)
    return int(np.count_nonzero(np.abs(d) > threshold_ms))


def pnn_pct(
    rr_ms: npt.ArrayLike,
    keep: npt.NDArray[np.bool_] | None = None,
    *,
    threshold_ms: float = NN50_THRESHOLD_MS,
) -> float:
    """NNx as a percentage of the kept successive differences (hrv-analysis convention)."""
    d = _kept_differences(_rr(rr_ms), keep)
    if not d.size:
        return math.nan
    return 100.0 * int(np.count_nonzero(np.abs(d) > threshold_ms)) / d.size


@dataclass(frozen=True, slots=True)
class RrSummary:
    """One HRV reading, after the artifact filter. ``valid`` says whether a baseline may use it."""

    n_beats: int
    n_kept: int
    artifact_share: float
    duration_s: float
    mean_rr_ms: float
    mean_hr_bpm: float
    rmssd_ms: float
    ln_rmssd: float
    sdnn_ms: float
    nn50: int
    pnn50_pct: float
    valid: bool
    reason: str


def summarize_rr(
    rr_ms: npt.ArrayLike,
    *,
    window_beats: int = ARTIFACT_WINDOW_BEATS,
    threshold: float = ARTIFACT_THRESHOLD,
    min_reading_s: float = MIN_READING_S,
    max_artifact_share: float = MAX_ARTIFACT_SHARE,
) -> RrSummary:
    """Filter a reading and compute its time-domain values; say whether it is usable and why not."""
    rr = _rr(rr_ms)
    keep = artifact_mask(rr, window_beats=window_beats, threshold=threshold)
    n, kept = int(rr.size), int(keep.sum())
    share = (n - kept) / n if n else math.nan
    kept_rr = rr[keep]
    duration = float(kept_rr.sum()) / 1000.0
    mean_rr = float(kept_rr.mean()) if kept else math.nan
    rmssd = rmssd_ms(rr, keep)
    reason = ""
    if n == 0:
        reason = "no RR intervals"
    elif share > max_artifact_share:
        reason = f"{share:.0%} of beats are artifacts (limit {max_artifact_share:.0%})"
    elif duration < min_reading_s:
        reason = f"only {duration:.0f} s of clean beats (need {min_reading_s:.0f} s)"
    elif not rmssd > 0:
        reason = "no successive pair of clean beats"
    return RrSummary(
        n_beats=n,
        n_kept=kept,
        artifact_share=share,
        duration_s=duration,
        mean_rr_ms=mean_rr,
        mean_hr_bpm=60_000.0 / mean_rr if kept else math.nan,
        rmssd_ms=rmssd,
        ln_rmssd=math.log(rmssd) if rmssd > 0 else math.nan,
        sdnn_ms=sdnn_ms(rr, keep),
        nn50=nn_count(rr, keep),
        pnn50_pct=pnn_pct(rr, keep),
        valid=not reason,
        reason=reason,
    )


# --- conversions --------------------------------------------------------------------------------


def elite_hrv_score(ln_rmssd: npt.ArrayLike) -> Array:
    """Elite HRV's 0–100 "HRV": round(ln rMSSD · 100 / 6.5) (docs/anchors.md §2.6, 23/23 rows)."""
    x = np.asarray(ln_rmssd, dtype=np.float64)
    # Elite HRV rounds halves up; np.round would send 54.5 to 54.
    return np.floor(x * 100.0 / ELITE_HRV_LN_SPAN + 0.5)


def hrv4t_recovery_points(rmssd: npt.ArrayLike) -> Array:
    """HRV4Training recovery points ≈ 2 · ln rMSSD (GoldenCheetah's exact fallback)."""
    x = np.asarray(rmssd, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(x > 0, HRV4T_POINTS_PER_LN * np.log(x), np.nan)


# --- daily series ---------------------------------------------------------------------------------


@metric(
    symbol="ln_rmssd",
    title="HRV, ln rMSSD",
    units="ln(ms)",
    inputs=("hrv_rmssd_ms",),
    aggregation="mean",
    validity=Validity.STANDARD,
    source="Plews 2013; Buchheit 2014 (docs/science.md A2)",
)
def ln_rmssd(hrv_rmssd_ms: npt.ArrayLike) -> Array:
    """Natural log of the daily rMSSD.

    Formula: ln(rMSSD); NaN where rMSSD is missing or not positive.
    Units: ln(ms).  Source: the research standard transform (Plews 2013, Buchheit 2014).
    """
    x = np.asarray(hrv_rmssd_ms, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(x > 0, np.log(x), np.nan)


@metric(
    symbol="ln_rmssd_7d",
    title="HRV 7-day mean",
    units="ln(ms)",
    inputs=("ln_rmssd",),
    aggregation="last",
    validity=Validity.VALIDATED,
    source="Plews 2013, Plews 2014 (docs/science.md A2; ≥ 3 readings a week)",
)
def ln_rmssd_7d(
    ln_rmssd: npt.ArrayLike,
    *,
    window_d: int = RECENT_WINDOW_D,
    min_readings: int = RECENT_MIN_READINGS,
) -> Array:
    """Rolling mean of ln rMSSD over the last 7 calendar days, today included.

    Formula: mean of the valid ln rMSSD in [d−6, d]; NaN with fewer than 3 readings.
    Units: ln(ms).  Source: Plews et al. 2013 (7-day rolling average), Plews 2014 (compliance).
    """
    return rolling_mean(ln_rmssd, window_d, min_periods=min_readings)


@metric(
    symbol="ln_rmssd_cv_7d_pct",
    title="HRV 7-day coefficient of variation",
    units="%",
    inputs=("ln_rmssd",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Plews 2012; Elite HRV 'HRV CV' (docs/anchors.md §2.6)",
)
def ln_rmssd_cv_7d_pct(
    ln_rmssd: npt.ArrayLike,
    *,
    window_d: int = RECENT_WINDOW_D,
    min_readings: int = RECENT_MIN_READINGS,
) -> Array:
    """Coefficient of variation of ln rMSSD over the last 7 calendar days.

    Formula: sample SD / mean × 100 of the valid ln rMSSD in [d−6, d]; NaN below 3 readings.
    Units: percent.  Source: Plews 2012; reproduces Elite HRV's "HRV CV" column.
    """
    return rolling_cv_pct(ln_rmssd, window_d=window_d, min_periods=min_readings)


@metric(
    symbol="ln_rmssd_normal",
    title="HRV normal (60-day mean)",
    units="ln(ms)",
    inputs=("ln_rmssd",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="HRV4Training normal values; Plews 2013 (docs/science.md A2)",
)
def ln_rmssd_normal(
    ln_rmssd: npt.ArrayLike,
    *,
    window_d: int = NORMAL_WINDOW_D,
    min_readings: int = HRV_BASELINE_MIN_D,
) -> Array:
    """The personal normal: mean ln rMSSD over the 60 days before today.

    Formula: mean of the valid ln rMSSD in [d−60, d−1]; NaN with fewer than 21 readings.
    Units: ln(ms).  Source: HRV4Training "normal values" (60 days); docs/science.md §0 (21–28 days).
    """
    return baseline_mean(ln_rmssd, window_d=window_d, min_periods=min_readings)


@metric(
    symbol="ln_rmssd_normal_sd",
    title="HRV normal SD (60 days)",
    units="ln(ms)",
    inputs=("ln_rmssd",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="HRV4Training normal values; Plews 2013 (docs/science.md A2)",
)
def ln_rmssd_normal_sd(
    ln_rmssd: npt.ArrayLike,
    *,
    window_d: int = NORMAL_WINDOW_D,
    min_readings: int = HRV_BASELINE_MIN_D,
) -> Array:
    """Day-to-day SD of ln rMSSD over the 60 days before today.

    Formula: sample SD (ddof 1) of the valid ln rMSSD in [d−60, d−1]; NaN below 21 readings.
    Units: ln(ms).  Source: HRV4Training normal range; the band is mean ± 0.5 × this SD.
    """
    return baseline_sd(ln_rmssd, window_d=window_d, min_periods=min_readings)


@metric(
    symbol="ln_rmssd_band_low",
    title="HRV normal band, lower edge",
    units="ln(ms)",
    inputs=("ln_rmssd_normal", "ln_rmssd_normal_sd"),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Plews 2013 SWC; HRV4Training (docs/science.md A2)",
)
def ln_rmssd_band_low(
    ln_rmssd_normal: npt.ArrayLike,
    ln_rmssd_normal_sd: npt.ArrayLike,
    *,
    width_sd: float = BAND_WIDTH_SD,
) -> Array:
    """Lower edge of the normal band.

    Formula: normal − width_sd × SD (width 0.5 = the smallest worthwhile change).
    Units: ln(ms).  Source: Plews et al. 2013; HRV4Training lets the user pick 0.5 or 1 SD.
    """
    m, s = (np.asarray(a, dtype=np.float64) for a in (ln_rmssd_normal, ln_rmssd_normal_sd))
    return m - width_sd * s


@metric(
    symbol="ln_rmssd_band_high",
    title="HRV normal band, upper edge",
    units="ln(ms)",
    inputs=("ln_rmssd_normal", "ln_rmssd_normal_sd"),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Plews 2013 SWC; HRV4Training (docs/science.md A2)",
)
def ln_rmssd_band_high(
    ln_rmssd_normal: npt.ArrayLike,
    ln_rmssd_normal_sd: npt.ArrayLike,
    *,
    width_sd: float = BAND_WIDTH_SD,
) -> Array:
    """Upper edge of the normal band.

    Formula: normal + width_sd × SD.
    Units: ln(ms).  Source: Plews et al. 2013; HRV4Training custom range.
    """
    m, s = (np.asarray(a, dtype=np.float64) for a in (ln_rmssd_normal, ln_rmssd_normal_sd))
    return m + width_sd * s


@metric(
    symbol="ln_rmssd_z",
    title="HRV today vs normal (z)",
    units="SD",
    inputs=("ln_rmssd", "ln_rmssd_normal", "ln_rmssd_normal_sd"),
    aggregation="last",
    validity=Validity.USEFUL,
    source="docs/science.md A2 (acute: today < normal − 1 SD); HRV4Training daily advice",
)
def ln_rmssd_z(
    ln_rmssd: npt.ArrayLike, ln_rmssd_normal: npt.ArrayLike, ln_rmssd_normal_sd: npt.ArrayLike
) -> Array:
    """Today's ln rMSSD in SDs of the athlete's own 60-day normal.

    Formula: (ln rMSSD_d − normal_d) / SD_d.  Comparable across sources: each source has its
    own normal, so only these z-scores are ever combined.
    Units: standard deviations.  Source: docs/science.md A2; docs/anchors.md §2.6.
    """
    return deviation_z(ln_rmssd, ln_rmssd_normal, ln_rmssd_normal_sd)


@metric(
    symbol="hrv_readings_7d",
    title="HRV readings in the last 7 days",
    units="count",
    inputs=("ln_rmssd",),
    aggregation="last",
    validity=Validity.STANDARD,
    source="Plews 2014 (≥ 3 valid readings a week), docs/science.md §0",
)
def hrv_readings_7d(ln_rmssd: npt.ArrayLike, *, window_d: int = RECENT_WINDOW_D) -> Array:
    """How many valid HRV readings fall in the last 7 days (coverage).

    Formula: count of non-NaN ln rMSSD in [d−6, d]; below 3 the trend is "not enough data".
    Units: readings.  Source: Plews et al. 2014, IJSPP 9:783.
    """
    return recent_count(ln_rmssd, window_d=window_d)
