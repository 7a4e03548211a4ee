"""The cells of a progress report's file, sheet by sheet: the one place that opens it.

An .xlsx passes the project import's checks first (size, an old .xls or a protected
workbook, a text file renamed, a damaged zip or a zip bomb: ``sheet_files``), then openpyxl
streams its rows. Formulas are read as formulas (:class:`Formula`), not as the value Excel
last computed: a report's figures are typed, and a formula is refused where it stands.
A .csv file is one sheet (``title`` None). Kept apart so that the reading can change (a
faster reader) without touching the checks of ``actuals_sheet``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from portfolio.importers.sheet_files import (
    check_size,
    check_workbook_file,
    csv_rows,
    fail,
)


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula (``=SUM(B2:B9)``) rather than a value."""

    text: str


@dataclass(frozen=True)
class SheetCells:
    """A sheet's rows of cell values (str, int, float, bool, datetime, None or
    :class:`Formula`); row ``i`` is Excel's row ``i + 1``."""

    title: str | None
    rows: list[tuple[object, ...]]


def read_cells(path: Path, max_bytes: int) -> list[SheetCells]:
    """Every sheet of ``path`` (.xlsx/.xlsm, or .csv as one sheet), in the workbook's order.

    Raises ``ImportFileError`` for a file that cannot be read, naming why."""
    check_size(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [SheetCells(None, [tuple(row) for row in csv_rows(path)])]
    if suffix not in (".xlsx", ".xlsm"):
        fail(path.name, f"unsupported file type “{path.suffix}”; use .xlsx or .csv")
    check_workbook_file(path, max_bytes)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged file
        fail(path.name, f"the workbook is damaged and cannot be read ({exc})")
    try:
        return [_sheet(path.name, sheet) for sheet in book.worksheets]
    finally:
        book.close()


def _sheet(document: str, sheet: Any) -> SheetCells:
    if not hasattr(sheet, "iter_rows"):  # a chart sheet holds no cells
        return SheetCells(sheet.title, [])
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # saved dimensions can be wrong; read every row there is
    try:
        rows = [tuple(_value(cell) for cell in row) for row in sheet.iter_rows()]
    except Exception as exc:  # only openpyxl runs here: the sheet's XML is damaged
        fail(document, f"the sheet is damaged and cannot be read ({exc})", sheet.title)
    return SheetCells(sheet.title, rows)


def _value(cell: Any) -> object:
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(getattr(cell.value, "text", None) or cell.value))
    return cell.value
