"""pack records: each pack built, per release and preset

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pack_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=True),
        sa.Column("preset", sa.String(length=20), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=False),
        sa.Column("shown", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["release.id"],
            name=op.f("fk_pack_record_release_id_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pack_record")),
    )
    op.create_index("ix_pack_record_release_id", "pack_record", ["release_id"])


def downgrade() -> None:
    op.drop_index("ix_pack_record_release_id", table_name="pack_record")
    op.drop_table("pack_record")
