"""Activities the athlete fixed: why one is kept out of load, which fields the athlete edited;
a stored load state marked stale by such an edit, with the reason (issue 11).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("activities", sa.Column("excluded", sa.Text(), nullable=True))
    op.add_column("activities", sa.Column("edited", sa.String(length=255), nullable=True))
    op.add_column("load_states", sa.Column("stale_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("load_states") as batch:
        batch.drop_column("stale_reason")
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("edited")
        batch.drop_column("excluded")
