"""store/schema.py: aware datetimes stored as UTC and read back aware on both backends (SQLite
keeps no zone), and a naive one refused before anything is written. The tables themselves are
checked against the migrations in tests/store/test_migrate.py."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, exc, func, insert, select

from recoverwell.core.errors import StoreError
from recoverwell.store.engine import make_engine, reading, writing
from recoverwell.store.schema import UTCDateTime

#: 08:30 in Denver on 14 June 2024 is daylight time, UTC−6 (MDT): 14:30 UTC
DENVER_MORNING = datetime(2024, 6, 14, 8, 30, tzinfo=ZoneInfo("America/Denver"))
SAME_INSTANT_UTC = datetime(2024, 6, 14, 14, 30, tzinfo=UTC)


@pytest.fixture
def engine_and_table(db_url):
    metadata = MetaData()
    table = Table(
        "stamps",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("at", UTCDateTime(), nullable=True),
    )
    engine = make_engine(db_url)
    metadata.create_all(engine)
    yield engine, table
    engine.dispose()


def test_an_aware_time_is_read_back_as_the_same_instant_in_utc(engine_and_table):
    engine, table = engine_and_table
    with writing(engine) as conn:
        conn.execute(insert(table).values(id=1, at=DENVER_MORNING))
        conn.execute(insert(table).values(id=2, at=None))
    with reading(engine) as conn:
        rows = dict(conn.execute(select(table.c.id, table.c.at)).all())
    assert rows[1] == SAME_INSTANT_UTC and rows[1].tzinfo is UTC
    assert rows[2] is None


def test_a_naive_time_is_refused_naming_it_and_nothing_is_written(engine_and_table):
    engine, table = engine_and_table
    with pytest.raises(exc.StatementError) as raised, writing(engine) as conn:
        conn.execute(insert(table).values(id=1, at=datetime(2024, 6, 14, 8, 30)))  # noqa: DTZ001
    assert isinstance(raised.value.orig, StoreError)
    assert "naive datetime 2024-06-14T08:30:00 cannot be stored" in str(raised.value.orig)
    with reading(engine) as conn:
        assert conn.execute(select(func.count()).select_from(table)).scalar() == 0
