import shutil
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest

from recoverwell.app.signals import daily_signals
from recoverwell.app.signals_import import import_signal_files, sibling, sources_of
from recoverwell.core.types import Activity, SampleStreams, Sport

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


def _fake_reader(calls):
    """Stands in for the activity importer's FIT/GPX reader (issue #4): a 1 Hz stream."""

    def read(source):
        calls.append(source.name)
        start = datetime(2018, 9, 12, 15, 2, 23, tzinfo=UTC)
        if source.name.endswith(".gpx"):
            start = datetime(2023, 5, 12, 6, 0, 5, tzinfo=UTC)
        return Activity(
            start,
            Sport.RUNNING,
            3001.0,
            name="from file",
            device="watch",
            streams=SampleStreams(time_s=np.arange(3.0), hr_bpm=np.full(3, 150.0)),
        )

    return read


def test_a_strava_archive_joins_csv_rows_to_their_activity_files(workspace, tmp_path):
    (tmp_path / "activities").mkdir()
    shutil.copy(FIXTURES / "strava_activities_2018.csv", tmp_path / "activities.csv")
    (tmp_path / "activities" / "1812345.fit.gz").write_bytes(b"not read by the fake")
    calls = []
    report = import_signal_files(workspace, [tmp_path], read_activity_file=_fake_reader(calls))
    assert [Path(c).name for c in calls] == ["1812345.fit.gz"]
    csv_report = next(f for f in report.files if f.format == "strava_csv")
    assert csv_report.status == "new"
    (stored,) = workspace.activities(date(2018, 9, 12), date(2018, 9, 12))
    full = workspace.activity(stored.id).activity
    assert (full.name, full.elapsed_s, full.device) == ("Morning Run", 3001.0, "watch")
    assert full.streams is not None and len(full.streams) == 3


def test_apple_routes_in_the_zip_are_attached_and_traversal_is_refused(workspace, tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(FIXTURES / "apple_health_ios16.xml", "apple_health_export/export.xml")
        zf.writestr("apple_health_export/workout-routes/route_2023-05-12_7.50am.gpx", "<gpx/>")
    calls = []
    import_signal_files(workspace, [archive], read_activity_file=_fake_reader(calls))
    assert calls == [f"{archive}!apple_health_export/workout-routes/route_2023-05-12_7.50am.gpx"]
    (run,) = workspace.activities(date(2023, 5, 12), date(2023, 5, 12))
    assert workspace.activity(run.id).activity.streams.time_s.tolist() == [5.0, 6.0, 7.0]
    source = next(iter(sources_of([archive])))
    assert sibling(source, "../../etc/passwd") is None
    assert sibling(source, "workout-routes/none.gpx") is None
