"""`recoverwell activity show|edit|delete` and `activities --problems` as a user runs them."""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recoverwell.cli import app

runner = CliRunner()
PF = "dtcooper__python-fitparse/tests/files/"


def run(*args, input=None):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"}, input=input)


@pytest.fixture
def db(sqlite_url, corpus: Path, tmp_path: Path):
    result = run("--db", sqlite_url, "init", "--name", "Ana", "--timezone", "Europe/Oslo")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "runs"
    folder.mkdir()
    for rel in (PF + "garmin-fenix-5-run.fit", PF + "activity-small-fenix2-run.fit"):
        shutil.copyfile(corpus / "raw" / rel, folder / Path(rel).name)
    assert run("--db", sqlite_url, "import", str(folder)).exit_code == 0
    assert run("--db", sqlite_url, "athlete", "set", "--hr-max", "190", "--hr-rest", "45")
    return sqlite_url


def _ids(db):
    listed = json.loads(run("--db", db, "activities", "--json").stdout)
    return {a["distance_m"] > 1000: a["id"] for a in listed}  # True: the Fenix 2 run of 9 km


def test_show_prints_totals_laps_and_the_load_with_its_model(db):
    long = _ids(db)[True]
    shown = run("--db", db, "activity", "show", str(long))
    assert shown.exit_code == 0, shown.output
    # Fenix 2 run: 9,008.22 m = 5.60 mi in 2,832 s → 8:26/mi (as `activities` shows it)
    assert "5.60 mi" in shown.output and "8:26/mi" in shown.output
    assert "laps" in shown.output and "au from hrss" in shown.output
    data = json.loads(run("--db", db, "activity", "show", str(long), "--json").stdout)
    assert data["activity"]["distance_m"] == 9008.22 and data["counted"] is True
    assert data["load"]["model"] == "hrss" and data["laps"] and data["problems"] == []


def test_show_gives_the_time_in_each_heart_rate_zone(db):
    long = _ids(db)[True]
    # HRmax 190, HRrest 45: LTHR by Karvonen 45 + 0.85 × 145 = 168.25 bpm; zone 2 from
    # 0.68 × 168.25 = 114.4 → 115 bpm, zone 5 from 1.05 × 168.25 = 176.7 → 177 bpm
    data = json.loads(run("--db", db, "activity", "show", str(long), "--json").stdout)
    zones = data["hr_zones"]
    assert [z["zone"] for z in zones] == [1, 2, 3, 4, 5]
    assert zones[1]["from_bpm"] == pytest.approx(0.68 * 168.25, abs=0.5)
    assert zones[0]["from_bpm"] is None and zones[4]["below_bpm"] is None
    counted = data["load"]["counted_s"]
    assert 0.95 * counted <= sum(z["seconds"] for z in zones) <= counted  # HR on ~every sample
    shown = run("--db", db, "activity", "show", str(long)).output
    assert "Heart-rate zones" in shown and "< 115" in shown and "≥ 177" in shown


def test_edit_excludes_a_session_and_problems_list_it_until_it_is_included(db):
    long = _ids(db)[True]
    edited = run("--db", db, "activity", "edit", str(long), "--exclude", "borrowed [watch]")
    assert edited.exit_code == 0, edited.output
    assert "excluded (borrowed [watch])" in edited.output and "nightly" in edited.output
    problems = run("--db", db, "activities", "--problems")
    assert problems.exit_code == 0 and "borrowed [watch]" in problems.output
    assert "1 sessions with a problem" in problems.output
    (found,) = json.loads(run("--db", db, "activities", "--problems", "--json").stdout)
    assert found["activity_id"] == long and found["kind"] == "excluded"
    shown = run("--db", db, "activity", "show", str(long))
    assert "excluded: no session" in shown.output and "Edited by you: excluded" in shown.output
    back = run("--db", db, "activity", "edit", str(long), "--include", "--rpe", "6")
    assert back.exit_code == 0 and ", counted." in back.output
    assert json.loads(run("--db", db, "activities", "--problems", "--json").stdout) == []


def test_edit_sets_sport_and_name_and_bad_values_are_one_line_and_exit_1(db):
    long = _ids(db)[True]
    result = run("--db", db, "activity", "edit", str(long), "--sport", "hiking", "--name", "Up")
    assert result.exit_code == 0, result.output
    (listed,) = [a for a in json.loads(run("--db", db, "activities", "--json").stdout)
                 if a["id"] == long]  # fmt: skip
    assert (listed["sport"], listed["name"]) == ("hiking", "Up")
    for args, message in (
        (["--rpe", "11"], "rpe=11.0: session RPE is on the CR-10 scale, 0–10"),
        ([], "give a sport, name, RPE, gear, exclude or include"),
        (["--include"], "the activity is not excluded"),
    ):
        bad = run("--db", db, "activity", "edit", str(long), *args)
        assert bad.exit_code == 1 and bad.output.strip().endswith(message)
        assert len(bad.output.strip().splitlines()) == 1
    missing = run("--db", db, "activity", "show", "999")
    assert missing.exit_code == 1 and missing.output.strip() == "Error: no activity with id 999"


def test_delete_asks_first_and_the_same_file_does_not_bring_it_back(db, tmp_path):
    short = _ids(db)[False]
    kept = run("--db", db, "activity", "delete", str(short), input="n\n")
    assert kept.exit_code == 1 and "Delete activity" in kept.output  # aborted: nothing done
    assert len(json.loads(run("--db", db, "activities", "--json").stdout)) == 2
    gone = run("--db", db, "activity", "delete", str(short), "--yes")
    assert gone.exit_code == 0 and gone.output.startswith(f"Deleted activity {short}:")
    again = run("--db", db, "import", str(tmp_path / "runs"), "--json")
    assert json.loads(again.stdout)["counts"]["unchanged"] == 2
    assert len(json.loads(run("--db", db, "activities", "--json").stdout)) == 1


def test_no_problems_is_a_sentence_not_an_empty_table(db):
    shown = run("--db", db, "activities", "--problems")
    assert shown.exit_code == 0 and "No session has a problem" in shown.output
    assert "┏" not in shown.output
    empty = run("--db", db, "activities", "--from", "2001-01-01", "--to", "2001-01-02")
    assert "No activities in this span" in empty.output
