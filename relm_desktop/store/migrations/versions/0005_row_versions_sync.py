"""row versions, offline-copy bookkeeping and the server's change notice

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

# Every committed change on a server plan notifies the other windows (LISTEN
# relm_plan); the payload names the writer's session so it can ignore its own.
NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION relm_notify_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('relm_plan', current_setting('application_name'));
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""
NOTIFY_TRIGGER = (
    "CREATE TRIGGER relm_change_notify AFTER INSERT ON change_record "
    "FOR EACH STATEMENT EXECUTE FUNCTION relm_notify_change()"
)


def upgrade() -> None:
    op.create_table(
        "row_version",
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("row_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("host", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "row_id", name=op.f("pk_row_version")),
    )
    op.create_table(
        "sync_origin",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_origin")),
    )
    op.create_table(
        "sync_base",
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("row_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "row_id", name=op.f("pk_sync_base")),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("server", sa.Text(), nullable=True),
        sa.Column("local", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    op.create_table(
        "sync_applied",
        sa.Column("copy_id", sa.String(length=40), nullable=False),
        sa.Column("generation", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=100), nullable=False),
        sa.Column("host", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("copy_id", "generation", name=op.f("pk_sync_applied")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(NOTIFY_FUNCTION)
        op.execute(NOTIFY_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS relm_change_notify ON change_record")
        op.execute("DROP FUNCTION IF EXISTS relm_notify_change()")
    for table in ("sync_applied", "sync_conflict", "sync_base", "sync_origin", "row_version"):
        op.drop_table(table)
