"""Store round trips on both databases; every query scoped to one athlete."""

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.errors import NotFound, StoreError
from recoverwell.core.types import Activity, Lap, Observation, SampleStreams, SleepPeriod, Sport
from recoverwell.store import migrate, repository
from recoverwell.store.engine import make_engine, reading, writing

START = datetime(2026, 11, 24, 13, 5, 7, tzinfo=UTC)


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


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


def _two_athletes(engine):
    with writing(engine) as conn:
        a = repository.create_athlete(conn, AthleteProfile(name="A"))
        b = repository.create_athlete(conn, AthleteProfile(name="B", hr_max_bpm=180))
    return a, b


def test_athlete_profiles_round_trip(engine):
    _, b = _two_athletes(engine)
    with writing(engine) as conn:
        repository.update_athlete(conn, b.with_changes(lthr_bpm=165.0))
    with reading(engine) as conn:
        assert repository.get_athlete(conn, b.id) == b.with_changes(lthr_bpm=165.0)
        assert [p.name for p in repository.list_athletes(conn)] == ["A", "B"]
        with pytest.raises(NotFound):
            repository.get_athlete(conn, 999)


def test_an_activity_round_trips_with_laps_streams_and_rr(engine):
    a, _ = _two_athletes(engine)
    with writing(engine) as conn:
        activity_id = repository.insert_activity(conn, a.id, _run(), date(2026, 11, 24))
    with reading(engine) as conn:
        stored = repository.get_activity(conn, a.id, activity_id)
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


def test_the_same_activity_cannot_be_stored_twice(engine):
    a, _ = _two_athletes(engine)
    with writing(engine) as conn:
        repository.insert_activity(conn, a.id, _run(), date(2026, 11, 24))
    with pytest.raises(StoreError, match="already stored"), writing(engine) as conn:
        repository.insert_activity(conn, a.id, _run(), date(2026, 11, 24))
    with reading(engine) as conn:
        assert repository.count_activities(conn, a.id) == 1


def test_athletes_never_see_each_others_activities(engine):
    a, b = _two_athletes(engine)
    with writing(engine) as conn:
        activity_id = repository.insert_activity(conn, a.id, _run(), date(2026, 11, 24))
    with reading(engine) as conn:
        assert repository.list_activities(conn, b.id) == []
        with pytest.raises(NotFound):
            repository.get_activity(conn, b.id, activity_id)


def test_activities_are_listed_by_local_day_range(engine):
    a, _ = _two_athletes(engine)
    with writing(engine) as conn:
        for k in range(3):
            repository.insert_activity(
                conn, a.id, _run(START + timedelta(days=k)), date(2026, 11, 24) + timedelta(days=k)
            )
    with reading(engine) as conn:
        days = [
            s.local_date
            for s in repository.list_activities(conn, a.id, date(2026, 11, 25), date(2026, 11, 26))
        ]
    assert days == [date(2026, 11, 25), date(2026, 11, 26)]


def test_observation_upsert_is_idempotent_and_keeps_other_sources(engine):
    a, b = _two_athletes(engine)
    day = date(2026, 11, 25)
    first = [
        Observation(day, "resting_hr_bpm", 44.0, "garmin"),
        Observation(day, "resting_hr_bpm", 46.0, "checkin"),
    ]
    with writing(engine) as conn:
        assert repository.upsert_observations(conn, a.id, first) == (2, 0, 0)
        assert repository.upsert_observations(conn, a.id, first) == (0, 0, 2)
        assert repository.upsert_observations(
            conn, a.id, [Observation(day, "resting_hr_bpm", 45.0, "garmin")]
        ) == (0, 1, 0)
    with reading(engine) as conn:
        got = repository.list_observations(conn, a.id, ["resting_hr_bpm"])
        assert {(o.source, o.value) for o in got} == {("garmin", 45.0), ("checkin", 46.0)}
        assert repository.list_observations(conn, b.id) == []


def test_deleting_athlete_data_keeps_the_profile(engine):
    a, _ = _two_athletes(engine)
    with writing(engine) as conn:
        repository.insert_activity(conn, a.id, _run(), date(2026, 11, 24))
        repository.delete_athlete_data(conn, a.id)
    with reading(engine) as conn:
        assert repository.count_activities(conn, a.id) == 0
        assert repository.get_athlete(conn, a.id).name == "A"


def test_the_import_log_finds_a_file_by_content_hash_per_athlete(engine):
    a, b = _two_athletes(engine)
    with writing(engine) as conn:
        log_id = repository.record_import(
            conn,
            a.id,
            content_sha256="ab" * 32,
            source_path="run.fit",
            size_bytes=10,
            format="fit",
            status="new",
            n_records=1,
        )
    with reading(engine) as conn:
        assert repository.find_import(conn, a.id, "ab" * 32) == log_id
        assert repository.find_import(conn, b.id, "ab" * 32) is None


def test_sleep_periods_round_trip_and_reimport_changes_nothing(engine):
    a, b = _two_athletes(engine)
    night = SleepPeriod(
        start=datetime(2026, 11, 24, 5, 0, tzinfo=UTC),  # 22:00 in Denver
        end=datetime(2026, 11, 24, 13, 30, tzinfo=UTC),  # 06:30 in Denver
        source="oura",
        asleep_min=470,
        in_bed_min=510,
        deep_min=80,
        rem_min=100,
        awakenings=2,
    )
    nap = SleepPeriod(
        start=datetime(2026, 11, 24, 21, tzinfo=UTC),
        end=datetime(2026, 11, 24, 21, 25, tzinfo=UTC),
        source="oura",
        is_nap=True,
    )
    pairs = [(date(2026, 11, 24), night), (date(2026, 11, 24), nap)]
    with writing(engine) as conn:
        assert repository.upsert_sleep_periods(conn, a.id, pairs) == (2, 0, 0)
        assert repository.upsert_sleep_periods(conn, a.id, pairs) == (0, 0, 2)
    with reading(engine) as conn:
        got = repository.list_sleep_periods(conn, a.id)
        assert got == pairs
        assert repository.list_sleep_periods(conn, b.id) == []
