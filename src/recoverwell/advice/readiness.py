"""The daily readiness verdict: a 0–100 score, a traffic light, ranked reasons and coverage.

Transparent weighted z-scores (docs/anchors.md §6 "Readiness v1"): each component of
``advice/components.py`` (HRV, RHR, sleep, wellness, load) brings a z-score, positive = better
recovered than usual, and a weight; the score is

    score = clip(neutral + per_sd × Σ wᵢfᵢzᵢ / Σ wᵢfᵢ, 0, 100)

over the components present (fᵢ = freshness), and each component's contribution in points is
shown. The light follows the score (green ≥ 60, red < 40 by default) and three rules:

1. a red flag (docs/science.md §10, ``advice/red_flags.py``) makes it red, whatever the score or the
   coverage, and heads every list; an URGENT one replaces the verdict altogether: no score, no
   training advice, only the flags ("stop and seek care");
2. red needs ≥ 2 agreeing domains (§0): otherwise it is amber;
3. a standing CAUTION finding (e.g. signs of accumulated fatigue), or a head cold (R5's neck
   check: easy running only), keeps it from green.

Coverage is the share of the configured weight present today (stale readings count partly).
Below ``min_coverage`` there is no score and the light is grey ("not enough data"): never a
confident verdict on no data. Words are not made here: see ``advice/explain.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from recoverwell.advice import thresholds as t
from recoverwell.advice.actions import DayAction, day_actions
from recoverwell.advice.components import Component, Domain, compose
from recoverwell.advice.findings import Action, Finding, Severity, ranked
from recoverwell.advice.patterns import evaluate
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import RecoveryState
from recoverwell.advice.red_flags import is_red_flag, red_flags
from recoverwell.core.signals import Pillar


class Light(StrEnum):
    """The traffic light; grey = not enough data for a verdict."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


class Confidence(StrEnum):
    """How much of the verdict's evidence is present (from coverage)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Readiness:
    """One day's verdict, as data: every number needed to explain it."""

    day: date
    score: float | None
    light: Light
    coverage: float
    confidence: Confidence
    components: tuple[Component, ...]
    findings: tuple[Finding, ...]  # every finding, most important first
    reasons: tuple[Finding, ...]  # the top few, for the headline
    domains_flagged: tuple[str, ...]
    light_rule: str  # why the light differs from the score band ("" when it does not)
    actions: tuple[DayAction, ...] = ()  # concrete recovery actions per pillar

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The reasons' rule ids, in rank order."""
        return tuple(f.rule_id for f in self.reasons)

    @property
    def red_flags(self) -> tuple[Finding, ...]:
        """The red flags (REFER/URGENT, docs/science.md §10)
        among the findings, most severe first."""
        return tuple(f for f in self.findings if is_red_flag(f))

    @property
    def urgent(self) -> bool:
        """An URGENT red flag stands: stop and seek care; no training advice at all."""
        return any(f.severity is Severity.URGENT for f in self.red_flags)


#: ``Readiness.light_rule`` when a red flag sets the light.
RED_FLAG_RULE = "red flag (docs/science.md §10)"
URGENT_RULE = "urgent red flag (docs/science.md §10): stop and seek care"


def _confidence(coverage: float, settings: ReadinessSettings) -> Confidence:
    if coverage < settings.min_coverage:
        return Confidence.NONE
    if coverage >= t.CONFIDENCE_HIGH:
        return Confidence.HIGH
    if coverage >= t.CONFIDENCE_MEDIUM:
        return Confidence.MEDIUM
    return Confidence.LOW


def _component_reasons(components: tuple[Component, ...], taken: set[str]) -> list[Finding]:
    """An INFO finding for each component that moved the score and has no rule of its own."""
    out = []
    for c in components:
        if not c.used or c.key in taken or abs(c.contribution) < t.REASON_MIN_POINTS:
            continue
        direction = "worse" if c.contribution < 0 else "better"
        out.append(
            Finding(
                f"{c.key}_{direction}_than_usual",
                Pillar.SLEEP if c.domain is Domain.SLEEP else Pillar.MONITORING,
                Severity.INFO,
                {
                    "value": c.value or 0.0,
                    "baseline": c.baseline or 0.0,
                    "z": c.z or 0.0,
                    "unit": c.unit,
                },
                {"points": t.REASON_MIN_POINTS},
                "readiness component (docs/readiness.md)",
                Action.NOTE,
                c.domain,
                abs(c.contribution),
                c.key,
            )
        )
    return out


def _light(
    score: float,
    findings: list[Finding],
    flagged: frozenset[Domain],
    settings: ReadinessSettings,
) -> tuple[Light, str]:
    if score >= settings.green_min:
        light = Light.GREEN
    elif score >= settings.red_below:
        light = Light.AMBER
    else:
        light = Light.RED
    if light is Light.RED and len(flagged) < t.DOMAINS_TO_AGREE:
        return Light.AMBER, "red needs two agreeing domains (docs/science.md §0)"
    if light is Light.GREEN and any(f.severity is Severity.CAUTION for f in findings):
        return Light.AMBER, "a CAUTION finding stands (docs/science.md §0, §9)"
    if light is Light.GREEN and any(f.action is Action.EASY_RUNNING_ONLY for f in findings):
        return Light.AMBER, "easy running only (docs/science.md §10 R5, the neck check)"
    return light, ""


def readiness(state: RecoveryState, day: date, settings: ReadinessSettings) -> Readiness:
    """The verdict for the morning of ``day`` from the athlete's recovery state."""
    i = state.signals.index(day)
    composite = compose(state, i, settings)
    patterns = evaluate(state, i, composite, settings)
    every_flag = red_flags(state, i)
    flags = [f for f in every_flag if is_red_flag(f)]
    findings = [*every_flag, *patterns.findings]
    taken = {f.component for f in findings if f.component}
    findings = ranked([*findings, *_component_reasons(composite.components, taken)])
    coverage = composite.coverage
    confidence = _confidence(coverage, settings)
    score: float | None = None
    if composite.z is not None and confidence is not Confidence.NONE:
        raw = settings.score_neutral + settings.score_per_sd * composite.z
        score = float(min(max(raw, 0.0), 100.0))
    shown = t.REASONS_MAX
    if any(f.severity is Severity.URGENT for f in flags):
        score, light, rule = None, Light.RED, URGENT_RULE
        findings = ranked(flags)
        shown = len(findings)
    elif flags:
        light, rule = Light.RED, RED_FLAG_RULE
        shown = max(shown, len(flags))
    elif score is None:
        light, rule = Light.GREY, "not enough data"
        findings.insert(
            0,
            Finding(
                "not_enough_data",
                Pillar.MONITORING,
                Severity.INFO,
                {"coverage": coverage},
                {"coverage": settings.min_coverage},
                "readiness coverage rule (docs/readiness.md)",
                Action.MEASURE_MORE,
            ),
        )
    else:
        light, rule = _light(score, findings, patterns.flags.flagged, settings)
    actions: tuple[DayAction, ...] = ()
    if not (flags and any(f.severity is Severity.URGENT for f in flags)):
        actions = day_actions(
            state,
            i,
            findings,
            amber_or_red=light in (Light.AMBER, Light.RED),
            red=light is Light.RED,
            red_flag=bool(flags),
            need_min=settings.sleep_need_min,
        )
    return Readiness(
        day=day,
        score=score,
        light=light,
        coverage=coverage,
        confidence=confidence,
        components=composite.components,
        findings=tuple(findings),
        reasons=tuple(findings[:shown]),
        domains_flagged=tuple(sorted(patterns.flags.flagged)),
        light_rule=rule,
        actions=actions,
    )
