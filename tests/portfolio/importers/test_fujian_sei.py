"""Tests of the parser of Fujian's strategic-emerging-industries plan (表1 indicators)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio.importers import fujian_sei
from portfolio.importers.fujian_sei import parse_fujian_sei
from portfolio.importers.tab_rows import LayoutError, compact, read_lines
from portfolio.records import IndicatorRow, IndicatorTable, ParsedPlan, PlanLevel

SOURCE = Path(__file__).resolve().parents[3] / "data" / "sources" / "fujian-sei-14fyp.txt"


@pytest.fixture(scope="module")
def plan() -> ParsedPlan:
    return parse_fujian_sei(SOURCE)


@pytest.fixture(scope="module")
def table(plan: ParsedPlan) -> IndicatorTable:
    (only,) = plan.indicator_tables
    return only


def values(row: IndicatorRow) -> list[tuple[int, str]]:
    return [(t.year, t.value_raw) for t in row.targets]


def test_plan_metadata(plan: ParsedPlan) -> None:
    assert plan.key == "fujian-sei-14fyp"
    assert plan.title == "福建省“十四五”战略性新兴产业发展专项规划"
    assert plan.issuer == "福建省人民政府办公厅"
    assert plan.doc_number == "闽政办〔2021〕60号"
    assert plan.level is PlanLevel.PROVINCE
    assert plan.region == "福建省"
    assert (plan.period_start, plan.period_end) == (2021, 2025)


def test_table_and_its_note(plan: ParsedPlan, table: IndicatorTable) -> None:
    assert table.key == "表1"
    assert table.title == "福建省“十四五”战略性新兴产业发展主要指标"
    assert (table.source.line_start, table.source.line_end) == (323, 325)
    assert plan.notes == (
        "表1 注：省级以上工程技术研究中心 534个（含国家级 7个），国家正在开展优化整合，"
        "该数据不列为发展目标。",
    )


def test_twelve_indicators_in_three_categories(table: IndicatorTable) -> None:
    assert [r.seq for r in table.rows] == [str(n) for n in range(1, 13)]
    assert [r.category for r in table.rows] == (
        ["产业结构"] * 3 + ["创新能力"] * 5 + ["产业集群"] * 4
    )
    assert all(r.attribute == "预期性" for r in table.rows)
    assert all([t.year for t in r.targets] == [2020, 2025] for r in table.rows)


def test_rows_trace_to_their_lines(table: IndicatorTable) -> None:
    lines = read_lines(SOURCE)
    for indicator in table.rows:
        source = indicator.source
        assert source.raw_text == "\n".join(lines[source.line_start - 1 : source.line_end])
        assert source.raw_text.lstrip().startswith(indicator.seq)
        assert source.raw_text.rstrip().endswith(indicator.attribute)
        assert indicator.name in compact(source.raw_text)


def test_single_line_row(table: IndicatorTable) -> None:
    first = table.rows[0]
    assert (first.name, first.unit) == ("战略性新兴产业增加值", "亿元")
    assert values(first) == [(2020, "＞6000"), (2025, "10000")]
    assert (first.source.line_start, first.source.line_end) == (331, 331)
    last = table.rows[-1]
    assert (last.name, last.unit) == ("国家级高新技术企业", "家")
    assert values(last) == [(2020, "6400"), (2025, "8000")]


def test_wrapped_name(table: IndicatorTable) -> None:
    growth = table.rows[1]
    assert (growth.name, growth.unit) == ("战略性新兴产业增加值年均增速", "%")
    assert values(growth) == [(2020, "--"), (2025, "10.2")]
    assert (growth.source.line_start, growth.source.line_end) == (333, 337)
    clusters = table.rows[8]
    assert (clusters.name, clusters.unit) == ("省级以上战略性新兴产业集群", "个")
    assert values(clusters) == [(2020, "4"), (2025, "＞20")]


def test_wrapped_name_unit_on_its_own_line_and_wrapped_value(table: IndicatorTable) -> None:
    patents = table.rows[4]
    assert patents.name == "每万人口高价值发明专利拥有量"
    assert patents.unit == "件"
    assert values(patents) == [(2020, "4.19"), (2025, "力争达到 10.2")]
    assert (patents.source.line_start, patents.source.line_end) == (355, 364)


def test_row_that_does_not_fit_the_layout_is_refused(tmp_path: Path) -> None:
    text = (
        "福建省人民政府办公厅文件\n《某规划》已经省政府研究同意\n规划期限为 2021—2025 年。\n"
        "表 1 主要指标\n类别 序号 指标名称 单位 2020 年 2025 年 指标属性\n"
        "产业\n1 某指标 亿元 5 预期性\n"
    )
    source = tmp_path / "plan.txt"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(LayoutError):
        fujian_sei.parse_fujian_sei(source)
    source.write_text(text.replace("亿元 5 预期性", "亿元 5 6 预期性"), encoding="utf-8")
    (row,) = fujian_sei.parse_fujian_sei(source).indicator_tables[0].rows
    assert (row.category, row.name, row.unit) == ("产业", "某指标", "亿元")
    assert values(row) == [(2020, "5"), (2025, "6")]
