"""Alembic runs unchanged on SQLite and PostgreSQL: up, down to base, up again."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from recoverwell.store import migrate
from recoverwell.store.engine import make_engine
from recoverwell.store.schema import metadata


def _tables(engine):
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade_on_both_databases(db_url):
    engine = make_engine(db_url)
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert _tables(engine) == set(metadata.tables)
        migrate.downgrade(engine, "base")
        assert migrate.current_revision(engine) is None
        assert _tables(engine) == set()
        migrate.upgrade(engine)
        assert _tables(engine) == set(metadata.tables)
    finally:
        engine.dispose()


def test_migrations_build_exactly_the_declared_schema(db_url):
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), metadata
            )
        assert diff == []
    finally:
        engine.dispose()


def test_the_alembic_command_line_works_from_the_repository(db_url):
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]

    def alembic(*args):
        done = subprocess.run(
            [sys.executable, "-m", "alembic", "-x", f"db={db_url}", *args],
            cwd=repo,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    alembic("upgrade", "head")
    assert migrate.head_revision() in alembic("current")
    alembic("downgrade", "base")
    alembic("upgrade", "head")
    engine = make_engine(db_url)
    try:
        assert _tables(engine) == set(metadata.tables)
    finally:
        engine.dispose()
