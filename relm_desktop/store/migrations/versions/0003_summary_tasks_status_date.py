"""summary tasks (task.parent_id) and the plan's status date

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    parent = sa.Column("parent_id", sa.Integer(), nullable=True)
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot add a foreign key to a table: it is rebuilt (see
        # ``migrate.upgrade_engine``, which turns foreign keys off meanwhile).
        with op.batch_alter_table("task", recreate="always") as batch:
            batch.add_column(parent)
            batch.create_foreign_key(
                "fk_task_parent_id_task", "task", ["parent_id"], ["id"], ondelete="CASCADE"
            )
    else:
        op.add_column("task", parent)
        op.create_foreign_key(
            "fk_task_parent_id_task", "task", "task", ["parent_id"], ["id"], ondelete="CASCADE"
        )
    op.create_index("ix_task_parent_id", "task", ["parent_id"])
    op.add_column("plan_info", sa.Column("status_date", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("plan_info", "status_date")
    op.drop_index("ix_task_parent_id", table_name="task")
    with op.batch_alter_table("task") as batch:
        batch.drop_column("parent_id")
