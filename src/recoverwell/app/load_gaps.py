"""Why sessions have no load, and what the athlete can set to give them one.

A session without a load shows "–" in the daily table and leaves the verdict's load factor out.
``load_gap(scope, history, start, end)`` says, for the counted sessions between two days, why each
model was refused, in the words of the session-load notes (``metrics/session.py``): no heart
rate, too little of it, HRmax/HRrest/LTHR unknown, threshold pace unknown, no RPE, no TSS/sRPE
ratio yet. It then names the one profile value (or the RPE) that would give the most of them a
load, with an example the runner can paste: the value the runs suggest so far when there is one
(``app/estimates.py``), else the form the option takes.

The reasons are read from each session's model values and the parameters it was computed with,
not parsed from the note texts, so a reworded note cannot change them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from recoverwell.app.estimates import profile_estimates
from recoverwell.app.session_loads import load_failure
from recoverwell.core.athlete import ResolvedProfile
from recoverwell.core.timeutil import parse_timezone, today_in
from recoverwell.core.units import UnitSystem, format_pace, pace_in
from recoverwell.metrics.session import (
    MAX_TRIMP_AU,
    MAX_TRIMP_PER_H,
    MIN_HR_COVERAGE,
    LoadCurrency,
    SessionLoad,
)

if TYPE_CHECKING:
    from recoverwell.app.load_history import LoadHistory
    from recoverwell.app.scope import AthleteScope

#: What each fix is, for the message: the option, what it means, and its example's form.
FIX_THRESHOLD = "threshold pace"
FIX_HR = "heart-rate anchors"
FIX_LTHR = "LTHR"
FIX_RPE = "RPE"


@dataclass(frozen=True, slots=True)
class LoadGap:
    """Sessions without load between two days: why, and the one change that helps most."""

    sessions: int
    first_day: date
    last_day: date
    reasons: tuple[tuple[str, int], ...]  # (reason, sessions), most common first
    fix: str | None  # FIX_* (None: nothing the athlete can set would help)
    fix_args: tuple[str, ...]  # the command's words after the program name
    fix_sessions: int
    fix_why: str = ""

    def text(self, command: str | None = None) -> str:
        """One line for people; ``command`` is the fix as the interface prints it."""
        span = f"{self.first_day.isoformat()}…{self.last_day.isoformat()}"
        noun = "session has" if self.sessions == 1 else "sessions have"
        why = "; ".join(f"{n} {reason}" for reason, n in self.reasons)
        line = f"{self.sessions} {noun} no load ({span}): {why}"
        if self.fix is None:
            return line
        run = command or " ".join(("recoverwell", *self.fix_args))
        helps = "it" if self.fix_sessions == self.sessions else f"{self.fix_sessions} of them"
        return f"{line} — to give {helps} a load, set the {self.fix}: {run}" + (
            f" ({self.fix_why})" if self.fix_why else ""
        )


def _hr_reason(load: SessionLoad, resolved: ResolvedProfile) -> tuple[str, str | None]:
    """Why the HR model gave no load, and the fix that would (None: none the profile holds)."""
    if load.hr_coverage is None:
        return "no heart rate", None
    if load.hr_coverage < MIN_HR_COVERAGE:
        return f"heart rate on under {MIN_HR_COVERAGE:.0%} of the time", None
    if resolved.hr_max_bpm.value is None or resolved.hr_rest_bpm.value is None:
        return "HRmax or HRrest unknown", FIX_HR
    trimp, per_h = load.trimp_au or 0.0, load.trimp_per_h or 0.0
    if trimp > MAX_TRIMP_AU or per_h > MAX_TRIMP_PER_H:
        return "heart rate looks wrong (TRIMP over Runalyze's limits)", None
    if resolved.lthr_bpm.value is None:
        return "LTHR unknown", FIX_LTHR
    return "heart rate refused", None


def _pace_reason(load: SessionLoad, resolved: ResolvedProfile) -> tuple[str, str | None]:
    if load.ngp_speed_m_s is None:
        return "no pace", None
    if resolved.threshold_pace_s_per_km.value is None:
        return "threshold pace unknown", FIX_THRESHOLD
    return "pace refused", None


def _reason(
    load: SessionLoad, resolved: ResolvedProfile, currency: LoadCurrency, ratio: float | None
) -> tuple[str, set[str]]:
    rpe = "no RPE" if load.srpe_au is None else "no TSS/sRPE ratio yet"
    if currency is LoadCurrency.SRPE:
        return "no RPE", {FIX_RPE}
    hr, hr_fix = _hr_reason(load, resolved)
    pace, pace_fix = _pace_reason(load, resolved)
    fixes = {f for f in (hr_fix, pace_fix) if f is not None}
    if load.srpe_au is None:
        fixes.add(FIX_RPE)
    elif ratio is None:
        rpe = "an RPE but no TSS/sRPE ratio yet (5 sessions with RPE and HR or pace needed)"
    return f"{hr}, {pace}, {rpe}", fixes


def _pace_example(value: float | None, units: UnitSystem) -> str:
    if value is None:
        return f"M:SS/{units.value}"
    return format_pace(pace_in(1000.0 / value, units), units)


def _fix(fix: str, scope: AthleteScope, resolved: ResolvedProfile) -> tuple[tuple[str, ...], str]:
    """The command words and the why of one fix (examples from the runs as of today)."""
    units, today = resolved.profile.units, today_in(parse_timezone(resolved.profile.timezone))
    if fix == FIX_RPE:
        return ("checkin", "--rpe", "ACTIVITY_ID=6"), "session RPE 0–10, Foster's CR-10"
    found = profile_estimates(scope, today)
    if fix == FIX_THRESHOLD:
        c = found.threshold_pace_s_per_km
        why = f"about your one-hour race pace; from your runs: {c.method}"
        return ("athlete", "set", "--threshold-pace", _pace_example(c.value, units)), why
    if fix == FIX_LTHR:
        c = found.lthr_bpm
        example = f"{c.value:.0f}" if c.value is not None else "BPM"
        return ("athlete", "set", "--lthr", example), f"from your runs: {c.method}"
    args: list[str] = ["athlete", "set"]
    words: list[str] = []
    if resolved.hr_max_bpm.value is None:
        args += ["--birth-year", "YYYY"]
        c = found.hr_max_bpm
        seen = f" (your runs reach {c.value:g} bpm)" if c.value is not None else ""
        words.append(f"HRmax then comes from age, raised by your runs{seen}; or --hr-max BPM")
    if resolved.hr_rest_bpm.value is None:
        args += ["--hr-rest", "BPM"]
        words.append("HRrest is your resting HR on waking")
    return tuple(args), "; ".join(words)


def load_gap(
    scope: AthleteScope,
    history: LoadHistory,
    start: date | None = None,
    end: date | None = None,
    resolved: ResolvedProfile | None = None,
) -> LoadGap | None:
    """Why the counted sessions between ``start`` and ``end`` (default: all) have no load."""
    missing = [
        a
        for a in history.activities
        if history.loads[a.id].load_au is None
        and load_failure(history.loads[a.id]) is None  # counted apart (left_out_note)
        and (start is None or a.local_date >= start)
        and (end is None or a.local_date <= end)
    ]
    if not missing:
        return None
    resolved = resolved or scope.resolved_profile()
    reasons: Counter[str] = Counter()
    helps: Counter[str] = Counter()
    for a in missing:
        reason, fixes = _reason(
            history.loads[a.id], resolved, history.currency, history.srpe_tss_per_au
        )
        reasons[reason] += 1
        helps.update(fixes)
    order = (FIX_THRESHOLD, FIX_HR, FIX_LTHR, FIX_RPE)  # a profile value before a per-run RPE
    best = max(order, key=lambda f: (helps[f], -order.index(f))) if helps else None
    days = [a.local_date for a in missing]
    args: tuple[str, ...] = ()
    why = ""
    if best is not None:
        args, why = _fix(best, scope, resolved)
    return LoadGap(
        sessions=len(missing),
        first_day=min(days),
        last_day=max(days),
        reasons=tuple(reasons.most_common()),
        fix=best,
        fix_args=args,
        fix_sessions=helps[best] if best is not None else 0,
        fix_why=why,
    )
