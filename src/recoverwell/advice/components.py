"""The five readiness components for one day: value, baseline, z, weight, freshness, contribution.

Every component reports a z-score oriented the same way, **positive = better recovered than
usual**, clipped to [Z_FLOOR, Z_CAP] so that one extreme signal cannot outvote the rest and a
"very good" objective reading cannot push anyone to train harder (docs/science.md §0, §8a):

- HRV: today's ln rMSSD against its 60-day normal (the chosen source's own baseline).
- RHR: −(today's resting HR against its 60-day normal).
- Sleep: (last night's main sleep − personal need) / 60 min (absolute: a chronically short
  sleeper must not be judged against their own short normal, docs/science.md S1).
- Wellness: −(today's Hooper index against the previous 28 days).
- Load: the worse of −(ACWR above 1.3) / 0.2 and (form below −10) / 20, read after yesterday;
  ACWR is not read for 21 days after a break of ≥ 7 days without training (docs/science.md L7).

A component is left out (weight 0) when its signal is missing, too old, too sparse (HRV: < 3
readings in 7 days) or its baseline is still building; a reading from an earlier day within
``max_age_d`` counts with ``stale_factor`` of its weight. The composite is the weighted mean of
the z-scores present; each contribution is in score points and they add up to the score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from recoverwell.advice import thresholds as t
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import RecoveryState, break_before
from recoverwell.metrics.acwr import CHRONIC_D
from recoverwell.metrics.baseline import NORMAL_MIN_D
from recoverwell.metrics.hrv import HRV_BASELINE_MIN_D
from recoverwell.metrics.pmc import FITNESS_WARMUP_D as FORM_WARMUP_D
from recoverwell.metrics.rhr import RHR_SD_FLOOR_BPM

Array = npt.NDArray[np.float64]


class Status(StrEnum):
    """Whether a component took part in today's score, and if not, why."""

    OK = "ok"
    STALE = "stale"  # used, from an earlier day, at reduced weight
    MISSING = "missing"
    TOO_OLD = "too old"
    NOT_ENOUGH_DATA = "not enough data"
    BASELINE_BUILDING = "baseline building"


class Domain(StrEnum):
    """The signal domains whose agreement docs/science.md §0 asks for."""

    AUTONOMIC = "autonomic"
    SLEEP = "sleep"
    SUBJECTIVE = "subjective"
    LOAD = "load"


@dataclass(frozen=True, slots=True)
class Component:
    """One input of the verdict, with everything needed to explain its part in the score."""

    key: str
    domain: Domain
    unit: str
    status: Status
    weight: float
    source: str = ""
    value: float | None = None
    baseline: float | None = None
    spread: float | None = None
    z: float | None = None  # oriented: positive = better recovered; clipped
    z_raw: float | None = None  # oriented like z, before clipping (what tables and words show)
    freshness: float = 0.0
    contribution: float = 0.0  # score points
    age_d: int | None = None
    note: str = ""
    detail: Mapping[str, float] = field(default_factory=dict)

    @property
    def used(self) -> bool:
        """True when the component counts in today's score."""
        return self.status in (Status.OK, Status.STALE) and self.z is not None

    @property
    def effective_weight(self) -> float:
        """Weight × freshness, 0 when not used."""
        return self.weight * self.freshness if self.used else 0.0


