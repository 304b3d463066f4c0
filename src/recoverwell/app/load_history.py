"""An athlete's sessions with their loads, binned into local days and training segments.

``load_history(scope)`` reads the athlete's counted sessions and their loads (``session_loads``:
cached, computed where missing), the last day known to be trained or rested, and the training
segments (more than ``segment_gap_d`` days without a session start a new one). The daily table
(``training.py``), the nightly job (``load_state.py``) and the load-gap messages
(``load_gaps.py``) all start from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt

from recoverwell.app.session_loads import load_failure, load_params, params_key, session_loads
from recoverwell.core.config import SEGMENT_GAP_D
from recoverwell.core.errors import InvalidValue
from recoverwell.core.timeutil import as_utc
from recoverwell.core.types import Sport, StoredActivity
from recoverwell.metrics.daily import (
    covered_mask,
    daily_count,
    daily_max,
    daily_min_gap_h,
    daily_total,
    day_offsets,
    segment_bounds,
)
from recoverwell.metrics.session import (
    MIN_RATIO_SESSIONS,
    LoadCurrency,
    SessionLoad,
    srpe_ratio,
    with_srpe_ratio,
)
from recoverwell.store.athletes import last_signal_day

if TYPE_CHECKING:
    from recoverwell.app.scope import AthleteScope

ONE_DAY = timedelta(days=1)
#: Running-volume series count these sports
#: (docs/science.md §7: cross-training is internal load only).
RUNNING_SPORTS = (Sport.RUNNING,)


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


def load_history(scope: AthleteScope, currency: LoadCurrency = LoadCurrency.TSS) -> LoadHistory:
    """The athlete's sessions and loads (computed where the cache has none) and tracked span."""
    resolved = scope.resolved_profile()
    params = load_params(resolved, currency)
    stored = scope.activities()
    # an excluded session (implausible totals, or the athlete's choice) counts as no session
    activities = [a for a in stored if a.activity.excluded is None]
    raw = session_loads(scope, activities, params)
    ratio = srpe_ratio(list(raw.values()), min_sessions=MIN_RATIO_SESSIONS)
    loads = {i: with_srpe_ratio(x, ratio, currency) for i, x in raw.items()}
    tracked_through = None
    if activities:
        with scope.read() as conn:
            signal_day = last_signal_day(conn, scope.athlete_id)
        tracked_through = settled_day(max(a.local_date for a in activities), signal_day)
    return LoadHistory(
        scope.athlete_id,
        currency,
        resolved.estimated,
        params_key(params),
        activities,
        loads,
        ratio,
        tracked_through,
        scope.settings.segment_gap_d,
        tuple(a for a in stored if a.activity.excluded is not None),
    )


__all__ = [
    "LoadHistory",
    "Segment",
    "daily_loads",
    "load_history",
    "segment_on",
    "settled_day",
    "training_segments",
]
