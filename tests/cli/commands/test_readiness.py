"""`recoverwell readiness` as a user runs it, and the demo's verdict."""

import json

import pytest
from typer.testing import CliRunner

from recoverwell.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def flat(text):
    """Rich wraps and boxes lines; compare words, not layout."""
    return " ".join(text.replace("│", " ").split())


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'rw.db'}"
    result = run("--db", url, "demo", "--weeks", "10", "--end", "2026-11-22")
    assert result.exit_code == 0, result.output
    return url, result.stdout


def test_the_demo_prints_the_verdict_with_the_disclaimer(demo_db):
    out = flat(demo_db[1])
    assert "Readiness 2026-11-23" in out
    assert "Signs of accumulated fatigue" in out
    assert "does not diagnose" in out
    assert "synthetic" in out


def test_readiness_as_json(demo_db):
    url, _ = demo_db
    result = run("--db", url, "readiness", "--date", "2026-11-23", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    verdict = data["readiness"]
    assert verdict["day"] == "2026-11-23"
    assert verdict["light"] in {"amber", "red"}
    assert verdict["reasons"][0]["rule_id"] == "accumulated_fatigue"
    assert [c["key"] for c in verdict["components"]] == ["hrv", "rhr", "sleep", "wellness", "load"]
    assert verdict["coverage"] == pytest.approx(1.0)  # every component, load included
    assert data["explanation"]["disclaimer"].startswith("This app offers general wellness")


def test_the_demo_athlete_has_no_red_flags(demo_db):
    url, _ = demo_db
    for day in ("2026-11-08", "2026-11-23"):
        result = run("--db", url, "readiness", "--date", day, "--json")
        findings = json.loads(result.stdout)["readiness"]["findings"]
        assert not [f for f in findings if f["severity"] in ("refer", "urgent")], day
        assert json.loads(result.stdout)["explanation"]["urgent"] is False


def test_before_the_late_block_the_demo_is_mostly_green(demo_db):
    url, _ = demo_db
    result = run("--db", url, "trends", "--end", "2026-11-08", "--days", "14", "--json")
    lights = [day["light"] for day in json.loads(result.stdout)["days"]]
    assert "red" not in lights
    assert lights.count("green") >= 9
    table = flat(run("--db", url, "readiness", "--date", "2026-11-08").stdout)
    assert "Data coverage" in table and "does not diagnose" in table


def test_an_empty_workspace_gets_no_verdict(sqlite_url):
    assert run("--db", sqlite_url, "init", "--name", "Ana").exit_code == 0
    result = run("--db", sqlite_url, "readiness", "--json")
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)["readiness"]
    assert verdict["light"] == "grey" and verdict["score"] is None
    assert verdict["reasons"][0]["rule_id"] == "not_enough_data"


def test_a_bad_date_is_one_line_and_exit_1(demo_db):
    url, _ = demo_db
    result = run("--db", url, "readiness", "--date", "23/11/2026")
    assert result.exit_code == 1
    assert "--day" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_readiness_says_which_way_its_z_column_points(demo_db):
    """The table's z is oriented (+ = better recovered): resting HR above normal shows a
    negative z there, while `trends` shows the check-in's raw z (+ = worse). Say so."""
    url, _ = demo_db
    out = flat(run("--db", url, "readiness", "--date", "2026-11-23").stdout)
    assert "z: SDs from your normal (sleep: hours from your need), + = better recovered" in out


def test_readiness_gives_recovery_actions_in_grams_from_the_profile_mass(demo_db):
    """The demo runner's profile says 57 kg: on an amber/red day carbohydrate is given in
    grams (3–5 or 5–7 g/kg × 57), and the words come with the JSON too."""
    url, _ = demo_db
    result = run("--db", url, "readiness", "--date", "2026-11-23", "--json")
    data = json.loads(result.stdout)
    actions = {a["key"]: a for a in data["readiness"]["actions"]}
    carbs = actions["carbohydrate"]["numbers"]
    assert carbs["body_mass_kg"] == 57.0
    assert carbs["low_g"] == pytest.approx(57.0 * carbs["low_g_per_kg"])
    assert len(data["explanation"]["actions"]) == len(actions)
    out = flat(run("--db", url, "readiness", "--date", "2026-11-23").stdout)
    assert "Recovery actions today" in out and "Carbohydrate today:" in out
