"""One activity's load: which samples count, which model applies, and why the others did not.

``session_load(activity, params)`` returns a frozen ``SessionLoad`` holding every model that
could be computed and the one used as the session's load. The fallback order follows the
issue: heart rate (HRSS) → pace (rTSS) → session-RPE, and the result says which it used and
why each earlier model was refused (no HR, too little HR coverage, an implausible TRIMP/h,
no threshold pace, …). Nothing is silently repaired.

Currencies do not mix: HRSS and rTSS share the TSS scale (an hour at threshold = 100); a
session-RPE load (RPE × minutes) does not. In the TSS currency an RPE-only session is converted
with the athlete's own ratio ``srpe_tss_per_au`` (the app measures it on sessions that have both)
and is left without a load when no ratio is known. In the sRPE currency only RPE counts.

Guards (docs/anchors.md §2.1, §4.5): samples count for the time since the previous sample, except
across a recording gap longer than ``PAUSE_GAP_S`` (a paused watch) and, on the default
``moving`` basis, while standing still; a session whose TRIMP exceeds 10 000 or 400 per hour
(Runalyze's limits) is refused as bad heart-rate data.

Standing still is decided so that it does not depend on how often a device updates distance
(issue 11): a sample's speed from distance is the distance between the updates around it over
the time between them (``moving_speed_m_s``), not the difference to the previous sample (a Polar
V800 repeats a distance for several samples, which read as 0 m/s); a sample with steps moves
whatever its speed (GoldenCheetah's "Time Moving"); a sample with neither speed nor cadence
counts, since a stop has to show in the data.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import MetricInputError
from recoverwell.core.types import Activity, FloatArray, SampleStreams
from recoverwell.metrics.load import (
    GC_ZONE_EDGES_FRAC,
    GC_ZONE_WEIGHTS,
    TRIMP_UNSPECIFIED,
    TrimpFactors,
    hrss,
    srpe,
    trimp,
    trimp_edwards,
    trimp_lucia,
    trimp_zonal,
)
from recoverwell.metrics.pace import (
    gap_speed_m_s,
    grade,
    intensity_factor,
    ngp_speed_m_s,
    stress_score,
)

#: A gap between samples longer than this is a pause (auto-pause, watch stopped), not effort.
#: Our choice: smart recording writes a sample at least every ~8 s while moving.
PAUSE_GAP_S = 30.0
#: Below this speed a sample is "stopped" on the moving basis (traffic lights, stretching);
#: Elevate counts a run as moving above 1.5 km/h = 0.42 m/s (activity-computer.ts).
MOVING_SPEED_M_S = 0.5
#: A sample with a cadence above this moves, whatever its speed: GoldenCheetah's "Time Moving"
#: counts a sample whose speed or cadence is not zero (src/Metrics/BasicRideMetrics.cpp:300).
MOVING_CADENCE_SPM = 0.0
#: Part of every cache key: a change in which samples count makes stored loads stale.
COUNTING_RULES = "moving-v2"
#: Share of counted time that must carry a heart rate for an HR-based load.
MIN_HR_COVERAGE = 0.8
#: Runalyze Bridge/Activity/Calculation/TrimpCalculator.php: larger values are bad data.
MAX_TRIMP_AU = 10_000.0
MAX_TRIMP_PER_H = 400.0
S_PER_H = 3600.0
S_PER_MIN = 60.0
#: Sessions with both an RPE and an HR/pace load needed before RPE-only sessions are converted.
MIN_RATIO_SESSIONS = 5
NO_RATIO_NOTE = "sRPE known, but no TSS/sRPE ratio for this athlete yet"


class TimeBasis(StrEnum):
    """Which samples count: moving time (default) or all elapsed time between pauses."""

    MOVING = "moving"
    ELAPSED = "elapsed"


class LoadCurrency(StrEnum):
    """The unit a daily load series is kept in; one per athlete (docs/science.md §7)."""

    TSS = "tss"  # HRSS → rTSS → sRPE × the athlete's TSS/sRPE ratio
    SRPE = "srpe"  # RPE × minutes only


class LoadModel(StrEnum):
    """The model that produced a session's load."""

    HRSS = "hrss"
    RTSS = "rtss"
    SRPE = "srpe"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class LoadParams:
    """Everything a session's load depends on; ``None`` = unknown (the model is skipped)."""

    hr_max_bpm: float | None = None
    hr_rest_bpm: float | None = None
    lthr_bpm: float | None = None
    vt1_hr_bpm: float | None = None
    vt2_hr_bpm: float | None = None
    threshold_speed_m_s: float | None = None
    factors: TrimpFactors = TRIMP_UNSPECIFIED
    zone_edges_frac: tuple[float, ...] = GC_ZONE_EDGES_FRAC
    zone_weights: tuple[float, ...] = GC_ZONE_WEIGHTS
    basis: TimeBasis = TimeBasis.MOVING
    currency: LoadCurrency = LoadCurrency.TSS
    srpe_tss_per_au: float | None = None
    allow_average_hr: bool = False

    def key(self) -> str:
        """A stable text of every value, to tell whether a cached load is still current."""
        values = dataclasses.asdict(self)
        parts = [f"{k}={values[k]}" for k in sorted(values) if k != "srpe_tss_per_au"]
        return ";".join([f"rules={COUNTING_RULES}", *parts])


