"""Date-only summaries (TrainingPeaks) against recordings of their day: one to one, in any order.

A Denver athlete; the FIT starts at 08:15 MST on 2026-03-01 (3000 s, 8 km) unless a test says.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from recoverwell.app.import_store import Target, store_result
from recoverwell.app.workspace import Workspace
from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.timeutil import parse_timezone
from recoverwell.core.types import Activity, Sport
from recoverwell.ingest.base import ReadResult
from recoverwell.store.engine import writing


def _csv(path: Path, *rows) -> Path:
    header = '"Title","WorkoutType","WorkoutDay","DistanceInMeters","TimeTotalInHours"'
    path.write_text("\n".join([header] + [",".join(f'"{x}"' for x in r) for r in rows]) + "\n")
    return path


def _store(ws: Workspace, name: str, *acts: Activity, athlete_id=None):
    p = ws.athlete(athlete_id)
    t = Target(p.id, parse_timezone(p.timezone), name, 10, name)
    with writing(ws.engine) as conn:
        return store_result(conn, t, ReadResult("test", activities=acts), tuple(None for _ in acts))


def _kept(ws, athlete_id=None):
    return sorted(
        (str(a.local_date), a.activity.source_format, a.activity.name, a.activity.sport.value)
        for a in ws.activities(athlete_id=athlete_id)
    )


# Denver, 2026-03-01 07:00 MST
AM = datetime(2026, 3, 1, 15, 15, tzinfo=UTC)  # 08:15 MST


def fit(start=AM, el=3000.0, dist=8000.0, fmt="fit", off=-7 * 3600, **kw):
    return Activity(
        start_time=start,
        sport=Sport.RUNNING,
        elapsed_s=el,
        distance_m=dist,
        source_format=fmt,
        utc_offset_s=off,
        **kw,
    )


def test_a_recording_pairs_with_one_summary_so_a_double_stays_two_in_either_order(
    workspace, tmp_path
):
    rows = (
        ("AM easy", "Run", "2026-03-01", "8000", "0.8333333"),
        ("PM easy", "Run", "2026-03-01", "8050", "0.84"),
    )
    csv = _csv(tmp_path / "w.csv", *rows)
    a = workspace.athlete().id
    b = workspace.create_athlete(AthleteProfile(name="B", timezone="America/Denver"))
    # order 1: FIT, then TP
    _store(workspace, "am.fit", fit(), athlete_id=a)
    workspace.import_files([csv], athlete_id=a)
    # order 2: TP, then FIT
    workspace.import_files([csv], athlete_id=b.id)
    _store(workspace, "am.fit", fit(), athlete_id=b.id)
    assert len(_kept(workspace, b.id)) == 2
    assert len(_kept(workspace, a)) == 2, "PM run (only in TP) swallowed by the AM FIT"


def test_a_cross_training_row_without_distance_is_not_a_run(workspace, tmp_path):
    csv = _csv(
        tmp_path / "w.csv",
        ("Easy run", "Run", "2026-03-01", "6000", "0.5"),
        ("Core", "X-Train", "2026-03-01", "", "0.5"),
    )
    _store(workspace, "am.fit", fit(el=1800.0, dist=6000.0))
    workspace.import_files([csv])
    assert len(_kept(workspace)) == 2, "X-Train (other) row swallowed by the run FIT"


def test_a_copy_found_by_start_stops_the_day_rule(workspace, tmp_path):
    csv = _csv(
        tmp_path / "w.csv",
        ("AM easy", "Run", "2026-03-01", "8000", "0.8333333"),
        ("PM easy", "Run", "2026-03-01", "8050", "0.84"),
    )
    workspace.import_files([csv])
    _store(workspace, "am.gpx", fit(fmt="gpx", off=None))  # replaces TP AM (closest)
    _store(workspace, "am.fit", fit(start=AM + timedelta(seconds=3)))
    assert len(_kept(workspace)) == 2, "FIT replaced the GPX copy AND the unrelated PM TP row"


def test_a_re_exported_summary_file_leaves_its_stored_rows_unchanged(workspace, tmp_path):
    rows = [
        ("AM easy", "Run", "2026-03-01", "8000", "0.8333333"),
        ("PM easy", "Run", "2026-03-01", "8050", "0.84"),
    ]
    workspace.import_files([_csv(tmp_path / "w.csv", *rows)])
    _store(workspace, "am.fit", fit())
    before = _kept(workspace)
    rows2 = [*rows, ("Next", "Run", "2026-03-05", "5000", "0.5")]
    rep = workspace.import_files([_csv(tmp_path / "w2.csv", *rows2)])
    f = rep.files[0]
    assert _kept(workspace)[:2] == before
    assert (f.activities.new, f.activities.unchanged, f.activities.duplicate) == (1, 1, 1)
    assert not any("from am.fit" in d and "PM" in d for d in f.duplicates)


def test_the_local_day_decides_east_and_west_of_utc(workspace, tmp_path):
    cases = {
        "Pacific/Auckland": (datetime(2026, 1, 9, 17, 30, tzinfo=UTC), 13 * 3600, "2026-01-10"),
        "Asia/Tokyo": (datetime(2026, 1, 9, 22, 0, tzinfo=UTC), 9 * 3600, "2026-01-10"),
        "America/Denver": (datetime(2026, 1, 11, 4, 0, tzinfo=UTC), -7 * 3600, "2026-01-10"),
        "America/Los_Angeles": (datetime(2026, 1, 11, 7, 30, tzinfo=UTC), -8 * 3600, "2026-01-10"),
    }
    for tz, (start, off, day) in cases.items():
        for order in ("fit-first", "tp-first"):
            a = workspace.create_athlete(AthleteProfile(name=tz + order, timezone=tz))
            csv = _csv(tmp_path / f"{a.id}.csv", ("R", "Run", day, "8000", "0.8333333"))
            f = fit(start=start, off=off)
            if order == "fit-first":
                _store(workspace, "x.fit", f, athlete_id=a.id)
                workspace.import_files([csv], athlete_id=a.id)
            else:
                workspace.import_files([csv], athlete_id=a.id)
                _store(workspace, "x.fit", f, athlete_id=a.id)
            k = _kept(workspace, a.id)
            assert k == [(day, "fit", "R", "running")]


def test_a_travellers_run_pairs_with_its_local_day(workspace, tmp_path):
    # home Auckland (+13), run in Honolulu (-10) at 20:00 on Jan 10 local (device offset known)
    a = workspace.create_athlete(AthleteProfile(name="T", timezone="Pacific/Auckland"))
    start = datetime(2026, 1, 11, 6, 0, tzinfo=UTC)
    _store(workspace, "x.fit", fit(start=start, off=-10 * 3600), athlete_id=a.id)
    workspace.import_files(
        [_csv(tmp_path / "t.csv", ("R", "Run", "2026-01-10", "8000", "0.8333333"))], athlete_id=a.id
    )
    k = _kept(workspace, a.id)
    assert len(k) == 1


def test_a_summary_with_a_real_start_beats_a_made_up_midnight(workspace, tmp_path):
    workspace.import_files(
        [_csv(tmp_path / "w.csv", ("AM easy", "Run", "2026-03-01", "8000", "0.8333333"))]
    )
    _store(workspace, "strava.csv", fit(fmt="strava", off=None))
    assert workspace.activities()[0].activity.source_format == "strava"


def test_a_run_at_the_offset_hour_replaces_only_its_own_summary(workspace, tmp_path):
    # TP first (double of similar runs), then the AM FIT starting 07:00 MST = |UTC offset| after
    # midnight: TP AM matches by the old clock-shift rule, TP PM is added by the day rule.
    workspace.import_files(
        [
            _csv(
                tmp_path / "w.csv",
                ("AM easy", "Run", "2026-03-01", "8000", "0.8333333"),
                ("PM easy", "Run", "2026-03-01", "8050", "0.84"),
            )
        ]
    )
    _store(workspace, "am.fit", fit(start=datetime(2026, 3, 1, 14, 0, tzinfo=UTC)))
    assert len(_kept(workspace)) == 2


AT_OFFSET_HOUR = datetime(2026, 3, 1, 14, 0, tzinfo=UTC)  # 07:00 MST: |UTC offset| after midnight
DOUBLE = (
    ("AM easy", "Run", "2026-03-01", "8000", "0.8333333"),
    ("PM easy", "Run", "2026-03-01", "8050", "0.84"),
)


def test_a_run_at_the_offset_hour_is_paired_by_day_not_as_a_clock_shifted_copy(workspace, tmp_path):
    # A made-up midnight is no start: the clock-shift rule must not pair it (and skip `claimed`).
    _store(workspace, "am.fit", fit(start=AT_OFFSET_HOUR))
    workspace.import_files([_csv(tmp_path / "w.csv", *DOUBLE)])
    assert [k[1] for k in _kept(workspace)] == ["fit", "trainingpeaks"]


def test_an_identical_double_loses_only_the_recorded_run(workspace, tmp_path):
    same = (DOUBLE[0], ("PM easy", "Run", "2026-03-01", "8000", "0.8333333"))
    workspace.import_files([_csv(tmp_path / "w.csv", *same)])
    _store(workspace, "am.fit", fit(start=AT_OFFSET_HOUR))
    assert [k[1] for k in _kept(workspace)] == ["fit", "trainingpeaks"]


def test_a_new_workout_listed_first_in_a_later_export_is_kept(workspace, tmp_path):
    # The new row takes the made-up second an earlier export gave another workout of the day.
    workspace.import_files(
        [_csv(tmp_path / "a.csv", ("Long", "Run", "2026-03-01", "16000", "1.5"))]
    )
    report = workspace.import_files(
        [
            _csv(
                tmp_path / "b.csv",
                ("Shakeout", "Run", "2026-03-01", "4000", "0.4"),
                ("Long", "Run", "2026-03-01", "16000", "1.5"),
            )
        ]
    )
    assert report.files[0].activities.new == 1
    assert [k[2] for k in _kept(workspace)] == ["Long", "Shakeout"]


def test_a_recording_of_another_local_day_is_not_paired(workspace, tmp_path):
    late = fit(start=datetime(2026, 3, 1, 6, 59, tzinfo=UTC), dist=9000.0)  # 23:59 MST, Feb 28
    treadmill = fit(start=datetime(2026, 3, 1, 0, 0, tzinfo=UTC))  # 17:00 MST on Feb 28
    _store(workspace, "late.fit", late)
    _store(workspace, "pm.fit", treadmill)
    workspace.import_files(
        [
            _csv(
                tmp_path / "w.csv",
                ("Evening", "Run", "2026-03-01", "9000", "0.8333333"),
                ("Tread", "Run", "2026-03-01", "8000", "0.8333333"),
            )
        ]
    )
    days = [k[0] for k in _kept(workspace)]
    assert days == ["2026-02-28", "2026-02-28", "2026-03-01", "2026-03-01"]
    assert all(k[2] is None for k in _kept(workspace) if k[1] == "fit")  # not renamed


def test_a_re_export_in_another_order_changes_nothing(workspace, tmp_path):
    workspace.import_files([_csv(tmp_path / "w.csv", *DOUBLE)])
    _store(workspace, "am.fit", fit())
    before = _kept(workspace)
    report = workspace.import_files([_csv(tmp_path / "w2.csv", DOUBLE[1], DOUBLE[0])])
    assert _kept(workspace) == before
    assert report.files[0].activities.new == 0
