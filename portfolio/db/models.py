"""The database schema: typed SQLAlchemy 2 ORM classes.

ORM objects never leave ``portfolio.db`` and ``portfolio.services``: services hand out frozen
DTOs. Relationships refuse lazy loading (``lazy="raise"``) so that every query says what it
loads. Money is ``BigInteger`` 万元; shares are integer basis points (1/10,000).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SourceMixin:
    """Provenance of a record read from a document or a spreadsheet."""

    source_document: Mapped[str] = mapped_column(String(255))
    source_sheet: Mapped[str | None] = mapped_column(String(255))
    source_line_start: Mapped[int] = mapped_column(Integer)
    source_line_end: Mapped[int] = mapped_column(Integer)
    source_text: Mapped[str] = mapped_column(Text)


class Region(Base):
    """Province, prefecture city, county-level division or development zone."""

    __tablename__ = "regions"
    __table_args__ = (
        CheckConstraint("kind IN ('province', 'city', 'county', 'zone')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))


class RegionAlias(Base):
    __tablename__ = "region_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(100), unique=True)


class Plan(Base):
    """A source document: a five-year plan or an office's spreadsheet."""

    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint("level IN ('province', 'city', 'county')", name="level"),
        CheckConstraint("period_start <= period_end", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    issuer: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    period_start: Mapped[int] = mapped_column(Integer)
    period_end: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(String(255))
    doc_number: Mapped[str] = mapped_column(String(100), default="")
    document_sha256: Mapped[str] = mapped_column(String(64))


class ProjectTable(Base):
    """A table of projects within a plan (附件1, 表3, a worksheet)."""

    __tablename__ = "project_tables"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(500))
    has_money: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer)
    source_line_start: Mapped[int] = mapped_column(Integer)
    source_line_end: Mapped[int] = mapped_column(Integer)


class Unit(Base):
    """A responsible unit (项目单位 / 承担单位), under its canonical name."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)


class UnitAlias(Base):
    """Another spelling of a unit seen in a document (typo, short form)."""

    __tablename__ = "unit_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300), unique=True)


class Project(SourceMixin, Base):
    """One row of a project table, parsed, with the cells as written kept beside."""

    __tablename__ = "projects"
    __table_args__ = (
        UniqueConstraint("table_id", "position"),
        CheckConstraint("investment_wan IS NULL OR investment_wan >= 0", name="investment"),
        CheckConstraint(
            "start_year IS NULL OR end_year IS NULL OR start_year <= end_year", name="years"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("project_tables.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # order within the table
    seq: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    investment_wan: Mapped[int | None] = mapped_column(BigInteger)
    investment_raw: Mapped[str] = mapped_column(String(100))
    start_year: Mapped[int | None] = mapped_column(Integer)
    start_year_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    end_year: Mapped[int | None] = mapped_column(Integer)
    years_raw: Mapped[str] = mapped_column(String(100))
    units_raw: Mapped[str] = mapped_column(Text)
    units_incomplete: Mapped[bool] = mapped_column(Boolean, default=False)
    places_raw: Mapped[str] = mapped_column(Text)
    places_incomplete: Mapped[bool] = mapped_column(Boolean, default=False)
    province_wide: Mapped[bool] = mapped_column(Boolean, default=False)
    places_note: Mapped[str] = mapped_column(String(200), default="")
    extra: Mapped[str] = mapped_column(Text, default="")  # JSON of further columns


class ProjectUnit(Base):
    __tablename__ = "project_units"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name_as_written: Mapped[str] = mapped_column(String(300))
    share_bp: Mapped[int] = mapped_column(Integer)


class ProjectRegion(Base):
    __tablename__ = "project_regions"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    share_bp: Mapped[int] = mapped_column(Integer)


class ProjectLink(Base):
    """The same project standing in two plans; ``counted_id`` is the row counted in totals."""

    __tablename__ = "project_links"
    __table_args__ = (UniqueConstraint("project_id", "other_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    other_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    counted_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)


class Indicator(SourceMixin, Base):
    """An indicator (指标) of a plan, with its yearly values in ``indicator_targets``."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    table_key: Mapped[str] = mapped_column(String(100))
    table_title: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer)
    seq: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(50))
    category: Mapped[str] = mapped_column(String(100), default="")
    attribute: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(String(200), default="")


class IndicatorTarget(Base):
    __tablename__ = "indicator_targets"

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    value_raw: Mapped[str] = mapped_column(String(100))
    value: Mapped[Decimal | None] = mapped_column(Numeric(20, 6, asdecimal=True))


class Institute(SourceMixin, Base):
    """A research institute of Quanzhou's 附件4, with its five-year targets."""

    __tablename__ = "institutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    table_key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    seq: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    work_focus: Mapped[str] = mapped_column(Text)
    investment_wan: Mapped[int | None] = mapped_column(BigInteger)
    investment_raw: Mapped[str] = mapped_column(String(100))
    enterprises_incubated: Mapped[int | None] = mapped_column(Integer)
    enterprises_served: Mapped[int | None] = mapped_column(Integer)
    results_transferred: Mapped[int | None] = mapped_column(Integer)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    places_raw: Mapped[str] = mapped_column(String(200))


