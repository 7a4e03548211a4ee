"""actuals: what projects spent and how far they are, report by report

``actual_reports`` holds each report (a workbook imported, or an edit made in 项目库) with its
date; ``project_actuals`` a project's actual spend and status in a year as a report gives it;
``indicator_actuals`` an indicator's reported value. Reports are kept, never rewritten.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 02:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actual_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column(
            "imported_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actual_reports")),
        sa.UniqueConstraint("sha256", name=op.f("uq_actual_reports_sha256")),
    )
    op.create_index(
        op.f("ix_actual_reports_report_date"), "actual_reports", ["report_date"], unique=False
    )
    op.create_table(
        "project_actuals",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("spend_wan", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=True),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("completion_year", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("stated_source", sa.String(length=300), server_default="", nullable=False),
        sa.Column("source_sheet", sa.String(length=255), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "spend_wan IS NULL OR spend_wan >= 0", name=op.f("ck_project_actuals_spend")
        ),
        sa.CheckConstraint(
            "status IS NULL OR status IN "
            "('not_started', 'in_progress', 'completed', 'suspended', 'cancelled')",
            name=op.f("ck_project_actuals_status"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_actuals_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["actual_reports.id"],
            name=op.f("fk_project_actuals_report_id_actual_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("report_id", "project_id", "year", name=op.f("pk_project_actuals")),
    )
    op.create_index(
        op.f("ix_project_actuals_project_id"), "project_actuals", ["project_id"], unique=False
    )
    op.create_table(
        "indicator_actuals",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value_raw", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Numeric(precision=20, scale=6, asdecimal=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("stated_source", sa.String(length=300), server_default="", nullable=False),
        sa.Column("source_sheet", sa.String(length=255), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_actuals_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["actual_reports.id"],
            name=op.f("fk_indicator_actuals_report_id_actual_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "report_id", "indicator_id", "year", name=op.f("pk_indicator_actuals")
        ),
    )


def downgrade() -> None:
    op.drop_table("indicator_actuals")
    op.drop_index(op.f("ix_project_actuals_project_id"), table_name="project_actuals")
    op.drop_table("project_actuals")
    op.drop_index(op.f("ix_actual_reports_report_date"), table_name="actual_reports")
    op.drop_table("actual_reports")
