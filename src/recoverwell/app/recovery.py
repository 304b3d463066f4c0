"""From stored observations and sleep periods to day-aligned signals, the recovery state, a verdict.

``build_signals`` is pure: it takes the rows the store returned and lays them out on a day axis.
Per signal it keeps every (source, window) series apart and chooses one *primary* series for the
verdict: one still measuring (≥ 3 readings in the last 7 days) before one that stopped, then
the most valid readings in the 60 days up to the last day (ties: by name), so a Garmin overnight
HRV and a chest-strap morning reading are never averaged or compared raw; the others are still
returned for the trends view. The Workspace methods ``readiness`` and
``recovery_trends`` fetch the rows and call these functions.

Training load is not computed here: ``LoadArrays`` (ACWR and form after each day's training, from
the load engine) is passed in when available; without it the load component is "missing".
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

import numpy as np
import numpy.typing as npt

from recoverwell.advice.readiness import Readiness, readiness
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import (
    DailySignals,
    RecoveryState,
    SignalSeries,
    SleepSeries,
    recovery_state,
)
from recoverwell.core.athlete import Sex
from recoverwell.core.niggles import Niggle
from recoverwell.core.signals import LAB_SIGNALS, SYMPTOM_SIGNALS
from recoverwell.core.types import Observation, SleepPeriod
from recoverwell.metrics.baseline import NORMAL_WINDOW_D, RECENT_MIN_READINGS, RECENT_WINDOW_D
from recoverwell.metrics.wellness import HOOPER_ITEMS

Array = npt.NDArray[np.float64]

#: Days of history fetched before the day asked for: the 60-day normal, plus its 7-day trend,
#: plus a few days of tolerance.
HISTORY_D = NORMAL_WINDOW_D + 30
#: Sleep/wake epochs for the Sleep Regularity Index: 5 min (288 a day).
EPOCH_MIN = 5
EPOCHS_PER_DAY = 24 * 60 // EPOCH_MIN
NOON = time(12)


@dataclass(frozen=True, slots=True, eq=False)
class LoadArrays:
    """ACWR and form (TSB) after each day's training, from the load engine, aligned on days."""

    start: date
    acwr: Sequence[float] | Array
    form_tsb: Sequence[float] | Array
    source: str = "load engine"
    history_d: Sequence[float] | Array | None = None  # days of training data through each day
    volume: Mapping[str, Sequence[float] | Array] = field(default_factory=dict)  # L3/L4 inputs
    rest_streak_d: Sequence[float] | Array | None = None  # days in a row without training (L7)


@dataclass(frozen=True, slots=True, eq=False)
class RecoverySignals:
    """The day-aligned signals, plus every (source, window) series kept apart."""

    signals: DailySignals
    hrv_by_source: Mapping[str, SignalSeries] = field(default_factory=dict)
    rhr_by_source: Mapping[str, SignalSeries] = field(default_factory=dict)


def _days(start: date, end: date) -> int:
    return (end - start).days + 1


def by_signal(observations: Iterable[Observation]) -> dict[str, list[Observation]]:
    """The observations grouped by signal, each group in the given order (read once)."""
    out: dict[str, list[Observation]] = defaultdict(list)
    for obs in observations:
        out[obs.signal].append(obs)
    return out


#: Observations grouped by signal (``by_signal``): every series is laid out from its group.
BySignal = Mapping[str, Sequence[Observation]]


def _series_by_key(
    observations: BySignal, signals: Sequence[str], start: date, n: int
) -> dict[tuple[str, str], Array]:
    """{(source, context): values} for the given signals; later signals fill gaps only."""
    out: dict[tuple[str, str], Array] = {}
    for signal in signals:
        for obs in observations.get(signal, ()):
            i = (obs.day - start).days
            if not 0 <= i < n:
                continue
            values = out.get((obs.source, obs.context))
            if values is None:
                values = out[(obs.source, obs.context)] = np.full(n, np.nan)
            value = obs.value
            if signal == "hrv_ln_rmssd":
                value = math.exp(value)
            if math.isnan(values[i]):
                values[i] = value
    return out


