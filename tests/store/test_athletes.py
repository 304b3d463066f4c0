"""Removing an athlete takes every row that is theirs, on both databases (issue 12 item 10)."""

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import func, select

from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.errors import NotFound
from recoverwell.core.niggles import Niggle, Side
from recoverwell.core.types import Activity, Lap, Observation, SampleStreams, SleepPeriod, Sport
from recoverwell.store.activities import count_activities, insert_activity
from recoverwell.store.athletes import (
    athlete_data_counts,
    create_athlete,
    delete_athlete,
    delete_athlete_data,
    get_athlete,
    last_activity_days,
    last_signal_day,
    list_athletes,
    update_athlete,
)
from recoverwell.store.engine import reading, writing
from recoverwell.store.import_log import record_import
from recoverwell.store.niggles import upsert_niggle
from recoverwell.store.observations import upsert_observations
from recoverwell.store.priorities import set_priority
from recoverwell.store.schema import activity_streams, laps, metadata
from recoverwell.store.sleep_periods import upsert_sleep_periods

DAY = date(2026, 11, 24)
START = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


def _fill(conn, athlete_id: int, runs: int) -> None:
    """``runs`` activities with laps and samples, two readings, a night, a niggle, a priority
    and an import: one row in every table an athlete's data lives in."""
    log = record_import(
        conn,
        athlete_id,
        content_sha256=f"{athlete_id:064x}",
        source_path="a.fit",
        size_bytes=10,
        format="fit",
        status="imported",
    )
    for i in range(runs):
        start = START - timedelta(days=i)
        run = Activity(
            start_time=start,
            sport=Sport.RUNNING,
            elapsed_s=600.0,
            distance_m=2000.0,
            laps=(Lap(0, start, 600.0, distance_m=2000.0),),
            streams=SampleStreams(time_s=np.arange(60.0), hr_bpm=np.full(60, 140.0)),
        )
        insert_activity(conn, athlete_id, run, DAY - timedelta(days=i), import_id=log)
    upsert_observations(
        conn,
        athlete_id,
        [Observation(DAY, "rhr_bpm", 48.0, "garmin"), Observation(DAY, "hooper_sleep", 2, "x")],
    )
    night = SleepPeriod(START - timedelta(hours=20), START - timedelta(hours=12), "garmin")
    upsert_sleep_periods(conn, athlete_id, [(DAY, night)])
    upsert_niggle(conn, athlete_id, Niggle(DAY, "calf", Side.LEFT, 3, False))
    set_priority(conn, athlete_id, "rhr_bpm", ("garmin",))


def _rows_of(conn, athlete_id: int) -> dict[str, int]:
    """Rows with this athlete_id in every table that has the column."""
    return {
        t.name: conn.execute(
            select(func.count()).select_from(t).where(t.c.athlete_id == athlete_id)
        ).scalar_one()
        for t in metadata.tables.values()
        if "athlete_id" in t.c
    }


def test_removing_an_athlete_leaves_no_row_of_theirs_and_keeps_the_others(engine):
    with writing(engine) as conn:
        ana = create_athlete(conn, AthleteProfile(name="Ana"))
        ben = create_athlete(conn, AthleteProfile(name="Ben"))
        _fill(conn, ana.id, runs=3)
        _fill(conn, ben.id, runs=2)
    with reading(engine) as conn:
        counts = athlete_data_counts(conn, ben.id)
        assert counts == {
            "activities": 2,
            "daily readings": 2,
            "sleep periods": 1,
            "niggles": 1,
            "imports": 1,
            "source priorities": 1,
        }
        assert last_activity_days(conn) == {ana.id: DAY, ben.id: DAY}
        ana_before = _rows_of(conn, ana.id)
    with writing(engine) as conn:
        delete_athlete(conn, ben.id)
    with reading(engine) as conn:
        assert set(_rows_of(conn, ben.id).values()) == {0}
        assert _rows_of(conn, ana.id) == ana_before
        # laps and samples hang off activities: Ana's 3 runs' are all that is left
        assert conn.execute(select(func.count()).select_from(laps)).scalar_one() == 3
        streams = conn.execute(select(func.count()).select_from(activity_streams)).scalar_one()
        assert streams == 3
        assert [a.name for a in list_athletes(conn)] == ["Ana"]


def test_removing_an_athlete_that_is_not_there_is_not_found(engine):
    with writing(engine) as conn, pytest.raises(NotFound, match="no athlete with id 7"):
        delete_athlete(conn, 7)


def _run(start=START, n=600):
    t = np.arange(float(n))
    return Activity(
        start_time=start,
        sport=Sport.RUNNING,
        elapsed_s=float(n),
        moving_s=float(n - 10),
        distance_m=2000.0,
        avg_hr_bpm=150.0,
        utc_offset_s=-7 * 3600,
        laps=(
            Lap(0, start, 300.0, distance_m=1000.0, avg_hr_bpm=148.0),
            Lap(1, start + timedelta(seconds=300), 300.0, distance_m=1000.0),
        ),
        streams=SampleStreams(time_s=t, hr_bpm=140 + t % 20, distance_m=t * 3.3),
        rr_ms=np.array([400.0, 402.0, 399.5]),
    )


def test_athlete_profiles_round_trip(engine, two_athletes):
    _, b = two_athletes
    with writing(engine) as conn:
        update_athlete(conn, b.with_changes(lthr_bpm=165.0))
    with reading(engine) as conn:
        assert get_athlete(conn, b.id) == b.with_changes(lthr_bpm=165.0)
        assert [p.name for p in list_athletes(conn)] == ["A", "B"]
        with pytest.raises(NotFound):
            get_athlete(conn, 999)


def test_deleting_athlete_data_keeps_the_profile(engine, two_athletes):
    a, _ = two_athletes
    with writing(engine) as conn:
        insert_activity(conn, a.id, _run(), date(2026, 11, 24))
        delete_athlete_data(conn, a.id)
    with reading(engine) as conn:
        assert count_activities(conn, a.id) == 0
        assert get_athlete(conn, a.id).name == "A"


def test_the_last_signal_day_is_the_newest_reading_or_wake_up_day(engine, two_athletes):
    a, b = two_athletes
    night = SleepPeriod(START - timedelta(hours=20), START - timedelta(hours=12), "garmin")
    with writing(engine) as conn:
        assert last_signal_day(conn, a.id) is None
        upsert_observations(conn, a.id, [Observation(DAY, "rhr_bpm", 48.0, "garmin")])
        assert last_signal_day(conn, a.id) == DAY
        upsert_sleep_periods(conn, a.id, [(DAY + timedelta(days=1), night)])
        assert last_signal_day(conn, a.id) == DAY + timedelta(days=1)  # the wake-up day is newer
        assert last_signal_day(conn, b.id) is None
