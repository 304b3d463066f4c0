"""The import log (table ``import_log``): one row per file imported for an athlete, the provenance
of every row that file produced. Like every store module: an open Connection, one athlete.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from recoverwell.store.schema import import_log


def find_import(conn: Connection, athlete_id: int, content_sha256: str) -> int | None:
    """The import_log id of a file with this content already imported for the athlete."""
    return conn.execute(
        select(import_log.c.id).where(
            import_log.c.athlete_id == athlete_id, import_log.c.content_sha256 == content_sha256
        )
    ).scalar_one_or_none()


def record_import(
    conn: Connection,
    athlete_id: int,
    *,
    content_sha256: str,
    source_path: str,
    size_bytes: int,
    format: str,
    status: str,
    n_records: int = 0,
    message: str | None = None,
) -> int:
    """Log one imported file; returns its id (the provenance of every row it produced)."""
    log_id: int = conn.execute(
        insert(import_log)
        .values(
            athlete_id=athlete_id,
            content_sha256=content_sha256,
            source_path=source_path,
            size_bytes=size_bytes,
            format=format,
            status=status,
            n_records=n_records,
            message=message,
        )
        .returning(import_log.c.id)
    ).scalar_one()
    return log_id


def update_import(
    conn: Connection, athlete_id: int, import_id: int, *, status: str, message: str | None
) -> None:
    """Change the status and message of a logged import (e.g. it became a duplicate)."""
    conn.execute(
        update(import_log)
        .where(import_log.c.id == import_id, import_log.c.athlete_id == athlete_id)
        .values(status=status, message=message)
    )
