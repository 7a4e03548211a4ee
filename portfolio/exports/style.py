"""Cell styles and safe cell making for the export workbooks.

Styles are made once per workbook as prototype cells; each new cell copies a prototype's style
record, which is much faster than setting fonts and fills cell by cell (a 5,000-project
schedule has some 300,000 cells). Text that looks like a formula is always written as text.
"""

from __future__ import annotations

from copy import copy
from decimal import Decimal
from typing import Any, cast

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from portfolio.cells import WAN_PER_YI
from portfolio.exports.model import MoneyUnit

# Characters that make a spreadsheet read a typed text as a formula (or a DDE call).
FORMULA_STARTS = ("=", "+", "-", "@")


def csv_text(text: str) -> str:
    """A CSV field a spreadsheet opens as the text it is, never as a formula.

    Text starting like a formula gets a leading apostrophe; a lone "-" (unknown) is no formula.

    >>> csv_text("=HYPERLINK(1)"), csv_text("-"), csv_text("晋江市")
    ("'=HYPERLINK(1)", '-', '晋江市')
    """
    if len(text) > 1 and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


FILL_HEADER = "1F4E78"
FILL_ACTIVE = "9DC3E6"  # a year the project runs as planned
FILL_DELAYED = "F4B183"  # a year it runs only because it slipped
FILL_VACATED = "E7E6E6"  # a planned year it no longer runs
FILL_SUBTOTAL = "DDEBF7"
FILL_TOTAL = "BDD7EE"

_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def money_value(wan: int, unit: MoneyUnit) -> int | float:
    """A money cell's value: 万元 as they are, or 亿元 = 万元 / 10,000.

    The 亿元 number is the double nearest to the exact quotient; its shortest text (what the
    file stores) is the exact decimal, so ``Decimal(str(value)) * 10000`` gives back the 万元.

    >>> money_value(1330, MoneyUnit.YI)
    0.133
    """
    if unit is MoneyUnit.WAN:
        return wan
    return float(Decimal(wan) / WAN_PER_YI)


def money_format(unit: MoneyUnit) -> str:
    return "#,##0" if unit is MoneyUnit.WAN else "#,##0.0000"


class Styles:
    """Prototype styles of one workbook, by name."""

    def __init__(self, book: Workbook, unit: MoneyUnit) -> None:
        sheet = book.create_sheet("_styles")
        money = money_format(unit)
        self._cells: dict[str, Cell] = {}

        def make(name: str, **attrs: object) -> None:
            cell = Cell(sheet, row=1, column=1)
            for attr, value in attrs.items():
                setattr(cell, attr, value)
            self._cells[name] = cell

        def fill(color: str) -> PatternFill:
            return PatternFill("solid", fgColor=color)

        wrap = Alignment(wrap_text=True, vertical="center")
        middle = Alignment(vertical="center")
        make("title", font=Font(bold=True, size=14))
        make("subtitle", font=Font(italic=True, color="595959"))
        make(
            "header",
            font=Font(bold=True, color="FFFFFF"),
            fill=fill(FILL_HEADER),
            alignment=Alignment(wrap_text=True, horizontal="center", vertical="center"),
            border=_BORDER,
        )
        make("text", border=_BORDER, alignment=wrap)
        make("label", font=Font(bold=True))
        make("line", alignment=middle)  # a line of text that runs on over empty cells
        make("int", border=_BORDER, alignment=middle, number_format="0")
        make("count", border=_BORDER, alignment=middle, number_format="#,##0")
        make("share", border=_BORDER, alignment=middle, number_format="0.0%")
        make("money", border=_BORDER, alignment=middle, number_format=money)
        make(
            "active", border=_BORDER, alignment=middle, number_format=money, fill=fill(FILL_ACTIVE)
        )
        make(
            "delayed",
            border=_BORDER,
            alignment=middle,
            number_format=money,
            fill=fill(FILL_DELAYED),
        )
        make(
            "vacated",
            border=_BORDER,
            alignment=middle,
            number_format=money,
            fill=fill(FILL_VACATED),
        )
        make(
            "row_total", border=_BORDER, alignment=middle, number_format=money, font=Font(bold=True)
        )
        make("subtotal_text", font=Font(bold=True), fill=fill(FILL_SUBTOTAL), border=_BORDER)
        make(
            "subtotal",
            font=Font(bold=True),
            fill=fill(FILL_SUBTOTAL),
            border=_BORDER,
            number_format=money,
        )
        make("total_text", font=Font(bold=True), fill=fill(FILL_TOTAL), border=_BORDER)
        make(
            "total",
            font=Font(bold=True),
            fill=fill(FILL_TOTAL),
            border=_BORDER,
            number_format=money,
        )
        make("code", font=Font(name="Consolas"))
        self.unit = unit
        book.remove(sheet)

    def cell(self, sheet: Worksheet, value: object, style: str = "text") -> Cell:
        """A new cell of ``sheet`` with ``value`` and the named style; text stays text."""
        cell = Cell(sheet, row=1, column=1)  # placed where the sheet appends it
        self._style_as(cell, style)
        cell.value = cast(Any, value)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            # Never a formula: user data such as “=HYPERLINK(...)” is shown as typed.
            cell.data_type = "s"
            cell.quotePrefix = True
        return cell

    def formula(self, sheet: Worksheet, formula: str, style: str) -> Cell:
        """A cell holding a formula the software wrote (never user text)."""
        cell = Cell(sheet, row=1, column=1, value=formula)
        self._style_as(cell, style)
        return cell

    def _style_as(self, cell: Cell, style: str) -> None:
        # Copying the style record (indices into the workbook's fonts, fills, ...) is what
        # openpyxl does when it copies a cell; setting font and fill anew is far slower.
        cell._style = copy(self._cells[style]._style)  # type: ignore[attr-defined]

    def money(self, sheet: Worksheet, wan: int | None, style: str = "money") -> Cell:
        """A money cell in the workbook's unit (empty when unknown)."""
        return self.cell(sheet, None if wan is None else money_value(wan, self.unit), style)


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet name (31 characters, none of ``[]:*?/\\``)."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'") or "_"
    title = clean[:31]
    number = 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        title = clean[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(title)
    return title
