"""The recovery view and the readiness verdict of one athlete, read in one snapshot.

``recovery(scope, end, days)`` reads the observations, sleep periods and niggles of the ``days``
days ending on ``end`` and the training load after each of those days, all inside one read
transaction, and hands them to the pure ``app.recovery.recovery_view``; ``readiness(scope, day)``
is that view's verdict for the morning of ``day``.

The training load comes from the athlete's stored load window (``app/load_window.py``) when it
still describes their data, so a verdict reads only the days it needs; otherwise the window is
computed from the whole history (``training.training_table``) and stored for the next verdict.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from recoverwell.advice.readiness_settings import ReadinessSettings, readiness_settings
from recoverwell.app.load_history import load_history
from recoverwell.app.load_window import SERIES, computed_load, stored_load, window_load
from recoverwell.app.recovery import HISTORY_D, LoadArrays, RecoveryView, recovery_view
from recoverwell.core.errors import RecoverwellError
from recoverwell.store.load_windows import load_keys
from recoverwell.store.niggles import list_niggles, niggles_by_athlete
from recoverwell.store.observations import observations_by_athlete
from recoverwell.store.sleep_periods import sleep_periods_by_athlete

if TYPE_CHECKING:
    from recoverwell.advice.readiness import Readiness
    from recoverwell.app.load_gaps import LoadGap
    from recoverwell.app.scope import AthleteScope, SquadScope


def settings_of(scope: AthleteScope) -> ReadinessSettings:
    """Readiness weights and thresholds: defaults with the ``readiness`` setting applied."""
    return readiness_settings(dict(scope.settings.readiness))


def recovery(
    scope: AthleteScope,
    end: date | None = None,
    days: int = HISTORY_D,
    load: LoadArrays | None = None,
) -> RecoveryView:
    """Signals and recovery state for the ``days`` days ending on ``end`` (default: today).

    ``load`` (ACWR and form after each day) defaults to the athlete's own training load; an
    athlete without recorded training has no load component (lower coverage).
    """
    end = end or scope.today()
    start = end - timedelta(days=days - 1)
    with scope.read() as conn:
        if load is None:
            load = window_load(scope, start, end)
        observations = scope.observations(start, end, provenance=False)
        periods = scope.sleep_periods(start, end)
        niggles = list_niggles(conn, scope.athlete_id, start, end)
    return recovery_view(
        observations,
        periods,
        start,
        end,
        scope.tz,
        settings_of(scope),
        load,
        niggles,
        scope.profile.sex,
        scope.profile.body_mass_kg,
    )


def load_gap(scope: AthleteScope, start: date | None, end: date | None) -> LoadGap | None:
    """Why the sessions between two days have no load and what to set (None: all have one);
    shown beside a verdict whose load factor is missing."""
    from recoverwell.app.load_gaps import load_gap as gap_of

    return gap_of(scope, load_history(scope), start, end)


def readiness(
    scope: AthleteScope, day: date | None = None, load: LoadArrays | None = None
) -> Readiness:
    """The readiness verdict for the morning of ``day`` (default: today)."""
    return _verdict(recovery(scope, day, load=load))


def _verdict(view: RecoveryView) -> Readiness:
    return view.verdict(view.recovery.signals.day(view.recovery.signals.n_days - 1))


def squad_readiness(squad: SquadScope, day: date) -> dict[int, Readiness | RecoverwellError]:
    """Each athlete's verdict for the morning of ``day`` (a coach's squad, the nightly job):
    every athlete's rows read in one snapshot with one query per table, then each verdict as
    ``readiness`` gives it (the same numbers). An athlete whose verdict cannot be made gets the
    error instead; the others go on."""
    start = day - timedelta(days=HISTORY_D - 1)
    ids = squad.athlete_ids
    settings = readiness_settings(dict(squad.settings.readiness))  # the workspace's, once
    out: dict[int, Readiness | RecoverwellError] = {}
    with squad.read() as conn:
        keys = load_keys(conn, ids, len(SERIES))
        observations = observations_by_athlete(conn, ids, start, day)
        periods = sleep_periods_by_athlete(conn, ids, start, day)
        niggles = niggles_by_athlete(conn, ids, start, day)
    for scope in squad.scopes:
        i = scope.athlete_id
        try:
            held, load = stored_load(scope, start, day, keys[i])
            if not held:
                load = computed_load(scope, start, day, keys[i].generation)
            view = recovery_view(
                observations[i], periods[i], start, day, scope.tz, settings, load,
                niggles[i], scope.profile.sex, scope.profile.body_mass_kg,
            )  # fmt: skip
            out[i] = _verdict(view)
        except RecoverwellError as err:  # one athlete's data must not stop the squad's
            out[i] = err
    return out


__all__ = ["load_gap", "readiness", "recovery", "settings_of", "squad_readiness"]
