"""the plan's float horizon (plan_info.horizon)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("plan_info", sa.Column("horizon", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("plan_info", "horizon")
