"""Scenarios side by side, from their typed results (``portfolio scenario compare``).

A run with no plan (infeasible, timed out, cancelled, failed) is compared by its outcome
alone: it has no funded, delayed or peak figures, and its projects show no years.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pydantic

from portfolio.scenarios.outcome import Outcome, ScenarioResult


@dataclass(frozen=True)
class ScenarioLine:
    """One scenario's figures; ``None`` where its last run has no plan."""

    name: str
    status: str
    outcome: Outcome
    objectives: Mapping[str, int | None]
    funded: int | None
    delayed: int | None
    total_delay_years: int | None
    peak_spend_wan: int | None
    peak_year: int | None
    spend_by_year: Mapping[int, int]


@dataclass(frozen=True)
class ProjectCell:
    """A project in one scenario: funded or not, its start year and how late it finishes."""

    funded: bool
    start_year: int | None
    delay_years: int


@dataclass(frozen=True)
class ProjectLine:
    """A project whose schedule differs between the scenarios (``None``: the scenario's run
    has no plan)."""

    id: int
    name: str
    planned: int | None
    cells: Mapping[str, ProjectCell | None]


@dataclass(frozen=True)
class Comparison:
    scenarios: tuple[ScenarioLine, ...]
    projects_that_differ: tuple[ProjectLine, ...]


def _line(name: str, result: ScenarioResult) -> ScenarioLine:
    yearly = result.spend_by_year()
    plan = result.has_plan
    peak = max(yearly, key=lambda y: (yearly[y], -y)) if yearly else None
    return ScenarioLine(
        name=name,
        status=result.status.value,
        outcome=result.outcome,
        objectives={o.name: o.value for o in result.objectives},
        funded=len(result.funded()) if plan else None,
        delayed=len(result.delayed()) if plan else None,
        total_delay_years=sum(p.delay_years for p in result.funded()) if plan else None,
        peak_spend_wan=yearly[peak] if peak is not None else None,
        peak_year=peak,
        spend_by_year=yearly,
    )


def compare_results(results: Mapping[str, ScenarioResult]) -> Comparison:
    """Side by side: outcome, objectives, funded, delayed, peak spend; per project the
    start year and delay in each scenario, for the projects that differ between the
    scenarios whose runs have a plan."""
    names: dict[int, tuple[str, int | None]] = {}
    cells: dict[int, dict[str, ProjectCell | None]] = {}
    for name, result in results.items():
        for project in result.projects:
            names.setdefault(project.id, (project.name, project.planned_start_year))
            cells.setdefault(project.id, {})[name] = ProjectCell(
                project.funded, project.start_year, project.delay_years
            )
    # A run with no plan has no years to differ by: it is left out of the test (and shows
    # "-" in the row), so that an infeasible scenario does not list every project.
    planned = [name for name, result in results.items() if result.has_plan]
    differing = []
    for project_id, by_name in cells.items():
        row = {name: by_name.get(name) for name in results}
        if len({row[name] for name in planned}) > 1:
            name, planned_start = names[project_id]
            differing.append(ProjectLine(project_id, name, planned_start, row))
    return Comparison(
        scenarios=tuple(_line(name, result) for name, result in results.items()),
        projects_that_differ=tuple(differing),
    )


_ADAPTER: pydantic.TypeAdapter[Comparison] = pydantic.TypeAdapter(Comparison)


def comparison_to_json(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready values (``--json``)."""
    data: dict[str, Any] = _ADAPTER.dump_python(comparison, mode="json")
    return data
