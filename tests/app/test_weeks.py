"""Week by week: runs, distance, time, climb, HR weighted by time, load, change vs last week."""

import dataclasses
import math
from datetime import UTC, date, datetime

import pytest

from recoverwell.app.weeks import summarize_weeks, weekly_summary
from recoverwell.core.types import Activity, Sport, StoredActivity


def _run(day, km, minutes, hr=None, sport=Sport.RUNNING, **kw):
    start = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
    activity = Activity(
        start, sport, minutes * 60.0, moving_s=minutes * 60.0, distance_m=km * 1000.0,
        avg_hr_bpm=hr, ascent_m=50.0, descent_m=40.0, **kw,
    )  # fmt: skip
    return StoredActivity(0, 1, day, activity)


@pytest.mark.reference(source="hand calculation")
def test_weeks_sum_runs_and_weigh_hr_by_time_and_compare_with_the_week_before():
    acts = [
        _run(date(2026, 11, 2), 10, 50, hr=140),  # Monday
        _run(date(2026, 11, 8), 20, 110, hr=150),  # Sunday: the same week
        _run(date(2026, 11, 9), 12, 60, hr=145),  # next Monday
        _run(date(2026, 11, 10), 0, 45, sport=Sport.CYCLING),  # counts as a session, not a run
    ]
    loads = {date(2026, 11, 2): 60.0, date(2026, 11, 8): 140.0, date(2026, 11, 9): math.nan}
    first, second = summarize_weeks(acts, loads, {date(2026, 11, 9): 1})
    assert (first.week_start, first.runs, first.distance_m) == (date(2026, 11, 2), 2, 30_000.0)
    assert first.moving_s == (50 + 110) * 60
    assert first.avg_hr_bpm == pytest.approx((140 * 50 + 150 * 110) / (50 + 110))  # 146.875
    assert (first.longest_run_m, first.ascent_m, first.descent_m) == (20_000.0, 100.0, 80.0)
    assert first.load_au == 60 + 140 and first.distance_change_pct is None
    assert (second.runs, second.sessions, second.load_au) == (1, 2, None)  # NaN day: unknown
    assert second.unknown_load_sessions == 1
    assert second.distance_change_pct == pytest.approx((12 - 30) / 30 * 100)  # −60 %


def test_a_week_without_runs_is_shown_and_excluded_sessions_are_counted_apart():
    acts = [
        _run(date(2026, 11, 2), 10, 50),
        _run(date(2026, 11, 3), 400, 50, excluded="a 'run' averaging 8 s/km"),
        _run(date(2026, 11, 18), 8, 40),
    ]
    weeks = summarize_weeks(acts)
    assert [(w.week_start.isoformat(), w.runs, w.excluded) for w in weeks] == [
        ("2026-11-02", 1, 1),
        ("2026-11-09", 0, 0),
        ("2026-11-16", 1, 0),
    ]
    assert weeks[0].distance_m == 10_000.0  # the excluded 400 km never enter the volume


def test_weekly_summary_reads_the_workspace(workspace):
    from recoverwell.app.demo import load_demo

    loaded = load_demo(workspace, end_day=date(2026, 11, 22), weeks=3)
    weeks = weekly_summary(workspace.athlete_scope(loaded.athlete.id), weeks=2)
    assert [w.week_start for w in weeks] == [date(2026, 11, 9), date(2026, 11, 16)]
    table = workspace.training_table(
        date(2026, 11, 16), date(2026, 11, 22), athlete_id=loaded.athlete.id
    )
    assert weeks[-1].load_au == pytest.approx(sum(d.load_au for d in table.days))
    runs = [a for a in workspace.activities(athlete_id=loaded.athlete.id)
            if a.local_date >= date(2026, 11, 16)]  # fmt: skip
    assert weeks[-1].distance_m == pytest.approx(sum(a.activity.distance_m for a in runs))
    assert dataclasses.asdict(weeks[-1])["runs"] == len(runs)
