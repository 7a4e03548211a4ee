"""Tests of the spreadsheet importer: xlsx and csv files built in a temporary directory."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from portfolio.errors import MAX_PROBLEMS, ImportFileError, Location, Problem
from portfolio.importers.headers import SYNONYMS, Field
from portfolio.importers.spreadsheet import (
    PlanMetadata,
    SpreadsheetImport,
    read_spreadsheet,
)
from portfolio.records import PlanLevel, ProjectRow

HEADER: list[str] = [
    "序号",
    "项目名称",
    "项目内容",
    "总投资（亿元）",
    "起始年限",
    "项目单位",
    "所在县（市、区）",
]
ROW: list[object] = [
    1,
    "清源创新实验室",
    "建设化学工程研发平台",
    31.5,
    "2019－2024",
    "泉州市政府、福州大学",
    "丰泽区",
]
MONEY_COLUMN = "总投资（亿元）"


def make_xlsx(
    path: Path,
    sheets: dict[str, Sequence[Sequence[object]]],
    merges: Sequence[tuple[str, str]] = (),
) -> Path:
    """Write a workbook with one sheet per entry; ``merges`` are (sheet, range) pairs."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    for name, cells in merges:
        workbook[name].merge_cells(cells)
    workbook.save(path)
    return path


def one_sheet(tmp_path: Path, rows: Sequence[Sequence[object]], name: str = "附件1") -> Path:
    return make_xlsx(tmp_path / "projects.xlsx", {name: rows})


def only_rows(result: SpreadsheetImport) -> tuple[ProjectRow, ...]:
    assert len(result.tables) == 1
    return result.tables[0].rows


def problems(path: Path, **options: object) -> list[Problem]:
    with pytest.raises(ImportFileError) as info:
        read_spreadsheet(path, **options)  # type: ignore[arg-type]
    return list(info.value.problems)


def single_problem(path: Path, **options: object) -> Problem:
    found = problems(path, **options)
    assert len(found) == 1, found
    return found[0]


def at(row: int | None = None, column: str | None = None, sheet: str | None = "附件1") -> Location:
    return Location("projects.xlsx", sheet, row, column)


# --- reading a well-formed table -------------------------------------------------------------


def test_reads_table_below_caption_with_wrapped_header(tmp_path: Path) -> None:
    header = [*HEADER[:6], "所在县\n（市、区）"]
    second = [
        2,
        "软件与工业\n设计基地",
        "整合优势资源",
        "0.133",
        "2014-2025",
        "丰泽区人民政府",
        "丰泽区",
    ]
    path = one_sheet(
        tmp_path,
        [["附件 1"], ["“十四五”期间泉州市科技创新重大项目（基地平台类）"], header, ROW, [], second],
    )
    table = read_spreadsheet(path).tables[0]
    assert table.key == "附件1"
    assert table.title == "附件 1 “十四五”期间泉州市科技创新重大项目（基地平台类）"
    assert (table.source.line_start, table.source.line_end, table.source.sheet) == (1, 3, "附件1")
    first, last = table.rows
    assert first.name == "清源创新实验室"
    assert (first.investment_raw, first.investment_wan) == ("31.5", 315_000)
    assert (first.years_raw, first.start_year, first.end_year) == ("2019－2024", 2019, 2024)
    assert (first.units_raw, first.places_raw, first.seq) == ("泉州市政府、福州大学", "丰泽区", "1")
    assert first.source.document == "projects.xlsx"
    assert (first.source.line_start, first.source.line_end, first.source.sheet) == (4, 4, "附件1")
    assert (
        first.source.raw_text
        == "1\t清源创新实验室\t建设化学工程研发平台\t31.5\t2019－2024\t泉州市政府、福州大学\t丰泽区"
    )
    # the empty row 5 is skipped; a line break inside a Chinese name is dropped
    assert (last.source.line_start, last.name, last.investment_wan) == (
        6,
        "软件与工业设计基地",
        1330,
    )


