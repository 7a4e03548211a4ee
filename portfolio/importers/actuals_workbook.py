"""The cells of a progress report's file, sheet by sheet: the one place that opens it.

An .xlsx passes the project import's checks first (size, an old .xls or a protected
workbook, a text file renamed, a damaged zip or a zip bomb: ``sheet_files``), then
python-calamine reads its cells (:mod:`portfolio.importers.xlsx_sheets`, as the project
import does). Formulas are read as formulas (:class:`Formula`), not as the value Excel last
computed: a report's figures are typed, and a formula is refused where it stands. A .csv
file is one sheet (``title`` None).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from portfolio.importers.sheet_files import Cell, check_size, csv_rows, fail
from portfolio.importers.xlsx_sheets import Sheet, open_workbook


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula (``=SUM(B2:B9)``) rather than a value; ``=`` alone for a
    cell that shares another cell's formula."""

    text: str


@dataclass(frozen=True)
class SheetCells:
    """A sheet's rows of cell values (str, int, float, bool, date, datetime, None or
    :class:`Formula`); row ``i`` is Excel's row ``i + 1``."""

    title: str | None
    rows: list[tuple[object, ...]]


def read_cells(path: Path, max_bytes: int) -> list[SheetCells]:
    """Every worksheet of ``path`` (.xlsx/.xlsm, or .csv as one sheet), in the workbook's
    order.

    Raises ``ImportFileError`` for a file that cannot be read, naming why."""
    check_size(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [SheetCells(None, [tuple(row) for row in csv_rows(path)])]
    if suffix not in (".xlsx", ".xlsm"):
        fail(path.name, f"unsupported file type “{path.suffix}”; use .xlsx or .csv")
    with open_workbook(path, max_bytes) as book:
        return [_cells(book.sheet(name)) for name in book.sheet_names()]


def _cells(sheet: Sheet) -> SheetCells:
    rows = []
    for number, row in enumerate(sheet.rows, start=1):
        rows.append(_row(row, sheet.formulas.get(number, {})))
    return SheetCells(sheet.name, rows)


def _row(row: Sequence[Cell], formulas: Mapping[int, str]) -> tuple[object, ...]:
    """A row's values, empty cells as ``None`` and formula cells as :class:`Formula`."""
    cells: list[object] = [None if value == "" else value for value in row]
    for column, text in formulas.items():
        cells.extend([None] * (column + 1 - len(cells)))
        cells[column] = Formula(f"={text}")
    return tuple(cells)
