"""Store → per-session loads (cached) → daily series → the training-load table.

``training_table(scope, …)`` is what ``Workspace.training_table`` and ``recoverwell metrics`` call:

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
from typing import TYPE_CHECKING

import numpy as np

from recoverwell.app.load_gaps import LoadGap, load_gap
from recoverwell.app.load_history import (
    ONE_DAY,
    RUNNING_SPORTS,
    LoadHistory,
    Segment,
    load_history,
    segment_on,
)
from recoverwell.app.recovery import LoadArrays
from recoverwell.core.errors import InvalidValue
from recoverwell.core.timeutil import day_range
from recoverwell.metrics import load_metric_families
from recoverwell.metrics.acwr import ACWR_REASONS, AcwrStatus, acwr_status
from recoverwell.metrics.baseline import streak_days
from recoverwell.metrics.pmc import FITNESS_WARMUP_D, PMC_SEED_D, pmc_params, pmc_seed
from recoverwell.metrics.registry import evaluate
from recoverwell.metrics.session import LoadCurrency
from recoverwell.metrics.volume import distance_by_surface

if TYPE_CHECKING:
    import numpy.typing as npt

    from recoverwell.app.scope import AthleteScope

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
#: docs/science.md §7 L6: fitness/fatigue need about 6 weeks of daily load before they mean much.
PMC_WARMUP_D = FITNESS_WARMUP_D


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


def _no_data_day(day: date) -> TrainingDay:
    values = dict.fromkeys(DAILY_SERIES, math.nan)
    note = ACWR_REASONS[AcwrStatus.SHORT_HISTORY]
    return TrainingDay(day, math.nan, 0, 0, (), math.nan, values, note)


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
    scope: AthleteScope,
    start: date | None = None,
    end: date | None = None,
    currency: LoadCurrency = LoadCurrency.TSS,
    history: LoadHistory | None = None,
) -> TrainingTable:
    """The daily training-load table between two local days (default: all recorded days);
    ``history`` when the caller has read it already (one read for several tables)."""
    history = history or load_history(scope, currency)
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
        raise InvalidValue("start", start.isoformat(), f"is after end {end}", mentions=("end",))
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
        load_gap=load_gap(scope, history, shown[0], shown[-1]) if shown else None,
    )


__all__ = [
    "DAILY_SERIES",
    "TrainingDay",
    "TrainingTable",
    "training_table",
]


#: The ACWR variant the readiness verdict reads (Williams' EWMA, docs/science.md §7 L2).
READINESS_ACWR = "acwr_ewma"
#: Where the verdict's load component comes from, as its ``source`` says.
LOAD_SOURCE = f"load engine ({READINESS_ACWR}, fitness − fatigue)"
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
        source=LOAD_SOURCE,
        history_d=history,
        volume=volume,
        rest_streak_d=streak,
    )
