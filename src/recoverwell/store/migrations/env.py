"""Alembic environment: one set of migrations for SQLite (batch mode) and PostgreSQL.

The database comes from, in order: a connection handed over by ``recoverwell.store.migrate``
(``config.attributes["connection"]``), ``alembic -x db=URL``, ``RECOVERWELL_DB``, or
``sqlalchemy.url`` in alembic.ini.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from recoverwell.store.engine import make_engine
from recoverwell.store.schema import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("db") or os.environ.get("RECOVERWELL_DB")
    url = url or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("alembic: no database; pass -x db=URL or set RECOVERWELL_DB")
    return url


def run_migrations_online() -> None:
    """Run against a live connection (ours, or one made from the URL)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
