"""Recovery exports through the one import pipeline, as a user imports them (SQLite and PostgreSQL).

The corpus is read in place (``corpus`` fixture); values checked here were read off the files by
hand (the Elite HRV row, the Fitbit night, the Strava row with its RPE).
"""

from __future__ import annotations

import math
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from recoverwell.app.importing import FileStatus
from recoverwell.app.signals import daily_signals
from recoverwell.app.workspace import Workspace
from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.types import Sport
from recoverwell.store.engine import reading
from recoverwell.store.schema import activities, daily_observations, import_log, sleep_periods

FIXTURES = Path(__file__).parent.parent / "ingest" / "fixtures"
ELITE = (
    "exports/elite_hrv/GoldenCheetah__GoldenCheetah/test/hrvmeasures/"
    "ElitHRV_Export - 2017-10-02.csv"
)


def _rows(ws: Workspace) -> dict[str, int]:
    with reading(ws.engine) as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (activities, daily_observations, sleep_periods, import_log)
        }


def test_the_whole_export_corpus_imports_and_a_second_run_changes_nothing(
    workspace: Workspace, corpus: Path
) -> None:
    exports = corpus / "exports"
    report = workspace.import_files([exports])
    by_status = {s.value: report.count(s) for s in FileStatus}
    # 18 data files; the two Apple exports hold the same workout (kept once: "unchanged");
    # 8 PROVENANCE.md, the HR-zone file and the route GPX (read with its export.xml) skip
    assert by_status == {"new": 17, "unchanged": 1, "duplicate": 0, "rejected": 0, "skipped": 10}
    skipped = {Path(f.path).name: f.message for f in report.files if f.status == "skipped"}
    assert skipped["PROVENANCE.md"] == "documentation, not data"
    assert skipped["time_in_heart_rate_zones.json"] == "Fitbit heart-rate zones, not read"
    assert skipped["route_2019-06-11_3.00pm.gpx"].startswith("workout route, read with ")
    whoop = next(f for f in report.files if f.path.endswith("physiological_cycles.csv"))
    assert whoop.format == "whoop" and whoop.observations.new == 1026 and whoop.issues == ()
    sleep = next(f for f in report.files if f.path.endswith("whoop_data/sleeps.csv"))
    assert sleep.sleep.new == 183
    assert (
        report.records("activities").new == 540
    )  # Fitbit 190, Strava 112, TP 113, Whoop 124, Apple 1
    before = _rows(workspace)
    again = workspace.import_files([exports])
    assert again.count(FileStatus.UNCHANGED) == 18 and again.count(FileStatus.NEW) == 0
    assert all(again.records(k).stored == 0 for k in ("activities", "observations", "sleep"))
    assert _rows(workspace) == before
    runs = workspace.activities(date(2023, 7, 20), date(2023, 7, 20))
    assert [
        (a.activity.name, a.activity.rpe) for a in runs if a.activity.sport is Sport.RUNNING
    ] == [("easy jog", 3.0)]


def test_provenance_of_an_imported_value_names_file_and_line(
    workspace: Workspace, corpus: Path
) -> None:
    workspace.import_files([corpus / ELITE])
    (hrv,) = daily_signals(
        workspace.athlete_scope(), date(2017, 9, 7), date(2017, 9, 7), signals=["hrv_rmssd_ms"]
    )
    assert hrv.value == pytest.approx(28.03) and hrv.source == "elite_hrv"
    assert hrv.record_ref == "ElitHRV_Export - 2017-10-02.csv:3"
    assert hrv.context == "morning_spot"


def test_floating_local_times_take_the_athlete_timezone(workspace: Workspace, corpus: Path) -> None:
    sleep = corpus / "exports/fitbit/itsalamhere__health-logs-streamlit/p01/fitbit/sleep.json"
    (report,) = workspace.import_files([sleep]).files
    assert report.sleep.new == 150
    values = daily_signals(workspace.athlete_scope(), date(2019, 11, 2), date(2019, 11, 2))
    total = next(v for v in values if v.signal == "sleep_total_min")
    assert total.value == 378 and total.source == "fitbit"
    ((wake_day, night),) = workspace.sleep_periods(date(2019, 11, 2), date(2019, 11, 2))
    assert wake_day == date(2019, 11, 2)
    assert night.start.utcoffset() is not None  # the floating wall clock got the athlete's zone


