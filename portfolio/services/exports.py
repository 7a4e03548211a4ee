"""Investment schedules for export: the figures of a stored run, or of the plan itself.

A run's spend comes from the rows stored with it (``scenario_run_spend``); the plan's from the
optimizer's planned schedules (a stored spend profile, else the total spread evenly with its
rounding rule), built from the same inputs a scenario uses, so that every figure in an export
is one the database or a scenario would give.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from optimizer import planned_schedules
from portfolio.db import models as m
from portfolio.exports.model import (
    CapLine,
    ChangeLine,
    ExportOptions,
    FindingLine,
    Language,
    NotScheduledLine,
    ObjectiveLine,
    ScheduleExport,
    ScheduleRow,
)
from portfolio.exports.workbook import write_workbook
from portfolio.formatting import OFFICE_TIME
from portfolio.i18n import gettext, tr
from portfolio.paths import download_name
from portfolio.scenarios import words
from portfolio.scenarios.build import Geography, PortfolioProject, build_problem
from portfolio.scenarios.outcome import Outcome, ResultFormatError, ScenarioResult
from portfolio.scenarios.periods import Calendar, PeriodUnit
from portfolio.scenarios.risk_report import RiskReport, risk_export
from portfolio.scenarios.spec import parse_scenario
from portfolio.services import scenarios
from portfolio.services.queries import ProjectView, list_findings, list_projects
from portfolio.services.workspace import Workspace
from portfolio.shares import place_spend

# The plan as written: no caps, no limits; every project in its planned years.
PLAN_SCENARIO = 'name = "按规划 / the plan"\n'


class NeverRunError(scenarios.UnknownScenarioError):
    """The scenario is stored but has no run to export."""

    def message(self, lang: Language) -> str:
        return tr(lang, "情景“{name}”尚未运行", name=self.scenario)


class NoPlanError(NeverRunError):
    """The scenario's last run found no plan (cannot be met, timed out, cancelled, failed:
    ``outcome``), or was stored in a format this version does not read (``outcome`` None)."""

    def __init__(self, message: str, scenario: str, outcome: Outcome | None) -> None:
        super().__init__(message, scenario)
        self.outcome = outcome

    def message(self, lang: Language) -> str:
        """The run's outcome as the 情景 page says it; a run stored in an older format says so."""
        if self.outcome is None:
            return tr(lang, "“{name}”的运行以旧格式保存，请重新运行", name=self.scenario)
        outcome = gettext(lang, words.OUTCOME_MESSAGES[self.outcome])
        return tr(
            lang, "“{name}”最近一次运行没有方案（{outcome}）", name=self.scenario, outcome=outcome
        )


def schedule_export(
    workspace: Workspace,
    scenario: str | None = None,
    *,
    now: dt.datetime | None = None,
    findings: bool = True,
) -> ScheduleExport:
    """The schedule of the last run of ``scenario``, or of the plan when ``None``.

    ``findings=False`` leaves the export's findings empty, for views that do not show them
    (thousands of findings in a large portfolio are otherwise read on every request).

    Raises :class:`~portfolio.services.scenarios.UnknownScenarioError` for an unknown name and
    :class:`NeverRunError` for a scenario never run.
    """
    made_at = now or dt.datetime.now().astimezone()
    database = make_url(workspace.url).render_as_string(hide_password=True)
    with workspace.sessions() as session:
        projects, geography = scenario_inputs_with_views(session)
        lines = _findings(session) if findings else ()
        if scenario is None:
            return _plan_export(session, projects, geography, lines, made_at, database)
        try:
            _, result = scenarios.last_result(session, scenario)
        except ResultFormatError as exc:
            raise NoPlanError(f"scenario “{scenario}”: {exc}", scenario, None) from exc
        if result is None:
            raise NeverRunError(
                f"scenario “{scenario}” was never run: portfolio scenario run FILE first",
                scenario,
            )
        if not result.has_plan:
            raise NoPlanError(
                f"the last run of scenario “{scenario}” has no plan to export "
                f"({words.outcome_words(result, Language.EN)}): change the scenario and run "
                "it again",
                scenario,
                result.outcome,
            )
        return _run_export(session, result, projects, geography, lines, made_at, database)


def page_schedule(workspace: Workspace, scenario: str | None = None) -> ScheduleExport:
    """The schedule a page shows (without findings), computed once per data revision.

    Pages read the same schedule on every filter change; it changes only when the data does,
    and every committed write changes the data's revision (see ``Workspace.memo``). Raises
    like :func:`schedule_export`.
    """
    return workspace.memo(
        ("page_schedule", scenario),
        lambda: schedule_export(workspace, scenario, findings=False),
        plan=scenario is None,  # the plan's schedule outlives a stored run
    )


def scenario_inputs_with_views(
    session: Session,
) -> tuple[dict[int, tuple[PortfolioProject, ProjectView]], Geography]:
    """The scenario inputs of every project beside its listing view."""
    listed = list_projects(session)
    projects, geography = scenarios.scenario_inputs(session, listed)
    views = {view.id: view for view in listed}
    return {p.id: (p, views[p.id]) for p in projects}, geography