def _primary(series: Mapping[tuple[str, str], Array]) -> tuple[str, str] | None:
    """The series that can judge the last day: one still measuring (≥ 3 readings in its last
    7 days, Plews14) before one that stopped, then the most readings in the last 60 days, then
    the name. Without the first key a device switch left the verdict on the old device, with
    "not enough data", for weeks after the new one had a baseline of its own."""
    if not series:
        return None

    def rank(key: tuple[str, str]) -> tuple[bool, int, str, str]:
        values = series[key]
        week = int(np.count_nonzero(~np.isnan(values[-RECENT_WINDOW_D:])))
        window = int(np.count_nonzero(~np.isnan(values[-NORMAL_WINDOW_D:])))
        return (week < RECENT_MIN_READINGS, -window, key[0], key[1])

    return min(series, key=rank)


def _signal_series(
    observations: BySignal, signals: Sequence[str], start: date, n: int
) -> tuple[SignalSeries | None, dict[str, SignalSeries]]:
    by_key = _series_by_key(observations, signals, start, n)
    every = {
        SignalSeries(values, src, ctx).label: SignalSeries(values, src, ctx)
        for (src, ctx), values in by_key.items()
    }
    key = _primary(by_key)
    primary = SignalSeries(by_key[key], key[0], key[1]) if key else None
    return primary, every


def _clock_minutes(moment: datetime, tz: tzinfo, *, past_noon: bool) -> float:
    local = moment.astimezone(tz)
    minutes = local.hour * 60 + local.minute + local.second / 60
    if past_noon:  # minutes past noon of the evening before: 22:30 → 630, 01:00 → 780
        return minutes - 720 if minutes >= 720 else minutes + 720
    return float(minutes)


def _asleep(p: SleepPeriod) -> float:
    if p.asleep_min is not None:
        return p.asleep_min
    stages = [p.deep_min, p.rem_min, p.light_min]
    if all(s is not None for s in stages):
        return float(sum(s for s in stages if s is not None))
    return (p.end - p.start).total_seconds() / 60 - (p.awake_min or 0.0)


def _sleep_series(
    periods: Sequence[tuple[date, SleepPeriod]],
    fallback: BySignal,
    start: date,
    n: int,
    tz: tzinfo,
) -> SleepSeries | None:
    nights: dict[str, set[date]] = defaultdict(set)
    for wake_day, p in periods:
        if not p.is_nap:
            nights[p.source].add(wake_day)
    if not nights:
        return _sleep_from_observations(fallback, start, n)
    source = min(nights, key=lambda s: (-len(nights[s]), s))
    cols = {
        k: np.full(n, np.nan)
        for k in ("total", "in_bed", "nap", "bed", "wake", "deep", "rem", "awake", "wakes")
    }
    state = np.full((n, EPOCHS_PER_DAY), np.nan)
    mine = [(d, p) for d, p in periods if p.source == source]
    for wake_day, p in mine:
        i = (wake_day - start).days
        if not 0 <= i < n or p.is_nap:
            continue
        first = math.isnan(cols["total"][i])
        for key, value in (
            ("total", _asleep(p)),
            ("in_bed", p.in_bed_min or (p.end - p.start).total_seconds() / 60),
            ("deep", p.deep_min),
            ("rem", p.rem_min),
            ("awake", p.awake_min),
            ("wakes", None if p.awakenings is None else float(p.awakenings)),
        ):
            if value is not None:
                cols[key][i] = value if math.isnan(cols[key][i]) else cols[key][i] + value
        bed = _clock_minutes(p.start, tz, past_noon=True)
        wake = _clock_minutes(p.end, tz, past_noon=False)
        cols["bed"][i] = bed if first else min(cols["bed"][i], bed)
        cols["wake"][i] = wake if first else max(cols["wake"][i], wake)
        cols["nap"][i] = 0.0 if math.isnan(cols["nap"][i]) else cols["nap"][i]
        state[i] = np.where(np.isnan(state[i]), 0.0, state[i])
    for wake_day, p in mine:
        i = (wake_day - start).days
        if p.is_nap and 0 <= i < n:
            minutes = _asleep(p)
            cols["nap"][i] = minutes if math.isnan(cols["nap"][i]) else cols["nap"][i] + minutes
    for _, p in mine:
        _mark_asleep(state, p, start, tz)
    return SleepSeries(
        source=source,
        total_min=cols["total"],
        in_bed_min=cols["in_bed"],
        nap_min=cols["nap"],
        bedtime_min=cols["bed"],
        waketime_min=cols["wake"],
        deep_min=cols["deep"],
        rem_min=cols["rem"],
        awake_min=cols["awake"],
        awakenings=cols["wakes"],
        state=state,
    )


