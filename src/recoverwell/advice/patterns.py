"""Recovery rules for one day: per-signal findings, domain agreement, overreaching, disagreement.

Each rule returns ``Finding`` data (no words). docs/science.md §0 "Signal fusion" shapes the result:

- a domain (autonomic, sleep, subjective, load) is *flagged* when any of its acute or sustained
  conditions holds, and *sustained* when a multi-day one does;
- a CAUTION from an objective domain (autonomic, sleep, load) stays a CAUTION only when ≥ 2
  domains are flagged, otherwise it is shown as a NUDGE; subjective CAUTIONs stand on their own
  (M1: "your body is telling you more than your watch");
- "signs of accumulated fatigue" (§9, worded per O3) needs ≥ 2 *sustained* domains;
- the §8a reading "HRV above band, RHR down, feeling worse, heavy block" is flagged as possible
  overreaching rather than read as "ready".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from recoverwell.advice import thresholds as t
from recoverwell.advice.components import Component, Composite, Domain, Status
from recoverwell.advice.findings import Action, Finding, Severity
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import RecoveryState, break_before
from recoverwell.advice.volume_rules import volume_findings
from recoverwell.core.signals import Pillar, signal
from recoverwell.metrics.baseline import BandPosition
from recoverwell.metrics.rhr import RhrLevel

OBJECTIVE = (Domain.AUTONOMIC, Domain.SLEEP, Domain.LOAD)


def _at(values: np.ndarray | None, i: int) -> float:
    if values is None or i < 0:
        return math.nan
    return float(values[i])


@dataclass(frozen=True, slots=True)
class Flags:
    """Which domains are flagged today, and which by a multi-day condition."""

    flagged: frozenset[Domain]
    sustained: frozenset[Domain]


@dataclass(frozen=True, slots=True)
class _Context:
    state: RecoveryState
    i: int
    settings: ReadinessSettings
    parts: dict[str, Component]

    def points(self, *keys: str) -> float:
        """Score points the named components take away (0 when they add)."""
        return sum(max(-self.parts[k].contribution, 0.0) for k in keys if k in self.parts)


def _autonomic(c: _Context) -> tuple[list[Finding], bool, bool]:
    out: list[Finding] = []
    i, s = c.i, c.settings
    h, r, w = c.state.hrv, c.state.rhr, c.state.wellness
    acute = sustained = False
    hrv_part = c.parts["hrv"]
    if h is not None and hrv_part.used and hrv_part.age_d is not None:
        j = i - hrv_part.age_d
        z = float(h.z[j])
        if z <= s.hrv_acute_low_z:
            acute = True
            out.append(
                Finding(
                    "hrv_low_today",
                    Pillar.MONITORING,
                    Severity.NUDGE,
                    {
                        "ln_rmssd": float(h.ln[j]),
                        "ln_rmssd_normal": float(h.normal[j]),
                        "z": z,
                        "days_ago": float(i - j),
                    },
                    {"z": s.hrv_acute_low_z},
                    "docs/science.md A2 (Plews13, HRV4T-normal)",
                    Action.EASY_DAY,
                    Domain.AUTONOMIC,
                    c.points("hrv"),
                    "hrv",
                )
            )
    if h is not None and h.readings_7d[i] >= t.HRV_MIN_READINGS_7D and not np.isnan(h.trend[i]):
        evidence = {
            "ln_rmssd_7d": float(h.mean_7d[i]),
            "band_low": float(h.band_low[i]),
            "band_high": float(h.band_high[i]),
            "cv_7d_pct": float(h.cv_7d_pct[i]),
        }
        rhr_low = r is not None and _at(r.mean_7d, i) <= _at(r.normal, i)
        feels_fine = w is not None and _at(w.index_z, i) <= 0
        if h.trend[i] == BandPosition.BELOW and rhr_low and feels_fine:
            out.append(
                Finding(
                    "hrv_low_with_low_rhr",
                    Pillar.MONITORING,
                    Severity.INFO,
                    evidence | {"rhr_7d_bpm": _at(r.mean_7d, i) if r else math.nan},
                    {},
                    "docs/science.md §8a (parasympathetic saturation, HRV4T-sat)",
                    Action.NOTE,
                    Domain.AUTONOMIC,
                    0.0,
                    "hrv",
                )
            )
        elif h.trend[i] == BandPosition.BELOW:
            acute = sustained = True
            out.append(
                Finding(
                    "hrv_trend_below_normal",
                    Pillar.MONITORING,
                    Severity.CAUTION,
                    evidence,
                    {"band_width_sd": s.hrv_band_width_sd},
                    "docs/science.md A2 (Plews13, Vesterinen16)",
                    Action.REDUCE_INTENSITY,
                    Domain.AUTONOMIC,
                    c.points("hrv"),
                    "hrv",
                )
            )
        elif h.trend[i] == BandPosition.ABOVE:
            out.append(
                Finding(
                    "hrv_trend_above_normal",
                    Pillar.MONITORING,
                    Severity.INFO,
                    evidence,
                    {"band_width_sd": s.hrv_band_width_sd},
                    "docs/science.md A2, A5 (high HRV can also mean overreaching)",
                    Action.NOTE,
                    Domain.AUTONOMIC,
                    0.0,
                    "hrv",
                )
            )
    rhr_part = c.parts["rhr"]
    if r is not None and rhr_part.used and rhr_part.age_d is not None:
        j = i - rhr_part.age_d
        if r.marker[j] >= RhrLevel.ACUTE_RISE:
            acute = True
            out.append(
                Finding(
                    "rhr_above_normal",
                    Pillar.MONITORING,
                    Severity.NUDGE,
                    {
                        "rhr_bpm": float(r.bpm[j]),
                        "rhr_normal_bpm": float(r.normal[j]),
                        "delta_bpm": float(r.delta[j]),
                        "marked": float(r.marker[j] >= RhrLevel.MARKED_RISE),
                    },
                    {
                        "bpm": s.rhr_acute_rise_bpm,
                        "sd": s.rhr_acute_rise_sd,
                        "marked_bpm": s.rhr_marked_rise_bpm,
                    },
                    "docs/science.md A4, §1 #7 (guide +5/+10 bpm refined; AltiniPlews21)",
                    Action.CHECK_CONFOUNDERS,
                    Domain.AUTONOMIC,
                    c.points("rhr"),
                    "rhr",
                )
            )
    if r is not None and r.sustained_days[i] >= t.RHR_SUSTAINED_DAYS:
        acute = sustained = True
        low_wellness = w is not None and _at(w.index_z, i) > 0
        out.append(
            Finding(
                "rhr_sustained_rise",
                Pillar.MONITORING,
                Severity.CAUTION if low_wellness else Severity.NUDGE,
                {
                    "rhr_7d_bpm": _at(r.mean_7d, i),
                    "rhr_normal_bpm": _at(r.normal, i),
                    "days": float(r.sustained_days[i]),
                },
                {"sd": t.RHR_SUSTAINED_SD, "days": t.RHR_SUSTAINED_DAYS},
                "docs/science.md A4 (Buchheit14)",
                Action.REDUCE_INTENSITY,
                # with a worse check-in, A4 is itself a two-domain rule: not downgraded
                "" if low_wellness else Domain.AUTONOMIC,
                c.points("rhr"),
                "rhr",
            )
        )
    return out, acute, sustained


def _sleep(c: _Context) -> tuple[list[Finding], bool, bool]:
    out: list[Finding] = []
    sl, i, s = c.state.sleep, c.i, c.settings
    part = c.parts["sleep"]
    if sl is None:
        return out, False, False
    acute = part.used and (part.z or 0.0) <= t.SLEEP_SHORT_LAST_NIGHT_Z
    if part.used and (part.z or 0.0) <= t.SLEEP_BELOW_NEED_Z:
        out.append(
            Finding(
                "sleep_short_last_night",
                Pillar.SLEEP,
                Severity.NUDGE,
                {
                    "sleep_total_min": part.value or math.nan,
                    "need_min": s.sleep_need_min,
                    "days_ago": float(part.age_d or 0),
                },
                {"below_need_min": t.SLEEP_Z_SCALE_MIN},
                "docs/science.md S1 (Walsh21)",
                Action.PRIORITISE_SLEEP,
                Domain.SLEEP,
                c.points("sleep"),
                "sleep",
            )
        )
    mean7, debt7 = _at(sl.mean_7d_min, i), _at(sl.debt_7d_min, i)
    short_week = mean7 < s.sleep_short_mean_min
    if short_week:
        out.append(
            Finding(
                "sleep_short_week",
                Pillar.SLEEP,
                Severity.CAUTION,
                {"sleep_7d_mean_min": mean7},
                {"min": s.sleep_short_mean_min},
                "docs/science.md S1, §1 #1 (Walsh21, Mah11)",
                Action.PRIORITISE_SLEEP,
                Domain.SLEEP,
                c.points("sleep"),
                "sleep",
            )
        )
    debt_high = debt7 > s.sleep_debt_caution_min
    if debt7 > t.SLEEP_DEBT_NUDGE_MIN:
        out.append(
            Finding(
                "sleep_debt",
                Pillar.SLEEP,
                Severity.CAUTION if debt_high else Severity.NUDGE,
                {"sleep_debt_7d_min": debt7, "need_min": s.sleep_need_min},
                {"nudge_min": t.SLEEP_DEBT_NUDGE_MIN, "caution_min": s.sleep_debt_caution_min},
                "docs/science.md S2 (Walsh21 concept; thresholds heuristic)",
                Action.PRIORITISE_SLEEP,
                Domain.SLEEP,
                c.points("sleep"),
                "sleep",
            )
        )
    in_bed = _at(sl.in_bed_mean_7d_min, i)
    if in_bed < t.SLEEP_IN_BED_TARGET_MIN:
        out.append(
            Finding(
                "time_in_bed_short",
                Pillar.SLEEP,
                Severity.NUDGE,
                {"in_bed_7d_mean_min": in_bed},
                {"min": t.SLEEP_IN_BED_TARGET_MIN},
                "docs/science.md §1 #1 (guide 8–10 h, as time in bed; Mah11)",
                Action.PRIORITISE_SLEEP,
                Domain.SLEEP,
                0.0,
                "sleep",
            )
        )
    spread = max(_at(sl.bedtime_sd_min, i), _at(sl.waketime_sd_min, i))
    if spread > t.SLEEP_CLOCK_SD_NUDGE_MIN:
        out.append(
            Finding(
                "sleep_irregular",
                Pillar.SLEEP,
                Severity.NUDGE,
                {
                    "bedtime_sd_min": _at(sl.bedtime_sd_min, i),
                    "waketime_sd_min": _at(sl.waketime_sd_min, i),
                    "regularity_index": _at(sl.regularity_index, i),
                },
                {"sd_min": t.SLEEP_CLOCK_SD_NUDGE_MIN},
                "docs/science.md S3 (LunsfordAvery18, Walsh21)",
                Action.STEADY_SCHEDULE,
                Domain.SLEEP,
                0.0,
                "sleep",
            )
        )
    sustained = short_week or debt_high
    return out, acute or sustained, sustained


def _item_pillar(item: str) -> Pillar:
    return signal(item).pillar


def _subjective(c: _Context) -> tuple[list[Finding], bool, bool]:
    out: list[Finding] = []
    w, i, s = c.state.wellness, c.i, c.settings
    if w is None:
        return out, False, False
    z = _at(w.index_z, i)
    worse_today = z > s.hooper_z_high
    if worse_today:
        out.append(
            Finding(
                "wellness_worse_today",
                Pillar.MONITORING,
                Severity.NUDGE,
                {"hooper_index": _at(w.index, i), "z": z},
                {"z": s.hooper_z_high},
                "docs/science.md §6a, M1 (Hooper95, Saw16)",
                Action.REDUCE_INTENSITY,
                Domain.SUBJECTIVE,
                c.points("wellness"),
                "wellness",
            )
        )
    days = float(w.high_z_days[i])
    if days >= t.HOOPER_Z_DAYS:
        out.append(
            Finding(
                "wellness_worse_3_days",
                Pillar.MONITORING,
                Severity.CAUTION,
                {"hooper_index": _at(w.index, i), "z": z, "days": days},
                {"z": s.hooper_z_high, "days": t.HOOPER_Z_DAYS},
                "docs/science.md §6a, M1 (Hooper95, Saw16)",
                Action.REDUCE_INTENSITY,
                Domain.SUBJECTIVE,
                c.points("wellness"),
                "wellness",
            )
        )
    high_items = {k: _at(v, i) for k, v in w.items.items() if _at(v, i) >= t.HOOPER_ITEM_HIGH}
    for item, value in sorted(high_items.items()):
        out.append(
            Finding(
                f"{item}_high",
                _item_pillar(item),
                Severity.NUDGE,
                {item: value, "z": _at(w.item_z[item], i)},
                {"rating": t.HOOPER_ITEM_HIGH},
                "docs/science.md §6a (Hooper95: 6–7 = very bad)",
                Action.REDUCE_INTENSITY,
                Domain.SUBJECTIVE,
                c.points("wellness") / max(len(high_items), 1),
                "wellness",
            )
        )
    stale = {k: float(v[i]) for k, v in w.item_high_days.items() if v[i] > t.HOOPER_STALE_DAYS}
    if stale:
        out.append(
            Finding(
                "hooper_stale",
                Pillar.MONITORING,
                Severity.CAUTION,
                {f"{k}_days": d for k, d in stale.items()},
                {"days": t.HOOPER_STALE_DAYS, "rating": t.HOOPER_ITEM_HIGH},
                "docs/science.md §6a (Hooper95 'stale' criteria), O1",
                Action.TALK_TO_COACH_OR_CLINICIAN,
                Domain.SUBJECTIVE,
                c.points("wellness"),
                "wellness",
            )
        )
    item_streak = max((float(v[i]) for v in w.item_high_days.values()), default=0.0)
    sustained = days >= t.HOOPER_Z_DAYS or item_streak >= t.HOOPER_Z_DAYS
    return out, worse_today or bool(high_items) or sustained, sustained


def _load(c: _Context) -> tuple[list[Finding], bool, bool]:
    out: list[Finding] = []
    sig, i, s = c.state.signals, c.i, c.settings
    acwr, tsb = _at(sig.acwr, i - 1), _at(sig.form_tsb, i - 1)
    days_off = break_before(sig, i)
    if days_off:  # docs/science.md L7: return-to-run mode, no spike language from the ratio
        acwr = math.nan
        out.append(
            Finding(
                "return_after_break",
                Pillar.MONITORING,
                Severity.NUDGE,  # in place of the jump's NUDGE: return-to-run mode
                {"break_d": days_off},
                {"break_d": t.RETURN_BREAK_D, "mode_d": t.RETURN_MODE_D},
                "docs/science.md L7 (Impellizzeri21: ratio artefacts)",
                Action.BUILD_GRADUALLY,
                Domain.LOAD,
                c.points("load"),
                "",  # not the load component's reason: form still counts, with its own
            )
        )
    jump = acwr > s.acwr_large_jump
    tired = tsb < s.tsb_high_fatigue
    if jump:
        out.append(
            Finding(
                "load_large_jump",
                Pillar.MONITORING,
                Severity.NUDGE,
                {"acwr": acwr},
                {"acwr": s.acwr_large_jump},
                "docs/science.md L2 (descriptive; Gabbett16, critiques Impellizzeri20/21)",
                Action.REVIEW_LOAD,
                Domain.LOAD,
                c.points("load"),
                "load",
            )
        )
    if tired:
        out.append(
            Finding(
                "form_high_fatigue",
                Pillar.MONITORING,
                Severity.NUDGE,
                {"form_tsb": tsb},
                {"form_tsb": s.tsb_high_fatigue},
                "docs/science.md L6 (Friel-TSB heuristic zones)",
                Action.PLAN_EASIER_DAYS,
                Domain.LOAD,
                c.points("load"),
                "load",
            )
        )
    w = c.state.wellness
    if jump and w is not None and "hooper_soreness" in w.items:
        sore = _at(w.items["hooper_soreness"], i)
        sore_z = _at(w.item_z["hooper_soreness"], i)
        if sore >= t.HOOPER_ITEM_HIGH or sore_z > s.hooper_z_high:
            out.append(
                Finding(
                    "load_jump_with_soreness",
                    Pillar.THERAPY,
                    Severity.CAUTION,
                    {"acwr": acwr, "hooper_soreness": sore, "soreness_z": sore_z},
                    {"acwr": s.acwr_large_jump, "rating": t.HOOPER_ITEM_HIGH},
                    "docs/science.md L2 ('combine with wellness/soreness before CAUTION')",
                    Action.REDUCE_INTENSITY,
                    # load and soreness together: the rule is itself two signals agreeing
                    # (L2), so §0's downgrade of objective-only CAUTIONs does not apply
                    "",
                    c.points("load", "wellness"),
                    "load",
                )
            )
    volume, volume_flag, volume_sustained = volume_findings(c.state, i)
    for f in volume:
        out.append(replace(f, weight_points=c.points("load")))
    return out, jump or tired or volume_flag, jump or tired or volume_sustained


def _fusion(c: _Context, flags: Flags) -> list[Finding]:
    out: list[Finding] = []
    if len(flags.sustained) >= t.DOMAINS_TO_AGREE:
        out.append(
            Finding(
                "accumulated_fatigue",
                Pillar.MONITORING,
                Severity.CAUTION,
                {"domains": ", ".join(sorted(flags.sustained))},
                {"domains": t.DOMAINS_TO_AGREE},
                "docs/science.md §9 (Meeusen13), §0 signal fusion; worded per O3",
                Action.RECOVERY_DAYS,
                "",
                c.points("hrv", "rhr", "sleep", "wellness", "load"),
            )
        )
    h, r, i = c.state.hrv, c.state.rhr, c.i
    if (
        h is not None
        and h.trend[i] == BandPosition.ABOVE
        and (r is None or _at(r.z, i) <= 0)
        and Domain.SUBJECTIVE in flags.flagged
        and Domain.LOAD in flags.flagged
    ):
        out.append(
            Finding(
                "possible_overreaching_high_hrv",
                Pillar.MONITORING,
                Severity.CAUTION,
                {"ln_rmssd_7d": float(h.mean_7d[i]), "band_high": float(h.band_high[i])},
                {},
                "docs/science.md §8a row 3 (Plews13, Bellenger16)",
                Action.RECOVERY_DAYS,
                "",
                c.points("wellness", "load"),
            )
        )
    wellness = c.parts["wellness"]
    objective = [c.parts[k] for k in ("hrv", "rhr") if c.parts[k].effective_weight > 0]
    if wellness.used and objective:
        weight = sum(p.effective_weight for p in objective)
        obj_z = sum(p.effective_weight * (p.z or 0.0) for p in objective) / weight
        subj_z = wellness.z or 0.0
        signals = ", ".join(p.key for p in objective)  # what the objective side is made of
        evidence: dict[str, float | str] = {
            "wellness_z": subj_z,
            "objective_z": obj_z,
            "signals": signals,
        }
        limits = {"low_z": t.DISAGREE_LOW_Z, "ok_z": t.DISAGREE_OK_Z}
        if subj_z <= t.DISAGREE_LOW_Z and obj_z >= t.DISAGREE_OK_Z:
            out.append(
                Finding(
                    "feels_worse_than_numbers",
                    Pillar.MENTAL,
                    Severity.NUDGE,
                    evidence,
                    limits,
                    "docs/science.md M1, §8a row 4 (Saw16)",
                    Action.TRUST_HOW_YOU_FEEL,
                    Domain.SUBJECTIVE,
                    c.points("wellness"),
                )
            )
        elif obj_z <= t.DISAGREE_LOW_Z and subj_z >= t.DISAGREE_OK_Z:
            out.append(
                Finding(
                    "numbers_worse_than_feel",
                    Pillar.MONITORING,
                    Severity.INFO,
                    evidence,
                    limits,
                    "docs/science.md A6 (confounders), §0 (no single marker diagnoses fatigue)",
                    Action.CHECK_CONFOUNDERS,
                    Domain.AUTONOMIC,
                    c.points("hrv", "rhr"),
                )
            )
    hrv_part = c.parts["hrv"]
    if hrv_part.status is Status.NOT_ENOUGH_DATA:
        out.append(
            Finding(
                "hrv_not_enough_readings",
                Pillar.MONITORING,
                Severity.INFO,
                {"readings_7d": float(h.readings_7d[i]) if h is not None else 0.0},
                {"readings_7d": t.HRV_MIN_READINGS_7D},
                "docs/science.md A1 (Plews14: ≥ 3 valid readings a week)",
                Action.MEASURE_MORE,
                Domain.AUTONOMIC,
            )
        )
    return out


def _downgrade(findings: Iterable[Finding], flags: Flags) -> list[Finding]:
    """docs/science.md §0: an objective-only CAUTION becomes a NUDGE unless ≥ 2 domains agree."""
    agree = len(flags.flagged) >= t.DOMAINS_TO_AGREE
    out = []
    for f in findings:
        if f.severity is Severity.CAUTION and f.domain in OBJECTIVE and not agree:
            f = replace(f, severity=Severity.NUDGE)
        out.append(f)
    return out


@dataclass(frozen=True, slots=True)
class PatternResult:
    """The day's findings (fused) and the domain flags behind them."""

    findings: tuple[Finding, ...]
    flags: Flags


def evaluate(
    state: RecoveryState, i: int, composite: Composite, settings: ReadinessSettings
) -> PatternResult:
    """Run every recovery rule for day ``i``, then apply the §0 fusion rules."""
    ctx = _Context(state, i, settings, {c.key: c for c in composite.components})
    findings: list[Finding] = []
    flagged: set[Domain] = set()
    sustained: set[Domain] = set()
    for domain, rule in (
        (Domain.AUTONOMIC, _autonomic),
        (Domain.SLEEP, _sleep),
        (Domain.SUBJECTIVE, _subjective),
        (Domain.LOAD, _load),
    ):
        found, is_flagged, is_sustained = rule(ctx)
        findings += found
        if is_flagged:
            flagged.add(domain)
        if is_sustained:
            sustained.add(domain)
    flags = Flags(frozenset(flagged), frozenset(sustained))
    findings += _fusion(ctx, flags)
    return PatternResult(tuple(_downgrade(findings, flags)), flags)
