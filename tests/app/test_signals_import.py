import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from recoverwell.app.signals import daily_signals
from recoverwell.app.signals_import import import_signal_files
from recoverwell.core.types import Sport

FIXTURES = Path(__file__).parent.parent / "ingest" / "fixtures"
ELITE = (
    "exports/elite_hrv/GoldenCheetah__GoldenCheetah/test/hrvmeasures/"
    "ElitHRV_Export - 2017-10-02.csv"
)


def test_the_whole_export_corpus_imports_and_a_second_run_changes_nothing(workspace, corpus):
    exports = corpus / "exports"
    report = import_signal_files(workspace, [exports])
    by_status = {s: report.count(s) for s in ("new", "unchanged", "rejected", "skipped")}
    # 18 files read; the 8 PROVENANCE.md, the route GPX (GPX reader) and the HR-zone file skip
    assert by_status == {"new": 18, "unchanged": 0, "rejected": 0, "skipped": 10}
    whoop = next(f for f in report.files if f.path.endswith("physiological_cycles.csv"))
    assert whoop.format == "whoop" and whoop.new == 1026 and whoop.issues == ()
    again = import_signal_files(workspace, [exports])
    assert again.count("unchanged") == 18 and again.new_records == 0
    runs = workspace.activities(date(2023, 7, 20), date(2023, 7, 20))
    assert [
        (a.activity.name, a.activity.rpe) for a in runs if a.activity.sport is Sport.RUNNING
    ] == [("easy jog", 3.0)]


def test_provenance_of_an_imported_value_names_file_and_line(workspace, corpus):
    import_signal_files(workspace, [corpus / ELITE])
    (hrv,) = daily_signals(workspace, date(2017, 9, 7), date(2017, 9, 7), signals=["hrv_rmssd_ms"])
    assert hrv.value == pytest.approx(28.03) and hrv.source == "elite_hrv"
    assert hrv.record_ref == "ElitHRV_Export - 2017-10-02.csv:3"
    assert hrv.context == "morning_spot"


def test_floating_local_times_take_the_athlete_timezone(workspace, corpus):
    sleep = corpus / "exports/fitbit/itsalamhere__health-logs-streamlit/p01/fitbit/sleep.json"
    import_signal_files(workspace, [sleep])
    values = daily_signals(workspace, date(2019, 11, 2), date(2019, 11, 2))
    total = next(v for v in values if v.signal == "sleep_total_min")
    assert total.value == 378 and total.source == "fitbit"


def test_strict_mode_rejects_the_malformed_file_and_keeps_the_others(workspace, tmp_path):
    for name in ("elite_hrv_malformed.csv", "sleep_cycle_gen3.csv", "pmsys_srpe.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    report = import_signal_files(workspace, [tmp_path], strict=True)
    status = {Path(f.path).name: (f.status, f.message) for f in report.files}
    assert status["elite_hrv_malformed.csv"][0] == "rejected"
    assert "record 3, field 'Datetime'" in status["elite_hrv_malformed.csv"][1]
    assert status["sleep_cycle_gen3.csv"][0] == "rejected"
    assert status["pmsys_srpe.csv"][0] == "rejected"
    lenient = import_signal_files(workspace, [tmp_path])
    assert lenient.count("new") == 3
    elite = next(f for f in lenient.files if f.path.endswith("elite_hrv_malformed.csv"))
    assert {(i.record, i.field) for i in elite.issues} >= {(3, "Datetime"), (4, "Rmssd")}


def test_a_zip_is_read_member_by_member(workspace, tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(FIXTURES / "apple_health_ios16.xml", "apple_health_export/export.xml")
        zf.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    report = import_signal_files(workspace, [archive])
    new = [f for f in report.files if f.status == "new"]
    assert [f.format for f in new] == ["apple_health"]
    assert new[0].path.endswith("export.zip!apple_health_export/export.xml")
    assert report.count("skipped") == 1
    mass = daily_signals(workspace, date(2023, 5, 10), date(2023, 5, 10), signals=["body_mass_kg"])
    assert mass[0].source == "apple_health:Withings Scale"
