"""The columns of a progress report's workbook, as the template writes them and as offices
may rename them, and how a sheet's header row is found.

A report has a sheet of project-years (项目ID or 项目名称, 年份, 实际完成投资（万元）, 状态, and
optional columns) and may have a sheet of indicator-years (规划, 指标名称, 年份, 实际值). Headers
are compared as the project import compares them (NFKC, no white space, lower case): a
full-width ``（万元）`` is ``(万元)``. The money column names its unit (万元 or 亿元): a figure
read in the wrong unit would be off by a factor of 10,000.

>>> match_column("实际完成投资\\n（万元）")
(<Column.SPEND: 'spend'>, <MoneyUnit.WAN: '万元'>)
>>> match_column("项目 ID")
(<Column.PROJECT_ID: 'project_id'>, None)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from portfolio.cells import MoneyUnit
from portfolio.importers.headers import HEADER_SCAN_ROWS, normalize_header


class Column(StrEnum):
    """What a column of a progress report holds."""

    PROJECT_ID = "project_id"
    NAME = "name"
    PLAN = "plan"
    TABLE = "table"
    SEQ = "seq"
    YEAR = "year"
    SPEND = "spend"
    STATUS = "status"
    START = "start"
    COMPLETION = "completion"
    NOTE = "note"
    SOURCE = "source"
    INDICATOR = "indicator"
    VALUE = "value"


# The first of each is what the template writes.
SYNONYMS: dict[Column, tuple[str, ...]] = {
    Column.PROJECT_ID: ("项目ID", "项目编号", "编号", "ID"),
    Column.NAME: ("项目名称", "名称"),
    Column.PLAN: ("规划", "所属规划", "规划代码"),
    Column.TABLE: ("表", "表号", "所在表", "附件"),
    Column.SEQ: ("序号",),
    Column.YEAR: ("年份", "年度"),
    Column.SPEND: ("实际完成投资", "实际完成投资额", "实际投资", "完成投资"),
    Column.STATUS: ("状态", "项目状态", "建设状态", "进度"),
    Column.START: ("实际开工年份", "开工年份", "实际开工时间", "开工时间"),
    Column.COMPLETION: ("实际完工年份", "完工年份", "实际完工时间", "完工时间", "竣工年份"),
    Column.NOTE: ("备注", "说明"),
    Column.SOURCE: ("来源", "数据来源", "填报单位"),
    Column.INDICATOR: ("指标名称", "指标"),
    Column.VALUE: ("实际值", "实际完成值", "完成值", "报告值"),
}

PROJECT_SHEET = "实际完成情况"
INDICATOR_SHEET = "指标"
NOTES_SHEET = "说明"
SPEND_HEADER = "实际完成投资（万元）"

# The template's headers, in order; the columns without a meaning here (所在县, 计划投资,
# 单位, 目标值) are for reference and not read back.
PROJECT_HEADERS: tuple[str, ...] = (
    "项目ID",
    "规划",
    "表",
    "序号",
    "项目名称",
    "所在县（市、区）",
    "年份",
    "计划投资（万元）",
    SPEND_HEADER,
    "状态",
    "实际开工年份",
    "实际完工年份",
    "备注",
    "来源",
)
INDICATOR_HEADERS: tuple[str, ...] = (
    "规划",
    "表",
    "序号",
    "指标名称",
    "单位",
    "年份",
    "目标值",
    "实际值",
    "备注",
    "来源",
)

# What a sheet must have: one of the first group, and each of the others.
PROJECT_REQUIRED: tuple[tuple[Column, ...], ...] = (
    (Column.PROJECT_ID, Column.NAME),
    (Column.YEAR,),
    (Column.SPEND,),
    (Column.STATUS,),
)
INDICATOR_REQUIRED: tuple[tuple[Column, ...], ...] = (
    (Column.PLAN,),
    (Column.INDICATOR,),
    (Column.YEAR,),
    (Column.VALUE,),
)
REQUIRED_WORDS = {
    Column.PROJECT_ID: "项目ID",
    Column.NAME: "项目名称",
    Column.YEAR: "年份",
    Column.SPEND: SPEND_HEADER,
    Column.STATUS: "状态",
    Column.PLAN: "规划",
    Column.INDICATOR: "指标名称",
    Column.VALUE: "实际值",
}

_LOOKUP = {normalize_header(s): column for column, words in SYNONYMS.items() for s in words}
_UNIT = re.compile(r"^(.+?)[(\[【]?(万元|亿元)[)\]】]?$")
_UNITS = {"万元": MoneyUnit.WAN, "亿元": MoneyUnit.YI}


def match_column(text: str) -> tuple[Column | None, MoneyUnit | None]:
    """The column a header names, and the money unit it states (``None`` when none)."""
    key = normalize_header(text)
    if key in _LOOKUP:
        return _LOOKUP[key], None
    found = _UNIT.match(key)
    if found and found.group(1) in _LOOKUP:
        return _LOOKUP[found.group(1)], _UNITS[found.group(2)]
    return None, None


@dataclass(frozen=True)
class Header:
    """A sheet's header row: where each column stands and how it is written."""

    row: int  # 1-based, as Excel shows it
    columns: dict[Column, int] = field(default_factory=dict)  # column → 0-based index
    written: dict[Column, str] = field(default_factory=dict)  # column → header as written
    spend_unit: MoneyUnit | None = None
    found: tuple[str, ...] = ()  # every non-empty header cell, as written
    twice: tuple[str, ...] = ()  # headers of a column that stands more than once

    @property
    def is_indicators(self) -> bool:
        return Column.INDICATOR in self.columns

    def missing(self) -> list[str]:
        """The required columns this header lacks (their template names)."""
        required = INDICATOR_REQUIRED if self.is_indicators else PROJECT_REQUIRED
        return [
            "/".join(REQUIRED_WORDS[c] for c in group)
            for group in required
            if not any(c in self.columns for c in group)
        ]


def find_header(rows: Sequence[Sequence[object]]) -> Header | None:
    """The row among the first ``HEADER_SCAN_ROWS`` naming the most known columns (at least
    two: a caption line names one at most), or ``None``."""
    best: Header | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        header = _read_header(index + 1, row)
        if len(header.columns) >= 2 and (best is None or len(header.columns) > len(best.columns)):
            best = header
    return best


def _read_header(row_number: int, row: Sequence[object]) -> Header:
    columns: dict[Column, int] = {}
    written: dict[Column, str] = {}
    found: list[str] = []
    twice: list[str] = []
    unit: MoneyUnit | None = None
    for index, cell in enumerate(row):
        if not isinstance(cell, str) or not cell.strip():
            continue
        text = re.sub(r"\s+", "", cell)
        found.append(text)
        column, stated = match_column(cell)
        if column is None:
            continue
        if column in columns:
            twice.append(text)
            continue
        columns[column], written[column] = index, text
        if column is Column.SPEND:
            unit = stated
    return Header(row_number, columns, written, unit, tuple(found), tuple(twice))
