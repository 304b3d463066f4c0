"""The patterns behind the red flags (docs/science.md §10): one function per kind of pattern.

Each check takes the recovery state, the day ``i``, the rule's signals and its lookback, and
returns one evidence mapping per hit (an empty list when the pattern is absent). Evidence always
has ``days_ago`` (0 = today). Thresholds are named in ``advice/thresholds.py``; the table of
rules that uses these checks is ``advice/red_flags.py``.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date

import numpy as np
import numpy.typing as npt

from recoverwell.advice import thresholds as t
from recoverwell.advice.body_sites import high_risk_site
from recoverwell.advice.recovery_state import RecoveryState
from recoverwell.core.athlete import Sex
from recoverwell.core.niggles import Niggle

Array = npt.NDArray[np.float64]
Evidence = dict[str, float | str]
Check = Callable[[RecoveryState, int, tuple[str, ...], int], list[Evidence]]


def symptom(state: RecoveryState, name: str) -> Array | None:
    """A red-flag item's day series (``illness`` also has its own field), or None."""
    values = state.signals.symptoms.get(name)
    if values is None and name == "illness":
        values = state.signals.illness
    return values


def _value(values: Array | None, j: int) -> float:
    if values is None or j < 0:
        return math.nan
    return float(values[j])


def _yes(values: Array | None, j: int) -> bool:
    return _value(values, j) > 0


def _days(i: int, lookback_d: int) -> range:
    """Day indexes from ``i`` back to ``i − lookback_d`` (most recent first)."""
    return range(i, max(i - lookback_d, 0) - 1, -1)


def reported(
    state: RecoveryState, i: int, signals: tuple[str, ...], lookback_d: int
) -> list[Evidence]:
    """Any of the items reported today or in the ``lookback_d`` days before (the latest report)."""
    for j in _days(i, lookback_d):
        hits = [s for s in signals if _yes(symptom(state, s), j)]
        if hits:
            evidence: Evidence = dict.fromkeys(hits, 1.0)
            evidence["days_ago"] = float(i - j)
            return [evidence]
    return []


def _with_rhr(state: RecoveryState, i: int, evidence: Evidence) -> Evidence:
    if state.rhr is not None and not math.isnan(state.rhr.delta[i]):
        evidence["rhr_delta_bpm"] = float(state.rhr.delta[i])
    return evidence


def illness(
    state: RecoveryState, i: int, signals: tuple[str, ...], lookback_d: int
) -> list[Evidence]:
    """R5: symptoms below the neck, or feeling ill without a head-cold-only answer that day.

    The "neck check" (docs/science.md R5, heuristic): a day whose only illness is a head cold does
    not stop training; fever, chills, body aches, a chest cough or stomach illness does, and so does
    "feeling ill" when the runner did not say it was a head cold (a vendor's illness tag).
    """
    systemic, ill, cold = (symptom(state, s) for s in ("illness_systemic", "illness", "head_cold"))
    for j in _days(i, lookback_d):
        if _yes(systemic, j):
            return [_with_rhr(state, i, {"illness_systemic": 1.0, "days_ago": float(i - j)})]
        if _yes(ill, j) and not _yes(cold, j):
            return [_with_rhr(state, i, {"illness": 1.0, "days_ago": float(i - j)})]
    return []


def head_cold(
    state: RecoveryState, i: int, signals: tuple[str, ...], lookback_d: int
) -> list[Evidence]:
    """R5 refinement: a head cold only, and no illness below the neck in the same window."""
    if illness(state, i, signals, lookback_d):
        return []
    return reported(state, i, ("head_cold",), lookback_d)


def _niggles_by_day(state: RecoveryState) -> dict[date, list[Niggle]]:
    by_day: dict[date, list[Niggle]] = defaultdict(list)
    for n in state.signals.niggles:
        by_day[n.day].append(n)
    return by_day


def _bone_pain(state: RecoveryState, i: int, lookback_d: int) -> list[tuple[Niggle | None, int]]:
    """The latest bone-pain report per location in the window; (None, j) without a location."""
    sig = state.signals
    latest: dict[tuple[str, str], tuple[Niggle, int]] = {}
    for n in state.signals.niggles:
        j = (n.day - sig.start).days
        if n.bone_pain and i - lookback_d <= j <= i:
            key = (n.location, n.side.value)
            if key not in latest or latest[key][1] < j:
                latest[key] = (n, j)
    hits: list[tuple[Niggle | None, int]] = list(latest.values())
    if not hits:
        series = symptom(state, "bone_pain")
        hits += [(None, j) for j in _days(i, lookback_d) if _yes(series, j)][:1]
    return hits


