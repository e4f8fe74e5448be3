"""dates imposed on a task from outside the plan (task.outside_start, outside_finish)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN on SQLite and PostgreSQL: no table rebuild, so the
    # task table's triggers and indexes stay as they are.
    op.add_column("task", sa.Column("outside_start", sa.Date(), nullable=True))
    op.add_column(
        "task",
        sa.Column("outside_day_end", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("task", sa.Column("outside_finish", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("task") as batch:
        batch.drop_column("outside_finish")
        batch.drop_column("outside_day_end")
        batch.drop_column("outside_start")
