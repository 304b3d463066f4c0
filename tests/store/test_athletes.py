"""Removing an athlete takes every row that is theirs, on both databases (issue 12 item 10)."""

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import func, select

from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.errors import NotFound
from recoverwell.core.niggles import Niggle, Side
from recoverwell.core.types import Activity, Lap, Observation, SampleStreams, SleepPeriod, Sport
from recoverwell.store import migrate, repository
from recoverwell.store.athletes import (
    athlete_data_counts,
    delete_athlete,
    last_activity_days,
)
from recoverwell.store.engine import make_engine, reading, writing
from recoverwell.store.schema import activity_streams, laps, metadata
from recoverwell.store.wellness import set_priority, upsert_niggle

DAY = date(2026, 11, 24)
START = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def _fill(conn, athlete_id: int, runs: int) -> None:
    """``runs`` activities with laps and samples, two readings, a night, a niggle, a priority
    and an import: one row in every table an athlete's data lives in."""
    log = repository.record_import(
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
        repository.insert_activity(conn, athlete_id, run, DAY - timedelta(days=i), import_id=log)
    repository.upsert_observations(
        conn,
        athlete_id,
        [Observation(DAY, "rhr_bpm", 48.0, "garmin"), Observation(DAY, "hooper_sleep", 2, "x")],
    )
    night = SleepPeriod(START - timedelta(hours=20), START - timedelta(hours=12), "garmin")
    repository.upsert_sleep_periods(conn, athlete_id, [(DAY, night)])
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
        ana = repository.create_athlete(conn, AthleteProfile(name="Ana"))
        ben = repository.create_athlete(conn, AthleteProfile(name="Ben"))
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
        assert [a.name for a in repository.list_athletes(conn)] == ["Ana"]


def test_removing_an_athlete_that_is_not_there_is_not_found(engine):
    with writing(engine) as conn, pytest.raises(NotFound, match="no athlete with id 7"):
        delete_athlete(conn, 7)
