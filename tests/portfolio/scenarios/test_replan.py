"""Re-planning one project at as_of from its reported actuals (or its plan)."""

from __future__ import annotations

import datetime as dt

from portfolio.actuals import ActualStatus, ProjectActuals
from portfolio.scenarios.build import build_problem
from portfolio.scenarios.replan import HistorySource, Leaves, replan
from portfolio.scenarios.spec import parse_scenario
from tests.portfolio.scenarios.test_profiles import GEOGRAPHY, PROJECTS

WINDOW = (2021, 2025)
PLANNED = (100, 200, 300, 200, 200)  # 1000 万元


def reported(spend: dict[int, int], status: ActualStatus | None = None) -> ProjectActuals:
    return ProjectActuals(7, spend, status, last_reported=dt.date(2026, 1, 31))


def test_without_a_report_the_plan_before_as_of_counts_as_spent() -> None:
    left = replan(1000, WINDOW, PLANNED, 2024, None)
    assert left.history == {2021: 100, 2022: 200, 2023: 300}
    assert left.history_source is HistorySource.ASSUMED
    assert (left.remainder, left.window, left.profile) == (400, (2024, 2025), (200, 200))


def test_what_remains_keeps_the_shape_of_the_plan() -> None:
    left = replan(1000, WINDOW, PLANNED, 2024, reported({2021: 50, 2022: 150, 2023: 200}))
    assert left.spent == 400 and left.remainder == 600
    assert (left.window, left.profile) == ((2024, 2025), (300, 300))
    uneven = replan(1000, WINDOW, (100, 100, 100, 100, 600), 2024, reported({2021: 1}))
    assert uneven.profile == (143, 856)  # 999 over 100:600, largest remainder
    assert sum(uneven.profile or ()) == 999


def test_a_late_project_carries_its_remainder_into_as_of() -> None:
    left = replan(1000, WINDOW, PLANNED, 2026, reported({2021: 300, 2023: 300}))
    assert (left.remainder, left.window, left.profile) == (400, (2026, 2026), (400,))


def test_finished_cancelled_and_fully_spent_projects_leave() -> None:
    done = replan(1000, WINDOW, PLANNED, 2026, reported({2022: 900}, ActualStatus.COMPLETED))
    assert done.leaves is Leaves.COMPLETED and done.window is None and done.history == {2022: 900}
    cancelled = replan(1000, WINDOW, PLANNED, 2024, reported({2021: 80}, ActualStatus.CANCELLED))
    assert cancelled.leaves is Leaves.CANCELLED and cancelled.remainder == 920
    over = replan(1000, WINDOW, PLANNED, 2026, reported({2021: 700, 2022: 500}))
    assert over.leaves is Leaves.SPENT and over.overrun == 200 and over.remainder == 0


def test_a_project_not_started_is_shifted_whole_to_as_of() -> None:
    left = replan(1000, WINDOW, PLANNED, 2023, reported({}, ActualStatus.NOT_STARTED))
    assert left.history == {} and left.remainder == 1000
    assert (left.window, left.profile) == ((2023, 2027), PLANNED)


def test_a_project_yet_to_start_keeps_its_plan() -> None:
    assert replan(1000, WINDOW, PLANNED, 2021, None).window == WINDOW
    assert replan(1000, WINDOW, None, 2020, None).profile is None
    early = replan(1000, WINDOW, PLANNED, 2021, reported({2020: 100}))
    assert early.remainder == 900 and early.window == WINDOW
    assert sum(early.profile or ()) == 900


def test_as_of_defaults_to_this_year_once_progress_is_reported() -> None:
    spec = parse_scenario('name = "s"\n')
    assert build_problem(spec, PROJECTS, GEOGRAPHY, this_year=2024).as_of_year == 2021
    progress = {1: ProjectActuals(1, {2021: 400})}
    built = build_problem(spec, PROJECTS, GEOGRAPHY, actuals=progress, this_year=2024)
    assert built.as_of_year == 2024
    assert built.replanned["1"].history == {2021: 400}
    assert built.replanned["2"].history_source is HistorySource.ASSUMED
