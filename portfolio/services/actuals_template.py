"""The rows of the progress-report template: the office's stored projects and indicators.

Each project gets a row per year of its planned window (its plan's period where its own
years are not known) up to the report's year, with its planned spend of that year (the
stored yearly amounts, else its total spread evenly) for reference; each indicator a row
per year of its plan's period up to the report's year, with the target written for it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from optimizer import spread_evenly
from portfolio.db import models as m
from portfolio.importers.actuals_template import (
    TemplateIndicator,
    TemplateProject,
    write_actuals_template,
)
from portfolio.services.queries import ProjectView, list_indicators, list_projects


def template_projects(session: Session, up_to_year: int) -> list[TemplateProject]:
    """One row per stored project and year of its planned window up to ``up_to_year``."""
    periods = _plan_periods(session)
    profiles: dict[int, dict[int, int]] = {}
    for pid, year, amount in session.execute(
        select(m.ProjectProfile.project_id, m.ProjectProfile.year, m.ProjectProfile.amount_wan)
    ):
        profiles.setdefault(pid, {})[year] = amount
    rows: list[TemplateProject] = []
    for view in list_projects(session):
        start, end = _window(view, periods[view.plan])
        planned = profiles.get(view.id) or _even(view.investment_wan, start, end)
        places = "、".join(view.counties or view.cities) or ("全省" if view.province_wide else "")
        rows.extend(
            TemplateProject(
                view.id,
                view.plan,
                view.table,
                view.seq,
                view.name,
                places,
                year,
                planned.get(year),
            )
            for year in range(start, min(end, up_to_year) + 1)
        )
    return rows


def template_indicators(session: Session, up_to_year: int) -> list[TemplateIndicator]:
    """One row per stored indicator and year of its plan's period up to ``up_to_year``."""
    periods = _plan_periods(session)
    return [
        TemplateIndicator(
            view.plan,
            view.table,
            view.seq,
            view.name,
            view.unit,
            year,
            view.targets.get(year, ""),
        )
        for view in list_indicators(session)
        for year in range(periods[view.plan][0], min(periods[view.plan][1], up_to_year) + 1)
    ]


def write_template_file(session: Session, path: Path, up_to_year: int) -> tuple[int, int]:
    """Write the template of the stored portfolio to ``path``; returns its numbers of
    project-year and indicator-year rows."""
    projects = template_projects(session, up_to_year)
    indicators = template_indicators(session, up_to_year)
    write_actuals_template(path, projects, indicators)
    return len(projects), len(indicators)


def _plan_periods(session: Session) -> dict[str, tuple[int, int]]:
    return {
        key: (start, end)
        for key, start, end in session.execute(
            select(m.Plan.key, m.Plan.period_start, m.Plan.period_end)
        )
    }


def _window(view: ProjectView, period: tuple[int, int]) -> tuple[int, int]:
    """The project's planned years; its plan's period where they are not known."""
    start = view.start_year or period[0]
    end = view.end_year or max(period[1], start)
    return start, max(start, end)


def _even(total: int | None, start: int, end: int) -> dict[int, int]:
    if total is None:
        return {}
    return dict(zip(range(start, end + 1), spread_evenly(total, end - start + 1), strict=True))
