"""Stored load windows: one row per athlete, the readiness's training-load inputs over a span of
days, and what they were computed from.

The row is valid while the athlete's ``load_generation`` (bumped by database triggers on every
insert, update or delete of their activities, migration 0011) is the one stored with it; the app
also checks the session-load parameters, the segment gap and the last settled day
(``app/load_window.py``). The series are one float64 array per name, stored row-major.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, delete, func, insert, select

from recoverwell.store.schema import (
    activities,
    athletes,
    daily_observations,
    load_windows,
    sleep_periods,
)

_DTYPE = np.dtype("<f8")


@dataclass(frozen=True, slots=True, eq=False)
class LoadWindow:
    """A stored window: its key (generation, parameters, gap, settled day) and its series."""

    generation: int
    params_key: str
    segment_gap_d: int
    tracked_through: date | None
    start_day: date
    series: npt.NDArray[np.float64]  # shape (names, days)

    @property
    def n_days(self) -> int:
        """How many days the series cover, from ``start_day``."""
        return int(self.series.shape[1])


def load_generation(conn: Connection, athlete_id: int) -> int:
    """The athlete's activity generation (0 before any activity was written)."""
    value = conn.execute(
        select(athletes.c.load_generation).where(athletes.c.id == athlete_id)
    ).scalar()
    return int(value or 0)


def _window(row: Any, names: int) -> LoadWindow | None:
    flat = np.frombuffer(row["series"], dtype=_DTYPE)
    if flat.size != names * int(row["n_days"]):  # written by another layout: not usable
        return None
    return LoadWindow(
        int(row["generation"]),
        str(row["params_key"]),
        int(row["segment_gap_d"]),
        row["tracked_through"],
        row["start_day"],
        flat.reshape(names, int(row["n_days"])).astype(np.float64),
    )


class LoadKeys(NamedTuple):
    """What a stored window is checked against: the athlete's activity generation, their last
    counted activity day, their last reading day, and the window itself (None: none stored)."""

    generation: int
    last_day: date | None
    last_signal: date | None
    window: LoadWindow | None


def load_keys(conn: Connection, athlete_ids: Sequence[int], names: int) -> dict[int, LoadKeys]:
    """Each athlete's ``LoadKeys``, in one query (one verdict, or a squad's)."""
    who = athletes.c.id

    def newest(column: Any, *where: Any) -> Any:
        table = column.table
        return (
            select(func.max(column))
            .where(table.c.athlete_id == who, *where)
            .correlate(athletes)
            .scalar_subquery()
        )

    query = select(
        who.label("who"),
        athletes.c.load_generation,
        newest(activities.c.local_date, activities.c.excluded.is_(None)).label("last_day"),
        newest(daily_observations.c.day).label("last_reading"),
        newest(sleep_periods.c.wake_day).label("last_night"),
        *(c for c in load_windows.c if c.name != "athlete_id"),
    ).select_from(athletes.outerjoin(load_windows, load_windows.c.athlete_id == who))
    out = {}
    for row in conn.execute(query.where(who.in_(athlete_ids))).mappings().all():
        signals = [d for d in (row["last_reading"], row["last_night"]) if d is not None]
        window = None if row["series"] is None else _window(row, names)
        out[row["who"]] = LoadKeys(
            int(row["load_generation"] or 0),
            row["last_day"],
            max(signals) if signals else None,
            window,
        )
    return {i: out.get(i, LoadKeys(0, None, None, None)) for i in athlete_ids}


def put_load_window(conn: Connection, athlete_id: int, window: LoadWindow) -> None:
    """Store (replace) the athlete's window."""
    values: dict[str, Any] = {
        "athlete_id": athlete_id,
        "generation": window.generation,
        "params_key": window.params_key,
        "segment_gap_d": window.segment_gap_d,
        "tracked_through": window.tracked_through,
        "start_day": window.start_day,
        "n_days": window.n_days,
        "series": np.ascontiguousarray(window.series, dtype=_DTYPE).tobytes(),
    }
    conn.execute(delete(load_windows).where(load_windows.c.athlete_id == athlete_id))
    conn.execute(insert(load_windows).values(values))


__all__ = [
    "LoadKeys",
    "LoadWindow",
    "load_generation",
    "load_keys",
    "put_load_window",
]