def test_strict_mode_rejects_the_malformed_file_and_keeps_the_others(
    workspace: Workspace, tmp_path: Path
) -> None:
    for name in ("elite_hrv_malformed.csv", "sleep_cycle_gen3.csv", "pmsys_srpe.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    report = workspace.import_files([tmp_path], strict=True)
    status = {Path(f.path).name: f for f in report.files}
    elite = status["elite_hrv_malformed.csv"]
    assert elite.status is FileStatus.REJECTED
    assert (elite.record, elite.field) == (3, "Datetime")
    assert status["sleep_cycle_gen3.csv"].status is FileStatus.REJECTED
    assert status["pmsys_srpe.csv"].status is FileStatus.REJECTED
    lenient = workspace.import_files([tmp_path])
    assert lenient.count(FileStatus.NEW) == 3
    elite = next(f for f in lenient.files if f.path.endswith("elite_hrv_malformed.csv"))
    assert {(i.record, i.field) for i in elite.issues} >= {(3, "Datetime"), (4, "Rmssd")}


def test_a_zip_is_read_member_by_member(workspace: Workspace, tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(FIXTURES / "apple_health_ios16.xml", "apple_health_export/export.xml")
        zf.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    report = workspace.import_files([archive])
    new = [f for f in report.files if f.status is FileStatus.NEW]
    assert [f.format for f in new] == ["apple_health"]
    assert new[0].path.endswith("export.zip!apple_health_export/export.xml")
    assert new[0].observations.new > 0 and new[0].sleep.new > 0 and new[0].activities.new == 1
    (cda,) = [f for f in report.files if f.status is FileStatus.SKIPPED]
    assert cda.path.endswith("export_cda.xml") and "clinical document" in (cda.message or "")
    mass = daily_signals(
        workspace.athlete_scope(), date(2023, 5, 10), date(2023, 5, 10), signals=["body_mass_kg"]
    )
    assert mass[0].source == "apple_health:Withings Scale"


APPLE_EXPORTED_IN_SUMMER = """<?xml version="1.0" encoding="UTF-8"?>
<HealthData locale="en_US">
 <ExportDate value="2023-07-20 09:00:00 -0600"/>
 <Record type="HKQuantityTypeIdentifierRestingHeartRate" sourceName="Watch" unit="count/min"
  value="44" startDate="2023-01-14 07:00:00 -0600" endDate="2023-01-14 07:00:00 -0600"/>
 <Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" sourceName="Watch" unit="ms"
  value="61" startDate="2023-01-16 00:30:00 -0600" endDate="2023-01-16 00:31:00 -0600"/>
 <Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" sourceName="Watch" unit="ms"
  value="75" startDate="2023-01-16 08:00:00 -0600" endDate="2023-01-16 08:01:00 -0600"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" durationUnit="min"
  totalDistance="6" totalDistanceUnit="km" sourceName="Watch"
  startDate="2023-01-16 00:40:00 -0600" endDate="2023-01-16 01:10:00 -0600"/>
</HealthData>
"""


def test_apple_dates_without_hk_timezone_take_the_athlete_zone_not_the_export_offset(
    workspace: Workspace, tmp_path: Path
) -> None:
    # Apple writes every date with the phone's offset at export time (formats.md §4): exported
    # in July (MDT, -0600), a January reading at 23:30 MST reads "00:30 -0600" the next day.
    # Without HKTimeZone the athlete's zone (America/Denver) decides the day, and a late run is
    # not given the export's offset as its own.
    path = tmp_path / "apple_health_export" / "export.xml"
    path.parent.mkdir()
    path.write_text(APPLE_EXPORTED_IN_SUMMER)
    (report,) = workspace.import_files([path]).files
    assert report.status is FileStatus.NEW
    sdnn = {o.day: o.value for o in workspace.observations() if o.signal == "hrv_sdnn_ms"}
    assert sdnn == {date(2023, 1, 15): 61, date(2023, 1, 16): 75}  # not one mean on the 16th
    (run,) = workspace.activities()
    assert run.local_date == date(2023, 1, 15)  # 23:40 MST
    assert run.activity.utc_offset_s is None  # the export's -0600 is not the watch's offset


def test_a_name_longer_than_its_column_is_cut_on_every_backend(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "activities.csv"
    path.write_text(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Filename\n"
        f'1,"Aug 15, 2015, 7:00:00 AM",Long run {"x" * 300},Run,1800,\n'
        '2,"Aug 16, 2015, 7:00:00 AM",Treadmill,Run,1800,\n'
    )
    (report,) = workspace.import_files([path]).files
    assert report.status is FileStatus.NEW and report.activities.new == 2
    names = [a.activity.name or "" for a in workspace.activities()]
    assert [len(n) for n in names] == [255, len("Treadmill")]
    assert any(i.field == "name" for i in report.issues)


def test_strava_relative_effort_is_on_the_activitys_local_day(
    workspace: Workspace, corpus: Path
) -> None:
    # "Apr 15, 2023, 10:24:31 PM" (UTC) is 00:24 on 16 April for a runner in Copenhagen
    dane = workspace.create_athlete(AthleteProfile(name="Dane", timezone="Europe/Copenhagen"))
    csv = corpus / "exports/strava/TheNewThinkTank__strava-insights/data/activities.csv"
    workspace.import_files([csv], athlete_id=dane.id)
    walk = next(
        a for a in workspace.activities(athlete_id=dane.id) if a.activity.name == "Night Walk"
    )
    (effort,) = [
        o for o in workspace.observations(athlete_id=dane.id) if o.context == "strava:9074900168"
    ]
    assert walk.local_date == effort.day == date(2023, 4, 16)


def test_a_fitbit_sleep_score_goes_on_the_athletes_local_wake_day(workspace, tmp_path):
    # Stamped 22:30 UTC on Nov 1: in Tokyo (UTC+9) the sleep ended at 07:30 on Nov 2.
    workspace.update_athlete(timezone="Asia/Tokyo")
    path = tmp_path / "sleep_score.csv"
    path.write_text(
        "timestamp,sleep_log_entry_id,overall_score,composition_score,revitalization_score,"
        "duration_score,deep_sleep_in_minutes,resting_heart_rate,restlessness\n"
        "2019-11-01T22:30:00Z,1,81,20,21,40,60,50,0.05\n"
    )
    report = workspace.import_files([path])
    assert report.files[0].observations.new == 1
    (score,) = workspace.observations(signals=["sleep_score"])
    assert (score.day, score.value) == (date(2019, 11, 2), 81)


def _hrv_7d(ws: Workspace, end: date, athlete_id: int | None = None) -> tuple[float, float]:
    """The HRV 7-day ln-rMSSD mean on ``end`` and how many nights it stands on."""
    hrv = ws.recovery(end, days=7, athlete_id=athlete_id).state.hrv
    assert hrv is not None
    return float(hrv.mean_7d[-1]), float(hrv.readings_7d[-1])


@pytest.mark.reference(source="issue 11 item 10; hand calculation ln(40·42·44·46·48·50)/6")
def test_a_fitbit_rmssd_of_0_is_no_reading_and_stays_out_of_the_hrv_baseline(
    workspace: Workspace, tmp_path: Path
) -> None:
    # Newer Takeouts: one "Daily Heart Rate Variability Summary - YYYY-MM-DD.csv" per night under
    # Sleep/; 18 July's file holds Fitbit's "no reading" row (rmssd, nremhr, entropy all 0.0).
    sleep = tmp_path / "Takeout" / "Fitbit" / "Sleep"
    sleep.mkdir(parents=True)
    nights = {15: "40", 16: "42", 17: "44", 18: "0.0", 19: "46", 20: "48", 21: "50"}
    for day, rmssd in nights.items():
        (sleep / f"Daily Heart Rate Variability Summary - 2024-07-{day}.csv").write_text(
            f"timestamp,rmssd,nremhr,entropy\n2024-07-{day}T00:00:00,{rmssd},52.0,2.4\n"
        )
    report = workspace.import_files([tmp_path / "Takeout"], strict=True)
    assert report.count(FileStatus.NEW) == 6 and report.count(FileStatus.REJECTED) == 0
    zero = next(f for f in report.files if f.path.endswith("2024-07-18.csv"))
    assert zero.status is not FileStatus.REJECTED and zero.observations.new == 0
    assert "no reading" in zero.issues[0].message
    stored = workspace.observations(signals=["hrv_rmssd_ms"])
    assert sorted(o.value for o in stored) == [40, 42, 44, 46, 48, 50]
    mean_7d, readings = _hrv_7d(workspace, date(2024, 7, 21))
    assert readings == 6
    assert mean_7d == pytest.approx(math.log(40 * 42 * 44 * 46 * 48 * 50) / 6)


@pytest.mark.reference(
    source="hand calculation ln(40·50·45)/3 on ingest/fixtures/oura_trends_2022.csv"
)
def test_oura_trends_rows_out_of_date_order_give_the_same_history(
    workspace: Workspace, tmp_path: Path
) -> None:
    # The 2022 trends export appends its days without a night after the last day (Saltiola7/
    # Data-Analysis-Portfolio Oura/data/oura_2022-01-10_2022-11-28_trends.csv:308); here every
    # data row is also reversed: the history must not depend on the order of the rows.
    lines = (FIXTURES / "oura_trends_2022.csv").read_text(encoding="utf-8").splitlines()
    reversed_file = tmp_path / "oura_trends_reversed.csv"
    reversed_file.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    me = workspace.athlete().id
    other = workspace.create_athlete(AthleteProfile(name="Other", timezone="America/Denver"))
    workspace.import_files([FIXTURES / "oura_trends_2022.csv"], strict=True, athlete_id=me)
    workspace.import_files([reversed_file], strict=True, athlete_id=other.id)
    end = date(2022, 1, 15)
    assert _hrv_7d(workspace, end, me) == _hrv_7d(workspace, end, other.id)
    mean_7d, readings = _hrv_7d(workspace, end, me)
    assert readings == 3 and mean_7d == pytest.approx(math.log(40 * 50 * 45) / 3)

    def nights(athlete_id: int | None) -> list[tuple[date, float | None]]:
        periods = workspace.sleep_periods(date(2022, 1, 10), end, athlete_id=athlete_id)
        return sorted((day, p.asleep_min) for day, p in periods)

    assert (
        nights(me)
        == nights(other.id)
        == [
            (date(2022, 1, 13), 420.0),
            (date(2022, 1, 14), 440.0),
            (date(2022, 1, 15), 380.0),
        ]
    )
