"""`recoverwell import` as a user runs it."""

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
def db(sqlite_url):
    result = run("--db", sqlite_url, "init", "--name", "Ana", "--timezone", "Europe/Oslo")
    assert result.exit_code == 0, result.output
    return sqlite_url


@pytest.fixture
def folder(corpus: Path, tmp_path: Path) -> Path:
    target = tmp_path / "runs"
    target.mkdir()
    for rel in (PF + "garmin-fenix-5-run.fit", PF + "activity-small-fenix2-run.fit"):
        shutil.copyfile(corpus / "raw" / rel, target / Path(rel).name)
    (target / "broken.fit").write_bytes(b"\x0e\x10" + b"\x00" * 60)
    return target


def test_import_prints_a_summary_and_lists_rejected_files(db, folder):
    result = run("--db", db, "import", str(folder))
    assert result.exit_code == 0, result.output
    assert "Import: 2 new, 0 unchanged, 0 duplicate, 1 rejected, 0 skipped" in result.output
    assert "broken.fit: not a readable FIT file" in result.output


def test_import_json_reports_every_file_and_reimport_is_unchanged(db, folder):
    first = json.loads(run("--db", db, "import", str(folder), "--json").stdout)
    counts = {"new": 2, "unchanged": 0, "duplicate": 0, "rejected": 1, "skipped": 0}
    assert first["counts"] == counts
    (rejected,) = [f for f in first["files"] if f["status"] == "rejected"]
    assert rejected["path"].endswith("broken.fit") and rejected["message"]
    again = json.loads(run("--db", db, "import", str(folder), "--json").stdout)
    assert again["summary"] == "0 new, 2 unchanged, 0 duplicate, 1 rejected, 0 skipped"


def test_strict_import_with_a_rejected_file_exits_3_and_lenient_exits_0(db, folder):
    assert run("--db", db, "import", str(folder), "--strict").exit_code == 3
    assert run("--db", db, "import", str(folder)).exit_code == 0
    (folder / "broken.fit").unlink()
    assert run("--db", db, "import", str(folder), "--strict").exit_code == 0


def test_import_of_recovery_exports_counts_activities_readings_and_sleep(db, corpus):
    whoop = corpus / "exports" / "whoop"
    result = run("--db", db, "import", str(whoop))
    assert result.exit_code == 0, result.output
    assert "Import: 4 new, 0 unchanged, 0 duplicate, 0 rejected, 1 skipped" in result.output
    for row in ("Activities", "Daily readings", "Sleep"):
        assert row in result.output
    assert "Skipped: documentation, not data ×1" in result.output
    again = json.loads(run("--db", db, "import", str(whoop), "--json").stdout)
    assert again["counts"]["unchanged"] == 4
    assert again["records"]["observations"] == {
        "new": 0,
        "changed": 0,
        "unchanged": 0,
        "duplicate": 0,
    }
    fresh = json.loads(
        run("--db", db, "import", str(corpus / "exports" / "sleep_cycle"), "--json").stdout
    )
    (data,) = [f for f in fresh["files"] if f["status"] == "new"]
    assert data["sleep"]["new"] == 41 and data["observations"]["new"] == 35
    assert fresh["records"]["sleep"]["new"] == 41


def test_strict_import_of_a_malformed_export_exits_3_with_file_line_and_field(db, tmp_path):
    fixtures = Path(__file__).resolve().parents[2] / "ingest" / "fixtures"
    shutil.copy(fixtures / "elite_hrv_malformed.csv", tmp_path / "elite.csv")
    (tmp_path / "README.md").write_text("my exports\n")
    result = run("--db", db, "import", str(tmp_path), "--strict")
    assert result.exit_code == 3
    assert "elite.csv, record 3, field 'Datetime'" in result.output
    lenient = run("--db", db, "import", str(tmp_path))
    assert lenient.exit_code == 0 and "1 new" in lenient.output
    assert "elite.csv, record 4, field 'Rmssd'" in lenient.output


