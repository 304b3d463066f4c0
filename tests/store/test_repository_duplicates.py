"""Repository helpers the import pipeline uses for duplicates, on both databases."""

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import select

from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.errors import NotFound
from recoverwell.core.types import Activity, Lap, SampleStreams, Sport
from recoverwell.store import migrate, repository
from recoverwell.store.engine import make_engine, reading, writing
from recoverwell.store.schema import import_log, laps

START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


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


def test_candidates_come_with_stream_sizes_and_their_file(engine):
    with writing(engine) as conn:
        a = repository.create_athlete(conn, AthleteProfile(name="A")).id
        b = repository.create_athlete(conn, AthleteProfile(name="B")).id
        log = repository.record_import(
            conn, a, content_sha256="f" * 64, source_path="run.fit", size_bytes=1,
            format="fit", status="new",
        )  # fmt: skip
        repository.insert_activity(conn, a, _activity(START, 100, "fit"), date(2024, 5, 1), log)
        repository.insert_activity(conn, b, _activity(START, 50, "gpx"), date(2024, 5, 1))
    with reading(engine) as conn:
        (brief,) = repository.activities_starting_between(
            conn, a, START - timedelta(minutes=2), START + timedelta(minutes=2)
        )
        late = repository.activities_starting_between(
            conn, a, START + timedelta(minutes=1), START + timedelta(minutes=5)
        )
    assert (brief.n_channels, brief.n_samples, brief.n_rr) == (2, 100, 2)
    assert (brief.source_format, brief.source_path, brief.import_id) == ("fit", "run.fit", log)
    assert brief.start_time == START and late == []
    with reading(engine) as conn:
        assert repository.count_import_activities(conn, a, log) == 1
        assert repository.count_import_activities(conn, b, log) == 0


def test_deleting_an_activity_takes_its_laps_and_is_scoped_to_the_athlete(engine):
    with writing(engine) as conn:
        a = repository.create_athlete(conn, AthleteProfile(name="A")).id
        b = repository.create_athlete(conn, AthleteProfile(name="B")).id
        activity_id = repository.insert_activity(
            conn, a, _activity(START, 10, "gpx"), date(2024, 5, 1)
        )
    with writing(engine) as conn, pytest.raises(NotFound):
        repository.delete_activity(conn, b, activity_id)
    with writing(engine) as conn:
        repository.delete_activity(conn, a, activity_id)
    with reading(engine) as conn:
        assert repository.count_activities(conn, a) == 0
        assert conn.execute(select(laps)).all() == []


def test_an_import_can_be_marked_as_a_duplicate(engine):
    with writing(engine) as conn:
        a = repository.create_athlete(conn, AthleteProfile(name="A")).id
        log = repository.record_import(
            conn, a, content_sha256="e" * 64, source_path="x.gpx", size_bytes=1,
            format="gpx", status="new",
        )  # fmt: skip
        repository.update_import(conn, a, log, status="duplicate", message="replaced by x.fit")
    with reading(engine) as conn:
        row = conn.execute(select(import_log)).one()
    assert (row.status, row.message) == ("duplicate", "replaced by x.fit")
