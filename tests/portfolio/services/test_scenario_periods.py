"""Quarterly and monthly scenarios on the bundled portfolio: solved, explained, stored, exported."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from portfolio.db import models as m
from portfolio.exports.model import Language
from portfolio.paths import data_dir
from portfolio.scenarios import words
from portfolio.scenarios.outcome import ProjectOutcome, RunStatus, ScenarioResult
from portfolio.scenarios.periods import parse_period_key
from portfolio.scenarios.spec import ScenarioError
from portfolio.services.exports import schedule_export, schedule_workbook
from portfolio.services.workspace import Workspace
from tests.portfolio.services.snapshot import snapshot

QUARTERLY = (data_dir() / "scenarios" / "cut-2023-quarterly.toml").read_text(encoding="utf-8")
YEARLY = 'name = "2023年压减20%"\nas_of = 2021\n[cuts]\n2023 = "20%"\n'


@pytest.fixture(scope="module")
def workspace(loaded_url: str) -> Iterator[Workspace]:
    ws = Workspace(loaded_url)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def quarterly(workspace: Workspace) -> ScenarioResult:
    """The bundled quarterly example, run and stored."""
    return workspace.run_scenario(QUARTERLY, "cut-2023-quarterly.toml")


def _periods_of(project: ProjectOutcome, year: str) -> int:
    return sum(a for label, a in project.spend_by_period.items() if label[:4] == year)


def test_the_yearly_cut_is_met_over_the_four_quarters(
    workspace: Workspace, quarterly: ScenarioResult
) -> None:
    assert quarterly.status is RunStatus.OPTIMAL and quarterly.periods == "quarter"
    (cap,) = quarterly.caps
    assert (cap.cap.kind, cap.cap.period, cap.cap.year) == ("total", "2023", 2023)
    spent = sum(_periods_of(p, "2023") for p in quarterly.projects)
    assert cap.used_wan == spent <= cap.limit_wan
    plan = workspace.run_scenario('name = "plan"\nas_of = 2021\n', store=False)
    planned_2023 = sum(p.spend.get(2023, 0) for p in plan.projects)
    assert cap.limit_wan == planned_2023 * 80 // 100  # the year's planned spend, as in years
    assert quarterly.horizon == plan.horizon and quarterly.as_of == 2021


def test_every_project_adds_up_by_year_and_to_its_total(
    workspace: Workspace, quarterly: ScenarioResult
) -> None:
    totals = {v.id: v.investment_wan for v in workspace.projects()}
    for project in quarterly.projects:
        assert project.funded
        by_period = project.spend_by_period
        assert sum(by_period.values()) == totals[project.id]
        assert project.spend == {year: _periods_of(project, str(year)) for year in project.spend}
        assert all(isinstance(amount, int) for amount in by_period.values())
        assert project.start_period is not None and project.end_period is not None
        start, end = parse_period_key(project.start_period), parse_period_key(project.end_period)
        assert (start.year, end.year) == (project.start_year, project.end_year)
        # Every quarter of its window is listed, zero amounts too.
        assert (min(by_period), max(by_period)) == (project.start_period, project.end_period)
        assert project.planned_start_year is not None and project.planned_end_year is not None
        assert len(by_period) == 4 * (project.planned_end_year - project.planned_start_year + 1)
        assert project.delay_periods is not None
        # How late it finishes (start delay and stretch), in quarters and whole years.
        assert project.delay_periods == (project.start_delay_periods or 0) + (
            project.stretch_periods or 0
        )
        assert project.delay_years == -(-project.delay_periods // 4)
    unmoved = next(p for p in quarterly.projects if not p.delay_periods)
    # A project on its planned years starts in the first quarter of its start year.
    assert unmoved.start_period == f"{unmoved.planned_start_year}Q1"
    assert unmoved.end_period == f"{unmoved.planned_end_year}Q4"


def test_delays_are_explained_in_quarters(quarterly: ScenarioResult) -> None:
    delayed = [p for p in quarterly.projects if p.delay_periods]
    assert delayed
    explanations = {d.project_id: d for d in quarterly.delays}
    for project in delayed:
        explanation = explanations[project.id]
        assert explanation.delay_periods == project.delay_periods
        assert {c.cap.year for c in explanation.full_caps} == {2023}
        assert {c.cap.period for c in explanation.full_caps} == {"2023"}
        message = words.delay_sentence(explanation, quarterly.periods, Language.ZH)
        assert f"推迟{project.delay_periods}个季度完工" in message
        assert "2023年总额上限" in message
        english = words.delay_sentence(explanation, quarterly.periods, Language.EN)
        late = project.delay_periods
        assert f"finishes {late} quarter{'' if late == 1 else 's'} late" in english
        assert "the total cap of 2023" in english
    marginal = quarterly.marginal
    assert marginal and marginal[0].cap.cap.period == "2023"


def test_a_year_asked_about_is_its_four_quarters_cap(workspace: Workspace) -> None:
    text = QUARTERLY + '[explain]\nstep = "20亿"\nwhat_if = [2023, 2027]\n'
    result = workspace.run_scenario(text, store=False)
    first = result.marginal[0]
    assert first.asked and (first.cap.cap.period, first.step_wan) == ("2023", 200_000)
    assert result.uncapped_what_if == (2027,)


def test_a_quarterly_run_is_stored_per_period_beside_its_years(
    workspace: Workspace, quarterly: ScenarioResult
) -> None:
    run_id = quarterly.run_id
    assert run_id is not None
    with workspace.sessions() as session:
        yearly = {
            (pid, year): amount
            for pid, year, amount in session.execute(
                select(
                    m.ScenarioRunSpend.project_id,
                    m.ScenarioRunSpend.year,
                    m.ScenarioRunSpend.spend_wan,
                ).where(m.ScenarioRunSpend.run_id == run_id)
            )
        }
        summed: dict[tuple[int, int], int] = defaultdict(int)
        labels = set()
        for pid, period, year, amount in session.execute(
            select(
                m.ScenarioRunPeriodSpend.project_id,
                m.ScenarioRunPeriodSpend.period,
                m.ScenarioRunPeriodSpend.year,
                m.ScenarioRunPeriodSpend.spend_wan,
            ).where(m.ScenarioRunPeriodSpend.run_id == run_id)
        ):
            summed[(pid, year)] += amount
            labels.add(period)
        projects = {
            row.project_id: row
            for row in session.scalars(
                select(m.ScenarioRunProject).where(m.ScenarioRunProject.run_id == run_id)
            )
        }
        (cap,) = session.scalars(select(m.ScenarioRunCap).where(m.ScenarioRunCap.run_id == run_id))
        assert (cap.year, cap.period) == (2023, "2023")
        for project in quarterly.projects:
            row = projects[project.id]
            assert (row.start_period, row.end_period, row.delay_periods) == (
                project.start_period,
                project.end_period,
                project.delay_periods,
            )
            assert row.delay_years == project.delay_years
    assert dict(summed) == yearly
    assert "2023Q2" in labels
    _, last = workspace.scenario(quarterly.scenario)
    assert last is not None and last.run_id == run_id and last.periods == "quarter"


def test_exports_and_comparisons_read_a_quarterly_run_by_its_years(
    workspace: Workspace, quarterly: ScenarioResult
) -> None:
    export = schedule_export(workspace, quarterly.scenario)
    by_id = {row.project_id: row for row in export.rows}
    for project in quarterly.projects:
        row = by_id[project.id]
        assert row.spend == project.spend
        assert (row.start, row.delay_years) == (project.start_year, project.delay_years)
    assert [(c.kind, c.year, c.whole_year) for c in export.caps] == [("total", 2023, True)]
    in_years = workspace.run_scenario(YEARLY)
    comparison = workspace.compare_scenarios(["2023年压减20%", quarterly.scenario])
    yearly, by_quarter = comparison.scenarios
    assert (yearly.name, by_quarter.name) == ("2023年压减20%", quarterly.scenario)
    # The same cap on 2023, met by the year and by the sum of its quarters.
    assert in_years.caps[0].limit_wan == quarterly.caps[0].limit_wan
    assert yearly.spend_by_year[2023] <= in_years.caps[0].limit_wan
    assert by_quarter.spend_by_year[2023] == quarterly.caps[0].used_wan
    assert by_quarter.delayed and yearly.delayed


def test_the_workbook_of_a_run_with_a_quarters_cap_names_the_quarter(
    workspace: Workspace,
) -> None:
    text = QUARTERLY.replace("（按季度）", "（第二季度）").replace(
        "[limits]", '[caps.total]\n2024Q2 = "200亿"\n[limits]'
    )
    result = workspace.run_scenario(text)
    assert [c.cap.period for c in result.caps] == ["2023", "2024Q2"]
    _, content = schedule_workbook(workspace, result.scenario)
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "2024Q2" in cells
    export = schedule_export(workspace, result.scenario)
    assert [(c.year, c.period) for c in export.caps] == [(2023, ""), (2024, "2024Q2")]


def test_the_workbook_of_a_quarterly_run_has_its_quarters(
    workspace: Workspace, quarterly: ScenarioResult
) -> None:
    _, content = schedule_workbook(workspace, quarterly.scenario)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["分季度安排"]
    header = [cell.value for cell in sheet[3]]
    assert header[:4] == ["编号", "项目名称", "安排时段", "推迟（季度）"]
    first, last = quarterly.horizon
    labels = [f"{y}Q{q}" for y in range(first, last + 1) for q in range(1, 5)]
    assert header[4:-1] == labels and header[-1] == "合计"
    rows: dict[object, tuple[Any, ...]] = {
        r[0].value: r for r in sheet.iter_rows(min_row=4) if isinstance(r[0].value, int)
    }
    for project in quarterly.projects:
        cells = rows[project.id]
        shown = {
            label: cell.value
            for label, cell in zip(labels, cells[4:-1], strict=True)
            if cell.value is not None
        }
        assert shown == project.spend_by_period  # 万元, as stored
        if project.funded:
            assert cells[2].value == f"{project.start_period}-{project.end_period}"
            assert cells[3].value == project.delay_periods
    total = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == "总计")
    assert str(total[4].value).startswith("=SUM(E4:E")
    yearly = workspace.run_scenario(YEARLY)
    assert (
        "分季度安排"
        not in openpyxl.load_workbook(
            io.BytesIO(schedule_workbook(workspace, yearly.scenario)[1])
        ).sheetnames
    )


def test_a_yearly_run_stores_no_periods(workspace: Workspace) -> None:
    result = workspace.run_scenario(YEARLY.replace("压减20%", "压减20%（年）"))
    assert result.periods == "year" and result.yearly
    assert result.projects[0].spend_by_period == {} and result.projects[0].start_period is None
    assert all(p.delay_periods is None for p in result.projects)
    # A year's cap is named by its year.
    assert (result.caps[0].cap.period, result.caps[0].cap.year) == ("2023", 2023)
    with workspace.sessions() as session:
        rows = session.scalars(
            select(m.ScenarioRunPeriodSpend).where(m.ScenarioRunPeriodSpend.run_id == result.run_id)
        ).all()
        (cap,) = session.scalars(
            select(m.ScenarioRunCap).where(m.ScenarioRunCap.run_id == result.run_id)
        )
        starts = session.scalars(
            select(m.ScenarioRunProject.start_period).where(
                m.ScenarioRunProject.run_id == result.run_id
            )
        ).all()
    assert rows == [] and cap.period is None and set(starts) == {None}


def test_a_monthly_scenario_with_a_months_cut_runs(workspace: Workspace) -> None:
    # June 2023 at 80% of its planned spend, the second quarter (three months) at 90%.
    text = (
        'name = "按月"\nperiods = "month"\nplans = ["quanzhou-st-14fyp"]\n'
        'objectives = ["delay"]\n[cuts]\n2023Q2 = "10%"\n2023-06 = "20%"\n'
        "[limits]\nmax_delay = 3\n"
    )
    result = workspace.run_scenario(text, store=False)
    assert result.status is RunStatus.OPTIMAL and result.periods == "month"
    quarter, june = result.caps
    assert (quarter.cap.period, june.cap.period, june.cap.year) == ("2023Q2", "2023-06", 2023)
    projects = result.projects
    spent_june = sum(p.spend_by_period.get("2023-06", 0) for p in projects)
    spent_q2 = sum(p.spend_by_period.get(f"2023-0{m}", 0) for p in projects for m in (4, 5, 6))
    assert (june.used_wan, quarter.used_wan) == (spent_june, spent_q2)
    assert june.used_wan <= june.limit_wan and quarter.used_wan <= quarter.limit_wan
    delayed = [p for p in projects if p.delay_periods]
    # Moving past June takes months, not whole years: a delay in months, its years rounded up.
    assert delayed and all((p.delay_periods or 0) % 12 for p in delayed)
    assert all(p.delay_years == -(-(p.delay_periods or 0) // 12) for p in delayed)
    for project in projects:  # every month of its window, however far it moved
        assert project.planned_start_year is not None and project.planned_end_year is not None
        years = project.planned_end_year - project.planned_start_year + 1
        assert len(project.spend_by_period) == 12 * years


def test_a_monthly_scenario_that_cannot_hold_is_explained_by_a_minimal_conflict(
    workspace: Workspace,
) -> None:
    # 2023 and 2024 at 70%, month by month: a check under assumptions alone could not prove
    # this in 10 s, so the explanation used to come back empty.
    text = (
        'name = "按月压减"\nperiods = "month"\nas_of = 2021\n[cuts]\n2023 = "30%"\n2024 = "30%"\n'
    )
    result = workspace.run_scenario(text, store=False)
    assert result.status is RunStatus.INFEASIBLE and result.periods == "month"
    conflict = result.conflict
    assert conflict is not None and conflict.minimal
    members = words.conflict_lines(conflict, Language.ZH)
    assert len(members) == len(conflict.members)  # no note: proven minimal
    assert any(member.startswith("2024年总额上限") for member in members), members
    english = words.conflict_lines(conflict, Language.EN)
    assert any(member.startswith("the total cap of 2024") for member in english), english


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ('periods = "week"', "periods", "unknown periods"),
        ('periods = "quarter"\n[caps.total]\n2023Q5 = 100', "caps.total.2023Q5", "Q1-Q4"),
        ('periods = "month"\n[cuts]\n2023-13 = "5%"', "cuts.2023-13", "2023-01 … 2023-12"),
        ('[caps.total]\n2023Q2 = "100万"', "caps.total.2023Q2", "counts in years"),
        ('periods = "quarter"\n[cuts]\n2023-05 = "5%"', "cuts.2023-05", 'periods = "month"'),
        (
            'periods = "quarter"\n[caps.county."晋江市"]\n2045Q1 = "100万"',
            "caps.county.晋江市.2045Q1",
            "outside the horizon",
        ),
    ],
)
def test_bad_periods_are_refused_before_solving(
    workspace: Workspace, text: str, key: str, words: str
) -> None:
    before = snapshot(workspace)
    with pytest.raises(ScenarioError) as error:
        workspace.run_scenario(f'name = "x"\n{text}\n', "bad.toml")
    assert any(k == key and words in message for k, message in error.value.by_key(Language.EN)), (
        error.value.by_key(Language.EN)
    )
    assert snapshot(workspace) == before


def test_completion_in_quarters_is_given_as_a_quarter(workspace: Workspace) -> None:
    text = 'name = "完工"\nperiods = "quarter"\nobjectives = ["completion"]\n'
    result = workspace.run_scenario(text, store=False)
    (completion,) = result.objectives
    last = max(p.end_period or "" for p in result.projects)
    assert completion.value_period == last and completion.bound_period == last
    assert parse_period_key(last).year == max(p.end_year or 0 for p in result.projects)
