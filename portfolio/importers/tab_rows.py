"""Helpers shared by the parsers of Fujian's provincial-style plan documents.

These documents were converted from PDF: a table row stands on one line with its cells
separated by tabs, a cell that wrapped inside the PDF carries stray spaces where it broke
(``福州市政府、 中国科学院海 西创新研究院``), and the header row is repeated on every page.
This module reads such tables by their layout (caption, header, rows numbered 1..n) and
offers the small text rules every parser of these documents needs.

Wrap-space rule (:func:`compact`): a run of white space survives, as one space, only
between two ASCII letters or digits (``Mini/Micro LED``); every other run is a wrap
artefact and is removed (``5G 通信`` → ``5G通信``, ``实验室 (筹建)`` → ``实验室(筹建)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from portfolio.records import IndicatorRow, IndicatorTable, IndicatorTarget, SourceRef


class LayoutError(ValueError):
    """A document whose tables do not have the layout its parser reads."""


_WRAP_SPACE_RE = re.compile(r"\s+")
_TAG_RE = re.compile(r"</?[A-Za-z]+\s*/?>")
_SEQ_RE = re.compile(r"^\d+$")
_YEAR_HEADER_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_DOC_NUMBER_RE = re.compile(r"^\s*(\S{1,8}〔\d{4}〕\d+号)\s*$")
_TITLE_IN_NOTICE_RE = re.compile(r"《([^》]+)》已经")
_PERIOD_RE = re.compile(
    r"(?:规划期限|规划期|期限)\s*[为是]?\s*((?:19|20)\d{2})\s*[—\-－–~～至]+\s*((?:19|20)\d{2})\s*年"
)


def read_lines(path: Path) -> list[str]:
    """Return the lines of a UTF-8 text document; ``lines[i]`` is line ``i + 1``."""
    return [line.rstrip("\r") for line in path.read_text(encoding="utf-8").split("\n")]


def _is_ascii_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def compact(text: str) -> str:
    """Remove the spaces a PDF line wrap left inside a cell (see the module docstring).

    >>> compact("福州市政府、 中国科学院海 西创新研究院")
    '福州市政府、中国科学院海西创新研究院'
    >>> compact("集成电路、新型显示和 5G 通信关键技术")
    '集成电路、新型显示和5G通信关键技术'
    >>> compact(" Mini/Micro  LED 显示 ")
    'Mini/Micro LED显示'
    """
    text = text.strip()
    pieces: list[str] = []
    position = 0
    for match in _WRAP_SPACE_RE.finditer(text):
        before, after = text[match.start() - 1], text[match.end()]
        pieces.append(text[position : match.start()])
        # A space between two Latin words or numbers is a real word space.
        if _is_ascii_word_char(before) and _is_ascii_word_char(after):
            pieces.append(" ")
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def strip_markup(text: str) -> str:
    """Drop HTML tags (``<p>``) that the conversion left in some cells."""
    return _TAG_RE.sub("", text)


def header_key(text: str) -> str:
    """A header cell without any white space, for comparing repeated headers."""
    return _WRAP_SPACE_RE.sub("", text)


def source_ref(document: str, lines: list[str], line_start: int, line_end: int) -> SourceRef:
    """Reference to lines ``line_start..line_end`` (1-based, inclusive) of a document."""
    raw_text = "\n".join(lines[line_start - 1 : line_end])
    return SourceRef(document=document, line_start=line_start, line_end=line_end, raw_text=raw_text)


@dataclass(frozen=True)
class NoticeHeader:
    """What the cover notice (印发通知) of a provincial plan states about the plan."""

    issuer: str
    doc_number: str
    title: str


def read_notice_header(lines: list[str]) -> NoticeHeader:
    """Read issuer, document number and plan title from a provincial notice.

    The notice opens with ``<issuer>文件`` and the document number on its own line, and
    names the plan as ``《<title>》已经省政府研究同意``.
    """
    issuer = next((line.strip()[:-2] for line in lines if line.strip().endswith("文件")), "")
    doc_number = next((m.group(1) for line in lines if (m := _DOC_NUMBER_RE.match(line))), "")
    title = next((m.group(1) for line in lines if (m := _TITLE_IN_NOTICE_RE.search(line))), "")
    if not issuer or not title:
        raise LayoutError("the cover notice names no issuer (…文件) or no plan (《…》已经)")
    return NoticeHeader(issuer=issuer.strip(), doc_number=doc_number, title=title)


def find_period(lines: list[str]) -> tuple[int, int]:
    """The plan period as the document states it (``规划期为2021—2025年``)."""
    for line in lines:
        match = _PERIOD_RE.search(line)
        if match:
            return int(match.group(1)), int(match.group(2))
    raise LayoutError("the document states no plan period (规划期为…—…年)")


def split_cells(line: str) -> list[str]:
    """The tab-separated cells of a line, each trimmed of surrounding white space."""
    return [cell.strip() for cell in line.split("\t")]


@dataclass(frozen=True)
class TabRow:
    """A table row: its line number and its cells, in the order of the header."""

    line_no: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class TabTable:
    """A tab-separated table as found between its caption and the next caption."""

    caption_line: int
    header_line: int
    header: tuple[str, ...]  # header cells as compared: white space removed
    rows: tuple[TabRow, ...]
    repeated_headers: tuple[int, ...]  # line numbers of page headers that were skipped

    def cell(self, row: TabRow, column: str) -> str:
        """The cell of ``row`` under the header ``column`` (white-space free)."""
        return row.cells[self.header.index(column)]


def read_tab_table(lines: list[str], caption_line: int, stop_lines: set[int]) -> TabTable:
    """Read the table whose caption stands at ``caption_line`` (1-based).

    The first non-blank line after the caption is the header; it must contain ``序号``. A
    row is a line with as many cells as the header whose ``序号`` cell is a number; a line
    equal to the header (white space ignored) is a repeated page header and is skipped.
    The table ends at the first other non-blank line or at a line in ``stop_lines`` (the
    next caption). So that a row lost to a broken line is noticed rather than skipped,
    rows must be numbered 1, 2, 3, ... and no row-shaped line may follow the end before
    the next line in ``stop_lines``.
    """
    line_no = caption_line + 1
    while line_no <= len(lines) and not lines[line_no - 1].strip():
        line_no += 1
    if line_no > len(lines):
        raise LayoutError(f"no header after the caption on line {caption_line}")
    header = tuple(header_key(cell) for cell in split_cells(lines[line_no - 1]))
    while header and not header[-1]:
        header = header[:-1]
    if "序号" not in header:
        raise LayoutError(f"line {line_no} after the caption on line {caption_line} is no header")
    header_line = line_no
    seq_index = header.index("序号")
    rows: list[TabRow] = []
    repeated: list[int] = []
    ended_at: int | None = None
    for line_no in range(header_line + 1, len(lines) + 1):
        line = lines[line_no - 1]
        if line_no in stop_lines:
            break
        if not line.strip():
            continue
        cells = split_cells(line)
        while len(cells) > len(header) and not cells[-1]:
            cells.pop()  # trailing tabs after the last cell
        is_row = len(cells) == len(header) and bool(_SEQ_RE.match(cells[seq_index]))
        if ended_at is not None:
            # A row-shaped line after the end means a broken line cut the table short.
            if is_row:
                raise LayoutError(f"line {line_no}: a row after the table ended on {ended_at}")
            continue
        if tuple(header_key(cell) for cell in cells[: len(header)]) == header:
            repeated.append(line_no)
        elif is_row:
            rows.append(TabRow(line_no=line_no, cells=tuple(cells)))
        else:
            ended_at = line_no
    numbers = [int(row.cells[seq_index]) for row in rows]
    if numbers != list(range(1, len(rows) + 1)):
        raise LayoutError(f"table on line {caption_line}: rows numbered {numbers}, not 1..n")
    return TabTable(
        caption_line=caption_line,
        header_line=header_line,
        header=header,
        rows=tuple(rows),
        repeated_headers=tuple(repeated),
    )


def header_years(header: tuple[str, ...]) -> dict[int, int]:
    """Map column index to year for header cells such as ``2020年`` or ``2025年目标``."""
    years: dict[int, int] = {}
    for index, cell in enumerate(header):
        match = _YEAR_HEADER_RE.search(cell)
        if match:
            years[index] = int(match.group(1))
    return years


def indicator_table(
    document: str, lines: list[str], table: TabTable, key: str, title: str
) -> IndicatorTable:
    """Turn a tab-separated indicator table (专栏1 of the S&T plans) into records.

    Columns are found by header: ``序号``, ``指标名称``, ``单位``, one column per year
    (``2020年``, ``2025年目标``), optionally ``类别`` and ``指标属性``; any other column
    (``年均增长[累计]``) goes to the row's note. Values are kept as written; an empty cell
    gives a target with ``value_raw == ""``.
    """
    for needed in ("序号", "指标名称", "单位"):
        if needed not in table.header:
            raise LayoutError(f"indicator table on line {table.caption_line} lacks {needed}")
    years = header_years(table.header)
    if not years:
        raise LayoutError(f"indicator table on line {table.caption_line} has no year column")
    known = {"序号", "指标名称", "单位", "类别", "指标属性"}
    note_columns = [
        i for i, cell in enumerate(table.header) if cell not in known and i not in years
    ]
    rows: list[IndicatorRow] = []
    for row in table.rows:
        rows.append(
            IndicatorRow(
                seq=table.cell(row, "序号"),
                name=compact(table.cell(row, "指标名称")),
                unit=table.cell(row, "单位"),
                targets=tuple(
                    IndicatorTarget(year=year, value_raw=row.cells[index])
                    for index, year in years.items()
                ),
                source=source_ref(document, lines, row.line_no, row.line_no),
                category=table.cell(row, "类别") if "类别" in table.header else "",
                attribute=table.cell(row, "指标属性") if "指标属性" in table.header else "",
                note=" ".join(row.cells[i] for i in note_columns if row.cells[i]),
            )
        )
    return IndicatorTable(
        key=key,
        title=title,
        rows=tuple(rows),
        source=source_ref(document, lines, table.caption_line, table.header_line),
    )


_BOX_CAPTION_RE = re.compile(r"^\s*专栏\s*(\d+)\s*[：:]?\s*(.+?)\s*$")


def find_indicator_boxes(lines: list[str]) -> list[tuple[int, str, str]]:
    """Captions of boxes (专栏) that hold an indicator table, as (line, key, title).

    A box caption counts when the next non-blank line is a tab-separated header with
    ``序号`` and ``指标名称`` (see :func:`header_follows`); entries of the table of
    contents and boxes of prose do not.
    """
    found: list[tuple[int, str, str]] = []
    for index, line in enumerate(lines):
        match = _BOX_CAPTION_RE.match(line.replace("\t", " "))
        if match and header_follows(lines, index + 1, "序号", "指标名称"):
            found.append((index + 1, f"专栏{match.group(1)}", match.group(2)))
    return found


def header_follows(lines: list[str], caption_line: int, *columns: str) -> bool:
    """Whether the first non-blank line after ``caption_line`` is a tab-separated header
    with all of ``columns``; tells a caption from its entry in the table of contents."""
    following = next((line for line in lines[caption_line:] if line.strip()), "")
    return set(columns) <= {header_key(cell) for cell in split_cells(following)}
