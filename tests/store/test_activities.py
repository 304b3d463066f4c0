"""Activities with laps and streams on both databases; every query scoped to one athlete."""

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import select

from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.errors import NotFound, StoreError
from recoverwell.core.types import Activity, Lap, SampleStreams, Sport
from recoverwell.store.activities import (
    activities_starting_between,
    count_activities,
    count_import_activities,
    delete_activity,
    fill_activity,
    get_activity,
    insert_activity,
    list_activities,
    set_activity_rpe,
)
from recoverwell.store.athletes import (
    create_athlete,
)
from recoverwell.store.engine import reading, writing
from recoverwell.store.import_log import record_import
from recoverwell.store.schema import laps

START = datetime(2026, 11, 24, 13, 5, 7, tzinfo=UTC)
BRIEF_START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)  # the duplicate-detection tests
DAY = date(2024, 6, 14)


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


def _activity(start: datetime, n: int, fmt: str) -> Activity:
    t = np.arange(float(n))
    return Activity(
        start_time=start,
        sport=Sport.RUNNING,
        elapsed_s=float(n),
        source_format=fmt,
        laps=(Lap(0, start, float(n)),),
        streams=SampleStreams(time_s=t, hr_bpm=140 + t % 5),
        rr_ms=np.array([400.0, 401.0]),
    )


def test_an_activity_round_trips_with_laps_streams_and_rr(engine, two_athletes):
    a, _ = two_athletes
    with writing(engine) as conn:
        activity_id = insert_activity(conn, a.id, _run(), date(2026, 11, 24))
    with reading(engine) as conn:
        stored = get_activity(conn, a.id, activity_id)
    got = stored.activity
    assert stored.local_date == date(2026, 11, 24)
    assert got.start_time == START and got.start_time.tzinfo is not None
    assert (got.elapsed_s, got.moving_s, got.distance_m, got.utc_offset_s) == (
        600,
        590,
        2000,
        -25200,
    )
    assert [lap.distance_m for lap in got.laps] == [1000.0, 1000.0]
    assert got.laps[1].start_time == START + timedelta(seconds=300)
    assert got.streams is not None and got.streams.channels == ("time_s", "hr_bpm", "distance_m")
    np.testing.assert_array_equal(got.streams.hr_bpm, 140 + np.arange(600.0) % 20)
    np.testing.assert_array_equal(got.rr_ms, [400.0, 402.0, 399.5])


def test_the_same_activity_cannot_be_stored_twice(engine, two_athletes):
    a, _ = two_athletes
    with writing(engine) as conn:
        insert_activity(conn, a.id, _run(), date(2026, 11, 24))
    with pytest.raises(StoreError, match="already stored"), writing(engine) as conn:
        insert_activity(conn, a.id, _run(), date(2026, 11, 24))
    with reading(engine) as conn:
        assert count_activities(conn, a.id) == 1


def test_athletes_never_see_each_others_activities(engine, two_athletes):
    a, b = two_athletes
    with writing(engine) as conn:
        activity_id = insert_activity(conn, a.id, _run(), date(2026, 11, 24))
    with reading(engine) as conn:
        assert list_activities(conn, b.id) == []
        with pytest.raises(NotFound):
            get_activity(conn, b.id, activity_id)


def test_activities_are_listed_by_local_day_range(engine, two_athletes):
    a, _ = two_athletes
    with writing(engine) as conn:
        for k in range(3):
            insert_activity(
                conn, a.id, _run(START + timedelta(days=k)), date(2026, 11, 24) + timedelta(days=k)
            )
    with reading(engine) as conn:
        days = [
            s.local_date
            for s in list_activities(conn, a.id, date(2026, 11, 25), date(2026, 11, 26))
        ]
    assert days == [date(2026, 11, 25), date(2026, 11, 26)]


def test_candidates_come_with_stream_sizes_and_their_file(engine):
    with writing(engine) as conn:
        a = create_athlete(conn, AthleteProfile(name="A")).id
        b = create_athlete(conn, AthleteProfile(name="B")).id
        log = record_import(
            conn, a, content_sha256="f" * 64, source_path="run.fit", size_bytes=1,
            format="fit", status="new",
        )  # fmt: skip
        insert_activity(conn, a, _activity(BRIEF_START, 100, "fit"), date(2024, 5, 1), log)
        insert_activity(conn, b, _activity(BRIEF_START, 50, "gpx"), date(2024, 5, 1))
    with reading(engine) as conn:
        (brief,) = activities_starting_between(
            conn, a, BRIEF_START - timedelta(minutes=2), BRIEF_START + timedelta(minutes=2)
        )
        late = activities_starting_between(
            conn, a, BRIEF_START + timedelta(minutes=1), BRIEF_START + timedelta(minutes=5)
        )
    assert (brief.n_channels, brief.n_samples, brief.n_rr) == (2, 100, 2)
    assert (brief.source_format, brief.source_path, brief.import_id) == ("fit", "run.fit", log)
    assert brief.start_time == BRIEF_START and late == []
    with reading(engine) as conn:
        assert count_import_activities(conn, a, log) == 1
        assert count_import_activities(conn, b, log) == 0


def test_deleting_an_activity_takes_its_laps_and_is_scoped_to_the_athlete(engine):
    with writing(engine) as conn:
        a = create_athlete(conn, AthleteProfile(name="A")).id
        b = create_athlete(conn, AthleteProfile(name="B")).id
        activity_id = insert_activity(conn, a, _activity(BRIEF_START, 10, "gpx"), date(2024, 5, 1))
    with writing(engine) as conn, pytest.raises(NotFound):
        delete_activity(conn, b, activity_id)
    with writing(engine) as conn:
        delete_activity(conn, a, activity_id)
    with reading(engine) as conn:
        assert count_activities(conn, a) == 0
        assert conn.execute(select(laps)).all() == []


def test_rpe_is_written_on_the_athletes_own_activity_only(workspace):
    a = workspace.athlete().id
    start = datetime(2024, 6, 14, 12, tzinfo=UTC)
    (run,) = workspace.add_activities([Activity(start, Sport.RUNNING, 1800.0)])
    with writing(workspace.engine) as conn:
        set_activity_rpe(conn, a, run, 7)
        with pytest.raises(NotFound):
            set_activity_rpe(conn, a + 1, run, 7)
    assert workspace.activity(run).activity.rpe == 7


def test_filling_an_activity_writes_only_what_it_lacks(workspace):
    a = workspace.athlete().id
    start = datetime(2024, 6, 14, 12, tzinfo=UTC)
    (run,) = workspace.add_activities([Activity(start, Sport.RUNNING, 1800.0, rpe=4.0)])
    with writing(workspace.engine) as conn:
        fill_activity(conn, a, run, name="Tempo with Joe", rpe=8.0)
        fill_activity(conn, a, run, name="Morning Run")
        with pytest.raises(NotFound):
            fill_activity(conn, a + 1, run, name="x")
    stored = workspace.activity(run).activity
    assert (stored.name, stored.rpe) == ("Tempo with Joe", 4.0)
