from datetime import UTC, date, datetime

import pytest

import recoverwell
from recoverwell.app.demo import load_demo, weekly_volume
from recoverwell.core.types import Activity, Sport, StoredActivity


def test_loading_the_demo_twice_replaces_rather_than_doubles(sqlite_url):
    with recoverwell.open(sqlite_url, create=True) as ws:
        first = load_demo(ws, end_day=date(2026, 11, 22), weeks=2)
        second = load_demo(ws, end_day=date(2026, 11, 22), weeks=2)
        assert first.activities == second.activities == 16
        assert len(ws.athletes()) == 1
        assert ws.athlete().synthetic


def _stored(day, distance_m, moving_s, hr, sport=Sport.RUNNING):
    start = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    activity = Activity(
        start_time=start,
        sport=sport,
        elapsed_s=moving_s,
        moving_s=moving_s,
        distance_m=distance_m,
        avg_hr_bpm=hr,
    )
    return StoredActivity(0, 1, day, activity)


@pytest.mark.reference(source="hand calculation")
def test_weekly_volume_sums_runs_and_weights_hr_by_time():
    acts = [
        _stored(date(2026, 11, 16), 10_000, 3000, 140),
        _stored(date(2026, 11, 18), 20_000, 6000, 150),
        _stored(date(2026, 11, 19), 30_000, 3600, 120, sport=Sport.CYCLING),  # not running
        _stored(date(2026, 11, 30), 5_000, 1500, 130),
    ]
    weeks = weekly_volume(acts)
    assert [w.week_start for w in weeks] == [
        date(2026, 11, 16),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]
    assert weeks[0].runs == 2 and weeks[0].distance_m == 30_000
    # time-weighted HR: (140 × 3000 + 150 × 6000) / 9000 = 146.67
    assert weeks[0].avg_hr_bpm == pytest.approx((140 * 3000 + 150 * 6000) / 9000)
    assert weeks[1].runs == 0 and weeks[1].avg_hr_bpm is None
