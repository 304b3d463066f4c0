"""Pace-based session load: grade, grade-adjusted speed, normalised graded pace and rTSS.

Runners without a power meter still need a load that sees intervals and hills. The open recipe
(docs/anchors.md §2.1, gap 9 in §5): grade-adjust every sample with Minetti's energy-cost
polynomial, take a 30 s rolling mean over *counted* time (pauses and stops excluded), and average
its fourth power. ``rTSS = hours × IF² × 100`` with IF = normalised speed ÷ threshold speed, the
same structure as TSS for power (Coggan; sweatpy ``stress_score``). Elevate's RSS, which uses the
*average* grade-adjusted speed, is the special case of a constant pace.

Per-sample arrays share the layout of ``SampleStreams`` (1-D, one value per sample); every
function is pure and never mutates its input.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.registry import Validity, declare_input, metric

Array = npt.NDArray[np.float64]

#: Minetti et al. (2002), J Appl Physiol 93:1039, energy cost of running on a gradient i (J/kg/m):
#: C(i) = 155.4i⁵ − 30.4i⁴ − 43.3i³ + 46.3i² + 19.5i + 3.6 (GoldenCheetah GOVSS.cpp uses it).
MINETTI_COEFFS = (155.4, -30.4, -43.3, 46.3, 19.5, 3.6)
#: The range of gradients Minetti measured (±45 %); steeper grades are clipped to it.
MINETTI_MAX_GRADE = 0.45
#: Normalisation window: 30 s rolling mean, then the 4th-power mean (Coggan NP; TrainingPeaks NGP).
NGP_WINDOW_S = 30.0
NGP_POWER = 4.0
#: Distance over which the grade is measured, centred on the sample (our choice: long enough to
#: average out 0.1 m altitude steps at 1 Hz, short enough to see a 100 m hill).
GRADE_WINDOW_M = 20.0
#: TSS scale: one hour at threshold (IF = 1) scores 100 (Coggan; sweatpy ``stress_score``).
TSS_PER_HOUR_AT_THRESHOLD = 100.0
S_PER_H = 3600.0

declare_input("duration_s", "s", "seconds each sample counts for (after the pause/stop guard)")
declare_input("speed_m_s", "m/s", "speed per sample")
declare_input("distance_m", "m", "cumulative distance per sample")
declare_input("altitude_m", "m", "altitude per sample")


def minetti_cost(grade: npt.ArrayLike) -> Array:
    """Minetti's energy cost of running, J/kg/m, at a gradient (rise/run), clipped to ±45 %."""
    i = np.clip(np.asarray(grade, dtype=np.float64), -MINETTI_MAX_GRADE, MINETTI_MAX_GRADE)
    return np.asarray(np.polyval(MINETTI_COEFFS, i), dtype=np.float64)


@metric(
    symbol="grade",
    title="Gradient",
    units="1",
    inputs=("distance_m", "altitude_m"),
    aggregation="none",
    validity=Validity.STANDARD,
    source="definition: rise over run, centred over GRADE_WINDOW_M",
)
def grade(distance_m: Array, altitude_m: Array, *, window_m: float = GRADE_WINDOW_M) -> Array:
    """Gradient at each sample: altitude change over the ``window_m`` of road around it.

    Formula: (alt(d + w/2) − alt(d − w/2)) / (distance between those points), with altitude
    interpolated along distance and the window cut at the ends of the run; 0 where the run
    covers no distance, NaN where distance or altitude is missing.
    Units: dimensionless (0.05 = 5 % uphill).
    Source: definition; the window is ours (see GRADE_WINDOW_M).
    """
    d = np.asarray(distance_m, dtype=np.float64)
    alt = np.asarray(altitude_m, dtype=np.float64)
    out = np.full(d.shape, np.nan)
    ok = ~(np.isnan(d) | np.isnan(alt))
    if ok.sum() < 2:
        return out
    xp, first = np.unique(d[ok], return_index=True)
    fp = alt[ok][first]
    lo = np.clip(d[ok] - window_m / 2, xp[0], xp[-1])
    hi = np.clip(d[ok] + window_m / 2, xp[0], xp[-1])
    span = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        g = (np.interp(hi, xp, fp) - np.interp(lo, xp, fp)) / span
    out[ok] = np.where(span > 0, g, 0.0)
    return out


