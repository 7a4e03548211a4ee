"""Reading tables laid out one cell per line, as in Quanzhou's plan annexes.

The layout, as text extracted from the documents gives it::

    <TAB>序号            header: one tab-indented line per cell
    <TAB>项目名称
    <TAB>所在县
                        a cell may break across lines: the rest follows on lines
    （市、区）           without the tab, possibly after blank lines
                        rows are separated by blank lines
    <TAB>1              a row starts with a tab-indented sequence number after a blank line
    <TAB>汉威……
    <TAB>               an empty cell is a lone tab

The column count is the number of header cells. Every row is checked against it, and a row
with too few or too many cells is refused with the line where it starts, because a silently
shifted cell would put money into the wrong column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# A sequence number as the first cell of a row: "1", "42".
SEQ_RE = re.compile(r"^\d+$")


class LayoutError(ValueError):
    """The text does not have the shape of a one-cell-per-line table.

    ``line`` is the 1-based line of the document where the problem shows.
    """

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Cell:
    """The text of one cell (its wrapped lines joined) and the lines it spans (1-based)."""

    text: str
    line_start: int
    line_end: int


@dataclass(frozen=True)
class CellRow:
    """A header or data row: its cells and the lines it spans, blank lines within included."""

    cells: tuple[Cell, ...]
    line_start: int
    line_end: int
    raw_text: str

    @property
    def texts(self) -> tuple[str, ...]:
        """The cells' texts, in column order."""
        return tuple(cell.text for cell in self.cells)


@dataclass(frozen=True)
class CellTable:
    """A table read from the layout: the header row and the data rows, in document order."""

    header: CellRow
    rows: tuple[CellRow, ...]

    @property
    def columns(self) -> int:
        """Number of columns, as the header has cells."""
        return len(self.header.cells)

    @property
    def line_end(self) -> int:
        """Last non-blank line of the table."""
        return self.rows[-1].line_end if self.rows else self.header.line_end


def _squeeze(text: str) -> str:
    """Text with all white space removed, to compare header cells as printed."""
    return re.sub(r"\s+", "", text)


def _join(head: str, tail: str) -> str:
    """Join a wrapped cell's pieces. Chinese text wraps anywhere and joins without a space;
    two Latin words or numbers split at the line break get one back."""
    latin_end = bool(head) and head[-1].isascii() and head[-1].isalnum()
    latin_start = bool(tail) and tail[0].isascii() and tail[0].isalnum()
    return f"{head} {tail}" if latin_end and latin_start else head + tail


class _RowBuilder:
    """A row being read: cells as mutable pieces until the row is complete."""

    def __init__(self, line: int) -> None:
        self.line_start = line
        self.line_end = line
        self.texts: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add_cell(self, text: str, line: int) -> None:
        self.texts.append(text)
        self.starts.append(line)
        self.ends.append(line)
        self.line_end = line

    def continue_cell(self, text: str, line: int) -> None:
        self.texts[-1] = _join(self.texts[-1], text)
        self.ends[-1] = line
        self.line_end = line

    def build(self, lines: Sequence[str], columns: int | None = None) -> CellRow:
        """Freeze the row; pad missing trailing cells with empty ones up to ``columns``."""
        cells = [
            Cell(text, start, end)
            for text, start, end in zip(self.texts, self.starts, self.ends, strict=True)
        ]
        if columns is not None:
            cells += [Cell("", self.line_end, self.line_end)] * (columns - len(cells))
        raw = "\n".join(lines[self.line_start - 1 : self.line_end])
        return CellRow(tuple(cells), self.line_start, self.line_end, raw)


def read_cell_table(
    lines: Sequence[str],
    first_line: int,
    *,
    header: Sequence[str] | None = None,
    optional_trailing: int = 0,
    end_line: int | None = None,
) -> CellTable:
    """Read the table whose first header cell is on line ``first_line`` (1-based).

    ``lines`` are the document's lines without line breaks. ``header`` is the expected
    header cells (compared with white space removed, since wrapped headers are common);
    ``optional_trailing`` is how many last columns a row may leave out (they are returned
    as empty cells). Without ``end_line`` the table ends at the first unindented text line
    after a blank line once the current row is complete (the narrative resuming); with
    ``end_line`` (exclusive, e.g. the next annex caption) every line before it must belong
    to the table.

    Raises ``LayoutError`` naming the line for a header that differs from ``header``, a row
    with the wrong number of cells, a table without rows, or stray text before ``end_line``.
    """
    stop = len(lines) + 1 if end_line is None else min(end_line, len(lines) + 1)
    if not 1 <= first_line < stop or not lines[first_line - 1].startswith("\t"):
        raise LayoutError(first_line, "expected the first header cell, indented by a tab")

    head = _RowBuilder(first_line)
    rows: list[_RowBuilder] = []
    current = head
    min_cells = 0  # known once the header is complete, i.e. when the first row starts
    after_blank = False
    stray_line: int | None = None

    for number in range(first_line, stop):
        line = lines[number - 1]
        if line.startswith("\t"):
            text = line.strip()
            # A number after a blank line starts a row, unless the row being read still
            # lacks cells: then it is a cell of that row (an amount such as "2" that
            # follows a blank line inside a wrapped row).
            if (
                after_blank
                and SEQ_RE.match(text)
                and (current is head or len(current.texts) >= min_cells)
            ):
                if current is head:
                    min_cells = max(len(head.texts) - optional_trailing, 1)
                current = _RowBuilder(number)
                rows.append(current)
            current.add_cell(text, number)
        elif not line.strip():
            after_blank = True
            continue
        elif after_blank and current is not head and len(current.texts) >= min_cells:
            # Unindented text after a blank line, the row complete: the table is over.
            stray_line = number
            break
        else:
            current.continue_cell(line.strip(), number)
        after_blank = False

    if stray_line is not None and end_line is not None:
        raise LayoutError(
            stray_line, f"text after the last row of the table, before line {end_line}"
        )

    header_row = head.build(lines)
    if header is not None and [_squeeze(t) for t in header_row.texts] != [
        _squeeze(t) for t in header
    ]:
        raise LayoutError(
            first_line,
            f"table header is {list(header_row.texts)}, expected {list(header)}",
        )
    if not rows:
        raise LayoutError(first_line, "table has a header but no rows")

    columns = len(header_row.cells)
    built: list[CellRow] = []
    for row in rows:
        count = len(row.texts)
        if not columns - optional_trailing <= count <= columns:
            expected = (
                f"{columns}"
                if optional_trailing == 0
                else f"{columns - optional_trailing} to {columns}"
            )
            raise LayoutError(
                row.line_start,
                f"row {row.texts[0]} has {count} cells, expected {expected} "
                f"(lines {row.line_start}-{row.line_end})",
            )
        built.append(row.build(lines, columns))
    return CellTable(header_row, tuple(built))