def test_table_title_is_sheet_name_without_caption(tmp_path: Path) -> None:
    table = read_spreadsheet(one_sheet(tmp_path, [HEADER, ROW])).tables[0]
    assert (table.key, table.title, table.source.line_start) == ("附件1", "附件1", 1)


@pytest.mark.parametrize(
    ("column", "synonym", "attribute", "expected"),
    [(0, s, "seq", "1") for s in SYNONYMS[Field.SEQ]]
    + [(1, s, "name", "清源创新实验室") for s in SYNONYMS[Field.NAME]]
    + [(2, s, "description", "建设化学工程研发平台") for s in SYNONYMS[Field.DESCRIPTION]]
    + [(3, f"{s}（亿元）", "investment_wan", 315_000) for s in SYNONYMS[Field.TOTAL]]
    + [(4, s, "end_year", 2024) for s in SYNONYMS[Field.YEARS_RANGE]]
    + [(4, s, "start_year", 2019) for s in SYNONYMS[Field.YEARS_RANGE]]
    + [(5, s, "units_raw", "泉州市政府、福州大学") for s in SYNONYMS[Field.UNITS]]
    + [(6, s, "places_raw", "丰泽区") for s in SYNONYMS[Field.PLACES]],
)
def test_every_header_synonym(
    tmp_path: Path, column: int, synonym: str, attribute: str, expected: object
) -> None:
    header = list(HEADER)
    header[column] = synonym
    (row,) = only_rows(read_spreadsheet(one_sheet(tmp_path, [header, ROW])))
    assert getattr(row, attribute) == expected
    assert row.extra == ()  # nothing left unrecognized


@pytest.mark.parametrize("synonym", SYNONYMS[Field.YEARS_COMPLETION])
def test_completion_year_columns_give_no_start(tmp_path: Path, synonym: str) -> None:
    header = [*HEADER[:4], synonym, *HEADER[5:]]
    (row,) = only_rows(
        read_spreadsheet(one_sheet(tmp_path, [header, [*ROW[:4], "2023年", *ROW[5:]]]))
    )
    assert (row.years_raw, row.start_year, row.end_year) == ("2023年", None, 2023)


@pytest.mark.parametrize("start_header", SYNONYMS[Field.YEAR_START])
@pytest.mark.parametrize("end_header", SYNONYMS[Field.YEAR_END])
def test_separate_start_and_end_columns(tmp_path: Path, start_header: str, end_header: str) -> None:
    header = [*HEADER[:4], start_header, end_header, *HEADER[5:]]
    data = [*ROW[:4], 2021, "2025年", *ROW[5:]]
    (row,) = only_rows(read_spreadsheet(one_sheet(tmp_path, [header, data])))
    assert (row.years_raw, row.start_year, row.end_year) == ("2021-2025年", 2021, 2025)


def test_end_year_column_alone_is_a_completion_year(tmp_path: Path) -> None:
    header = [*HEADER[:4], "完成年份", *HEADER[5:]]
    (row,) = only_rows(
        read_spreadsheet(one_sheet(tmp_path, [header, [*ROW[:4], 2023.0, *ROW[5:]]]))
    )
    assert (row.start_year, row.end_year) == (None, 2023)


@pytest.mark.parametrize(
    ("cell", "start", "end"),
    [
        ("2021－2025", 2021, 2025),
        ("2021-2023", 2021, 2023),
        ("2021年", 2021, 2021),  # a single year in a range column: a one-year project
        ("2021.03-2023.12", 2021, 2023),
        ("20212025", 2021, 2025),
        (2023, 2023, 2023),
        (2023.0, 2023, 2023),
        (datetime(2023, 12, 1), 2023, 2023),  # Excel turned "2023-12" into a date
        ("-", None, None),
    ],
)
def test_year_forms_in_a_range_column(
    tmp_path: Path, cell: object, start: int | None, end: int | None
) -> None:
    (row,) = only_rows(read_spreadsheet(one_sheet(tmp_path, [HEADER, [*ROW[:4], cell, *ROW[5:]]])))
    assert (row.start_year, row.end_year) == (start, end)