def _plan_export(
    session: Session,
    projects: Mapping[int, tuple[PortfolioProject, ProjectView]],
    geography: Geography,
    findings: tuple[FindingLine, ...],
    made_at: dt.datetime,
    database: str,
) -> ScheduleExport:
    # Built from the inputs already read, not through scenarios.prepare (which reads them again).
    built = build_problem(
        parse_scenario(PLAN_SCENARIO, "plan"),
        [project for project, _ in projects.values()],
        geography,
    )
    schedules = planned_schedules(built.data)
    rows = []
    for key, project in built.projects.items():
        schedule = schedules[key]
        rows.append(
            _row(
                projects[project.id],
                geography,
                funded=schedule.funded,
                start=schedule.start,
                end=schedule.end,
                delay=schedule.delay,
                stretch=schedule.stretch,
                spend=dict(schedule.spend),
            )
        )
    return ScheduleExport(
        scenario=built.spec.name,
        run_id=None,
        status="plan",
        as_of=built.data.horizon[0] if built.data.as_of is None else built.data.as_of,
        horizon=built.data.horizon,
        objectives=(),
        caps=(),
        rows=tuple(rows),
        changes=(),
        not_scheduled=tuple(
            NotScheduledLine(
                p.id,
                p.name,
                p.plan,
                p.table,
                words.skip_words(reason, built.horizon_years, Language.ZH),
                words.skip_words(reason, built.horizon_years, Language.EN),
            )
            for p, reason in built.skipped
        ),
        findings=findings,
        parameters=built.spec.text,
        made_at=made_at,
        database=database,
        city_of=dict(geography.city_of),
    )


def _run_export(
    session: Session,
    result: ScenarioResult,
    projects: Mapping[int, tuple[PortfolioProject, ProjectView]],
    geography: Geography,
    findings: tuple[FindingLine, ...],
    made_at: dt.datetime,
    database: str,
) -> ScheduleExport:
    assert result.run_id is not None
    run_id = result.run_id
    run = session.get(m.ScenarioRun, run_id)
    assert run is not None
    spend: dict[int, dict[int, int]] = defaultdict(dict)
    for project_id, year, amount in session.execute(
        select(m.ScenarioRunSpend.project_id, m.ScenarioRunSpend.year, m.ScenarioRunSpend.spend_wan)
        .where(m.ScenarioRunSpend.run_id == run_id)
        .order_by(m.ScenarioRunSpend.project_id, m.ScenarioRunSpend.year)
    ):
        spend[project_id][year] = amount
    # Plain columns, not ORM objects: a run stores one row per project of the portfolio.
    stored = {
        row.project_id: row
        for row in session.execute(
            select(
                m.ScenarioRunProject.project_id,
                m.ScenarioRunProject.funded,
                m.ScenarioRunProject.start_year,
                m.ScenarioRunProject.end_year,
                m.ScenarioRunProject.delay_years,
                m.ScenarioRunProject.stretch_years,
                m.ScenarioRunProject.delay_periods,
                m.ScenarioRunProject.stretch_periods,
                m.ScenarioRunProject.start_period,
                m.ScenarioRunProject.end_period,
            ).where(m.ScenarioRunProject.run_id == run_id)
        )
    }
    calendar = Calendar(PeriodUnit(result.periods))
    first_year, last_year = result.horizon
    periods = range(calendar.first(first_year), calendar.last(last_year) + 1)
    labels = () if calendar.yearly else tuple(calendar.label(period) for period in periods)
    by_period: dict[int, dict[str, int]] = defaultdict(dict)
    for project_id, period, amount in session.execute(
        select(
            m.ScenarioRunPeriodSpend.project_id,
            m.ScenarioRunPeriodSpend.period,
            m.ScenarioRunPeriodSpend.spend_wan,
        ).where(m.ScenarioRunPeriodSpend.run_id == run_id)
    ):
        by_period[project_id][period] = amount
    rows = []
    for project in result.projects:  # the run's order: the portfolio's document order
        line = stored[project.id]
        row = _row(
            projects[project.id],
            geography,
            funded=line.funded,
            start=line.start_year,
            end=line.end_year,
            delay=line.delay_years,
            stretch=line.stretch_years,
            spend=spend.get(project.id, {}),
        )
        rows.append(
            replace(
                row,
                delay_periods=line.delay_periods,
                stretch_periods=line.stretch_periods,
                start_period=line.start_period,
                end_period=line.end_period,
                period_spend=by_period.get(project.id, {}),
            )
        )
    caps = tuple(
        # A run in quarters or months labels a year's cap "2023": that is a whole year too.
        CapLine(
            c.kind,
            c.key,
            c.year,
            c.cap_wan,
            c.used_wan,
            c.binding,
            "" if c.period in (None, str(c.year)) else c.period,
        )
        for c in session.scalars(
            select(m.ScenarioRunCap)
            .where(m.ScenarioRunCap.run_id == run_id)
            .order_by(
                m.ScenarioRunCap.year,
                m.ScenarioRunCap.kind,
                m.ScenarioRunCap.key,
                m.ScenarioRunCap.period,
            )
        )
    )
    return ScheduleExport(
        scenario=result.scenario,
        run_id=run_id,
        status=result.status.value,
        as_of=result.as_of,
        horizon=result.horizon,
        objectives=tuple(
            ObjectiveLine(o.name, o.value, o.bound, o.gap, o.status) for o in result.objectives
        ),
        caps=caps,
        rows=tuple(rows),
        changes=tuple(
            ChangeLine(
                d.project_id,
                words.delay_sentence(d, result.periods, Language.ZH),
                words.delay_sentence(d, result.periods, Language.EN),
            )
            for d in result.delays
        ),
        not_scheduled=tuple(
            NotScheduledLine(
                n.id,
                n.name,
                n.plan,
                n.table,
                words.skip_words(n.reason, result.horizon, Language.ZH),
                words.skip_words(n.reason, result.horizon, Language.EN),
            )
            for n in result.not_scheduled
        ),
        findings=findings,
        parameters=run.spec_toml,
        made_at=made_at,
        database=database,
        city_of=dict(geography.city_of),
        periods=calendar.unit.value,
        period_labels=labels,
    )


