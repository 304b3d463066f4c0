"""The command line as a user runs it: one line and exit 1 on any user error."""

import json
import shlex
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from recoverwell.cli import app

runner = CliRunner()


def run(*args, env=None, input=None):
    return runner.invoke(app, list(args), env=env, input=input)


@pytest.fixture
def db(sqlite_url):
    result = run("--db", sqlite_url, "init", "--name", "Ana", "--timezone", "America/Denver")
    assert result.exit_code == 0, result.output
    return sqlite_url


def test_init_then_athlete_show_as_json(db):
    result = run("--db", db, "athlete", "show", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["name"] == "Ana" and data["units"] == "mi"
    hr_max = data["values"]["hr_max_bpm"]
    assert hr_max["value"] is None and hr_max["origin"] == "unknown"
    assert hr_max["method"].startswith("from your runs: no run with heart rate")  # why no estimate


def test_the_database_can_come_from_the_environment(db):
    result = run("athlete", "show", "--json", env={"RECOVERWELL_DB": db})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["name"] == "Ana"


def test_athlete_set_converts_units_and_labels_estimates(db):
    result = run(
        "--db",
        db,
        "athlete",
        "set",
        "--birth-year",
        "1990",
        "--hr-rest",
        "45",
        "--mass",
        "126lb",
        "--threshold-pace",
        "5:50/mi",
        "--json",
    )
    assert result.exit_code == 0, result.output
    values = json.loads(result.stdout)["values"]
    assert values["body_mass_kg"]["value"] == pytest.approx(126 * 0.45359237)
    assert values["threshold_pace_s_per_km"]["value"] == pytest.approx(350 / 1.609344)
    assert values["hr_max_bpm"]["origin"] == "estimated"
    assert values["lthr_bpm"]["origin"] == "estimated"
    shown = run("--db", db, "athlete", "show")
    assert "estimated" in shown.stdout and "5:50/mi" in shown.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["athlete", "set", "--hr-max", "400"], "hr_max_bpm=400.0"),
        (["athlete", "set", "--mass", "-5"], "mass='-5'"),
        (["athlete", "set", "--timezone", "Mars/Base"], "Mars/Base"),
        (["athlete", "set", "--clear", "name"], "clear='name'"),
        (["athlete", "set"], "nothing to change"),
    ],
)
def test_bad_values_are_one_line_exit_1_and_change_nothing(db, args, named):
    before = run("--db", db, "athlete", "show", "--json").stdout
    result = run("--db", db, *args)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert named in result.stderr
    assert run("--db", db, "athlete", "show", "--json").stdout == before


@pytest.mark.parametrize("url", ["mysql://me@host/db", "not a url"])
def test_a_bad_db_url_is_one_line_naming_it(url):
    result = run("--db", url, "athlete", "show")
    assert result.exit_code == 1
    assert url in result.stderr and result.stderr.count("\n") == 1


def test_a_missing_workspace_says_what_to_run(sqlite_url):
    result = run("--db", sqlite_url, "athlete", "show")
    assert result.exit_code == 1
    assert "recoverwell init" in result.stderr


