"""``recoverwell signals show|priority``: daily values by source, and the order that picks one."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import recoverwell
from recoverwell.cli import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[2] / "ingest" / "fixtures"


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def db(sqlite_url):
    result = run("--db", sqlite_url, "init", "--name", "Ana", "--timezone", "America/Denver")
    assert result.exit_code == 0, result.output
    return sqlite_url


def test_signals_show_and_priority(db):
    with recoverwell.open(db) as ws:
        ws.import_files([FIXTURES / "apple_health_ios16.xml"])
    table = run("--db", db, "signals", "show", "--from", "2023-05-10", "--to", "2023-05-11")
    assert table.exit_code == 0, table.output
    assert "Daily signals 2023-05-10 → 2023-05-11" in table.output
    set_ = run("--db", db, "signals", "priority", "hrv_sdnn_ms", "apple_health:Welltory")
    assert set_.exit_code == 0 and "hrv_sdnn_ms: apple_health:Welltory" in set_.output
    data = json.loads(
        run(
            "--db",
            db,
            "signals",
            "show",
            "--from",
            "2023-05-10",
            "--to",
            "2023-05-10",
            "--signal",
            "hrv_sdnn_ms",
            "--json",
        ).stdout
    )
    assert [(v["source"], v["value"]) for v in data] == [("apple_health:Welltory", 71.5)]
    reset = run("--db", db, "signals", "priority", "hrv_sdnn_ms", "--reset", "--json")
    assert json.loads(reset.stdout) == {}
    assert "Default order" in run("--db", db, "signals", "priority").output


def test_signals_priority_refuses_a_typo_and_resets_everything_alone(db):
    typo = run("--db", db, "signals", "priority", "rhr_bpm", "garmin,ouraa")
    assert typo.exit_code == 1 and "'ouraa'" in typo.stderr and "not a known source" in typo.stderr
    assert run("--db", db, "signals", "priority", "rhr_bpm", "oura,garmin").exit_code == 0
    assert run("--db", db, "signals", "priority", "*", "whoop").exit_code == 0
    both = run("--db", db, "signals", "priority", "rhr_bpm", "oura", "--reset")
    assert both.exit_code == 1 and "not both" in both.stderr
    reset = run("--db", db, "signals", "priority", "--reset", "--json")
    assert reset.exit_code == 0 and json.loads(reset.stdout) == {}


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("signals", "show", "--to", "yesterday"), "--to"),
        (("signals", "show", "--from", "2024-1-x"), "--from"),
    ],
)
def test_a_mistyped_day_is_one_error_line_naming_the_option(db, args, option):
    result = run("--db", db, *args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {option}=") and result.stderr.count("\n") == 1