class Finding(Base):
    """A data-quality finding, kept per project (or plan) with its source line."""

    __tablename__ = "findings"
    __table_args__ = (CheckConstraint("severity IN ('info', 'warning', 'error')", name="severity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(50))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    source_document: Mapped[str] = mapped_column(String(255))
    source_line_start: Mapped[int] = mapped_column(Integer)
    source_line_end: Mapped[int] = mapped_column(Integer)


class ImportRecord(Base):
    """A file loaded into the database; the checksum makes loading the same file a no-op."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    imported_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Scenario(Base):
    """A budget scenario as the planner wrote it (TOML), under a unique name."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    spec_toml: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # Each save adds one; a save based on an older version is refused (no lost work).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    saved_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (as in ProjectSetting)


class ActualReport(Base):
    """One report of what projects actually spent and how far they are: a workbook imported
    (``file_name`` and its ``sha256``) or an edit made in 项目库 (no file).

    Reports are kept, never rewritten: the state at a report date is, for each project and
    year, the row of the latest report dated on or before it, so a later report changes
    nothing that came before.
    """

    __tablename__ = "actual_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_date: Mapped[dt.date] = mapped_column(Date, index=True)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)  # None: an edit
    imported_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    imported_by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class ProjectActual(Base):
    """What a project spent in one year and its status, as one report gives it.

    ``spend_wan`` is the actual investment of the year (实际完成投资, 万元; empty when the
    report gives only a status); ``status`` is one of ``portfolio.actuals.ActualStatus``;
    ``source_sheet``/``source_row`` say where in the report's workbook the row stands.
    """

    __tablename__ = "project_actuals"
    __table_args__ = (
        CheckConstraint("spend_wan IS NULL OR spend_wan >= 0", name="spend"),
        CheckConstraint(
            "status IS NULL OR status IN "
            "('not_started', 'in_progress', 'completed', 'suspended', 'cancelled')",
            name="status",
        ),
    )

    report_id: Mapped[int] = mapped_column(
        ForeignKey("actual_reports.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    spend_wan: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str | None] = mapped_column(String(12))
    start_year: Mapped[int | None] = mapped_column(Integer)
    completion_year: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    # 来源: who or what the office names for the figure (a bureau, a financial statement).
    stated_source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    source_sheet: Mapped[str] = mapped_column(String(255), default="")
    source_row: Mapped[int | None] = mapped_column(Integer)


class IndicatorActual(Base):
    """An indicator's reported value for one year, as one report gives it (beside the
    plan's targets in ``indicator_targets``)."""

    __tablename__ = "indicator_actuals"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("actual_reports.id", ondelete="CASCADE"), primary_key=True
    )
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    value_raw: Mapped[str] = mapped_column(String(100))
    value: Mapped[Decimal | None] = mapped_column(Numeric(20, 6, asdecimal=True))
    note: Mapped[str] = mapped_column(Text, default="")
    stated_source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    source_sheet: Mapped[str] = mapped_column(String(255), default="")
    source_row: Mapped[int | None] = mapped_column(Integer)


class ScenarioRun(Base):
    """One solve of a scenario: its status, objectives and the full result."""

    __tablename__ = "scenario_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"))
    spec_toml: Mapped[str] = mapped_column(Text)  # the scenario exactly as it was run
    status: Mapped[str] = mapped_column(String(20))
    solve_seconds: Mapped[float] = mapped_column(Float)
    result_json: Mapped[str] = mapped_column(Text)
    ran_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ScenarioRunProject(Base):
    """A project's schedule in a run.

    The years are those of the start and end periods, and a delay or stretch in whole years
    rounded up; a run in quarters or months also keeps its periods (labels such as ``2023Q2``
    or ``2023-05``, delays in periods), which a yearly run leaves empty.
    """

    __tablename__ = "scenario_run_projects"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("scenario_runs.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    funded: Mapped[bool] = mapped_column(Boolean)
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)
    delay_years: Mapped[int] = mapped_column(Integer)
    stretch_years: Mapped[int] = mapped_column(Integer)
    start_period: Mapped[str | None] = mapped_column(String(10))
    end_period: Mapped[str | None] = mapped_column(String(10))
    delay_periods: Mapped[int | None] = mapped_column(Integer)
    stretch_periods: Mapped[int | None] = mapped_column(Integer)


class ScenarioRunSpend(Base):
    """A project's spend in one year of a run, in 万元 (in a run in quarters or months, the sum
    of the year's periods, which ``ScenarioRunPeriodSpend`` holds one by one)."""

    __tablename__ = "scenario_run_spend"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("scenario_runs.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    spend_wan: Mapped[int] = mapped_column(BigInteger)


class ScenarioRunPeriodSpend(Base):
    """A project's spend in one quarter or month of a run in quarters or months, in 万元.

    ``period`` is its label (``2023Q2``, ``2023-05``); a year's rows add up to its row in
    ``scenario_run_spend``. Yearly runs have none.
    """

    __tablename__ = "scenario_run_period_spend"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("scenario_runs.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    spend_wan: Mapped[int] = mapped_column(BigInteger)


class ScenarioRunCap(Base):
    """A cap of a run: the cap, what was used, whether it bound.

    ``year`` is the year it lies in; in a run in quarters or months ``period`` names what it
    covers (``2023`` for the year's periods together, ``2023Q2`` for one), empty in a yearly
    run.
    """

    __tablename__ = "scenario_run_caps"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("scenario_runs.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(300))
    year: Mapped[int] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(String(20))
    cap_wan: Mapped[int] = mapped_column(BigInteger)
    used_wan: Mapped[int] = mapped_column(BigInteger)
    binding: Mapped[bool] = mapped_column(Boolean)


class ProjectProfile(Base):
    """A project's planned spend in one year of its planned window, in 万元.

    A project with rows here spends by them instead of evenly; the rows of one project cover
    every year of its window and add up to its total investment (the import checks both).
    """

    __tablename__ = "project_profiles"
    __table_args__ = (CheckConstraint("amount_wan >= 0", name="amount"),)

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount_wan: Mapped[int] = mapped_column(BigInteger)


class ProjectSetting(Base):
    """How scenarios treat a project unless a scenario file overrides it, as a planner set it.

    One row per project that has settings; a project without a row takes the defaults
    (priority 1, not must-fund, not locked, not excluded, the scenario's max delay).
    """

    __tablename__ = "project_settings"
    __table_args__ = (
        CheckConstraint("priority >= 1", name="priority"),
        CheckConstraint("max_delay IS NULL OR max_delay >= 0", name="max_delay"),
        CheckConstraint("NOT (locked AND excluded)", name="locked_excluded"),
        CheckConstraint("NOT (must_fund AND excluded)", name="must_fund_excluded"),
    )

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    priority: Mapped[int] = mapped_column(Integer, default=1)
    must_fund: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)
    max_delay: Mapped[int | None] = mapped_column(Integer)  # None: the scenario's limit
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # Each save adds one (a project without a row is at version 0); a save based on an older
    # version is refused, naming ``updated_by`` and ``updated_at``.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The ORM writes ``UPDATE … WHERE version = <read>``: a save racing another between
    # reading and writing fails instead of overwriting it.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it once)


class DataRevision(Base):
    """A counter every committed write increases (one row): what is computed from the data
    and kept in memory, such as a page's schedule, is valid while the number is the same."""

    __tablename__ = "data_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger)


class User(Base):
    """A person of the office who signs in to the office server, with a role.

    ``password_hash`` is werkzeug's scrypt hash (never the password). ``failed_signins`` and
    ``last_failed_at`` slow down repeated wrong passwords; ``session_epoch`` grows when the
    password or role changes, which ends the sessions signed in before.
    """

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'planner', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_signins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class AuditEntry(Base):
    """One change to the office's data: who, when, what, and the state before and after.

    Written in the same transaction as the change it records, so that a change without its
    entry (or an entry without its change) cannot be stored. ``actor`` is the person's name
    as it was then (a user may later be removed); ``before_json``/``after_json`` are JSON
    objects (empty for what did not exist before or after).
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(300))
    before_json: Mapped[str] = mapped_column(Text)
    after_json: Mapped[str] = mapped_column(Text)


class Job(Base):
    """A scenario run asked for: queued, running on a worker, or ended, with who asked.

    The database holds a run's whole state, so that no process (web server or worker) holds
    it alone: a run queued when the web server stops is still queued after, and a run whose
    worker died is found by its ``heartbeat_at`` going stale and marked interrupted. ``id`` is
    the run's public id; ``scenario_run_id`` the stored result once there is one.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(
            "state IN ('queued', 'running', 'done', 'failed', 'interrupted', 'cancelled')",
            name="state",
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    scenario: Mapped[str] = mapped_column(String(200), index=True)
    spec_toml: Mapped[str] = mapped_column(Text)  # the scenario as typed, saved before its run
    source: Mapped[str] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(12), index=True)
    stage: Mapped[str] = mapped_column(String(100), default="")
    log: Mapped[str] = mapped_column(Text, default="")
    time_limit: Mapped[float] = mapped_column(Float)
    requested_by: Mapped[str] = mapped_column(String(200))
    queued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Empty while the run has not reached a worker queue (the broker was down): sent again.
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    worker: Mapped[str] = mapped_column(String(200), default="")
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it failed or was interrupted
    scenario_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("scenario_runs.id", ondelete="SET NULL")
    )


class ServerSecret(Base):
    """A secret the office server keeps across restarts and shares between its processes,
    such as the key that signs session cookies (made at random on first use)."""

    __tablename__ = "server_secrets"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
