"""Session loads: one cached row per activity with every load model's value.

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-25 15:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_loads",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("params_key", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=16), nullable=False),
        sa.Column("load_au", sa.Float(), nullable=True),
        sa.Column("counted_s", sa.Float(), nullable=False),
        sa.Column("hr_coverage", sa.Float(), nullable=True),
        sa.Column("trimp_au", sa.Float(), nullable=True),
        sa.Column("trimp_per_h", sa.Float(), nullable=True),
        sa.Column("edwards_au", sa.Float(), nullable=True),
        sa.Column("lucia_au", sa.Float(), nullable=True),
        sa.Column("zonal_au", sa.Float(), nullable=True),
        sa.Column("hrss_au", sa.Float(), nullable=True),
        sa.Column("rtss_au", sa.Float(), nullable=True),
        sa.Column("ngp_speed_m_s", sa.Float(), nullable=True),
        sa.Column("intensity_factor", sa.Float(), nullable=True),
        sa.Column("srpe_au", sa.Float(), nullable=True),
        sa.Column("grade_adjusted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "computed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_session_loads_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_session_loads_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", name=op.f("pk_session_loads")),
    )
    with op.batch_alter_table("session_loads", schema=None) as batch_op:
        batch_op.create_index("ix_session_loads_athlete", ["athlete_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("session_loads", schema=None) as batch_op:
        batch_op.drop_index("ix_session_loads_athlete")

    op.drop_table("session_loads")
