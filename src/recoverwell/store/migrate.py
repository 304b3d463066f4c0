"""Run the Alembic migrations from Python (what ``recoverwell db upgrade`` calls)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from recoverwell.store.engine import writing

SCRIPT_LOCATION = "recoverwell.store:migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str:
    """The newest migration revision in this version of recoverwell."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError("no migrations found")
    return head


def is_known_revision(revision: str) -> bool:
    """True when ``revision`` is one of this version's migrations (False: a newer recoverwell
    wrote the database)."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return any(script.revision == revision for script in scripts.walk_revisions())


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` in one transaction."""
    config = alembic_config()
    with writing(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to ``revision`` (``base`` empties it) in one transaction."""
    config = alembic_config()
    with writing(engine) as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
