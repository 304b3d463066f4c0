"""Store → per-session loads (cached) → daily series → the training-load table.

``training_table(ws, …)`` is what ``Workspace.training_table`` and ``recoverwell metrics`` call:

1. the athlete's load parameters come from the resolved profile (estimates labelled);
2. each activity's ``SessionLoad`` is read from the ``session_loads`` cache, or computed from its
   streams and stored when missing or computed with other parameters;
3. sessions are binned into the athlete's local days: rest = 0 inside the recorded span, no data
   = NaN outside it and on days whose sessions have no load;
4. more than ``segment_gap_d`` days in a row without a session (a setting, 42 by default) end a
   training segment: the gap's days have no data, and each segment is computed as a history of
   its own (its own PMC seed, warm-up and windows), so years-old files leave today alone;
5. the registered metrics run over each segment's whole history (so EWMAs and windows are warm),
   and the table is cut to the days asked for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt

from recoverwell.app.load_gaps import LoadGap, load_gap
from recoverwell.app.recovery import LoadArrays
from recoverwell.app.session_loads import (
    load_failure,
    load_params,
    params_key,
    session_loads,
)
from recoverwell.core.config import SEGMENT_GAP_D
from recoverwell.core.errors import InvalidValue
from recoverwell.core.timeutil import as_utc, day_range
from recoverwell.core.types import Sport, StoredActivity
from recoverwell.metrics import load_metric_families
from recoverwell.metrics.acwr import ACWR_REASONS, AcwrStatus, acwr_status
from recoverwell.metrics.baseline import streak_days
from recoverwell.metrics.daily import (
    covered_mask,
    daily_count,
    daily_max,
    daily_min_gap_h,
    daily_total,
    day_offsets,
    segment_bounds,
)
from recoverwell.metrics.pmc import FITNESS_WARMUP_D
from recoverwell.metrics.registry import evaluate
from recoverwell.metrics.session import (
    LoadCurrency,
    SessionLoad,
    srpe_ratio,
    with_srpe_ratio,
)
from recoverwell.metrics.volume import distance_by_surface
from recoverwell.store.engine import reading
from recoverwell.store.wellness import last_signal_day

ONE_DAY = timedelta(days=1)

if TYPE_CHECKING:
    from recoverwell.app.workspace import Workspace

#: Sessions with both an RPE and an HR/pace load needed before RPE-only sessions are converted.
MIN_RATIO_SESSIONS = 5
#: Running-volume series count these sports
#: (docs/science.md §7: cross-training is internal load only).
RUNNING_SPORTS = (Sport.RUNNING,)
#: The daily table's series, in column order (every one a registered metric or input).
DAILY_SERIES = (
    "fitness",
    "fatigue",
    "form",
    "ramp_rate",
    "acwr_ewma",
    "acwr_coupled",
    "acwr_uncoupled",
    "monotony",
    "strain",
    "rest_days_to_fresh",
    "max_load_for_form",
    "distance_7d_m",
    "distance_change_pct",
    "distance_acwr",
    "long_run_share",
    "run_spike",
    "descent_7d_m",
    "double_days_7d",
    "min_gap_7d_h",
)
#: The note a session's load carries when it could not be computed (``failed_load``).
#: The form floor for "most load today": −30, where docs/science.md §7 L6 (and intervals.icu's form
#: zones) put "high fatigue"; Runalyze's maxTrimpToBalanced is the floor-0 case.
FORM_FLOOR_AU = -30.0
#: Fitness and fatigue start at the mean daily load of the first PMC_SEED_D days of data, not
#: at 0: records begin when the athlete started using a device or recoverwell, not when they
#: started training, and a runner importing a 70-mile week was not unfit the day before. A zero
#: seed would read steady training as deep fatigue for weeks (TSB ≈ −0.37 × the daily load at
#: day 42). TrainingPeaks and GoldenCheetah let the user set these starting values for the
#: same reason; this is our default for them.
PMC_SEED_D = 28
#: docs/science.md §7 L6: fitness/fatigue need about 6 weeks of daily load before they mean much.
PMC_WARMUP_D = FITNESS_WARMUP_D


class Segment(NamedTuple):
    """A stretch of training between gaps of more than ``segment_gap_d`` days without a session:
    its first session day and the last day known to be trained or rested (its last session; for
    the latest segment, the athlete's settled day)."""

    start: date
    through: date


def training_segments(days: list[date], gap_d: int, through: date) -> tuple[Segment, ...]:
    """The training segments of these session days (any order); the latest runs to ``through``."""
    if not days:
        return ()
    first = min(days)
    starts, ends = segment_bounds(day_offsets(days, first), gap_d)
    out = [
        Segment(first + timedelta(int(a)), first + timedelta(int(b)))
        for a, b in zip(starts, ends, strict=True)
    ]
    out[-1] = Segment(out[-1].start, max(through, out[-1].through))
    return tuple(out)


def segment_on(segments: tuple[Segment, ...], day: date) -> Segment | None:
    """The segment ``day`` falls in (a gap's day: the one before it; None before the first)."""
    return next((s for s in reversed(segments) if s.start <= day), None)


@dataclass(frozen=True, slots=True)
class TrainingDay:
    """One local day of the training-load table (NaN = no data; 0 = rest)."""

    day: date
    load_au: float
    sessions: int
    unknown_sessions: int
    models: tuple[str, ...]
    distance_m: float
    values: dict[str, float]
    acwr_note: str
    session_notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TrainingTable:
    """The daily table for one athlete and the facts needed to read it."""

    athlete_id: int
    currency: LoadCurrency
    days: tuple[TrainingDay, ...]
    first_data_day: date | None
    last_data_day: date | None
    srpe_tss_per_au: float | None
    sessions_by_model: dict[str, int]
    surfaces_m: dict[str, float]
    estimated: tuple[str, ...]
    notes: tuple[str, ...]
    segments: tuple[Segment, ...] = ()  # empty: one segment from first_data_day
    load_gap: LoadGap | None = None  # shown days' sessions without load: why, what to set


def pmc_seed(daily_load_au: npt.NDArray[np.float64]) -> float:
    """Starting fitness and fatigue: the mean valid daily load of the first PMC_SEED_D days."""
    first = daily_load_au[:PMC_SEED_D]
    valid = first[~np.isnan(first)]
    return float(valid.mean()) if valid.size else 0.0


def pmc_params(seed_au: float) -> dict[str, dict[str, float]]:
    """Evaluation parameters that start every PMC series at ``seed_au``."""
    pair = {"fitness_seed_au": seed_au, "fatigue_seed_au": seed_au}
    return {
        "fitness": {"seed_au": seed_au},
        "fatigue": {"seed_au": seed_au},
        "form": pair,
        "max_load_for_form": pair | {"form_floor_au": FORM_FLOOR_AU},
    }


def _daily_inputs(
    activities: list[StoredActivity],
    loads: dict[int, SessionLoad],
    first: date,
    n_days: int,
    covered: npt.NDArray[np.bool_],
) -> dict[str, npt.NDArray[np.float64]]:
    off = day_offsets([a.local_date for a in activities], first)
    values = np.array([_value(loads[a.id].load_au) for a in activities])
    running = np.array([a.activity.sport in RUNNING_SPORTS for a in activities], dtype=bool)
    run_off = off[running]
    runs = [a for a, r in zip(activities, running, strict=True) if r]
    dist = np.array([_value(a.activity.distance_m) for a in runs])  # not recorded: unknown
    start = np.array([as_utc(a.activity.start_time).timestamp() for a in runs])
    end = start + np.array([a.activity.elapsed_s for a in runs])
    return {
        "daily_load_au": daily_total(off, values, n_days, covered),
        "sessions": daily_count(off, n_days, covered),
        "unknown_sessions": daily_count(off, n_days, covered, where=np.isnan(values)),
        "daily_distance_m": daily_total(run_off, dist, n_days, covered),
        "daily_longest_run_m": daily_max(run_off, dist, n_days, covered),
        "daily_descent_m": daily_total(
            run_off, np.array([_value(a.activity.descent_m) for a in runs]), n_days, covered
        ),
        "daily_runs": daily_count(run_off, n_days, covered),
        "daily_min_gap_h": daily_min_gap_h(run_off, start, end, n_days),
    }


def _no_data_day(day: date) -> TrainingDay:
    values = dict.fromkeys(DAILY_SERIES, math.nan)
    note = ACWR_REASONS[AcwrStatus.SHORT_HISTORY]
    return TrainingDay(day, math.nan, 0, 0, (), math.nan, values, note)


def _value(x: float | None) -> float:
    return math.nan if x is None else x


@dataclass(frozen=True, slots=True)
class LoadHistory:
    """An athlete's sessions with their loads, and the span of local days they cover."""

    athlete_id: int
    currency: LoadCurrency
    estimated: tuple[str, ...]
    params_key: str
    activities: list[StoredActivity]
    loads: dict[int, SessionLoad]
    srpe_tss_per_au: float | None
    tracked_through: date | None  # the last day known to be trained or rested
    segment_gap_d: int = SEGMENT_GAP_D
    excluded: tuple[StoredActivity, ...] = ()  # kept out of load and volume: no session

    @property
    def failed(self) -> tuple[StoredActivity, ...]:
        """The counted sessions whose load could not be computed (no load, reason noted)."""
        return tuple(a for a in self.activities if load_failure(self.loads[a.id]) is not None)

    @property
    def first_day(self) -> date | None:
        """The first recorded day (series start there: nothing was trained before it)."""
        # the earliest local day, not the earliest start: a device's own UTC offset (travel)
        # can put an earlier start on a later local day
        return min(a.local_date for a in self.activities) if self.activities else None

    def segments(self) -> tuple[Segment, ...]:
        """The training segments, oldest first (none without training)."""
        if self.tracked_through is None:
            return ()
        days = [a.local_date for a in self.activities]
        return training_segments(days, self.segment_gap_d, self.tracked_through)

    def daily_inputs(self, last: date) -> dict[str, npt.NDArray[np.float64]]:
        """The daily input series from the first recorded day through ``last``; each segment's
        days are computed from its own sessions alone, and a gap's days have no data (NaN)."""
        segments = self.segments()
        if not segments:
            raise InvalidValue("athlete", str(self.athlete_id), "has no training")
        ends = [*(s.start - ONE_DAY for s in segments[1:]), last]
        parts = []
        for segment, end in zip(segments, ends, strict=True):
            inside = [a for a in self.activities if segment.start <= a.local_date <= end]
            n_days = (end - segment.start).days + 1
            covered = covered_mask(n_days, 0, (segment.through - segment.start).days)
            parts.append(_daily_inputs(inside, self.loads, segment.start, n_days, covered))
        return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


def daily_loads(
    activities: list[StoredActivity], loads: dict[int, SessionLoad], first: date, last: date
) -> npt.NDArray[np.float64]:
    """The daily load from ``first`` through ``last``, all of them known days (trained or
    rested): the sessions' loads summed per local day, NaN for a day whose sessions have none."""
    n_days = (last - first).days + 1
    inside = [a for a in activities if first <= a.local_date <= last]
    covered = covered_mask(n_days, 0, n_days - 1)
    return _daily_inputs(inside, loads, first, n_days, covered)["daily_load_au"]


def settled_day(last_activity_day: date, last_signal_day: date | None) -> date:
    """The last day known to be trained or rested: after the last session, a day the athlete
    has lived through while tracking (a recovery reading the morning after it) is a rest day
    (0); later days have no data (NaN)."""
    if last_signal_day is None:
        return last_activity_day
    return max(last_activity_day, last_signal_day - ONE_DAY)


def load_history(
    ws: Workspace, athlete_id: int | None = None, currency: LoadCurrency = LoadCurrency.TSS
) -> LoadHistory:
    """The athlete's sessions and loads (computed where the cache has none) and tracked span."""
    profile = ws.athlete(athlete_id)
    if profile.id is None:  # pragma: no cover - stored profiles always have an id
        raise InvalidValue("athlete", profile.name, "not stored")
    resolved = ws.resolved_profile(profile.id)
    params = load_params(resolved, currency)
    stored = ws.activities(athlete_id=profile.id)
    # an excluded session (implausible totals, or the athlete's choice) counts as no session
    activities = [a for a in stored if a.activity.excluded is None]
    raw = session_loads(ws, profile.id, activities, params)
    ratio = srpe_ratio(list(raw.values()), min_sessions=MIN_RATIO_SESSIONS)
    loads = {i: with_srpe_ratio(x, ratio, currency) for i, x in raw.items()}
    tracked_through = None
    if activities:
        with reading(ws.engine) as conn:
            signal_day = last_signal_day(conn, profile.id)
        tracked_through = settled_day(max(a.local_date for a in activities), signal_day)
    return LoadHistory(
        profile.id,
        currency,
        resolved.estimated,
        params_key(params),
        activities,
        loads,
        ratio,
        tracked_through,
        ws.settings.segment_gap_d,
        tuple(a for a in stored if a.activity.excluded is not None),
    )


def _segment_series(
    base: dict[str, npt.NDArray[np.float64]], starts: list[int]
) -> tuple[dict[str, npt.NDArray[np.float64]], npt.NDArray[np.int8], list[float]]:
    """DAILY_SERIES, the ACWR status and the PMC seed of each segment (day offsets ``starts``),
    every segment evaluated on its own days only, as if nothing came before it."""
    n = len(base["daily_load_au"])
    series = {name: np.full(n, np.nan) for name in DAILY_SERIES}
    status = np.zeros(n, dtype=np.int8)
    seeds = []
    load_metric_families()
    for lo, hi in zip(starts, [*starts[1:], n], strict=True):
        part = {name: x[lo:hi] for name, x in base.items()}
        seeds.append(pmc_seed(part["daily_load_au"]))
        out = evaluate(DAILY_SERIES, part, pmc_params(seeds[-1]))
        for name in DAILY_SERIES:
            series[name][lo:hi] = out[name]
        status[lo:hi] = acwr_status(part["daily_load_au"], out["acwr_ewma"])
    return series, status, seeds


def _warmup_notes(
    segments: tuple[Segment, ...], seeds: list[float], shown: list[date], gap_d: int
) -> list[str]:
    """One note per segment whose first PMC_WARMUP_D days (or the gap before it) are shown."""
    notes = []
    for k, (segment, seed) in enumerate(zip(segments, seeds, strict=True)):
        since = segments[k - 1].through + ONE_DAY if k else segment.start
        if not shown or shown[0] >= segment.start + timedelta(PMC_WARMUP_D) or shown[-1] < since:
            continue
        start = (
            f"after {(segment.start - since).days} days without a session (more than "
            f"segment_gap_d, {gap_d}), training starts again on {segment.start.isoformat()}: "
            "fitness and fatigue start"
            if k
            else f"fitness and fatigue start on {segment.start.isoformat()}"
        )
        notes.append(
            f"{start} at {seed:.0f} au/day, the mean of {'its' if k else 'the'} first "
            f"{PMC_SEED_D} days: they need about {PMC_WARMUP_D} days of data before they mean "
            "much (docs/science.md §7 L6)"
        )
    return notes


def left_out_note(history: LoadHistory) -> str | None:
    """How many sessions are kept out of the numbers, and where the athlete sees which."""
    excluded, failed = len(history.excluded), len(history.failed)
    if not excluded and not failed:
        return None
    parts = [f"{excluded} excluded (counted as no session)"] if excluded else []
    if failed:
        parts.append(f"{failed} whose load could not be computed (counted without load)")
    listed = "; see `recoverwell activities --problems`"
    return "sessions left out of the load: " + ", ".join(parts) + listed


def training_table(
    ws: Workspace,
    start: date | None = None,
    end: date | None = None,
    athlete_id: int | None = None,
    currency: LoadCurrency = LoadCurrency.TSS,
) -> TrainingTable:
    """The daily training-load table between two local days (default: all recorded days)."""
    history = load_history(ws, athlete_id, currency)
    activities, loads, ratio = history.activities, history.loads, history.srpe_tss_per_au
    first_data, tracked_through = history.first_day, history.tracked_through
    notes: list[str] = []
    left_out = left_out_note(history)
    if left_out is not None:
        notes.append(left_out)
    if first_data is None or tracked_through is None:
        return TrainingTable(
            history.athlete_id, currency, (), None, None, ratio, {}, {}, history.estimated,
            tuple(notes),
        )  # fmt: skip
    last_data = max(a.local_date for a in activities)
    if start and end and start > end:
        raise InvalidValue("--from", start.isoformat(), f"is after --to {end.isoformat()}")
    last = max(end, tracked_through) if end else tracked_through
    base = history.daily_inputs(last)
    segments = history.segments()
    series, status, seeds = _segment_series(base, [(s.start - first_data).days for s in segments])
    # days in a row without a session, over the whole history, gaps between segments included
    # (docs/science.md L7); a day without recorded training (after the last import) counts as one
    rest_streak = streak_days(np.where(base["sessions"] > 0, 0.0, 1.0))
    shown = day_range(start or first_data, end or tracked_through)
    notes += _warmup_notes(segments, seeds, shown, history.segment_gap_d)
    by_day: dict[date, list[str]] = {}
    notes_by_day: dict[date, dict[str, None]] = {}
    for a in activities:
        by_day.setdefault(a.local_date, []).append(loads[a.id].model.value)
        notes_by_day.setdefault(a.local_date, {}).update(dict.fromkeys(loads[a.id].notes))
    rows = []
    for day in shown:
        i = (day - first_data).days
        if i < 0:
            rows.append(_no_data_day(day))
            continue
        rows.append(
            TrainingDay(
                day=day,
                load_au=float(base["daily_load_au"][i]),
                sessions=int(np.nan_to_num(base["sessions"][i])),
                unknown_sessions=int(np.nan_to_num(base["unknown_sessions"][i])),
                models=tuple(by_day.get(day, ())),
                distance_m=float(base["daily_distance_m"][i]),
                values={name: float(series[name][i]) for name in DAILY_SERIES}
                | {
                    "longest_run_m": float(base["daily_longest_run_m"][i]),
                    "rest_streak_d": float(rest_streak[i]),
                },
                acwr_note=ACWR_REASONS[AcwrStatus(int(status[i]))],
                session_notes=tuple(notes_by_day.get(day, {})),
            )
        )
    counts: dict[str, int] = {}
    for x in loads.values():
        counts[x.model.value] = counts.get(x.model.value, 0) + 1
    runs = [a.activity for a in activities if a.activity.sport in RUNNING_SPORTS]
    surfaces = distance_by_surface([r.sub_sport for r in runs], [r.distance_m for r in runs])
    return TrainingTable(
        athlete_id=history.athlete_id,
        currency=currency,
        days=tuple(rows),
        first_data_day=first_data,
        last_data_day=last_data,
        srpe_tss_per_au=ratio,
        sessions_by_model=counts,
        surfaces_m=surfaces,
        estimated=history.estimated,
        notes=tuple(notes),
        segments=segments,
        load_gap=load_gap(ws, history, shown[0], shown[-1]) if shown else None,
    )


__all__ = [
    "DAILY_SERIES",
    "TrainingDay",
    "TrainingTable",
    "training_table",
]


#: The ACWR variant the readiness verdict reads (Williams' EWMA, docs/science.md §7 L2).
READINESS_ACWR = "acwr_ewma"
#: Running-volume series the verdict's L3/L4 rules read (``advice/volume_rules.py``): its key,
#: the table's column.
READINESS_VOLUME = {
    "run_spike": "run_spike",
    "longest_run_m": "longest_run_m",
    "distance_7d_m": "distance_7d_m",
    "distance_acwr": "distance_acwr",
}


def load_arrays(table: TrainingTable, start: date, end: date) -> LoadArrays | None:
    """ACWR, form, running volume and rest streaks after each day, on ``start``…``end``.

    Form after day d is fitness(d) − fatigue(d) (the table's ``form`` column is the value going
    into the day). Days without load data are NaN, and so is form before ``PMC_WARMUP_D`` days of
    data in the day's training segment: until then it rests mostly on the starting values
    (PMC_SEED_D). The days of data are counted from the segment's first day; a gap between
    segments has none. None when the athlete has no training at all.
    """
    if not table.days or table.first_data_day is None:
        return None
    by_day = {d.day: d.values for d in table.days}
    n = (end - start).days + 1
    acwr = np.full(n, np.nan)
    form = np.full(n, np.nan)
    history = np.full(n, np.nan)
    volume = {key: np.full(n, np.nan) for key in READINESS_VOLUME}
    last = table.last_data_day or table.first_data_day
    segments = table.segments or (Segment(table.first_data_day, last),)
    streak = np.full(n, np.nan)  # days in a row without a session (docs/science.md L7)
    for i in range(n):
        day = start + timedelta(days=i)
        values = by_day.get(day)
        segment = segment_on(segments, day)
        if segment is not None and day <= segment.through:
            history[i] = (day - segment.start).days + 1
        if values is not None:
            acwr[i] = values.get(READINESS_ACWR, np.nan)
            streak[i] = values.get("rest_streak_d", np.nan)
            for key, column in READINESS_VOLUME.items():
                volume[key][i] = values.get(column, np.nan)
            if segment is not None and day >= segment.start + timedelta(PMC_WARMUP_D - 1):
                form[i] = values.get("fitness", np.nan) - values.get("fatigue", np.nan)
    return LoadArrays(
        start,
        acwr,
        form,
        source=f"load engine ({READINESS_ACWR}, fitness − fatigue)",
        history_d=history,
        volume=volume,
        rest_streak_d=streak,
    )
