"""Garmin exports through the one import pipeline (issue 11 item 10), on SQLite and PostgreSQL.

Two overlapping exports of one account are a union by day, never a sum: imported in either
order they give every daily value, night and activity that one export of the whole span gives.
The records imitate the export's shapes (tests/ingest/test_garmin.py says where each is shown);
their values are made up.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from recoverwell.app.importing import FileStatus
from recoverwell.app.signals import daily_signals
from recoverwell.app.workspace import Workspace
from recoverwell.core.athlete import AthleteProfile

FIRST, LAST = date(2024, 6, 1), date(2024, 6, 6)
#: activity start (epoch ms) per day it happens on; the summaries hold every activity so far
RUNS_MS = {date(2024, 6, 2): 1717308000000, date(2024, 6, 5): 1717567200000}


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _uds(day: date, old: bool) -> dict[str, Any]:
    n = day.day
    when: Any = day.isoformat()
    if old:  # 2022–2023 generation: Java date objects, English 12-hour text
        when = {"date": f"{day:%b} {n}, {day.year} 12:00:00 AM"}
    return {
        "calendarDate": when,
        "currentDayRestingHeartRate": 40 + n,
        "restingHeartRate": 50,
        "hydration": {"valueInML": 0.0 if n == 3 else 2000.0 + n, "sweatLossInML": 400.0},
    }


def _night(day: date, shift_min: int = 0, rem_s: int = 5400) -> dict[str, Any]:
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    start = midnight - timedelta(hours=2, minutes=-shift_min)
    record: dict[str, Any] = {
        "sleepStartTimestampGMT": f"{start:%Y-%m-%dT%H:%M:%S}.0",
        "sleepEndTimestampGMT": f"{start + timedelta(hours=8):%Y-%m-%dT%H:%M:%S}.0",
        "calendarDate": day.isoformat(),
        "sleepWindowConfirmationType": "ENHANCED_CONFIRMED_FINAL",
        "deepSleepSeconds": 5000 + day.day,
        "lightSleepSeconds": 15000,
        "awakeSleepSeconds": 600,
        "awakeCount": 1,
        "sleepScores": {"overallScore": 70 + day.day},
    }
    if rem_s:
        record["remSleepSeconds"] = rem_s
    return record


def _health(day: date) -> dict[str, Any]:
    return {"calendarDate": day.isoformat(), "metrics": [{"type": "HRV", "value": 60.0 + day.day}]}


def _activities(until: date) -> list[dict[str, Any]]:
    return [
        {
            "activityId": ms // 1000,
            "name": f"Run {day}",
            "activityType": "running",
            "beginTimestamp": ms,
            "startTimeGmt": ms,
            "startTimeLocal": ms - 6 * 3600 * 1000,
            "duration": 3_000_000.0,
            "distance": 1_000_000.0,
        }
        for day, ms in RUNS_MS.items()
        if day <= until
    ]


def _export(
    root: Path, first: date, last: date, *, old: bool = False, nights: dict[date, Any] | None = None
) -> Path:
    """One export of [first, last] as a ZIP, in the folder layout of its generation."""
    days = _days(first, last)
    span = f"{first}_{last}"
    users = "DI-Connect-User" if old else "DI-Connect-Aggregator"
    members = {
        f"DI_CONNECT/{users}/UDSFile_{span}.json": [_uds(d, old) for d in days],
        f"DI_CONNECT/DI-Connect-Wellness/{span}_1_sleepData.json": [
            (nights or {}).get(d) or _night(d) for d in days
        ],
        f"DI_CONNECT/DI-Connect-Wellness/{span}_1_healthStatusData.json": [
            _health(d) for d in days
        ],
        "DI_CONNECT/DI-Connect-Fitness/runner_0_summarizedActivities.json": [
            {"summarizedActivitiesExport": _activities(last)}
        ],
    }
    path = root / f"garmin_{span}{'_old' if old else ''}.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name, records in members.items():
            zf.writestr(name, json.dumps(records))
    return path


def _athlete(ws: Workspace, name: str) -> int:
    athlete = ws.create_athlete(AthleteProfile(name=name, timezone="America/Denver"))
    assert athlete.id is not None
    return athlete.id


def _everything(ws: Workspace, athlete_id: int) -> dict[str, Any]:
    """What the athlete's days hold: every resolved value, night and activity."""
    values = sorted(
        (v.day, v.signal, v.source, v.context, v.value)
        for v in daily_signals(ws.athlete_scope(athlete_id), FIRST, LAST)
    )
    nights = sorted(
        (day, p.start, p.asleep_min, p.rem_min)
        for day, p in ws.sleep_periods(FIRST, LAST, athlete_id=athlete_id)
    )
    runs = sorted(
        (a.local_date, a.activity.start_time, a.activity.distance_m)
        for a in ws.activities(athlete_id=athlete_id)
    )
    return {"values": values, "nights": nights, "runs": runs}


