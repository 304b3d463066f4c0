"""Shared fixtures: a database URL per backend, and a fresh workspace on it.

Store tests run on SQLite and on PostgreSQL. PostgreSQL comes from
``RECOVERWELL_TEST_POSTGRES_URL`` (default: postgres on 127.0.0.1:5432); each test gets a fresh
database that is dropped afterwards. Outside CI the PostgreSQL cases skip, with the reason, when no
server answers; with ``CI=true`` they fail instead, so CI can never pass without running them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

import recoverwell
from recoverwell.app import Workspace

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# No per-example deadline: two shared cores make timings meaningless. In CI, hypothesis is
# derandomised so a run is repeatable; locally it explores new examples on every run.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if IN_CI else "dev")


def pytest_configure(config: pytest.Config) -> None:
    # Tests never read the developer's own config file or data directory.
    os.environ.pop("RECOVERWELL_DB", None)
    os.environ["RECOVERWELL_CONFIG"] = os.devnull


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    """URL of a PostgreSQL server where tests may create databases; skip/fail if none."""
    url = os.environ.get("RECOVERWELL_TEST_POSTGRES_URL", DEFAULT_PG)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except OperationalError as err:
        message = f"PostgreSQL not reachable at {url}: {str(err.orig).strip().splitlines()[0]}"
        if IN_CI:
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)")
        pytest.skip(message)
    finally:
        engine.dispose()
    return url


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"rw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rw.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    """A migrated workspace with one athlete, on each backend."""
    with recoverwell.open(db_url, create=True) as ws:
        ws.create_athlete(
            recoverwell.AthleteProfile(
                name="Test Runner", hr_max_bpm=190, hr_rest_bpm=45, timezone="America/Denver"
            )
        )
        yield ws


def _find_corpus() -> Path | None:
    configured = os.environ.get("RECOVERWELL_CORPUS")
    candidates = [Path(configured)] if configured else []
    repo = Path(__file__).resolve().parent.parent
    candidates += [repo.parent / "shared" / "corpus", Path("/work/shared/corpus")]
    return next((c for c in candidates if (c / "raw").is_dir()), None)


CORPUS = _find_corpus()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared sample corpus (real files, read in place; never copied into the package).

    Found at ``$RECOVERWELL_CORPUS``, ``../shared/corpus`` next to the repository, or
    ``/work/shared/corpus``; tests that need it skip, saying so, when it is absent.
    """
    if CORPUS is None:
        pytest.skip("sample corpus not found (set RECOVERWELL_CORPUS)")
    return CORPUS


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite URL in the test's temporary folder (file not created yet)."""
    return f"sqlite:///{tmp_path / 'ws' / 'recoverwell.db'}"
