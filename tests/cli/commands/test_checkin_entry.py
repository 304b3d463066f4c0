"""``recoverwell checkin`` entered two ways: every answer as a flag (for scripts), or the six
answers typed on one line when asked; a bad answer is asked again, a bad flag is one line."""

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

import recoverwell
from recoverwell.cli import app
from recoverwell.core.types import Activity, Sport

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def db(sqlite_url):
    result = run("--db", sqlite_url, "init", "--name", "Ana", "--timezone", "America/Denver")
    assert result.exit_code == 0, result.output
    return sqlite_url


def test_checkin_with_flags_for_scripts(db):
    with recoverwell.open(db) as ws:
        (run_id,) = ws.add_activities(
            [Activity(datetime(2024, 6, 14, 12, tzinfo=UTC), Sport.RUNNING, 3600.0)]
        )
    result = run(
        "--db",
        db,
        "checkin",
        "--day",
        "2024-06-14",
        "--sleep",
        "2",
        "--fatigue",
        "4",
        "--mass",
        "126lb",
        "--fluids",
        "84oz",
        "--niggle",
        "calf,left,3,gait",
        "--rpe",
        f"{run_id}=6",
        "--ill",
        "--no-ask",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["result"]["new"] == 6 and data["result"]["rpe_set"] == [run_id]
    stored = {o["signal"]: o["value"] for o in data["observations"]}
    assert stored["body_mass_kg"] == pytest.approx(126 * 0.45359237)
    assert stored["fluid_ml"] == pytest.approx(84 * 29.5735295625)
    assert stored["niggle_pain_max"] == 3 and stored["illness"] == 1


def test_interactive_checkin_asks_the_six_items_on_one_line_then_the_run(db):
    with recoverwell.open(db) as ws:
        ws.add_activities(
            [
                Activity(
                    datetime(2024, 6, 14, 12, tzinfo=UTC),
                    Sport.RUNNING,
                    3600.0,
                    distance_m=16093.44,
                    name="Easy",
                )
            ]
        )
    answers = "2 4 3 5 2 -\n6\n57.2kg\ncalf,left,3\n\n"
    result = run("--db", db, "checkin", "--day", "2024-06-14", "--ask", input=answers)
    assert result.exit_code == 0, result.output
    assert "Session RPE for 2024-06-14 Easy 1:00:00 10.0 mi" in result.output
    assert "Check-in for 2024-06-14: 7 new, 0 changed, 1 session RPE, 1 niggles." in result.output
    # the next morning, Enter keeps yesterday's answers
    again = run("--db", db, "checkin", "--day", "2024-06-15", "--ask", input="\n\n\n\n")
    assert again.exit_code == 0, again.output
    assert "[2 4 3 5 2 -]" in again.output
    show = run(
        "--db", db, "signals", "show", "--from", "2024-06-15", "--to", "2024-06-15", "--json"
    )
    got = {v["signal"]: v["value"] for v in json.loads(show.stdout)}
    assert got == {
        "hooper_sleep": 2,
        "hooper_fatigue": 4,
        "hooper_stress": 3,
        "hooper_soreness": 5,
        "mood": 2,
        "niggle_pain_max": 0,
    }


def test_a_bad_answer_is_asked_again_and_a_bad_flag_is_one_line_and_exit_1(db):
    result = run("--db", db, "checkin", "--ask", input="2 4\n2 4 x 5 2 2\n2 4 3 5 2 2\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Error: answers='2 4': give 6 numbers" in result.output
    assert "Error: stress='x': not a number" in result.output
    bad = run("--db", db, "checkin", "--niggle", "calf,up,3", "--no-ask")
    assert bad.exit_code == 1 and "niggle side" in bad.stderr
    empty = run("--db", db, "checkin", "--no-ask")
    assert empty.exit_code == 1 and "nothing to record" in empty.stderr


def test_a_mistyped_day_is_one_error_line_naming_the_option(db):
    result = run("--db", db, "checkin", "--no-ask", "--fatigue", "3", "--day", "2024-13-01")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: --day=") and result.stderr.count("\n") == 1
