"""The profile's estimates from the runner's own runs: HRmax, LTHR and threshold pace.

``resolved_profile(scope, today)`` is what ``AthleteScope.resolved_profile`` returns: the
profile with every value the athlete did not set filled, where it can be, and labelled:

Training rarely holds an all-out effort, so what the runs show is a *floor* under the truth
(``metrics/estimates.py``). Where a population estimate exists, a floor replaces it only when it
is above it, so data only ever *raises* it; where none exists, the floor is used, labelled.

Each is the best value that ``RUNS_AGREEING`` (2) runs reach, so one run's fault never sets it.

- **HRmax**: the highest heart rate held for 10 s in runs of the last ``HR_MAX_WINDOW_D`` days
  (``metrics.estimates.held_max``), when above what age predicts (Tanaka). This is Garmin's
  convention: the default maximum is age-predicted, and auto-detection records a new maximum
  only when an activity exceeds it (fēnix 5 Owner's Manual, "Setting Your Heart Rate Zones").
  Without an age no HRmax is made from a floor: 137 bpm from easy runs would read every easy
  run as near-maximal; the athlete is told the runs' maximum and asked for a birth year or an
  HRmax. A year of runs: HRmax falls ~0.7 bpm a year (Tanaka 2001), so a year-old peak holds.
- **LTHR**: the best field-test reading of the runs of the last ``THRESHOLD_WINDOW_D`` days,
  max(0.95 × best 20-min HR, best 60-min HR) (Friel; 80/20 Endurance), when above Karvonen's
  85 % HRR or when that cannot be made; always between HRrest and HRmax.
- **Threshold pace**: Daniels' T pace (88 % of VDOT) from the run whose best 10–60 min effort
  implies the highest VDOT in the last ``THRESHOLD_WINDOW_D`` days; there is no population
  estimate, so without one it stays unknown. From easy running alone it reads slow.

Each needs ``MIN_RUNS`` runs with such an effort in its window; with fewer, the value stays at
its fallback and says how many runs there are. A value the athlete set is always kept.

The per-run efforts are cached (``store/bests.py``), one row per activity, computed once from its
streams and recomputed when ``BESTS_RULES`` change. An estimate that changes (a new best, an old
one leaving the window) changes the session-load parameters, so the session-load cache and the
nightly state recompute, as after a profile change.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from recoverwell.core.athlete import (
    PROFILE_RANGES,
    AthleteProfile,
    ProfileValue,
    ResolvedProfile,
    age_predicted_hr_max_bpm,
    resolve_profile,
)
from recoverwell.core.types import Sport, StoredActivity
from recoverwell.core.units import format_pace, pace_in
from recoverwell.metrics.estimates import (
    ALTITUDE_SMOOTH_S,
    DANIELS_T_FRACTION,
    HR_EFFORT_S,
    HR_MAX_HOLD_S,
    LTHR_FRACTION_OF_20MIN_HR,
    MIN_WINDOW_COVERAGE,
    SPEED_EFFORT_S,
    SessionBests,
    best_session,
    best_vdot,
    daniels_t_speed_m_s,
    lthr_candidate_bpm,
    session_bests,
)
from recoverwell.metrics.session import PAUSE_GAP_S
from recoverwell.store.bests import BEST_COLUMNS, list_session_bests, replace_session_bests

if TYPE_CHECKING:
    from recoverwell.app.scope import AthleteScope

#: HRmax is read from a year of runs (it falls ~0.7 bpm a year: Tanaka 2001).
HR_MAX_WINDOW_D = 365
#: LTHR and threshold pace follow fitness: read from about one training block (12–13 weeks), the
#: span of a marathon build. Our choice.
THRESHOLD_WINDOW_D = 90
#: Runs with a qualifying effort needed before an estimate replaces its fallback: one odd run
#: (a strap fault, a mislabelled ride) never sets a threshold alone. Our choice.
MIN_RUNS = 5
#: An estimate is the best value this many runs reach (the second best run's), so one run's
#: fault (the corpus has a TomTom run whose optical HR sits at 220 bpm for minutes) never sets
#: it. Our choice.
RUNS_AGREEING = 2
#: Sports whose sessions estimates are read from: the thresholds are running thresholds.
ESTIMATE_SPORTS = (Sport.RUNNING,)
#: Everything the cached efforts depend on: a change recomputes them.
BESTS_RULES = (
    f"bests-v2;hold={HR_MAX_HOLD_S:g};hr={','.join(f'{d:g}' for d in HR_EFFORT_S)};"
    f"gap={','.join(f'{d:g}' for d in SPEED_EFFORT_S)};grade=net,{ALTITUDE_SMOOTH_S:g};"
    f"cov={MIN_WINDOW_COVERAGE:g};pause={PAUSE_GAP_S:g}"
)
#: The profile values estimated from data, in the order they are resolved.
ESTIMATED_FIELDS = ("hr_max_bpm", "lthr_bpm", "threshold_pace_s_per_km")


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the runs say about one profile value: the value (None: no effort at all), how it
    was found or why it is not used, and how many runs have a qualifying effort."""

    field: str
    value: float | None
    method: str
    runs: int
    usable: bool = False  # enough runs, in range, and not below the fallback it would replace


