"""project settings for scenarios

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 06:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "project_settings",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("must_fund", sa.Boolean(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("excluded", sa.Boolean(), nullable=False),
        sa.Column("max_delay", sa.Integer(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("priority >= 1", name=op.f("ck_project_settings_priority")),
        sa.CheckConstraint(
            "max_delay IS NULL OR max_delay >= 0", name=op.f("ck_project_settings_max_delay")
        ),
        sa.CheckConstraint(
            "NOT (locked AND excluded)", name=op.f("ck_project_settings_locked_excluded")
        ),
        sa.CheckConstraint(
            "NOT (must_fund AND excluded)", name=op.f("ck_project_settings_must_fund_excluded")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_settings_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_project_settings")),
    )


def downgrade() -> None:
    op.drop_table("project_settings")
