"""Column headers of project tables as planning offices write them, and how to find them.

Real tables name the same column in several ways (项目单位, 承担单位（建设主体）, 建设主体, ...) and
break headers across lines inside a cell (``所在县\\n（市、区）``). Headers are compared after
NFKC normalization (full-width brackets become ASCII) with all white space removed.

The header row need not be the first row: a caption (``附件1``, the table's title, a line
``单位：亿元``) may stand above it. A header may take two rows when cells are merged: a
group header over sub-headers (``起止年限`` over ``开始年份`` and ``结束年份``).

>>> match_header("所在县\\n（市、区）").field
<Field.PLACES: 'places'>
>>> match_header("总投入 (亿元)")
HeaderMatch(field=<Field.TOTAL: 'total'>, unit=<MoneyUnit.YI: '亿元'>, unit_text='亿元')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from portfolio.cells import MoneyUnit

_SPACES = re.compile(r"\s+")
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # str.splitlines' own


class Field(StrEnum):
    """What a column of a project table holds."""

    SEQ = "seq"
    NAME = "name"
    DESCRIPTION = "description"
    TOTAL = "total"
    YEARS_RANGE = "years_range"  # start-end; a single year is a one-year project
    YEARS_COMPLETION = "years_completion"  # completion year only
    YEAR_START = "year_start"
    YEAR_END = "year_end"
    UNITS = "units"
    PLACES = "places"


# As real tables write them; the first of each is the template's header (money without unit).
SYNONYMS: dict[Field, tuple[str, ...]] = {
    Field.SEQ: ("序号", "编号"),
    Field.NAME: ("项目名称", "名称", "平台名称"),
    Field.DESCRIPTION: ("项目内容", "建设内容", "建设内容及预期目标", "工作重点"),
    Field.TOTAL: ("总投资", "总投入", "投资总额", "总投资额"),
    Field.YEARS_RANGE: ("起始年限", "建设年限", "起止年限", "建设期限"),
    Field.YEARS_COMPLETION: ("计划完成时间", "完成时间", "竣工时间"),
    Field.YEAR_START: ("开始年份", "起始年份"),
    Field.YEAR_END: ("结束年份", "完成年份"),
    Field.UNITS: (
        "项目单位",
        "承担单位",
        "建设主体",
        "承担单位（建设主体）",
        "责任单位",
        "建设单位",
    ),
    Field.PLACES: ("所在县（市、区）", "所在县", "所在地区", "所在地", "建设地点", "县（市、区）"),
}

# Headers of the template's project sheet, in order.
TEMPLATE_HEADERS: tuple[str, ...] = (
    "序号",
    "项目名称",
    "项目内容",
    "总投资（亿元）",
    "起始年限",
    "项目单位",
    "所在县（市、区）",
)

# Keys of the optional plan sheet (规划 / Plan), by the attribute they fill.
PLAN_SHEET_NAMES = ("规划", "plan")
PLAN_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("规划名称", "名称", "title"),
    "issuer": ("发布单位", "印发单位", "issuer"),
    "level": ("层级", "级别", "level"),
    "region": ("地区", "行政区", "region"),
    "period": ("规划期", "规划期限", "期限", "period"),
    "doc_number": ("文号", "doc_number", "documentnumber"),
}
# A first row of the plan sheet naming its columns, not a key.
PLAN_HEADER_WORDS = frozenset({"字段", "key", "field"})
# Sheets that explain the template; never read as tables.
NOTE_SHEET_NAMES = ("说明", "instructions", "readme")

HEADER_SCAN_ROWS = 10  # the header row must be among the first rows of a sheet

_UNIT_WORDS = {"亿元": MoneyUnit.YI, "亿": MoneyUnit.YI, "万元": MoneyUnit.WAN, "万": MoneyUnit.WAN}
_BRACKETED = re.compile(r"^(?:[(\[【](.*)[)\]】]|[/:](.+))$")
_TRAILING_NOTE = re.compile(r"^(.+?)[(\[【].*[)\]】]$")
_CAPTION_UNIT = re.compile(r"^[(\[【]?(?:金额)?单位[:]?(亿元|万元)[)\]】]?$")


def normalize_header(text: str) -> str:
    """NFKC-normalize, drop all white space (line breaks inside header cells), lower-case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