@dataclass(frozen=True, slots=True)
class ProfileEstimates:
    """The data-driven candidates for HRmax, LTHR and threshold pace as of ``today``."""

    today: date
    hr_max_bpm: Candidate
    lthr_bpm: Candidate
    threshold_pace_s_per_km: Candidate

    def candidate(self, field: str) -> Candidate:
        """The candidate for one of ESTIMATED_FIELDS."""
        value: Candidate = getattr(self, field)
        return value


def _bests_row(bests: SessionBests) -> dict[str, object]:
    values = (bests.hr_held_max_bpm, *bests.hr_mean_max_bpm, *bests.gap_mean_max_m_s)
    row: dict[str, object] = {
        c: (v if math.isfinite(v) else None) for c, v in zip(BEST_COLUMNS, values, strict=True)
    }
    return row | {"rules": BESTS_RULES, "grade_adjusted": bests.grade_adjusted}


def _bests_of(row: dict[str, object]) -> SessionBests:
    def value(column: str) -> float:
        x = row[column]
        return float(x) if isinstance(x, int | float) else math.nan

    n_hr = 1 + len(HR_EFFORT_S)
    values = [value(c) for c in BEST_COLUMNS]
    return SessionBests(
        values[0], tuple(values[1:n_hr]), tuple(values[n_hr:]), bool(row["grade_adjusted"])
    )


def cached_bests(scope: AthleteScope, activities: list[StoredActivity]) -> dict[int, SessionBests]:
    """Each activity's best efforts from the cache, computing (and storing) the missing ones."""
    athlete_id = scope.athlete_id
    with scope.read() as conn:
        cached = list_session_bests(conn, athlete_id)
    out = {i: _bests_of(r) for i, r in cached.items() if r["rules"] == BESTS_RULES}
    fresh = {}
    for stored in activities:
        if stored.id in out:
            continue
        streams = scope.activity(stored.id).activity.streams
        if streams is None:
            nan = math.nan
            fresh[stored.id] = SessionBests(
                nan, (nan,) * len(HR_EFFORT_S), (nan,) * len(SPEED_EFFORT_S), False
            )
        else:
            fresh[stored.id] = session_bests(streams)
    if fresh:
        with scope.cache_write() as conn:
            replace_session_bests(conn, athlete_id, [(i, _bests_row(b)) for i, b in fresh.items()])
    return out | fresh


def _runs(scope: AthleteScope, today: date) -> list[StoredActivity]:
    """The athlete's runs of the longest window, through ``today``, that count as sessions."""
    start = today - timedelta(days=HR_MAX_WINDOW_D - 1)
    return [
        a
        for a in scope.activities(start, today)
        if a.activity.sport in ESTIMATE_SPORTS
        # an excluded session (Activity.excluded, issue 12) is no session: not read here either
        and getattr(a.activity, "excluded", None) is None
    ]


#: Which run an estimate comes from, in words.
RANK = ("best", "second-best", "third-best")[RUNS_AGREEING - 1]


def _span(today: date, window_d: int, runs: int) -> str:
    first = today - timedelta(days=window_d - 1)
    return f"{runs} runs, {first.isoformat()}…{today.isoformat()}"


def _in_range(field: str, value: float) -> bool:
    low, high, _ = PROFILE_RANGES[field]
    return low <= value <= high


