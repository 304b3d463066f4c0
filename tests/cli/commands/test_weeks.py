"""``recoverwell weeks``: running volume and load week by week, Monday to Sunday."""

import json

from typer.testing import CliRunner

from recoverwell.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_weeks_lists_each_week_of_real_data_as_json_and_at_80_columns(sqlite_url):
    assert run("--db", sqlite_url, "demo", "--weeks", "3", "--end", "2026-11-22").exit_code == 0
    data = json.loads(run("--db", sqlite_url, "weeks", "--weeks", "2", "--json").stdout)
    assert [w["week_start"] for w in data["weeks"]] == ["2026-11-09", "2026-11-16"]
    assert data["units"] == "mi" and data["weeks"][1]["runs"] > 0
    table = run("--db", sqlite_url, "weeks", "--weeks", "2").stdout
    assert "2026-11-16" in table and "…" not in table  # piped: every column, nothing cut


def test_from_and_to_show_the_weeks_holding_those_days(sqlite_url):
    # the demo ends on Sunday 2026-11-22; Tuesday 11-10 is in the week of Monday 11-09 and
    # Tuesday 11-17 in the week of Monday 11-16
    assert run("--db", sqlite_url, "demo", "--weeks", "4", "--end", "2026-11-22").exit_code == 0
    args = ("--db", sqlite_url, "weeks", "--from", "2026-11-10", "--to", "2026-11-17", "--json")
    data = json.loads(run(*args).stdout)
    assert [w["week_start"] for w in data["weeks"]] == ["2026-11-09", "2026-11-16"]


def test_a_workspace_without_activities_says_how_to_add_them(sqlite_url):
    assert run("--db", sqlite_url, "init", "--name", "Ana").exit_code == 0
    result = run("--db", sqlite_url, "weeks")
    assert result.exit_code == 0, result.output
    assert "No activities yet: recoverwell import FILES" in result.stdout