def _f(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def _latest(values: Array, day: int, max_age_d: int) -> int | None:
    """Index of the latest valid value in [day − max_age_d, day], or None."""
    for j in range(day, max(day - max_age_d, 0) - 1, -1):
        if not math.isnan(values[j]):
            return j
    return None


def _last_seen(values: Array, day: int) -> str:
    valid = np.flatnonzero(~np.isnan(values[: day + 1]))
    return f"last reading {day - int(valid[-1])} days ago" if valid.size else "no readings yet"


def _freshness(age: int, settings: ReadinessSettings) -> tuple[Status, float]:
    return (Status.OK, 1.0) if age == 0 else (Status.STALE, settings.stale_factor)


def _clip(z: float) -> float:
    return float(min(max(z, t.Z_FLOOR), t.Z_CAP))


def _hrv(state: RecoveryState, day: int, s: ReadinessSettings) -> Component:
    base = Component("hrv", Domain.AUTONOMIC, "ln(ms)", Status.MISSING, s.weight_hrv)
    h = state.hrv
    if h is None:
        return replace(base, note="no HRV data")
    base = replace(base, source=h.source)
    readings = int(h.readings_7d[day])
    if readings < t.HRV_MIN_READINGS_7D:
        plural = "reading" if readings == 1 else "readings"
        note = f"{readings} {plural} in the last 7 days (need {t.HRV_MIN_READINGS_7D})"
        return replace(base, status=Status.NOT_ENOUGH_DATA, note=note)
    j = _latest(h.ln, day, s.max_age_d)
    if j is None:
        return replace(base, status=Status.TOO_OLD, note=_last_seen(h.ln, day))
    if math.isnan(h.z[j]):
        have = int(np.count_nonzero(~np.isnan(h.ln[max(0, j - 60) : j])))
        note = f"{have} of {HRV_BASELINE_MIN_D} readings for a personal normal"
        return replace(base, status=Status.BASELINE_BUILDING, note=note)
    status, fresh = _freshness(day - j, s)
    return replace(
        base,
        status=status,
        value=float(h.ln[j]),
        baseline=float(h.normal[j]),
        spread=float(h.normal_sd[j]),
        z=_clip(float(h.z[j])),
        z_raw=float(h.z[j]),
        freshness=fresh,
        age_d=day - j,
        detail={"rmssd_ms": float(np.exp(h.ln[j])), "readings_7d": float(readings)},
    )


def _rhr(state: RecoveryState, day: int, s: ReadinessSettings) -> Component:
    base = Component("rhr", Domain.AUTONOMIC, "bpm", Status.MISSING, s.weight_rhr)
    r = state.rhr
    if r is None:
        return replace(base, note="no resting-HR data")
    base = replace(base, source=r.source)
    j = _latest(r.bpm, day, s.max_age_d)
    if j is None:
        return replace(base, status=Status.TOO_OLD, note=_last_seen(r.bpm, day))
    if math.isnan(r.z[j]):
        have = int(np.count_nonzero(~np.isnan(r.bpm[max(0, j - 60) : j])))
        note = f"{have} of {NORMAL_MIN_D} readings for a personal normal"
        return replace(base, status=Status.BASELINE_BUILDING, note=note)
    status, fresh = _freshness(day - j, s)
    return replace(
        base,
        status=status,
        value=float(r.bpm[j]),
        baseline=float(r.normal[j]),
        spread=float(max(r.normal_sd[j], RHR_SD_FLOOR_BPM)),
        z=_clip(-float(r.z[j])),
        z_raw=-float(r.z[j]),
        freshness=fresh,
        age_d=day - j,
        detail={"delta_bpm": float(r.delta[j])},
    )


def _sleep(state: RecoveryState, day: int, s: ReadinessSettings) -> Component:
    base = Component("sleep", Domain.SLEEP, "min", Status.MISSING, s.weight_sleep)
    sl = state.sleep
    if sl is None:
        return replace(base, note="no sleep data")
    base = replace(base, source=sl.source)
    j = _latest(sl.total_min, day, s.max_age_d)
    if j is None:
        return replace(base, status=Status.TOO_OLD, note=_last_seen(sl.total_min, day))
    status, fresh = _freshness(day - j, s)
    value = float(sl.total_min[j])
    detail = {
        k: v
        for k, v in (
            ("mean_7d_min", float(sl.mean_7d_min[day])),
            ("debt_7d_min", float(sl.debt_7d_min[day])),
        )
        if not math.isnan(v)
    }
    return replace(
        base,
        status=status,
        value=value,
        baseline=s.sleep_need_min,
        spread=t.SLEEP_Z_SCALE_MIN,
        z=_clip((value - s.sleep_need_min) / t.SLEEP_Z_SCALE_MIN),
        z_raw=(value - s.sleep_need_min) / t.SLEEP_Z_SCALE_MIN,
        freshness=fresh,
        age_d=day - j,
        detail=detail,
    )


def _wellness(state: RecoveryState, day: int, s: ReadinessSettings) -> Component:
    base = Component("wellness", Domain.SUBJECTIVE, "4–28", Status.MISSING, s.weight_wellness)
    w = state.wellness
    if w is None:
        return replace(base, note="no check-ins")
    base = replace(base, source=state.signals.hooper_source or "check-in")
    j = _latest(w.index, day, s.max_age_d)
    if j is None:
        return replace(base, status=Status.TOO_OLD, note=_last_seen(w.index, day))
    if math.isnan(w.index_z[j]):
        have = int(np.count_nonzero(~np.isnan(w.index[max(0, j - 28) : j])))
        note = f"{have} of {NORMAL_MIN_D} check-ins for a personal normal"
        return replace(base, status=Status.BASELINE_BUILDING, note=note)
    status, fresh = _freshness(day - j, s)
    return replace(
        base,
        status=status,
        value=float(w.index[j]),
        baseline=float(w.index_normal[j]),
        spread=float(w.index_normal_sd[j]),
        z=_clip(-float(w.index_z[j])),
        z_raw=-float(w.index_z[j]),
        freshness=fresh,
        age_d=day - j,
        detail={k: float(v[j]) for k, v in w.items.items() if not math.isnan(v[j])},
    )


def load_z(acwr: float, form_tsb: float, s: ReadinessSettings) -> tuple[float, str]:
    """(z, driver) of the load component: the worse of the ACWR and form sub-scores.

    ACWR above the "typical" band (1.3) costs one SD per 0.2; form (TSB) below −10 costs one SD
    per 20 points; neither gives credit for being fresh (positive values count as 0).
    """
    parts: list[tuple[float, str]] = []
    if not math.isnan(acwr):
        parts.append((-max(acwr - t.ACWR_TYPICAL_HIGH, 0.0) / t.ACWR_Z_STEP, "acwr"))
    if not math.isnan(form_tsb):
        parts.append((min(form_tsb - t.TSB_PRODUCTIVE_LOW, 0.0) / t.TSB_Z_STEP, "form_tsb"))
    return min(parts) if parts else (math.nan, "")


def _break_note(days_off: float) -> str:
    return (
        f"ACWR not read: back from {days_off:.0f} days without training within "
        f"{t.RETURN_MODE_D} days, it reads high (docs/science.md L7)"
    )


def _load(state: RecoveryState, day: int, s: ReadinessSettings) -> Component:
    sig = state.signals
    base = Component("load", Domain.LOAD, "", Status.MISSING, s.weight_load, source=sig.load_source)
    if sig.acwr is None and sig.form_tsb is None:
        return replace(base, note="training load not provided")
    n = sig.n_days
    acwr = sig.acwr if sig.acwr is not None else np.full(n, np.nan)
    tsb = sig.form_tsb if sig.form_tsb is not None else np.full(n, np.nan)
    days_off = break_before(sig, day)
    if days_off:  # docs/science.md L7: the ratio reads high after a break; form still counts
        acwr = np.full(n, np.nan)
        base = replace(base, note=_break_note(days_off))
    either = np.where(np.isnan(acwr), tsb, acwr)
    yesterday = day - 1
    j = _latest(either, yesterday, s.max_age_d) if yesterday >= 0 else None
    if j is None:
        history = sig.load_history_d
        have = history[yesterday] if history is not None and yesterday >= 0 else math.nan
        # recorded, but ACWR (until day 28) and form (until day 42) still refused; after a
        # break only form is read, so it is form's 42 days that count
        needed = FORM_WARMUP_D if days_off else CHRONIC_D
        if have < needed:
            note = f"{have:.0f} of {needed} days of training data for a load baseline"
            note = "; ".join(x for x in (base.note, note) if x)
            return replace(base, status=Status.BASELINE_BUILDING, note=note)
        if days_off:
            return base  # form alone was to be read, and there is none up to yesterday
        return replace(base, status=Status.TOO_OLD, note="no load values up to yesterday")
    z, driver = load_z(float(acwr[j]), float(tsb[j]), s)
    status, fresh = _freshness(yesterday - j, s)
    uses_acwr = driver == "acwr"
    return replace(
        base,
        unit="ratio" if uses_acwr else "TSB",
        status=status,
        value=float(acwr[j] if uses_acwr else tsb[j]),
        baseline=t.ACWR_TYPICAL_HIGH if uses_acwr else t.TSB_PRODUCTIVE_LOW,
        spread=t.ACWR_Z_STEP if uses_acwr else t.TSB_Z_STEP,
        z=_clip(z),
        z_raw=z,
        freshness=fresh,
        age_d=day - j,
        detail={
            k: float(v[j]) for k, v in (("acwr", acwr), ("form_tsb", tsb)) if not math.isnan(v[j])
        },
    )


BUILDERS = (_hrv, _rhr, _sleep, _wellness, _load)


@dataclass(frozen=True, slots=True)
class Composite:
    """The components with their contributions, the composite z and the coverage."""

    components: tuple[Component, ...]
    z: float | None
    coverage: float


def compose(state: RecoveryState, day: int, settings: ReadinessSettings) -> Composite:
    """Build every component for ``day`` and weigh them into one composite z and coverage."""
    parts = [build(state, day, settings) for build in BUILDERS]
    total_weight = sum(c.weight for c in parts)
    present = sum(c.effective_weight for c in parts)
    coverage = present / total_weight if total_weight > 0 else 0.0
    if present <= 0:
        return Composite(tuple(parts), None, 0.0)
    composite = sum(c.effective_weight * (c.z or 0.0) for c in parts) / present
    out = tuple(
        replace(
            c,
            contribution=settings.score_per_sd * c.effective_weight * (c.z or 0.0) / present,
        )
        for c in parts
    )
    return Composite(out, composite, coverage)