def test_two_overlapping_exports_are_a_union_by_day_in_either_order(
    workspace: Workspace, tmp_path: Path
) -> None:
    early = _export(tmp_path, FIRST, date(2024, 6, 4))
    late = _export(tmp_path, date(2024, 6, 3), LAST)
    whole = _export(tmp_path, FIRST, LAST)
    one = _athlete(workspace, "one export")
    workspace.import_files([whole], athlete_id=one)
    expected = _everything(workspace, one)
    for order in ((early, late), (late, early)):
        athlete = _athlete(workspace, f"{order[0].name} first")
        for path in order:
            report = workspace.import_files([path], athlete_id=athlete)
            assert report.count(FileStatus.REJECTED) == 0
        assert _everything(workspace, athlete) == expected
    # hand-check of the expected union: 6 days, one night each, two runs (not four)
    rhr = [v for v in expected["values"] if v[1] == "rhr_bpm"]
    assert [(d.day, value) for d, _, _, _, value in rhr] == [(n, 40 + n) for n in range(1, 7)]
    fluid = {d.day: value for d, signal, *_, value in expected["values"] if signal == "fluid_ml"}
    assert fluid == {1: 2001, 2: 2002, 4: 2004, 5: 2005, 6: 2006}  # 3 June: sweat loss only
    assert len(expected["nights"]) == 6 and len(expected["runs"]) == 2
    total = {d.day: value for d, s, *_, value in expected["values"] if s == "sleep_total_min"}
    assert total[4] == (5004 + 15000 + 5400) / 60


def test_a_night_re_scored_between_two_exports_is_counted_once(
    workspace: Workspace, tmp_path: Path
) -> None:
    # The earlier export holds a night Garmin later moved (start 25 min later) and re-staged
    # (REM left out: 0); each export's own night, never both added up.
    june4 = date(2024, 6, 4)
    early = _export(tmp_path, FIRST, june4)
    late = _export(tmp_path, date(2024, 6, 3), LAST, nights={june4: _night(june4, 25, rem_s=0)})
    totals = {}
    for first, second in ((early, late), (late, early)):
        athlete = _athlete(workspace, first.name)
        workspace.import_files([first], athlete_id=athlete)
        report = workspace.import_files([second], athlete_id=athlete)
        ((sleep_file,),) = [[f for f in report.files if f.path.endswith("sleepData.json")]]
        # 3 June again (its record reference changes), 4 June moved onto: changed; 5–6 new
        assert (sleep_file.sleep.new, sleep_file.sleep.changed) == (2, 2)
        (night,) = [p for d, p in workspace.sleep_periods(june4, june4, athlete_id=athlete)]
        (total,) = daily_signals(
            workspace.athlete_scope(athlete), june4, june4, signals=["sleep_total_min"]
        )
        assert total.value == night.asleep_min
        totals[second.name] = total.value
    # the later import's night stands: early's 5004 + 15000 + 5400 s, late's 5004 + 15000 (+ 0)
    assert totals == {late.name: (5004 + 15000) / 60, early.name: (5004 + 15000 + 5400) / 60}


