"""``recoverwell gear``: distance on each pair of shoes, from Strava's export or set by hand."""

import json

import pytest
from typer.testing import CliRunner

from recoverwell.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


@pytest.fixture
def db(sqlite_url):
    result = run("--db", sqlite_url, "init", "--name", "Ana", "--timezone", "America/Denver")
    assert result.exit_code == 0, result.output
    return sqlite_url


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


def test_without_gear_the_table_says_where_gear_comes_from(db):
    data = json.loads(run("--db", db, "gear", "--json").stdout)
    assert data["gear"] == [] and data["sessions_without_gear"] == 0
    table = run("--db", db, "gear").stdout
    assert "No gear recorded yet" in table and "--gear" in table
