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
from datetime import date, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from recoverwell.advice.readiness import Readiness
from recoverwell.advice.readiness_settings import ReadinessSettings, readiness_settings
from recoverwell.app.recovery import HISTORY_D, LoadArrays, RecoveryView, recovery_view
from recoverwell.app.training import TrainingTable, load_arrays, load_history, training_table
from recoverwell.core.athlete import AthleteProfile, ResolvedProfile
from recoverwell.core.config import Settings, load_settings
from recoverwell.core.errors import ConfigError, NotFound, StoreError
from recoverwell.core.timeutil import local_day, parse_timezone, today_in
from recoverwell.core.types import Activity, Observation, SleepPeriod, StoredActivity
from recoverwell.metrics.session import LoadCurrency
from recoverwell.store import migrate, repository
from recoverwell.store.athletes import athlete_data_counts, delete_athlete
from recoverwell.store.engine import make_engine, parse_db_url, reading, sqlite_path, writing
from recoverwell.store.wellness import list_niggles

if TYPE_CHECKING:  # loaded by the methods that use them: a command loads only what it needs
    from recoverwell.app.activity_fixes import ActivityDetail, ActivityEdit, ActivityProblem
    from recoverwell.app.importing import ImportReport, ProgressCallback
    from recoverwell.app.load_gaps import LoadGap
    from recoverwell.app.load_state import LoadStateUpdate


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


def _id(profile: AthleteProfile) -> int:
    if profile.id is None:
        raise StoreError(f"athlete {profile.name!r} has not been stored yet")
    return profile.id