def _mark_asleep(state: Array, p: SleepPeriod, start: date, tz: tzinfo) -> None:
    """Set the epochs a period covers to 1 (asleep), on rows that have a main-sleep record.

    Row i covers [noon of day i − 1, noon of day i) in local time, so a night never splits.
    """
    origin = datetime.combine(start - timedelta(days=1), NOON, tzinfo=tz)
    first = (p.start.astimezone(tz) - origin).total_seconds() / 60 / EPOCH_MIN
    last = (p.end.astimezone(tz) - origin).total_seconds() / 60 / EPOCH_MIN
    flat = state.reshape(-1)
    lo, hi = max(int(first), 0), min(math.ceil(last), flat.size)
    if lo < hi:
        known = ~np.isnan(flat[lo:hi])
        flat[lo:hi] = np.where(known, 1.0, np.nan)


def _sleep_from_observations(observations: BySignal, start: date, n: int) -> SleepSeries | None:
    primary, _ = _signal_series(observations, ("sleep_total_min",), start, n)
    if primary is None:
        return None
    nan = np.full(n, np.nan)
    in_bed, _ = _signal_series(observations, ("sleep_in_bed_min",), start, n)
    return SleepSeries(
        source=primary.label,
        total_min=primary.values,
        in_bed_min=in_bed.values if in_bed else nan.copy(),
        nap_min=nan.copy(),
        bedtime_min=nan.copy(),
        waketime_min=nan.copy(),
        deep_min=nan.copy(),
        rem_min=nan.copy(),
        awake_min=nan.copy(),
        awakenings=nan.copy(),
    )


def _aligned(load: LoadArrays, values: Sequence[float] | Array, start: date, n: int) -> Array:
    out = np.full(n, np.nan)
    src = np.asarray(values, dtype=np.float64)
    offset = (load.start - start).days
    lo, hi = max(offset, 0), min(offset + src.size, n)
    if lo < hi:
        out[lo:hi] = src[lo - offset : hi - offset]
    return out


#: Values the red-flag rules read besides the symptom items: one primary series each.
REPORTED_SIGNALS = ("mood", "body_mass_pre_run_kg", "body_mass_post_run_kg", "niggle_pain_max")


def _any_source(
    observations: BySignal, signal: str, start: date, n: int, worst: str
) -> Array | None:
    """A signal over every source: the larger (``worst="max"``) or smaller value per day."""
    by_source = _series_by_key(observations, (signal,), start, n)
    if not by_source:
        return None
    reduce = np.fmax if worst == "max" else np.fmin
    return np.asarray(reduce.reduce(list(by_source.values())), dtype=np.float64)


def _red_flag_inputs(
    observations: BySignal, start: date, n: int
) -> tuple[dict[str, Array], dict[str, Array]]:
    """Symptom items (a report from any source counts) and the values the red flags read.

    Bloodwork keeps the lowest value of a day across sources (the red flags look for low ones).
    """
    symptoms = {}
    for name in SYMPTOM_SIGNALS:
        values = _any_source(observations, name, start, n, "max")
        if values is not None:
            symptoms[name] = values
    reported = {}
    for name in LAB_SIGNALS:
        values = _any_source(observations, name, start, n, "min")
        if values is not None:
            reported[name] = values
    for name in REPORTED_SIGNALS:
        series, _ = _signal_series(observations, (name,), start, n)
        if series is not None:
            reported[name] = series.values
    return symptoms, reported


