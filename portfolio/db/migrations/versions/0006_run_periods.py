"""scenario runs in quarters or months: periods of run projects and caps, spend per period

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable columns: rows of yearly runs (all runs before this revision) leave them empty.
    op.add_column("scenario_run_projects", sa.Column("start_period", sa.String(10)))
    op.add_column("scenario_run_projects", sa.Column("end_period", sa.String(10)))
    op.add_column("scenario_run_projects", sa.Column("delay_periods", sa.Integer()))
    op.add_column("scenario_run_projects", sa.Column("stretch_periods", sa.Integer()))
    op.add_column("scenario_run_caps", sa.Column("period", sa.String(20)))
    op.create_table(
        "scenario_run_period_spend",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("spend_wan", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_scenario_run_period_spend_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["scenario_runs.id"],
            name=op.f("fk_scenario_run_period_spend_run_id_scenario_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "run_id", "project_id", "period", name=op.f("pk_scenario_run_period_spend")
        ),
    )


def downgrade() -> None:
    op.drop_table("scenario_run_period_spend")
    with op.batch_alter_table("scenario_run_caps") as batch:
        batch.drop_column("period")
    with op.batch_alter_table("scenario_run_projects") as batch:
        batch.drop_column("stretch_periods")
        batch.drop_column("delay_periods")
        batch.drop_column("end_period")
        batch.drop_column("start_period")
