import pytest
from sqlalchemy import text

from recoverwell.core.errors import ConfigError
from recoverwell.store.engine import make_engine, parse_db_url, reading, writing


@pytest.mark.parametrize(
    "url",
    [
        "nonsense",
        "mysql://u@h/db",
        "sqlite+pysqlcipher:///x.db",
        "postgresql+asyncpg://h/db",
        "postgresql+psycopg://host",
    ],
)
def test_unsupported_urls_are_one_config_error_naming_the_url(url):
    with pytest.raises(ConfigError) as err:
        parse_db_url(url)
    assert url in str(err.value)


def test_plain_postgresql_urls_use_psycopg3():
    assert parse_db_url("postgresql://u@h:5432/rw").drivername == "postgresql+psycopg"


def test_sqlite_connections_use_wal_and_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}", busy_timeout_ms=1234)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 1234
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_write_transactions_commit_and_roll_back(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with writing(engine) as conn:
        conn.execute(text("create table t (x int)"))
    with pytest.raises(RuntimeError), writing(engine) as conn:
        conn.execute(text("insert into t values (1)"))
        raise RuntimeError("abort")
    with reading(engine) as conn:
        assert conn.execute(text("select count(*) from t")).scalar() == 0
    engine.dispose()