@dataclass(frozen=True, slots=True)
class SessionLoad:
    """A session's load in the chosen currency, the model used, and every model's value."""

    model: LoadModel
    load_au: float | None
    counted_s: float
    hr_coverage: float | None = None
    trimp_au: float | None = None
    trimp_per_h: float | None = None
    edwards_au: float | None = None
    lucia_au: float | None = None
    zonal_au: float | None = None
    hrss_au: float | None = None
    rtss_au: float | None = None
    ngp_speed_m_s: float | None = None
    intensity_factor: float | None = None
    srpe_au: float | None = None
    grade_adjusted: bool = False
    notes: tuple[str, ...] = ()


def sample_durations_s(
    time_s: FloatArray,
    speed_m_s: FloatArray | None = None,
    *,
    basis: TimeBasis = TimeBasis.MOVING,
    pause_gap_s: float = PAUSE_GAP_S,
    cadence_spm: FloatArray | None = None,
) -> FloatArray:
    """Seconds each sample counts for: the time since the previous sample (Runalyze's histogram).

    The first sample counts from the start (``time_s[0]``); a gap over ``pause_gap_s`` counts 0;
    on the moving basis a sample known to stand still counts 0 (``standing_still``).
    """
    t = np.asarray(time_s, dtype=np.float64)
    if t.ndim != 1:
        raise MetricInputError("time_s must be one-dimensional")
    dt = np.diff(t, prepend=0.0)
    if np.any(dt < 0):
        raise MetricInputError("time_s must not go backwards")
    dt = np.where(dt > pause_gap_s, 0.0, dt)
    if basis is TimeBasis.MOVING:
        dt = np.where(standing_still(len(t), speed_m_s, cadence_spm), 0.0, dt)
    return dt


