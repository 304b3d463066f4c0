"""Sleep periods: one row per main sleep or nap, keyed to the wake-up day.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 14:17:57.496696
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sleep_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("wake_day", sa.Date(), nullable=False),
        sa.Column("start_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("is_nap", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("asleep_min", sa.Float(), nullable=True),
        sa.Column("in_bed_min", sa.Float(), nullable=True),
        sa.Column("deep_min", sa.Float(), nullable=True),
        sa.Column("rem_min", sa.Float(), nullable=True),
        sa.Column("light_min", sa.Float(), nullable=True),
        sa.Column("awake_min", sa.Float(), nullable=True),
        sa.Column("awakenings", sa.Integer(), nullable=True),
        sa.Column("latency_min", sa.Float(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("record_ref", sa.String(length=255), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_sleep_periods_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["import_log.id"],
            name=op.f("fk_sleep_periods_import_id_import_log"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sleep_periods")),
        sa.UniqueConstraint("athlete_id", "source", "start_time", name="uq_sleep_periods_key"),
    )
    with op.batch_alter_table("sleep_periods", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sleep_periods_athlete_day", ["athlete_id", "wake_day"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("sleep_periods", schema=None) as batch_op:
        batch_op.drop_index("ix_sleep_periods_athlete_day")

    op.drop_table("sleep_periods")