def build_signals(
    rows: Sequence[Observation],
    periods: Sequence[tuple[date, SleepPeriod]],
    start: date,
    end: date,
    tz: tzinfo,
    load: LoadArrays | None = None,
    niggles: Sequence[Niggle] = (),
    sex: Sex = Sex.UNSPECIFIED,
    body_mass_kg: float | None = None,
) -> RecoverySignals:
    """Lay stored rows out on the days ``start`` … ``end`` (the athlete's local days)."""
    n = _days(start, end)
    observations = by_signal(rows)
    hrv, hrv_all = _signal_series(observations, ("hrv_rmssd_ms", "hrv_ln_rmssd"), start, n)
    rhr, rhr_all = _signal_series(observations, ("rhr_bpm",), start, n)
    hooper = {}
    hooper_sources = set()
    for item in HOOPER_ITEMS:
        series, _ = _signal_series(observations, (item,), start, n)
        if series is not None:
            hooper[item] = series.values
            hooper_sources.add(series.label)
    symptoms, reported = _red_flag_inputs(observations, start, n)
    mass, _ = _signal_series(observations, ("body_mass_kg",), start, n)
    signals = DailySignals(
        start=start,
        n_days=n,
        hrv_rmssd_ms=hrv,
        rhr_bpm=rhr,
        sleep=_sleep_series(periods, observations, start, n, tz),
        hooper=hooper,
        hooper_source=", ".join(sorted(hooper_sources)),
        illness=symptoms.get("illness"),
        body_mass_kg=mass.values if mass else None,
        acwr=_aligned(load, load.acwr, start, n) if load else None,
        form_tsb=_aligned(load, load.form_tsb, start, n) if load else None,
        load_history_d=(
            _aligned(load, load.history_d, start, n)
            if load and load.history_d is not None
            else None
        ),
        load_rest_streak_d=(
            _aligned(load, load.rest_streak_d, start, n)
            if load and load.rest_streak_d is not None
            else None
        ),
        load_source=load.source if load else "",
        volume={k: _aligned(load, v, start, n) for k, v in load.volume.items()} if load else {},
        symptoms=symptoms,
        reported=reported,
        niggles=tuple(x for x in niggles if 0 <= (x.day - start).days < n),
        sex=sex,
        profile_body_mass_kg=body_mass_kg,
    )
    return RecoverySignals(signals, hrv_all, rhr_all)


@dataclass(frozen=True, slots=True, eq=False)
class RecoveryView:
    """Signals, derived state and (when asked for) the verdict of the last day."""

    recovery: RecoverySignals
    state: RecoveryState
    settings: ReadinessSettings

    def verdict(self, day: date) -> Readiness:
        """The readiness verdict for ``day`` (inside the range)."""
        return readiness(self.state, day, self.settings)


def recovery_view(
    observations: Sequence[Observation],
    periods: Sequence[tuple[date, SleepPeriod]],
    start: date,
    end: date,
    tz: tzinfo,
    settings: ReadinessSettings,
    load: LoadArrays | None = None,
    niggles: Sequence[Niggle] = (),
    sex: Sex = Sex.UNSPECIFIED,
    body_mass_kg: float | None = None,
) -> RecoveryView:
    """Build signals and the recovery state for a range in one call."""
    rec = build_signals(observations, periods, start, end, tz, load, niggles, sex, body_mass_kg)
    return RecoveryView(rec, recovery_state(rec.signals, settings), settings)


def _opt(values: Array | None, i: int) -> float | None:
    if values is None or i < 0:
        return None
    v = float(values[i])
    return None if math.isnan(v) else v


def _exp(value: float | None) -> float | None:
    return None if value is None else math.exp(value)