def standing_still(
    n: int, speed_m_s: FloatArray | None, cadence_spm: FloatArray | None
) -> npt.NDArray[np.bool_]:
    """Samples known to stand still: slower than MOVING_SPEED_M_S (or without a speed) and
    without steps; a sample with neither speed nor cadence is not known to stand still."""
    nan = np.full(n, np.nan)
    speed = nan if speed_m_s is None else np.asarray(speed_m_s, dtype=np.float64)
    cadence = nan if cadence_spm is None else np.asarray(cadence_spm, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        moving = (speed >= MOVING_SPEED_M_S) | (cadence > MOVING_CADENCE_SPM)
    known: npt.NDArray[np.bool_] = np.isfinite(speed) | np.isfinite(cadence)
    return known & ~moving


def moving_speed_m_s(time_s: FloatArray, distance_m: FloatArray) -> FloatArray:
    """Each sample's speed from distance, whatever how often the device updates the distance.

    Formula: with the distance's updates (the first sample, every change of value, the last
    sample) at times u_0 < u_1 < …, a sample at u_(j−1) < t ≤ u_j moved at
    (d(u_j) − d(u_(j−1))) / (u_j − u_(j−1)); NaN outside the samples that have a distance.
    A device that writes a new distance every k samples gives the k samples one speed, where
    differences to the previous sample read k − 1 of them as 0 m/s. Units: m/s.
    """
    t = np.asarray(time_s, dtype=np.float64)
    d = np.asarray(distance_m, dtype=np.float64)
    out = np.full(len(t), np.nan)
    ok = np.isfinite(t) & np.isfinite(d)
    if np.count_nonzero(ok) < 2:
        return out
    tf, df = t[ok], d[ok]
    marks = np.unique(np.concatenate(([0], np.flatnonzero(np.diff(df) != 0) + 1, [len(tf) - 1])))
    tu, du = tf[marks], df[marks]
    with np.errstate(invalid="ignore", divide="ignore"):
        speed = np.diff(du) / np.diff(tu)  # speed[j − 1] over (u_(j−1), u_j]
    j = np.searchsorted(tu, t, side="left")
    inside = np.isfinite(t) & (t >= tu[0]) & (t <= tu[-1])
    interval = np.clip(j, 1, len(tu) - 1) - 1
    out[inside] = speed[interval[inside]]
    out[~np.isfinite(out)] = np.nan
    return out


def _moving_speed(streams: SampleStreams) -> FloatArray | None:
    """The device's speed where it has one, else the speed from distance updates."""
    from_distance = None
    if streams.distance_m is not None:
        from_distance = moving_speed_m_s(streams.time_s, streams.distance_m)
    if streams.speed_m_s is None or from_distance is None:
        return streams.speed_m_s if from_distance is None else from_distance
    return np.where(np.isfinite(streams.speed_m_s), streams.speed_m_s, from_distance)


def counted_durations_s(
    streams: SampleStreams, *, basis: TimeBasis = TimeBasis.MOVING
) -> FloatArray:
    """The seconds each sample of a session counts for in its load (``sample_durations_s`` with
    the speed from the device or the distance's updates, and the cadence)."""
    return sample_durations_s(
        streams.time_s, _moving_speed(streams), basis=basis, cadence_spm=streams.cadence_spm
    )


def _speed(streams: SampleStreams) -> FloatArray | None:
    if streams.speed_m_s is not None:
        return streams.speed_m_s
    if streams.distance_m is None:
        return None
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.diff(streams.distance_m, prepend=0.0) / np.diff(streams.time_s, prepend=0.0)
    return np.where(np.isfinite(v), v, np.nan)


def _fmt(value: float) -> str:
    return f"{value:.0f}"


def _hr_models(
    dt: FloatArray, hr: FloatArray, p: LoadParams, notes: list[str], fields: dict[str, Any]
) -> float | None:
    """Fill the HR models into ``fields``; return HRSS when it may be the session's load."""
    counted = dt.sum()
    covered = dt[~np.isnan(hr)].sum()
    coverage = covered / counted if counted > 0 else 0.0
    fields["hr_coverage"] = coverage
    if coverage < MIN_HR_COVERAGE:
        notes.append(f"heart rate covers {coverage:.0%} of the time (< {MIN_HR_COVERAGE:.0%})")
        return None
    if p.hr_max_bpm is not None:
        fields["edwards_au"] = float(np.nansum(trimp_edwards(dt, hr, hr_max_bpm=p.hr_max_bpm)))
    if p.vt1_hr_bpm is not None and p.vt2_hr_bpm is not None:
        lucia = trimp_lucia(dt, hr, vt1_hr_bpm=p.vt1_hr_bpm, vt2_hr_bpm=p.vt2_hr_bpm)
        fields["lucia_au"] = float(np.nansum(lucia))
    if p.lthr_bpm is not None:
        zonal = trimp_zonal(
            dt,
            hr,
            lthr_bpm=p.lthr_bpm,
            zone_edges_frac=p.zone_edges_frac,
            zone_weights=p.zone_weights,
        )
        fields["zonal_au"] = float(np.nansum(zonal))
    if p.hr_max_bpm is None or p.hr_rest_bpm is None:
        notes.append("HRmax or HRrest unknown: no TRIMP")
        return None
    ab = {"a_factor": p.factors.a, "b_factor": p.factors.b}
    total = float(
        np.nansum(trimp(dt, hr, hr_max_bpm=p.hr_max_bpm, hr_rest_bpm=p.hr_rest_bpm, **ab))
    )
    per_h = total / (covered / S_PER_H) if covered > 0 else math.nan
    fields["trimp_au"], fields["trimp_per_h"] = total, per_h
    if total > MAX_TRIMP_AU or per_h > MAX_TRIMP_PER_H:
        notes.append(
            f"TRIMP {_fmt(total)} ({_fmt(per_h)}/h) is over Runalyze's limits "
            f"({_fmt(MAX_TRIMP_AU)}, {_fmt(MAX_TRIMP_PER_H)}/h): heart rate looks wrong"
        )
        return None
    if p.lthr_bpm is None:
        notes.append("LTHR unknown: no HRSS")
        return None
    score = hrss(
        dt, hr, hr_max_bpm=p.hr_max_bpm, hr_rest_bpm=p.hr_rest_bpm, lthr_bpm=p.lthr_bpm, **ab
    )
    fields["hrss_au"] = float(np.nansum(score))
    return float(np.nansum(score))


def _pace_model(
    streams: SampleStreams,
    dt: FloatArray,
    p: LoadParams,
    notes: list[str],
    fields: dict[str, Any],
) -> float | None:
    speed = _speed(streams)
    if speed is None:
        notes.append("no speed or distance samples: no rTSS")
        return None
    if streams.altitude_m is not None and streams.distance_m is not None:
        g = grade(streams.distance_m, streams.altitude_m)
        fields["grade_adjusted"] = True
    else:
        g = np.zeros_like(speed)
        notes.append("no altitude: pace not grade-adjusted")
    ngp = ngp_speed_m_s(dt, gap_speed_m_s(speed, g))
    if np.isnan(ngp[-1]):
        notes.append("under 30 s of moving samples: no normalised pace")
        return None
    return _pace_score(float(ngp[-1]), float(dt.sum()), p, notes, fields)


def _pace_score(
    speed_m_s: float, counted_s: float, p: LoadParams, notes: list[str], fields: dict[str, Any]
) -> float | None:
    fields["ngp_speed_m_s"] = speed_m_s
    if p.threshold_speed_m_s is None:
        notes.append("threshold pace unknown: no rTSS")
        return None
    factor = float(intensity_factor(speed_m_s, p.threshold_speed_m_s))
    score = float(stress_score(counted_s, factor))
    fields["intensity_factor"], fields["rtss_au"] = factor, score
    return score


def _averages(activity: Activity, p: LoadParams) -> tuple[SampleStreams, list[str]]:
    """A one-sample stand-in built from the session's averages (only when allowed)."""
    duration = activity.moving_s or activity.elapsed_s
    columns: dict[str, FloatArray] = {"time_s": np.array([duration])}
    notes = []
    if p.allow_average_hr and activity.avg_hr_bpm is not None:
        columns["hr_bpm"] = np.array([activity.avg_hr_bpm])
        notes.append("from average heart rate × duration (no HR samples)")
    if activity.distance_m and duration > 0:
        columns["speed_m_s"] = np.array([activity.distance_m / duration])
    return SampleStreams.from_mapping(columns), notes


def session_load(activity: Activity, params: LoadParams) -> SessionLoad:
    """The session's load with the model used, every model's value, and notes on refusals."""
    notes: list[str] = []
    fields: dict[str, Any] = {}
    streams = activity.streams
    averaged = streams is None or (streams.hr_bpm is None and _speed(streams) is None)
    if streams is None or averaged:
        streams, average_notes = _averages(activity, params)
        notes += average_notes
        dt = streams.time_s.copy()  # one stand-in sample: the whole duration
    else:
        dt = counted_durations_s(streams, basis=params.basis)
    duration_min = (activity.moving_s or activity.elapsed_s) / S_PER_MIN
    if activity.rpe is not None:
        fields["srpe_au"] = float(srpe(np.array(activity.rpe), np.array(duration_min)))
    if params.currency is LoadCurrency.TSS:
        candidates = _tss_candidates(streams, dt, averaged, params, notes, fields)
    else:
        value = fields.get("srpe_au")
        if value is None:
            notes.append("no RPE recorded")
        candidates = [(LoadModel.SRPE, value)]
    model, load = next(((m, v) for m, v in candidates if v is not None), (LoadModel.NONE, None))
    return SessionLoad(model, load, float(dt.sum()), notes=tuple(notes), **fields)


def _tss_candidates(
    streams: SampleStreams,
    dt: FloatArray,
    averaged: bool,
    params: LoadParams,
    notes: list[str],
    fields: dict[str, Any],
) -> list[tuple[LoadModel, float | None]]:
    """HRSS, then rTSS, then sRPE converted with the athlete's ratio: the TSS-currency chain."""
    hr_load = None
    if streams.hr_bpm is None:
        notes.append("no heart-rate samples")
    else:
        hr_load = _hr_models(dt, streams.hr_bpm, params, notes, fields)
    if averaged:
        speed = streams.speed_m_s
        pace = None
        if speed is not None:
            pace = _pace_score(float(speed[0]), float(dt.sum()), params, notes, fields)
        if pace is not None:
            notes.append("rTSS from average pace (not normalised, not grade-adjusted)")
    else:
        pace = _pace_model(streams, dt, params, notes, fields)
    converted = None
    srpe_au = fields.get("srpe_au")
    if srpe_au is None:
        notes.append("no RPE recorded")
    elif params.srpe_tss_per_au is None:
        notes.append(NO_RATIO_NOTE)
    else:
        converted = srpe_au * params.srpe_tss_per_au
    return [(LoadModel.HRSS, hr_load), (LoadModel.RTSS, pace), (LoadModel.SRPE, converted)]


def with_srpe_ratio(
    load: SessionLoad, srpe_tss_per_au: float | None, currency: LoadCurrency = LoadCurrency.TSS
) -> SessionLoad:
    """The session's load re-chosen for the athlete's current TSS/sRPE ratio (no recompute).

    The ratio is an athlete-level value that changes as sessions arrive; the per-session models
    (HRSS, rTSS, sRPE) do not, so a cached ``SessionLoad`` is re-chosen rather than recomputed.
    """
    if currency is LoadCurrency.SRPE:
        model = LoadModel.SRPE if load.srpe_au is not None else LoadModel.NONE
        return dataclasses.replace(load, model=model, load_au=load.srpe_au)
    converted = None
    if load.srpe_au is not None and srpe_tss_per_au is not None:
        converted = load.srpe_au * srpe_tss_per_au
    candidates = [
        (LoadModel.HRSS, load.hrss_au),
        (LoadModel.RTSS, load.rtss_au),
        (LoadModel.SRPE, converted),
    ]
    model, value = next(((m, v) for m, v in candidates if v is not None), (LoadModel.NONE, None))
    notes = tuple(n for n in load.notes if n != NO_RATIO_NOTE or converted is None)
    return dataclasses.replace(load, model=model, load_au=value, notes=notes)


def srpe_ratio(loads: list[SessionLoad], *, min_sessions: int) -> float | None:
    """The athlete's TSS per sRPE unit: the median over sessions that have both, or None.

    Formula: median(load_au / srpe_au) over sessions whose load came from HRSS or rTSS and
    that have an RPE; None with fewer than ``min_sessions`` such sessions.
    """
    ratios = [
        x.load_au / x.srpe_au
        for x in loads
        if x.model in (LoadModel.HRSS, LoadModel.RTSS)
        and x.load_au is not None
        and x.srpe_au is not None
        and x.srpe_au > 0
    ]
    return float(np.median(ratios)) if len(ratios) >= min_sessions else None