def _bone_evidence(n: Niggle | None, i: int, j: int) -> Evidence:
    evidence: Evidence = {"bone_pain": 1.0, "days_ago": float(i - j)}
    if n is not None:
        evidence |= {"location": n.location, "side": n.side.value, "pain_0_10": n.pain_0_10}
    return evidence


def bone_pain_high_risk(
    state: RecoveryState, i: int, signals: tuple[str, ...], lookback_d: int
) -> list[Evidence]:
    """R1 at a high-risk site (``advice/body_sites.py``): one hit per location."""
    out = []
    for n, j in _bone_pain(state, i, lookback_d):
        site = high_risk_site(n.location) if n is not None else None
        if site is not None:
            out.append(_bone_evidence(n, i, j) | {"site": site})
    return out


def bone_pain(
    state: RecoveryState, i: int, signals: tuple[str, ...], lookback_d: int
) -> list[Evidence]:
    """R1 elsewhere, or where the location is not known: one hit per location."""
    return [
        _bone_evidence(n, i, j)
        for n, j in _bone_pain(state, i, lookback_d)
        if n is None or high_risk_site(n.location) is None
    ]


def _answered(state: RecoveryState, by_day: Mapping[date, list[Niggle]], j: int) -> bool:
    """Whether the niggle question was answered on day ``j`` (a niggle or "nothing hurts")."""
    day = state.signals.day(j)
    return bool(by_day.get(day)) or not math.isnan(
        _value(state.signals.reported.get("niggle_pain_max"), j)
    )


def _episode_start(
    state: RecoveryState, by_day: Mapping[date, list[Niggle]], key: tuple[str, str], last: int
) -> int:
    """First day of the unbroken run of reports of ``key`` that ends on day ``last``.

    The run breaks at an answered day without this niggle ("nothing hurts", or other niggles
    only) and at a gap of more than ``NIGGLE_EPISODE_GAP_D`` days without an answer.
    """
    first = last
    for j in range(last - 1, -1, -1):
        if first - j > t.NIGGLE_EPISODE_GAP_D:
            break
        if not _answered(state, by_day, j):
            continue
        if key not in {(n.location, n.side.value) for n in by_day.get(state.signals.day(j), [])}:
            break
        first = j
    return first


def _worse_mornings(
    state: RecoveryState, by_day: Mapping[date, list[Niggle]], key: tuple[str, str], last: int
) -> int:
    """Consecutive mornings ending on ``last`` with this niggle's pain higher each morning."""
    pains = []
    for j in range(last, -1, -1):
        day = state.signals.day(j)
        match = [n.pain_0_10 for n in by_day.get(day, []) if (n.location, n.side.value) == key]
        if not match:
            break
        pains.append(match[0])
    streak = 1
    for later, earlier in itertools.pairwise(pains):
        if later <= earlier:
            break
        streak += 1
    return streak


def niggle(
    state: RecoveryState, i: int, signals: tuple[str, ...], lookback_d: int
) -> list[Evidence]:
    """R2 on the latest check-in that answered the niggle question (bone pain is R1's).

    Fires per niggle that changes the gait, hurts > 5/10, got worse on each of the last 3
    mornings, or has been reported (without a break) for more than 14 days.
    """
    by_day = _niggles_by_day(state)
    last = next((j for j in _days(i, lookback_d) if _answered(state, by_day, j)), None)
    if last is None:
        return []
    out = []
    for n in by_day.get(state.signals.day(last), []):
        if n.bone_pain:
            continue
        key = (n.location, n.side.value)
        persisted_d = last - _episode_start(state, by_day, key, last) + 1
        worse = _worse_mornings(state, by_day, key, last)
        why: Evidence = {}
        if n.changes_gait:
            why["changes_gait"] = 1.0
        if n.pain_0_10 > t.NIGGLE_PAIN_HIGH:
            why["pain_high"] = 1.0
        if worse >= t.NIGGLE_WORSE_MORNINGS:
            why["worse_mornings"] = float(worse)
        if persisted_d > t.NIGGLE_PERSIST_D:
            why["persisted_d"] = float(persisted_d)
        if why:
            where = {"location": n.location, "side": n.side.value, "pain_0_10": n.pain_0_10}
            out.append(where | why | {"days_ago": float(i - last)})
    return out


