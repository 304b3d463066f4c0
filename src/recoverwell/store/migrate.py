"""Run the Alembic migrations from Python (what ``recoverwell db upgrade`` calls).

Reading where a database stands (``current_revision``, ``head_revision``,
``is_known_revision``) does not load Alembic: every command opens its workspace through them,
and Alembic with its script directory costs a command more time than the rest of its start
(issue 12 item 6). They read the ``alembic_version`` table and the revision lines of the
shipped scripts; tests/store/test_migrate.py checks they agree with Alembic's own answers.
Migrating loads Alembic.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from recoverwell.core.errors import StoreError
from recoverwell.store.engine import writing

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = "recoverwell.store:migrations"
VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"
VERSION_TABLE = "alembic_version"  # Alembic's default; env.py does not change it
#: ``revision: str = "0008"`` / ``down_revision: str | None = "0007"`` in a migration script
_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.M)


def alembic_config() -> Config:
    """An Alembic config pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("path_separator", "os")
    return config


@cache
def revisions() -> dict[str, str | None]:
    """Every shipped migration: its revision → the revision it follows (None for the first)."""
    found: dict[str, str | None] = {}
    for script in sorted(VERSIONS_DIR.glob("*.py")):
        source = script.read_text("utf-8")
        lines = {m.group(1): m.group(2) for m in _REVISION_LINE.finditer(source)}
        try:
            found[ast.literal_eval(lines["revision"])] = ast.literal_eval(
                lines.get("down_revision", "None")
            )
        except (KeyError, ValueError, SyntaxError) as err:  # pragma: no cover - shipped scripts
            raise RuntimeError(f"{script.name}: no readable revision line") from err
    return found


def head_revision() -> str:
    """The newest migration revision in this version of recoverwell."""
    known = revisions()
    heads = set(known) - set(known.values())
    if len(heads) != 1:  # pragma: no cover - the package ships one line of migrations
        raise RuntimeError(f"expected one head revision, found {sorted(heads)}")
    return heads.pop()


def is_known_revision(revision: str) -> bool:
    """True when ``revision`` is one of this version's migrations (False: a newer recoverwell
    wrote the database)."""
    return revision in revisions()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        found = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(found) > 1:
        raise StoreError(f"the database is at several schema revisions at once: {found}")
    return found[0] if found else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to ``revision`` in one transaction."""
    from alembic import command

    config = alembic_config()
    with writing(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to ``revision`` (``base`` empties it) in one transaction."""
    from alembic import command

    config = alembic_config()
    with writing(engine) as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
