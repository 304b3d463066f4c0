"""``recoverwell db status|upgrade``: where the schema stands and the migration to this version."""

import json

import pytest
from typer.testing import CliRunner

from recoverwell.cli import app
from recoverwell.store.migrate import head_revision

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


@pytest.fixture
def db(sqlite_url):
    result = run("--db", sqlite_url, "init", "--name", "Ana", "--timezone", "America/Denver")
    assert result.exit_code == 0, result.output
    return sqlite_url


def test_db_status_and_upgrade(db):
    status = json.loads(run("--db", db, "db", "status", "--json").stdout)
    assert status["up_to_date"] is True
    result = run("--db", db, "db", "upgrade")
    assert result.exit_code == 0 and "already at schema" in result.stdout


def test_a_database_that_is_no_workspace_is_one_line_and_is_not_created(sqlite_url, tmp_path):
    (tmp_path / "ws").mkdir()
    for args in (("db", "status", "--json"), ("db", "upgrade")):
        result = run("--db", sqlite_url, *args)
        assert result.exit_code == 1, result.output
        assert result.stderr.count("\n") == 1
        assert "no workspace at" in result.stderr and "run `recoverwell init`" in result.stderr
    assert list((tmp_path / "ws").iterdir()) == []


def test_status_names_the_revision_this_version_needs(db):
    status = json.loads(run("--db", db, "db", "status", "--json").stdout)
    assert status["current"] == status["head"] == head_revision()
    assert status["newer"] is False
    table = run("--db", db, "db", "status").stdout
    assert f"schema {head_revision()} (needs {head_revision()}) up to date" in " ".join(
        table.split()
    )
