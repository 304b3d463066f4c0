"""Thresholds from the runner's own sessions: HRmax, LTHR and threshold pace from best efforts.

Two steps, both pure:

1. **Per session** (``session_bests``): the session's *mean-maximal* values, the best
   time-weighted mean of a channel over a window of each duration (GoldenCheetah's mean-max
   curves), and the highest heart rate *held* for ``HR_MAX_HOLD_S``. Windows lie inside one
   stretch of continuous recording: a gap longer than ``PAUSE_GAP_S`` (a paused watch) ends a
   stretch, as it does for session loads. Missing samples (NaN) count as not recorded, and a
   window counts only when at least ``MIN_WINDOW_COVERAGE`` of it is recorded. Speed is
   grade-adjusted by the window's net gradient (Minetti's cost, as rTSS uses it), so an uphill
   tempo counts for what it cost and a downhill one is not read as fitness.
2. **Across sessions** (the metrics below, then ``best_session``): each session's candidate for
   the threshold, and the best candidate of the sessions in the window the app chooses.

Training rarely holds a maximal effort, so every value here is what the runner has *at least*
shown: an estimate from easy running alone reads HRmax and LTHR low and threshold pace slow. Low
thresholds make loads read high, the cautious side for a recovery verdict; the app labels each
estimate with the effort it came from so the runner can judge it, and never lets one replace a
value the runner set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import MetricInputError
from recoverwell.core.types import SampleStreams
from recoverwell.metrics.pace import minetti_cost
from recoverwell.metrics.registry import Validity, declare_input, metric
from recoverwell.metrics.session import MIN_HR_COVERAGE, PAUSE_GAP_S

Array = npt.NDArray[np.float64]

#: A heart rate counts towards HRmax when held this long: one- or two-sample spikes (a chest strap
#: in dry air, a bumped optical sensor) never are. Our choice within the 5–10 s of common practice;
#: at a true maximum HR plateaus for tens of seconds, so the hold costs under 1 bpm.
HR_MAX_HOLD_S = 10.0
#: Windows of the heart-rate efforts LTHR is read from: 20 min (a 20- or 30-min test) and 60 min
#: (a one-hour race), after Friel (see ``lthr_candidate_bpm``).
HR_EFFORT_S = (1200.0, 3600.0)
#: Windows of the pace efforts VDOT is read from: 10 to 60 min, the race durations of 3 km to
#: the half marathon for most runners; shorter windows would let GPS noise set the threshold.
SPEED_EFFORT_S = (600.0, 1200.0, 1800.0, 3600.0)
#: Altitude at a window's ends is the mean of this much time around each (GPS altitude jitters by
#: metres from one sample to the next). Our choice: NGP's 30 s.
ALTITUDE_SMOOTH_S = 30.0
#: Share of a window that must be recorded (not NaN): the share session loads ask of heart rate.
MIN_WINDOW_COVERAGE = MIN_HR_COVERAGE
#: 80/20 Endurance (D. Warden, after Friel): after a 20-min all-out time trial LTHR is 95 % of its
#: average HR; after a 30-min one it is 100 % of its last 20 min (Friel, joefrieltraining.com).
#: From training data the kind of effort is unknown, so the best 20 min take the 20-min factor.
LTHR_FRACTION_OF_20MIN_HR = 0.95
#: Friel: an all-out effort in company or a race must last 60 min to give LTHR; its average HR.
LTHR_FRACTION_OF_60MIN_HR = 1.0
#: Daniels & Gilbert (1979) oxygen cost of running, v in m/min: VO2 = −4.60 + 0.182258v +
#: 0.000104v² (ml/kg/min); the same formula as Runalyze's
#: DanielsGilbertFormula (docs/anchors.md §2.5).
DG_VO2_INTERCEPT = -4.60
DG_VO2_LINEAR = 0.182258
DG_VO2_QUADRATIC = 0.000104
#: Daniels & Gilbert (1979) share of VO2max sustainable for t minutes:
#: 0.8 + 0.1894393·e^(−0.012778t) + 0.2989558·e^(−0.1932605t).
DG_PCT_BASE = 0.8
DG_PCT_TERMS = ((0.1894393, -0.012778), (0.2989558, -0.1932605))
#: Daniels' Running Formula: threshold (T) pace is run at 88 % of VDOT; his tables' T paces
#: (VDOT 40: 8:12/mi, 45: 7:27/mi, 50: 4:15/km, 80: 4:41/mi) are the speeds at 0.88 × VDOT.
#: It is also about the pace of a one-hour race (%VO2max(60 min) = 0.888), the threshold rTSS
#: is defined on (TrainingPeaks; docs/science.md §7 L1).
DANIELS_T_FRACTION = 0.88
#: Daniels' VDOT tables end at 85 (world-record running); an effort implying more than 90 (room
#: for the tables' rounding and an exceptional day) is not a run on foot (a GPS fault, a ride, a
#: car) and is not used.
VDOT_MAX = 90.0
#: Runalyze: the Daniels–Gilbert formula holds for 50–1000 m/min (docs/anchors.md §2.5).
DG_MIN_SPEED_M_PER_MIN = 50.0
S_PER_MIN = 60.0

declare_input("effort_speed_m_s", "m/s", "a best effort's mean grade-adjusted speed")
declare_input("effort_duration_s", "s", "the duration of that effort's window")
declare_input("hr_20min_bpm", "bpm", "a session's best 20-min mean heart rate")
declare_input("hr_60min_bpm", "bpm", "a session's best 60-min mean heart rate")


def _stretches(t: Array, pause_gap_s: float) -> tuple[Array, Array, Array]:
    """Per sample: the seconds it counts for, and the start and end time of its stretch."""
    if t.ndim != 1:
        raise MetricInputError("time_s must be one-dimensional")
    dt = np.diff(t, prepend=t[:1])
    if np.any(dt < 0) or np.any(~np.isfinite(t)):
        raise MetricInputError("time_s must be finite and never go backwards")
    breaks = dt > pause_gap_s
    dt = np.where(breaks, 0.0, dt)
    first = np.flatnonzero(np.r_[True, breaks[1:]])
    stretch = np.cumsum(np.r_[True, breaks[1:]]) - 1
    last = np.r_[first[1:] - 1, len(t) - 1]
    return dt, t[first][stretch], t[last][stretch]


def _best_windows(
    t: Array,
    v: Array,
    durations_s: npt.ArrayLike,
    pause_gap_s: float,
    min_coverage: float,
    adjust: Callable[[Array, Array, Array], Array] | None = None,
) -> Array:
    """The best window mean of each duration (see ``mean_max``); ``adjust(lo, hi, integral)``
    multiplies each qualifying window's mean (NaN: the window does not count)."""
    durations = np.asarray(durations_s, dtype=np.float64)
    if v.shape != t.shape:
        raise MetricInputError("values must have the shape of time_s")
    out = np.full(durations.shape, np.nan)
    if len(t) < 2:
        return out
    dt, start, end = _stretches(t, pause_gap_s)
    recorded = np.isfinite(v)
    integral = np.cumsum(np.where(recorded, v * dt, 0.0))
    covered = np.cumsum(np.where(recorded, dt, 0.0))
    for k, d in enumerate(durations.ravel()):
        if not d > 0:
            raise MetricInputError(f"window durations must be positive, got {d}")
        lo = np.r_[t - d, t]  # windows ending at a sample, then windows starting at one
        hi = lo + d
        inside = np.r_[t - d >= start, t + d <= end]
        got = np.interp(hi, t, covered) - np.interp(lo, t, covered)
        ok = inside & (got >= min_coverage * d) & (got > 0)
        if not ok.any():
            continue
        total = np.interp(hi[ok], t, integral) - np.interp(lo[ok], t, integral)
        mean = total / got[ok]
        if adjust is not None:
            mean = mean * adjust(lo[ok], hi[ok], total)
        if np.isfinite(mean).any():
            out.flat[k] = float(np.nanmax(mean))
    return out


