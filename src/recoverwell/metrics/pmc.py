"""Fitness, fatigue and form (the performance-management chart) and Banister's impulse-response.

Two EWMA conventions exist and are not the same for the same "N days" (docs/anchors.md §2.2):

- ``exponential`` (default): α = 1 − e^(−1/τ), TrainingPeaks, WKO, GoldenCheetah, intervals.icu,
  Elevate. Fitness τ = 42 d, fatigue τ = 7 d.
- ``span``: α = 2/(N + 1), Runalyze (and Williams' ACWR). Its "42 days" reacts like τ ≈ 21.5.

Form is reported **for the day it applies to**: ``form`` on day d is yesterday's fitness minus
yesterday's fatigue, the freshness you start day d with (TrainingPeaks/WKO/Elevate/GC default,
labelled "TSB, yesterday's convention"). ``form_same_day`` is Runalyze's same-day TSB.

Days without data (NaN load) leave fitness and fatigue unchanged and show NaN; rest days are 0.
"""

from __future__ import annotations

import math
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.kernels import alpha_exponential, alpha_span, ewma
from recoverwell.metrics.registry import Validity, declare_input, metric

Array = npt.NDArray[np.float64]

#: Coggan / TrainingPeaks defaults (GoldenCheetah LTS/STS 42/7; Runalyze 42/7 with span decay).
FITNESS_TAU_D = 42.0
FATIGUE_TAU_D = 7.0
#: docs/science.md §0 ("~6 weeks for CTL") and §7 L6 (daily load ≥ 6 weeks): fitness starts from 0,
#: so form means little before this many days of data.
FITNESS_WARMUP_D = 42
#: Ramp rate window: fitness change over 7 days (GoldenCheetah rr[d] = lts[d] − lts[d − 7]).
RAMP_WINDOW_D = 7
#: Banister/Morton defaults for running (Runalyze BanisterModel.php): τ1 42, τ2 7, k1 1, k2 2.
BANISTER_TAU1_D = 42.0
BANISTER_TAU2_D = 7.0
BANISTER_K1 = 1.0
BANISTER_K2 = 2.0
#: Runalyze TsbModel::restDays floors fitness at 1 so an untrained athlete gets a finite answer.
REST_DAYS_FITNESS_FLOOR_AU = 1.0
#: The form floor for "most load today": −30, where docs/science.md §7 L6 (and intervals.icu's form
#: zones) put "high fatigue"; Runalyze's maxTrimpToBalanced is the floor-0 case.
FORM_FLOOR_AU = -30.0
#: Fitness and fatigue start at the mean daily load of the first PMC_SEED_D days of data, not
#: at 0: records begin when the athlete started using a device or recoverwell, not when they
#: started training, and a runner importing a 70-mile week was not unfit the day before. A zero
#: seed would read steady training as deep fatigue for weeks (TSB ≈ −0.37 × the daily load at
#: day 42). TrainingPeaks and GoldenCheetah let the user set these starting values for the
#: same reason; this is our default for them.
PMC_SEED_D = 28

declare_input("daily_load_au", "au", "training load per local day (rest = 0, no data = NaN)")


class Decay(StrEnum):
    """EWMA decay convention (see the module docstring)."""

    EXPONENTIAL = "exponential"
    SPAN = "span"


def decay_alpha(tau_d: float, convention: Decay | str = Decay.EXPONENTIAL) -> float:
    """α per day for a time constant (exponential) or span (N) in days."""
    if Decay(convention) is Decay.EXPONENTIAL:
        return alpha_exponential(tau_d)
    return alpha_span(tau_d)


def _yesterday(series: Array, first_au: float) -> Array:
    out = np.empty_like(series)
    out[..., 0] = first_au
    out[..., 1:] = series[..., :-1]
    return out