@pytest.mark.parametrize(
    ("cell", "start", "end"),
    [
        ("2023年", None, 2023),
        (2023, None, 2023),
        (datetime(2025, 6, 30), None, 2025),
        ("2021-2023", 2021, 2023),
    ],
)
def test_year_forms_in_a_completion_column(
    tmp_path: Path, cell: object, start: int | None, end: int | None
) -> None:
    header = [*HEADER[:4], "计划完成时间", *HEADER[5:]]
    (row,) = only_rows(read_spreadsheet(one_sheet(tmp_path, [header, [*ROW[:4], cell, *ROW[5:]]])))
    assert (row.start_year, row.end_year) == (start, end)


@pytest.mark.parametrize(
    ("money_header", "cell", "raw", "wan"),
    [
        ("总投资（亿元）", "0.133", "0.133", 1330),
        ("总投资（亿元）", 0.133, "0.133", 1330),
        ("总投资（亿元）", 14.02, "14.02", 140_200),
        ("总投资(亿元)", "1,234.5", "1,234.5", 12_345_000),
        ("总投资 (亿元)", 2, "2", 20_000),
        ("总投资（亿元）", 0.1 + 0.2, "0.3", 3000),  # a formula result, read at 15 digits
        ("总投资（亿元）", "-", "-", None),
        ("总投资（亿元）", None, "", None),
        ("总投资（万元）", 350, "350", 350),
        ("总投资（万元）", "1,234", "1,234", 1234),
        ("总投资（万元）", 1330.0, "1330", 1330),
        ("总投资（亿元）", "3500万元", "3500万元", 3500),  # a unit in the cell wins
    ],
)
def test_money_by_header_unit(
    tmp_path: Path, money_header: str, cell: object, raw: str, wan: int | None
) -> None:
    header = [*HEADER[:3], money_header, *HEADER[4:]]
    (row,) = only_rows(read_spreadsheet(one_sheet(tmp_path, [header, [*ROW[:3], cell, *ROW[4:]]])))
    assert (row.investment_raw, row.investment_wan) == (raw, wan)


def test_unit_line_above_a_header_without_unit(tmp_path: Path) -> None:
    header = [*HEADER[:3], "总投资", *HEADER[4:]]
    path = one_sheet(
        tmp_path,
        [
            ["附件2 科技服务类", None, None, None, None, None, "单位：万元"],
            header,
            [*ROW[:3], 350, *ROW[4:]],
        ],
    )
    result = read_spreadsheet(path)
    assert result.tables[0].title == "附件2 科技服务类"
    assert only_rows(result)[0].investment_wan == 350


def test_two_row_header_with_merged_cells(tmp_path: Path) -> None:
    main = [
        "序号",
        "项目名称",
        "总投资\n（亿元）",
        "起止年限",
        None,
        "承担单位（建设主体）",
        "所在地区",
    ]
    sub = [None, None, None, "开始年份", "结束年份", None, None]
    data = [1, "清源创新实验室", 32, 2021, 2023, "泉州市政府", "泉州市"]
    path = make_xlsx(
        tmp_path / "projects.xlsx",
        {"表1": [["表 1：“十四五”期间省创新实验室建设规划表"], main, sub, data]},
        merges=[
            ("表1", "A1:G1"),
            ("表1", "A2:A3"),
            ("表1", "B2:B3"),
            ("表1", "C2:C3"),
            ("表1", "D2:E2"),
            ("表1", "F2:F3"),
            ("表1", "G2:G3"),
        ],
    )
    table = read_spreadsheet(path).tables[0]
    assert (table.title, table.source.line_start, table.source.line_end) == (
        "表 1：“十四五”期间省创新实验室建设规划表",
        1,
        3,
    )
    (row,) = table.rows
    assert (row.investment_wan, row.start_year, row.end_year) == (320_000, 2021, 2023)
    assert (row.units_raw, row.places_raw, row.source.line_start) == ("泉州市政府", "泉州市", 4)


