"""Parser of Fuqing's 14th five-year plan for S&T innovation (福清市“十四五”科技创新专项规划).

The plan has no project table; its box 专栏1 lists 12 indicators with their 2020 value and
2025 target, one indicator a line, tab-separated (序号, 指标名称, 单位, 2020 年, 2025 年),
read with :func:`~portfolio.importers.tab_rows.indicator_table`.

The document is the plan text without a cover notice: it carries no document number and
names no issuing office. It states that the plan implements the outline issued by
福清市人民政府 and was drawn up under the city government (市委、市政府), so that body is
taken as the issuer, and a note on the plan says so.
"""

from __future__ import annotations

import re
from pathlib import Path

from portfolio.importers.tab_rows import (
    LayoutError,
    find_indicator_boxes,
    find_period,
    indicator_table,
    read_lines,
    read_tab_table,
)
from portfolio.records import ParsedPlan, PlanLevel

PLAN_KEY = "fuqing-st-14fyp"
REGION = "福清市"

_GOVERNMENT_RE = re.compile(re.escape(REGION) + r"人民政府")


def _issuer(lines: list[str]) -> tuple[str, str]:
    """The city government as the document names it, with a note on where it stands."""
    for line_no, line in enumerate(lines, 1):
        match = _GOVERNMENT_RE.search(line)
        if match:
            note = (
                f"The document names no issuing office; issuer {match.group(0)} is the "
                f"city government named on line {line_no}, whose 14th five-year outline "
                "the plan implements."
            )
            return match.group(0), note
    raise LayoutError(f"the document never names {REGION}人民政府")


def parse_fuqing(path: Path) -> ParsedPlan:
    """Parse Fuqing's S&T plan: its title, period and the indicators of 专栏1."""
    document = path.name
    lines = read_lines(path)
    title = next((line.strip() for line in lines if line.strip()), "")
    if "规划" not in title:
        raise LayoutError(f"the first line of {document} is not a plan title: {title!r}")
    issuer, issuer_note = _issuer(lines)
    period_start, period_end = find_period(lines)
    boxes = find_indicator_boxes(lines)
    stop_lines = {line_no for line_no, _, _ in boxes}
    indicator_tables = tuple(
        indicator_table(document, lines, read_tab_table(lines, n, stop_lines), key, caption)
        for n, key, caption in boxes
    )
    return ParsedPlan(
        key=PLAN_KEY,
        title=title,
        issuer=issuer,
        level=PlanLevel.COUNTY,
        region=REGION,
        period_start=period_start,
        period_end=period_end,
        document=document,
        indicator_tables=indicator_tables,
        notes=(issuer_note,),
    )
