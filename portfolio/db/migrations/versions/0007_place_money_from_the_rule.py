"""a place's money follows from the shares and the yearly amounts: drop the stored splits

Each project's total apportioned once per unit and per place was stored at load; every figure
per place now comes from the yearly amounts by the one rule of ``portfolio.shares``, so the
stored splits could only disagree with it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("project_regions") as batch:
        batch.drop_column("investment_wan")
    with op.batch_alter_table("project_units") as batch:
        batch.drop_column("investment_wan")


def downgrade() -> None:
    # The splits are not restored: a downgraded database reads them as unknown.
    with op.batch_alter_table("project_units") as batch:
        batch.add_column(sa.Column("investment_wan", sa.BigInteger()))
    with op.batch_alter_table("project_regions") as batch:
        batch.add_column(sa.Column("investment_wan", sa.BigInteger()))
