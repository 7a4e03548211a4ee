"""Parser of Fujian province's 14th five-year plan for strategic emerging industries
(闽政办〔2021〕60号): the plan's metadata and the indicators of its 表1.

Layout of 表1. The conversion lost the tabs: cells are separated by single spaces and a
cell that wrapped in the PDF continues on the next non-blank line, e.g. ::

    类别 序号 指标名称 单位 2020 年 2025 年 指标属性
    产业            <- category, wrapped over two lines, before its first row
    结构
    1 战略性新兴产业增加值 亿元 ＞6000 10000 预期性
    2               <- a row whose name wrapped: the cells follow on the next lines
    战略性新兴产业增加值年
    均增速
    % -- 10.2 预期性

Rules: a row starts on a line that begins with its number and ends with the token that
closes a line as its attribute (预期性 / 约束性). Other lines between rows are pieces of
the next category. Inside a row, the first numeric token (``4.19``, ``＞6000``, ``--``) is
the first year's value and the token just before it the unit; the name is what lies
between the number and the unit. Each further year's value runs up to and including the
next numeric token, so qualifiers written before a number stay with it
(``力争达`` / ``到 10.2`` → ``力争达到 10.2``). Raw values join the pieces of a wrapped
cell without a separator and keep the spaces written within a line. The table ends at
its note (``注：``), kept as a note on the plan.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from portfolio.importers.tab_rows import (
    LayoutError,
    compact,
    find_period,
    read_lines,
    read_notice_header,
    source_ref,
)
from portfolio.records import IndicatorRow, IndicatorTable, IndicatorTarget, ParsedPlan, PlanLevel

PLAN_KEY = "fujian-sei-14fyp"
REGION = "福建省"

ATTRIBUTES = frozenset({"预期性", "约束性"})
_HEADER_COLUMNS = ("类别", "序号", "指标名称", "单位", "指标属性")
_CAPTION_RE = re.compile(r"^\s*表\s*(\d+)\s*[：:]?\s*(\S.*?)\s*$")
_ROW_START_RE = re.compile(r"^\s*\d+(?:\s|$)")
_NUMERIC_RE = re.compile(r"^(?:[<>＜＞≤≥约]?\d+(?:\.\d+)?%?|[-—－]+)$")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_HEADING_RE = re.compile(r"^\s*第\S{1,3}章")


@dataclass(frozen=True)
class _Token:
    line_no: int
    text: str


def _join(tokens: list[_Token]) -> str:
    """Cell text as written: a space within a line, nothing where the cell wrapped."""
    text = ""
    for index, token in enumerate(tokens):
        if index and token.line_no == tokens[index - 1].line_no:
            text += " "
        text += token.text
    return text


def _find_table(lines: list[str]) -> tuple[int, int, str, str, tuple[int, ...]]:
    """Caption line, header line, key, title and years of the indicator table."""
    for caption_no, line in enumerate(lines, 1):
        match = _CAPTION_RE.match(line)
        if not match:
            continue
        header_no = next(
            (n for n in range(caption_no + 1, len(lines) + 1) if lines[n - 1].strip()), 0
        )
        header = lines[header_no - 1] if header_no else ""
        if not all(column in header.split() for column in _HEADER_COLUMNS):
            continue
        positions = [header.index(column) for column in _HEADER_COLUMNS]
        if positions != sorted(positions):
            raise LayoutError(f"line {header_no}: header columns out of the expected order")
        years = tuple(int(year) for year in _YEAR_RE.findall(header))
        if not years:
            raise LayoutError(f"line {header_no}: the header names no year")
        return caption_no, header_no, f"表{match.group(1)}", match.group(2), years
    raise LayoutError("no indicator table (类别 序号 指标名称 单位 … 指标属性) found")


def _indicator(
    document: str, lines: list[str], row_lines: list[int], years: tuple[int, ...], category: str
) -> IndicatorRow:
    """Split one row's tokens into its cells (rules in the module docstring)."""
    tokens = [_Token(n, text) for n in row_lines for text in lines[n - 1].split()]
    where = f"{document} lines {row_lines[0]}-{row_lines[-1]}"
    seq, attribute, middle = tokens[0].text, tokens[-1].text, tokens[1:-1]
    numeric = [i for i, token in enumerate(middle) if _NUMERIC_RE.match(token.text)]
    if len(numeric) != len(years) or numeric[-1] != len(middle) - 1 or numeric[0] < 2:
        raise LayoutError(f"{where}: cannot tell name, unit and {len(years)} values apart")
    values: list[str] = [middle[numeric[0]].text]
    for previous, current in itertools.pairwise(numeric):
        values.append(_join(middle[previous + 1 : current + 1]))
    return IndicatorRow(
        seq=seq,
        name=compact(_join(middle[: numeric[0] - 1])),
        unit=middle[numeric[0] - 1].text,
        targets=tuple(
            IndicatorTarget(year=y, value_raw=v) for y, v in zip(years, values, strict=True)
        ),
        source=source_ref(document, lines, row_lines[0], row_lines[-1]),
        category=category,
        attribute=attribute,
    )


def _read_table(
    document: str, lines: list[str], header_no: int, years: tuple[int, ...]
) -> tuple[list[IndicatorRow], str]:
    """The rows after the header and the table's note (``注：…``, ``""`` if none)."""
    rows: list[IndicatorRow] = []
    category_pieces: list[str] = []
    category = ""
    row_lines: list[int] = []
    note = ""
    for line_no in range(header_no + 1, len(lines) + 1):
        line = lines[line_no - 1].strip()
        if not line:
            continue
        if not row_lines:
            if line.startswith("注") or _HEADING_RE.match(line):
                note = _note(lines, line_no) if line.startswith("注") else ""
                break
            if not _ROW_START_RE.match(line):
                category_pieces.append(line)
                continue
            if category_pieces:
                category = compact("".join(category_pieces))
                category_pieces = []
        row_lines.append(line_no)
        if line.split()[-1] in ATTRIBUTES:
            rows.append(_indicator(document, lines, row_lines, years, category))
            row_lines = []
    if row_lines or category_pieces:
        raise LayoutError(f"{document}: the indicator table ends inside a row or a category")
    return rows, note


def _note(lines: list[str], line_no: int) -> str:
    """A note wrapped over several lines, up to the line that ends its sentence."""
    pieces: list[str] = []
    for line in lines[line_no - 1 :]:
        if line.strip():
            pieces.append(line.strip())
            if line.strip().endswith("。"):
                break
    return "".join(pieces)


def parse_fujian_sei(path: Path) -> ParsedPlan:
    """Parse the provincial strategic-emerging-industries plan: metadata and 表1."""
    document = path.name
    lines = read_lines(path)
    notice = read_notice_header(lines)
    period_start, period_end = find_period(lines)
    caption_no, header_no, key, title, years = _find_table(lines)
    rows, note = _read_table(document, lines, header_no, years)
    table = IndicatorTable(
        key=key,
        title=title,
        rows=tuple(rows),
        source=source_ref(document, lines, caption_no, header_no),
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
        indicator_tables=(table,),
        notes=(f"{key} {note}",) if note else (),
    )
