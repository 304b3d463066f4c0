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


def test_0008_adds_the_edit_columns_and_keeps_every_stored_activity(db_url):
    # issue 11: the athlete's exclusions and edits (activities), an edit's rebuild reason
    # (load_states); a workspace at 0007 keeps its rows going up and coming back down
    from datetime import UTC, date, datetime

    from sqlalchemy import text

    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine, "0007")
        start = datetime(2026, 5, 4, 12, tzinfo=UTC).replace(tzinfo=None)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO athletes (id, name) VALUES (1, 'Ana')"))
            conn.execute(
                text(
                    "INSERT INTO activities (id, athlete_id, start_time, local_date, sport, "
                    "elapsed_s) VALUES (7, 1, :start, :day, 'running', 3600)"
                ),
                {"start": start, "day": date(2026, 5, 4)},
            )
        migrate.upgrade(engine)
        columns = {c["name"] for c in inspect(engine).get_columns("activities")}
        assert {"excluded", "edited"} <= columns
        assert "stale_reason" in {c["name"] for c in inspect(engine).get_columns("load_states")}
        with engine.begin() as conn:
            row = conn.execute(text("SELECT id, excluded, edited FROM activities")).one()
            assert tuple(row) == (7, None, None)  # every stored session still counts
            conn.execute(text("UPDATE activities SET excluded = 'GPS glitch', edited = 'excluded'"))
        migrate.downgrade(engine, "0007")
        columns = {c["name"] for c in inspect(engine).get_columns("activities")}
        assert "excluded" not in columns and "edited" not in columns
        with engine.connect() as conn:
            assert conn.execute(text("SELECT id, sport FROM activities")).one() == (7, "running")
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        # 0009: the gear column, NULL for every stored session, gone again on the way down
        with engine.connect() as conn:
            assert conn.execute(text("SELECT gear FROM activities")).one() == (None,)
        migrate.downgrade(engine, "0008")
        assert "gear" not in {c["name"] for c in inspect(engine).get_columns("activities")}
        assert "excluded" in {c["name"] for c in inspect(engine).get_columns("activities")}
    finally:
        engine.dispose()


def test_0011_counts_activity_writes_and_coming_down_keeps_every_athletes_data(db_url):
    # issue 13: athletes.load_generation, bumped by triggers on activities; on SQLite a batch
    # drop of the column would copy athletes and cascade-delete their activities
    from sqlalchemy import text

    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine, "0010")
        insert = (
            "INSERT INTO activities (id, athlete_id, start_time, local_date, sport, elapsed_s) "
            "VALUES (:id, 1, :start, '2026-05-04', 'running', 3600)"
        )
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO athletes (id, name) VALUES (1, 'Ana')"))
            conn.execute(text(insert), {"id": 7, "start": "2026-05-04 07:00:00"})
        migrate.upgrade(engine)
        with engine.begin() as conn:
            assert conn.execute(text("SELECT load_generation FROM athletes")).one() == (0,)
            conn.execute(text(insert), {"id": 8, "start": "2026-05-04 18:00:00"})
            conn.execute(text("DELETE FROM activities WHERE id = 7"))
            assert conn.execute(text("SELECT load_generation FROM athletes")).one() == (2,)
        migrate.downgrade(engine, "0010")
        assert "load_generation" not in {c["name"] for c in inspect(engine).get_columns("athletes")}
        with engine.connect() as conn:
            assert conn.execute(text("SELECT id FROM activities")).all() == [(8,)]
            assert conn.execute(text("SELECT name FROM athletes")).all() == [("Ana",)]
    finally:
        engine.dispose()


def test_where_a_database_stands_is_read_as_alembic_reads_it(db_url):
    # issue 12 item 6: every command opens its workspace through these, without Alembic
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == scripts.get_current_head()
    assert migrate.revisions() == {s.revision: s.down_revision for s in scripts.walk_revisions()}
    assert not migrate.is_known_revision("0099_future")
    engine = make_engine(db_url)
    try:
        for revision in (None, "0004", "head"):
            if revision is not None:
                migrate.upgrade(engine, revision)
            with engine.connect() as conn:
                expected = MigrationContext.configure(conn).get_current_revision()
            assert migrate.current_revision(engine) == expected
    finally:
        engine.dispose()


def test_reading_the_revisions_does_not_load_alembic(tmp_path):
    # issue 12 item 6: Alembic and its script directory cost a command more than its own work
    import subprocess
    import sys

    code = (
        "import sys; from recoverwell.store import migrate; "
        "from recoverwell.store.engine import make_engine; "
        f"e = make_engine('sqlite:///{tmp_path / 'rw.db'}'); "
        "print(migrate.head_revision(), migrate.current_revision(e), 'alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [migrate.head_revision(), "None", "False"]
