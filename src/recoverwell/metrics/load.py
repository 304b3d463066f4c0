"""Per-session training load from heart rate: Banister, Edwards, Lucia and zonal TRIMP, HRSS, sRPE.

Every per-sample metric takes ``duration_s`` (the seconds each sample counts for, from
``sample_durations_s``) and ``hr_bpm``, and returns each sample's contribution: the session's
value is their sum (``aggregation="sum"``), NaN where the heart rate is missing. Physiological
parameters (HRmax, HRrest, LTHR, VT1/VT2) are always passed in; nothing falls back to a silent
default (Runalyze's HRmax 200 is the anti-pattern, STYLE.md §2.2).

``session_load`` (in ``metrics/session.py``) puts the models together for one activity, with
the guards and the fallback from heart rate to pace to session-RPE.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from recoverwell.core.athlete import Sex
from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.registry import Validity, declare_input, metric

Array = npt.NDArray[np.float64]
S_PER_MIN = 60.0


@dataclass(frozen=True, slots=True)
class TrimpFactors:
    """Banister's weighting y = A·x·e^(B·x) of heart-rate reserve x, and its source."""

    a: float
    b: float
    source: str


#: Banister (1991) / Morton et al. (1990), male: y = 0.64·x·e^(1.92x).
TRIMP_MALE = TrimpFactors(0.64, 1.92, "Morton 1990, male")
#: Runalyze Trimp/Factor.php: female A rescaled so that one minute at 100 % HRR scores the same
#: for every sex: 0.64·e^1.92 = 0.821776·e^1.67 (docs/anchors.md §2.1). Our default for women.
TRIMP_FEMALE_RUNALYZE = TrimpFactors(0.821776, 1.67, "Runalyze, female (normalised A)")
#: Morton et al. (1990), female, as published: 0.86·x·e^(1.67x). An option.
TRIMP_FEMALE_LITERATURE = TrimpFactors(0.86, 1.67, "Morton 1990, female")
#: Runalyze, sex not given: B between the two curves, A normalised as above.
TRIMP_UNSPECIFIED = TrimpFactors(0.725215, 1.795, "Runalyze, sex not given")


class FemaleFactor(StrEnum):
    """Which published female TRIMP factor to use."""

    RUNALYZE = "runalyze"  # 0.821776, normalised (default)
    LITERATURE = "literature"  # 0.86, Morton 1990


def trimp_factors(sex: Sex, female: FemaleFactor = FemaleFactor.RUNALYZE) -> TrimpFactors:
    """The Banister factors for a sex (a documented choice; see the constants above)."""
    if sex is Sex.MALE:
        return TRIMP_MALE
    if sex is Sex.FEMALE:
        return TRIMP_FEMALE_RUNALYZE if female is FemaleFactor.RUNALYZE else TRIMP_FEMALE_LITERATURE
    return TRIMP_UNSPECIFIED


#: Edwards (1993): minutes in 50–60/60–70/70–80/80–90/90–100 % HRmax, weighted 1–5.
EDWARDS_EDGES_FRAC = (0.5, 0.6, 0.7, 0.8, 0.9)
EDWARDS_WEIGHTS = (1.0, 2.0, 3.0, 4.0, 5.0)
#: Lucia et al. (2003): minutes below VT1 ×1, between VT1 and VT2 ×2, above VT2 ×3.
LUCIA_WEIGHTS = (1.0, 2.0, 3.0)
#: GoldenCheetah default HR zones as fractions of LTHR (src/Metrics/HrZones.cpp; sweatpy
#: HEART_RATE_ZONES): Z1 < 68 %, Z2 68–83, Z3 83–94, Z4 94–105, Z5 ≥ 105 %.
GC_ZONE_EDGES_FRAC = (0.68, 0.83, 0.94, 1.05)
#: GoldenCheetah's default zone weights k for zonal TRIMP (trimp_zonal_points).
GC_ZONE_WEIGHTS = (0.9, 1.1, 1.2, 2.0, 5.0)

declare_input("hr_bpm", "bpm", "heart rate per sample")
declare_input("rpe", "CR-10", "session rating of perceived exertion, 0–10 (Foster)")
declare_input("duration_min", "min", "session duration (moving time when known)")