def test_a_path_that_does_not_exist_is_one_line_exit_1_and_nothing_is_imported(db, folder):
    result = run("--db", db, "import", str(folder), str(folder / "typo.fit"), "--json")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: no such file or folder: {folder / 'typo.fit'}"
    assert result.stdout == ""
    again = json.loads(run("--db", db, "import", str(folder), "--json").stdout)
    assert {f["status"] for f in again["files"]} == {"new", "rejected"}  # nothing was stored


def test_a_truncated_zip_is_reported_as_truncated(db, folder, tmp_path):
    archive = shutil.make_archive(str(tmp_path / "export"), "zip", folder)
    data = Path(archive).read_bytes()
    Path(archive).write_bytes(data[: len(data) // 2])
    result = run("--db", db, "import", archive, "--json")
    (file,) = json.loads(result.stdout)["files"]
    assert file["status"] == "rejected" and file["message"].startswith("a truncated or damaged zip")


LOG = "Date,Morning HRV,Weight (lb),Notes\n2026-11-01,61,126.0,easy\n2026-11-02,58,125.4,\n"
MAP = """name = "Ana's training log"
source = "ana_log"
date_column = "Date"

[[columns]]
column = "Morning HRV"
signal = "hrv_rmssd_ms"
context = "morning"

[[columns]]
column = "Weight (lb)"
signal = "body_mass_kg"
unit = "lb"
"""


def test_a_users_own_spreadsheet_imports_with_a_mapping_and_an_edit_reads_it_again(db, tmp_path):
    log, mapping = tmp_path / "log.csv", tmp_path / "log.toml"
    log.write_text(LOG)
    mapping.write_text(MAP)
    without = json.loads(run("--db", db, "import", str(log), "--json").stdout)
    assert without["files"][0]["status"] == "rejected"  # no shipped reader knows this sheet
    first = json.loads(
        run("--db", db, "import", str(log), "--mapping", str(mapping), "--json").stdout
    )
    assert first["files"][0]["status"] == "new" and first["records"]["observations"]["new"] == 4
    shown = run("--db", db, "signals", "show", "--from", "2026-11-01", "--to", "2026-11-02",
                "--json").stdout  # fmt: skip
    values = {(v["day"], v["signal"]): (v["value"], v["source"]) for v in json.loads(shown)}
    assert values[("2026-11-01", "body_mass_kg")] == (pytest.approx(126.0 * 0.45359237), "ana_log")
    assert values[("2026-11-02", "hrv_rmssd_ms")] == (58, "ana_log")
    again = run("--db", db, "import", str(log), "--mapping", str(mapping), "--json")
    assert json.loads(again.stdout)["files"][0]["status"] == "unchanged"
    mapping.write_text(MAP.replace('unit = "lb"', 'unit = "kg"'))  # the user fixes the unit
    edited = json.loads(run("--db", db, "import", str(log), "--mapping", str(mapping),
                            "--json").stdout)  # fmt: skip
    assert edited["records"]["observations"]["changed"] == 2


def test_a_mapping_mistake_is_one_line_naming_the_file_and_line(db, tmp_path):
    log, mapping = tmp_path / "log.csv", tmp_path / "log.toml"
    log.write_text(LOG)
    mapping.write_text(MAP.replace('signal = "hrv_rmssd_ms"', 'signal = "hrv"'))
    result = run("--db", db, "import", str(log), "--mapping", str(mapping))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {mapping}, line 7: [[columns]] unknown signal 'hrv' for Morning HRV "
        "(see docs/formats.md)"
    )


def test_a_path_too_long_to_look_up_is_no_such_file(db):
    # found by tests/cli/test_root.py: Path.exists() raises "File name too long"
    result = run("--db", db, "import", "a" * 300)
    assert result.exit_code == 1 and "no such file or folder" in result.stderr
