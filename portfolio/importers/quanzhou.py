"""Parser for Quanzhou's 14th five-year plan for S&T innovation.

泉州市“十四五”科技创新发展专项规划 (``data/sources/quanzhou-st-14fyp.txt``) holds one
indicator table in its body (表1) and five annexes: three project tables (附件1-3), the
work plan of the research institutes (附件4) and the yearly indicator targets (附件5). All
use the one-cell-per-line layout read by :mod:`portfolio.importers.cell_lines`; this module
finds the tables by their captions, checks each header against the columns it expects and
turns the rows into records.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from portfolio.cells import CellError, clean, parse_money, parse_years
from portfolio.importers.cell_lines import Cell, CellRow, CellTable, LayoutError, read_cell_table
from portfolio.records import (
    IndicatorRow,
    IndicatorTable,
    IndicatorTarget,
    InstituteRow,
    InstituteTable,
    ParsedPlan,
    PlanLevel,
    ProjectRow,
    ProjectTable,
    SourceRef,
)

DOCUMENT = "quanzhou-st-14fyp.txt"
PLAN_KEY = "quanzhou-st-14fyp"
REGION = "泉州市"
# The text names no issuing body; it speaks for the city (我市) under 市委、市政府, and the
# city's special plans are issued by the city government.
ISSUER = "泉州市人民政府"
ISSUER_NOTE = (
    "The document does not name its issuing body; the issuer is recorded as 泉州市人民政府 "
    "because the plan speaks for the city (我市)."
)

PROJECT_HEADER = (
    "序号",
    "项目名称",
    "项目内容",
    "总投资（亿元）",
    "起始年限",
    "项目单位",
    "所在县（市、区）",
)
INSTITUTE_HEADER = (
    "序号",
    "平台名称",
    "工作重点",
    "总投资（亿元）",
    "孵化、培育、引进企业（家）",
    "服务企业（家）",
    "成果转化应用（项）",
    "所在县（市、区）",
)
MAIN_INDICATOR_HEADER = ("序号", "指标名称", "指标单位", "2020年", "2025年目标值", "年均增长[累计]")
YEARLY_INDICATOR_HEADER = ("序号", "指标名称", "单位", *(f"{year}年" for year in range(2020, 2026)))


class _Kind(Enum):
    PROJECTS = "projects"
    INSTITUTES = "institutes"
    INDICATORS = "indicators"


@dataclass(frozen=True)
class _Spec:
    """What a table of this document holds and the header it must have."""

    kind: _Kind
    header: tuple[str, ...]
    optional_trailing: int = 0  # 表1 row 1 leaves out its growth column


# The tables of the document by the key its captions give them.
TABLES: dict[str, _Spec] = {
    "表1": _Spec(_Kind.INDICATORS, MAIN_INDICATOR_HEADER, optional_trailing=1),
    "附件1": _Spec(_Kind.PROJECTS, PROJECT_HEADER),
    "附件2": _Spec(_Kind.PROJECTS, PROJECT_HEADER),
    "附件3": _Spec(_Kind.PROJECTS, PROJECT_HEADER),
    "附件4": _Spec(_Kind.INSTITUTES, INSTITUTE_HEADER),
    "附件5": _Spec(_Kind.INDICATORS, YEARLY_INDICATOR_HEADER),
}

_ANNEX_RE = re.compile(r"^附件\s*(\d+)\s*$")  # "附件 1" alone on its line (not the list "附件：1.")
_BODY_TABLE_RE = re.compile(r"^表\s*(\d+)\s+(\S.*?)\s*$")  # "表 1 “十四五”时期……主要指标"
_TITLE_RE = re.compile(r"《(泉州市[^》]*规划)》")
_PERIOD_RE = re.compile(r"规划期为(\d{4}\s*[-－—–~至]+\s*\d{4})年")
_YEAR_HEADER_RE = re.compile(r"^(\d{4})年")


@dataclass(frozen=True)
class _Caption:
    key: str
    title: str
    line: int  # first line of the caption
    header_line: int  # first header cell
    is_annex: bool


def _find_captions(lines: Sequence[str]) -> list[_Caption]:
    """Captions of the tables in document order: ``附件 N`` with its title on the next
    non-blank line, and ``表 N title`` on one line."""
    captions: list[_Caption] = []
    for index, line in enumerate(lines):
        number = index + 1
        if match := _ANNEX_RE.match(line.strip()):
            title_line = _next_non_blank(lines, number + 1)
            title = lines[title_line - 1].strip()
            captions.append(
                _Caption(
                    f"附件{match.group(1)}",
                    title,
                    number,
                    _next_non_blank(lines, title_line + 1),
                    is_annex=True,
                )
            )
        elif not line.startswith("\t") and (match := _BODY_TABLE_RE.match(line.strip())):
            captions.append(
                _Caption(
                    f"表{match.group(1)}",
                    match.group(2),
                    number,
                    _next_non_blank(lines, number + 1),
                    is_annex=False,
                )
            )
    return captions


def _next_non_blank(lines: Sequence[str], start: int) -> int:
    """1-based number of the first non-blank line at or after ``start``."""
    for number in range(start, len(lines) + 1):
        if lines[number - 1].strip():
            return number
    raise LayoutError(start, "expected more text before the end of the document")


def _source(row: CellRow) -> SourceRef:
    return SourceRef(DOCUMENT, row.line_start, row.line_end, row.raw_text)


def _money(cell: Cell) -> int | None:
    try:
        return parse_money(cell.text)
    except CellError as error:
        raise CellError(f"{DOCUMENT} line {cell.line_start}: {error}") from error


def _count(cell: Cell) -> int | None:
    """A whole count of enterprises or results; ``None`` for an unknown mark or empty cell."""
    text = clean(cell.text)
    if text in {"", "-", "—", "/"}:
        return None
    if not text.isdigit():
        raise CellError(f"{DOCUMENT} line {cell.line_start}: “{cell.text}” is not a count")
    return int(text)


def _project_row(row: CellRow) -> ProjectRow:
    seq, name, description, investment, years, units, places = row.cells
    try:
        span = parse_years(years.text)
    except CellError as error:
        raise CellError(f"{DOCUMENT} line {years.line_start}: {error}") from error
    return ProjectRow(
        seq=seq.text,
        name=name.text,
        description=description.text,
        investment_raw=investment.text,
        investment_wan=_money(investment),
        years_raw=years.text,
        start_year=span.start,
        end_year=span.end,
        units_raw=units.text,
        places_raw=places.text,
        source=_source(row),
    )


def _institute_row(row: CellRow) -> InstituteRow:
    seq, name, focus, investment, incubated, served, transferred, places = row.cells
    return InstituteRow(
        seq=seq.text,
        name=name.text,
        work_focus=focus.text,
        investment_raw=investment.text,
        investment_wan=_money(investment),
        enterprises_incubated=_count(incubated),
        enterprises_served=_count(served),
        results_transferred=_count(transferred),
        places_raw=places.text,
        source=_source(row),
    )


def _indicator_rows(table: CellTable) -> list[IndicatorRow]:
    """Columns after 序号, 指标名称 and the unit: a header starting with a year holds that
    year's value ("2020年", "2025年目标值"); any other column is a note ("年均增长[累计]")."""
    year_columns: list[tuple[int, int]] = []
    note_columns: list[int] = []
    for column, heading in enumerate(table.header.texts[3:], start=3):
        if match := _YEAR_HEADER_RE.match(heading):
            year_columns.append((column, int(match.group(1))))
        else:
            note_columns.append(column)
    rows = []
    for row in table.rows:
        texts = row.texts
        targets = tuple(
            IndicatorTarget(year, texts[column]) for column, year in year_columns if texts[column]
        )
        note = " ".join(texts[column] for column in note_columns if texts[column])
        rows.append(IndicatorRow(texts[0], texts[1], texts[2], targets, _source(row), note=note))
    return rows