@dataclass(frozen=True, slots=True)
class TrendRow:
    """One day of the trends view (None = no data)."""

    day: date
    hrv_rmssd_ms: float | None
    hrv_7d_ms: float | None
    hrv_band_low_ms: float | None
    hrv_band_high_ms: float | None
    hrv_trend: float | None  # 7-day mean vs band: −1 below, 0 inside, +1 above
    hrv_cv_7d_pct: float | None
    rhr_bpm: float | None
    rhr_delta_bpm: float | None
    sleep_min: float | None
    sleep_7d_min: float | None
    sleep_debt_7d_min: float | None
    sleep_score: float | None
    nap_min: float | None
    hooper_index: float | None
    hooper_z: float | None
    acwr: float | None
    form_tsb: float | None
    score: float | None
    light: str


@dataclass(frozen=True, slots=True)
class TrendSummary:
    """The latest day's regularity figures and every source series seen, for the trends view."""

    hrv_source: str | None
    hrv_sources: tuple[str, ...]
    rhr_source: str | None
    rhr_sources: tuple[str, ...]
    sleep_source: str | None
    sleep_score: float | None
    sleep_score_parts: Mapping[str, float | None]
    sleep_regularity_index: float | None
    bedtime_sd_min: float | None
    waketime_sd_min: float | None
    naps_7d_min: float | None
    sleep_debt_14d_min: float | None
    load_provided: bool


def trend_rows(view: RecoveryView, days: int) -> list[TrendRow]:
    """The last ``days`` days of the range, oldest first, each with its verdict's score."""
    sig, st = view.recovery.signals, view.state
    rows = []
    for i in range(max(sig.n_days - days, 0), sig.n_days):
        verdict = view.verdict(sig.day(i))
        h, r, s, w = st.hrv, st.rhr, st.sleep, st.wellness
        rows.append(
            TrendRow(
                day=sig.day(i),
                hrv_rmssd_ms=_exp(_opt(h.ln, i)) if h else None,
                hrv_7d_ms=_exp(_opt(h.mean_7d, i)) if h else None,
                hrv_band_low_ms=_exp(_opt(h.band_low, i)) if h else None,
                hrv_band_high_ms=_exp(_opt(h.band_high, i)) if h else None,
                hrv_trend=_opt(h.trend, i) if h else None,
                hrv_cv_7d_pct=_opt(h.cv_7d_pct, i) if h else None,
                rhr_bpm=_opt(r.bpm, i) if r else None,
                rhr_delta_bpm=_opt(r.delta, i) if r else None,
                sleep_min=_opt(s.total_min, i) if s else None,
                sleep_7d_min=_opt(s.mean_7d_min, i) if s else None,
                sleep_debt_7d_min=_opt(s.debt_7d_min, i) if s else None,
                sleep_score=_opt(s.score, i) if s else None,
                nap_min=_opt(sig.sleep.nap_min, i) if sig.sleep else None,
                hooper_index=_opt(w.index, i) if w else None,
                hooper_z=_opt(w.index_z, i) if w else None,
                acwr=_opt(sig.acwr, i - 1),
                form_tsb=_opt(sig.form_tsb, i - 1),
                score=verdict.score,
                light=verdict.light.value,
            )
        )
    return rows


def trend_summary(view: RecoveryView) -> TrendSummary:
    """Sources and the latest regularity figures."""
    sig, st = view.recovery.signals, view.state
    last = sig.n_days - 1
    s = st.sleep
    return TrendSummary(
        hrv_source=st.hrv.source if st.hrv else None,
        hrv_sources=tuple(sorted(view.recovery.hrv_by_source)),
        rhr_source=st.rhr.source if st.rhr else None,
        rhr_sources=tuple(sorted(view.recovery.rhr_by_source)),
        sleep_source=s.source if s else None,
        sleep_score=_opt(s.score, last) if s else None,
        sleep_score_parts={k: _opt(v, last) for k, v in s.score_parts.items()} if s else {},
        sleep_regularity_index=_opt(s.regularity_index, last) if s else None,
        bedtime_sd_min=_opt(s.bedtime_sd_min, last) if s else None,
        waketime_sd_min=_opt(s.waketime_sd_min, last) if s else None,
        naps_7d_min=_opt(s.naps_7d_min, last) if s else None,
        sleep_debt_14d_min=_opt(s.debt_14d_min, last) if s else None,
        load_provided=sig.acwr is not None or sig.form_tsb is not None,
    )
