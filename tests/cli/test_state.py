"""cli/state.py: which workspace the global options point at, and the command lines the CLI
prints for the user to paste (the program as it was started, ``--db`` only when it is needed)."""

import os
import sys
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from recoverwell.cli import app
from recoverwell.cli.state import CliState, command_hint, program

runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(app, list(args), env=env)


@pytest.fixture
def db(sqlite_url):
    result = run("--db", sqlite_url, "init", "--name", "Ana", "--timezone", "America/Denver")
    assert result.exit_code == 0, result.output
    return sqlite_url


def _context(db: str | None) -> typer.Context:
    return typer.Context(get_command(app), obj=CliState(db=db))


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


# --- the workspace the options point at ----------------------------------------------------------


def test_the_database_can_come_from_the_environment(db):
    result = run("athlete", "show", "--json", env={"RECOVERWELL_DB": db})
    assert result.exit_code == 0, result.output
    assert '"name": "Ana"' in result.stdout


@pytest.mark.parametrize("url", ["mysql://me@host/db", "not a url"])
def test_a_bad_db_url_is_one_line_naming_it(url):
    result = run("--db", url, "athlete", "show")
    assert result.exit_code == 1
    assert url in result.stderr and result.stderr.count("\n") == 1


def test_a_missing_workspace_says_what_to_run(sqlite_url):
    result = run("--db", sqlite_url, "athlete", "show")
    assert result.exit_code == 1
    assert "recoverwell init" in result.stderr


# --- how to run recoverwell again from this shell ------------------------------------------------


def test_a_program_started_under_another_name_is_called_recoverwell(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/usr/lib/python3/site-packages/pytest/__main__.py"])
    assert program() == "recoverwell"


def test_a_program_in_the_working_directory_is_shown_relative_to_it(monkeypatch, tmp_path):
    started = _executable(tmp_path / ".venv" / "bin" / "recoverwell")  # as `make demo` runs it
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(sys, "argv", [str(started)])
    assert program() == ".venv/bin/recoverwell"
    monkeypatch.chdir(started.parent)
    assert program() == "./recoverwell"  # a bare name would search PATH, not this folder


def test_a_program_outside_the_working_directory_is_its_quoted_absolute_path(monkeypatch, tmp_path):
    started = _executable(tmp_path / "my tools" / "recoverwell")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(sys, "argv", [str(started)])
    assert program() == f"'{started}'"


def test_the_program_found_first_on_path_is_just_recoverwell(monkeypatch, tmp_path):
    started = _executable(tmp_path / "bin" / "recoverwell")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(started.parent) + os.pathsep + "/usr/bin")
    monkeypatch.setattr(sys, "argv", [str(started)])
    assert program() == "recoverwell"


def test_a_hint_repeats_the_db_option_and_quotes_every_word(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["pytest"])
    monkeypatch.delenv("RECOVERWELL_DB", raising=False)
    hint = command_hint(_context("sqlite:////tmp/my runs/rw.db"), "gear", "--set", "Pegasus 40")
    assert hint == "recoverwell --db 'sqlite:////tmp/my runs/rw.db' gear --set 'Pegasus 40'"


def test_a_hint_leaves_out_a_db_the_shell_still_has_or_none_was_given(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["pytest"])
    monkeypatch.setenv("RECOVERWELL_DB", "sqlite:////tmp/rw.db")
    assert command_hint(_context("sqlite:////tmp/rw.db"), "readiness") == "recoverwell readiness"
    assert command_hint(_context(None), "readiness") == "recoverwell readiness"
    other = command_hint(_context("sqlite:////tmp/other.db"), "readiness")
    assert other == "recoverwell --db sqlite:////tmp/other.db readiness"