def _too_few(field: str, value: float | None, runs: int, what: str, window: str) -> Candidate:
    have = f"{runs} run{'' if runs == 1 else 's'}" if runs else "no run"
    return Candidate(field, value, f"{have} with {what} in the {window} ({MIN_RUNS} needed)", runs)


def _hr_max(
    runs: list[StoredActivity], bests: list[SessionBests], today: date, age_y: int | None
) -> Candidate:
    field, window = "hr_max_bpm", f"{HR_MAX_WINDOW_D} days to {today.isoformat()}"
    pick = best_session([b.hr_held_max_bpm for b in bests], runs_agreeing=RUNS_AGREEING)
    value = float(round(pick.value)) if math.isfinite(pick.value) else None
    if value is None or pick.qualifying < MIN_RUNS:
        return _too_few(field, value, pick.qualifying, "heart rate", window)
    day = runs[pick.session].local_date.isoformat()
    method = (
        f"HR held {HR_MAX_HOLD_S:g} s: {value:g} bpm in the {RANK} run, on {day} "
        f"({_span(today, HR_MAX_WINDOW_D, pick.qualifying)})"
    )
    if age_y is None:  # a floor, with nothing it could raise
        return Candidate(field, value, method + ": a floor, not a maximum, without an age",
                         pick.qualifying)  # fmt: skip
    predicted = age_predicted_hr_max_bpm(age_y)
    if value <= predicted:
        below = f", not above Tanaka's {predicted:g}"
        return Candidate(field, value, method + below, pick.qualifying)
    if not _in_range(field, value):
        return Candidate(field, value, method + ": outside the plausible range", pick.qualifying)
    above = f", above Tanaka's {predicted:g} for age {age_y}"
    return Candidate(field, value, method + above, pick.qualifying, usable=True)


def _lthr(
    runs: list[StoredActivity], bests: list[SessionBests], today: date, fallback: ResolvedProfile
) -> Candidate:
    """The LTHR the runs support; it replaces Karvonen's estimate only when above it (a floor,
    like HRmax's), and always stays between HRrest and HRmax."""
    field, window = "lthr_bpm", f"{THRESHOLD_WINDOW_D} days to {today.isoformat()}"
    recent = _recent(runs, today, THRESHOLD_WINDOW_D)
    h20 = np.array([bests[i].hr_mean_max_bpm[0] for i in recent])
    h60 = np.array([bests[i].hr_mean_max_bpm[1] for i in recent])
    candidates = lthr_candidate_bpm(h20, h60) if recent else np.empty(0)
    pick = best_session(candidates, runs_agreeing=RUNS_AGREEING)
    value = float(round(pick.value)) if math.isfinite(pick.value) else None
    if value is None or pick.qualifying < MIN_RUNS:
        return _too_few(field, value, pick.qualifying, "20 min of heart rate", window)
    k = recent[pick.session]
    day = runs[k].local_date.isoformat()
    span = _span(today, THRESHOLD_WINDOW_D, pick.qualifying)
    if LTHR_FRACTION_OF_20MIN_HR * h20[pick.session] >= np.nan_to_num(h60[pick.session]):
        method = (
            f"20-min HR {h20[pick.session]:.0f} × {LTHR_FRACTION_OF_20MIN_HR:g} in the {RANK} "
            f"run, on {day} (Friel's field test; {span})"
        )
    else:
        method = (
            f"60-min HR {h60[pick.session]:.0f} in the {RANK} run, on {day} "
            f"(Friel's field test; {span})"
        )
    hr_max, hr_rest = fallback.hr_max_bpm.value, fallback.hr_rest_bpm.value
    karvonen = fallback.lthr_bpm.value if fallback.lthr_bpm.origin == "estimated" else None
    why = None
    if not _in_range(field, value):
        why = "outside the plausible range"
    elif hr_max is not None and value >= hr_max:
        why = f"not below HRmax {hr_max:g}"
    elif hr_rest is not None and value <= hr_rest:
        why = f"not above HRrest {hr_rest:g}"
    elif karvonen is not None and value <= karvonen:
        why = f"not above Karvonen's {karvonen:g}"
    if why is not None:
        return Candidate(field, value, f"{method}: {why}", pick.qualifying)
    return Candidate(field, value, method, pick.qualifying, usable=True)