@metric(
    symbol="fitness",
    title="Fitness (CTL)",
    units="au",
    inputs=("daily_load_au",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Banister 1975; Coggan (TrainingPeaks CTL); docs/anchors.md §2.2",
)
def fitness(
    daily_load_au: Array,
    *,
    tau_d: float = FITNESS_TAU_D,
    convention: str = Decay.EXPONENTIAL,
    seed_au: float = 0.0,
) -> Array:
    """Chronic training load at the end of each day.

    Formula: CTL[d] = CTL[d−1] + α·(load[d] − CTL[d−1]), CTL[−1] = seed; α = 1 − e^(−1/τ)
    (exponential, default) or 2/(τ + 1) (span); a day without data leaves it unchanged (NaN).
    Units: load units per day (au).
    Source: Banister (1975); Coggan/TrainingPeaks; GoldenCheetah PMCData.cpp; Runalyze TsbModel.
    """
    return ewma(daily_load_au, decay_alpha(tau_d, convention), seed=seed_au)


@metric(
    symbol="fatigue",
    title="Fatigue (ATL)",
    units="au",
    inputs=("daily_load_au",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Banister 1975; Coggan (TrainingPeaks ATL); docs/anchors.md §2.2",
)
def fatigue(
    daily_load_au: Array,
    *,
    tau_d: float = FATIGUE_TAU_D,
    convention: str = Decay.EXPONENTIAL,
    seed_au: float = 0.0,
) -> Array:
    """Acute training load at the end of each day.

    Formula: ATL[d] = ATL[d−1] + α·(load[d] − ATL[d−1]), ATL[−1] = seed, α as for fitness
    with τ = 7 d by default.
    Units: load units per day (au).
    Source: Banister (1975); Coggan/TrainingPeaks; GoldenCheetah PMCData.cpp; Runalyze TsbModel.
    """
    return ewma(daily_load_au, decay_alpha(tau_d, convention), seed=seed_au)


@metric(
    symbol="form",
    title="Form (TSB) going into the day",
    units="au",
    inputs=("fitness", "fatigue"),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="TrainingPeaks/WKO TSB (yesterday's CTL − ATL); docs/anchors.md §2.2, §6",
)
def form(
    fitness: Array, fatigue: Array, *, fitness_seed_au: float = 0.0, fatigue_seed_au: float = 0.0
) -> Array:
    """Form for the morning of each day: yesterday's fitness minus yesterday's fatigue.

    Formula: TSB[d] = CTL[d−1] − ATL[d−1]; on the first day the seeds (CTL[−1] − ATL[−1]).
    NaN when yesterday had no data.
    Units: load units per day (au).
    Source: TrainingPeaks/WKO (``shift(tl(tss,42) − tl(tss,7), 1)``); GoldenCheetah shows it on
    the next day; Elevate computes it before today's update.
    """
    ctl = _yesterday(np.asarray(fitness, dtype=np.float64), fitness_seed_au)
    return ctl - _yesterday(np.asarray(fatigue, dtype=np.float64), fatigue_seed_au)


@metric(
    symbol="form_same_day",
    title="Form (TSB) at the end of the day",
    units="au",
    inputs=("fitness", "fatigue"),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="Runalyze TsbModel (same-day TSB)",
)
def form_same_day(fitness: Array, fatigue: Array) -> Array:
    """Form after the day's training: today's fitness minus today's fatigue.

    Formula: TSB[d] = CTL[d] − ATL[d] (Runalyze's convention; ``form`` of the next day).
    Units: load units per day (au).
    Source: Runalyze inc/core/Sports/Performance/Model/TsbModel.php.
    """
    return np.asarray(fitness, dtype=np.float64) - np.asarray(fatigue, dtype=np.float64)


@metric(
    symbol="ramp_rate",
    title="Fitness ramp rate",
    units="au/week",
    inputs=("fitness",),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="GoldenCheetah PMCData.cpp rr; WKO ramp rate",
)
def ramp_rate(fitness: Array, *, window_d: int = RAMP_WINDOW_D) -> Array:
    """How much fitness rose over the last ``window_d`` days.

    Formula: RR[d] = CTL[d] − CTL[d − 7]; NaN for the first 7 days.
    Units: load units per day, per week.
    Source: GoldenCheetah src/Metrics/PMCData.cpp (rr); WKO ``tl(tss,42) − shift(tl(tss,42),7)``.
    """
    ctl = np.asarray(fitness, dtype=np.float64)
    out = np.full_like(ctl, np.nan)
    out[..., window_d:] = ctl[..., window_d:] - ctl[..., :-window_d]
    return out


def _impulse(load: Array, tau_d: float) -> Array:
    """g[d] = load[d] + e^(−1/τ)·g[d−1]: an EWMA with α = 1 − e^(−1/τ), scaled by 1/α."""
    alpha = alpha_exponential(tau_d)
    return ewma(load, alpha) / alpha


@metric(
    symbol="banister_fitness",
    title="Banister fitness impulse (g)",
    units="au",
    inputs=("daily_load_au",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Banister 1975; Morton 1990; Runalyze BanisterModel.php",
)
def banister_fitness(daily_load_au: Array, *, tau1_d: float = BANISTER_TAU1_D) -> Array:
    """Banister's fitness impulse: every past load, decayed with τ1.

    Formula: g[d] = load[d] + e^(−1/τ1)·g[d−1], g[−1] = 0.
    Units: load units (au).
    Source: Banister et al. (1975); Morton et al. (1990); Runalyze BanisterModel.php.
    """
    return _impulse(daily_load_au, tau1_d)


@metric(
    symbol="banister_fatigue",
    title="Banister fatigue impulse (h)",
    units="au",
    inputs=("daily_load_au",),
    aggregation="last",
    validity=Validity.USEFUL,
    source="Banister 1975; Morton 1990; Runalyze BanisterModel.php",
)
def banister_fatigue(daily_load_au: Array, *, tau2_d: float = BANISTER_TAU2_D) -> Array:
    """Banister's fatigue impulse: every past load, decayed with τ2.

    Formula: h[d] = load[d] + e^(−1/τ2)·h[d−1], h[−1] = 0.
    Units: load units (au).
    Source: Banister et al. (1975); Morton et al. (1990); Runalyze BanisterModel.php.
    """
    return _impulse(daily_load_au, tau2_d)


@metric(
    symbol="banister_performance",
    title="Banister modelled performance",
    units="au",
    inputs=("banister_fitness", "banister_fatigue"),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="Banister 1975; Morton 1990 (k1 1, k2 2 for running)",
)
def banister_performance(
    banister_fitness: Array,
    banister_fatigue: Array,
    *,
    k1: float = BANISTER_K1,
    k2: float = BANISTER_K2,
    baseline_au: float = 0.0,
) -> Array:
    """Performance predicted by the impulse-response model.

    Formula: P[d] = p0 + k1·g[d] − k2·h[d].
    Units: load units (au), relative to the baseline p0.
    Source: Banister et al. (1975); Morton et al. (1990); Runalyze BanisterModel.php.
    """
    g = np.asarray(banister_fitness, dtype=np.float64)
    return baseline_au + k1 * g - k2 * np.asarray(banister_fatigue, dtype=np.float64)


def _decays(fitness_tau_d: float, fatigue_tau_d: float, convention: str) -> tuple[float, float]:
    return decay_alpha(fitness_tau_d, convention), decay_alpha(fatigue_tau_d, convention)


@metric(
    symbol="rest_days_to_fresh",
    title="Rest days until form ≥ 0",
    units="d",
    inputs=("fitness", "fatigue"),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="Runalyze TsbModel::restDays",
)
def rest_days_to_fresh(
    fitness: Array,
    fatigue: Array,
    *,
    fitness_tau_d: float = FITNESS_TAU_D,
    fatigue_tau_d: float = FATIGUE_TAU_D,
    convention: str = Decay.EXPONENTIAL,
) -> Array:
    """Days of complete rest after day d until form is back to 0 (fractional days).

    Formula: n = ln(max(CTL, 1)/ATL) / ln((1 − α_ATL)/(1 − α_CTL)), floored at 0; after n rest
    days CTL·(1 − α_CTL)ⁿ = ATL·(1 − α_ATL)ⁿ. With equal time constants (or ATL = 0) the
    answer is 0, as in Runalyze.
    Units: days.
    Source: Runalyze inc/core/Sports/Performance/Model/TsbModel.php (restDays).
    """
    a_ctl, a_atl = _decays(fitness_tau_d, fatigue_tau_d, convention)
    ctl = np.maximum(np.asarray(fitness, dtype=np.float64), REST_DAYS_FITNESS_FLOOR_AU)
    atl = np.asarray(fatigue, dtype=np.float64)
    if a_ctl == a_atl or a_ctl == 1:
        return np.where(np.isnan(ctl + atl), np.nan, 0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        days = np.log(ctl / atl) / math.log((1 - a_atl) / (1 - a_ctl))
    days = np.where(atl > 0, np.maximum(days, 0.0), 0.0)
    return np.where(np.isnan(ctl + atl), np.nan, days)


@metric(
    symbol="max_load_for_form",
    title="Most load today that keeps tomorrow's form ≥ X",
    units="au",
    inputs=("fitness", "fatigue"),
    aggregation="last",
    validity=Validity.HEURISTIC,
    source="Runalyze TsbModel::maxTrimpToBalanced (generalised to a floor X); ICU forum t/5788",
)
def max_load_for_form(
    fitness: Array,
    fatigue: Array,
    *,
    form_floor_au: float = 0.0,
    fitness_tau_d: float = FITNESS_TAU_D,
    fatigue_tau_d: float = FATIGUE_TAU_D,
    convention: str = Decay.EXPONENTIAL,
    fitness_seed_au: float = 0.0,
    fatigue_seed_au: float = 0.0,
) -> Array:
    """The largest load on day d after which form (tomorrow morning) stays ≥ ``form_floor_au``.

    Formula: with yesterday's CTL, ATL: T = ((1 − α_CTL)·CTL − (1 − α_ATL)·ATL − X)/(α_ATL − α_CTL),
    floored at 0 (0 = even a rest day leaves form below X); Runalyze's maxTrimpToBalanced is the
    X = 0 case, and with equal time constants the answer is 0, as there.
    Units: load units (au) for the day.
    Source: Runalyze TsbModel::maxTrimpToBalanced; solved exactly for our EWMA update.
    """
    a_ctl, a_atl = _decays(fitness_tau_d, fatigue_tau_d, convention)
    ctl = _yesterday(np.asarray(fitness, dtype=np.float64), fitness_seed_au)
    atl = _yesterday(np.asarray(fatigue, dtype=np.float64), fatigue_seed_au)
    if a_ctl == a_atl:
        return np.where(np.isnan(ctl + atl), np.nan, 0.0)
    if a_ctl > a_atl:
        raise MetricInputError("fitness must decay more slowly than fatigue (τ_CTL > τ_ATL)")
    load = ((1 - a_ctl) * ctl - (1 - a_atl) * atl - form_floor_au) / (a_atl - a_ctl)
    return np.where(np.isnan(load), np.nan, np.maximum(load, 0.0))


def pmc_seed(daily_load_au: npt.NDArray[np.float64]) -> float:
    """Starting fitness and fatigue: the mean valid daily load of the first PMC_SEED_D days."""
    first = daily_load_au[:PMC_SEED_D]
    valid = first[~np.isnan(first)]
    return float(valid.mean()) if valid.size else 0.0


def pmc_params(seed_au: float) -> dict[str, dict[str, float]]:
    """Evaluation parameters (``registry.evaluate``) that start every PMC series at ``seed_au``,
    with ``max_load_for_form`` against FORM_FLOOR_AU."""
    pair = {"fitness_seed_au": seed_au, "fatigue_seed_au": seed_au}
    return {
        "fitness": {"seed_au": seed_au},
        "fatigue": {"seed_au": seed_au},
        "form": pair,
        "max_load_for_form": pair | {"form_floor_au": FORM_FLOOR_AU},
    }