def mean_max(
    time_s: npt.ArrayLike,
    values: npt.ArrayLike,
    durations_s: npt.ArrayLike,
    *,
    pause_gap_s: float = PAUSE_GAP_S,
    min_coverage: float = MIN_WINDOW_COVERAGE,
) -> Array:
    """The best time-weighted mean of ``values`` over a window of each duration (mean-max).

    Formula: a sample holds its value over the time since the previous sample (as session
    loads count it); with I(x) = ∫ value and C(x) = ∫ recorded time up to x, a window [a, a + D]
    inside one stretch scores (I(a + D) − I(a)) / (C(a + D) − C(a)) when C(a + D) − C(a) ≥
    ``min_coverage`` × D; the best over windows that start or end at a sample (where the
    maximum of a step function's window mean lies). NaN where no window qualifies.
    Units: those of ``values``.
    Source: GoldenCheetah's mean-maximal curves (RideFileCache), time-weighted; gaps ours.
    """
    t = np.asarray(time_s, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    return _best_windows(t, v, durations_s, pause_gap_s, min_coverage)


def graded_mean_max(
    time_s: npt.ArrayLike,
    speed_m_s: npt.ArrayLike,
    altitude_m: npt.ArrayLike,
    durations_s: npt.ArrayLike,
    *,
    pause_gap_s: float = PAUSE_GAP_S,
    min_coverage: float = MIN_WINDOW_COVERAGE,
    smooth_s: float = ALTITUDE_SMOOTH_S,
) -> Array:
    """The best grade-adjusted mean speed over a window of each duration.

    Formula: a window's mean speed (as ``mean_max``) × C(g) / C(0), with g the window's net
    gradient, (altitude at its end − at its start) / the distance it covers, altitudes the
    ``smooth_s`` time-mean around each end, and C Minetti's cost of running (clipped to ±45 %);
    a window whose ends have no altitude does not count. NaN where no window qualifies.
    Units: m/s (flat-ground equivalent).
    Source: Minetti et al. (2002) cost of running; graded per window, not per sample (ours): C is
    convex, so per-sample grades from noisy GPS altitude inflate it (a 2011 Forerunner 305 run in
    the corpus reads 3:03/km for 10 min on per-sample grades, where it ran 4:25/km).
    """
    t = np.asarray(time_s, dtype=np.float64)
    v = np.asarray(speed_m_s, dtype=np.float64)
    alt = np.asarray(altitude_m, dtype=np.float64)
    if alt.shape != t.shape:
        raise MetricInputError("altitude_m must have the shape of time_s")
    dt, _, _ = _stretches(t, pause_gap_s) if len(t) >= 2 else (np.zeros_like(t), t, t)
    known = np.isfinite(alt)
    a_int = np.cumsum(np.where(known, alt * dt, 0.0))
    a_cov = np.cumsum(np.where(known, dt, 0.0))
    half = smooth_s / 2

    def altitude_at(x: Array) -> Array:
        cov = np.interp(x + half, t, a_cov) - np.interp(x - half, t, a_cov)
        rise = np.interp(x + half, t, a_int) - np.interp(x - half, t, a_int)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(cov > 0, rise / cov, np.nan)

    def adjust(lo: Array, hi: Array, distance: Array) -> Array:
        with np.errstate(invalid="ignore", divide="ignore"):
            g = (altitude_at(hi) - altitude_at(lo)) / distance
        factor = minetti_cost(np.nan_to_num(g)) / minetti_cost(0.0)
        return np.where(np.isfinite(g), factor, np.nan)

    return _best_windows(t, v, durations_s, pause_gap_s, min_coverage, adjust)


def _range_min(x: Array, lo: npt.NDArray[np.intp], hi: npt.NDArray[np.intp]) -> Array:
    """min(x[lo_i..hi_i]) for every i (inclusive, lo ≤ hi), by a sparse table; NaN propagates."""
    out = np.empty(len(lo))
    if not len(lo):
        return out
    length = hi - lo + 1
    level = np.floor(np.log2(length)).astype(np.intp)
    table = x
    for k in range(int(level.max()) + 1):
        if k:
            half = 1 << (k - 1)
            table = np.minimum(table[:-half], table[half:])
        at = level == k
        out[at] = np.minimum(table[lo[at]], table[hi[at] - (1 << k) + 1])
    return out


def held_max(
    time_s: npt.ArrayLike,
    values: npt.ArrayLike,
    *,
    hold_s: float = HR_MAX_HOLD_S,
    pause_gap_s: float = PAUSE_GAP_S,
) -> float:
    """The highest level ``values`` stayed at or above for ``hold_s`` without a break.

    Formula: max over samples i of min(value_j, …, value_i), where samples j..i hold the
    ``hold_s`` before t_i (each sample holds its value over the time since the previous one),
    the window lies inside one stretch of recording and no sample in it is missing. NaN when no
    window qualifies.
    Units: those of ``values``.
    Source: our definition of a "sustained" maximum (the spike guard of HR_MAX_HOLD_S).
    """
    t = np.asarray(time_s, dtype=np.float64)
    v = np.asarray(values, dtype=np.float64)
    if v.shape != t.shape:
        raise MetricInputError("values must have the shape of time_s")
    if len(t) < 2:
        return float("nan")
    _, start, _ = _stretches(t, pause_gap_s)
    ok = t - hold_s >= start
    hi = np.flatnonzero(ok)
    if not len(hi):
        return float("nan")
    lo = np.searchsorted(t, t[hi] - hold_s, side="right")
    held = _range_min(v, lo.astype(np.intp), hi.astype(np.intp))
    return float(np.nanmax(held)) if np.isfinite(held).any() else float("nan")


@dataclass(frozen=True, slots=True)
class SessionBests:
    """A session's best efforts (NaN: the session has none of that length)."""

    hr_held_max_bpm: float
    hr_mean_max_bpm: tuple[float, ...]  # one per HR_EFFORT_S
    gap_mean_max_m_s: tuple[float, ...]  # one per SPEED_EFFORT_S
    grade_adjusted: bool


def _speed(streams: SampleStreams) -> Array | None:
    if streams.speed_m_s is not None:
        return np.asarray(streams.speed_m_s, dtype=np.float64)
    if streams.distance_m is None:
        return None
    dt = np.diff(streams.time_s, prepend=streams.time_s[:1])
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.diff(streams.distance_m, prepend=streams.distance_m[:1]) / dt
    return np.where(np.isfinite(v) & (dt > 0), v, np.nan)


def session_bests(streams: SampleStreams) -> SessionBests:
    """The best efforts of one session's streams (see the module docstring)."""
    t = streams.time_s
    nan_hr = (float("nan"),) * len(HR_EFFORT_S)
    hr_max, hr_means = float("nan"), nan_hr
    if streams.hr_bpm is not None:
        hr_max = held_max(t, streams.hr_bpm)
        hr_means = tuple(float(x) for x in mean_max(t, streams.hr_bpm, HR_EFFORT_S))
    speeds = (float("nan"),) * len(SPEED_EFFORT_S)
    speed = _speed(streams)
    adjusted = speed is not None and streams.altitude_m is not None
    if speed is not None:
        best = (
            graded_mean_max(t, speed, streams.altitude_m, SPEED_EFFORT_S)
            if streams.altitude_m is not None
            else mean_max(t, speed, SPEED_EFFORT_S)
        )
        speeds = tuple(float(x) for x in best)
    return SessionBests(hr_max, hr_means, speeds, adjusted)


def daniels_vo2(speed_m_s: npt.ArrayLike) -> Array:
    """Daniels–Gilbert oxygen cost of running at a speed, ml/kg/min (see DG_VO2_*)."""
    v = np.asarray(speed_m_s, dtype=np.float64) * S_PER_MIN
    return DG_VO2_INTERCEPT + DG_VO2_LINEAR * v + DG_VO2_QUADRATIC * v**2


def daniels_fraction(duration_s: npt.ArrayLike) -> Array:
    """Daniels–Gilbert share of VO2max a runner sustains for a duration (see DG_PCT_*)."""
    t = np.asarray(duration_s, dtype=np.float64) / S_PER_MIN
    return np.asarray(DG_PCT_BASE + sum(a * np.exp(b * t) for a, b in DG_PCT_TERMS))


@metric(
    symbol="vdot",
    title="VDOT of an effort (Daniels–Gilbert)",
    units="ml/kg/min",
    inputs=("effort_speed_m_s", "effort_duration_s"),
    aggregation="max",
    validity=Validity.USEFUL,
    source="Daniels & Gilbert 1979 (Oxygen Power); Runalyze "
    "DanielsGilbertFormula, docs/anchors.md §2.5",
)
def vdot(effort_speed_m_s: Array, effort_duration_s: Array) -> Array:
    """The VO2max a race of this speed and duration implies (Daniels' VDOT).

    Formula: VDOT = VO2(v) / %max(t), VO2(v) = −4.60 + 0.182258v + 0.000104v² (v in m/min),
    %max(t) = 0.8 + 0.1894393·e^(−0.012778t) + 0.2989558·e^(−0.1932605t) (t in min); NaN below
    50 m/min (the formula's range) and above VDOT_MAX (not a run on foot).
    Units: ml/kg/min (a "pseudo VO2max").
    Source: Daniels & Gilbert (1979); Daniels' Running Formula, VDOT tables; Runalyze
    DanielsGilbertFormula.php.
    """
    speed = np.asarray(effort_speed_m_s, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        out = daniels_vo2(speed) / daniels_fraction(effort_duration_s)
        valid = (speed * S_PER_MIN >= DG_MIN_SPEED_M_PER_MIN) & (out <= VDOT_MAX)
    return np.where(valid, out, np.nan)


@metric(
    symbol="daniels_t_speed_m_s",
    title="Threshold (T) speed from VDOT",
    units="m/s",
    inputs=("vdot",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Daniels' Running Formula: T pace at 88 % of VDOT",
)
def daniels_t_speed_m_s(vdot: Array, *, fraction: float = DANIELS_T_FRACTION) -> Array:
    """Daniels' threshold (T) speed: where running costs ``fraction`` of VDOT.

    Formula: v with VO2(v) = fraction × VDOT, i.e. v = (−b + √(b² + 4a(fraction·VDOT + 4.60)))
    / 2a with a = 0.000104, b = 0.182258 (v in m/min, returned in m/s); NaN for NaN.
    Units: m/s.
    Source: Daniels' Running Formula (T pace, 88 % of VDOT); Daniels & Gilbert (1979) VO2(v).
    """
    need = fraction * np.asarray(vdot, dtype=np.float64) - DG_VO2_INTERCEPT
    a, b = DG_VO2_QUADRATIC, DG_VO2_LINEAR
    with np.errstate(invalid="ignore"):
        v = (-b + np.sqrt(b * b + 4 * a * need)) / (2 * a)
    return np.asarray(v / S_PER_MIN, dtype=np.float64)


@metric(
    symbol="lthr_candidate_bpm",
    title="LTHR a session's best efforts support",
    units="bpm",
    inputs=("hr_20min_bpm", "hr_60min_bpm"),
    aggregation="max",
    validity=Validity.HEURISTIC,
    source="Friel (joefrieltraining.com, 30-min test); 80/20 Endurance (20-min test × 0.95)",
)
def lthr_candidate_bpm(
    hr_20min_bpm: Array,
    hr_60min_bpm: Array,
    *,
    fraction_20min: float = LTHR_FRACTION_OF_20MIN_HR,
    fraction_60min: float = LTHR_FRACTION_OF_60MIN_HR,
) -> Array:
    """The lactate-threshold HR a session supports, read as a field test.

    Formula: max(0.95 × best 20-min mean HR, 1.00 × best 60-min mean HR), a missing one ignored;
    NaN when both are missing.
    Units: bpm.
    Source: Friel: LTHR ≈ the average HR of an all-out one-hour effort, or of the last 20 min of
    a solo 30-min time trial; 80/20 Endurance: of a 20-min time trial, 95 % of its average.
    """
    a = fraction_20min * np.asarray(hr_20min_bpm, dtype=np.float64)
    b = fraction_60min * np.asarray(hr_60min_bpm, dtype=np.float64)
    return np.asarray(np.fmax(a, b), dtype=np.float64)


class Pick(NamedTuple):
    """The best session value: its value (NaN: none), the session's position (−1: none), and how
    many sessions have a value at all."""

    value: float
    session: int
    qualifying: int


def best_session(values: npt.ArrayLike, *, runs_agreeing: int = 1) -> Pick:
    """The highest value of one-per-session ``values`` that ``runs_agreeing`` sessions reach
    (the k-th highest finite value), where it is, and how many sessions have a value at all.

    With ``runs_agreeing`` = 2, one session's fault (an optical sensor locked on 220 bpm for
    minutes, a GPS jump) never sets the value: another session must reach it too."""
    x = np.asarray(values, dtype=np.float64)
    where = np.flatnonzero(np.isfinite(x))
    if len(where) < max(runs_agreeing, 1):
        return Pick(float("nan"), -1, len(where))
    order = where[np.argsort(-x[where], kind="stable")]
    i = int(order[runs_agreeing - 1])
    return Pick(float(x[i]), i, len(where))


def best_vdot(speeds_m_s: npt.ArrayLike, durations_s: npt.ArrayLike) -> tuple[Array, Array]:
    """Each session's best VDOT over its efforts (sessions × durations) and that effort's
    column; NaN and −1 for a session without a usable effort."""
    v = vdot(np.atleast_2d(np.asarray(speeds_m_s, dtype=np.float64)), np.asarray(durations_s))
    filled = np.where(np.isfinite(v), v, -np.inf)
    col = np.argmax(filled, axis=1)
    best = filled[np.arange(len(filled)), col]
    has = np.isfinite(best)
    return np.where(has, best, np.nan), np.where(has, col, -1)
