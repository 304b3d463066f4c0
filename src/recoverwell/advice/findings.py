"""What a rule returns: a ``Finding``, as data. Words come later, in ``advice/explain.py``.

STYLE §2.3: ``Finding(rule_id, pillar, severity, evidence={symbol: value}, threshold, source,
action)``. Tests assert on ``rule_id`` and ``evidence``, never on wording. Severities follow
docs/science.md §0: INFO · NUDGE · CAUTION (adjust training/recovery) · REFER (see a professional
soon) · URGENT (stop and seek care now).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from recoverwell.core.signals import Pillar


class Severity(StrEnum):
    """How strongly a finding asks for a change (docs/science.md §0), weakest first."""

    INFO = "info"
    NUDGE = "nudge"
    CAUTION = "caution"
    REFER = "refer"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """0 for INFO up to 4 for URGENT, for sorting."""
        return list(Severity).index(self)


class Action(StrEnum):
    """What the finding suggests; ``explain.py`` turns each into words."""

    PROCEED = "proceed"
    NOTE = "note"
    EASY_DAY = "easy_day"
    REDUCE_INTENSITY = "reduce_intensity"
    RECOVERY_DAYS = "recovery_days"
    PRIORITISE_SLEEP = "prioritise_sleep"
    STEADY_SCHEDULE = "steady_schedule"
    TRUST_HOW_YOU_FEEL = "trust_how_you_feel"
    CHECK_CONFOUNDERS = "check_confounders"
    REVIEW_LOAD = "review_load"
    PLAN_EASIER_DAYS = "plan_easier_days"
    LIMIT_LONG_RUN = "limit_long_run"
    BUILD_GRADUALLY = "build_gradually"
    TALK_TO_COACH_OR_CLINICIAN = "talk_to_coach_or_clinician"
    NO_TRAINING_WHILE_ILL = "no_training_while_ill"
    MEASURE_MORE = "measure_more"
    # red flags (docs/science.md §10): "see a professional", never a diagnosis
    EASY_RUNNING_ONLY = "easy_running_only"
    STOP_RUNNING_SEE_CLINICIAN = "stop_running_see_clinician"
    SEEK_CARE_TODAY = "seek_care_today"
    SEE_PHYSIO = "see_physio"
    CALL_EMERGENCY = "call_emergency"
    EMERGENCY_COOLING = "emergency_cooling"
    STOP_PLAIN_WATER_SEEK_CARE = "stop_plain_water_seek_care"
    SEEK_CARE_IF_NOT_SETTLING = "seek_care_if_not_settling"
    SEE_PHYSICIAN_AND_DIETITIAN = "see_physician_and_dietitian"
    CRISIS_LINE = "crisis_line"
    SEE_GP_OR_PSYCHOLOGIST = "see_gp_or_psychologist"
    SEE_GP = "see_gp"
    DISCUSS_LABS = "discuss_labs"


Evidence = Mapping[str, float | str]


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's result: which rule, for which pillar, how strong, on what evidence, and why."""

    rule_id: str
    pillar: Pillar
    severity: Severity
    evidence: Evidence
    threshold: Mapping[str, float] = field(default_factory=dict)
    source: str = ""
    action: Action = Action.NOTE
    domain: str = ""  # the signal domain it comes from (autonomic, sleep, subjective, load)
    weight_points: float = 0.0  # score points it accounts for, for ranking
    component: str = ""  # the readiness component it explains, if any

    @property
    def sort_key(self) -> tuple[int, float, str]:
        """Most severe first, then the largest effect on the score, then the rule id."""
        return (-self.severity.rank, -self.weight_points, self.rule_id)


def ranked(findings: Iterable[Finding]) -> list[Finding]:
    """Findings from most to least important (severity, then size of effect, then id)."""
    return sorted(findings, key=lambda f: f.sort_key)


def strongest(findings: Iterable[Finding]) -> Severity | None:
    """The highest severity among the findings; None when there are none."""
    ranks = [f.severity for f in findings]
    return max(ranks, key=lambda s: s.rank) if ranks else None