def _check_reserve(hr_max_bpm: float, hr_rest_bpm: float) -> None:
    if not hr_max_bpm > hr_rest_bpm >= 0:
        raise MetricInputError(
            f"TRIMP needs HRmax > HRrest ≥ 0, got HRmax {hr_max_bpm}, HRrest {hr_rest_bpm}"
        )


def heart_rate_reserve(hr_bpm: npt.ArrayLike, *, hr_max_bpm: float, hr_rest_bpm: float) -> Array:
    """Fraction of heart-rate reserve, (HR − HRrest)/(HRmax − HRrest), floored at 0."""
    _check_reserve(hr_max_bpm, hr_rest_bpm)
    hr = np.asarray(hr_bpm, dtype=np.float64)
    return np.maximum((hr - hr_rest_bpm) / (hr_max_bpm - hr_rest_bpm), 0.0)


@metric(
    symbol="trimp",
    title="Banister TRIMP",
    units="au",
    inputs=("duration_s", "hr_bpm"),
    aggregation="sum",
    validity=Validity.USEFUL,
    source="Banister 1991; Morton 1990; Runalyze Trimp/Calculator.php (docs/anchors.md §2.1)",
)
def trimp(
    duration_s: Array,
    hr_bpm: Array,
    *,
    hr_max_bpm: float,
    hr_rest_bpm: float,
    a_factor: float = TRIMP_UNSPECIFIED.a,
    b_factor: float = TRIMP_UNSPECIFIED.b,
) -> Array:
    """Banister's training impulse of each sample.

    Formula: dt/60 · x · A · e^(B·x), x = (HR − HRrest)/(HRmax − HRrest) floored at 0; the
    session TRIMP is the sum. A, B by sex: ``trimp_factors`` (male 0.64/1.92; female
    0.821776/1.67 normalised, or 0.86/1.67 as published; not given 0.725215/1.795).
    Units: arbitrary units (≈ minutes weighted by intensity).
    Source: Banister (1991); Morton et al. (1990); factors and normalisation from Runalyze.
    """
    x = heart_rate_reserve(hr_bpm, hr_max_bpm=hr_max_bpm, hr_rest_bpm=hr_rest_bpm)
    minutes = np.asarray(duration_s, dtype=np.float64) / S_PER_MIN
    return minutes * x * a_factor * np.exp(b_factor * x)


def trimp_duration_s(
    trimp_au: float, hr_bpm: float, *, hr_max_bpm: float, hr_rest_bpm: float, factors: TrimpFactors
) -> float:
    """Time at ``hr_bpm`` scoring ``trimp_au`` (Runalyze InverseCalculator): 60·T/(A·x·e^(Bx))."""
    x = float(heart_rate_reserve(hr_bpm, hr_max_bpm=hr_max_bpm, hr_rest_bpm=hr_rest_bpm))
    if x <= 0:
        raise MetricInputError(f"a heart rate of {hr_bpm} bpm is at or below HRrest: no impulse")
    return S_PER_MIN * trimp_au / (factors.a * x * math.exp(factors.b * x))


def trimp_at_threshold_per_h(
    *, hr_max_bpm: float, hr_rest_bpm: float, lthr_bpm: float, a_factor: float, b_factor: float
) -> float:
    """TRIMP of 60 minutes at LTHR: 60 · r · A · e^(B·r), r = LTHR as a fraction of HRR."""
    if not hr_rest_bpm < lthr_bpm <= hr_max_bpm:
        raise MetricInputError(f"LTHR {lthr_bpm} must lie between HRrest and HRmax")
    r = (lthr_bpm - hr_rest_bpm) / (hr_max_bpm - hr_rest_bpm)
    return float(S_PER_MIN * r * a_factor * np.exp(b_factor * r))


