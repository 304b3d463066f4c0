"""``recoverwell metrics`` as a user runs it: the table, --json, --csv, and one-line errors."""

import csv
import dataclasses
import io
import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from typer.testing import CliRunner

import recoverwell
from recoverwell.app.synthetic import DEMO_PROFILE, simulate_run
from recoverwell.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('m') / 'rw.db'}"
    result = run("--db", url, "demo", "--weeks", "2", "--end", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert "Training load, last 3 weeks" in result.output and "synthetic" in result.output
    return url


def test_the_table_shows_the_last_days_in_miles_with_the_reading_notes(db):
    result = run("--db", db, "metrics")
    assert result.exit_code == 0, result.output
    assert "Run mi" in result.output and "2026-11-22" in result.output
    assert "Form = yesterday's fitness − fatigue" in result.output


def test_json_rows_carry_units_in_their_names(db):
    result = run("--db", db, "metrics", "--json", "--from", "2026-11-16", "--to", "2026-11-23")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["units"] == "mi" and data["currency"] == "tss"
    days = [r["day"] for r in data["rows"]]
    assert days[0] == "2026-11-16" and days[-1] == "2026-11-23"
    last = data["rows"][-1]
    assert last["load_au"] is None and last["sessions"] == 0  # after the data: no data, not rest
    assert data["rows"][0]["distance_mi"] > 0 and data["rows"][0]["models"] == "hrss"


def test_csv_has_one_row_per_day(db):
    result = run("--db", db, "metrics", "--csv", "--from", "2026-11-20", "--to", "2026-11-22")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["day"] for r in rows] == ["2026-11-20", "2026-11-21", "2026-11-22"]
    assert "descent_7d_ft" in rows[0] and float(rows[1]["fitness_au"]) > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2026-13-01"), "expected a date as YYYY-MM-DD"),
        (("--from", "2026-11-20", "--to", "2026-11-10"), "is after --to"),
    ],
)
def test_bad_dates_are_one_line_errors(db, args, message):
    result = run("--db", db, "metrics", *args)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_most_load_of_the_last_day_is_shown_with_its_number(db):
    rows = json.loads(run("--db", db, "metrics", "--json").stdout)["rows"]
    most = rows[-1]["max_load_today_au"]
    assert most is not None
    out = " ".join(run("--db", db, "metrics").output.split())
    assert f"Most load on {rows[-1]['day']}: {most:.0f} au keeps the next day's form ≥ -30" in out


def test_sessions_without_load_say_why_and_what_to_set(sqlite_url):
    """Issue 12 item 14: "–" in the Load column comes with the reason and the command to run."""
    assert run("--db", sqlite_url, "init", "--name", "Ana").exit_code == 0
    rng = np.random.default_rng(1)
    start = datetime(2026, 11, 2, 13, tzinfo=UTC)
    runs = [simulate_run(start + timedelta(days=k), "easy", 8000.0, DEMO_PROFILE, rng)
            for k in range(3)]  # fmt: skip
    without_hr = [
        dataclasses.replace(
            r, rpe=None, avg_hr_bpm=None, streams=dataclasses.replace(r.streams, hr_bpm=None)
        )
        for r in runs
    ]
    with recoverwell.open(sqlite_url) as ws:
        ws.add_activities(without_hr)
    result = run("--db", sqlite_url, "metrics")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "3 sessions have no load (2026-11-02…2026-11-04): 3 no heart rate, threshold" in out
    fix = f"set the threshold pace: recoverwell --db {sqlite_url} athlete set --threshold-pace"
    assert fix in out
    data = json.loads(run("--db", sqlite_url, "metrics", "--json").stdout)
    assert data["load_gap"]["sessions"] == 3 and data["load_gap"]["fix"] == "threshold pace"
    verdict = run("--db", sqlite_url, "readiness", "--date", "2026-11-05")
    assert verdict.exit_code == 0, verdict.output
    said = " ".join(verdict.output.split())
    assert "Training load: 3 sessions have no load" in said and "--threshold-pace" in said