def test_init_under_an_unusable_data_dir_fails_cleanly(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run("--db", f"sqlite:///{blocker}/sub/rw.db", "init")
    assert result.exit_code == 1
    assert "cannot create data directory" in result.stderr


def test_db_status_and_upgrade(db):
    status = json.loads(run("--db", db, "db", "status", "--json").stdout)
    assert status["up_to_date"] is True
    result = run("--db", db, "db", "upgrade")
    assert result.exit_code == 0 and "already at schema" in result.stdout


def test_usage_errors_exit_2():
    assert run("athlete", "set", "--hr-max", "high").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_demo_loads_a_synthetic_athlete(sqlite_url):
    result = run("--db", sqlite_url, "demo", "--weeks", "2", "--end", "2026-11-22", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["load"]["activities"] == 16
    assert data["load"]["athlete"]["synthetic"] is True
    assert len(data["weeks"]) == 2


def test_python_dash_m_runs_the_cli():
    done = subprocess.run(
        [sys.executable, "-m", "recoverwell", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("recoverwell ")


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


def test_init_hints_without_db_when_it_comes_from_the_environment(sqlite_url):
    result = run("init", "--name", "Ana", env={"RECOVERWELL_DB": sqlite_url})
    assert result.exit_code == 0, result.output
    (words,) = _hints(result.output)
    assert words[:3] == ["recoverwell", "athlete", "set"]
    explicit = run("--db", sqlite_url, "init")
    assert _hints(explicit.output)[0][:3] == ["recoverwell", "--db", sqlite_url]


def test_weeks_lists_each_week_of_real_data_as_json_and_at_80_columns(sqlite_url):
    assert run("--db", sqlite_url, "demo", "--weeks", "3", "--end", "2026-11-22").exit_code == 0
    data = json.loads(run("--db", sqlite_url, "weeks", "--weeks", "2", "--json").stdout)
    assert [w["week_start"] for w in data["weeks"]] == ["2026-11-09", "2026-11-16"]
    assert data["units"] == "mi" and data["weeks"][1]["runs"] > 0
    table = run("--db", sqlite_url, "weeks", "--weeks", "2").stdout
    assert "2026-11-16" in table and "…" not in table  # piped: every column, nothing cut


def test_athlete_set_reads_a_bare_mass_in_the_athletes_units(db):
    # Ana counts miles: 126 is 126 lb, not 126 kg (issue 12 item 5, as the check-in reads it)
    data = json.loads(run("--db", db, "athlete", "set", "--mass", "126", "--json").stdout)
    assert data["values"]["body_mass_kg"]["value"] == pytest.approx(126 * 0.45359237)
    metric = json.loads(
        run("--db", db, "athlete", "set", "--units", "km", "--mass", "57", "--json").stdout
    )
    assert metric["values"]["body_mass_kg"]["value"] == pytest.approx(57)


def test_gear_lists_shoe_mileage_and_an_edit_sets_the_shoes(db, corpus):
    sample = corpus / "exports/strava/TheNewThinkTank__strava-insights/data/activities.csv"
    assert run("--db", db, "import", str(sample), "--json").exit_code == 0
    data = json.loads(run("--db", db, "gear", "--json").stdout)
    pegasus = next(g for g in data["gear"] if g["gear"] == "pegasus")
    assert pegasus["runs"] == 10 and pegasus["distance_mi"] > 0
    ids = [a["id"] for a in json.loads(run("--db", db, "activities", "--json").stdout)]
    edited = run("--db", db, "activity", "edit", str(ids[0]), "--gear", "Vaporfly 3")
    assert edited.exit_code == 0, edited.output
    after = json.loads(run("--db", db, "gear", "--json").stdout)
    assert any(g["gear"] == "Vaporfly 3" and g["sessions"] == 1 for g in after["gear"])
    assert "Vaporfly 3" in run("--db", db, "gear").stdout


# --- several athletes (issue 12 item 10) -------------------------------------------------------


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


def test_athlete_add_list_and_remove_with_confirmation(db):
    added = run("--db", db, "athlete", "add", "--name", "Ben", "--units", "km", "--json")
    assert added.exit_code == 0, added.output
    ben = json.loads(added.stdout)
    assert (ben["id"], ben["name"], ben["units"]) == (2, "Ben", "km")
    checkin = run("--db", db, "checkin", "--athlete", "Ben", "--day", "2026-11-20",
                  "--sleep", "3", "--fatigue", "4", "--no-ask")  # fmt: skip
    assert checkin.exit_code == 0, checkin.output
    listed = run("--db", db, "athlete", "list").stdout
    assert "Ana" in listed and "Ben" in listed
    refused = run("--db", db, "athlete", "remove", "Ben", input="n\n")
    assert refused.exit_code == 1 and "Remove athlete 2 Ben and all their data" in refused.output
    assert "2 daily readings" in refused.output
    assert len(json.loads(run("--db", db, "athlete", "list", "--json").stdout)) == 2
    removed = run("--db", db, "athlete", "remove", "2", "--yes")
    assert removed.exit_code == 0, removed.output
    assert removed.stdout == "Removed athlete 2 Ben with 2 daily readings.\n"
    left = json.loads(run("--db", db, "athlete", "list", "--json").stdout)
    assert [a["name"] for a in left] == ["Ana"]
    assert run("--db", db, "athlete", "show", "--json").exit_code == 0  # Ana is the only one


def test_removing_an_athlete_that_is_not_there_changes_nothing(db):
    result = run("--db", db, "athlete", "remove", "Cy", "--yes")
    assert result.exit_code == 1
    assert result.stderr == "Error: no athlete named 'Cy': this workspace has 1 Ana\n"
