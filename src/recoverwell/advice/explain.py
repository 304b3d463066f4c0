"""Findings and verdicts into plain words, with units; the disclaimer is added here, once.

Wording follows science.md §13's safer phrasing and §11's limits: no diagnosis ("signs of
accumulated fatigue", never "overtraining syndrome"), no injury or illness probabilities, no
"train harder" on an objective number. Every interface (CLI, web, reports) shows advice through
``explain`` and prints ``Explanation.disclaimer`` with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from recoverwell.advice.components import Component, Status
from recoverwell.advice.findings import Action, Finding
from recoverwell.advice.readiness import Light, Readiness
from recoverwell.core.signals import signal

#: science.md §11, shown wherever advice is shown.
DISCLAIMER = (
    "This app offers general wellness and training-recovery information for healthy adults. "
    "It does not diagnose, treat or prevent any disease and is not a substitute for "
    "professional medical advice. If you have pain, illness, or symptoms that worry you, stop "
    "training and contact a qualified health professional. In an emergency, call your local "
    "emergency number."
)

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
    Action.TALK_TO_COACH_OR_CLINICIAN: (
        "Talk it over with your coach; if it persists, see a sports physician."
    ),
    Action.NO_TRAINING_WHILE_ILL: (
        "No training with fever, body aches, chest symptoms or stomach illness until 24–48 h "
        "after they are gone, and consider seeing a doctor; a head cold alone allows easy running."
    ),
    Action.MEASURE_MORE: "Measure HRV and resting HR on waking at least 3 mornings a week.",
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


def _n(ev: Mapping[str, float | str], key: str) -> float:
    value = ev.get(key, math.nan)
    return float(value) if not isinstance(value, str) else math.nan


def _hrv_low(ev: Mapping[str, float | str]) -> str:
    return (
        f"HRV is {abs(_n(ev, 'z')):.1f} SD below your normal today "
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
        f"Only {_n(ev, 'readings_7d'):.0f} HRV readings in the last 7 days: not enough for an "
        "HRV trend (3 needed)."
    ),
    "rhr_above_normal": _rhr_up,
    "rhr_sustained_rise": lambda ev: (
        f"Your 7-day resting HR ({_n(ev, 'rhr_7d_bpm'):.0f} bpm) has been above your normal "
        f"({_n(ev, 'rhr_normal_bpm'):.0f} bpm) for {_n(ev, 'days'):.0f} days."
    ),
    "sleep_short_last_night": lambda ev: (
        f"You slept {hours(_n(ev, 'sleep_total_min'))} last night, "
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
        f"{_n(ev, 'z'):+.1f} SD)."
    ),
    "wellness_worse_3_days": lambda ev: (
        f"Your check-ins have been worse than usual for {_n(ev, 'days'):.0f} days in a row."
    ),
    "hooper_stale": lambda ev: "A check-in item has been at 6–7 for more than a week.",
    "load_large_jump": lambda ev: (
        f"Your recent load is {_n(ev, 'acwr'):.1f}× your 4-week norm — is that planned? The "
        "ratio itself is debated; big jumps are still worth avoiding."
    ),
    "form_high_fatigue": lambda ev: (
        f"Form (TSB) is {_n(ev, 'form_tsb'):.0f}: high fatigue, fine for a few days only."
    ),
    "load_jump_with_soreness": lambda ev: (
        f"A load jump ({_n(ev, 'acwr'):.1f}× your norm) together with high soreness "
        f"({_n(ev, 'hooper_soreness'):.0f}/7)."
    ),
    "accumulated_fatigue": lambda ev: (
        f"Signs of accumulated fatigue: {_domains(ev)} point the same way."
    ),
    "possible_overreaching_high_hrv": lambda ev: (
        "HRV is above your range while you feel worse in a heavy block: do not read it as 'ready'."
    ),
    "feels_worse_than_numbers": lambda ev: (
        "You feel worse than your HRV and resting HR suggest. Your body is telling you more "
        "than your watch."
    ),
    "numbers_worse_than_feel": lambda ev: (
        "Your HRV and resting HR look worse than you feel; one marker alone cannot tell fatigue "
        "from other causes."
    ),
    "r5_illness": lambda ev: "You reported feeling ill.",
    "not_enough_data": lambda ev: (
        f"Only {_n(ev, 'coverage'):.0%} of the usual signals are recent enough for a verdict."
    ),
}


def finding_text(f: Finding, *, with_action: bool = True) -> str:
    """One sentence (or two) for a finding, with its action when there is one."""
    text = TEXTS.get(f.rule_id)
    if text is None and f.rule_id.startswith("hooper_") and f.rule_id.endswith("_high"):
        text = _item_high(f.rule_id)
    if text is None and f.component:
        title = COMPONENT_TITLES.get(f.component, f.component)
        word = "worse" if f.rule_id.endswith("_worse_than_usual") else "better"
        sentence = f"{title} is {word} than usual."
    elif text is None:
        sentence = f.rule_id.replace("_", " ").capitalize() + "."
    else:
        sentence = text(f.evidence)
    action = ACTIONS[f.action] if with_action else ""
    return f"{sentence} {action}".strip()


def component_value(c: Component) -> str:
    """A component's value in its unit, for tables."""
    if c.value is None:
        return "–"
    if c.key == "hrv":
        return f"{math.exp(c.value):.0f} ms"
    if c.key == "sleep":
        return hours(c.value)
    if c.key == "rhr":
        return f"{c.value:.0f} bpm"
    if c.key == "load":
        return f"ACWR {c.value:.2f}" if c.unit == "ratio" else f"TSB {c.value:.0f}"
    return f"{c.value:.0f}"