def _recent(runs: list[StoredActivity], today: date, window_d: int) -> list[int]:
    first = today - timedelta(days=window_d - 1)
    return [i for i, a in enumerate(runs) if a.local_date >= first]


def _threshold_pace(
    runs: list[StoredActivity], bests: list[SessionBests], today: date, profile: AthleteProfile
) -> Candidate:
    field = "threshold_pace_s_per_km"
    window = f"{THRESHOLD_WINDOW_D} days to {today.isoformat()}"
    recent = _recent(runs, today, THRESHOLD_WINDOW_D)
    speeds = np.array([bests[i].gap_mean_max_m_s for i in recent]).reshape(-1, len(SPEED_EFFORT_S))
    per_run, column = best_vdot(speeds, SPEED_EFFORT_S)
    pick = best_session(per_run, runs_agreeing=RUNS_AGREEING)
    if not math.isfinite(pick.value):
        return _too_few(field, None, pick.qualifying, "10 min of pace", window)
    threshold = float(daniels_t_speed_m_s(np.array(pick.value)))
    value = float(round(1000.0 / threshold))
    if pick.qualifying < MIN_RUNS:
        return _too_few(field, value, pick.qualifying, "10 min of pace", window)
    k, col = recent[pick.session], int(column[pick.session])
    effort = bests[k]
    pace = format_pace(pace_in(effort.gap_mean_max_m_s[col], profile.units), profile.units)
    graded = "grade-adjusted" if effort.grade_adjusted else "not grade-adjusted"
    method = (
        f"Daniels T pace, {DANIELS_T_FRACTION:.0%} of VDOT {pick.value:.1f} from "
        f"{SPEED_EFFORT_S[col] / 60:g} min at {pace} ({graded}) in the {RANK} run, on "
        f"{runs[k].local_date.isoformat()} ({_span(today, THRESHOLD_WINDOW_D, pick.qualifying)})"
    )
    if not _in_range(field, value):
        return Candidate(field, value, method + ": outside the plausible range", pick.qualifying)
    return Candidate(field, value, method, pick.qualifying, usable=True)


def profile_estimates(scope: AthleteScope, today: date) -> ProfileEstimates:
    """What the athlete's runs say about HRmax, LTHR and threshold pace as of ``today``."""
    profile = scope.profile
    runs = _runs(scope, today)
    found = cached_bests(scope, runs)
    bests = [found[a.id] for a in runs]
    age = resolve_profile(profile, today).age_y
    hr_max = _hr_max(runs, bests, today, age)
    raised = {"hr_max_bpm": _value(hr_max)} if hr_max.usable else {}
    fallback = resolve_profile(profile, today, raised)  # Karvonen from the HRmax it will use
    return ProfileEstimates(
        today,
        hr_max,
        _lthr(runs, bests, today, fallback),
        _threshold_pace(runs, bests, today, profile),
    )


def _value(c: Candidate) -> ProfileValue:
    return ProfileValue(c.value, "estimated", c.method)


def resolved_profile(scope: AthleteScope, today: date) -> ResolvedProfile:
    """The profile with estimates: the runner's own data first, then age and Karvonen; a value
    the athlete set is always kept. Data is read only when a value is unset (the scope's
    ``Resolver``: ``scope.resolved_profile(day)`` calls it once per day)."""
    profile = scope.profile
    if all(getattr(profile, f) is not None for f in ESTIMATED_FIELDS):
        return resolve_profile(profile, today)
    found = profile_estimates(scope, today)
    candidates = [found.candidate(f) for f in ESTIMATED_FIELDS if getattr(profile, f) is None]
    estimates = {c.field: _value(c) for c in candidates if c.usable and c.value is not None}
    resolved = resolve_profile(profile, today, estimates)
    notes: dict[str, Any] = {}
    for c in candidates:
        current: ProfileValue = getattr(resolved, c.field)
        if c.field in estimates or current.origin == "set":
            continue
        said = f"from your runs: {c.method}"  # why the data gave no estimate
        method = f"{current.method}; {said}" if current.method else said
        notes[c.field] = dataclasses.replace(current, method=method)
    return dataclasses.replace(resolved, **notes)
