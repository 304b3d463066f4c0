"""Red flags (science.md §10): reported symptoms that fire on their own and override the score.

A red flag never waits for a second domain to agree, is never softened by good numbers, and is
never hidden behind coverage ("not enough data" still shows it). Today the check-in records one
such symptom, ``illness`` (R5); the table below is where further symptom signals are added.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from recoverwell.advice import thresholds as t
from recoverwell.advice.findings import Action, Finding, Severity
from recoverwell.advice.recovery_state import RecoveryState
from recoverwell.core.signals import Pillar

#: Points a red flag carries for ranking: above any score component.
RED_FLAG_POINTS = 100.0


@dataclass(frozen=True, slots=True)
class RedFlagRule:
    """A symptom signal that, when reported (value > 0), raises a red flag."""

    rule_id: str
    signal: str
    severity: Severity
    action: Action
    lookback_d: int
    source: str


RULES = (
    RedFlagRule(
        "r5_illness",
        "illness",
        Severity.REFER,
        Action.NO_TRAINING_WHILE_ILL,
        t.ILLNESS_CLEAR_D,
        "science.md §10 R5 (Friman00); 'neck check' heuristic for head colds",
    ),
)


def _series(state: RecoveryState, name: str) -> np.ndarray | None:
    values: np.ndarray | None = getattr(state.signals, name, None)
    return values


def red_flags(state: RecoveryState, i: int) -> list[Finding]:
    """Red-flag findings for day ``i`` from the symptoms reported today or shortly before."""
    out = []
    for rule in RULES:
        values = _series(state, rule.signal)
        if values is None:
            continue
        window = values[max(0, i - rule.lookback_d) : i + 1]
        reported = np.flatnonzero(np.nan_to_num(window, nan=0.0) > 0)
        if not reported.size:
            continue
        days_ago = float(len(window) - 1 - reported[-1])
        evidence: dict[str, float | str] = {rule.signal: 1.0, "days_ago": days_ago}
        if state.rhr is not None and not math.isnan(state.rhr.delta[i]):
            evidence["rhr_delta_bpm"] = float(state.rhr.delta[i])
        out.append(
            Finding(
                rule.rule_id,
                Pillar.MONITORING,
                rule.severity,
                evidence,
                {"lookback_d": float(rule.lookback_d)},
                rule.source,
                rule.action,
                "",
                RED_FLAG_POINTS,
            )
        )
    return out