def test_cells_merged_down_are_shared_by_the_rows(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [
        ["附件2", None, None, None, None, None, None],
        HEADER,
        [1, "甲项目", "内容", 1, "2021-2025", "泉州市科技局", "鲤城区"],
        [2, "乙项目", "内容", 2, None, None, None],
        [3, "丙项目", "内容", 3, "2022", "某公司", "丰泽区"],
    ]
    # years and units of rows 3-4 merged, places merged over the whole column
    merges = [("附件1", "E3:E4"), ("附件1", "F3:F4"), ("附件1", "G3:G5"), ("附件1", "A1:G1")]
    path = make_xlsx(tmp_path / "projects.xlsx", {"附件1": rows}, merges)
    first, second, third = only_rows(read_spreadsheet(path))
    assert (second.start_year, second.end_year, second.units_raw) == (2021, 2025, "泉州市科技局")
    assert [r.places_raw for r in (first, second, third)] == ["鲤城区"] * 3
    assert (third.start_year, third.end_year, third.units_raw) == (2022, 2022, "某公司")
    assert first.extra == ()  # the caption merged across the columns stays a caption


def test_names_and_amounts_merged_down_are_refused(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [
        HEADER,
        [1, "甲项目", "内容", 10, "2021-2025", "某公司", "鲤城区"],
        [2, "乙项目", "内容", None, "2021-2025", "某公司", "鲤城区"],
    ]
    path = make_xlsx(tmp_path / "projects.xlsx", {"附件1": rows}, [("附件1", "D2:D3")])
    problem = single_problem(path)
    assert problem.location == at(2, MONEY_COLUMN)
    assert "merged over rows 2-3: each project needs its own 总投资（亿元）" in problem.message


def test_extra_columns_group_headings_subtotals_and_repeated_headers(tmp_path: Path) -> None:
    header = [*HEADER, "领域"]
    rows: list[Sequence[object]] = [
        header,
        ["一、基地平台类"],
        [*ROW, "化工"],
        ["小计", None, None, 31.5],
        header,  # the header repeated, as in tables copied page by page
        ["二、技术创新类"],
        [2, "石墨烯新材料产业园", "建设生产线", 15, "2021-2025", "某公司", "泉港区", None],
        ["注：金额为计划数。"],
        [3, "not read after the note"],
    ]
    first, second = only_rows(read_spreadsheet(one_sheet(tmp_path, rows)))
    assert first.extra == (("类别", "一、基地平台类"), ("领域", "化工"))
    assert (second.name, second.extra) == ("石墨烯新材料产业园", (("类别", "二、技术创新类"),))
    assert second.source.line_start == 7


def test_total_row_that_matches_ends_the_table(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [
        HEADER,
        ROW,
        [2, "时空产业基地", "", 7.8, "2020－2025", "某公司", "丰泽区"],
        [3, "总计算中心", "a project, not a total", "-", "2021", "某公司", "丰泽区"],
        ["合  计", None, None, 39.3],
        [4, "a row after the total", "", 1, "2021", "", ""],
    ]
    names = [row.name for row in only_rows(read_spreadsheet(one_sheet(tmp_path, rows)))]
    assert names == ["清源创新实验室", "时空产业基地", "总计算中心"]


def test_total_row_that_does_not_match(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [
        HEADER,
        ROW,
        [2, "时空产业基地", "", "-", "2020－2025", "某公司", "丰泽区"],
        ["总计", None, None, "40"],
    ]
    problem = single_problem(one_sheet(tmp_path, rows))
    assert problem.location == at(4, MONEY_COLUMN)
    assert "400,000 万元 (40 亿元)" in problem.message
    assert "add up to 315,000 万元 (31.5 亿元); 1 rows have no amount" in problem.message


def test_validate_places_reports_at_the_cell(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [HEADER, ROW, [*ROW[:6], "丰泽区、火星县"]]

    def known_counties(cell: str) -> str | None:
        unknown = [p for p in cell.split("、") if p not in {"丰泽区", "晋江市"}]
        return f"unknown county {'、'.join(unknown)}" if unknown else None

    problem = single_problem(one_sheet(tmp_path, rows), validate_places=known_counties)
    assert problem == Problem(at(3, "所在县（市、区）"), "unknown county 火星县")


def test_plan_sheet(tmp_path: Path) -> None:
    plan = [
        ["字段", "填写内容"],
        ["规划名称", "泉州市“十四五”科技创新发展专项规划"],
        ["发布单位", "泉州市科学技术局"],
        ["层级", "市"],
        ["地区", "泉州市"],
        ["规划期", "2021－2025"],
        ["文号", ""],
    ]
    path = make_xlsx(tmp_path / "projects.xlsx", {"附件1": [HEADER, ROW], "规划": plan})
    result = read_spreadsheet(path)
    assert result.plan == PlanMetadata(
        title="泉州市“十四五”科技创新发展专项规划",
        issuer="泉州市科学技术局",
        level=PlanLevel.CITY,
        region="泉州市",
        period_start=2021,
        period_end=2025,
    )
    assert [t.key for t in result.tables] == ["附件1"]


def test_plan_sheet_problems(tmp_path: Path) -> None:
    plan = [["层级", "乡"], ["规划期", "2025"], ["负责人", "张三"]]
    path = make_xlsx(tmp_path / "projects.xlsx", {"附件1": [HEADER, ROW], "Plan": plan})
    found = problems(path)
    assert [p.location for p in found] == [
        at(3, "B", "Plan"),
        at(1, "B", "Plan"),
        at(2, "B", "Plan"),
    ]
    assert "unknown key “负责人”" in found[0].message
    assert "not one of 省, 市, 县" in found[1].message
    assert "range of years" in found[2].message


def test_sheets_without_a_project_header_are_skipped(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "projects.xlsx",
        {"列表": [["丰泽区"], ["晋江市"]], "附件1": [HEADER, ROW], "空表": []},
    )
    result = read_spreadsheet(path)
    assert ([t.key for t in result.tables], result.skipped_sheets) == (["附件1"], ("列表", "空表"))


# --- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    separator = "\t" if encoding == "utf-16" else ","  # Excel's "Unicode text" is tab-separated
    lines = [separator.join(HEADER), separator.join(str(cell) for cell in ROW)]
    path = tmp_path / "附件1.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    result = read_spreadsheet(path)
    table = result.tables[0]
    assert (result.document, table.key, table.title) == ("附件1.csv", "附件1", "附件1")
    (row,) = table.rows
    assert (row.name, row.investment_wan, row.start_year, row.end_year) == (
        "清源创新实验室",
        315_000,
        2019,
        2024,
    )
    assert (row.source.sheet, row.source.line_start, row.units_raw) == (
        None,
        2,
        "泉州市政府、福州大学",
    )


def test_csv_problem_has_no_sheet(tmp_path: Path) -> None:
    path = tmp_path / "projects.csv"
    path.write_text(
        '序号,项目名称,总投资（亿元）,起始年限\n1,"清源,实验室",约30,2021-2025\n',
        encoding="gb18030",
    )
    problem = single_problem(path)
    assert problem.location == Location("projects.csv", None, 2, "总投资（亿元）")
    assert "not an amount of money" in problem.message


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "column", "message"),
    [
        ("约30", 3, "not an amount of money"),
        (-2, 3, "negative amount"),
        ("0.00001", 3, "not a whole number of 万元"),
        (datetime(2021, 1, 1), 3, "not an amount of money"),
        ("2025-2021", 4, "end year 2021 is before start year 2025"),
        ("2201", 4, "year 2201"),
        ("2021-2201", 4, "outside 1990-2060"),
        ("明年", 4, "not a year"),
    ],
)
def test_bad_cells(tmp_path: Path, cell: object, column: int, message: str) -> None:
    data = list(ROW)
    data[column] = cell
    problem = single_problem(one_sheet(tmp_path, [["附件1 标题"], HEADER, ROW, data]))
    assert problem.location == at(4, HEADER[column])
    assert message in problem.message


def test_end_before_start_in_separate_columns(tmp_path: Path) -> None:
    header = [*HEADER[:4], "开始年份", "结束年份"]
    found = problems(one_sheet(tmp_path, [header, [*ROW[:4], 2025, 2021], [*ROW[:4], 2025, None]]))
    assert [(p.location, p.message) for p in found] == [
        (at(2, "结束年份"), "end year 2021 is before start year 2025"),
        (at(3, "结束年份"), "start year 2025 has no end year"),
    ]


def test_rows_with_a_name_only_or_no_name(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [
        HEADER,
        ROW,
        [5, "只有名称的项目"],
        [6, None, "有内容", 3, "2021-2023", "某公司", ""],
    ]
    found = problems(one_sheet(tmp_path, rows))
    assert [(p.location, p.message) for p in found] == [
        (at(3, "项目名称"), "the row has a project name but no other values"),
        (at(4, "项目名称"), "the row has values but no project name"),
    ]


def test_all_problems_are_reported_with_a_cap(tmp_path: Path) -> None:
    bad = [[i, f"项目{i}", "", "abc", "2021-2023", "", ""] for i in range(MAX_PROBLEMS + 10)]
    with pytest.raises(ImportFileError) as info:
        read_spreadsheet(one_sheet(tmp_path, [HEADER, *bad]))
    error = info.value
    assert (len(error.problems), error.total) == (MAX_PROBLEMS, MAX_PROBLEMS + 10)
    assert [p.location.row for p in error.problems] == list(range(2, MAX_PROBLEMS + 2))
    text = str(error)
    assert text.startswith(f"cannot import projects.xlsx: {MAX_PROBLEMS + 10} problems\n")
    assert (
        "projects.xlsx, sheet 附件1, row 2, column 总投资（亿元）: “abc” is not an amount" in text
    )
    assert text.endswith("... and 10 more")


@pytest.mark.parametrize(
    ("header", "row", "column", "message"),
    [
        (
            ["项目名称", "项目单位", "所在县"],
            2,
            None,
            "lacks required columns: 总投资（亿元） or 总投资（万元） (total investment); 起始年限",
        ),
        (["序号", "项目名称", "总投资", "起始年限"], 2, "总投资", "gives no unit"),
        (
            ["序号", "项目名称", "总投资（元）", "起始年限"],
            2,
            "总投资（元）",
            "“元” is not supported",
        ),
        (
            ["项目名称", "总投资（亿元）", "起始年限", "计划完成时间"],
            2,
            "计划完成时间",
            "years are given twice",
        ),
        (
            ["项目名称", "总投资（亿元）", "起始年限", "承担单位", "建设单位"],
            2,
            "建设单位",
            "a second column for units (first: 承担单位)",
        ),
        (["项目名称", "总投资（亿元）", "开始年份"], 2, "开始年份", "needs an end-year column"),
    ],
)
def test_header_problems(
    tmp_path: Path, header: list[str], row: int, column: str | None, message: str
) -> None:
    problem = single_problem(one_sheet(tmp_path, [["附件3"], header, ["某项目", 1]]))
    assert problem.location == at(row, column)
    assert message in problem.message


def test_money_header_and_unit_line_that_disagree(tmp_path: Path) -> None:
    path = one_sheet(tmp_path, [["单位：万元"], HEADER, ROW])
    problem = single_problem(path)
    assert problem.location == at(2, MONEY_COLUMN)
    assert "the header says 亿元 but the line above the table says 单位：万元" in problem.message


def test_no_recognizable_header(tmp_path: Path) -> None:
    path = one_sheet(tmp_path, [["名单"], ["甲", "乙"], *[[i] for i in range(20)], HEADER, ROW])
    problem = single_problem(path)  # a header below row 10 is not looked for
    assert problem.location == Location("projects.xlsx")
    assert "no sheet has a header row" in problem.message


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_truncated_workbook(tmp_path: Path) -> None:
    whole = one_sheet(tmp_path, [HEADER, ROW]).read_bytes()
    path = write_bytes(tmp_path / "projects.xlsx", whole[: len(whole) // 2])
    problem = single_problem(path)
    assert problem.location == Location("projects.xlsx")
    assert "damaged or truncated" in problem.message


def rewrite_sheet_xml(source: Path, target: Path, damage: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = damage(data)
            copy.writestr(item, data)
    return target


def test_workbook_with_a_damaged_sheet(tmp_path: Path) -> None:
    good = one_sheet(tmp_path, [HEADER, *[ROW] * 50])
    damaged = rewrite_sheet_xml(good, tmp_path / "damaged.xlsx", lambda xml: xml[: len(xml) // 2])
    problem = single_problem(damaged)
    assert problem.location == Location("damaged.xlsx", "附件1")
    assert "the sheet is damaged and cannot be read" in problem.message


def test_workbook_with_corrupted_bytes(tmp_path: Path) -> None:
    good = one_sheet(tmp_path, [HEADER, *[ROW] * 50])
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        item = archive.getinfo("xl/worksheets/sheet1.xml")
    middle = (
        item.header_offset + 30 + len(item.filename) + len(item.extra) + item.compress_size // 2
    )
    data[middle : middle + 16] = bytes(b ^ 0xFF for b in data[middle : middle + 16])
    problem = single_problem(write_bytes(tmp_path / "projects.xlsx", bytes(data)))
    assert problem.location == Location("projects.xlsx", "附件1")  # found reading the sheet
    assert "the sheet is damaged and cannot be read" in problem.message


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "projects.xlsx",
            "序号,项目名称\n1,某项目\n".encode(),
            "not an xlsx workbook (a text file)",
        ),
        (
            "projects.xlsx",
            "序号,项目名称\n".encode("gb18030"),
            "not an xlsx workbook (a text file)",
        ),
        ("projects.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "Excel 97-2003 (.xls)"),
        ("projects.xlsx", b"", "the file is empty"),
        ("projects.csv", b"", "the file is empty"),
        ("projects.csv", b"PK\x03\x04" + bytes(50), "not a text file"),
        ("projects.ods", b"x", "unsupported file type “.ods”"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    problem = single_problem(write_bytes(tmp_path / name, data))
    assert problem.location == Location(name)
    assert message in problem.message


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "projects.xlsx", b"not a workbook at all" * 10)
    problem = single_problem(path, max_bytes=100)
    assert problem == Problem(
        Location("projects.xlsx"), "the file has 210 bytes, more than the limit of 100"
    )


def test_missing_file(tmp_path: Path) -> None:
    problem = single_problem(tmp_path / "projects.xlsx")
    assert problem.location == Location("projects.xlsx")
    assert "cannot open the file" in problem.message


@pytest.mark.slow
def test_ten_thousand_rows(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("附件1")
    sheet.append(HEADER)
    count = 10_000
    for i in range(count):
        sheet.append(
            [
                i + 1,
                f"项目{i + 1}",
                "建设内容",
                (i % 100) / 100 + 0.0001,
                f"{2021 + i % 3}－2025",
                "某单位",
                "丰泽区",
            ]
        )
    total_wan = sum(i % 100 for i in range(count)) * 100 + count
    sheet.append(["合计", None, None, str(Decimal(total_wan) / 10_000)])
    path = tmp_path / "big.xlsx"
    workbook.save(path)
    rows = only_rows(read_spreadsheet(path))
    assert len(rows) == count
    assert rows[-1].source.line_start == count + 1
    assert sum(row.investment_wan or 0 for row in rows) == total_wan


# --- formulas and where a table stands -------------------------------------------------------


def with_saved_values(path: Path, values: dict[str, str]) -> Path:
    """The workbook with the value Excel would have saved beside each formula (openpyxl
    writes formulas without one): ``values`` maps a cell to its ``t`` type and value XML."""

    def save(xml: bytes) -> bytes:
        for ref, saved in values.items():
            cell = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*>(<f>.*?</f>)<v\s*/>', xml)
            assert cell is not None, ref
            xml = xml.replace(cell.group(0), f'<c r="{ref}" {saved}'.encode())
        return xml

    copy = path.with_name("saved.xlsx")
    rewrite_sheet_xml(path, copy, save)
    copy.replace(path)
    return path


def test_formulas_in_name_and_money_cells_are_refused(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [
        HEADER,
        [1, '="清源"&"创新实验室"', "", 31.5, "2019－2024", "泉州市政府", "丰泽区"],
        [2, "时空产业基地", "", "=3.9*2", "2020－2025", "某公司", "丰泽区"],
        [3, "=B2", "", "=D2", "2021", "某公司", "丰泽区"],
    ]
    path = with_saved_values(
        one_sheet(tmp_path, rows),
        {
            "B2": 't="str"><f>"清源"&amp;"创新实验室"</f><v>清源创新实验室</v>',
            "D3": "><f>3.9*2</f><v>7.8</v>",
        },
    )
    found = {(p.location.row, p.location.column): p.message for p in problems(path)}
    assert set(found) == {(2, "项目名称"), (3, MONEY_COLUMN), (4, "项目名称")}
    assert 'formula (="清源"&"创新实验室"); type the 项目名称 itself' in found[(2, "项目名称")]
    assert "formula (=3.9*2); type the 总投资（亿元） itself" in found[(3, MONEY_COLUMN)]
    assert "no project name" not in found[(4, "项目名称")]


def test_a_total_row_may_sum_its_column(tmp_path: Path) -> None:
    rows: list[Sequence[object]] = [
        HEADER,
        ROW,
        [2, "时空产业基地", "", 7.8, "2020－2025", "某公司", "丰泽区"],
        ["合计", None, None, "=SUM(D2:D3)"],
    ]
    path = with_saved_values(one_sheet(tmp_path, rows), {"D4": "><f>SUM(D2:D3)</f><v>40</v>"})
    problem = single_problem(path)  # the saved value is checked like a typed one
    assert problem.location == at(4, MONEY_COLUMN)
    assert "the total row says 400,000 万元 (40 亿元)" in problem.message


def test_a_table_away_from_the_corner_keeps_its_rows_and_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "附件1"
    rows: list[Sequence[object]] = [HEADER, ROW, [2, "乙项目", "", "x", "2021", "某公司", "丰泽区"]]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row):
            sheet.cell(row=4 + offset, column=3 + column, value=value)  # type: ignore[call-overload]
    sheet.merge_cells("I5:I6")  # places of both rows
    path = tmp_path / "projects.xlsx"
    book.save(path)
    assert single_problem(path).location == at(6, MONEY_COLUMN)
    sheet.cell(row=6, column=6, value=1)
    book.save(path)
    first, second = only_rows(read_spreadsheet(path))
    assert (first.source.line_start, second.source.line_start) == (5, 6)
    assert second.places_raw == "丰泽区" and first.name == "清源创新实验室"
    assert first.source.raw_text.startswith("\t\t1\t清源创新实验室")
