"""What the 情景 page shows of a run, from the stored result and schedules (no browser)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from portfolio.formatting import yi_text
from portfolio.services.exports import schedule_export
from portfolio.services.jobs import JobState, JobStatus
from portfolio.services.workspace import Workspace
from ui.scenario_views import (
    PLAN_LABEL,
    binding_cap_rows,
    comparison_rows,
    county_comparison_rows,
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
def result(workspace: Workspace) -> dict[str, Any]:
    _, stored = workspace.scenario(CUT)
    assert stored is not None
    return stored


def test_every_moved_project_is_listed_with_its_reason(result: dict[str, Any]) -> None:
    rows = delay_rows(result)
    moved = [p for p in result["projects"] if not p["funded"] or p["delay_years"]]
    assert {r["id"] for r in rows} == {p["id"] for p in moved}
    assert moved, "a 30% cut of 2023 moves projects"
    for row in rows:
        project = next(p for p in moved if p["id"] == row["id"])
        assert row["延期（年）"] == project["delay_years"]
        assert row["原因"].startswith(f"推迟{project['delay_years']}年")
        assert "2023年总额上限（上限" in row["原因"]


def test_the_reason_gives_the_caps_figures_in_yi(result: dict[str, Any]) -> None:
    cap = next(c for c in result["caps"] if c["kind"] == "total" and c["period"] == 2023)
    reason = delay_rows(result)[0]["原因"]
    assert f"上限 {yi_text(cap['cap'])} 亿元" in reason


def test_status_objectives_caps_and_marginal_values(result: dict[str, Any]) -> None:
    assert status_text(result).startswith("最优（已证明）")
    rows = objective_rows(result)
    assert [r["目标"] for r in rows] == ["加权延期（年）", "超支峰值（万元）"]
    assert rows[0]["结果"] == f"{result['objectives'][0]['value']:,}"
    binding = binding_cap_rows(result)
    assert {r["年份"] for r in binding} == {c["period"] for c in result["caps"] if c["binding"]}
    lines = marginal_lines(result)
    assert len(lines) == len(result["explanations"]["marginal"])
    assert all("提高 10 亿元" in line for line in lines)
    assert infeasible_lines(result) == []


def test_an_infeasible_run_lists_the_conflicting_conditions(workspace: Workspace) -> None:
    result = workspace.run_scenario(
        'name = "不可能"\nas_of = 2021\n[cuts]\n2023 = "30%"\n2024 = "30%"\n', store=False
    )
    assert result["status"] == "infeasible"
    lines = infeasible_lines(result)
    assert lines and all(" / " not in line for line in lines)
    assert status_text(result).startswith("无法满足")
    assert not any(line.startswith("部分检查超时") for line in lines)  # proven minimal
    unproven = {"explanations": {"infeasible": {"members": ["a / b"], "minimal": False}}}
    assert infeasible_lines(unproven) == [
        "a",
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
        error=None,
        log=(),
    )
    assert (
        job_text(status) == "甲：求解中（第 1/2 层目标：加权延期（年）），已用 3.0 秒 / 时限 10 秒"
    )
    assert stage_text("explaining: raising") == "计算追加资金的边际效果"


def test_a_reason_names_a_full_concurrency_limit_and_a_late_predecessor() -> None:
    from ui.scenario_views import delay_reason

    explanation = {
        "funded": True,
        "delay_years": 2,
        "stretch_years": 0,
        "full_caps": [],
        "full_limits": [{"kind": "region", "key": "晋江市", "period": 2023}],
        "late_predecessors": ["一期 → 二期"],
    }
    assert delay_reason(explanation) == (
        "推迟2年：2023年晋江市同时在建项目已达上限；前序项目完成较晚：一期 → 二期"
    )


def test_a_quarterly_runs_caps_show_their_periods() -> None:
    from ui.scenario_views import binding_cap_rows, delay_reason

    caps = [
        {"kind": "total", "key": "", "period": "2023Q2", "cap": 10, "used": 10, "binding": True},
        {"kind": "total", "key": "", "period": "2023", "cap": 90, "used": 90, "binding": True},
        {
            "kind": "region",
            "key": "晋江市",
            "period": "2024-05",
            "cap": 5,
            "used": 5,
            "binding": True,
        },
        {"kind": "total", "key": "", "period": "2025", "cap": 9, "used": 1, "binding": False},
    ]
    rows = binding_cap_rows({"caps": caps})
    assert [row["年份"] for row in rows] == ["2023", "2023Q2", "2024-05"]
    explanation = {
        "funded": True,
        "delay_years": 1,
        "stretch_years": 0,
        "full_caps": caps[:1],
        "full_limits": [],
        "late_predecessors": [],
    }
    assert "2023年第2季度总额上限" in delay_reason(explanation)


def test_a_monthly_runs_delay_is_in_months_and_its_completion_a_month() -> None:
    from ui.scenario_views import objective_rows

    result = {
        "periods": "month",
        "objectives": [
            {"name": "delay", "value": 144, "bound": 144, "gap": 0, "status": "optimal"},
            {
                "name": "completion",
                "value": 24395,
                "bound": 24390,
                "gap": 5,
                "status": "feasible",
                "value_period": "2032-12",
                "bound_period": "2032-07",
            },
        ],
    }
    delay, completion = objective_rows(result)
    assert (delay["目标"], delay["结果"]) == ("加权延期（月）", "144")
    assert (completion["结果"], completion["界"]) == ("2032-12", "2032-07")


def test_a_monthly_runs_marginal_values_count_the_delay_in_months() -> None:
    result = {
        "periods": "month",
        "objectives": [{"name": "delay"}],
        "explanations": {
            "marginal": [
                {
                    "cap": {"kind": "total", "key": "", "period": "2023-06"},
                    "step": 100_000,
                    "asked": False,
                    "change": [-7],
                }
            ]
        },
    }
    assert marginal_lines(result) == ["2023年6月总额上限提高 10 亿元：加权延期（月） -7"]


def test_a_quarterly_runs_delays_are_counted_and_shown_in_quarters() -> None:
    from ui.scenario_views import delay_columns, delay_reason

    project = {
        "id": 7,
        "name": "某实验室",
        "planned_start_year": 2023,
        "planned_end_year": 2024,
        "funded": True,
        "start_year": 2023,
        "end_year": 2025,
        "start_period": "2023Q2",
        "end_period": "2025Q1",
        "delay_years": 1,  # one quarter, rounded up to a whole year
        "stretch_years": 0,
        "delay_periods": 1,
        "stretch_periods": 0,
    }
    on_time = project | {"id": 8, "delay_years": 0, "delay_periods": 0, "end_period": "2024Q4"}
    explanation = {
        "project_id": 7,
        "funded": True,
        "delay_years": 1,
        "stretch_years": 0,
        "delay_periods": 1,
        "stretch_periods": 0,
        "full_caps": [
            {"kind": "total", "key": "", "period": "2023Q1", "cap": 10, "used": 10},
        ],
        "full_limits": [],
        "late_predecessors": [],
    }
    result = {
        "periods": "quarter",
        "projects": [project, on_time],
        "explanations": {"delays": [explanation]},
    }
    assert delay_columns(result) == ["项目名称", "计划年限", "安排时段", "延期（季度）", "原因"]
    (row,) = delay_rows(result)
    assert (row["安排时段"], row["延期（季度）"]) == ("2023Q2-2025Q1", 1)
    assert row["原因"].startswith("推迟1个季度：原计划时段中已满的上限：2023年第1季度总额上限")
    assert delay_reason(explanation | {"stretch_periods": 3}, "month") == (
        "推迟1个月，延长3个月：原计划时段中已满的上限：2023年第1季度总额上限（上限 0.001 亿元，"
        "已安排 0.001 亿元）"
    )
    assert delay_columns({"projects": []})[3] == "延期（年）"
