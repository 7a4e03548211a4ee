"""The Gantt page's pure functions, on the bundled plans, a scenario run, and small hand-made
schedules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import flask
import pytest

from portfolio.actuals import ActualStatus
from portfolio.exports.model import NotScheduledLine, ScheduleExport, ScheduleRow
from portfolio.formatting import yi_text
from portfolio.progress import ActualSpan
from portfolio.services.exports import schedule_export
from portfolio.services.queries import ProjectFilter
from portfolio.services.workspace import Workspace
from ui.pages.gantt.views import (
    ACTIVE_META,
    ACTUAL_META,
    GHOST_META,
    SCHEDULE_META,
    active_per_year,
    bar_hover,
    gantt_bars,
    gantt_figure,
    selected_rows,
    unscheduled_lines,
    year_span,
)

CUT = Path(__file__).resolve().parents[4] / "data" / "scenarios" / "cut-2023.toml"


@pytest.fixture(scope="module")
def workspace(loaded_url: str) -> Iterator[Workspace]:
    workspace = Workspace(loaded_url)
    workspace.run_scenario(CUT.read_text(encoding="utf-8"), "cut")
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def plan(workspace: Workspace) -> ScheduleExport:
    return schedule_export(workspace)


@pytest.fixture(scope="module")
def cut(workspace: Workspace) -> ScheduleExport:
    return schedule_export(workspace, "2023年压减20%")


def _row(
    project_id: int,
    name: str,
    spend: dict[str, dict[int, int]],
    *,
    planned: tuple[int, int] = (2021, 2023),
    scheduled: tuple[int, int] | None = None,
    units: tuple[str, ...] = ("甲单位",),
    table: str = "附件1",
) -> ScheduleRow:
    start, end = scheduled or planned
    per_year: dict[int, int] = {}
    for part in spend.values():
        for year, amount in part.items():
            per_year[year] = per_year.get(year, 0) + amount
    return ScheduleRow(
        project_id=project_id,
        plan="p",
        table=table,
        seq=str(project_id),
        name=name,
        units=units,
        places="、".join(spend),
        total_wan=sum(per_year.values()),
        planned_start=planned[0],
        planned_end=planned[1],
        funded=True,
        start=start,
        end=end,
        delay_years=start - planned[0],
        stretch_years=0,
        spend=per_year,
        county_spend=spend,
        city_spend={},
    )


def _export(*rows: ScheduleRow) -> ScheduleExport:
    return ScheduleExport(
        scenario="s",
        run_id=1,
        status="optimal",
        as_of=2021,
        horizon=(2020, 2028),
        objectives=(),
        caps=(),
        rows=rows,
        changes=(),
        not_scheduled=(NotScheduledLine(9, "无金额项目", "p", "表5", "total investment unknown"),),
        findings=(),
        parameters="",
        made_at=dt.datetime(2026, 1, 1),
        database="sqlite://",
        city_of={"晋江市": "泉州市", "石狮市": "泉州市", "思明区": "厦门市"},
    )


SMALL = _export(
    _row(1, "甲", {"晋江市": {2021: 500, 2022: 500}, "石狮市": {2021: 250, 2022: 250}}),
    _row(2, "乙", {"晋江市": {2024: 100, 2025: 100}}, planned=(2022, 2023), scheduled=(2024, 2025)),
    _row(3, "甲", {"晋江市": {2022: 30}}, planned=(2022, 2022), table="附件2"),
    _row(4, "丙", {"思明区": {2021: 10, 2022: 10}}),
)


def test_a_county_gives_only_its_projects(workspace: Workspace, plan: ScheduleExport) -> None:
    bars = gantt_bars(plan, county="晋江市")
    assert bars and {bar.group for bar in bars} == {"晋江市"}
    listed = {view.id for view in workspace.projects(ProjectFilter(county="晋江市"))}
    left_out = {line.project_id for line in plan.not_scheduled}
    # Every listed project of the county has a bar unless the schedule leaves it out.
    assert {bar.project_id for bar in bars} == listed - left_out
    assert len(bars) == len({bar.project_id for bar in bars})
    # One county: the labels are the projects' names, in document order.
    assert [bar.label for bar in bars] == [
        row.name for row in plan.rows if "晋江市" in row.county_spend
    ]


def test_unscheduled_projects_of_a_county_say_why(
    workspace: Workspace, plan: ScheduleExport
) -> None:
    views = workspace.projects(ProjectFilter(county="晋江市"))
    lines = unscheduled_lines(plan, (view.id for view in views))
    missing = {v.name for v in views} - {bar.name for bar in gantt_bars(plan, county="晋江市")}
    assert len(lines) == len(views) - len(gantt_bars(plan, county="晋江市"))
    assert all(any(line.startswith(name) for line in lines) for name in missing)


def test_a_city_groups_its_places(plan: ScheduleExport) -> None:
    bars = gantt_bars(plan, city="泉州市")
    groups = list(dict.fromkeys(bar.group for bar in bars))
    assert groups == sorted(groups) and len(groups) > 1
    assert all(plan.city_of.get(bar.group, bar.group) == "泉州市" for bar in bars)
    assert len({bar.label for bar in bars}) == len(bars)  # unique y-axis labels
    assert all(bar.label.startswith(f"{bar.group}｜") for bar in bars)


def test_all_places_list_a_project_once_per_place(plan: ScheduleExport) -> None:
    bars = gantt_bars(plan)
    assert len(bars) == sum(len(row.county_spend) for row in plan.rows)
    several = [row for row in plan.rows if len(row.county_spend) > 1]
    assert several
    for row in several:
        mine = [bar for bar in bars if bar.project_id == row.project_id]
        assert {bar.group for bar in mine} == set(row.county_spend)
        # The places' shares add up to the project's scheduled spend: its total in the plan.
        assert sum(bar.part_wan for bar in mine) == sum(row.spend.values()) == row.total_wan


def test_shares_show_in_the_hover() -> None:
    bars = gantt_bars(SMALL, county="石狮市")
    (bar,) = bars
    assert (bar.part_wan, bar.total_wan) == (500, 1500)
    hover = bar_hover(bar)
    assert f"总投资 {yi_text(1500)} 亿元" in hover and f"石狮市 {yi_text(500)} 亿元" in hover
    assert "甲单位" in hover and "原计划 2021-2023" in hover


def test_a_name_twice_in_a_place_gets_distinct_labels() -> None:
    labels = [bar.label for bar in gantt_bars(SMALL, county="晋江市")]
    assert labels == ["甲（附件1 序号1）", "乙", "甲（附件2 序号3）"]


def test_a_delayed_project_starts_later_than_its_ghost(cut: ScheduleExport) -> None:
    delayed = [row for row in cut.rows if row.delay_years > 0]
    assert delayed, "the 2023 cut delays some projects"
    bars = gantt_bars(cut)
    figure = gantt_figure(bars, active_per_year(cut.rows, cut.years))
    ghost = next(t for t in figure.data if t.meta == GHOST_META)
    ghost_base = dict(zip(ghost.y, ghost.base, strict=True))
    solid_base = {
        label: base
        for trace in figure.data
        if trace.meta == SCHEDULE_META
        for label, base in zip(trace.y, trace.base, strict=True)
    }
    for row in delayed:
        # A project that started in history keeps its start: what remains of it moved.
        for bar in (b for b in bars if b.project_id == row.project_id):
            if bar.planned_start < cut.as_of:
                continue
            assert bar.start is not None and bar.start > bar.planned_start
            assert solid_base[bar.label] == bar.start == ghost_base[bar.label] + row.delay_years
            assert f"推迟 {row.delay_years} 年" in bar_hover(bar)


def test_bars_are_coloured_by_table(plan: ScheduleExport) -> None:
    bars = gantt_bars(plan, city="泉州市")
    figure = gantt_figure(bars, {})
    solid = [t for t in figure.data if t.meta == SCHEDULE_META]
    assert {t.name for t in solid} == {bar.table for bar in bars}
    assert len({t.marker.color for t in solid}) == len(solid)
    assert sum(len(t.y) for t in solid) == len(bars)


def test_active_per_year_equals_a_direct_count(cut: ScheduleExport) -> None:
    rows = selected_rows(cut, county="晋江市")
    counted = active_per_year(rows, cut.years)
    bars = gantt_bars(cut, county="晋江市")
    for year in cut.years:
        direct = {
            bar.project_id
            for bar in bars
            if bar.funded and bar.start is not None and bar.end is not None
            if bar.start <= year <= bar.end
        }
        assert counted[year] == len(direct)
    assert max(counted.values()) > 1
    strip = next(t for t in gantt_figure(bars, counted).data if t.meta == ACTIVE_META)
    assert list(strip.y) == [counted[year] for year in sorted(counted)]


def test_a_city_counts_a_project_once_per_year() -> None:
    rows = selected_rows(SMALL, city="泉州市")
    assert [row.project_id for row in rows] == [1, 2, 3]
    assert active_per_year(rows, range(2021, 2026)) == {
        2021: 1,
        2022: 2,
        2023: 1,
        2024: 1,
        2025: 1,
    }


ENGLISH = "/gantt?lang=en"


def test_in_english_the_hover_and_chart_are_english_and_the_data_chinese() -> None:
    (bar,) = gantt_bars(SMALL, county="石狮市")
    chinese = bar_hover(bar)  # outside a request: Chinese
    with flask.Flask(__name__).test_request_context(ENGLISH):
        hover = bar_hover(bar)
        figure = gantt_figure(gantt_bars(SMALL, county="晋江市"), {2021: 1, 2022: 2})
        labels = [bar.label for bar in gantt_bars(SMALL, county="晋江市")]
    assert "总投资" in chinese and "Total investment" not in chinese
    assert f"Total investment {yi_text(1500)} (100M CNY); in 石狮市 {yi_text(500)}" in hover
    assert "Units: 甲单位" in hover and "Planned 2021-2023; scheduled 2021-2023" in hover
    assert "<b>甲</b>" in hover and "附件1" in hover
    assert labels == ["甲 (附件1 No. 1)", "乙", "甲 (附件2 No. 3)"]
    (ghost,) = [trace for trace in figure.data if trace.meta == GHOST_META]
    (strip,) = [trace for trace in figure.data if trace.meta == ACTIVE_META]
    assert ghost.name == "Planned" and strip.name == "Projects running"
    assert strip.hovertemplate == "%{customdata}: %{y} projects running<extra></extra>"
    assert figure.layout.yaxis2.title.text == "Running"
    delayed = next(b for b in gantt_bars(SMALL, county="晋江市") if b.delay_years)
    with flask.Flask(__name__).test_request_context(ENGLISH):
        assert "(delayed 2 year(s))" in bar_hover(delayed)


def test_in_english_the_reasons_are_english() -> None:
    with flask.Flask(__name__).test_request_context(ENGLISH):
        lines = unscheduled_lines(SMALL, [9])
    assert lines == ["无金额项目 (表5): Total investment unknown"]
    assert unscheduled_lines(SMALL, [9]) == ["无金额项目（表5）：总投资未知"]


def test_a_quarterly_runs_hover_gives_its_delay_in_quarters(workspace: Workspace) -> None:
    text = (CUT.parent / "cut-2023-quarterly.toml").read_text(encoding="utf-8")
    result = workspace.run_scenario(text, "cut-2023-quarterly.toml")
    export = schedule_export(workspace, result.scenario)
    assert export.periods == "quarter"
    by_id = {p.id: p for p in result.projects}
    delayed = [row for row in export.rows if row.delay_periods]
    assert delayed, "the quarterly cut delays some projects"
    for row in delayed:
        assert row.delay_periods == by_id[row.project_id].delay_periods
        for bar in (b for b in gantt_bars(export) if b.project_id == row.project_id):
            hover = bar_hover(bar)
            assert f"推迟 {row.delay_periods} 个季度" in hover and "年）" not in hover
    yearly = schedule_export(workspace, "2023年压减20%")
    assert yearly.periods == "year" and all(r.delay_periods is None for r in yearly.rows)


def test_actual_bars_lie_under_the_planned_ones_where_reported() -> None:
    spans = {
        1: ActualSpan(2021, 2023, ActualStatus.COMPLETED, 1600, dt.date(2025, 12, 31)),
        2: ActualSpan(2026, 2026, None, 40, dt.date(2026, 6, 30)),
    }
    bars = gantt_bars(SMALL, county="晋江市", actuals=spans)
    assert {bar.project_id: bar.actual for bar in bars if bar.actual} == spans
    figure = gantt_figure(bars, {})
    actual = [trace for trace in figure.data if trace.meta == ACTUAL_META]
    assert [trace.name for trace in actual] == ["实际：已完工", "实际"]
    drawn = {trace.y[0]: (trace.base[0], trace.x[0]) for trace in actual}
    assert drawn == {"甲（附件1 序号1）": (2021, 3), "乙": (2026, 1)}
    # A bar reaching past the planned and scheduled years widens the axis.
    assert year_span(bars) == (2021, 2026)
    hover = bar_hover(next(bar for bar in bars if bar.project_id == 1))
    assert "实际 2021-2023（已完工）；实际完成 0.16 亿元，报告至 2025-12-31" in hover


def test_without_reports_the_chart_draws_no_actual_bar() -> None:
    bars = gantt_bars(SMALL, county="晋江市")
    assert all(bar.actual is None for bar in bars)
    assert not [t for t in gantt_figure(bars, {}).data if t.meta == ACTUAL_META]
    assert year_span(bars) == (2021, 2025)
