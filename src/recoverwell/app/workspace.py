"""``open_workspace(url)`` → ``Workspace``: one runner's (or one club's) data, behind one API.

A workspace is a database: SQLite for a runner on a laptop, PostgreSQL for a club server.
Opening checks that the database exists and is at this version's schema, and says what to do
when it is not, in one line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from recoverwell.app.access import LOCAL_RUNNER, Actor, require_read
from recoverwell.app.scope import AthleteScope, SquadScope, UnitOfWork
from recoverwell.core.athlete import AthleteProfile, ResolvedProfile
from recoverwell.core.config import Settings, load_settings
from recoverwell.core.errors import ConfigError, NotFound, StoreError
from recoverwell.core.types import Activity, Observation, SleepPeriod, StoredActivity
from recoverwell.metrics.session import LoadCurrency
from recoverwell.store import migrate
from recoverwell.store.athletes import (
    athlete_data_counts,
    create_athlete,
    delete_athlete,
    get_athlete,
    list_athletes,
)
from recoverwell.store.engine import make_engine, parse_db_url, sqlite_path

if TYPE_CHECKING:  # loaded by the methods that use them: a command loads only what it needs
    from recoverwell.advice.readiness import Readiness
    from recoverwell.advice.readiness_settings import ReadinessSettings
    from recoverwell.app.activity_fixes import ActivityDetail, ActivityEdit, ActivityProblem
    from recoverwell.app.importing import ImportReport, ProgressCallback
    from recoverwell.app.load_gaps import LoadGap
    from recoverwell.app.load_state import LoadStateUpdate
    from recoverwell.app.recovery import LoadArrays, RecoveryView
    from recoverwell.app.training import TrainingTable

#: Days of history a recovery view reads by default (``app.recovery.HISTORY_D``: the 60-day
#: normal, its 7-day trend and tolerance), repeated here so opening a workspace loads no numpy.
HISTORY_D = 90


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    """Where the database's schema is against what this recoverwell needs."""

    url: str
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        """True when no migration is pending."""
        return self.current == self.head

    @property
    def newer(self) -> bool:
        """True when a newer recoverwell wrote the schema (no migration here knows it)."""
        return self.current is not None and not migrate.is_known_revision(self.current)

    def newer_message(self) -> str:
        """What to tell the user when the schema is newer than this version."""
        return (
            f"{self.url} is at schema {self.current}, newer than this recoverwell knows "
            f"(its newest is {self.head}): use the recoverwell version that wrote it"
        )


def _display_url(url: str) -> str:
    return parse_db_url(url).render_as_string(hide_password=True)


def _prepare_sqlite_dir(path: Path) -> None:
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ConfigError(f"cannot create data directory {directory}: {err.strerror}") from err
    if not os.access(directory, os.W_OK | os.X_OK):
        raise ConfigError(f"data directory {directory} is not writable")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise ConfigError(f"database file {path} is not readable and writable")


