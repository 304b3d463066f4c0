"""Findings and verdicts into plain words, with units; the disclaimer is added here, once.

Wording follows docs/science.md §13's safer phrasing and §11's limits: no diagnosis ("signs of
accumulated fatigue", never "overtraining syndrome"), no injury or illness probabilities, no
"train harder" on an objective number. Every interface (CLI, web, reports) shows advice through
``explain`` and prints ``Explanation.disclaimer`` with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from recoverwell.advice import thresholds as t
from recoverwell.advice.actions import action_text
from recoverwell.advice.findings import Action, Finding
from recoverwell.advice.readiness import Confidence, Light, Readiness
from recoverwell.core.signals import signal
from recoverwell.core.units import UnitSystem, distance_in

#: docs/science.md §11, shown wherever advice is shown.
DISCLAIMER = (
    "This app offers general wellness and training-recovery information for healthy adults. "
    "It does not diagnose, treat or prevent any disease and is not a substitute for "
    "professional medical advice. If you have pain, illness, or symptoms that worry you, stop "
    "training and contact a qualified health professional. In an emergency, call your local "
    "emergency number."
)

#: docs/science.md §10 R9 / M6: shown with the R9 flag, never behind a setting (§11.8).
CRISIS_TEXT = (
    "Please contact your local emergency number or a crisis line now (for example 988 in the "
    "US, 116 123 in the UK and Ireland), and reach out to a trusted person. You don't have to "
    "face this alone."
)
URGENT_HEADLINE = "Stop and seek care now."
RED_FLAG_HEADLINE = "Red flag: see a professional (below) before training as usual."

HEADLINES = {
    Light.GREEN: "Ready to train as planned.",
    Light.AMBER: "Train, but keep it easy or shorter today.",
    Light.RED: "Recovery day: rest or very easy running.",
    Light.GREY: "Not enough recent data for a verdict today.",
}

ACTIONS = {
    Action.PROCEED: "Train as planned.",
    Action.NOTE: "",
    Action.EASY_DAY: "Consider an easy day, especially if you also feel off.",
    Action.REDUCE_INTENSITY: "Swap intensity for easy running for 1–3 days.",
    Action.RECOVERY_DAYS: "Plan 1–3 easy or off days, then reassess.",
    Action.PRIORITISE_SLEEP: "Prioritise sleep: aim for 8–10 h in bed (lights out earlier).",
    Action.STEADY_SCHEDULE: "Keep your wake time steady, weekends included.",
    Action.TRUST_HOW_YOU_FEEL: "Reduce intensity today: how you feel counts.",
    Action.CHECK_CONFOUNDERS: (
        "Check for illness, alcohol, heat, travel or short sleep; take it easy if in doubt."
    ),
    Action.REVIEW_LOAD: "Check the plan: is this jump intended?",
    Action.PLAN_EASIER_DAYS: "If it lasts more than a few days, plan easier days.",
    Action.LIMIT_LONG_RUN: "Keep your next long run within 10 % of your longest this month.",
    Action.BUILD_GRADUALLY: (
        "Build gradually: avoid jumps of more than 20–30 %, and plan a cutback week (20–30 % "
        "less) every 3–4 weeks."
    ),
    Action.TALK_TO_COACH_OR_CLINICIAN: (
        "Talk it over with your coach; if it persists, see a sports physician."
    ),
    Action.NO_TRAINING_WHILE_ILL: (
        "No training with fever, body aches, chest symptoms or stomach illness until 24–48 h "
        "after they are gone, and consider seeing a doctor; a head cold alone allows easy running."
    ),
    Action.MEASURE_MORE: "Measure HRV and resting HR on waking at least 3 mornings a week.",
    Action.EASY_RUNNING_ONLY: (
        "Easy running is fine if you feel up to it; skip hard sessions. If fever, body aches or "
        "chest symptoms appear, stop training."
    ),
    Action.STOP_RUNNING_SEE_CLINICIAN: (
        "Stop running until it has been checked, and see a sports physician or physiotherapist "
        "within the next few days — sooner if it is in the groin or hip, the front of the shin, "
        "the top of the mid-foot, the outer edge of the foot, under the big toe or the inner "
        "ankle. Don't foam-roll or massage over the spot."
    ),
    Action.SEEK_CARE_TODAY: (
        "Stop running and get medical care today (urgent care or a sports physician); don't run "
        "or hop on it until it has been checked."
    ),
    Action.SEE_PHYSIO: (
        "Don't run through it: ease off and see a physiotherapist or sports physician."
    ),
    Action.CALL_EMERGENCY: (
        "Stop exercising. If it is happening now or keeps coming back, call your local emergency "
        "number; otherwise see a doctor before you run again."
    ),
    Action.EMERGENCY_COOLING: (
        "Call your local emergency number now; stop, get into the shade and cool down with cold "
        "water while help comes."
    ),
    Action.STOP_PLAIN_WATER_SEEK_CARE: "Stop drinking plain water and seek medical care now.",
    Action.SEEK_CARE_IF_NOT_SETTLING: (
        "Rest; if it does not settle within a few hours, or if there is any confusion, seek "
        "medical care."
    ),
    Action.SEE_PHYSICIAN_AND_DIETITIAN: (
        "Please see a sports physician and a sports dietitian about it; it is worth checking early."
    ),
    Action.CRISIS_LINE: CRISIS_TEXT,
    Action.SEE_GP_OR_PSYCHOLOGIST: (
        "Please talk to your GP, a psychologist or a psychiatrist about how you've been feeling, "
        "and let someone you trust know."
    ),
    Action.SEE_GP: "Please see your GP (family doctor) about it soon.",
    Action.DISCUSS_LABS: (
        "Discuss the result with your doctor; don't start iron or vitamin D supplements, or "
        "change doses, on your own."
    ),
}

COMPONENT_TITLES = {
    "hrv": "HRV",
    "rhr": "Resting HR",
    "sleep": "Sleep",
    "wellness": "Check-in",
    "load": "Training load",
}


def hours(minutes: float) -> str:
    """Minutes as ``7 h 05 min``."""
    if math.isnan(minutes):
        return "–"
    total = round(minutes)
    sign = "−" if total < 0 else ""
    h, m = divmod(abs(total), 60)
    return f"{sign}{h} h {m:02d} min"


def _count(n: float, noun: str) -> str:
    """``1 HRV reading``, ``2 HRV readings``."""
    k = round(n)
    return f"{k} {noun}" + ("" if k == 1 else "s")


def _n(ev: Mapping[str, float | str], key: str) -> float:
    value = ev.get(key, math.nan)
    return float(value) if not isinstance(value, str) else math.nan


def _hrv_low(ev: Mapping[str, float | str]) -> str:
    return (
        f"HRV is {abs(_n(ev, 'z')):.1f} SD below your normal "
        + ("yesterday" if _n(ev, "days_ago") >= 1 else "today")
        + " "
        f"(rMSSD {math.exp(_n(ev, 'ln_rmssd')):.0f} ms vs "
        f"{math.exp(_n(ev, 'ln_rmssd_normal')):.0f})."
    )


def _rhr_up(ev: Mapping[str, float | str]) -> str:
    marked = " — a marked rise" if _n(ev, "marked") >= 1 else ""
    return (
        f"Resting HR is {_n(ev, 'delta_bpm'):+.0f} bpm above your normal "
        f"({_n(ev, 'rhr_bpm'):.0f} vs {_n(ev, 'rhr_normal_bpm'):.0f} bpm){marked}. An unusually "
        "high morning HR often means illness, poor sleep, heat or alcohol."
    )


OBJECTIVE_WORDS = {"hrv": "HRV", "rhr": "resting HR"}


def _objective(ev: Mapping[str, float | str]) -> str:
    """The objective signals a disagreement compared: ``HRV``, ``resting HR`` or both."""
    keys = [k.strip() for k in str(ev.get("signals", "hrv, rhr")).split(",") if k.strip()]
    return " and ".join(OBJECTIVE_WORDS.get(k, k) for k in keys)


def _objective_count(ev: Mapping[str, float | str]) -> int:
    return len([k for k in str(ev.get("signals", "hrv, rhr")).split(",") if k.strip()])


DOMAIN_WORDS = {
    "autonomic": "HRV/resting HR",
    "sleep": "sleep",
    "subjective": "how you feel",
    "load": "training load",
}


def _domains(ev: Mapping[str, float | str]) -> str:
    names = [DOMAIN_WORDS.get(d.strip(), d.strip()) for d in str(ev.get("domains", "")).split(",")]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _item_high(rule_id: str) -> Callable[[Mapping[str, float | str]], str]:
    item = rule_id.removesuffix("_high")

    def text(ev: Mapping[str, float | str]) -> str:
        title = signal(item).title.split(" (")[0]
        return f"{title} is {_n(ev, item):.0f}/7 this morning."

    return text


def _when(ev: Mapping[str, float | str]) -> str:
    ago = _n(ev, "days_ago")
    if math.isnan(ago) or ago < 1:
        return ""
    return " (yesterday)" if ago == 1 else f" ({ago:.0f} days ago)"


def _where(ev: Mapping[str, float | str]) -> str:
    location = str(ev.get("location", ""))
    if not location:
        return ""
    side = str(ev.get("side", ""))
    side = f"{side} " if side in ("left", "right") else ""
    pain = _n(ev, "pain_0_10")
    return f"{side}{location}" + ("" if math.isnan(pain) else f", {pain:.0f}/10")


def _bone(ev: Mapping[str, float | str]) -> str:
    where = _where(ev)
    site = str(ev.get("site", ""))
    if site:
        return (
            f"Bone pain at the {site} ({where}){_when(ev)}: bone pain at this site needs a "
            "prompt medical check."
        )
    place = f" ({where})" if where else ""
    return (
        f"Bone pain{place}{_when(ev)}: a spot on a bone that hurts to press, worse with running, "
        "or at rest or at night."
    )


def _niggle(ev: Mapping[str, float | str]) -> str:
    why = []
    if _n(ev, "changes_gait") >= 1:
        why.append("changes how you run")
    if _n(ev, "pain_high") >= 1:
        why.append(f"is at {_n(ev, 'pain_0_10'):.0f}/10")
    if _n(ev, "worse_mornings") >= 1:
        why.append(f"got worse {_n(ev, 'worse_mornings'):.0f} mornings in a row")
    if _n(ev, "persisted_d") >= 1:
        why.append(f"has been there for {_n(ev, 'persisted_d'):.0f} days")
    said = why[0] if len(why) == 1 else ", ".join(why[:-1]) + " and " + why[-1]
    side = str(ev.get("side", ""))
    side = f"{side} " if side in ("left", "right") else ""
    return f"Your {side}{ev.get('location', '')} pain {said}{_when(ev)}."


def _post_run(ev: Mapping[str, float | str]) -> str:
    what = "Headache, nausea, confusion or swelling after a long run"
    change = _n(ev, "mass_change_kg")
    if math.isnan(change):
        return f"{what}{_when(ev)}, with no before/after weights to compare."
    if change > 0:
        return f"{what}{_when(ev)}, and you weighed {change:.1f} kg more after the run than before."
    return f"{what}{_when(ev)} (body mass {change:+.1f} kg over the run)."


def _mood(ev: Mapping[str, float | str]) -> str:
    parts = []
    if _n(ev, "low_mood_2w") >= 1:
        parts.append(
            "You reported low mood, loss of interest or anxiety on most days for 2 weeks or more"
            + _when(ev)
            + "."
        )
    if _n(ev, "low_mood_days") >= 1:
        parts.append(
            f"Your mood check-in has been at the low end (6–7) on {_n(ev, 'low_mood_days'):.0f} "
            f"of the last {_n(ev, 'window_d'):.0f} days."
        )
    return " ".join(parts)


def _lab(name: str, unit: str, digits: int) -> Callable[[Mapping[str, float | str]], str]:
    symbol = {"ferritin": "ferritin_ng_ml", "haemoglobin": "haemoglobin_g_dl"}.get(
        name, "vitamin_d_nmol_l"
    )

    def text(ev: Mapping[str, float | str]) -> str:
        return (
            f"Your {name} result is {_n(ev, symbol):.{digits}f} {unit}{_when(ev)}, below "
            f"{_n(ev, 'limit'):.{digits}f} {unit}."
        )

    return text


def _illness(ev: Mapping[str, float | str]) -> str:
    if _n(ev, "illness_systemic") >= 1:
        return (
            f"You reported fever, chills, body aches, a chest cough or stomach illness{_when(ev)}."
        )
    return f"You reported feeling ill{_when(ev)}."


#: Words of the red-flag table (advice/red_flags.py): what was reported, never a diagnosis.
RED_FLAG_TEXTS: dict[str, Callable[[Mapping[str, float | str]], str]] = {
    "r9_self_harm_thoughts": lambda ev: (
        f"You reported thoughts of harming yourself, or feeling hopeless{_when(ev)}."
    ),
    "r4_chest_symptoms": lambda ev: (
        "You reported chest pain or pressure, fainting or near-fainting, palpitations with "
        f"dizziness, or breathlessness out of proportion to the effort{_when(ev)}."
    ),
    "r6_heat_signs": lambda ev: (
        "You reported confusion, collapse, stopped sweating or very hot skin during or after a "
        f"run in the heat{_when(ev)}."
    ),
    "r7_post_run_symptoms": _post_run,
    "r7_post_run_symptoms_mass_loss": _post_run,
    "r3_sudden_pop": lambda ev: (
        "You reported a sudden pop or snap, not being able to push off, or a joint locking or "
        f"giving way{_when(ev)}."
    ),
    "r1_bone_pain_high_risk_site": _bone,
    "r1_bone_pain": _bone,
    "r5_illness": _illness,
    "r5_head_cold": lambda ev: f"Cold symptoms above the neck only{_when(ev)} (the 'neck check').",
    "r2_niggle": _niggle,
    "r10_low_mood": _mood,
    "r8_missed_periods": lambda ev: f"You reported no period for 3 months or more{_when(ev)}.",
    "r11_unexplained_signs": lambda ev: (
        "You reported unexplained weight loss, night sweats, or blood in urine or stool more "
        f"than once{_when(ev)}."
    ),
    "r12_ferritin_low": _lab("ferritin", "ng/mL", 0),
    "r12_haemoglobin_low": _lab("haemoglobin", "g/dL", 1),
    "r12_vitamin_d_low": _lab("vitamin D (25(OH)D)", "nmol/L", 0),
    "r12_vitamin_d_below_target": lambda ev: (
        f"Your vitamin D (25(OH)D) result is {_n(ev, 'vitamin_d_nmol_l'):.0f} nmol/L{_when(ev)}, "
        f"below the {_n(ev, 'limit'):.0f} nmol/L sports clinicians often aim for."
    ),
}

TEXTS: dict[str, Callable[[Mapping[str, float | str]], str]] = {
    "hrv_low_today": _hrv_low,
    "hrv_trend_below_normal": lambda ev: (
        f"Your 7-day HRV (rMSSD {math.exp(_n(ev, 'ln_rmssd_7d')):.0f} ms) is below your normal "
        f"range ({math.exp(_n(ev, 'band_low')):.0f}–{math.exp(_n(ev, 'band_high')):.0f} ms)."
    ),
    "hrv_trend_above_normal": lambda ev: (
        "Your 7-day HRV is above your normal range. That is not automatically good news: in a "
        "heavy block it can also come with accumulated fatigue."
    ),
    "hrv_low_with_low_rhr": lambda ev: (
        "HRV is below your range while resting HR is low and you feel fine: in well-trained "
        "runners this can reflect fitness. No need to cut training on HRV alone."
    ),
    "hrv_not_enough_readings": lambda ev: (
        f"Only {_count(_n(ev, 'readings_7d'), 'HRV reading')} in the last 7 days: not enough "
        f"for an HRV trend ({t.HRV_MIN_READINGS_7D} needed)."
    ),
    "rhr_above_normal": _rhr_up,
    "rhr_sustained_rise": lambda ev: (
        f"Your 7-day resting HR ({_n(ev, 'rhr_7d_bpm'):.0f} bpm) has been above your normal "
        f"({_n(ev, 'rhr_normal_bpm'):.0f} bpm) for {_n(ev, 'days'):.0f} days."
    ),
    "sleep_short_last_night": lambda ev: (
        f"You slept {hours(_n(ev, 'sleep_total_min'))} "
        + ("the night before last" if _n(ev, "days_ago") >= 1 else "last night")
        + ", "
        f"{hours(_n(ev, 'need_min') - _n(ev, 'sleep_total_min'))} short of your "
        f"{hours(_n(ev, 'need_min'))} need."
    ),
    "sleep_short_week": lambda ev: (
        f"Your 7-day average sleep is {hours(_n(ev, 'sleep_7d_mean_min'))}, under 7 h."
    ),
    "sleep_debt": lambda ev: (
        f"Recent shortfall: {hours(_n(ev, 'sleep_debt_7d_min'))} less sleep than your need "
        "over the last 7 nights."
    ),
    "time_in_bed_short": lambda ev: (
        f"You spend {hours(_n(ev, 'in_bed_7d_mean_min'))} in bed on average; 8–10 h in bed "
        "gives you the chance to sleep enough."
    ),
    "sleep_irregular": lambda ev: (
        f"Your bed and wake times vary by more than an hour (SD "
        f"{max(_n(ev, 'bedtime_sd_min'), _n(ev, 'waketime_sd_min')):.0f} min over 14 days)."
    ),
    "wellness_worse_today": lambda ev: (
        f"Your check-in is worse than usual (Hooper {_n(ev, 'hooper_index'):.0f}, "
        f"{abs(_n(ev, 'z')):.1f} SD worse than your normal)."
    ),
    "wellness_worse_3_days": lambda ev: (
        f"Your check-ins have been worse than usual for {_n(ev, 'days'):.0f} days in a row."
    ),
    "hooper_stale": lambda ev: "A check-in item has been at 6–7 for more than a week.",
    "load_large_jump": lambda ev: (
        f"Your recent load is {_n(ev, 'acwr'):.1f}× your 4-week norm — is that planned? The "
        "ratio itself is debated; big jumps are still worth avoiding."
    ),
    "return_after_break": lambda ev: (
        f"You are back from {_n(ev, 'break_d'):.0f} days without training: for "
        f"{t.RETURN_MODE_D} days the load ratio (ACWR) reads high and is not used. Build back "
        "by run length and weekly distance (those checks still apply)."
    ),
    "form_high_fatigue": lambda ev: (
        f"Form (TSB) is {_n(ev, 'form_tsb'):.0f}: high fatigue, fine for a few days only."
    ),
    "load_jump_with_soreness": lambda ev: (
        f"A load jump ({_n(ev, 'acwr'):.1f}× your norm) together with "
        + ("high soreness" if _n(ev, "hooper_soreness") >= t.HOOPER_ITEM_HIGH else "soreness")
        + (" above your usual" if _n(ev, "soreness_z") > t.HOOPER_Z_HIGH else "")
        + f" ({_n(ev, 'hooper_soreness'):.0f}/7)."
    ),
    "accumulated_fatigue": lambda ev: (
        f"Signs of accumulated fatigue: {_domains(ev)} point the same way."
    ),
    "possible_overreaching_high_hrv": lambda ev: (
        "HRV is above your range while you feel worse in a heavy block: do not read it as 'ready'."
    ),
    "feels_worse_than_numbers": lambda ev: (
        f"You feel worse than your {_objective(ev)} "
        + ("suggest" if _objective_count(ev) > 1 else "suggests")
        + ". Your body is telling you more than your watch."
    ),
    "numbers_worse_than_feel": lambda ev: (
        f"Your {_objective(ev)} "
        + ("look" if _objective_count(ev) > 1 else "looks")
        + " worse than you feel; one marker alone cannot tell fatigue from other causes."
    ),
    **RED_FLAG_TEXTS,
    "not_enough_data": lambda ev: (
        f"Only {_n(ev, 'coverage'):.0%} of the usual signals are recent enough for a verdict."
    ),
}


def _distance(metres: float, units: UnitSystem) -> str:
    return f"{distance_in(metres, units):.1f} {units.value}"


#: Words of the running-volume rules (``advice/volume_rules.py``), in the athlete's units.
VOLUME_TEXTS: dict[str, Callable[[Mapping[str, float | str], UnitSystem], str]] = {
    "run_spike": lambda ev, u: (
        f"Yesterday's {_distance(_n(ev, 'longest_run_m'), u)} run was "
        f"{_n(ev, 'run_spike'):.2f}× your longest of the previous 30 days "
        f"({_distance(_n(ev, 'previous_longest_m'), u)}): a {ev.get('band', '')} spike."
    ),
    "mileage_ramp": lambda ev, u: (
        f"Your last 7 days ({_distance(_n(ev, 'distance_7d_m'), u)}) are "
        f"{_n(ev, 'distance_acwr'):.2f}× your average week of the 3 before "
        f"({_distance(_n(ev, 'chronic_week_m'), u)})."
    ),
}


def _component_reason(f: Finding) -> str:
    """A component that moved the score without a rule: against usual, need or typical band."""
    ev, worse = f.evidence, f.rule_id.endswith("_worse_than_usual")
    if f.component == "sleep":  # judged against the need (S1), not the athlete's usual
        side = "short of" if worse else "above"
        return f"Sleep was {hours(_n(ev, 'value'))}, {side} your {hours(_n(ev, 'baseline'))} need."
    if f.component == "load" and worse:  # judged against fixed bands (L2, L6)
        if ev.get("unit") == "ratio":
            where = f"ACWR {_n(ev, 'value'):.2f}, typical ≤ {_n(ev, 'baseline'):.1f}"
        else:
            where = f"form {_n(ev, 'value'):.0f}, typical ≥ {_n(ev, 'baseline'):.0f}"
        return f"Training load is heavier than typical ({where})."
    title = COMPONENT_TITLES.get(f.component, f.component)
    return f"{title} is {'worse' if worse else 'better'} than usual."


def finding_text(f: Finding, *, with_action: bool = True, units: UnitSystem = UnitSystem.KM) -> str:
    """One sentence (or two) for a finding, with its action when there is one.

    Distances are given in ``units`` (the athlete's: miles or kilometres).
    """
    volume = VOLUME_TEXTS.get(f.rule_id)
    text = TEXTS.get(f.rule_id)
    if volume is not None:
        return f"{volume(f.evidence, units)} {ACTIONS[f.action] if with_action else ''}".strip()
    if text is None and f.rule_id.startswith("hooper_") and f.rule_id.endswith("_high"):
        text = _item_high(f.rule_id)
    if text is None and f.component:
        sentence = _component_reason(f)
    elif text is None:
        sentence = f.rule_id.replace("_", " ").capitalize() + "."
    else:
        sentence = text(f.evidence)
    action = ACTIONS[f.action] if with_action else ""
    return f"{sentence} {action}".strip()


@dataclass(frozen=True, slots=True)
class Explanation:
    """A verdict in words: headline, reasons, other findings, and the disclaimer."""

    headline: str
    reasons: tuple[str, ...]
    more: tuple[str, ...]
    coverage: str
    disclaimer: str = DISCLAIMER
    urgent: bool = False  # stop and seek care: no training advice is given
    crisis: str = ""  # the crisis text (R9): interfaces show it first, before the reasons
    actions: tuple[str, ...] = ()  # the day's concrete recovery actions, per pillar


def explain(r: Readiness, units: UnitSystem = UnitSystem.KM) -> Explanation:
    """Words for a verdict, distances in ``units``; the disclaimer always comes with them."""
    headline = HEADLINES[r.light]
    if r.urgent:
        headline = URGENT_HEADLINE
    elif r.red_flags:
        headline = RED_FLAG_HEADLINE
    missing = [COMPONENT_TITLES[c.key] for c in r.components if not c.used]
    confidence = (
        "too little for a verdict"
        if r.confidence is Confidence.NONE
        else f"{r.confidence.value} confidence"
    )
    coverage = f"Data coverage {r.coverage:.0%} ({confidence})"
    if missing:
        coverage += "; missing: " + ", ".join(missing)
    shown = {id(f) for f in r.reasons}
    crisis = CRISIS_TEXT if any(f.action is Action.CRISIS_LINE for f in r.red_flags) else ""
    said: set[Action] = {Action.CRISIS_LINE} if crisis else set()  # shown first, on its own

    def text(f: Finding) -> str:
        line = finding_text(f, with_action=f.action not in said, units=units)
        said.add(f.action)
        return line

    reasons = tuple(text(f) for f in r.reasons)
    more = tuple(text(f) for f in r.findings if id(f) not in shown)
    return Explanation(
        headline=headline,
        reasons=reasons,
        more=more,
        coverage=coverage,
        urgent=r.urgent,
        crisis=crisis,
        actions=tuple(action_text(a) for a in r.actions),
    )