def display_header(text: str) -> str:
    """A header as written, with the line breaks and spaces of a wrapped cell removed."""
    return _SPACES.sub("", text)


def join_wrapped(text: str) -> str:
    """Join the lines of a wrapped cell: Chinese lines without a space, Latin words with one."""
    if not _LINE_BREAK.search(text):  # most cells: one line
        return text.strip()
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        latin = joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii()
        joined += (" " if latin and line[0].isalnum() else "") + line
    return joined


_LOOKUP: dict[str, Field] = {
    normalize_header(synonym): field for field, synonyms in SYNONYMS.items() for synonym in synonyms
}
_MONEY_BASES = sorted((normalize_header(s) for s in SYNONYMS[Field.TOTAL]), key=len, reverse=True)


@dataclass(frozen=True)
class HeaderMatch:
    """A recognized header. For money, ``unit`` is the unit the header states (``None`` when it
    states none, or one that is not supported; ``unit_text`` then says what was written)."""

    field: Field
    unit: MoneyUnit | None = None
    unit_text: str = ""


def match_header(text: str) -> HeaderMatch | None:
    """Recognize a header cell, or return ``None`` for a column the importer does not know."""
    key = normalize_header(text)
    if not key:
        return None
    for base in _MONEY_BASES:
        if key.startswith(base):
            rest = key[len(base) :]
            bracketed = _BRACKETED.match(rest)
            if rest and not bracketed:
                continue  # e.g. 总投资中财政资金: another column
            unit_text = (bracketed.group(1) or bracketed.group(2)) if bracketed else ""
            return HeaderMatch(Field.TOTAL, _UNIT_WORDS.get(unit_text), unit_text)
    if key in _LOOKUP:
        return HeaderMatch(_LOOKUP[key])
    note = _TRAILING_NOTE.match(key)  # 项目单位（盖章）: a remark after a known header
    if note and note.group(1) in _LOOKUP:
        return HeaderMatch(_LOOKUP[note.group(1)])
    return None


@dataclass(frozen=True)
class Column:
    """A column of a table: 0-based index, header as written, and what it holds if known."""

    index: int
    header: str
    match: HeaderMatch | None


@dataclass(frozen=True)
class HeaderLayout:
    """Where a table's header is (0-based rows of the sheet) and what its columns hold."""

    first_row: int
    last_row: int
    columns: tuple[Column, ...]
    caption: str  # the caption rows above the header, without a unit line
    caption_unit: MoneyUnit | None  # from a line such as 单位：亿元 above the header

    def column(self, field: Field) -> Column | None:
        """The first column holding ``field``."""
        return next((c for c in self.columns if c.match and c.match.field is field), None)


def _score(columns: Sequence[Column]) -> int:
    return len({c.match.field for c in columns if c.match})


def _single_row(cells: Sequence[str]) -> list[Column]:
    return [Column(i, display_header(text), match_header(text)) for i, text in enumerate(cells)]


def _two_rows(main: Sequence[str], sub: Sequence[str]) -> list[Column] | None:
    """Combine a group header row with the sub-header row below it, or ``None`` when the
    row below is not a sub-header row (no column is recognized from it)."""
    columns: list[Column] = []
    from_sub = False
    carried = ""  # a merged group header spans the empty cells to its right
    for i in range(max(len(main), len(sub))):
        top = main[i].strip() if i < len(main) else ""
        below = sub[i].strip() if i < len(sub) else ""
        carried = top or carried
        candidates = [below, carried + below] if below else []
        chosen = next((text for text in candidates if match_header(text)), None)
        if chosen is not None:
            from_sub = True
        elif top:
            chosen = top if not below else top + below
        else:
            chosen = below
        columns.append(Column(i, display_header(chosen), match_header(chosen)))
    return columns if from_sub else None