def component_baseline(c: Component) -> str:
    """A component's baseline (normal, need or typical limit), for tables."""
    if c.baseline is None:
        return "–"
    if c.key == "hrv":
        return f"{math.exp(c.baseline):.0f} ms"
    if c.key == "sleep":
        return hours(c.baseline)
    if c.key == "rhr":
        return f"{c.baseline:.1f} bpm"
    if c.key == "load":
        return f"≤ {c.baseline:.1f}" if c.unit == "ratio" else f"≥ {c.baseline:.0f}"
    return f"{c.baseline:.1f}"


def component_status(c: Component, *, short: bool = False) -> str:
    """``ok``, ``1 d old`` or why the component is left out (with the reason unless short)."""
    if c.status is Status.STALE:
        return f"{c.age_d} d old"
    if c.status is Status.OK:
        return "ok"
    return f"{c.status.value}: {c.note}" if c.note and not short else c.status.value


@dataclass(frozen=True, slots=True)
class Explanation:
    """A verdict in words: headline, reasons, other findings, and the disclaimer."""

    headline: str
    reasons: tuple[str, ...]
    more: tuple[str, ...]
    coverage: str
    disclaimer: str = DISCLAIMER


def explain(r: Readiness) -> Explanation:
    """Words for a verdict; the disclaimer always comes with them."""
    headline = HEADLINES[r.light]
    if r.light_rule.startswith("red flag"):
        headline = "Red flag: " + HEADLINES[Light.RED]
    missing = [COMPONENT_TITLES[c.key] for c in r.components if not c.used]
    coverage = f"Data coverage {r.coverage:.0%} ({r.confidence.value} confidence)"
    if missing:
        coverage += "; missing: " + ", ".join(missing)
    shown = {id(f) for f in r.reasons}
    said: set[Action] = set()

    def text(f: Finding) -> str:
        line = finding_text(f, with_action=f.action not in said)
        said.add(f.action)
        return line

    reasons = tuple(text(f) for f in r.reasons)
    more = tuple(text(f) for f in r.findings if id(f) not in shown)
    return Explanation(headline=headline, reasons=reasons, more=more, coverage=coverage)
