"""Parser of Fujian province's 14th five-year plan for S&T innovation (闽政办〔2021〕58号).

The plan's annex tables 表1-表5 (innovation labs, platform upgrade programme, new R&D
institutions, innovation parks, major S&T special projects) and its box 专栏1 (main
indicators) are tab-separated, one row a line, with the header repeated on every page;
see :mod:`portfolio.importers.tab_rows` for the layout rules.

Cells are kept as written in the ``*_raw`` fields. ``name`` and ``description`` have the
wrap spaces removed (rule in :func:`~portfolio.importers.tab_rows.compact`) and stray HTML
tags (``<p>``) dropped. The tables give only a completion year (``2023 年``), so
``start_year`` is ``None``. 表5 has no money column (``has_money=False``); its 领域 cell
stands only on the first row of a group and is carried down into ``extra``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from portfolio.cells import CellError, MoneyUnit, parse_money, parse_years
from portfolio.importers.tab_rows import (
    LayoutError,
    TabTable,
    compact,
    find_indicator_boxes,
    find_period,
    header_follows,
    indicator_table,
    read_lines,
    read_notice_header,
    read_tab_table,
    source_ref,
    strip_markup,
)
from portfolio.records import ParsedPlan, PlanLevel, ProjectRow, ProjectTable

PLAN_KEY = "fujian-st-14fyp"
REGION = "福建省"

_TABLE_CAPTION_RE = re.compile(r"^\s*表\s*(\d+)\s*[：:]\s*(.+?)\s*$")


@dataclass(frozen=True)
class _Columns:
    """Where each field stands in a table's header (index), ``None`` when absent."""

    seq: int
    name: int
    units: int | None
    description: int | None
    money: int | None
    money_unit: MoneyUnit
    years: int | None
    places: int | None
    extra: tuple[int, ...]  # columns the record has no field for (表5's 领域)


def _first(header: tuple[str, ...], *prefixes: str) -> int | None:
    for index, cell in enumerate(header):
        if cell.startswith(prefixes):
            return index
    return None


def _columns(table: TabTable) -> _Columns:
    """Find the columns by their header text, whatever their order."""
    header = table.header
    name = next((i for i, cell in enumerate(header) if cell.endswith("名称")), None)
    if name is None:
        raise LayoutError(f"table on line {table.caption_line} has no …名称 column")
    found = {
        "units": _first(header, "承担单位", "项目单位", "建设主体"),
        "description": _first(header, "建设内容", "重点攻关方向", "主要建设内容"),
        "money": _first(header, "总投入", "总投资"),
        "years": _first(header, "计划完成时间", "起始年限", "建设年限"),
        "places": _first(header, "所在"),
    }
    taken = {header.index("序号"), name, *(i for i in found.values() if i is not None)}
    money = found["money"]
    return _Columns(
        seq=header.index("序号"),
        name=name,
        units=found["units"],
        description=found["description"],
        money=money,
        money_unit=MoneyUnit.WAN if money is not None and "万元" in header[money] else MoneyUnit.YI,
        years=found["years"],
        places=found["places"],
        extra=tuple(i for i in range(len(header)) if i not in taken),
    )


def _cell(cells: tuple[str, ...], index: int | None) -> str:
    return "" if index is None else cells[index]


def _project_rows(document: str, lines: list[str], table: TabTable) -> tuple[ProjectRow, ...]:
    columns = _columns(table)
    carried: dict[int, str] = {}
    rows: list[ProjectRow] = []
    for row in table.rows:
        cells = row.cells
        # A grouping cell (领域) is written on the first row of its group only.
        for index in columns.extra:
            if cells[index]:
                carried[index] = cells[index]
        investment_raw = _cell(cells, columns.money)
        years_raw = _cell(cells, columns.years)
        try:
            investment_wan = parse_money(investment_raw, columns.money_unit)
            span = parse_years(years_raw)
        except CellError as error:
            raise CellError(f"{document} line {row.line_no}: {error}") from error
        rows.append(
            ProjectRow(
                seq=cells[columns.seq],
                name=compact(cells[columns.name]),
                description=compact(strip_markup(_cell(cells, columns.description))),
                investment_raw=investment_raw,
                investment_wan=investment_wan,
                years_raw=years_raw,
                start_year=span.start,
                end_year=span.end,
                units_raw=_cell(cells, columns.units),
                places_raw=_cell(cells, columns.places),
                source=source_ref(document, lines, row.line_no, row.line_no),
                extra=tuple((table.header[i], carried.get(i, "")) for i in columns.extra),
            )
        )
    return tuple(rows)


def _remarks(lines: list[str], table: TabTable, key: str) -> str:
    """The 备注 block right after a table (表5's funding note), as one line; or ""."""
    last = max([table.header_line, *(r.line_no for r in table.rows), *table.repeated_headers])
    following = [(n, lines[n - 1].strip()) for n in range(last + 1, len(lines) + 1)]
    following = [(n, text) for n, text in following if text]
    if not following or not following[0][1].startswith("备注"):
        return ""
    texts: list[str] = []
    for _, text in following[1:]:
        if text.startswith("抄送"):
            break
        texts.append(text)
    return f"{key} 备注：" + " ".join(texts)


def parse_fujian_st(path: Path) -> ParsedPlan:
    """Parse the provincial S&T innovation plan: 表1-表5 and the indicators of 专栏1."""
    document = path.name
    lines = read_lines(path)
    notice = read_notice_header(lines)
    period_start, period_end = find_period(lines)
    captions = [
        (n, m)
        for n, line in enumerate(lines, 1)
        if (m := _TABLE_CAPTION_RE.match(line)) and header_follows(lines, n, "序号")
    ]
    boxes = find_indicator_boxes(lines)
    stop_lines = {n for n, _ in captions} | {n for n, _, _ in boxes}
    project_tables: list[ProjectTable] = []
    notes: list[str] = []
    for caption_line, match in captions:
        key = f"表{match.group(1)}"
        table = read_tab_table(lines, caption_line, stop_lines)
        project_tables.append(
            ProjectTable(
                key=key,
                title=match.group(2),
                rows=_project_rows(document, lines, table),
                source=source_ref(document, lines, caption_line, table.header_line),
                has_money=_columns(table).money is not None,
            )
        )
        remark = _remarks(lines, table, key)
        if remark:
            notes.append(remark)
    indicator_tables = tuple(
        indicator_table(document, lines, read_tab_table(lines, n, stop_lines), key, title)
        for n, key, title in boxes
    )
    return ParsedPlan(
        key=PLAN_KEY,
        title=notice.title,
        issuer=notice.issuer,
        level=PlanLevel.PROVINCE,
        region=REGION,
        period_start=period_start,
        period_end=period_end,
        document=document,
        doc_number=notice.doc_number,
        project_tables=tuple(project_tables),
        indicator_tables=indicator_tables,
        notes=tuple(notes),
    )
