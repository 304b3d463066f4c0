"""The per-session best-effort cache: one row per activity, scoped by athlete, keyed by rules.

A row holds what ``metrics.estimates.session_bests`` found in the activity's streams (NULL: no
such effort). It is current while its ``rules`` match the ones the app computes with; other rows
are recomputed. Deleting an activity deletes its row (foreign key cascade).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, select

from recoverwell.store.loads import replace_activity_rows
from recoverwell.store.schema import session_bests

#: The value columns, in the order of the effort windows (metrics.estimates).
BEST_COLUMNS = (
    "hr_held_max_bpm",
    "hr_20min_bpm",
    "hr_60min_bpm",
    "gap_10min_m_s",
    "gap_20min_m_s",
    "gap_30min_m_s",
    "gap_60min_m_s",
)
_ROW_COLUMNS = ("rules", *BEST_COLUMNS, "grade_adjusted")


def list_session_bests(conn: Connection, athlete_id: int) -> dict[int, dict[str, Any]]:
    """The athlete's cached best efforts by activity id."""
    rows = conn.execute(select(session_bests).where(session_bests.c.athlete_id == athlete_id))
    return {r.activity_id: {c: r._mapping[c] for c in _ROW_COLUMNS} for r in rows}


def replace_session_bests(
    conn: Connection, athlete_id: int, rows: Iterable[tuple[int, Mapping[str, Any]]]
) -> int:
    """Store (activity id, values) rows for the athlete, replacing older rows; returns the count.
    A value a row lacks is stored NULL (no such effort)."""
    full = [(i, {c: row.get(c) for c in _ROW_COLUMNS}) for i, row in rows]
    return replace_activity_rows(conn, session_bests, athlete_id, full, _ROW_COLUMNS)
