"""Load states: each athlete's training-load state after the last settled day.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VALUES = (
    "load_au",
    "form_au",
    "acute_mean_7d_au",
    "chronic_mean_28d_au",
    "acwr_coupled",
    "acwr_uncoupled",
    "monotony",
)


def upgrade() -> None:
    op.create_table(
        "load_states",
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("through_day", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("inputs_digest", sa.String(length=64), nullable=False),
        sa.Column("params_key", sa.String(length=64), nullable=False),
        sa.Column("srpe_ratio", sa.Float(), nullable=True),
        sa.Column("seed_au", sa.Float(), nullable=False),
        sa.Column("fitness_alpha", sa.Float(), nullable=False),
        sa.Column("fatigue_alpha", sa.Float(), nullable=False),
        sa.Column("fitness_au", sa.Float(), nullable=False),
        sa.Column("fatigue_au", sa.Float(), nullable=False),
        sa.Column("window_au", sa.LargeBinary(), nullable=False),
        *(sa.Column(name, sa.Float(), nullable=True) for name in VALUES),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_load_states_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("athlete_id", name=op.f("pk_load_states")),
    )


def downgrade() -> None:
    op.drop_table("load_states")