def _mass_change_kg(state: RecoveryState, j: int) -> float:
    """Post − pre-run body mass on day ``j`` or the day before (NaN when not both known)."""
    pre = state.signals.reported.get("body_mass_pre_run_kg")
    post = state.signals.reported.get("body_mass_post_run_kg")
    for k in (j, j - 1):
        change = _value(post, k) - _value(pre, k)
        if not math.isnan(change):
            return change
    return math.nan


def post_run_symptoms(
    state: RecoveryState, i: int, signals: tuple[str, ...], lookback_d: int
) -> list[Evidence]:
    """R7 / H7: symptoms after a long run with body mass up, or no weights to compare."""
    hits = reported(state, i, signals, lookback_d)
    if not hits:
        return []
    change = _mass_change_kg(state, i - int(float(hits[0]["days_ago"])))
    if math.isnan(change):
        return [hits[0] | {"mass_change": "unknown"}]
    if change > t.LONG_RUN_MASS_GAIN_KG:
        return [hits[0] | {"mass_change_kg": change}]
    return []


def post_run_symptoms_mass_loss(
    state: RecoveryState, i: int, signals: tuple[str, ...], lookback_d: int
) -> list[Evidence]:
    """R7's near miss: the same symptoms with body mass down (not the H7 pattern)."""
    hits = reported(state, i, signals, lookback_d)
    if not hits:
        return []
    change = _mass_change_kg(state, i - int(float(hits[0]["days_ago"])))
    if math.isnan(change) or change > t.LONG_RUN_MASS_GAIN_KG:
        return []
    return [hits[0] | {"mass_change_kg": change}]


def low_mood(
    state: RecoveryState, i: int, signals: tuple[str, ...], lookback_d: int
) -> list[Evidence]:
    """R10 / M6: low mood reported for ≥ 2 weeks, or mood at 6–7 on ≥ 10 of the last 14 days."""
    evidence: Evidence = {}
    hits = reported(state, i, ("low_mood_2w",), lookback_d)
    if hits:
        evidence |= hits[0]
    mood = state.signals.reported.get("mood")
    if mood is not None:
        window = mood[max(i - t.MOOD_WINDOW_D + 1, 0) : i + 1]
        low_days = int(np.count_nonzero(np.nan_to_num(window, nan=0.0) >= t.MOOD_LOW))
        if low_days >= t.MOOD_LOW_DAYS:
            evidence |= {"low_mood_days": float(low_days), "window_d": float(t.MOOD_WINDOW_D)}
            evidence.setdefault("days_ago", 0.0)
    return [evidence] if evidence else []


def _latest_lab(state: RecoveryState, name: str, i: int, lookback_d: int) -> tuple[float, int]:
    values = state.signals.reported.get(name)
    for j in _days(i, lookback_d):
        v = _value(values, j)
        if not math.isnan(v):
            return v, i - j
    return math.nan, -1


def lab_below(limit: float) -> Check:
    """R12: the latest result in the window below ``limit`` (a fixed, sex-neutral limit)."""

    def check(
        state: RecoveryState, i: int, signals: tuple[str, ...], lookback_d: int
    ) -> list[Evidence]:
        (name,) = signals
        value, ago = _latest_lab(state, name, i, lookback_d)
        if math.isnan(value) or value >= limit:
            return []
        return [{name: value, "limit": limit, "days_ago": float(ago)}]

    return check


def lab_between(low: float, high: float) -> Check:
    """R12's softer step: the latest result in ``[low, high)`` (below a target, not deficient)."""

    def check(
        state: RecoveryState, i: int, signals: tuple[str, ...], lookback_d: int
    ) -> list[Evidence]:
        (name,) = signals
        value, ago = _latest_lab(state, name, i, lookback_d)
        if math.isnan(value) or not low <= value < high:
            return []
        return [{name: value, "limit": high, "days_ago": float(ago)}]

    return check


def haemoglobin_low(
    state: RecoveryState, i: int, signals: tuple[str, ...], lookback_d: int
) -> list[Evidence]:
    """R12 / N9: haemoglobin below the sex-specific limit (the female one when sex is unset)."""
    limit = (
        t.HAEMOGLOBIN_LOW_MALE_G_DL
        if state.signals.sex is Sex.MALE
        else t.HAEMOGLOBIN_LOW_FEMALE_G_DL
    )
    return lab_below(limit)(state, i, signals, lookback_d)


__all__ = [
    "Check",
    "bone_pain",
    "bone_pain_high_risk",
    "haemoglobin_low",
    "head_cold",
    "illness",
    "lab_below",
    "lab_between",
    "low_mood",
    "niggle",
    "post_run_symptoms",
    "post_run_symptoms_mass_loss",
    "reported",
]
