"""Running-volume rules: the musculoskeletal side of load (docs/science.md §7 L3, L4).

At 70+ miles a week tissue load matters more than TRIMP, and in the 5,205-runner cohort of
Frandsen 2025 the single-run spike was the marker that behaved as one (ACWR and the
week-to-week ratio did not). Two rules, read *after yesterday's training* like the rest of the
load domain (the morning verdict for day d reads day d − 1):

- ``run_spike`` (L3): yesterday's longest run against the longest of the 30 days before it;
  over 1.10 is a spike: small to 1.30, moderate to 2.0, large beyond. CAUTION, an acute flag.
- ``mileage_ramp`` (L4): the last 7 days' running distance against the average week of the
  three before; over 1.2 a NUDGE, over 1.3 a CAUTION and a sustained (week-long) load flag.

Both are objective: alone, a CAUTION is shown as a NUDGE (docs/science.md §0, ``patterns``).
Inputs come from the load engine in ``DailySignals.volume`` (metres, ratios).
"""

from __future__ import annotations

import math

from recoverwell.advice import thresholds as t
from recoverwell.advice.components import Domain
from recoverwell.advice.findings import Action, Finding, Severity
from recoverwell.advice.recovery_state import RecoveryState
from recoverwell.core.signals import Pillar

L3_SOURCE = "docs/science.md §7 L3 (Frandsen25: single-run spikes)"
L4_SOURCE = "docs/science.md §7 L4 (Nielsen14; Buist08: the 10 % rule did not protect)"


def _after_yesterday(state: RecoveryState, key: str, i: int) -> float:
    series = state.signals.volume.get(key)
    if series is None or i < 1:
        return math.nan
    return float(series[i - 1])


def _spike_band(ratio: float) -> str:
    if ratio > t.RUN_SPIKE_LARGE:
        return "large"
    if ratio > t.RUN_SPIKE_MODERATE:
        return "moderate"
    return "small"


def volume_findings(state: RecoveryState, i: int) -> tuple[list[Finding], bool, bool]:
    """(findings, load domain flagged, flagged by a multi-day condition) for day ``i``."""
    out: list[Finding] = []
    flagged = sustained = False
    spike = _after_yesterday(state, "run_spike", i)
    if spike > t.RUN_SPIKE_SMALL:
        longest = _after_yesterday(state, "longest_run_m", i)
        flagged = True
        out.append(
            Finding(
                "run_spike",
                Pillar.MONITORING,
                Severity.CAUTION,
                {
                    "run_spike": spike,
                    "longest_run_m": longest,
                    "previous_longest_m": longest / spike,
                    "band": _spike_band(spike),
                },
                {
                    "small": t.RUN_SPIKE_SMALL,
                    "moderate": t.RUN_SPIKE_MODERATE,
                    "large": t.RUN_SPIKE_LARGE,
                },
                L3_SOURCE,
                Action.LIMIT_LONG_RUN,
                Domain.LOAD,
                0.0,
                "load",
            )
        )
    ramp = _after_yesterday(state, "distance_acwr", i)
    if ramp > t.MILEAGE_RAMP_NUDGE:
        week = _after_yesterday(state, "distance_7d_m", i)
        caution = ramp > t.MILEAGE_RAMP_CAUTION
        flagged = flagged or caution
        sustained = caution
        out.append(
            Finding(
                "mileage_ramp",
                Pillar.MONITORING,
                Severity.CAUTION if caution else Severity.NUDGE,
                {"distance_acwr": ramp, "distance_7d_m": week, "chronic_week_m": week / ramp},
                {"nudge": t.MILEAGE_RAMP_NUDGE, "caution": t.MILEAGE_RAMP_CAUTION},
                L4_SOURCE,
                Action.BUILD_GRADUALLY,
                Domain.LOAD,
                0.0,
                "load",
            )
        )
    return out, flagged, sustained