@metric(
    symbol="hrss",
    title="Heart-rate stress score (HRSS, hrTSS)",
    units="au",
    inputs=("duration_s", "hr_bpm"),
    aggregation="sum",
    validity=Validity.USEFUL,
    source="Elevate computeHeartRateStressScore; GoldenCheetah trimp_100_points",
)
def hrss(
    duration_s: Array,
    hr_bpm: Array,
    *,
    hr_max_bpm: float,
    hr_rest_bpm: float,
    lthr_bpm: float,
    a_factor: float = TRIMP_UNSPECIFIED.a,
    b_factor: float = TRIMP_UNSPECIFIED.b,
) -> Array:
    """Each sample's TRIMP on the TSS scale: an hour at LTHR scores 100.

    Formula: 100 · TRIMP_sample / TRIMP(60 min at LTHR), TRIMP(60 min at LTHR) = 60·r·A·e^(B·r),
    r = (LTHR − HRrest)/(HRmax − HRrest); the same A, B as the session TRIMP.
    Units: arbitrary units (TSS scale).
    Source: Elevate activity-computer.ts (computeHeartRateStressScore); GoldenCheetah
    TRIMPPoints.cpp (trimp_100_points).
    """
    per_hour = trimp_at_threshold_per_h(
        hr_max_bpm=hr_max_bpm,
        hr_rest_bpm=hr_rest_bpm,
        lthr_bpm=lthr_bpm,
        a_factor=a_factor,
        b_factor=b_factor,
    )
    impulse = trimp(
        duration_s,
        hr_bpm,
        hr_max_bpm=hr_max_bpm,
        hr_rest_bpm=hr_rest_bpm,
        a_factor=a_factor,
        b_factor=b_factor,
    )
    return 100.0 * impulse / per_hour


def _zone_weights(
    duration_s: Array,
    hr_bpm: Array,
    reference_bpm: float,
    edges: tuple[float, ...],
    weights: tuple[float, ...],
) -> Array:
    if len(weights) != len(edges) + 1 or list(edges) != sorted(edges):
        raise MetricInputError(
            f"zones need ascending edges and one weight more: {edges} / {weights}"
        )
    hr = np.asarray(hr_bpm, dtype=np.float64)
    zone = np.searchsorted(
        np.asarray(edges) * reference_bpm, np.nan_to_num(hr, nan=0.0), side="right"
    )
    w = np.asarray(weights, dtype=np.float64)[zone]
    return np.where(np.isnan(hr), np.nan, w * np.asarray(duration_s, dtype=np.float64) / S_PER_MIN)


def hr_zone(
    hr_bpm: npt.ArrayLike, *, lthr_bpm: float, edges_frac: tuple[float, ...] = GC_ZONE_EDGES_FRAC
) -> Array:
    """Zone number (1 = lowest) of each heart rate, zones as fractions of LTHR; NaN stays NaN."""
    hr = np.asarray(hr_bpm, dtype=np.float64)
    zone = np.searchsorted(np.asarray(edges_frac) * lthr_bpm, np.nan_to_num(hr), side="right") + 1
    return np.where(np.isnan(hr), np.nan, zone.astype(np.float64))


def time_in_zones_s(
    duration_s: npt.ArrayLike,
    hr_bpm: npt.ArrayLike,
    *,
    lthr_bpm: float,
    edges_frac: tuple[float, ...] = GC_ZONE_EDGES_FRAC,
) -> Array:
    """Seconds in each heart-rate zone (zone 1 first), zones as fractions of LTHR.

    Formula: T_z = Σ dt over the samples whose HR is in zone z (``hr_zone``); samples without
    HR count in no zone, so Σ T_z ≤ Σ dt.
    Units: s, one value per zone (len(edges_frac) + 1).
    Source: GoldenCheetah src/Metrics/HrZones.cpp (default edges 68/83/94/105 % of LTHR).
    """
    zone = hr_zone(hr_bpm, lthr_bpm=lthr_bpm, edges_frac=edges_frac)
    dt = np.asarray(duration_s, dtype=np.float64)
    have = ~np.isnan(zone)
    return np.bincount(
        (zone[have] - 1).astype(np.int64), weights=dt[have], minlength=len(edges_frac) + 1
    ).astype(np.float64)


