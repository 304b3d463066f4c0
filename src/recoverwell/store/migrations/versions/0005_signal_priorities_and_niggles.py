"""Per-athlete source priority of daily signals, and the check-in's niggles (issue #6).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 14:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signal_priorities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("signal", sa.String(length=64), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_signal_priorities_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_priorities")),
        sa.UniqueConstraint("athlete_id", "signal", name="uq_signal_priorities_key"),
    )
    op.create_table(
        "niggles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("location", sa.String(length=64), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("pain_0_10", sa.Float(), nullable=False),
        sa.Column("changes_gait", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_niggles_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_niggles")),
        sa.UniqueConstraint("athlete_id", "day", "location", "side", name="uq_niggles_key"),
    )
    with op.batch_alter_table("niggles", schema=None) as batch_op:
        batch_op.create_index("ix_niggles_athlete_day", ["athlete_id", "day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("niggles", schema=None) as batch_op:
        batch_op.drop_index("ix_niggles_athlete_day")
    op.drop_table("niggles")
    op.drop_table("signal_priorities")
