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


RZ = "Runalyze__Runalyze/tests/testfiles/"


def test_one_file_whose_load_fails_never_breaks_the_athlete_issue_11(tmp_path, corpus):
    # issue 11 item 1: Runalyze's negative-pause.tcx and GoldenCheetah's 2009_01_09_11_13_14.tcx
    # (samples before the start) next to Runalyze's Standard.fit made metrics, readiness and
    # trends fail with "time_s must not go backwards" for the whole athlete, and nightly said
    # "failed" but exited 0.
    db = f"sqlite:///{tmp_path / 'rw.db'}"
    assert run("--db", db, "init", "--name", "Ana", "--timezone", "Europe/Berlin").exit_code == 0
    raw = corpus / "raw"
    files = [
        raw / RZ / "tcx/negative-pause.tcx",
        raw / "GoldenCheetah__GoldenCheetah/test/rides/2009_01_09_11_13_14.tcx",
        raw / RZ / "fit/Standard.fit",
    ]
    imported = run("--db", db, "import", *map(str, files))
    assert imported.exit_code == 0, imported.output
    for command in ("metrics", "readiness", "trends"):
        result = run("--db", db, command)
        assert result.exit_code == 0, f"{command}: {result.output}"
        assert "time_s must not go backwards" not in result.output
    nightly = run("--db", db, "nightly", "--json")
    assert nightly.exit_code == 0, nightly.output
    (update,) = json.loads(nightly.stdout)["updates"]
    assert update["action"] == "rebuilt"


def test_an_athlete_that_fails_makes_the_job_exit_3_after_updating_the_others(tmp_path):
    from sqlalchemy import create_engine, text

    db = f"sqlite:///{tmp_path / 'rw.db'}"
    assert run("--db", db, "demo", "--weeks", "3", "--end", "2026-11-22").exit_code == 0
    import recoverwell

    with recoverwell.open(db) as ws:
        ws.create_athlete(recoverwell.AthleteProfile(name="Broken"))
    engine = create_engine(db)
    with engine.begin() as conn:  # a zone this machine does not know (an older tzdata)
        conn.execute(text("UPDATE athletes SET timezone = 'Mars/Olympus' WHERE name = 'Broken'"))
    engine.dispose()
    result = run("--db", db, "nightly")
    assert result.exit_code == 3, result.output
    assert "rebuilt" in result.output and "failed" in result.output
    assert "Broken: timezone='Mars/Olympus'" in result.output
    as_json = run("--db", db, "nightly", "--json")
    assert as_json.exit_code == 3
    actions = [u["action"] for u in json.loads(as_json.stdout)["updates"]]
    assert actions == ["up to date", "failed"]


def test_nightly_and_metrics_each_say_which_acwr_they_print(tmp_path):
    # issue 12 item 12: two different "ACWR" values under one name
    url = f"sqlite:///{tmp_path / 'd.db'}"
    assert runner.invoke(app, ["--db", url, "demo", "--weeks", "2"]).exit_code == 0
    nightly = " ".join(runner.invoke(app, ["--db", url, "nightly"]).output.split())
    assert "ACWR 7:28" in nightly and "7-day ÷ 28-day rolling mean load (coupled)" in nightly
    metrics = " ".join(runner.invoke(app, ["--db", url, "metrics"]).output.split())
    assert "ACWR: Williams' EWMA 7/28" in metrics
