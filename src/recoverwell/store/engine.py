"""``make_engine(url)``: one entry to the database, with the pragmas SQLite needs under load.

SQLite connections get ``journal_mode=WAL``, a busy timeout, ``synchronous=NORMAL`` and foreign
keys on (ecosystem.md §2.4/§3.4: without WAL + busy_timeout, 44–77 % of concurrent requests failed
with "database is locked"). Write transactions (``writing(engine)``) begin with ``BEGIN IMMEDIATE``,
so a transaction that reads and then writes waits on the busy handler instead of failing; read
transactions stay deferred and never block writers under WAL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from recoverwell.core.errors import ConfigError

SUPPORTED = "sqlite:///path/to/file.db or postgresql+psycopg://user@host:5432/dbname"


def parse_db_url(url: str) -> URL:
    """Validate a database URL; ConfigError naming the URL when it is not one we support."""
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise ConfigError(f"invalid database URL {url!r}: expected {SUPPORTED}") from err
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        if parsed.drivername == "postgresql":  # plain postgresql:// → the psycopg 3 driver
            parsed = parsed.set(drivername="postgresql+psycopg")
        if parsed.drivername != "postgresql+psycopg":
            raise ConfigError(
                f"unsupported PostgreSQL driver in {url!r}: use postgresql+psycopg://"
            )
        if not parsed.database:
            raise ConfigError(f"database URL {url!r} names no database")
        return parsed
    if backend == "sqlite":
        if parsed.drivername != "sqlite":
            raise ConfigError(f"unsupported SQLite driver in {url!r}: use sqlite:///path")
        return parsed
    raise ConfigError(f"unsupported database URL {url!r}: expected {SUPPORTED}")


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for in-memory and non-SQLite URLs."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def make_engine(url: str, *, busy_timeout_ms: int = 5000, **kwargs: Any) -> Engine:
    """An Engine for ``sqlite:///…`` or ``postgresql+psycopg://…`` with our connection settings."""
    parsed = parse_db_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, **kwargs)
            _configure_sqlite(engine, busy_timeout_ms)
            return engine
        return create_engine(parsed, pool_pre_ping=True, **kwargs)
    except (NoSuchModuleError, ImportError) as err:
        raise ConfigError(
            f"no driver for {parsed.drivername}: install recoverwell[postgres]"
        ) from err


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, manage transactions, so BEGIN IMMEDIATE below is ours.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get(_WRITE_OPTION) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


_WRITE_OPTION = "recoverwell_write"


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A connection inside one write transaction: committed on success, rolled back on error.

    On SQLite the transaction starts with ``BEGIN IMMEDIATE``; on PostgreSQL it is a plain BEGIN.
    """
    with engine.connect().execution_options(**{_WRITE_OPTION: True}) as conn, conn.begin():
        yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection inside one read transaction, rolled back at the end: one consistent snapshot
    for every statement in it (SQLite: a deferred transaction under WAL; PostgreSQL:
    REPEATABLE READ, read only, since its default READ COMMITTED gives each statement its own)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
        with conn.begin():
            yield conn