class Workspace:
    """One database of athletes and their data; the object every interface works through."""

    def __init__(self, engine: Engine, url: str, settings: Settings) -> None:
        self.engine = engine
        self.url = url
        self.settings = settings

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

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with writing(self.engine) as conn:
                yield conn
        except OperationalError as err:
            raise StoreError(f"database write failed: {err.orig}") from err

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with reading(self.engine) as conn:
                yield conn
        except OperationalError as err:
            raise StoreError(f"database read failed: {err.orig}") from err

    def schema_status(self) -> SchemaStatus:
        """The database's schema revision against this version's newest."""
        return _status(self.engine, self.url)

    # --- athletes ----------------------------------------------------------------------------

    def athletes(self) -> list[AthleteProfile]:
        """Every athlete in the workspace."""
        with self._read() as conn:
            return repository.list_athletes(conn)

    def athlete(self, athlete_id: int | None = None) -> AthleteProfile:
        """One athlete; without an id, the workspace's first (a runner's own workspace has one).

        Interfaces never rely on "the first" in a workspace of several: they resolve what the
        user gave with ``app.athletes.find_athlete``, which refuses to guess, and pass the id.
        """
        with self._read() as conn:
            if athlete_id is not None:
                return repository.get_athlete(conn, athlete_id)
            found = repository.list_athletes(conn)
        if not found:
            raise NotFound("no athlete in this workspace yet", action="init")
        return found[0]

    def athlete_data(self, athlete_id: int) -> dict[str, int]:
        """How many activities, daily readings, sleep periods, … the athlete has."""
        with self._read() as conn:
            repository.get_athlete(conn, athlete_id)  # NotFound for a wrong id
            return athlete_data_counts(conn, athlete_id)

    def remove_athlete(self, athlete_id: int) -> dict[str, int]:
        """Delete the athlete and all their data in one transaction; returns what was removed
        (the counts of ``athlete_data``)."""
        with self._write() as conn:
            repository.get_athlete(conn, athlete_id)
            removed = athlete_data_counts(conn, athlete_id)
            delete_athlete(conn, athlete_id)
        return removed

    def create_athlete(self, profile: AthleteProfile) -> AthleteProfile:
        """Add an athlete (validated); returns it with its id."""
        validated = profile.with_changes()
        with self._write() as conn:
            return repository.create_athlete(conn, validated)

    def update_athlete(self, athlete_id: int | None = None, **changes: object) -> AthleteProfile:
        """Change profile fields (``None`` clears one); nothing is written if any value is bad."""
        updated = self.athlete(athlete_id).with_changes(**changes)
        with self._write() as conn:
            return repository.update_athlete(conn, updated)

    def resolved_profile(
        self, athlete_id: int | None = None, today: date | None = None
    ) -> ResolvedProfile:
        """The profile with estimates for unset values, each labelled as an estimate: from the
        runner's own runs where they support one (``app/estimates.py``), else age/Karvonen."""
        profile = self.athlete(athlete_id)
        day = today or today_in(parse_timezone(profile.timezone))
        from recoverwell.app import estimates

        return estimates.resolved_profile(self, profile, day)

    def today(self, athlete_id: int | None = None) -> date:
        """Today in the athlete's timezone."""
        return today_in(parse_timezone(self.athlete(athlete_id).timezone))

    # --- activities --------------------------------------------------------------------------

    def add_activities(
        self, activities: Sequence[Activity], athlete_id: int | None = None
    ) -> list[int]:
        """Store activities in one transaction (all or none); returns their ids."""
        profile = self.athlete(athlete_id)
        tz = parse_timezone(profile.timezone)
        with self._write() as conn:
            return [
                repository.insert_activity(
                    conn, _id(profile), a, local_day(a.start_time, tz, a.utc_offset_s)
                )
                for a in activities
            ]

    def activities(
        self,
        start: date | None = None,
        end: date | None = None,
        athlete_id: int | None = None,
    ) -> list[StoredActivity]:
        """The athlete's activities between two local days (inclusive), oldest first."""
        athlete = _id(self.athlete(athlete_id))
        with self._read() as conn:
            return repository.list_activities(conn, athlete, start, end)

    def activity(self, activity_id: int, athlete_id: int | None = None) -> StoredActivity:
        """One activity with its laps and sample streams."""
        athlete = _id(self.athlete(athlete_id))
        with self._read() as conn:
            return repository.get_activity(conn, athlete, activity_id)

    def activity_detail(self, activity_id: int, athlete_id: int | None = None) -> ActivityDetail:
        """One activity with its laps, its load and model, its problems and the athlete's edits."""
        from recoverwell.app import activity_fixes

        return activity_fixes.activity_detail(self, activity_id, athlete_id)

    def activity_problems(
        self, start: date | None = None, end: date | None = None, athlete_id: int | None = None
    ) -> list[ActivityProblem]:
        """Sessions the numbers leave out or count without load (excluded, load failed, none)."""
        from recoverwell.app import activity_fixes

        return activity_fixes.activity_problems(self, start, end, athlete_id)

    def edit_activity(
        self, activity_id: int, change: ActivityEdit, athlete_id: int | None = None
    ) -> StoredActivity:
        """Change an activity's sport, name, RPE or exclusion; the load state rebuilds next."""
        from recoverwell.app import activity_fixes

        return activity_fixes.edit(self, activity_id, change, athlete_id)

    def delete_activity(self, activity_id: int, athlete_id: int | None = None) -> StoredActivity:
        """Delete one activity; returns what was deleted; the load state rebuilds next."""
        from recoverwell.app import activity_fixes

        return activity_fixes.delete(self, activity_id, athlete_id)

    def reset_athlete_data(self, athlete_id: int | None = None) -> None:
        """Delete an athlete's activities, observations and import history (profile kept)."""
        athlete = _id(self.athlete(athlete_id))
        with self._write() as conn:
            repository.delete_athlete_data(conn, athlete)

    # --- recovery signals and the readiness verdict ----------------------------------------------

    def observations(
        self,
        start: date | None = None,
        end: date | None = None,
        signals: Sequence[str] | None = None,
        athlete_id: int | None = None,
    ) -> list[Observation]:
        """The athlete's daily observations between two days (inclusive), by day then signal."""
        athlete = _id(self.athlete(athlete_id))
        with self._read() as conn:
            return repository.list_observations(conn, athlete, signals, start, end)

    def add_observations(
        self, observations: Iterable[Observation], athlete_id: int | None = None
    ) -> tuple[int, int, int]:
        """Store observations in one transaction; returns (new, changed, unchanged)."""
        athlete = _id(self.athlete(athlete_id))
        with self._write() as conn:
            return repository.upsert_observations(conn, athlete, observations)

    def sleep_periods(
        self, start: date | None = None, end: date | None = None, athlete_id: int | None = None
    ) -> list[tuple[date, SleepPeriod]]:
        """(wake day, period) pairs between two wake days (inclusive), by start time."""
        athlete = _id(self.athlete(athlete_id))
        with self._read() as conn:
            return repository.list_sleep_periods(conn, athlete, start, end)

    def add_sleep_periods(
        self, periods: Iterable[tuple[date, SleepPeriod]], athlete_id: int | None = None
    ) -> tuple[int, int, int]:
        """Store (wake day, period) pairs in one transaction; returns (new, changed, unchanged)."""
        athlete = _id(self.athlete(athlete_id))
        with self._write() as conn:
            return repository.upsert_sleep_periods(conn, athlete, periods)

    def readiness_settings(self) -> ReadinessSettings:
        """Readiness weights and thresholds: defaults with the ``readiness`` setting applied."""
        return readiness_settings(dict(self.settings.readiness))

    def recovery(
        self,
        end: date | None = None,
        days: int = HISTORY_D,
        athlete_id: int | None = None,
        load: LoadArrays | None = None,
    ) -> RecoveryView:
        """Signals and recovery state for the ``days`` days ending on ``end`` (default: today).

        ``load`` (ACWR and form after each day) defaults to the athlete's own training-load
        table; an athlete without recorded training has no load component (lower coverage).
        """
        profile = self.athlete(athlete_id)
        tz = parse_timezone(profile.timezone)
        end = end or today_in(tz)
        start = end - timedelta(days=days - 1)
        if load is None:
            load = load_arrays(self.training_table(start, end, profile.id), start, end)
        observations = self.observations(start, end, athlete_id=profile.id)
        periods = self.sleep_periods(start, end, athlete_id=profile.id)
        with self._read() as conn:
            niggles = list_niggles(conn, _id(profile), start, end)
        settings = self.readiness_settings()
        return recovery_view(
            observations,
            periods,
            start,
            end,
            tz,
            settings,
            load,
            niggles,
            profile.sex,
            profile.body_mass_kg,
        )

    def readiness(
        self,
        day: date | None = None,
        athlete_id: int | None = None,
        load: LoadArrays | None = None,
    ) -> Readiness:
        """The readiness verdict for the morning of ``day`` (default: today)."""
        view = self.recovery(day, athlete_id=athlete_id, load=load)
        return view.verdict(view.recovery.signals.day(view.recovery.signals.n_days - 1))

    # --- training load (issue 5) -------------------------------------------------------------

    def training_table(
        self,
        start: date | None = None,
        end: date | None = None,
        athlete_id: int | None = None,
        currency: LoadCurrency = LoadCurrency.TSS,
    ) -> TrainingTable:
        """The daily training-load table (fitness, fatigue, form, ACWR, monotony, volume)."""
        return training_table(self, start, end, athlete_id, currency)

    def load_gap(
        self, start: date | None = None, end: date | None = None, athlete_id: int | None = None
    ) -> LoadGap | None:
        """Why the sessions between two days have no load, and what to set (None: all have)."""
        from recoverwell.app.load_gaps import load_gap

        return load_gap(self, load_history(self, athlete_id), start, end)

    def update_load_states(
        self, through: date | None = None, athlete_ids: list[int] | None = None
    ) -> list[LoadStateUpdate]:
        """The nightly job: advance every athlete's stored load state to its last settled day."""
        from recoverwell.app.load_state import update_load_states

        return update_load_states(self, through, athlete_ids)

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
            self,
            paths,
            strict=strict,
            athlete_id=athlete_id,
            progress=progress,
            workers=workers,
            mapping=mapping,
        )


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