def _row(
    pair: tuple[PortfolioProject, ProjectView],
    geography: Geography,
    *,
    funded: bool,
    start: int | None,
    end: int | None,
    delay: int,
    stretch: int,
    spend: Mapping[int, int],
) -> ScheduleRow:
    project, view = pair
    assert project.start_year is not None and project.end_year is not None
    # One rule for a place's money (portfolio.shares), as the optimizer counts county caps.
    county_spend = place_spend(spend, dict(project.regions))
    city_spend: dict[str, dict[int, int]] = {}
    for region, parts in county_spend.items():
        per_year = city_spend.setdefault(geography.city_of.get(region, region), {})
        for year, part in parts.items():
            per_year[year] = per_year.get(year, 0) + part
    places = "、".join(view.counties or view.cities) or ("全省" if view.province_wide else "-")
    return ScheduleRow(
        project_id=project.id,
        plan=project.plan,
        table=project.table,
        seq=view.seq,
        name=project.name,
        units=project.units,
        places=places,
        total_wan=project.investment_wan or 0,
        planned_start=project.start_year,
        planned_end=project.end_year,
        funded=funded,
        start=start,
        end=end,
        delay_years=delay or 0,
        stretch_years=stretch or 0,
        spend=dict(spend),
        county_spend=county_spend,
        city_spend=city_spend,
    )


def _findings(session: Session) -> tuple[FindingLine, ...]:
    return tuple(
        FindingLine(
            id=f.id,
            plan=f.plan,
            project_id=f.project_id,
            project_name=f.project_name,
            kind=f.kind,
            severity=f.severity,
            message=f.message,
            source=f"{f.source_document}:{f.source_line_start}-{f.source_line_end}",
        )
        for f in list_findings(session)
    )


def result_spend(result: ScenarioResult) -> dict[int, dict[int, int]]:
    """Spend per project and year of a result (for checks against an export)."""
    return {p.id: dict(p.spend) for p in result.projects}


__all__ = ["PLAN_SCENARIO", "NeverRunError", "page_schedule", "result_spend", "schedule_export"]


def risk_workbook(
    workspace: Workspace, report: RiskReport, options: ExportOptions | None = None
) -> tuple[str, bytes]:
    """The workbook of the simulated scenario's last run with a 风险模拟 sheet of ``report``,
    as a file name and its bytes."""
    options = options or ExportOptions()
    export = replace(
        schedule_export(workspace, report.scenario), risk=risk_export(report, options.lang)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "risk.xlsx"
        write_workbook(export, path, options)
        content = path.read_bytes()
    return download_name(f"风险模拟-{report.scenario}-{export.made_at:%Y%m%d}.xlsx"), content


def schedule_workbook(
    workspace: Workspace, scenario: str | None = None, options: ExportOptions | None = None
) -> tuple[str, bytes]:
    """The schedule workbook as a file name and its bytes (for a download).

    Kept while the data's revision and the day stay the same (the workbook is made from the
    data and names its day): an office downloading the same workbook many times makes it
    once."""
    today = dt.datetime.now(dt.UTC).astimezone(OFFICE_TIME).date()

    def make() -> tuple[str, bytes]:
        export = schedule_export(workspace, scenario)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "schedule.xlsx"
            write_workbook(export, path, options)
            content = path.read_bytes()
        stem = scenario or "规划"
        # A scenario's name is typed by people: it never names a folder of the reader's disk.
        return download_name(f"投资计划-{stem}-{export.made_at:%Y%m%d}.xlsx"), content

    return workspace.memo(
        ("schedule_workbook", scenario, options, today), make, plan=scenario is None
    )
