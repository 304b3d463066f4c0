"""`recoverwell activities` as a user runs it: in the athlete's units."""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recoverwell.cli import app

runner = CliRunner()
PF = "dtcooper__python-fitparse/tests/files/"


def run(*args):
    return runner.invoke(app, list(args))


@pytest.fixture
def db(sqlite_url, corpus: Path, tmp_path: Path):
    result = run("--db", sqlite_url, "init", "--name", "Ana", "--timezone", "Europe/Oslo")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "runs"
    folder.mkdir()
    for rel in (PF + "garmin-fenix-5-run.fit", PF + "activity-small-fenix2-run.fit"):
        shutil.copyfile(corpus / "raw" / rel, folder / Path(rel).name)
    assert run("--db", sqlite_url, "import", str(folder)).exit_code == 0
    return sqlite_url


def test_activities_are_listed_in_the_athletes_units(db):
    miles = run("--db", db, "activities", "--from", "2015-08-15", "--to", "2015-08-15")
    assert miles.exit_code == 0, miles.output
    # Fenix 2 run: 9,008.22 m in 2,832 s → 5.60 mi at 8:26/mi (2832 s / 5.5974 mi = 505.9 s)
    assert "5.60" in miles.output and "8:26/mi" in miles.output
    run("--db", db, "athlete", "set", "--units", "km")
    km = run("--db", db, "activities", "--from", "2015-08-15", "--to", "2015-08-15")
    assert "9.01" in km.output and "5:14/km" in km.output  # 2832 s / 9.00822 km = 314.4 s
    data = json.loads(run("--db", db, "activities", "--json").stdout)
    assert [a["distance_m"] for a in data] == [9008.22, pytest.approx(157.56, abs=0.01)]


def test_a_bad_date_is_one_line_and_exit_1(db):
    result = run("--db", db, "activities", "--from", "15/08/2015")
    assert result.exit_code == 1
    assert "--from='15/08/2015': expected a date as YYYY-MM-DD" in result.output


def test_runs_show_pace_and_rides_show_speed():
    from recoverwell.cli.commands.activities import _pace_or_speed
    from recoverwell.core.types import Sport
    from recoverwell.core.units import UnitSystem

    # 4:00/km = 1000/240 m/s; 6 m/s on a bike = 21.6 km/h = 21.6 / 1.609344 = 13.4 mph
    assert _pace_or_speed(Sport.RUNNING, 1000 / 240, UnitSystem.KM) == "4:00/km"
    assert _pace_or_speed(Sport.CYCLING, 6.0, UnitSystem.KM) == "21.6 km/h"
    assert _pace_or_speed(Sport.CYCLING, 6.0, UnitSystem.MI) == "13.4 mph"
    assert _pace_or_speed(Sport.WALKING, 0.0, UnitSystem.MI) == "–"
