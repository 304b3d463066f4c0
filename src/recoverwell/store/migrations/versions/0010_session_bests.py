"""Session bests: one cached row per activity with its best efforts (profile estimates).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VALUES = (
    "hr_held_max_bpm",
    "hr_20min_bpm",
    "hr_60min_bpm",
    "gap_10min_m_s",
    "gap_20min_m_s",
    "gap_30min_m_s",
    "gap_60min_m_s",
)


def upgrade() -> None:
    op.create_table(
        "session_bests",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("rules", sa.String(length=255), nullable=False),
        *(sa.Column(name, sa.Float(), nullable=True) for name in VALUES),
        sa.Column("grade_adjusted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column(
            "computed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_session_bests_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_session_bests_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", name=op.f("pk_session_bests")),
    )
    with op.batch_alter_table("session_bests", schema=None) as batch_op:
        batch_op.create_index("ix_session_bests_athlete", ["athlete_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("session_bests", schema=None) as batch_op:
        batch_op.drop_index("ix_session_bests_athlete")
    op.drop_table("session_bests")
