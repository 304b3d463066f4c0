"""The training load a verdict needs, read from the athlete's stored load window.

A readiness verdict reads ACWR, form, days of history, the running-volume series and the rest
streak after each of its 90 days (``recovery.LoadArrays``). Computing them means the whole
training history (every EWMA and window is warm only from the first session), so the series are
stored, per athlete, over a window of days around the last settled day, with what they were
computed from (``store/load_windows.py``):

- the **generation** of the athlete's activities (a database trigger bumps it on every insert,
  update or delete: an import, an edit, a deletion, an RPE from the check-in);
- the **session-load parameters** (``params_key``: HRmax, HRrest, LTHR, threshold pace, sex),
  which can move without a write, since the estimates from the runs slide with the calendar;
- the **segment gap** setting, and the **last settled day** (a recovery reading the morning
  after a rest day settles it).

When all four still hold and the window covers the days asked for, the verdict reads one row;
otherwise the series are computed from the history (``training.training_table``, exactly the
numbers ``recoverwell metrics`` shows) and the window is stored again, so the next verdict is
cheap. A test holds the two paths equal.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy.exc import SQLAlchemyError

from recoverwell.app.load_history import load_history, settled_day
from recoverwell.app.recovery import LoadArrays
from recoverwell.app.session_loads import load_params, params_key
from recoverwell.app.training import LOAD_SOURCE, READINESS_VOLUME, load_arrays, training_table
from recoverwell.core.errors import StoreError
from recoverwell.store.load_windows import LoadKeys, LoadWindow, load_keys, put_load_window

if TYPE_CHECKING:
    from recoverwell.app.scope import AthleteScope

#: Days stored before the last settled day: a verdict's 90 days end up to 30 days before it.
DAYS_BEFORE = 120
#: Days stored after it: a verdict up to 60 days after the last data reads the window too.
DAYS_AFTER = 60
#: The stored series, in row order (``LoadArrays``'s fields; the volume ones by their key).
SERIES = ("acwr", "form_tsb", "history_d", "rest_streak_d", *READINESS_VOLUME)


def _arrays(window: LoadWindow, start: date, end: date) -> LoadArrays | None:
    if window.tracked_through is None:
        return None  # no training: no load component
    lo = (start - window.start_day).days
    part = window.series[:, lo : lo + (end - start).days + 1]
    row = dict(zip(SERIES, part, strict=True))
    return LoadArrays(
        start,
        row["acwr"],
        row["form_tsb"],
        source=LOAD_SOURCE,
        history_d=row["history_d"],
        volume={key: row[key] for key in READINESS_VOLUME},
        rest_streak_d=row["rest_streak_d"],
    )


def _covers(window: LoadWindow, start: date, end: date) -> bool:
    last = window.start_day + timedelta(days=window.n_days - 1)
    return window.tracked_through is None or (window.start_day <= start and end <= last)


def _series(arrays: LoadArrays | None, n_days: int) -> np.ndarray:
    if arrays is None:
        return np.empty((len(SERIES), 0))
    rows = {
        "acwr": arrays.acwr,
        "form_tsb": arrays.form_tsb,
        "history_d": arrays.history_d,
        "rest_streak_d": arrays.rest_streak_d,
        **arrays.volume,
    }
    out = np.full((len(SERIES), n_days), np.nan)
    for k, name in enumerate(SERIES):
        if rows.get(name) is not None:
            out[k] = np.asarray(rows[name], dtype=np.float64)
    return out


def stored_load(
    scope: AthleteScope, start: date, end: date, keys: LoadKeys
) -> tuple[bool, LoadArrays | None]:
    """(True, the load) when the stored window still holds for ``start``…``end``, given the
    athlete's activity generation, last counted day and last reading day (``keys``); (False,
    None) when it must be computed again (``computed_load``)."""
    key = params_key(load_params(scope.resolved_profile()))
    generation, last_day, last_signal, stored = keys
    through = None if last_day is None else settled_day(last_day, last_signal)
    if (
        stored is not None
        and (stored.generation, stored.params_key, stored.segment_gap_d)
        == (generation, key, scope.settings.segment_gap_d)
        and stored.tracked_through == through
        and _covers(stored, start, end)
    ):
        return True, _arrays(stored, start, end)
    return False, None


def window_load(scope: AthleteScope, start: date, end: date) -> LoadArrays | None:
    """ACWR, form, volume and rest streaks after each day of ``start``…``end`` (None: the
    athlete has no training), from the stored window when it still holds, else computed and
    stored."""
    with scope.read() as conn:
        keys = load_keys(conn, [scope.athlete_id], len(SERIES))[scope.athlete_id]
        held, load = stored_load(scope, start, end, keys)
        if held:
            return load
        return computed_load(scope, start, end, keys.generation)


def computed_load(
    scope: AthleteScope, start: date, end: date, generation: int
) -> LoadArrays | None:
    """The load from the whole history (the numbers ``recoverwell metrics`` shows), stored as
    the athlete's window for ``generation`` (read in the same snapshot as the history)."""
    with scope.read():
        history = load_history(scope)
        through = history.tracked_through
        lo, hi = start, end
        if through is not None:
            lo = min(start, through - timedelta(days=DAYS_BEFORE))
            hi = max(end, through + timedelta(days=DAYS_AFTER))
        table = training_table(scope, lo, hi, history=history)
        arrays = load_arrays(table, lo, hi)
    window = LoadWindow(
        generation, history.params_key, scope.settings.segment_gap_d,
        through if arrays else None, lo, _series(arrays, (hi - lo).days + 1),
    )  # fmt: skip
    try:
        with scope.cache_write() as conn:
            put_load_window(conn, scope.athlete_id, window)
    except (StoreError, SQLAlchemyError):  # another verdict stored it meanwhile: both are right
        pass
    return _arrays(window, start, end) if arrays is not None else None


__all__ = ["DAYS_AFTER", "DAYS_BEFORE", "SERIES", "computed_load", "stored_load", "window_load"]