def test_an_old_and_a_new_generation_of_the_same_days_read_the_same(
    workspace: Workspace, tmp_path: Path
) -> None:
    # DI-Connect-User + {"date": "Jun 1, 2024 12:00:00 AM"} (2022–2023) vs DI-Connect-Aggregator
    # + "2024-06-01" (now): the same values on the same days.
    old, new = _athlete(workspace, "old"), _athlete(workspace, "new")
    workspace.import_files([_export(tmp_path, FIRST, LAST, old=True)], athlete_id=old)
    workspace.import_files([_export(tmp_path, FIRST, LAST)], athlete_id=new)
    assert _everything(workspace, old) == _everything(workspace, new)
    assert len(_everything(workspace, old)["values"]) > 6 * 3


def test_a_whole_export_reports_what_each_file_is(workspace: Workspace, tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "DI_CONNECT/DI-Connect-Aggregator/UDSFile_2024-06-01_2024-06-01.json",
            json.dumps([_uds(FIRST, old=False)]),
        )
        zf.writestr(  # a watch whose clock was never set
            "DI_CONNECT/DI-Connect-Aggregator/UDSFile_2005-12-31_2006-04-09.json",
            json.dumps([{"calendarDate": "2006-01-01", "currentDayRestingHeartRate": 61}]),
        )
        zf.writestr(
            "DI_CONNECT/DI-Connect-Aggregator/HydrationLogFile_2024-06-01_2024-09-08.json",
            json.dumps([{"calendarDate": "2024-06-01", "valueInML": 0.0}]),
        )
        zf.writestr("DI_CONNECT/DI-Connect-User/user_profile.json", "{}")
        zf.writestr("DI_CONNECT/DI-Connect-Fitness/runner_personalRecord.json", "[]")
    report = workspace.import_files([archive])
    by_name = {Path(f.path.split("!")[-1]).name: f for f in report.files}
    assert by_name["UDSFile_2024-06-01_2024-06-01.json"].observations.new == 2
    bogus = by_name["UDSFile_2005-12-31_2006-04-09.json"]
    assert bogus.status is FileStatus.UNCHANGED and bogus.new_records == 0
    (issue,) = bogus.issues
    assert "clock was never set" in issue.message
    skipped = {n: f.message or "" for n, f in by_name.items() if f.status is FileStatus.SKIPPED}
    assert set(skipped) == {
        "HydrationLogFile_2024-06-01_2024-09-08.json",
        "user_profile.json",
        "runner_personalRecord.json",
    }
    assert skipped["HydrationLogFile_2024-06-01_2024-09-08.json"].startswith("Garmin hydration log")
    assert skipped["user_profile.json"] == "Garmin Connect export file, not read"
    assert skipped["runner_personalRecord.json"] == "Garmin personal records, not read"


def test_the_export_and_garmindbs_download_of_one_night_are_one_night(
    workspace: Workspace, tmp_path: Path
) -> None:
    # tests/ingest/fixtures: the export's record for 2024-06-14 and GarminDB's sleep_2024-06-14
    # .json describe the same night (21:09–05:09 GMT) in two generations' shapes
    fixtures = Path(__file__).parent.parent / "ingest" / "fixtures"
    folder = tmp_path / "garmin"
    folder.mkdir()
    for name in ("2024-06-01_2024-06-30_123456_sleepData.json", "sleep_2024-06-14.json"):
        (folder / name).write_bytes((fixtures / name).read_bytes())
    report = workspace.import_files([folder])
    assert report.count(FileStatus.REJECTED) == 0
    day = date(2024, 6, 14)
    (night,) = workspace.sleep_periods(day, day)
    assert night[1].asleep_min == (5400 + 14400 + 7200) / 60
