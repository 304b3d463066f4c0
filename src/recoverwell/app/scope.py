"""``AthleteScope``: one actor's view of one athlete, the object every use case takes.

``Workspace.scope(actor, athlete_id)`` checks access once, reads the profile once, and hands out
a scope with the profile, its timezone, the resolved profile (made once per day asked, on first
use) and units of work:

- ``read()``: one read transaction, a consistent snapshot. It is re-entrant: a use case that
  opens one and calls others that open theirs reads everything in the same snapshot, so a
  verdict never mixes rows from before and after a concurrent import;
- ``write()``: one write transaction on the athlete's data (PermissionDenied for an actor who
  may only read);
- ``cache_write()``: one write transaction on derived rows (session loads, best efforts, the
  stored load window): allowed to readers too, since it changes no data of the athlete's.

The use-case modules (``training``, ``load_state``, ``importing``, ``activity_fixes``,
``estimates``, …) take a scope and never the ``Workspace``; ``lint-imports`` keeps it so.
``SquadScope`` is the same for several athletes at once (the nightly job, a coach's squad).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, tzinfo
from functools import cached_property

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from recoverwell.app.access import Actor, require_write
from recoverwell.core.athlete import AthleteProfile, ResolvedProfile
from recoverwell.core.config import Settings
from recoverwell.core.errors import StoreError
from recoverwell.core.timeutil import local_day, parse_timezone, today_in
from recoverwell.core.types import Activity, Observation, SleepPeriod, StoredActivity
from recoverwell.store.activities import get_activity, insert_activity, list_activities
from recoverwell.store.athletes import delete_athlete_data, update_athlete
from recoverwell.store.engine import reading, writing
from recoverwell.store.observations import list_observations, upsert_observations
from recoverwell.store.sleep_periods import list_sleep_periods, upsert_sleep_periods

#: How a scope resolves its profile (estimates from the runs, else formulas), given the day.
Resolver = Callable[["AthleteScope", date], ResolvedProfile]


class UnitOfWork:
    """Read and write transactions on one engine, the read one re-entrant (one snapshot)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._snapshot: Connection | None = None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One read transaction; inside another ``read()`` of this scope, the same one."""
        if self._snapshot is not None:
            yield self._snapshot
            return
        try:
            with reading(self.engine) as conn:
                self._snapshot = conn
                try:
                    yield conn
                finally:
                    self._snapshot = None
        except OperationalError as err:
            raise StoreError(f"database read failed: {err.orig}") from err

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with writing(self.engine) as conn:
                yield conn
        except OperationalError as err:
            raise StoreError(f"database write failed: {err.orig}") from err

    @contextmanager
    def cache_write(self) -> Iterator[Connection]:
        """One write transaction on derived rows (caches), whoever the actor."""
        with self._write() as conn:
            yield conn


class AthleteScope(UnitOfWork):
    """One actor's view of one athlete: profile, timezone, resolved profile, units of work."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        actor: Actor,
        profile: AthleteProfile,
        resolver: Resolver,
    ) -> None:
        super().__init__(engine)
        if profile.id is None:
            raise StoreError(f"athlete {profile.name!r} has not been stored yet")
        self.settings = settings
        self.actor = actor
        self.profile = profile
        self.athlete_id: int = profile.id
        self._resolver = resolver
        self._resolved: dict[date, ResolvedProfile] = {}

    @cached_property
    def tz(self) -> tzinfo:
        """The athlete's timezone."""
        return parse_timezone(self.profile.timezone)

    def today(self) -> date:
        """Today in the athlete's timezone."""
        return today_in(self.tz)

    def resolved_profile(self, day: date | None = None) -> ResolvedProfile:
        """The profile with estimates for unset values, as of ``day`` (default today); made once
        per day for the scope's life."""
        day = day or self.today()
        if day not in self._resolved:
            self._resolved[day] = self._resolver(self, day)
        return self._resolved[day]

    def refresh(self) -> None:
        """Forget the resolved profiles made so far (new runs can move the estimates)."""
        self._resolved.clear()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction on the athlete's data (PermissionDenied for a reader)."""
        require_write(self.actor, self.athlete_id)
        with self._write() as conn:
            yield conn

    # --- the athlete's rows, read and written in this scope --------------------------------

    def activities(
        self, start: date | None = None, end: date | None = None
    ) -> list[StoredActivity]:
        """The athlete's activities between two local days (inclusive), oldest first."""
        with self.read() as conn:
            return list_activities(conn, self.athlete_id, start, end)

    def activity(self, activity_id: int) -> StoredActivity:
        """One activity with its laps and sample streams (NotFound for another's)."""
        with self.read() as conn:
            return get_activity(conn, self.athlete_id, activity_id)

    def observations(
        self,
        start: date | None = None,
        end: date | None = None,
        signals: Sequence[str] | None = None,
        *,
        provenance: bool = True,
    ) -> list[Observation]:
        """Daily observations between two days (inclusive), by day then signal
        (``provenance=False``: without when and where each was recorded)."""
        with self.read() as conn:
            return list_observations(
                conn, self.athlete_id, signals, start, end, provenance=provenance
            )

    def sleep_periods(
        self, start: date | None = None, end: date | None = None
    ) -> list[tuple[date, SleepPeriod]]:
        """(wake day, period) pairs between two wake days (inclusive), by start time."""
        with self.read() as conn:
            return list_sleep_periods(conn, self.athlete_id, start, end)

    def add_activities(self, activities: Sequence[Activity]) -> list[int]:
        """Store activities in one transaction (all or none); returns their ids."""
        with self.write() as conn:
            ids = [
                insert_activity(
                    conn, self.athlete_id, a, local_day(a.start_time, self.tz, a.utc_offset_s)
                )
                for a in activities
            ]
        self.refresh()
        return ids

    def add_observations(self, observations: Iterable[Observation]) -> tuple[int, int, int]:
        """Store observations in one transaction; returns (new, changed, unchanged)."""
        with self.write() as conn:
            return upsert_observations(conn, self.athlete_id, observations)

    def add_sleep_periods(
        self, periods: Iterable[tuple[date, SleepPeriod]]
    ) -> tuple[int, int, int]:
        """Store (wake day, period) pairs in one transaction; returns (new, changed, unchanged)."""
        with self.write() as conn:
            return upsert_sleep_periods(conn, self.athlete_id, periods)

    def update_profile(self, **changes: object) -> AthleteProfile:
        """Change profile fields (``None`` clears one); nothing is written if any value is bad.
        The scope's profile and resolved profiles follow the change."""
        updated = self.profile.with_changes(**changes)
        with self.write() as conn:
            stored = update_athlete(conn, updated)
        self.profile = stored
        self.refresh()
        self.__dict__.pop("tz", None)
        return stored

    def reset_data(self) -> None:
        """Delete the athlete's activities, observations and import history (profile kept)."""
        with self.write() as conn:
            delete_athlete_data(conn, self.athlete_id)


class SquadScope(UnitOfWork):
    """One actor's view of several athletes (the nightly job, a coach's squad): their scopes,
    and units of work over all of them at once."""

    def __init__(self, engine: Engine, settings: Settings, actor: Actor,
                 scopes: Sequence[AthleteScope]) -> None:  # fmt: skip
        super().__init__(engine)
        self.settings = settings
        self.actor = actor
        self.scopes = tuple(scopes)

    @property
    def athlete_ids(self) -> list[int]:
        """The athletes of the squad, in order."""
        return [s.athlete_id for s in self.scopes]


__all__ = ["AthleteScope", "Resolver", "SquadScope", "UnitOfWork"]
