"""the office server: people and roles, the audit trail, runs held in the database, versions

- ``users``: who signs in, with a role and a password hash.
- ``audit_log``: every change, who made it and when, before and after.
- ``jobs``: each scenario run asked for, its state and who asked, so that no process holds a
  run alone (a worker that dies leaves it marked interrupted, a queued run outlives the web
  server).
- ``server_secrets``: what the office server signs its session cookies with.
- ``scenarios.version``/``saved_by`` and ``project_settings.version``/``updated_by``: a save
  based on an older version is refused instead of overwriting a colleague's work.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 23:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("failed_signins", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", STAMP, nullable=True),
        sa.Column("session_epoch", sa.Integer(), nullable=False),
        sa.Column("created_at", STAMP, server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'planner', 'admin')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(300), nullable=False),
        sa.Column("before_json", sa.Text(), nullable=False),
        sa.Column("after_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    op.create_index(op.f("ix_audit_log_actor"), "audit_log", ["actor"])
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("scenario", sa.String(200), nullable=False),
        sa.Column("spec_toml", sa.Text(), nullable=False),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("stage", sa.String(100), nullable=False),
        sa.Column("log", sa.Text(), nullable=False),
        sa.Column("time_limit", sa.Float(), nullable=False),
        sa.Column("requested_by", sa.String(200), nullable=False),
        sa.Column("queued_at", STAMP, nullable=False),
        sa.Column("started_at", STAMP, nullable=True),
        sa.Column("ended_at", STAMP, nullable=True),
        sa.Column("heartbeat_at", STAMP, nullable=True),
        sa.Column("worker", sa.String(200), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("scenario_run_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'done', 'failed', 'interrupted', 'cancelled')",
            name=op.f("ck_jobs_state"),
        ),
        sa.ForeignKeyConstraint(
            ["scenario_run_id"],
            ["scenario_runs.id"],
            name=op.f("fk_jobs_scenario_run_id_scenario_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(op.f("ix_jobs_scenario"), "jobs", ["scenario"])
    op.create_index(op.f("ix_jobs_state"), "jobs", ["state"])
    op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_server_secrets")),
    )
    with op.batch_alter_table("scenarios") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch.add_column(sa.Column("saved_by", sa.String(200), server_default="", nullable=False))
    with op.batch_alter_table("project_settings") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch.add_column(sa.Column("updated_by", sa.String(200), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("project_settings") as batch:
        batch.drop_column("updated_by")
        batch.drop_column("version")
    with op.batch_alter_table("scenarios") as batch:
        batch.drop_column("saved_by")
        batch.drop_column("version")
    op.drop_table("server_secrets")
    op.drop_index(op.f("ix_jobs_state"), table_name="jobs")
    op.drop_index(op.f("ix_jobs_scenario"), table_name="jobs")
    op.drop_table("jobs")
    op.drop_index(op.f("ix_audit_log_actor"), table_name="audit_log")
    op.drop_index(op.f("ix_audit_log_at"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("users")
