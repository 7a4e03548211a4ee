"""Tests of the Quanzhou plan parser against the bundled document."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from portfolio.cells import CellError
from portfolio.importers.cell_lines import LayoutError
from portfolio.importers.quanzhou import DOCUMENT, parse_quanzhou
from portfolio.records import (
    IndicatorRow,
    IndicatorTable,
    InstituteRow,
    ParsedPlan,
    PlanLevel,
    ProjectRow,
    ProjectTable,
    SourceRef,
)

SOURCE = Path(__file__).resolve().parents[3] / "data" / "sources" / DOCUMENT


@pytest.fixture(scope="module")
def plan() -> ParsedPlan:
    return parse_quanzhou(SOURCE)


@pytest.fixture(scope="module")
def source_lines() -> list[str]:
    return SOURCE.read_text(encoding="utf-8").splitlines()


def _projects(plan: ParsedPlan, key: str) -> ProjectTable:
    (table,) = [table for table in plan.project_tables if table.key == key]
    return table


def _indicators(plan: ParsedPlan, key: str) -> IndicatorTable:
    (table,) = [table for table in plan.indicator_tables if table.key == key]
    return table


def _targets(row: IndicatorRow) -> dict[int, str]:
    return {target.year: target.value_raw for target in row.targets}


def test_plan_identity(plan: ParsedPlan) -> None:
    assert plan.key == "quanzhou-st-14fyp"
    assert plan.title == "泉州市“十四五”科技创新发展专项规划"
    assert plan.issuer == "泉州市人民政府"
    assert plan.level is PlanLevel.CITY
    assert plan.region == "泉州市"
    assert (plan.period_start, plan.period_end) == (2021, 2025)
    assert plan.document == "quanzhou-st-14fyp.txt"
    assert [table.key for table in plan.project_tables] == ["附件1", "附件2", "附件3"]
    assert [table.key for table in plan.institute_tables] == ["附件4"]
    assert [table.key for table in plan.indicator_tables] == ["表1", "附件5"]


@pytest.mark.parametrize(
    ("key", "title", "count", "total_wan"),
    [
        ("附件1", "“十四五”期间泉州市科技创新重大项目（基地平台类）", 42, 19_159_100),
        ("附件2", "“十四五”期间泉州市科技创新重大项目（科技服务类）", 12, 140_200),
        ("附件3", "“十四五”期间泉州市科技创新重大项目（技术创新类）", 48, 3_991_330),
    ],
)
def test_project_table_counts_and_totals(
    plan: ParsedPlan, key: str, title: str, count: int, total_wan: int
) -> None:
    table = _projects(plan, key)
    assert table.title == title
    assert table.has_money
    assert len(table.rows) == count
    assert [row.seq for row in table.rows] == [str(n) for n in range(1, count + 1)]
    assert all(row.investment_wan is not None for row in table.rows)
    assert sum(row.investment_wan or 0 for row in table.rows) == total_wan


def test_project_table_sources_cover_caption_and_wrapped_header(plan: ParsedPlan) -> None:
    assert _projects(plan, "附件1").source.line_start == 554
    assert _projects(plan, "附件1").source.line_end == 565  # "（市、区）" wraps the header
    header = _projects(plan, "附件3").source
    assert (header.line_start, header.line_end) == (1017, 1029)
    assert header.raw_text.startswith("附件 3 \n\n“十四五”期间泉州市科技创新重大项目（技术创新类）")
    assert header.raw_text.endswith("\t所在\n\n县（市、区）")


def _ref(start: int, end: int, lines: list[str]) -> SourceRef:
    return SourceRef(DOCUMENT, start, end, "\n".join(lines[start - 1 : end]))


@pytest.mark.parametrize(
    ("key", "index", "expected"),
    [
        (
            "附件1",
            0,
            dict(
                seq="1",
                name="汉威卫生用品智能制造协同创新中心",
                investment_raw="2",
                investment_wan=20_000,
                years_raw="2021－2023",
                start_year=2021,
                end_year=2023,
                units_raw="泉州市汉威机械制造有限公司",
                places_raw="鲤城区",
                lines=(567, 573),
            ),
        ),
        (  # two blank lines between the name and the content, inside the row
            "附件1",
            14,
            dict(
                seq="15",
                name="清研泉州先进制造产业研究院",
                investment_raw="2",
                investment_wan=20_000,
                years_raw="2022－2027",
                start_year=2022,
                end_year=2027,
                units_raw="洛江区人民政府、清研集团",
                places_raw="洛江区",
                lines=(679, 687),
            ),
        ),
        (  # the units cell continues on an unindented line after a blank line
            "附件1",
            36,
            dict(
                seq="37",
                name="新型数字显示产业基地项目",
                investment_raw="40",
                investment_wan=400_000,
                years_raw="2020－2025",
                start_year=2020,
                end_year=2025,
                units_raw="北京科复时代科技有限公司、京东云计算有限公司",
                places_raw="泉州开发区",
                lines=(857, 865),
            ),
        ),
        (
            "附件1",
            41,
            dict(
                seq="42",
                name="泉州干细胞及再生医学研究院",
                investment_raw="5",
                investment_wan=50_000,
                years_raw="2019－2023",
                start_year=2019,
                end_year=2023,
                units_raw="康德（泉州）国际再生医学科技有限公司",
                places_raw="泉州台商投资区",
                lines=(899, 905),
            ),
        ),
        (
            "附件2",
            0,
            dict(
                seq="1",
                name="国家技术转移东部中心泉州分中心建设",
                investment_raw="1",
                investment_wan=10_000,
                years_raw="2022－2027",
                start_year=2022,
                end_year=2027,
                units_raw="泉州市科技局、鲤城区人民政府",
                places_raw="鲤城区",
                lines=(920, 926),
            ),
        ),
        (  # the amount is written "0.22 " with a trailing space
            "附件2",
            6,
            dict(
                seq="7",
                name="泉州知创园实验室",
                investment_raw="0.22",
                investment_wan=2_200,
                years_raw="2021－2025",
                start_year=2021,
                end_year=2025,
                units_raw="硬创空间（泉州）科技有限公司",
                places_raw="丰泽区",
                lines=(968, 974),
            ),
        ),
        (
            "附件2",
            11,
            dict(
                seq="12",
                name="安溪·中关村信息谷创新中心项目",
                investment_raw="1",
                investment_wan=10_000,
                years_raw="2021－2025",
                start_year=2021,
                end_year=2025,
                units_raw="北京中关村信息谷资产管理有限责任公司",
                places_raw="安溪县",
                lines=(1008, 1014),
            ),
        ),
        (
            "附件3",
            0,
            dict(
                seq="1",
                name="毫米电子生产线项目",
                investment_raw="5",
                investment_wan=50_000,
                years_raw="2018－2025",
                start_year=2018,
                end_year=2025,
                units_raw="福建毫米电子有限公司",
                places_raw="鲤城区",
                lines=(1031, 1037),
            ),
        ),
        (  # three decimals of 亿元: 1,330 万元 exactly
            "附件3",
            2,
            dict(
                seq="3",
                name="数字在线式多油样自动测试系统的设计及其关键石化检测技术的研发",
                investment_raw="0.133",
                investment_wan=1_330,
                years_raw="2020－2022",
                start_year=2020,
                end_year=2022,
                units_raw="泉州市全通光电科技有限公司",
                places_raw="鲤城区",
                lines=(1047, 1053),
            ),
        ),
        (  # an ASCII hyphen where the other rows have a full-width dash
            "附件3",
            3,
            dict(
                seq="4",
                name="力同AES融合通信产业基地建设项目",
                investment_raw="3.5",
                investment_wan=35_000,
                years_raw="2021-2023",
                start_year=2021,
                end_year=2023,
                units_raw="泉州力同科技有限公司",
                places_raw="丰泽区",
                lines=(1055, 1061),
            ),
        ),
        (
            "附件3",
            47,
            dict(
                seq="48",
                name="福建省紫华陶纤研究院项目",
                investment_raw="3",
                investment_wan=30_000,
                years_raw="2021－2024",
                start_year=2021,
                end_year=2024,
                units_raw="福建立亚新材有限公司",
                places_raw="泉州台商投资区",
                lines=(1407, 1413),
            ),
        ),
    ],
)
def test_project_rows_field_by_field(
    plan: ParsedPlan, source_lines: list[str], key: str, index: int, expected: dict[str, object]
) -> None:
    row = _projects(plan, key).rows[index]
    fields = dict(expected)
    lines = fields.pop("lines")
    assert isinstance(lines, tuple)
    start, end = lines
    for name, value in fields.items():
        assert getattr(row, name) == value, name
    assert row.source == _ref(start, end, source_lines)
    assert row.extra == ()


def test_project_descriptions_are_whole(plan: ParsedPlan) -> None:
    first = _projects(plan, "附件1").rows[0]
    assert first.description == (
        "引进日本卧式五轴加工中心、立式加工中心、水切割设备，通过和宝洁深度合作，"
        "成立卫生用品智能制造技术创新中心，建设国内最大的一次性卫生用品高端智能装备生产基地。"
    )
    wrapped = _projects(plan, "附件1").rows[14]
    assert wrapped.description.startswith("依托清研智造集团，")
    assert wrapped.description.endswith("助力泉州打造全国先进制造业基地。")
    # Every row has a description and none swallowed a neighbouring cell.
    for table in plan.project_tables:
        for row in table.rows:
            assert row.description
            assert "\t" not in row.description
            # A shifted cell would put an amount or the years here.
            assert not row.description.replace(".", "").isdigit()
            assert row.description != row.years_raw


def _all_rows(plan: ParsedPlan) -> list[ProjectRow | InstituteRow | IndicatorRow]:
    rows: list[ProjectRow | InstituteRow | IndicatorRow] = []
    for projects in plan.project_tables:
        rows.extend(projects.rows)
    for institutes in plan.institute_tables:
        rows.extend(institutes.rows)
    for indicators in plan.indicator_tables:
        rows.extend(indicators.rows)
    return rows


def test_every_row_is_traced_to_lines_that_hold_it(
    plan: ParsedPlan, source_lines: list[str]
) -> None:
    rows = _all_rows(plan)
    assert len(rows) == 42 + 12 + 48 + 18 + 18 + 13
    for row in rows:
        ref = row.source
        assert ref.document == "quanzhou-st-14fyp.txt"
        assert 1 <= ref.line_start <= ref.line_end <= len(source_lines)
        held = source_lines[ref.line_start - 1 : ref.line_end]
        assert ref.raw_text == "\n".join(held)
        assert held[0] == f"\t{row.seq}", ref.line_start
        assert f"\t{row.name}" in held, row.name
        assert held[-1].strip(), "a row ends on a line with text"


def test_rows_follow_one_another_without_overlap(plan: ParsedPlan) -> None:
    tables: list[tuple[SourceRef, list[SourceRef]]] = [
        *((t.source, [row.source for row in t.rows]) for t in plan.project_tables),
        *((t.source, [row.source for row in t.rows]) for t in plan.institute_tables),
        *((t.source, [row.source for row in t.rows]) for t in plan.indicator_tables),
    ]
    assert len(tables) == 6
    for header, rows in tables:
        assert header.line_end < rows[0].line_start
        for before, after in itertools.pairwise(rows):
            assert before.line_end < after.line_start


def test_institutes(plan: ParsedPlan, source_lines: list[str]) -> None:
    (table,) = plan.institute_tables
    assert table.key == "附件4"
    assert table.title == "“十四五”期间现有18家大院大所工作推进计划及目标"
    assert len(table.rows) == 18
    assert [row.seq for row in table.rows] == [str(n) for n in range(1, 19)]
    assert sum(row.investment_wan or 0 for row in table.rows) == 564_000
    lab = table.rows[6]
    assert (lab.seq, lab.name) == ("7", "清源创新实验室")
    assert lab.work_focus.startswith("组织实施化工行业关键技术研发攻关")
    assert (lab.investment_raw, lab.investment_wan) == ("31.5", 315_000)
    assert (lab.enterprises_incubated, lab.enterprises_served, lab.results_transferred) == (
        20,
        100,
        50,
    )
    assert lab.places_raw == "泉港区"
    assert lab.source == _ref(1483, 1490, source_lines)
    last = table.rows[-1]
    assert (last.name, last.investment_wan, last.places_raw) == (
        "泉州华中科技大学智能制造研究院",
        20_000,
        "泉州开发区",
    )
    assert (last.enterprises_incubated, last.enterprises_served, last.results_transferred) == (
        9,
        260,
        30,
    )


def test_yearly_indicator_targets(plan: ParsedPlan, source_lines: list[str]) -> None:
    table = _indicators(plan, "附件5")
    assert table.title == "“十四五”期间泉州市科技创新指标年度目标值"
    assert len(table.rows) == 13
    assert [row.seq for row in table.rows] == [str(n) for n in range(1, 14)]
    for row in table.rows:
        assert [target.year for target in row.targets] == list(range(2020, 2026)), row.name
        assert row.note == ""
    share = table.rows[1]
    assert (share.name, share.unit) == ("R&D经费投入占地区生产总值比重", "%")
    assert _targets(share) == {
        2020: "1.4",
        2021: "1.54",
        2022: "1.72",
        2023: "1.92",
        2024: "2.14",
        2025: "2.4",
    }
    contribution = table.rows[6]
    assert (contribution.name, contribution.unit) == ("科技进步贡献率", "%")
    assert _targets(contribution)[2020] == "-"  # no base value, written as a dash
    assert _targets(contribution)[2025] == "60"
    last = table.rows[-1]
    assert (last.seq, last.name, last.unit) == ("13", "高层次人才团队", "个")
    assert _targets(last) == {
        2020: "39",
        2021: "49",
        2022: "62",
        2023: "75",
        2024: "88",
        2025: "100",
    }
    assert last.source == _ref(1726, 1734, source_lines)


def test_main_indicators(plan: ParsedPlan, source_lines: list[str]) -> None:
    table = _indicators(plan, "表1")
    assert table.title == "“十四五”时期泉州市科技创新主要指标"
    assert (table.source.line_start, table.source.line_end) == (66, 73)
    assert len(table.rows) == 18
    assert [row.seq for row in table.rows] == [str(n) for n in range(1, 19)]
    first = table.rows[0]  # the only row without the growth column
    assert (first.name, first.unit, first.note) == ("R&D经费投入年均增长", "%", "")
    assert _targets(first) == {2020: "17.4", 2025: "20以上"}
    assert first.source == _ref(75, 79, source_lines)
    second = table.rows[1]
    assert _targets(second) == {2020: "1.4", 2025: "2.4"}
    assert second.note == "[1]"
    digital = table.rows[7]  # both value cells are empty: no figures, only the increment
    assert digital.name == "数字经济核心产业增加值占地区生产总值比重"
    assert digital.targets == ()
    assert digital.note == "[3]"
    contribution = table.rows[10]
    assert (contribution.name, _targets(contribution), contribution.note) == (
        "科技进步贡献率",
        {2020: "-", 2025: "60"},
        "-",
    )
    last = table.rows[-1]
    assert last.name == "福厦泉国家自主创新示范区泉州片区（高新区）工业总产值"
    assert (last.unit, _targets(last), last.note) == (
        "亿元",
        {2020: "2430.65", 2025: "3000"},
        "[569.35]",
    )
    assert last.source == _ref(193, 198, source_lines)


def test_notes_flag_the_issuer_and_duplicate_names(plan: ParsedPlan) -> None:
    assert any("does not name its issuing body" in note for note in plan.notes)
    duplicates = [note for note in plan.notes if "stands in rows" in note]
    assert duplicates == ["附件3: “硅基光调制器及光收发芯片产业化项目” stands in rows 5, 8"]
    annex3 = _projects(plan, "附件3")
    assert (annex3.rows[4].investment_wan, annex3.rows[7].investment_wan) == (25_000, 12_000)


# Damaged copies of the document: the parser must refuse them and say where.


def _damaged(tmp_path: Path, source_lines: list[str], edit: dict[int, str | None]) -> Path:
    """A copy of the document with lines replaced (``None`` deletes the line)."""
    lines = [
        edit.get(number, line)
        for number, line in enumerate(source_lines, start=1)
        if not (number in edit and edit[number] is None)
    ]
    path = tmp_path / DOCUMENT
    path.write_text("\n".join(line for line in lines if line is not None) + "\n", "utf-8")
    return path


def test_missing_cell_is_refused_with_the_row_line(tmp_path: Path, source_lines: list[str]) -> None:
    assert source_lines[571 - 1] == "\t2021－2023"  # years of 附件1 row 1
    path = _damaged(tmp_path, source_lines, {571: None})
    with pytest.raises(LayoutError, match=r"^line 567: row 1 has \d+ cells, expected 7"):
        parse_quanzhou(path)


def test_unexpected_header_is_refused(tmp_path: Path, source_lines: list[str]) -> None:
    assert source_lines[915 - 1] == "\t总投资（亿元）"  # 附件2
    path = _damaged(tmp_path, source_lines, {915: "\t总投资（万元）"})
    with pytest.raises(LayoutError, match=r"^line 912: table header is"):
        parse_quanzhou(path)


def test_missing_annex_is_refused(tmp_path: Path, source_lines: list[str]) -> None:
    assert source_lines[1592 - 1].strip() == "附件 5"
    path = _damaged(tmp_path, source_lines, {1592: "附录"})
    with pytest.raises(LayoutError, match="expected tables"):
        parse_quanzhou(path)


def test_unreadable_amount_names_its_line(tmp_path: Path, source_lines: list[str]) -> None:
    assert source_lines[1050 - 1] == "\t0.133"
    path = _damaged(tmp_path, source_lines, {1050: "\t约0.133"})
    with pytest.raises(CellError, match=r"quanzhou-st-14fyp.txt line 1050: .*约0.133"):
        parse_quanzhou(path)


def test_out_of_order_row_number_is_refused(tmp_path: Path, source_lines: list[str]) -> None:
    assert source_lines[1616 - 1] == "\t2"  # 附件5 row 2
    path = _damaged(tmp_path, source_lines, {1616: "\t3"})
    with pytest.raises(LayoutError, match=r"^line 1616: 附件5: row numbered 3, expected 2"):
        parse_quanzhou(path)
