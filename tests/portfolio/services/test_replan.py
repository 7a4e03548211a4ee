"""Re-planning the bundled portfolio into 2026-2030 from reported actual spend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio.actuals import ActualStatus
from portfolio.scenarios.outcome import ReplanKind, RunStatus, ScenarioResult
from portfolio.services.actuals import ActualInput
from portfolio.services.queries import ProjectView
from portfolio.services.workspace import PlanInfo, Workspace
from tests.portfolio.services.test_import import write_xlsx

REPLAN = 'name = "十五五重排"\nas_of = 2026\n[limits]\nmax_delay = 2\nmax_stretch = 1\n'
REPORTED = dt.date(2026, 1, 31)


@pytest.fixture(scope="module")
def workspace(loaded_url: str) -> Iterator[Workspace]:
    ws = Workspace(loaded_url)
    yield ws
    ws.close()


def _candidates(workspace: Workspace) -> list[ProjectView]:
    """Projects a scenario schedules, planned within 2021-2025, the largest first."""
    return sorted(
        (
            v
            for v in workspace.projects()
            if v.counted_in_totals
            and v.investment_wan
            and v.investment_wan >= 1000
            and v.start_year == 2021
            and v.end_year is not None
            and 2023 <= v.end_year <= 2025
        ),
        key=lambda v: -(v.investment_wan or 0),
    )


@pytest.fixture(scope="module")
def reported(workspace: Workspace) -> dict[str, tuple[ProjectView, dict[int, int]]]:
    """Four projects' actuals: one finished, one late, one cancelled, one overspent."""
    finished, late, cancelled, overspent = _candidates(workspace)[:4]
    total = {v.id: v.investment_wan or 0 for v in (finished, late, cancelled, overspent)}

    def spread(project: ProjectView, amount: int, years: range) -> dict[int, int]:
        part, extra = divmod(amount, len(years))
        return {year: part + (extra if i == 0 else 0) for i, year in enumerate(years)}

    plans = {
        "finished": (finished, spread(finished, total[finished.id] - 7, range(2021, 2024))),
        "late": (late, spread(late, total[late.id] * 6 // 10, range(2021, 2026))),
        "cancelled": (cancelled, spread(cancelled, total[cancelled.id] // 5, range(2021, 2023))),
        "overspent": (overspent, spread(overspent, total[overspent.id] + 500, range(2021, 2026))),
    }
    status = {
        "finished": ActualStatus.COMPLETED,
        "late": ActualStatus.IN_PROGRESS,
        "cancelled": ActualStatus.CANCELLED,
        "overspent": ActualStatus.IN_PROGRESS,
    }
    rows = [
        ActualInput(project.id, year, amount, status[key])
        for key, (project, spend) in plans.items()
        for year, amount in spend.items()
    ]
    workspace.actuals.record(REPORTED, rows)
    return plans


@pytest.fixture(scope="module")
def result(
    workspace: Workspace, reported: dict[str, tuple[ProjectView, dict[int, int]]]
) -> ScenarioResult:
    return workspace.run_scenario(REPLAN, "test", store=False)


def test_history_is_the_actuals_and_what_remains_is_total_minus_spent(
    workspace: Workspace,
    reported: dict[str, tuple[ProjectView, dict[int, int]]],
    result: ScenarioResult,
) -> None:
    assert result.status is RunStatus.OPTIMAL and result.as_of == 2026
    outcomes = {p.id: p for p in result.projects}
    for project, spend in reported.values():
        history = {y: a for y, a in outcomes[project.id].spend.items() if y < 2026}
        assert history == spend, project.name
    late, spend = reported["late"]
    after = {y: a for y, a in outcomes[late.id].spend.items() if y >= 2026}
    assert outcomes[late.id].funded and min(after) >= 2026
    assert sum(after.values()) == (late.investment_wan or 0) - sum(spend.values())
    for key in ("finished", "cancelled", "overspent"):
        project, _ = reported[key]
        assert not any(year >= 2026 for year in outcomes[project.id].spend), key


def test_projects_without_a_report_keep_their_plan_as_history(
    workspace: Workspace, result: ScenarioResult
) -> None:
    assumed = {n.project_id for n in result.replan_notes if n.kind is ReplanKind.ASSUMED}
    outcomes = {p.id: p for p in result.projects}
    views = {v.id: v for v in workspace.projects()}
    assert assumed
    for project_id in assumed:
        outcome = outcomes.get(project_id)
        if outcome is None:
            continue
        assert sum(outcome.spend.values()) == views[project_id].investment_wan


def test_each_reported_project_is_named_with_what_was_done(
    reported: dict[str, tuple[ProjectView, dict[int, int]]], result: ScenarioResult
) -> None:
    kinds = {(n.kind, n.project_id): n.amount_wan for n in result.replan_notes}
    finished, _ = reported["finished"]
    cancelled, spend = reported["cancelled"]
    overspent, _ = reported["overspent"]
    late, late_spend = reported["late"]
    assert (ReplanKind.COMPLETED, finished.id) in kinds
    assert kinds[(ReplanKind.CANCELLED, cancelled.id)] == (
        (cancelled.investment_wan or 0) - sum(spend.values())
    )
    assert kinds[(ReplanKind.OVERRUN, overspent.id)] == 500
    if late.end_year is not None and late.end_year < 2026:
        assert kinds[(ReplanKind.CARRIED, late.id)] == (late.investment_wan or 0) - sum(
            late_spend.values()
        )


def test_a_started_project_may_be_slowed_by_a_cap_in_the_years_to_come(
    workspace: Workspace, reported: dict[str, tuple[ProjectView, dict[int, int]]]
) -> None:
    late, spend = reported["late"]
    remainder = (late.investment_wan or 0) - sum(spend.values())
    text = REPLAN.replace("[limits]", f'[caps.total]\n2026 = "{remainder - 1}万"\n[limits]')
    result = workspace.run_scenario(text, "test", store=False)
    assert result.has_plan
    outcome = next(p for p in result.projects if p.id == late.id)
    assert outcome.spend.get(2026, 0) < remainder
    assert sum(a for y, a in outcome.spend.items() if y >= 2026) == remainder or not outcome.funded


def test_a_new_plan_for_2026_2030_stands_beside_the_old_ones(db_url: str, tmp_path: Path) -> None:
    ws = Workspace(db_url)
    ws.init()
    try:
        rows = [
            [1, "泉州具身智能创新中心", "", 3, "2026－2028", "泉州市科技局", "丰泽区"],
            [2, "晋江集成电路中试平台", "", "1.2", "2027-2030", "晋江市工信局", "晋江市"],
        ]
        path = write_xlsx(tmp_path / "十五五.xlsx", rows)
        info = PlanInfo(
            key="quanzhou-st-15fyp", region="泉州市", period_start=2026, period_end=2030
        )
        ws.import_file(path, info)
        late = next(v for v in _candidates(ws) if v.plan == "quanzhou-st-14fyp")
        ws.actuals.record(REPORTED, [ActualInput(late.id, 2021, 100, ActualStatus.IN_PROGRESS)])
        text = (
            'name = "十四五结转与十五五"\nas_of = 2026\n'
            'plans = ["quanzhou-st-14fyp", "quanzhou-st-15fyp"]\n'
        )
        result = ws.run_scenario(text, "test", store=False)
        assert result.status is RunStatus.OPTIMAL and result.horizon[1] >= 2030
        outcomes = {p.name: p for p in result.projects}
        new = outcomes["晋江集成电路中试平台"]
        assert new.spend == {2027: 3000, 2028: 3000, 2029: 3000, 2030: 3000}
        carried = outcomes[late.name]
        assert {y: a for y, a in carried.spend.items() if y < 2026} == {2021: 100}
        assert sum(carried.spend.values()) == late.investment_wan
        assert min(y for y in carried.spend if y > 2021) == 2026
    finally:
        ws.close()
