"""``recoverwell init`` as a runner starts: one workspace, said what it did when run again, and
the next command to run, pasteable as printed."""

import json
import shlex

import pytest
from typer.testing import CliRunner

from recoverwell.cli import app

runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(app, list(args), env=env)


@pytest.fixture
def db(sqlite_url):
    result = run("--db", sqlite_url, "init", "--name", "Ana", "--timezone", "America/Denver")
    assert result.exit_code == 0, result.output
    return sqlite_url


def _hints(output: str) -> list[list[str]]:
    lines = output.split("Next:", 1)[1].strip().splitlines()
    return [shlex.split(line.strip()) for line in lines if line.strip()]


def test_init_under_an_unusable_data_dir_fails_cleanly(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run("--db", f"sqlite:///{blocker}/sub/rw.db", "init")
    assert result.exit_code == 1
    assert "cannot create data directory" in result.stderr


def test_init_hints_without_db_when_it_comes_from_the_environment(sqlite_url):
    result = run("init", "--name", "Ana", env={"RECOVERWELL_DB": sqlite_url})
    assert result.exit_code == 0, result.output
    (words,) = _hints(result.output)
    assert words[:3] == ["recoverwell", "athlete", "set"]
    explicit = run("--db", sqlite_url, "init")
    assert _hints(explicit.output)[0][:3] == ["recoverwell", "--db", sqlite_url]


def test_init_run_again_says_what_it_did_and_refuses_options_it_would_ignore(db):
    again = run("--db", db, "init", "--name", "Ana", "--timezone", "America/Denver")
    assert again.exit_code == 0, again.output
    assert "exists (schema" in again.stdout and "up to date" in again.stdout
    assert "Athletes: 1 Ana; none changed" in again.stdout
    # before: exit 0 and "Workspace already has athlete Ana": --name Ben silently dropped
    other = run("--db", db, "init", "--name", "Ben", "--units", "km")
    assert other.exit_code == 1
    assert other.stderr.count("\n") == 1
    assert "init='--name Ben --units km': this workspace already has athletes: 1 Ana" in (
        other.stderr
    )
    assert "recoverwell athlete add --name Ben" in other.stderr
    names = json.loads(run("--db", db, "athlete", "list", "--json").stdout)
    assert [(a["name"], a["units"]) for a in names] == [("Ana", "mi")]
