"""The import log on both databases; every query scoped to one athlete."""

from sqlalchemy import select

from recoverwell.core.athlete import AthleteProfile
from recoverwell.store.athletes import create_athlete
from recoverwell.store.engine import reading, writing
from recoverwell.store.import_log import find_import, record_import, update_import
from recoverwell.store.schema import import_log


def test_the_import_log_finds_a_file_by_content_hash_per_athlete(engine, two_athletes):
    a, b = two_athletes
    with writing(engine) as conn:
        log_id = record_import(
            conn,
            a.id,
            content_sha256="ab" * 32,
            source_path="run.fit",
            size_bytes=10,
            format="fit",
            status="new",
            n_records=1,
        )
    with reading(engine) as conn:
        assert find_import(conn, a.id, "ab" * 32) == log_id
        assert find_import(conn, b.id, "ab" * 32) is None


def test_an_import_can_be_marked_as_a_duplicate(engine):
    with writing(engine) as conn:
        a = create_athlete(conn, AthleteProfile(name="A")).id
        log = record_import(
            conn, a, content_sha256="e" * 64, source_path="x.gpx", size_bytes=1,
            format="gpx", status="new",
        )  # fmt: skip
        update_import(conn, a, log, status="duplicate", message="replaced by x.fit")
    with reading(engine) as conn:
        row = conn.execute(select(import_log)).one()
    assert (row.status, row.message) == ("duplicate", "replaced by x.fit")
