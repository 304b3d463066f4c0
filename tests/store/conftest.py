"""Store fixtures: a migrated engine on each database, and two athletes in it."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from recoverwell.core.athlete import AthleteProfile
from recoverwell.store import migrate
from recoverwell.store.athletes import create_athlete
from recoverwell.store.engine import make_engine, writing


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def two_athletes(engine: Engine) -> tuple[AthleteProfile, AthleteProfile]:
    """Athletes A and B (B with a maximum heart rate), stored in ``engine``."""
    with writing(engine) as conn:
        a = create_athlete(conn, AthleteProfile(name="A"))
        b = create_athlete(conn, AthleteProfile(name="B", hr_max_bpm=180))
    return a, b