def _connect(url: str, settings: Settings, *, create: bool) -> Engine:
    parsed = parse_db_url(url)
    db_file = sqlite_path(parsed)
    if db_file is not None:
        if create:
            _prepare_sqlite_dir(db_file)
        elif not db_file.exists():
            raise StoreError(f"no workspace at {db_file}", action="init")
    engine = make_engine(url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    try:
        with engine.connect():
            pass
    except DBAPIError as err:  # "unable to open", or "file is not a database" (any other file)
        engine.dispose()
        reason = str(err.orig).strip().splitlines()[0] if err.orig else str(err)
        raise StoreError(f"cannot open database {_display_url(url)}: {reason}") from err
    return engine


def _resolve(scope: AthleteScope, day: date) -> ResolvedProfile:
    """The scopes' resolver: estimates from the runs, loaded only when a scope needs them."""
    from recoverwell.app import estimates

    return estimates.resolved_profile(scope, day)


class Workspace(UnitOfWork):
    """One database of athletes and their data; the object every interface opens.

    Per-athlete work goes through ``scope(actor, athlete_id)`` (``app/scope.py``); the methods
    below that take an ``athlete_id`` are shortcuts for scripts, each one scope for the local
    runner. Without an id they use the workspace's *only* athlete and refuse to guess when
    there are several (NotFound lists them); interfaces always pass the id.
    """

    def __init__(
        self, engine: Engine, url: str, settings: Settings, actor: Actor = LOCAL_RUNNER
    ) -> None:
        super().__init__(engine)
        self.url = url
        self.settings = settings
        self.actor = actor

    # --- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def display_url(self) -> str:
        """The database URL with any password hidden."""
        return _display_url(self.url)

    def schema_status(self) -> SchemaStatus:
        """The database's schema revision against this version's newest."""
        return _status(self.engine, self.url)

    # --- scopes ------------------------------------------------------------------------------

    def scope(self, actor: Actor, athlete_id: int) -> AthleteScope:
        """``actor``'s view of one athlete: access checked once, the profile read once
        (NotFound for an athlete that does not exist or that the actor may not see)."""
        require_read(actor, athlete_id)
        with self.read() as conn:
            profile = get_athlete(conn, athlete_id)
        return AthleteScope(self.engine, self.settings, actor, profile, _resolve)

    def squad(self, actor: Actor, athlete_ids: Sequence[int] | None = None) -> SquadScope:
        """``actor``'s view of several athletes (default: every one they may see), profiles
        read in one query; an id they may not see is NotFound."""
        for athlete_id in athlete_ids or ():
            require_read(actor, athlete_id)
        with self.read() as conn:
            found = list_athletes(conn, list(athlete_ids) if athlete_ids else None)
        if athlete_ids is not None:
            missing = sorted(set(athlete_ids) - {a.id for a in found})
            if missing:
                raise NotFound(f"no athlete with id {missing[0]}")
        scopes = [
            AthleteScope(self.engine, self.settings, actor, p, _resolve)
            for p in found
            if p.id is not None and actor.may_read(p.id)
        ]
        return SquadScope(self.engine, self.settings, actor, scopes)

    def athlete_scope(self, athlete_id: int | None = None) -> AthleteScope:
        """The scope of ``athlete_id`` (default: the workspace's only athlete; NotFound when
        there are several) for this workspace's actor: the shortcut for scripts."""
        return self.scope(self.actor, self._only(athlete_id))

    def _only(self, athlete_id: int | None) -> int:
        if athlete_id is not None:
            return athlete_id
        found = self.athletes()
        if not found:
            raise NotFound("no athlete in this workspace yet", action="init")
        if len(found) > 1:
            names = ", ".join(f"{a.id} {a.name}" for a in found)
            raise NotFound(f"this workspace has {len(found)} athletes ({names}): give athlete_id")
        return _id(found[0])

    # --- athletes ----------------------------------------------------------------------------

    def athletes(self) -> list[AthleteProfile]:
        """Every athlete in the workspace this workspace's actor may see."""
        with self.read() as conn:
            return [a for a in list_athletes(conn) if self.actor.may_read(_id(a))]

    def athlete(self, athlete_id: int | None = None) -> AthleteProfile:
        """One athlete's profile (without an id: the workspace's only athlete)."""
        return self.athlete_scope(athlete_id).profile

    def athlete_data(self, athlete_id: int) -> dict[str, int]:
        """How many activities, daily readings, sleep periods, … the athlete has."""
        scope = self.scope(self.actor, athlete_id)
        with scope.read() as conn:
            return athlete_data_counts(conn, athlete_id)

    def remove_athlete(self, athlete_id: int) -> dict[str, int]:
        """Delete the athlete and all their data in one transaction; returns what was removed
        (the counts of ``athlete_data``)."""
        scope = self.scope(self.actor, athlete_id)
        with scope.write() as conn:
            removed = athlete_data_counts(conn, athlete_id)
            delete_athlete(conn, athlete_id)
        return removed

    def create_athlete(self, profile: AthleteProfile) -> AthleteProfile:
        """Add an athlete (validated); returns it with its id."""
        validated = profile.with_changes()
        with self._write() as conn:
            return create_athlete(conn, validated)

    def update_athlete(self, athlete_id: int | None = None, **changes: object) -> AthleteProfile:
        """Change profile fields (``None`` clears one); nothing is written if any value is bad."""
        return self.athlete_scope(athlete_id).update_profile(**changes)

    def resolved_profile(
        self, athlete_id: int | None = None, today: date | None = None
    ) -> ResolvedProfile:
        """The profile with estimates for unset values, each labelled as an estimate: from the
        runner's own runs where they support one (``app/estimates.py``), else age/Karvonen."""
        return self.athlete_scope(athlete_id).resolved_profile(today)

    def today(self, athlete_id: int | None = None) -> date:
        """Today in the athlete's timezone."""
        return self.athlete_scope(athlete_id).today()

    # --- activities --------------------------------------------------------------------------

    def add_activities(
        self, activities: Sequence[Activity], athlete_id: int | None = None
    ) -> list[int]:
        """Store activities in one transaction (all or none); returns their ids."""
        return self.athlete_scope(athlete_id).add_activities(activities)

    def activities(
        self,
        start: date | None = None,
        end: date | None = None,
        athlete_id: int | None = None,
    ) -> list[StoredActivity]:
        """The athlete's activities between two local days (inclusive), oldest first."""
        return self.athlete_scope(athlete_id).activities(start, end)

    def activity(self, activity_id: int, athlete_id: int | None = None) -> StoredActivity:
        """One activity with its laps and sample streams."""
        return self.athlete_scope(athlete_id).activity(activity_id)

    def activity_detail(self, activity_id: int, athlete_id: int | None = None) -> ActivityDetail:
        """One activity with its laps, its load and model, its problems and the athlete's edits."""
        from recoverwell.app import activity_fixes

        return activity_fixes.activity_detail(self.athlete_scope(athlete_id), activity_id)

    def activity_problems(
        self, start: date | None = None, end: date | None = None, athlete_id: int | None = None
    ) -> list[ActivityProblem]:
        """Sessions the numbers leave out or count without load (excluded, load failed, none)."""
        from recoverwell.app import activity_fixes

        return activity_fixes.activity_problems(self.athlete_scope(athlete_id), start, end)

    def edit_activity(
        self, activity_id: int, change: ActivityEdit, athlete_id: int | None = None
    ) -> StoredActivity:
        """Change an activity's sport, name, RPE or exclusion; the load state rebuilds next."""
        from recoverwell.app import activity_fixes

        return activity_fixes.edit(self.athlete_scope(athlete_id), activity_id, change)

    def delete_activity(self, activity_id: int, athlete_id: int | None = None) -> StoredActivity:
        """Delete one activity; returns what was deleted; the load state rebuilds next."""
        from recoverwell.app import activity_fixes

        return activity_fixes.delete(self.athlete_scope(athlete_id), activity_id)

    def reset_athlete_data(self, athlete_id: int | None = None) -> None:
        """Delete an athlete's activities, observations and import history (profile kept)."""
        self.athlete_scope(athlete_id).reset_data()

    # --- recovery signals and the readiness verdict ----------------------------------------------

    def observations(
        self,
        start: date | None = None,
        end: date | None = None,
        signals: Sequence[str] | None = None,
        athlete_id: int | None = None,
    ) -> list[Observation]:
        """The athlete's daily observations between two days (inclusive), by day then signal."""
        return self.athlete_scope(athlete_id).observations(start, end, signals)

    def add_observations(
        self, observations: Iterable[Observation], athlete_id: int | None = None
    ) -> tuple[int, int, int]:
        """Store observations in one transaction; returns (new, changed, unchanged)."""
        return self.athlete_scope(athlete_id).add_observations(observations)

    def sleep_periods(
        self, start: date | None = None, end: date | None = None, athlete_id: int | None = None
    ) -> list[tuple[date, SleepPeriod]]:
        """(wake day, period) pairs between two wake days (inclusive), by start time."""
        return self.athlete_scope(athlete_id).sleep_periods(start, end)

    def add_sleep_periods(
        self, periods: Iterable[tuple[date, SleepPeriod]], athlete_id: int | None = None
    ) -> tuple[int, int, int]:
        """Store (wake day, period) pairs in one transaction; returns (new, changed, unchanged)."""
        return self.athlete_scope(athlete_id).add_sleep_periods(periods)

    def readiness_settings(self) -> ReadinessSettings:
        """Readiness weights and thresholds: defaults with the ``readiness`` setting applied."""
        from recoverwell.advice.readiness_settings import readiness_settings

        return readiness_settings(dict(self.settings.readiness))

    def recovery(
        self,
        end: date | None = None,
        days: int = HISTORY_D,
        athlete_id: int | None = None,
        load: LoadArrays | None = None,
    ) -> RecoveryView:
        """Signals and recovery state for the ``days`` days ending on ``end`` (default: today),
        read in one snapshot (``app/verdict.py``)."""
        from recoverwell.app import verdict

        return verdict.recovery(self.athlete_scope(athlete_id), end, days, load)

    def readiness(
        self,
        day: date | None = None,
        athlete_id: int | None = None,
        load: LoadArrays | None = None,
    ) -> Readiness:
        """The readiness verdict for the morning of ``day`` (default: today)."""
        from recoverwell.app import verdict

        return verdict.readiness(self.athlete_scope(athlete_id), day, load)

    # --- training load (issue 5) -------------------------------------------------------------

    def training_table(
        self,
        start: date | None = None,
        end: date | None = None,
        athlete_id: int | None = None,
        currency: LoadCurrency = LoadCurrency.TSS,
    ) -> TrainingTable:
        """The daily training-load table (fitness, fatigue, form, ACWR, monotony, volume)."""
        from recoverwell.app.training import training_table

        return training_table(self.athlete_scope(athlete_id), start, end, currency)

    def load_gap(
        self, start: date | None = None, end: date | None = None, athlete_id: int | None = None
    ) -> LoadGap | None:
        """Why the sessions between two days have no load, and what to set (None: all have)."""
        from recoverwell.app import verdict

        return verdict.load_gap(self.athlete_scope(athlete_id), start, end)

    def update_load_states(
        self, through: date | None = None, athlete_ids: list[int] | None = None
    ) -> list[LoadStateUpdate]:
        """The nightly job: advance every athlete's stored load state to its last settled day."""
        from recoverwell.app.load_state import update_load_states

        wanted = athlete_ids
        if wanted is not None:  # ids that are no athlete are left out, as before
            known = {a.id for a in self.athletes()}
            wanted = [i for i in wanted if i in known]
        return update_load_states(self.squad(self.actor, wanted), through)

    # --- import ------------------------------------------------------------------------------

    def import_files(
        self,
        paths: Iterable[str | Path],
        *,
        strict: bool = False,
        athlete_id: int | None = None,
        progress: ProgressCallback | None = None,
        workers: int | None = None,
        mapping: Path | str | None = None,
    ) -> ImportReport:
        """Import activity files, folders and archives (see ``app.importing``); one report.
        ``mapping``: a TOML file mapping your own spreadsheet's columns (docs/import.md)."""
        from recoverwell.app.importing import import_paths

        return import_paths(
            self.athlete_scope(athlete_id),
            paths,
            strict=strict,
            progress=progress,
            workers=workers,
            mapping=mapping,
        )


def _id(profile: AthleteProfile) -> int:
    if profile.id is None:
        raise StoreError(f"athlete {profile.name!r} has not been stored yet")
    return profile.id


def open_workspace(
    url: str | None = None, *, settings: Settings | None = None, create: bool = False
) -> Workspace:
    """Open the workspace at ``url`` (default: the SQLite file in the data dir).

    With ``create=True`` the database (and its folder) is created and migrated to the newest
    schema; otherwise it must exist and be at this version's schema (StoreError says what to run).
    """
    settings = settings or load_settings(db=url)
    db_url = url or settings.db_url
    engine = _connect(db_url, settings, create=create)
    workspace = Workspace(engine, db_url, settings)
    try:
        if create:
            migrate.upgrade(engine)
        status = workspace.schema_status()
    except SQLAlchemyError as err:
        engine.dispose()
        raise StoreError(f"cannot read the schema of {workspace.display_url}: {err}") from err
    if not status.up_to_date:
        engine.dispose()
        if status.current is None:
            raise StoreError(f"{status.url} is not a recoverwell workspace", action="init")
        if status.newer:
            raise StoreError(status.newer_message())
        raise StoreError(
            f"{status.url} is at schema {status.current}, this recoverwell needs {status.head}",
            action="db upgrade",
        )
    return workspace


@contextmanager
def _engine_for(url: str | None, settings: Settings | None) -> Iterator[tuple[Engine, str]]:
    settings = settings or load_settings(db=url)
    db_url = url or settings.db_url
    engine = _connect(db_url, settings, create=False)
    try:
        yield engine, db_url
    finally:
        engine.dispose()


def _status(engine: Engine, db_url: str) -> SchemaStatus:
    try:
        current = migrate.current_revision(engine)
    except SQLAlchemyError as err:
        reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
        raise StoreError(f"cannot read the schema of {_display_url(db_url)}: {reason}") from err
    return SchemaStatus(_display_url(db_url), current, migrate.head_revision())


def schema_status(url: str | None = None, *, settings: Settings | None = None) -> SchemaStatus:
    """The schema revision of the database at ``url`` against this version's newest."""
    with _engine_for(url, settings) as (engine, db_url):
        return _status(engine, db_url)


def upgrade_database(url: str | None = None, *, settings: Settings | None = None) -> SchemaStatus:
    """Migrate the existing database at ``url`` to the newest schema; returns the status after."""
    with _engine_for(url, settings) as (engine, db_url):
        before = _status(engine, db_url)
        if before.newer:
            raise StoreError(before.newer_message())
        migrate.upgrade(engine)
        return _status(engine, db_url)