def _check_sequence(key: str, table: CellTable) -> None:
    """Rows are numbered 1, 2, 3, ...; a gap means a row was lost or split."""
    for expected, row in enumerate(table.rows, start=1):
        if row.texts[0] != str(expected):
            raise LayoutError(
                row.line_start, f"{key}: row numbered {row.texts[0]}, expected {expected}"
            )


def _duplicate_notes(table: ProjectTable) -> list[str]:
    """One note per project name that stands more than once in a table (kept, not dropped)."""
    seqs_by_name: dict[str, list[str]] = defaultdict(list)
    for row in table.rows:
        seqs_by_name[row.name].append(row.seq)
    return [
        f"{table.key}: “{name}” stands in rows {', '.join(seqs)}"
        for name, seqs in seqs_by_name.items()
        if len(seqs) > 1
    ]


def _plan_title_and_period(lines: Sequence[str]) -> tuple[str, int, int]:
    text = "\n".join(lines)
    title = _TITLE_RE.search(text)
    period = _PERIOD_RE.search(text)
    if title is None or period is None:
        raise LayoutError(1, "the preface names no plan title (《……规划》) or period (规划期为)")
    span = parse_years(period.group(1))
    if span.start is None or span.end is None:
        raise LayoutError(1, f"unreadable plan period “{period.group(1)}”")
    return title.group(1), span.start, span.end


