"""Load windows: each athlete's stored training load around their last settled day, and the
``load_generation`` the database bumps whenever one of their activities changes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 13:30:00

``athletes.load_generation`` is bumped by triggers on ``activities`` (insert, update, delete),
so every write that can change a session load or a day's volume is seen, whichever code path
made it; a stored window is valid only for the generation it was computed at.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BUMP = "UPDATE athletes SET load_generation = load_generation + 1 WHERE id = {row}.athlete_id"
SQLITE_TRIGGERS = {
    "trg_activities_load_generation_insert": ("INSERT", ("NEW",)),
    "trg_activities_load_generation_update": ("UPDATE", ("NEW", "OLD")),
    "trg_activities_load_generation_delete": ("DELETE", ("OLD",)),
}
PG_FUNCTION = """
CREATE FUNCTION bump_load_generation() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE athletes SET load_generation = load_generation + 1 WHERE id = NEW.athlete_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE athletes SET load_generation = load_generation + 1 WHERE id = OLD.athlete_id;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql
"""
PG_TRIGGER = (
    "CREATE TRIGGER trg_activities_load_generation AFTER INSERT OR UPDATE OR DELETE "
    "ON activities FOR EACH ROW EXECUTE FUNCTION bump_load_generation()"
)


def upgrade() -> None:
    op.add_column(
        "athletes", sa.Column("load_generation", sa.Integer(), server_default="0", nullable=False)
    )
    op.create_table(
        "load_windows",
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("params_key", sa.String(length=64), nullable=False),
        sa.Column("segment_gap_d", sa.Integer(), nullable=False),
        sa.Column("tracked_through", sa.Date(), nullable=True),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("n_days", sa.Integer(), nullable=False),
        sa.Column("series", sa.LargeBinary(), nullable=False),
        sa.Column(
            "computed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_load_windows_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", name=op.f("pk_load_windows")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
        return
    for name, (event, rows) in SQLITE_TRIGGERS.items():
        body = "; ".join(_BUMP.format(row=r) for r in rows)
        op.execute(f"CREATE TRIGGER {name} AFTER {event} ON activities BEGIN {body}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER trg_activities_load_generation ON activities")
        op.execute("DROP FUNCTION bump_load_generation()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("load_windows")
    # a plain DROP COLUMN (SQLite ≥ 3.35): batch mode would copy ``athletes`` and drop the old
    # table, and with foreign keys on, that drop deletes every athlete's data by cascade
    op.drop_column("athletes", "load_generation")
