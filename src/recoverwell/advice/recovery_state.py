"""The athlete's recovery state, day by day: every derived series the verdict and trends need.

Input is ``DailySignals``: day-aligned arrays the app layer builds from the store (one chosen
series per signal, with its source), plus the load arrays (ACWR, form) when the load engine
provides them. ``recovery_state`` runs the metric functions once over the whole range; the
readiness verdict for any day and the trends view read from the result. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from recoverwell.advice import thresholds as t
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.core.athlete import Sex
from recoverwell.core.errors import MetricInputError
from recoverwell.core.niggles import Niggle
from recoverwell.metrics import body, hrv, rhr, sleep, wellness
from recoverwell.metrics.baseline import band_position, days_since_reading, streak_days

Array = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class SignalSeries:
    """One day-aligned series of one source (and measurement window, for HRV)."""

    values: Array
    source: str
    context: str = ""

    @property
    def label(self) -> str:
        """``source`` or ``source/context``."""
        return f"{self.source}/{self.context}" if self.context else self.source


@dataclass(frozen=True, slots=True, eq=False)
class SleepSeries:
    """Main sleep per wake day (naps apart), from one source. NaN = no record that night."""

    source: str
    total_min: Array
    in_bed_min: Array
    nap_min: Array
    bedtime_min: Array
    waketime_min: Array
    deep_min: Array
    rem_min: Array
    awake_min: Array
    awakenings: Array
    state: Array | None = None  # days × epochs, 1 asleep / 0 awake / NaN unknown (for the SRI)


@dataclass(frozen=True, slots=True, eq=False)
class DailySignals:
    """Everything the verdict reads, aligned on ``n_days`` consecutive days from ``start``.

    ``acwr`` and ``form_tsb`` hold the value *after* each day's training; the morning verdict
    for day d reads them at d − 1; ``load_history_d`` counts the days of training data up to each
    day (NaN outside the recorded span), so a refused value can say "still building";
    ``load_rest_streak_d`` the days in a row without training through each day (a day with no
    recorded load counts), for the return-after-a-break rule (``break_before``).
    ``symptoms`` holds the red-flag check-in items (0/1, any source: a report from any source
    counts), ``reported`` the other values the red-flag rules read (mood, pre/post-run body mass,
    bloodwork, the day's worst niggle pain), and ``niggles`` the niggles reported in the range,
    with their body locations.
    """

    start: date
    n_days: int
    hrv_rmssd_ms: SignalSeries | None = None
    rhr_bpm: SignalSeries | None = None
    sleep: SleepSeries | None = None
    hooper: Mapping[str, Array] = field(default_factory=dict)
    hooper_source: str = ""
    illness: Array | None = None
    body_mass_kg: Array | None = None
    acwr: Array | None = None
    form_tsb: Array | None = None
    load_history_d: Array | None = None  # days of training data through each day (NaN: none)
    load_rest_streak_d: Array | None = None  # days in a row without training through each day
    load_source: str = ""
    volume: Mapping[str, Array] = field(default_factory=dict)  # running volume, after each day
    symptoms: Mapping[str, Array] = field(default_factory=dict)
    reported: Mapping[str, Array] = field(default_factory=dict)
    niggles: tuple[Niggle, ...] = ()
    sex: Sex = Sex.UNSPECIFIED
    profile_body_mass_kg: float | None = None  # set by the athlete (grams per kg, actions)

    def __post_init__(self) -> None:
        arrays: list[tuple[str, Array | None]] = [
            ("hrv_rmssd_ms", self.hrv_rmssd_ms.values if self.hrv_rmssd_ms else None),
            ("rhr_bpm", self.rhr_bpm.values if self.rhr_bpm else None),
            ("sleep_total_min", self.sleep.total_min if self.sleep else None),
            ("illness", self.illness),
            ("body_mass_kg", self.body_mass_kg),
            ("acwr", self.acwr),
            ("form_tsb", self.form_tsb),
            ("load_history_d", self.load_history_d),
            ("load_rest_streak_d", self.load_rest_streak_d),
            *self.hooper.items(),
            *self.volume.items(),
            *self.symptoms.items(),
            *self.reported.items(),
        ]
        for name, values in arrays:
            if values is not None and np.shape(values) != (self.n_days,):
                raise MetricInputError(
                    f"{name}: expected {self.n_days} days from {self.start}, "
                    f"got shape {np.shape(values)}"
                )

    def index(self, day: date) -> int:
        """Position of ``day``; MetricInputError when it is outside the range."""
        i = (day - self.start).days
        if not 0 <= i < self.n_days:
            raise MetricInputError(f"{day} is outside {self.start} … {self.day(self.n_days - 1)}")
        return i

    def day(self, index: int) -> date:
        """The date at ``index``."""
        return self.start + timedelta(days=index)


def _nan(n: int) -> Array:
    return np.full(n, np.nan)


@dataclass(frozen=True, slots=True, eq=False)
class HrvState:
    """ln rMSSD and its baseline, band, CV and coverage (docs/science.md A2, A3)."""

    source: str
    ln: Array
    mean_7d: Array
    cv_7d_pct: Array
    normal: Array
    normal_sd: Array
    band_low: Array
    band_high: Array
    z: Array
    readings_7d: Array
    trend: Array  # 7-day mean vs band: metrics.baseline.BandPosition (−1, 0, +1); NaN
    age_d: Array


@dataclass(frozen=True, slots=True, eq=False)
class RhrState:
    """Resting HR against the personal normal (docs/science.md A4)."""

    source: str
    bpm: Array
    normal: Array
    normal_sd: Array
    delta: Array
    z: Array
    mean_7d: Array
    marker: Array  # metrics.rhr.RhrLevel per day (0 usual, 1 acute, 2 marked rise); NaN
    sustained_days: Array  # consecutive days with the 7-day mean > normal + 0.5 SD
    age_d: Array


@dataclass(frozen=True, slots=True, eq=False)
class SleepState:
    """Sleep duration, debt, regularity and score (docs/science.md S1–S4)."""

    source: str
    total_min: Array
    mean_7d_min: Array
    in_bed_mean_7d_min: Array
    debt_7d_min: Array
    debt_14d_min: Array
    naps_7d_min: Array
    bedtime_sd_min: Array
    waketime_sd_min: Array
    regularity_index: Array
    score: Array
    score_parts: Mapping[str, Array]  # duration, stages, consistency, interruptions
    age_d: Array


@dataclass(frozen=True, slots=True, eq=False)
class WellnessState:
    """The Hooper index and items against the athlete's last 28 days (docs/science.md §6a)."""

    index: Array
    index_normal: Array
    index_normal_sd: Array
    index_z: Array
    items: Mapping[str, Array]
    item_z: Mapping[str, Array]
    high_z_days: Array  # consecutive days with index z > 1
    item_high_days: Mapping[str, Array]  # consecutive days with the item at 6–7
    age_d: Array


@dataclass(frozen=True, slots=True, eq=False)
class RecoveryState:
    """Every derived daily series, aligned with ``signals``."""

    signals: DailySignals
    hrv: HrvState | None
    rhr: RhrState | None
    sleep: SleepState | None
    wellness: WellnessState | None
    body_mass_7d_kg: Array
    body_mass_change_pct: Array


def _hrv_state(series: SignalSeries, settings: ReadinessSettings) -> HrvState:
    ln = hrv.ln_rmssd(series.values)
    mean7 = hrv.ln_rmssd_7d(ln)
    normal = hrv.ln_rmssd_normal(ln)
    sd = hrv.ln_rmssd_normal_sd(ln)
    low = hrv.ln_rmssd_band_low(normal, sd, width_sd=settings.hrv_band_width_sd)
    high = hrv.ln_rmssd_band_high(normal, sd, width_sd=settings.hrv_band_width_sd)
    return HrvState(
        source=series.label,
        ln=ln,
        mean_7d=mean7,
        cv_7d_pct=hrv.ln_rmssd_cv_7d_pct(ln),
        normal=normal,
        normal_sd=sd,
        band_low=low,
        band_high=high,
        z=hrv.ln_rmssd_z(ln, normal, sd),
        readings_7d=hrv.hrv_readings_7d(ln),
        trend=band_position(mean7, low, high),
        age_d=days_since_reading(ln),
    )


def _rhr_state(series: SignalSeries, settings: ReadinessSettings) -> RhrState:
    bpm = np.asarray(series.values, dtype=np.float64)
    normal = rhr.rhr_normal_bpm(bpm)
    sd = rhr.rhr_normal_sd_bpm(bpm)
    delta = rhr.rhr_delta_bpm(bpm, normal)
    mean7 = rhr.rhr_7d_bpm(bpm)
    above = np.where(
        np.isnan(mean7) | np.isnan(normal), np.nan, mean7 > normal + t.RHR_SUSTAINED_SD * sd
    )
    return RhrState(
        source=series.label,
        bpm=bpm,
        normal=normal,
        normal_sd=sd,
        delta=delta,
        z=rhr.rhr_z(bpm, normal, sd),
        mean_7d=mean7,
        marker=rhr.rhr_marker(
            delta,
            sd,
            acute_bpm=settings.rhr_acute_rise_bpm,
            acute_sd=settings.rhr_acute_rise_sd,
            marked_bpm=settings.rhr_marked_rise_bpm,
        ),
        sustained_days=streak_days(above),
        age_d=days_since_reading(bpm),
    )


def _sleep_state(s: SleepSeries, settings: ReadinessSettings) -> SleepState:
    n = s.total_min.shape[-1]
    parts = {
        "duration": sleep.sleep_duration_score(s.total_min),
        "stages": sleep.sleep_stages_score(s.deep_min, s.rem_min),
        "consistency": sleep.sleep_consistency_score(s.bedtime_min),
        "interruptions": sleep.sleep_interruptions_score(s.awake_min, s.awakenings),
    }
    score = sleep.sleep_score(*parts.values())
    sri = sleep.sleep_regularity_index(s.state) if s.state is not None else _nan(n)
    return SleepState(
        source=s.source,
        total_min=s.total_min,
        mean_7d_min=sleep.sleep_7d_mean_min(s.total_min),
        in_bed_mean_7d_min=sleep.sleep_in_bed_7d_mean_min(s.in_bed_min),
        debt_7d_min=sleep.sleep_debt_7d_min(s.total_min, need_min=settings.sleep_need_min),
        debt_14d_min=sleep.sleep_debt_14d_min(s.total_min, need_min=settings.sleep_need_min),
        naps_7d_min=sleep.naps_7d_min(s.nap_min),
        bedtime_sd_min=sleep.bedtime_sd_min(s.bedtime_min),
        waketime_sd_min=sleep.waketime_sd_min(s.waketime_min),
        regularity_index=sri,
        score=score,
        score_parts=parts,
        age_d=days_since_reading(s.total_min),
    )


def _wellness_state(items: Mapping[str, Array], settings: ReadinessSettings) -> WellnessState:
    n = len(next(iter(items.values())))
    got = {k: np.asarray(items.get(k, _nan(n)), dtype=np.float64) for k in wellness.HOOPER_ITEMS}
    index = wellness.hooper_index(*(got[k] for k in wellness.HOOPER_ITEMS))
    index_z = wellness.hooper_index_z(index)
    normal, normal_sd = wellness.wellness_normal(index)
    z_known = np.where(np.isnan(index_z), np.nan, index_z > settings.hooper_z_high)
    stacked = np.stack(list(got.values()))  # one row per item: the kernels run along the days
    high = np.where(np.isnan(stacked), np.nan, stacked >= t.HOOPER_ITEM_HIGH)
    return WellnessState(
        index=index,
        index_normal=normal,
        index_normal_sd=normal_sd,
        index_z=index_z,
        items=got,
        item_z=dict(zip(got, wellness.wellness_z(stacked), strict=True)),
        high_z_days=streak_days(z_known),
        item_high_days=dict(zip(got, streak_days(high), strict=True)),
        age_d=days_since_reading(index),
    )


def recovery_state(signals: DailySignals, settings: ReadinessSettings) -> RecoveryState:
    """Compute every derived series once for the whole range of ``signals``."""
    n = signals.n_days
    mass = signals.body_mass_kg if signals.body_mass_kg is not None else _nan(n)
    mass_7d = body.body_mass_7d_kg(mass)
    return RecoveryState(
        signals=signals,
        hrv=_hrv_state(signals.hrv_rmssd_ms, settings) if signals.hrv_rmssd_ms else None,
        rhr=_rhr_state(signals.rhr_bpm, settings) if signals.rhr_bpm else None,
        sleep=_sleep_state(signals.sleep, settings) if signals.sleep else None,
        wellness=_wellness_state(signals.hooper, settings) if signals.hooper else None,
        body_mass_7d_kg=mass_7d,
        body_mass_change_pct=body.body_mass_change_pct(mass, mass_7d),
    )


def break_before(signals: DailySignals, i: int) -> float:
    """The length of a break (≥ RETURN_BREAK_D days without training) that the athlete came
    back from in the RETURN_MODE_D days before day ``i`` (a trained day r, i − 21 ≤ r ≤ i − 1,
    after such a streak), in days; 0 when there was none (docs/science.md L7). A break still going
    on is not a return: the ratio falls while resting, it does not read high.

    After a return the acute:chronic ratio reads high for weeks (a chronic load diluted by the
    days off), so the verdict does not read ACWR until RETURN_MODE_D days have passed.
    """
    streak = signals.load_rest_streak_d
    longest = 0.0
    if streak is None:
        return longest
    for r in range(max(i - t.RETURN_MODE_D, 1), min(i, len(streak))):
        before = streak[r - 1]
        if streak[r] == 0 and before >= t.RETURN_BREAK_D:
            longest = max(longest, float(before))
    return longest