def _caption(rows: Sequence[Sequence[str]]) -> tuple[str, MoneyUnit | None]:
    parts: list[str] = []
    unit: MoneyUnit | None = None
    for row in rows:
        for cell in row:
            found = _CAPTION_UNIT.match(normalize_header(cell))
            if found:
                unit = _UNIT_WORDS[found.group(1)]
            elif cell.strip():
                parts.append(join_wrapped(cell))
    return " ".join(parts), unit


def find_header(rows: Sequence[Sequence[str]]) -> HeaderLayout | None:
    """Find the header among the first ``HEADER_SCAN_ROWS`` rows (cells as text).

    The header is the row naming the most known columns, at least two; ``None`` when no row
    does (a sheet of notes, an empty sheet).
    """
    best: tuple[int, int, list[Column]] | None = None  # score, row, columns
    for number, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns = _single_row(cells)
        score = _score(columns)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, number, columns)
    if best is None:
        return None
    score, first, columns = best
    last = first
    name = next((c for c in columns if c.match and c.match.field is Field.NAME), None)
    if first + 1 < len(rows):
        below = rows[first + 1]
        name_below = below[name.index].strip() if name and name.index < len(below) else ""
        combined = None if name_below else _two_rows(rows[first], below)
        if combined is not None and _score(combined) >= score:
            columns, last = combined, first + 1
    caption, unit = _caption(rows[:first])
    return HeaderLayout(first, last, tuple(columns), caption, unit)


def describe(field: Field) -> str:
    """How a missing column is named to the user."""
    if field is Field.TOTAL:
        return "总投资（亿元） or 总投资（万元） (total investment)"
    if field is Field.YEARS_RANGE:
        return "起始年限 (years; or 计划完成时间, or 开始年份 and 结束年份)"
    return f"{SYNONYMS[field][0]} ({field.value})"


def layout_problems(layout: HeaderLayout) -> list[tuple[Column | None, str]]:
    """What is wrong with a header: missing, repeated or ambiguous columns, money without a
    unit. Each problem names the column it is about, or ``None`` for the header row."""
    problems: list[tuple[Column | None, str]] = []
    seen: dict[Field, Column] = {}
    for column in layout.columns:
        if column.match is None:
            continue
        field = column.match.field
        if field in seen:
            problems.append(
                (column, f"a second column for {field.value} (first: {seen[field].header})")
            )
            continue
        seen[field] = column
    missing = [f for f in (Field.NAME, Field.TOTAL) if f not in seen]
    year_kinds = [
        f for f in (Field.YEARS_RANGE, Field.YEARS_COMPLETION, Field.YEAR_END) if f in seen
    ]
    if not year_kinds and Field.YEAR_START not in seen:  # a lone start column: see below
        missing.append(Field.YEARS_RANGE)
    if missing:
        names = "; ".join(describe(f) for f in missing)
        problems.append((None, f"the header row lacks required columns: {names}"))
    if len(year_kinds) > 1:
        second = seen[year_kinds[1]]
        problems.append(
            (second, f"years are given twice (also in {seen[year_kinds[0]].header}); keep one")
        )
    if Field.YEAR_START in seen and Field.YEAR_END not in seen:
        problems.append((seen[Field.YEAR_START], "a start-year column needs an end-year column"))
    total = seen.get(Field.TOTAL)
    if total is not None and total.match is not None:
        problems.extend((total, text) for text in _unit_problems(total.match, layout))
    return problems


def _unit_problems(match: HeaderMatch, layout: HeaderLayout) -> list[str]:
    if match.unit_text and match.unit is None:
        return [f"money unit “{match.unit_text}” is not supported; use 亿元 or 万元"]
    if match.unit is None and layout.caption_unit is None:
        return [
            "the money header gives no unit; write 总投资（亿元） or 总投资（万元） "
            "(or a line 单位：亿元 above the header)"
        ]
    if match.unit and layout.caption_unit and match.unit is not layout.caption_unit:
        return [
            f"the header says {match.unit.value} but the line above the table says "
            f"单位：{layout.caption_unit.value}"
        ]
    return []


def money_unit(layout: HeaderLayout) -> MoneyUnit | None:
    """The unit of the money column: the header's, else the caption's."""
    total = layout.column(Field.TOTAL)
    unit = total.match.unit if total and total.match else None
    return unit or layout.caption_unit
