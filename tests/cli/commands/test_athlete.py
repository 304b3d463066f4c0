"""``recoverwell athlete show|set|add|list|remove`` as a runner uses them: values in the
athlete's units, estimates labelled, a bad value one line with exit 1 and nothing changed."""

import json

import pytest
from typer.testing import CliRunner

from recoverwell.cli import app

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


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


def test_athlete_set_reads_a_bare_mass_in_the_athletes_units(db):
    # Ana counts miles: 126 is 126 lb, not 126 kg (issue 12 item 5, as the check-in reads it)
    data = json.loads(run("--db", db, "athlete", "set", "--mass", "126", "--json").stdout)
    assert data["values"]["body_mass_kg"]["value"] == pytest.approx(126 * 0.45359237)
    metric = json.loads(
        run("--db", db, "athlete", "set", "--units", "km", "--mass", "57", "--json").stdout
    )
    assert metric["values"]["body_mass_kg"]["value"] == pytest.approx(57)


# --- several athletes (issue 12 item 10) -------------------------------------------------------


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