@metric(
    symbol="gap_speed_m_s",
    title="Grade-adjusted speed",
    units="m/s",
    inputs=("speed_m_s", "grade"),
    aggregation="mean",
    validity=Validity.USEFUL,
    source="Minetti et al. 2002 cost of running; docs/anchors.md §2.1 (GOVSS kernel)",
)
def gap_speed_m_s(speed_m_s: Array, grade: Array) -> Array:
    """The flat-ground speed with the same energy cost as each sample's speed on its gradient.

    Formula: v · C(i) / C(0), C = Minetti's cost polynomial, i clipped to ±0.45; a missing grade
    counts as flat.
    Units: m/s.
    Source: Minetti et al. (2002) J Appl Physiol 93:1039; GoldenCheetah GOVSS.cpp.
    """
    v = np.asarray(speed_m_s, dtype=np.float64)
    i = np.nan_to_num(np.asarray(grade, dtype=np.float64), nan=0.0)
    return v * minetti_cost(i) / minetti_cost(0.0)


@metric(
    symbol="ngp_speed_m_s",
    title="Normalised graded speed (running)",
    units="m/s",
    inputs=("duration_s", "gap_speed_m_s"),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Coggan NP recipe applied to grade-adjusted speed (docs/anchors.md §2.1)",
)
def ngp_speed_m_s(
    duration_s: Array, gap_speed_m_s: Array, *, window_s: float = NGP_WINDOW_S
) -> Array:
    """Normalised graded speed of the session so far, at each sample.

    Formula: v30 = mean grade-adjusted speed over the last ``window_s`` of counted time;
    NGP(t) = (Σ dt·v30⁴ / Σ dt)^¼ over the counted samples up to t with a full window behind
    them. Samples with dt = 0 (pauses, stops) are skipped; NaN until the first full window.
    Units: m/s.
    Source: Coggan's normalised power (30 s, 4th power) with speed for power; TrainingPeaks' NGP
    is proprietary, this is the open recipe in docs/anchors.md §2.1.
    """
    dt = np.nan_to_num(np.asarray(duration_s, dtype=np.float64), nan=0.0)
    v = np.asarray(gap_speed_m_s, dtype=np.float64)
    out = np.full(v.shape, np.nan)
    counted = (dt > 0) & ~np.isnan(v)
    if not counted.any():
        return out
    t = np.cumsum(dt[counted])  # counted time at the end of each sample
    integral = np.cumsum(dt[counted] * v[counted])
    t0, i0 = np.r_[0.0, t], np.r_[0.0, integral]
    full = t >= window_s
    v30 = (integral - np.interp(t - window_s, t0, i0)) / window_s
    weight = np.where(full, dt[counted], 0.0)
    num = np.cumsum(weight * np.where(full, v30, 0.0) ** NGP_POWER)
    den = np.cumsum(weight)
    with np.errstate(invalid="ignore", divide="ignore"):
        running = np.where(den > 0, (num / den) ** (1 / NGP_POWER), np.nan)
    out[counted] = running
    # Samples not counted carry the value reached so far (they add no time and no speed).
    filled = np.maximum.accumulate(np.where(counted, np.arange(len(v)), -1))
    has = filled >= 0
    out[has] = out[filled[has]]
    return out


def intensity_factor(speed_m_s: npt.ArrayLike, threshold_speed_m_s: float) -> Array:
    """IF = normalised (or average) speed ÷ threshold speed (sweatpy ``relative_intensity``)."""
    if not threshold_speed_m_s > 0:
        raise MetricInputError(f"threshold speed must be positive, got {threshold_speed_m_s}")
    return np.asarray(speed_m_s, dtype=np.float64) / threshold_speed_m_s


def stress_score(duration_s: npt.ArrayLike, intensity: npt.ArrayLike) -> Array:
    """TSS-family score: hours × IF² × 100 (Coggan; sweatpy ``stress_score``; Elevate RSS)."""
    hours = np.asarray(duration_s, dtype=np.float64) / S_PER_H
    return hours * np.asarray(intensity, dtype=np.float64) ** 2 * TSS_PER_HOUR_AT_THRESHOLD


@metric(
    symbol="rtss",
    title="Running stress score (rTSS)",
    units="au",
    inputs=("duration_s", "ngp_speed_m_s"),
    aggregation="last",
    validity=Validity.USEFUL,
    source="TrainingPeaks rTSS structure; Coggan TSS; docs/anchors.md §2.1",
)
def rtss(duration_s: Array, ngp_speed_m_s: Array, *, threshold_speed_m_s: float) -> Array:
    """Running stress score of the session so far, at each sample.

    Formula: rTSS(t) = counted hours up to t × (NGP(t) / threshold speed)² × 100; an hour at
    threshold pace on the flat scores 100.
    Units: arbitrary units (TSS scale).
    Source: TrainingPeaks rTSS (hours × IF² × 100); NGP as in ``ngp_speed_m_s``.
    """
    dt = np.nan_to_num(np.asarray(duration_s, dtype=np.float64), nan=0.0)
    ngp = np.asarray(ngp_speed_m_s, dtype=np.float64)
    return stress_score(np.cumsum(dt), intensity_factor(ngp, threshold_speed_m_s))
