"""What the 情景 page shows of a run, from the stored typed result and schedules (no browser)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from portfolio.exports.model import Language
from portfolio.formatting import yi_text
from portfolio.scenarios import words
from portfolio.scenarios.outcome import (
    CapOutcome,
    CapRef,
    Conflict,
    ConflictMember,
    DelayReason,
    LimitRef,
    MarginalValue,
    MemberFamily,
    ObjectiveLevel,
    ProjectOutcome,
    RunStatus,
    ScenarioResult,
)
from portfolio.services.exports import schedule_export
from portfolio.services.runs import JobState, JobStatus
from portfolio.services.workspace import Workspace
from ui.pages.scenarios.views import (
    PLAN_LABEL,
    binding_cap_rows,
    comparison_rows,
    county_comparison_rows,
    delay_columns,
    delay_rows,
    differing_rows,
    infeasible_lines,
    job_text,
    marginal_lines,
    objective_rows,
    stage_text,
    status_text,
)

CUT = "2023年压减30%"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = Workspace(f"sqlite:///{tmp_path_factory.mktemp('views') / 'p.sqlite3'}")
    ws.init()
    ws.run_scenario(f'name = "{CUT}"\nas_of = 2021\n[cuts]\n2023 = "30%"\n')
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def result(workspace: Workspace) -> ScenarioResult:
    _, stored = workspace.scenario(CUT)
    assert stored is not None
    return stored


def _cap(kind: str, key: str, period: str, limit: int, used: int, binding: bool) -> CapOutcome:
    return CapOutcome(CapRef(kind, key, period, int(period[:4])), limit, used, binding)


def _run(periods: str = "year", **fields: object) -> ScenarioResult:
    """A made-up run of a scenario with a plan: what the fields say, nothing else."""
    return ScenarioResult(
        scenario="甲",
        status=RunStatus.OPTIMAL,
        horizon=(2021, 2030),
        as_of=2021,
        periods=periods,
        **fields,  # type: ignore[arg-type]
    )


def test_every_moved_project_is_listed_with_its_reason(result: ScenarioResult) -> None:
    rows = delay_rows(result)
    moved = [p for p in result.projects if not p.funded or p.delay_years]
    assert {r["id"] for r in rows} == {p.id for p in moved}
    assert moved, "a 30% cut of 2023 moves projects"
    for row in rows:
        project = next(p for p in moved if p.id == row["id"])
        assert row["延期（年）"] == str(project.delay_years)
        assert row["原因"].startswith(f"“{project.name}”推迟{project.delay_years}年完工：")
        assert "原计划期间容不下其原定金额的上限：2023年总额上限（" in row["原因"]


def test_the_reason_gives_the_caps_figures_in_yi(result: ScenarioResult) -> None:
    cap = next(c for c in result.caps if c.cap.kind == "total" and c.cap.period == "2023")
    reason = delay_rows(result)[0]["原因"]
    assert f"2023年总额上限（{yi_text(cap.limit_wan)}亿元，已安排" in reason
    english = words.delay_sentence(result.delays[0], result.periods, Language.EN)
    assert f"the total cap of 2023 ({yi_text(cap.limit_wan)} × 100M CNY, " in english


def test_status_objectives_caps_and_marginal_values(result: ScenarioResult) -> None:
    assert status_text(result).startswith("最优（已证明）：")
    rows = objective_rows(result)
    assert [r["目标"] for r in rows] == ["加权延期（年）", "超支峰值（万元）"]
    value = result.objectives[0].value
    assert value is not None and rows[0]["结果"] == f"{value:,}"
    binding = binding_cap_rows(result)
    assert {r["年份"] for r in binding} == {c.cap.period for c in result.caps if c.binding}
    lines = marginal_lines(result)
    assert len(lines) == len(result.marginal) + len(result.uncapped_what_if)
    assert all("提高10亿元" in line for line in lines)
    assert infeasible_lines(result) == []


def test_an_infeasible_run_lists_the_conflicting_conditions(workspace: Workspace) -> None:
    result = workspace.run_scenario(
        'name = "不可能"\nas_of = 2021\n[cuts]\n2023 = "30%"\n2024 = "30%"\n', store=False
    )
    assert result.status is RunStatus.INFEASIBLE and result.conflict is not None
    lines = infeasible_lines(result)
    assert lines and all(" / " not in line for line in lines)  # one language
    assert lines == words.conflict_lines(result.conflict, Language.ZH)
    assert status_text(result).startswith("无法满足")
    assert not any(line.startswith("部分检查超时") for line in lines)  # proven minimal
    # No plan: no objective, delay or cap rows.
    assert objective_rows(result) == [] and delay_rows(result) == []
    assert binding_cap_rows(result) == []
    cap = ConflictMember(MemberFamily.CAP, cap=CapRef("total", "", "2023", 2023))
    unproven = _run(conflict=Conflict(members=(cap,), minimal=False, as_of=2021))
    assert infeasible_lines(unproven) == [
        "2023年总额上限",
        "部分检查超时：以上条件未证明为最小集合，其中可能有可以去掉的。",
    ]


def test_comparison_with_the_plan_counts_from_the_same_schedules(workspace: Workspace) -> None:
    exports = {PLAN_LABEL: schedule_export(workspace), CUT: schedule_export(workspace, CUT)}
    measures = {row["比较项"]: row for row in comparison_rows(exports)}
    run = exports[CUT]
    assert measures["延期项目数"][PLAN_LABEL] == 0
    assert measures["延期项目数"][CUT] == sum(1 for r in run.rows if r.delay_years > 0)
    assert measures["2023年支出（亿元）"][CUT] == yi_text(run.total_by_year()[2023])
    assert measures["总支出（亿元）"][PLAN_LABEL] == yi_text(
        sum(exports[PLAN_LABEL].total_by_year().values())
    )
    differing = differing_rows(exports)
    assert len(differing) == measures["延期项目数"][CUT]
    counties = county_comparison_rows(exports)
    assert sum(row[f"{CUT}·延期"] for row in counties) >= measures["延期项目数"][CUT]
    assert all(row[f"{PLAN_LABEL}·延期"] == 0 for row in counties)


def test_a_running_job_says_its_stage_and_time() -> None:
    status = JobStatus(
        id="x",
        scenario="甲",
        state=JobState.RUNNING,
        stage="level 1/2: delay",
        progress=0.3,
        elapsed_seconds=3.04,
        time_limit=10,
        result_status=None,
        run_id=None,
        reason="",
        log=(),
    )
    assert (
        job_text(status) == "甲：求解中（第 1/2 层目标：加权延期（年）），已用 3.0 秒 / 时限 10 秒"
    )
    assert stage_text("explaining: raising") == "计算追加资金的边际效果"
    assert stage_text("explaining: the smallest changes that let the scenario be met") == (
        "计算能满足情景的最小改动"
    )
    assert stage_text("explaining: the lowest caps at which nothing is delayed") == (
        "计算没有项目推迟所需的上限"
    )


def test_a_reason_names_a_full_concurrency_limit_and_a_late_predecessor() -> None:
    reason = DelayReason(
        project_id=2,
        name="二期",
        funded=True,
        delay_years=2,
        stretch_years=0,
        full_limits=(LimitRef("region", "晋江市", "2023", 2023),),
        late_predecessors=("一期→二期",),
    )
    assert words.delay_sentence(reason, "year", Language.ZH) == (
        "“二期”推迟2年完工：2023年晋江市同时在建项目已达上限；前序项目“一期”完成较晚。"
    )
    assert words.delay_sentence(reason, "year", Language.EN) == (
        "“二期” finishes 2 years late: 晋江市 has as many projects running as allowed in 2023; "
        "its predecessor “一期” ends late."
    )


def test_a_quarterly_runs_caps_show_their_periods() -> None:
    caps = (
        _cap("total", "", "2023Q2", 10, 10, True),
        _cap("total", "", "2023", 90, 90, True),
        _cap("region", "晋江市", "2024-05", 5, 5, True),
        _cap("total", "", "2025", 9, 1, False),
    )
    rows = binding_cap_rows(_run("quarter", caps=caps))
    assert [row["年份"] for row in rows] == ["2023", "2023Q2", "2024-05"]
    reason = DelayReason(
        project_id=1,
        name="某项目",
        funded=True,
        delay_years=1,
        stretch_years=0,
        full_caps=caps[:1],
        delay_periods=1,
        stretch_periods=0,
    )
    assert "2023年第2季度总额上限" in words.delay_sentence(reason, "quarter", Language.ZH)
    assert "the total cap of Q2 2023" in words.delay_sentence(reason, "quarter", Language.EN)


def test_a_monthly_runs_delay_is_in_months_and_its_completion_a_month() -> None:
    result = _run(
        "month",
        objectives=(
            ObjectiveLevel("delay", "optimal", 144, 144, 0),
            ObjectiveLevel(
                "completion",
                "feasible",
                24395,
                24390,
                5,
                value_period="2032-12",
                bound_period="2032-07",
            ),
        ),
    )
    delay, completion = objective_rows(result)
    assert (delay["目标"], delay["结果"]) == ("加权延期（月）", "144")
    assert (completion["结果"], completion["界"]) == ("2032-12", "2032-07")


def test_a_monthly_runs_marginal_values_count_the_delay_in_months() -> None:
    result = _run(
        "month",
        objectives=(ObjectiveLevel("delay", "optimal", 20),),
        marginal=(
            MarginalValue(
                cap=_cap("total", "", "2023-06", 500_000, 500_000, True),
                step_wan=100_000,
                asked=False,
                change=(-7,),
            ),
        ),
    )
    assert marginal_lines(result) == ["2023年6月总额上限提高10亿元：加权延期（月） -7"]
    objectives = [o.name for o in result.objectives]
    assert words.marginal_sentence(result.marginal[0], objectives, "month", Language.EN) == (
        "the total cap of Jun 2023 raised by 10 × 100M CNY: weighted delay (months) -7"
    )


def test_a_quarterly_runs_delays_are_counted_and_shown_in_quarters() -> None:
    project = ProjectOutcome(
        id=7,
        name="某实验室",
        plan="p",
        table="表1",
        planned_start_year=2023,
        planned_end_year=2024,
        funded=True,
        start_year=2023,
        end_year=2025,
        start_period="2023Q2",
        end_period="2025Q1",
        delay_years=1,  # one quarter late at completion, rounded up to a whole year
        start_delay_years=1,
        stretch_years=0,
        delay_periods=1,
        start_delay_periods=1,
        stretch_periods=0,
    )
    on_time = ProjectOutcome(
        **{
            **project.__dict__,
            "id": 8,
            "start_period": "2023Q1",
            "end_period": "2024Q4",
            "end_year": 2024,
            "delay_years": 0,
            "start_delay_years": 0,
            "delay_periods": 0,
            "start_delay_periods": 0,
        }
    )
    reason = DelayReason(
        project_id=7,
        name="某实验室",
        funded=True,
        delay_years=1,
        stretch_years=0,
        full_caps=(_cap("total", "", "2023Q1", 10, 10, True),),
        delay_periods=1,
        stretch_periods=0,
    )
    result = _run("quarter", projects=(project, on_time), delays=(reason,))
    assert delay_columns(result) == ["项目名称", "计划年限", "安排时段", "延期（季度）", "原因"]
    (row,) = delay_rows(result)
    assert (row["安排时段"], row["延期（季度）"]) == ("2023Q2-2025Q1", "1")
    assert row["原因"] == (
        "“某实验室”推迟1个季度完工：原计划期间容不下其原定金额的上限：2023年第1季度总额上限"
        "（0.001亿元，已安排0.001亿元，已满）。"
    )
    # A stretch is counted in the run's periods beside the lateness at completion.
    stretched = DelayReason(**{**reason.__dict__, "delay_periods": 4, "stretch_periods": 3})
    assert words.delay_sentence(stretched, "month", Language.ZH) == (
        "“某实验室”推迟4个月完工（工期延长3个月）：原计划期间容不下其原定金额的上限：2023年第1季度总额上限"
        "（0.001亿元，已安排0.001亿元，已满）。"
    )
    assert delay_columns(_run())[3] == "延期（年）"


def test_an_interrupted_run_says_why_and_that_it_can_run_again() -> None:
    status = JobStatus(
        id="x",
        scenario="甲",
        state=JobState.INTERRUPTED,
        stage="interrupted",
        progress=0.0,
        elapsed_seconds=12.0,
        time_limit=10,
        result_status=None,
        run_id=None,
        reason="worker vm:12 stopped answering; last heard from at 2026-12-06T22:40:58+00:00",
        log=(),
        worker="vm:12",
        heard_at=dt.datetime(2026, 12, 6, 22, 40, 58, tzinfo=dt.UTC),
    )
    heard = status.heard_at.astimezone().strftime("%H:%M:%S")  # type: ignore[union-attr]
    assert job_text(status) == (
        f"甲：已中断（计算节点 vm:12 无响应，最后联系于 {heard}）。情景已保存，可重新运行。"
    )
