"""Scenarios side by side: a run with no plan is compared by its outcome alone."""

from __future__ import annotations

from dataclasses import replace

from portfolio.scenarios.compare import compare_results
from portfolio.scenarios.outcome import Outcome, ProjectOutcome, RunStatus, ScenarioResult

PROJECT = ProjectOutcome(1, "清源创新实验室", "p", "附件1", 2021, 2023, True, 2021, 2023)
PLAN = ScenarioResult("按期", RunStatus.OPTIMAL, (2021, 2025), 2021, projects=(PROJECT,))
LATE = replace(
    PLAN,
    scenario="推迟",
    projects=(replace(PROJECT, start_year=2022, end_year=2024, delay_years=1),),
)
NO_PLAN = ScenarioResult("无法满足", RunStatus.INFEASIBLE, (2021, 2025), 2021)


def test_a_run_with_no_plan_makes_no_project_differ() -> None:
    comparison = compare_results({"按期": PLAN, "无法满足": NO_PLAN})
    assert comparison.projects_that_differ == ()
    line = comparison.scenarios[1]
    assert line.outcome is Outcome.INFEASIBLE and line.funded is None and line.peak_year is None


def test_projects_that_differ_between_plans_show_no_plan_as_nothing() -> None:
    comparison = compare_results({"按期": PLAN, "推迟": LATE, "无法满足": NO_PLAN})
    (row,) = comparison.projects_that_differ
    assert row.cells["按期"] != row.cells["推迟"] and row.cells["无法满足"] is None
