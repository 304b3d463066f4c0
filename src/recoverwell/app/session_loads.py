"""Each session's load, cached: computed once from its samples, kept under its parameters' key.

The ``session_loads`` table holds a ``SessionLoad`` per activity and the key of the
``LoadParams`` it was computed with (``params_key``); a row under another key is stale and is
recomputed. A session whose samples the load models cannot use gets ``failed_load``: no load,
the reason as its note (``load_failure``), so one bad file never stops an athlete's numbers.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from recoverwell.core.athlete import ResolvedProfile
from recoverwell.core.errors import MetricInputError
from recoverwell.core.types import Activity, StoredActivity
from recoverwell.metrics.load import trimp_factors
from recoverwell.metrics.session import (
    LoadCurrency,
    LoadModel,
    LoadParams,
    SessionLoad,
    session_load,
)
from recoverwell.store.loads import list_session_loads, replace_session_loads

if TYPE_CHECKING:
    from recoverwell.app.scope import AthleteScope

#: the note that marks a session whose load could not be computed (``failed_load``)
LOAD_FAILED_NOTE = "load not computed: "


def load_params(resolved: ResolvedProfile, currency: LoadCurrency = LoadCurrency.TSS) -> LoadParams:
    """The session-load parameters of an athlete (resolved profile: estimates included)."""
    pace = resolved.threshold_pace_s_per_km.value
    return LoadParams(
        hr_max_bpm=resolved.hr_max_bpm.value,
        hr_rest_bpm=resolved.hr_rest_bpm.value,
        lthr_bpm=resolved.lthr_bpm.value,
        vt1_hr_bpm=resolved.vt1_hr_bpm.value,
        vt2_hr_bpm=resolved.vt2_hr_bpm.value,
        threshold_speed_m_s=1000.0 / pace if pace else None,
        factors=trimp_factors(resolved.profile.sex),
        currency=currency,
    )


def params_key(params: LoadParams) -> str:
    """The key the session-load cache stores its rows under for these parameters."""
    return hashlib.sha256(params.key().encode()).hexdigest()[:64]


def _row(load: SessionLoad, key: str) -> dict[str, Any]:
    row = dataclasses.asdict(load)
    row["model"] = load.model.value
    row["notes"] = "\n".join(load.notes)
    row["params_key"] = key
    return row


def _from_row(row: dict[str, Any]) -> SessionLoad:
    values = {f.name: row[f.name] for f in dataclasses.fields(SessionLoad)}
    values["model"] = LoadModel(row["model"])
    values["notes"] = tuple(n for n in (row["notes"] or "").split("\n") if n)
    values["grade_adjusted"] = bool(row["grade_adjusted"])
    return SessionLoad(**values)


def store_session_loads(
    conn: Connection, athlete_id: int, key: str, loads: Mapping[int, SessionLoad]
) -> None:
    """Put sessions' loads (by activity id) in the cache under the parameters' ``key``."""
    replace_session_loads(conn, athlete_id, [(i, _row(x, key)) for i, x in loads.items()])


def failed_load(reason: str) -> SessionLoad:
    """The load of a session whose load cannot be computed: none, with the reason as its note."""
    return SessionLoad(LoadModel.NONE, None, 0.0, notes=(LOAD_FAILED_NOTE + reason,))


def load_failure(load: SessionLoad) -> str | None:
    """Why the session's load could not be computed (``failed_load``), or None."""
    note = next((n for n in load.notes if n.startswith(LOAD_FAILED_NOTE)), None)
    return None if note is None else note.removeprefix(LOAD_FAILED_NOTE)


def safe_session_load(activity: Activity, params: LoadParams) -> SessionLoad:
    """``session_load``, or ``failed_load`` with the reason when the session's samples cannot be
    used (a time axis that goes backwards, channels that disagree…): one bad file never stops
    an athlete's numbers; the session counts as one without a load."""
    try:
        return session_load(activity, params)
    # MetricInputError: what the load models refuse; ValueError (InvalidValue among them) and
    # IndexError: numpy on arrays no check foresaw. Either way it is the session's problem,
    # not the athlete's.
    except (MetricInputError, ValueError, IndexError) as err:
        return failed_load(str(err) or type(err).__name__)


def session_loads(
    scope: AthleteScope,
    activities: list[StoredActivity],
    params: LoadParams,
    *,
    only_these: bool = False,
) -> dict[int, SessionLoad]:
    """Each activity's load from the cache, computing (and storing) the missing or stale ones.

    ``only_these`` reads the cache rows of ``activities`` alone (a few new days), not all of the
    athlete's (one query for a whole history is faster than a long ``IN`` list)."""
    key = params_key(params)
    athlete_id = scope.athlete_id
    with scope.read() as conn:
        wanted = [a.id for a in activities] if only_these else None
        cached = list_session_loads(conn, athlete_id, wanted)
    loads = {i: _from_row(r) for i, r in cached.items() if r["params_key"] == key}
    missing = [a.id for a in activities if a.id not in loads]
    fresh = {}
    for activity_id in missing:
        full = scope.activity(activity_id)
        fresh[activity_id] = safe_session_load(full.activity, params)
    if fresh:
        with scope.cache_write() as conn:
            store_session_loads(conn, athlete_id, key, fresh)
    found = loads | fresh  # the cache may hold others (an excluded session's): not asked for
    return {a.id: found[a.id] for a in activities}