def parse_quanzhou(path: Path) -> ParsedPlan:
    """Read the Quanzhou S&T plan at ``path`` into a :class:`ParsedPlan`.

    Raises ``LayoutError`` (with the line number) when a table is missing, has an unexpected
    header or a row of the wrong shape, and ``CellError`` for an unreadable amount or year.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    title, period_start, period_end = _plan_title_and_period(lines)
    every_caption = _find_captions(lines)
    captions = [c for c in every_caption if c.key in TABLES]
    found = [c.key for c in captions]
    missing = [key for key in TABLES if key not in found]
    if missing or len(found) != len(set(found)):
        raise LayoutError(1, f"expected tables {list(TABLES)} once each, found {found}")

    annex_lines = [c.line for c in every_caption if c.is_annex] + [len(lines) + 1]
    projects: list[ProjectTable] = []
    institutes: list[InstituteTable] = []
    indicators: list[IndicatorTable] = []
    for caption in captions:
        spec = TABLES[caption.key]
        # An annex runs to the next annex; a table in the body ends where the text resumes.
        end_line = min(n for n in annex_lines if n > caption.line) if caption.is_annex else None
        table = read_cell_table(
            lines,
            caption.header_line,
            header=spec.header,
            optional_trailing=spec.optional_trailing,
            end_line=end_line,
        )
        _check_sequence(caption.key, table)
        source = SourceRef(
            DOCUMENT,
            caption.line,
            table.header.line_end,
            "\n".join(lines[caption.line - 1 : table.header.line_end]),
        )
        if spec.kind is _Kind.PROJECTS:
            rows = tuple(_project_row(row) for row in table.rows)
            projects.append(ProjectTable(caption.key, caption.title, rows, source))
        elif spec.kind is _Kind.INSTITUTES:
            members = tuple(_institute_row(row) for row in table.rows)
            institutes.append(InstituteTable(caption.key, caption.title, members, source))
        else:
            targets = tuple(_indicator_rows(table))
            indicators.append(IndicatorTable(caption.key, caption.title, targets, source))

    notes = [ISSUER_NOTE]
    for project_table in projects:
        notes.extend(_duplicate_notes(project_table))
    return ParsedPlan(
        key=PLAN_KEY,
        title=title,
        issuer=ISSUER,
        level=PlanLevel.CITY,
        region=REGION,
        period_start=period_start,
        period_end=period_end,
        document=DOCUMENT,
        project_tables=tuple(projects),
        indicator_tables=tuple(indicators),
        institute_tables=tuple(institutes),
        notes=tuple(notes),
    )
