"""``recoverwell nightly`` as a scheduler runs it: rebuild once, then add days; --json; errors."""

import json

from typer.testing import CliRunner

from recoverwell.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_the_job_rebuilds_once_then_advances_and_matches_the_metrics_table(tmp_path):
    db = f"sqlite:///{tmp_path / 'rw.db'}"
    assert run("--db", db, "demo", "--weeks", "3", "--end", "2026-11-22").exit_code == 0
    first = run("--db", db, "nightly", "--through", "2026-11-18")
    assert first.exit_code == 0, first.output
    assert "rebuilt" in first.output and "rebuilt because no stored state yet" in first.output
    second = run("--db", db, "nightly", "--json")
    assert second.exit_code == 0, second.output
    (update,) = json.loads(second.stdout)["updates"]
    # The demo's last run is on the 22nd: the last settled day (trained on).
    assert update["action"] == "advanced" and update["through_day"] == "2026-11-22"
    assert update["days_added"] == 4
    table = run("--db", db, "metrics", "--json", "--from", "2026-11-22", "--to", "2026-11-22")
    (row,) = json.loads(table.stdout)["rows"]
    assert round(update["fitness_au"], 1) == row["fitness_au"]
    assert round(update["fatigue_au"], 1) == row["fatigue_au"]
    assert round(update["monotony"], 2) == row["monotony"]
    assert update["acwr_coupled"] is None and row["acwr_coupled"] is None  # < 28 days
    again = run("--db", db, "nightly")
    assert "up to date" in again.output


def test_a_bad_day_is_one_line_and_exit_1(tmp_path):
    db = f"sqlite:///{tmp_path / 'rw.db'}"
    assert run("--db", db, "init", "--name", "Ann").exit_code == 0
    result = run("--db", db, "nightly", "--through", "yesterday")
    assert result.exit_code == 1
    assert "--through" in result.output and "YYYY-MM-DD" in result.output
