"""The Excel template planners fill in to enter a plan's project tables by hand.

The workbook has three sheets: 项目 (the empty project table: header row only, frozen, with
column widths and input hints), 说明 (instructions in Chinese with English lines, and an
example) and 规划 (the plan's metadata as key/value rows). ``read_spreadsheet`` reads what
this template describes; the column synonyms it lists come from ``headers``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from portfolio.importers.headers import (
    HEADER_SCAN_ROWS,
    PLAN_KEYS,
    SYNONYMS,
    TEMPLATE_HEADERS,
    Field,
)

PROJECT_SHEET = "项目"
NOTES_SHEET = "说明"
PLAN_SHEET = "规划"

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_VALIDATED_ROWS = 2000  # rows of the project sheet that carry input hints and checks

# Per template column: width, meaning in Chinese, meaning in English, the field it fills.
_COLUMNS: tuple[tuple[int, str, str, Field], ...] = (
    (6, "序号，可空", "sequence number, optional", Field.SEQ),
    (30, "项目名称，必填", "project name, required", Field.NAME),
    (50, "建设内容及预期目标", "what the project builds and aims at", Field.DESCRIPTION),
    (
        12,
        "总投资，单位见表头；不详填 -",
        "total investment in the header's unit; - if unknown",
        Field.TOTAL,
    ),
    (14, "起止年份，如 2021-2025", "start and end years, e.g. 2021-2025", Field.YEARS_RANGE),
    (30, "项目单位（承担单位），多个用、分隔", "responsible units, separated by 、", Field.UNITS),
    (24, "所在县（市、区），多个用、分隔", "county-level places, separated by 、", Field.PLACES),
)

_YEAR_FORMS = "2021-2025、2021－2025、2021~2025、2021至2025、2021年-2025年、2021.03-2023.12"

_NOTES: tuple[tuple[str, str], ...] = (
    (
        "用途 Purpose",
        "录入规划附件中的重大项目表，每行一个项目。"
        " Enter the major-project tables of a plan, one project a row.",
    ),
    (
        "工作表 Sheets",
        "每个工作表一张项目表，工作表名即表号（如“附件1”），可复制“项目”表。"
        "“说明”表不会被读取，“规划”表填写规划信息。"
        " One table a sheet; the sheet name is the table's key (e.g. 附件1). Copy the 项目 sheet"
        " for more tables. This 说明 sheet is never read; 规划 holds the plan's metadata.",
    ),
    (
        "表头 Header",
        f"表头须在前 {HEADER_SCAN_ROWS} 行内；其上方可有标题行（如“附件1 ……”），"
        "标题会作为表名。也接受下列同义表头。"
        f" The header must be within the first {HEADER_SCAN_ROWS} rows; caption lines above it"
        " become the table's title. The synonyms listed below are accepted too.",
    ),
    (
        "年份 Years",
        f"起始年限可写作：{_YEAR_FORMS}；只写一个年份（如 2023）表示当年开始、当年完成。"
        "若只知道计划完成年份，请把表头改为“计划完成时间”。也可用“开始年份”“结束年份”两列。"
        " Years as shown; a single year is a one-year project. If only the completion year is"
        " known, name the column 计划完成时间. Or use two columns 开始年份 and 结束年份.",
    ),
    (
        "金额 Money",
        "金额单位以表头为准：总投资（亿元） 或 总投资（万元）；表头无单位时，可在表头上方"
        "写一行“单位：亿元”。没有单位的金额列会被拒绝。金额须为整万元（亿元最多 4 位小数）。"
        " The unit comes from the header: 总投资（亿元） or 总投资（万元), or a line"
        " 单位：亿元 above the header; a money column without a unit is refused."
        " Amounts must be whole 万元.",
    ),
    (
        "多个单位/地点 Several",
        "多个项目单位或所在县用“、”分隔（也接受“/”和“，”），可以“等”结尾。"
        " Several units or places are separated by 、 (also / and ，) and may end in 等.",
    ),
    (
        "不详 Unknown",
        "不知道的值填 -（短横线），不要留空以外的说明文字。 Write - for a value that is not known.",
    ),
    (
        "合计 Totals",
        "“合计”或“总计”行结束本表，其总投资会与上面各行之和核对；“小计”行被跳过。"
        " A 合计/总计 row ends the table and its total is checked against the rows; 小计 rows"
        " are skipped.",
    ),
    (
        "其他列 Other columns",
        "模板以外的列会原样保留（按表头）。"
        " Columns not listed here are kept as written, by their header.",
    ),
    (
        "规划 Plan sheet",
        "可选：在“规划”表 B 列填写规划名称、发布单位、层级（省/市/县）、地区、"
        "规划期（如 2021-2025）、文号。"
        " Optional: fill column B of the 规划 sheet: title, issuer, level (省/市/县), region,"
        " period (e.g. 2021-2025), document number.",
    ),
)

_EXAMPLE = (
    "1",
    "示例：智能制造协同创新中心",
    "建设智能制造关键技术研发平台，服务本地装备制造企业。",
    "2.5",
    "2021-2025",
    "示例大学、示例研究院等",
    "丰泽区、晋江市",
)

_PLAN_HINTS: dict[str, str] = {
    "title": "规划全称 title of the plan",
    "issuer": "发布单位 issuing office",
    "level": "省 / 市 / 县 (province / city / county)",
    "region": "行政区，如 泉州市 region, e.g. 泉州市",
    "period": "规划期，如 2021-2025 plan period",
    "doc_number": "文号，如 闽政办〔2021〕58号 document number",
}


def write_template(path: Path) -> None:
    """Write the empty project-table template (an .xlsx workbook) to ``path``."""
    workbook = Workbook()
    projects = workbook.active
    assert isinstance(projects, Worksheet)  # a new workbook always has one worksheet
    projects.title = PROJECT_SHEET
    _project_sheet(projects)
    _notes_sheet(workbook.create_sheet(NOTES_SHEET))
    _plan_sheet(workbook.create_sheet(PLAN_SHEET))
    workbook.save(path)


def _header_row(sheet: Worksheet, cells: Sequence[str], widths: Sequence[int]) -> None:
    sheet.append(list(cells))
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=sheet.max_row, column=index)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
        sheet.column_dimensions[get_column_letter(index)].width = width


def _project_sheet(sheet: Worksheet) -> None:
    _header_row(sheet, TEMPLATE_HEADERS, [width for width, *_ in _COLUMNS])
    sheet.freeze_panes = "A2"
    last = _VALIDATED_ROWS + 1
    for index, (_, chinese, english, field) in enumerate(_COLUMNS, start=1):
        letter = get_column_letter(index)
        hint = DataValidation(allow_blank=True, showInputMessage=True)
        hint.promptTitle = TEMPLATE_HEADERS[index - 1][:32]  # Excel's limit for titles
        hint.prompt = f"{chinese}\n{english}"[:255]
        if field is Field.TOTAL:
            # A number or "-": text such as "约2亿" would be refused by the importer anyway.
            hint.type = "custom"
            hint.formula1 = f'OR(ISNUMBER({letter}2),{letter}2="-")'
            hint.showErrorMessage = True
            hint.errorTitle = "总投资"
            hint.error = "请填数字（单位见表头）或 -\nEnter a number (unit in the header) or -"
        if field is Field.YEARS_RANGE:
            # Text format, so that Excel keeps 2021-03 as written instead of making it a date.
            sheet.column_dimensions[letter].number_format = "@"
        sheet.add_data_validation(hint)
        hint.add(f"{letter}2:{letter}{last}")


def _notes_sheet(sheet: Worksheet) -> None:
    _header_row(sheet, ("主题 Topic", "说明 Notes"), (22, 110))
    for topic, text in _NOTES:
        sheet.append([topic, text])
    sheet.append([])
    _header_row(sheet, ("列 Column", "含义 Meaning", "也可写作 Also accepted"), (22, 110, 60))
    for header, (_, chinese, english, field) in zip(TEMPLATE_HEADERS, _COLUMNS, strict=True):
        others = [s for s in SYNONYMS[field] if s != header]
        if field is Field.TOTAL:  # money headers need their unit
            others = [f"{s}（亿元 / 万元）" for s in others if not header.startswith(s)]
        sheet.append([header, f"{chinese}  {english}", "、".join(others)])
    sheet.append(
        [
            "开始年份 / 结束年份",
            "起止年份分两列时使用  start and end year in two columns",
            "、".join(SYNONYMS[Field.YEAR_START] + SYNONYMS[Field.YEAR_END]),
        ]
    )
    sheet.append(
        [
            "计划完成时间",
            "只知完成年份时使用  completion year only",
            "、".join(SYNONYMS[Field.YEARS_COMPLETION][1:]),
        ]
    )
    sheet.append([])
    sheet.append(["示例 Example", "（复制到“项目”表即可 copy into the 项目 sheet）"])
    sheet.append(list(TEMPLATE_HEADERS))
    sheet.append(list(_EXAMPLE))
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = _WRAP


def _plan_sheet(sheet: Worksheet) -> None:
    _header_row(sheet, ("字段", "填写内容", "说明 Notes"), (14, 50, 50))
    for attr, keys in PLAN_KEYS.items():
        sheet.append([keys[0], None, _PLAN_HINTS[attr]])
        if attr == "level":
            levels = DataValidation(type="list", formula1='"省,市,县"', allow_blank=True)
            sheet.add_data_validation(levels)
            levels.add(f"B{sheet.max_row}")