@metric(
    symbol="trimp_edwards",
    title="Edwards TRIMP",
    units="au",
    inputs=("duration_s", "hr_bpm"),
    aggregation="sum",
    validity=Validity.USEFUL,
    source="Edwards 1993; fellrnr.com/wiki/TRIMP",
)
def trimp_edwards(duration_s: Array, hr_bpm: Array, *, hr_max_bpm: float) -> Array:
    """Edwards' summated heart-rate zones: minutes weighted 1–5 by % of HRmax.

    Formula: dt/60 · k, k = 1, 2, 3, 4, 5 for HR in [50, 60), [60, 70), [70, 80), [80, 90),
    ≥ 90 % of HRmax; 0 below 50 %.
    Units: arbitrary units (weighted minutes).
    Source: Edwards (1993), The Heart Rate Monitor Book.
    """
    weights = (0.0, *EDWARDS_WEIGHTS)
    return _zone_weights(duration_s, hr_bpm, hr_max_bpm, EDWARDS_EDGES_FRAC, weights)


@metric(
    symbol="trimp_lucia",
    title="Lucia TRIMP",
    units="au",
    inputs=("duration_s", "hr_bpm"),
    aggregation="sum",
    validity=Validity.USEFUL,
    source="Lucia et al. 2003 (ventilatory-threshold zones)",
)
def trimp_lucia(duration_s: Array, hr_bpm: Array, *, vt1_hr_bpm: float, vt2_hr_bpm: float) -> Array:
    """Lucia's three-zone TRIMP: minutes below VT1 ×1, VT1 to VT2 ×2, at or above VT2 ×3.

    Formula: dt/60 · k, k = 1 (HR < VT1), 2 (VT1 ≤ HR < VT2), 3 (HR ≥ VT2).
    Units: arbitrary units (weighted minutes).
    Source: Lucia et al. (2003), Med Sci Sports Exerc 35:1113.
    """
    if not vt1_hr_bpm < vt2_hr_bpm:
        raise MetricInputError(f"VT1 ({vt1_hr_bpm}) must be below VT2 ({vt2_hr_bpm})")
    edges = (1.0, vt2_hr_bpm / vt1_hr_bpm)
    return _zone_weights(duration_s, hr_bpm, vt1_hr_bpm, edges, LUCIA_WEIGHTS)


@metric(
    symbol="trimp_zonal",
    title="Zonal TRIMP (LTHR zones)",
    units="au",
    inputs=("duration_s", "hr_bpm"),
    aggregation="sum",
    validity=Validity.USEFUL,
    source="GoldenCheetah trimp_zonal_points and HrZones.cpp defaults",
)
def trimp_zonal(
    duration_s: Array,
    hr_bpm: Array,
    *,
    lthr_bpm: float,
    zone_edges_frac: tuple[float, ...] = GC_ZONE_EDGES_FRAC,
    zone_weights: tuple[float, ...] = GC_ZONE_WEIGHTS,
) -> Array:
    """Minutes in each heart-rate zone times the zone's weight; zones are fractions of LTHR.

    Formula: dt/60 · k_z, z = the zone of HR; default edges 68/83/94/105 % LTHR, weights
    0.9/1.1/1.2/2.0/5.0.
    Units: arbitrary units (weighted minutes).
    Source: GoldenCheetah src/Metrics/TRIMPPoints.cpp (trimp_zonal_points), HrZones.cpp.
    """
    return _zone_weights(duration_s, hr_bpm, lthr_bpm, zone_edges_frac, zone_weights)


@metric(
    symbol="srpe",
    title="Session-RPE load",
    units="au",
    inputs=("rpe", "duration_min"),
    aggregation="sum",
    validity=Validity.VALIDATED,
    source="Foster et al. 2001",
)
def srpe(rpe: Array, duration_min: Array) -> Array:
    """Foster's session-RPE load of each session.

    Formula: RPE (CR-10, 0–10) × session minutes.
    Units: arbitrary units.
    Source: Foster et al. (2001), J Strength Cond Res 15:109.
    """
    r = np.asarray(rpe, dtype=np.float64)
    if np.any(r[~np.isnan(r)] < 0) or np.any(r[~np.isnan(r)] > 10):
        raise MetricInputError("session RPE is on the CR-10 scale, 0–10")
    return r * np.asarray(duration_min, dtype=np.float64)
