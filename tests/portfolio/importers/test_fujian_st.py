"""Tests of the parser of Fujian's provincial S&T plan and of the tab-row helpers it uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio.importers.fujian_st import parse_fujian_st
from portfolio.importers.tab_rows import (
    LayoutError,
    compact,
    header_key,
    read_lines,
    read_tab_table,
    split_cells,
)
from portfolio.records import ParsedPlan, PlanLevel, ProjectRow, ProjectTable

SOURCE = Path(__file__).resolve().parents[3] / "data" / "sources" / "fujian-st-14fyp.txt"


@pytest.fixture(scope="module")
def plan() -> ParsedPlan:
    return parse_fujian_st(SOURCE)


def table(plan: ParsedPlan, key: str) -> ProjectTable:
    return next(t for t in plan.project_tables if t.key == key)


def row(plan: ParsedPlan, key: str, seq: str) -> ProjectRow:
    return next(r for r in table(plan, key).rows if r.seq == seq)


def test_plan_metadata(plan: ParsedPlan) -> None:
    assert plan.key == "fujian-st-14fyp"
    assert plan.title == "福建省“十四五”科技创新发展专项规划"
    assert plan.issuer == "福建省人民政府办公厅"
    assert plan.doc_number == "闽政办〔2021〕58号"
    assert plan.level is PlanLevel.PROVINCE
    assert plan.region == "福建省"
    assert (plan.period_start, plan.period_end) == (2021, 2025)
    assert plan.document == "fujian-st-14fyp.txt"


def test_tables_found_and_not_their_contents_entries(plan: ParsedPlan) -> None:
    assert [t.key for t in plan.project_tables] == ["表1", "表2", "表3", "表4", "表5"]
    # The captions stand twice: in the contents (lines 63-67) and above the tables.
    assert [t.source.line_start for t in plan.project_tables] == [924, 940, 957, 1003, 1040]
    assert table(plan, "表3").title == "“十四五”期间新型研发机构建设规划表"


@pytest.mark.parametrize(
    ("key", "count", "unknown", "total_wan"),
    [
        ("表1", 8, 2, 1_580_000),  # 158 亿元
        ("表2", 9, 0, 1_248_500),  # 124.85 亿元
        ("表3", 28, 1, 1_150_000),  # 115 亿元
        ("表4", 21, 4, 3_690_700),  # 369.07 亿元
    ],
)
def test_money_tables(plan: ParsedPlan, key: str, count: int, unknown: int, total_wan: int) -> None:
    rows = table(plan, key).rows
    assert table(plan, key).has_money
    assert len(rows) == count
    assert [r.seq for r in rows] == [str(n) for n in range(1, count + 1)]
    assert sum(r.investment_wan is None for r in rows) == unknown
    assert all(r.investment_raw == "-" for r in rows if r.investment_wan is None)
    assert sum(r.investment_wan for r in rows if r.investment_wan is not None) == total_wan


def test_repeated_headers_are_skipped_not_counted(plan: ParsedPlan) -> None:
    lines = read_lines(SOURCE)
    header_lines = {
        n
        for n, line in enumerate(lines, 1)
        if split_cells(line) and header_key(split_cells(line)[0]) in {"序号", "领域"}
    }
    # Every page repeats the header, some with wrap spaces (计划完 成时间).
    assert len(header_lines) == 3 + 3 + 8 + 7 + 7 + 1  # 表1-5 with repeats, 专栏1
    assert "计划完 成时间" in lines[948 - 1]
    row_lines = {r.source.line_start for t in plan.project_tables for r in t.rows}
    assert not row_lines & header_lines
    assert not any(r.name in {"项目名称", "专项名称"} for t in plan.project_tables for r in t.rows)
    grid = read_tab_table(lines, 924, {940})
    assert grid.repeated_headers == (930, 935)


def test_every_row_traces_to_its_source_line(plan: ParsedPlan) -> None:
    lines = read_lines(SOURCE)
    for project_table in plan.project_tables:
        for project in project_table.rows:
            source = project.source
            assert source.document == "fujian-st-14fyp.txt"
            assert source.line_start == source.line_end
            assert source.raw_text == lines[source.line_start - 1]
            assert project.name in compact(source.raw_text)
            assert project.seq in split_cells(source.raw_text)


def test_first_row_is_wrapped_and_kept_raw(plan: ParsedPlan) -> None:
    first = row(plan, "表1", "1")
    assert first.name == "光电信息科学与技术创新实验室(闽都创新实验室)"
    assert first.units_raw == (
        "福州市政府、 中国科学院海 西创新研究院 (中国科学院 福建物质结构 研究所)、福州 大学"
    )
    assert first.description.startswith("布局战略性先进光电材料、新型照明与显示")
    assert "等7个高水平研发支撑平台" in first.description  # "等 7 个" lost its wrap spaces
    assert first.investment_raw == "27"
    assert first.investment_wan == 270_000
    assert first.years_raw == "2023 年"
    assert (first.start_year, first.end_year) == (None, 2023)
    assert first.places_raw == "福州市"
    assert first.extra == ()
    assert first.source.line_start == 927


def test_wrapped_name_and_units(plan: ParsedPlan) -> None:
    lab = row(plan, "表1", "4")
    assert lab.name == "能源器件科学与技术创新实验室(宁德时代创新实验室)"
    assert lab.units_raw == "宁德市政府、 宁德时代新 能源科技股 份有限公司"
    assert lab.investment_wan == 140_000
    institute = row(plan, "表3", "22")
    assert institute.name == "正道量子通讯技术实验室"
    assert institute.units_raw == "福建正道量子 科技有限公司 /中科院空天 信息创新 研究院"
    assert institute.investment_wan == 5_000  # 0.5 亿元
    assert institute.end_year == 2022


def test_unknown_money_row(plan: ParsedPlan) -> None:
    ocean = row(plan, "表1", "7")
    assert ocean.name == "海洋领域省创新实验室(策划)"
    assert ocean.investment_raw == "-"
    assert ocean.investment_wan is None
    assert ocean.years_raw == "2025年"
    assert ocean.end_year == 2025
    assert ocean.units_raw == "厦门市政府、 厦门大学"
    assert ocean.places_raw == "厦门市"


def test_row_without_money_or_place(plan: ParsedPlan) -> None:
    dongfang = row(plan, "表3", "28")
    assert dongfang.name == "东方电气福建创新研究院"
    assert dongfang.units_raw == "东方电气集团 有限公司、省内 高校、科研院所"
    assert dongfang.investment_raw == "-"
    assert dongfang.investment_wan is None
    assert dongfang.end_year == 2025
    assert dongfang.places_raw == "-"
    assert dongfang.source.line_start == 1001


def test_unknown_completion_year(plan: ParsedPlan) -> None:
    park = row(plan, "表4", "3")
    assert park.name == "中国东南大数据产业园"
    assert (park.investment_wan, park.years_raw) == (None, "-")
    assert (park.start_year, park.end_year) == (None, None)


def test_last_rows(plan: ParsedPlan) -> None:
    last_park = table(plan, "表4").rows[-1]
    assert last_park.seq == "21"
    assert last_park.name == "瑞谦智能运营中心"
    assert last_park.units_raw == "福建平潭瑞谦智能科技有限公司"
    assert last_park.investment_raw == "2.37"
    assert last_park.investment_wan == 23_700
    assert last_park.end_year == 2022
    assert last_park.places_raw == "平潭综合实验区"
    biggest = row(plan, "表2", "9")
    assert biggest.investment_wan == 827_500  # 82.75 亿元
    assert biggest.places_raw == "各有关 地市"


def test_special_projects_have_no_money_and_carry_their_field(plan: ParsedPlan) -> None:
    special = table(plan, "表5")
    assert not special.has_money
    assert len(special.rows) == 22
    assert [r.seq for r in special.rows] == [str(n) for n in range(1, 23)]
    assert all(r.investment_wan is None and r.investment_raw == "" for r in special.rows)
    assert all(r.end_year is None and r.units_raw == "" for r in special.rows)
    fields = [dict(r.extra)["领域"] for r in special.rows]
    assert fields == ["高新技术"] * 9 + ["现代农业"] * 5 + ["民生科技"] * 8
    first = special.rows[0]
    assert first.name == "集成电路、新型显示和5G通信关键技术"
    assert first.description.startswith("突破射频芯片、视频芯片")
    # Row 9 follows a page header and has an empty 领域 cell: carried from row 8.
    assert split_cells(row(plan, "表5", "9").source.raw_text)[0] == ""
    materials = row(plan, "表5", "7")
    assert "<p>" in materials.source.raw_text
    assert materials.description.startswith("研发新型照明")
    assert "<" not in materials.description
    last = special.rows[-1]
    assert last.name == "碳中和关键技术研究与示范"
    assert last.source.line_start == 1076
    assert last.description.endswith("开展气候变化影响和风险评估与适应基础技术研究。")


def test_funding_note_of_special_projects(plan: ParsedPlan) -> None:
    (note,) = plan.notes
    assert note.startswith("表5 备注：")
    assert "安排财政专项经费5亿元以上，带动承担单位研发投入30亿元以上" in note


def test_indicator_box(plan: ParsedPlan) -> None:
    (box,) = plan.indicator_tables
    assert box.key == "专栏1"
    assert box.title == "“十四五”时期科技创新发展主要指标"
    assert box.source.line_start == 115
    assert len(box.rows) == 11
    first = box.rows[0]
    assert (first.seq, first.name, first.unit) == ("1", "研发经费投入增长", "%")
    assert [(t.year, t.value_raw) for t in first.targets] == [(2020, "11.8"), (2025, "18 以上")]
    assert first.note == ""
    contracts = box.rows[8]
    assert (contracts.name, contracts.unit) == ("技术合同登记成交五年累计额", "亿元")
    assert [t.value_raw for t in contracts.targets] == ["649.74", "1000"]
    assert contracts.note == "[350.26]"
    digital = box.rows[7]
    assert [t.value_raw for t in digital.targets] == ["", ""]  # the document gives none
    assert digital.note == "[3]"
    assert box.rows[-1].name == "科技进步贡献率"


def test_compact_rule() -> None:
    assert (
        compact("福州市政府、 中国科学院海 西创新研究院") == "福州市政府、中国科学院海西创新研究院"
    )
    assert compact("生物制品科学 与技术创新实验室 (翔安创新实验室) (筹建)") == (
        "生物制品科学与技术创新实验室(翔安创新实验室)(筹建)"
    )
    assert (
        compact("开展激光投影显示、Mini/Micro LED 显示") == "开展激光投影显示、Mini/Micro LED显示"
    )
    assert compact("研发, 共建") == "研发,共建"


def test_row_lost_to_a_broken_line_is_noticed() -> None:
    header = "序号\t项目名称\t总投入 (亿元)"
    gap = ["表 1：x", header, "1\ta\t1", "2\tb\t1", "3\tc\t1"]
    assert len(read_tab_table(gap, 1, set()).rows) == 3
    with pytest.raises(LayoutError):
        read_tab_table(["表 1：x", header, "1\ta\t1", "3\tc\t1"], 1, set())
    with pytest.raises(LayoutError):  # row 2 broke over two lines
        read_tab_table(["表 1：x", header, "1\ta\t1", "2\tb", "\t1", "3\tc\t1"], 1, set())
