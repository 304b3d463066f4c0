from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

import recoverwell
from recoverwell.app import load_history, session_loads
from recoverwell.app.demo import load_demo
from recoverwell.core.types import Activity, Sport
from recoverwell.metrics.session import LoadModel

END = date(2026, 11, 22)


def _run(day, minutes=50.0, km=10.0):
    start = datetime(day.year, day.month, day.day, 14, 0, tzinfo=UTC)
    return Activity(
        start_time=start, sport=Sport.RUNNING, elapsed_s=minutes * 60, distance_m=km * 1000,
        source_format="fit",
    )  # fmt: skip


def test_a_gap_of_more_than_the_setting_starts_a_segment_and_the_setting_moves_it(sqlite_url):
    first = date(2026, 1, 1)
    days = [first, first + timedelta(days=43), first + timedelta(days=87)]  # 42 and 43 days off
    segments = load_history.training_segments(days, 42, days[-1] + timedelta(days=2))
    assert segments == (
        load_history.Segment(days[0], days[1]),  # 42 days without a session: still one segment
        load_history.Segment(days[2], days[-1] + timedelta(days=2)),  # 43: a new one
    )
    assert load_history.segment_on(segments, days[1] + timedelta(days=5)) == segments[0]
    assert load_history.segment_on(segments, first - timedelta(days=1)) is None
    settings = recoverwell.load_settings(segment_gap_d=43)
    with recoverwell.open(sqlite_url, settings=settings, create=True) as ws:
        ws.create_athlete(recoverwell.AthleteProfile(name="T", threshold_pace_s_per_km=240.0))
        ws.add_activities([_run(d) for d in days])
        assert len(load_history.load_history(ws.athlete_scope()).segments()) == 1


def test_the_settled_day_is_the_last_session_or_the_day_before_the_last_reading():
    run = date(2026, 5, 4)
    assert load_history.settled_day(run, None) == run
    assert load_history.settled_day(run, date(2026, 5, 8)) == date(2026, 5, 7)  # 8 − 1
    assert load_history.settled_day(run, date(2026, 5, 3)) == run  # an older reading: no change


def test_the_srpe_ratio_comes_from_the_athletes_own_sessions(sqlite_url):
    with recoverwell.open(sqlite_url, create=True) as ws:
        load_demo(ws, end_day=END, weeks=2)
        scope = ws.athlete_scope()
        history = load_history.load_history(scope)
        loads = session_loads.session_loads(
            scope, scope.activities(), session_loads.load_params(scope.resolved_profile())
        )
    ratios = [x.hrss_au / x.srpe_au for x in loads.values()]
    assert history.srpe_tss_per_au == pytest.approx(float(np.median(ratios)))
    assert all(x.model is LoadModel.HRSS for x in loads.values())
    assert history.first_day == min(a.local_date for a in history.activities)
