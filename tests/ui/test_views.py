"""The pages' pure functions, on the bundled portfolio and on small hand-made views."""

from __future__ import annotations

from dataclasses import replace

import pytest

from portfolio.formatting import yi_text
from portfolio.scenarios.outcome import Outcome
from portfolio.services.exports import NeverRunError, NoPlanError
from portfolio.services.queries import FindingView, ProjectView, TableSummary
from portfolio.services.scenarios import UnknownScenarioError
from portfolio.services.workspace import Workspace
from ui.views import (
    PROJECT_COLUMNS,
    county_from_search,
    county_options,
    finding_counts,
    matching,
    overview_totals,
    places_text,
    plan_table_rows,
    project_column_defs,
    project_detail,
    project_rows,
    scenario_problem,
    search_for_county,
    text_width_px,
    years_text,
)

PortfolioData = tuple[list[ProjectView], list[FindingView], list[TableSummary]]


@pytest.fixture(scope="module")
def portfolio(loaded_url: str) -> PortfolioData:
    workspace = Workspace(loaded_url)
    try:
        return workspace.projects(), workspace.findings(), workspace.table_summaries()
    finally:
        workspace.close()


def _view(**changes: object) -> ProjectView:
    base = ProjectView(
        id=1,
        plan="p",
        plan_title="",
        table="表1",
        table_title="",
        seq="1",
        name="示例项目",
        investment_wan=1330,
        start_year=2021,
        end_year=2025,
        start_year_inferred=False,
        units=("甲公司", "乙大学"),
        counties=("晋江市",),
        cities=("泉州市",),
        province_wide=False,
        linked_to=(),
        counted_in_totals=True,
        source_document="plan.md",
        source_sheet=None,
        source_line_start=10,
        source_line_end=10,
        source_text="| 1 | 示例项目 |",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_years_mark_an_inferred_start_and_unknown_years() -> None:
    assert years_text(_view()) == "2021-2025"
    assert years_text(_view(start_year_inferred=True)) == "2021*-2025"
    assert years_text(_view(start_year=None, end_year=None)) == "---"


def test_places_fall_back_to_cities_then_province() -> None:
    assert places_text(_view(counties=("晋江市", "石狮市"))) == "晋江市、石狮市"
    assert places_text(_view(counties=())) == "泉州市"
    assert places_text(_view(counties=(), cities=(), province_wide=True)) == "全省"
    assert places_text(_view(counties=(), cities=())) == "-"


def test_rows_show_exact_yi_and_keep_the_integer_for_sorting() -> None:
    (row,) = project_rows([_view(investment_wan=19159100)])
    assert row["investment"] == "1915.91"
    assert row["investment_wan"] == 19159100
    assert row["units"] == "甲公司、乙大学"
    (unknown,) = project_rows([_view(investment_wan=None)])
    assert unknown["investment"] == "-"
    assert unknown["investment_wan"] is None


def test_rows_show_the_stored_settings() -> None:
    from portfolio.project_settings import ProjectSettings

    rows = project_rows([_view(id=1), _view(id=2)], {2: ProjectSettings(locked=True, max_delay=1)})
    assert [row["settings"] for row in rows] == ["默认设置", "已开工锁定 · 最大延期 1 年"]


def test_rows_of_the_bundled_portfolio(portfolio: PortfolioData) -> None:
    projects, _, _ = portfolio
    rows = project_rows(projects)
    assert len(rows) == len(projects)
    assert len({row["id"] for row in rows}) == len(rows)
    fields = {field for field, _ in PROJECT_COLUMNS}
    assert fields <= set(rows[0])
    inferred = [r for r, v in zip(rows, projects, strict=True) if v.start_year_inferred]
    assert inferred, "the provincial tables give completion years only"
    assert all("*" in str(row["years"]) for row in inferred)
    for row, view in zip(rows, projects, strict=True):
        assert row["investment"] == yi_text(view.investment_wan)


@pytest.mark.parametrize("county", ["晋江市", "鲤城区", "福州高新区"])
def test_county_round_trips_through_the_query_string(county: str) -> None:
    search = search_for_county(county)
    assert search.startswith("?county=")
    assert county not in search  # percent-encoded, so the link survives being pasted
    assert county_from_search(search) == county


def test_search_words_ride_in_the_query_string_beside_the_county() -> None:
    search = search_for_county("晋江市", "  实验室 ")
    assert search == "?county=%E6%99%8B%E6%B1%9F%E5%B8%82&q=%E5%AE%9E%E9%AA%8C%E5%AE%A4"
    assert search_for_county(None, "实验室") == "?q=%E5%AE%9E%E9%AA%8C%E5%AE%A4"
    assert search_for_county(None, " ") == ""


def test_search_keeps_the_projects_holding_every_word(portfolio: PortfolioData) -> None:
    projects = portfolio[0]
    assert matching(projects, "") == projects
    labs = matching(projects, "实验室")
    assert labs and all("实验室" in v.name or any("实验室" in u for u in v.units) for v in labs)
    both = matching(projects, "实验室 泉州市")
    assert both and {v.id for v in both} <= {v.id for v in labs}
    assert all("泉州市" in " ".join((*v.counties, *v.cities, *v.units, v.name)) for v in both)
    # Full-width letters and case do not matter.
    hdt = matching(projects, "HDT")
    assert hdt and matching(projects, "ｈｄｔ") == hdt
    assert matching(projects, "没有这样的项目名称") == []


def test_no_county_in_the_query_string() -> None:
    assert search_for_county(None) == ""
    assert county_from_search("") is None
    assert county_from_search(None) is None
    assert county_from_search("?county=") is None
    assert county_from_search("?other=1") is None
    assert county_from_search("county=晋江市") == "晋江市"


def test_county_options_are_the_places_projects_stand_in(portfolio: PortfolioData) -> None:
    projects, _, _ = portfolio
    options = county_options(projects)
    assert "晋江市" in options
    assert options == sorted(set(options))
    assert set(options) == {c for v in projects for c in v.counties}


def test_consolidated_total_leaves_out_the_second_row_of_linked_projects(
    portfolio: PortfolioData,
) -> None:
    projects, findings, summaries = portfolio
    totals = overview_totals(projects, findings)
    second_rows = [v for v in projects if not v.counted_in_totals]
    assert second_rows, "the bundled plans link projects across plans"
    as_written = sum(s.investment_wan for s in summaries if s.has_money)
    assert totals.consolidated_wan == as_written - sum(v.investment_wan or 0 for v in second_rows)
    assert totals.rows == sum(s.projects for s in summaries)
    assert totals.projects == totals.rows - len(second_rows)
    assert totals.findings == len(findings)


def test_each_plan_closes_with_its_total(portfolio: PortfolioData) -> None:
    projects, _, summaries = portfolio
    rows = plan_table_rows(summaries, projects)
    plans = list(dict.fromkeys(s.plan for s in summaries))
    totals = [row for row in rows if row["table"] == "合计"]
    assert [row["plan"] for row in totals] == plans
    for total in totals:
        tables = [s for s in summaries if s.plan == total["plan"]]
        assert total["projects"] == str(sum(s.projects for s in tables))
        assert total["investment"] == yi_text(sum(s.investment_wan for s in tables if s.has_money))
    no_money = [row for row in rows if row["investment"] == "（无金额）"]
    assert len(no_money) == sum(1 for s in summaries if not s.has_money)
    linked = sum(int(row["linked"]) for row in rows if row["table"] != "合计")
    assert linked == sum(1 for v in projects if not v.counted_in_totals)


def test_finding_counts_cover_every_finding_most_frequent_first(
    portfolio: PortfolioData,
) -> None:
    _, findings, _ = portfolio
    counts = finding_counts(findings)
    assert sum(n for _, _, n in counts) == len(findings)
    assert [n for _, _, n in counts] == sorted((n for _, _, n in counts), reverse=True)
    assert len({kind for kind, _, _ in counts}) == len(counts)
    labels = dict((kind, label) for kind, label, _ in counts)
    assert labels["start_year_inferred"] == "起始年份为推定"


def test_detail_shows_the_source_and_only_its_own_findings(portfolio: PortfolioData) -> None:
    projects, findings, _ = portfolio
    with_findings = {f.project_id for f in findings if f.project_id is not None}
    view = next(v for v in projects if v.id in with_findings)
    detail = project_detail(view, findings)
    assert detail.source_text == view.source_text
    assert detail.source_document.startswith(view.source_document)
    assert detail.lines.split("-")[0] == str(view.source_line_start)
    own = [f for f in findings if f.project_id == view.id]
    assert [line.message for line in detail.findings] == [f.message for f in own]


def test_detail_line_range() -> None:
    assert project_detail(_view(), []).lines == "10"
    detail = project_detail(_view(source_line_end=12, source_sheet="附件1"), [])
    assert detail.lines == "10-12"
    assert detail.source_document == "plan.md（附件1）"
    assert detail.findings == ()


def test_why_a_scenario_cannot_be_shown_is_said_in_the_pages_language() -> None:
    no_plan = NoPlanError("the last run has no plan", "甲", Outcome.INFEASIBLE)
    assert scenario_problem(no_plan) == "“甲”最近一次运行没有方案（无法满足（条件互相冲突））"
    old = NoPlanError("stored in another format", "甲", None)
    assert scenario_problem(old) == "“甲”的运行以旧格式保存，请重新运行"
    assert scenario_problem(NeverRunError("never run", "乙")) == "情景“乙”尚未运行"
    assert scenario_problem(UnknownScenarioError("no such", "丙")) == "没有名为“丙”的情景"


def test_every_grid_column_has_its_header_and_key_columns_fit_their_longest_value() -> None:
    rows = [
        {"plan": "quanzhou-st-14fyp", "table": "附件1", "seq": "12"},
        {"plan": "fj", "table": "表3", "seq": "1"},
    ]
    headers = {field: f"«{header}»" for field, header in PROJECT_COLUMNS}
    defs = project_column_defs(rows, headers)
    assert [d["field"] for d in defs] == [field for field, _ in PROJECT_COLUMNS]
    assert all(d["headerName"] == headers[str(d["field"])] for d in defs)
    plan = next(d for d in defs if d["field"] == "plan")
    assert plan["suppressSizeToFit"] is True
    width = plan["width"]
    assert isinstance(width, int) and width == plan["minWidth"]
    assert width >= text_width_px("quanzhou-st-14fyp")
    # The investment header is not right-aligned: its text stays beside its filter icon.
    investment = next(d for d in defs if d["field"] == "investment")
    assert "type" not in investment and investment["cellClass"] == "ag-right-aligned-cell"


def test_text_width_counts_a_chinese_character_wider_than_a_latin_one() -> None:
    assert text_width_px("附件1") > text_width_px("abc") > 0
