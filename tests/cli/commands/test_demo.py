"""``recoverwell demo``: a synthetic athlete loaded and shown, with next commands that run as
printed."""

import json
import shlex
import sys

from typer.testing import CliRunner

from recoverwell.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_demo_loads_a_synthetic_athlete(sqlite_url):
    result = run("--db", sqlite_url, "demo", "--weeks", "2", "--end", "2026-11-22", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["load"]["activities"] == 16
    assert data["load"]["athlete"]["synthetic"] is True
    assert len(data["weeks"]) == 2


def test_the_demo_table_shows_climb_in_the_athletes_units_and_marks_a_part_week(sqlite_url):
    """The demo runner counts miles: climb in feet, as `recoverwell metrics` shows descent; a
    week cut by the last day of data is marked, not shown as a sudden drop in volume."""
    result = run("--db", sqlite_url, "demo", "--weeks", "2", "--end", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert "Climb (ft)" in result.output and "Climb (m)" not in result.output
    assert "2026-11-23*" in result.output
    assert "* week to 2026-11-24: 2 of 7 days" in result.output


def _hints(output: str) -> list[list[str]]:
    lines = output.split("Next:", 1)[1].strip().splitlines()
    return [shlex.split(line.strip()) for line in lines if line.strip()]


def test_every_next_hint_of_the_demo_runs_as_printed(sqlite_url, monkeypatch, tmp_path):
    program = tmp_path / ".venv" / "bin" / "recoverwell"  # as `make demo` starts it
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(program), "demo"])
    result = run("--db", sqlite_url, "demo", "--weeks", "2", "--end", "2026-11-22")
    assert result.exit_code == 0, result.output
    hints = _hints(result.output)
    assert len(hints) == 4
    for words in hints:
        assert words[:3] == [".venv/bin/recoverwell", "--db", sqlite_url]
        again = run(*words[1:])
        assert again.exit_code == 0, (words, again.output)
