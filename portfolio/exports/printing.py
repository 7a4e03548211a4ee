"""Print set-up of the export's sheets: A4 landscape, text no smaller than 8 pt on paper.

A sheet narrow enough is printed fit to one page wide. A wider one (a schedule of twenty
years) would shrink its 11 pt text below 8 pt that way, so it prints at the smallest scale that
keeps 8 pt instead and its columns run on over further pages, the spreadsheet breaking them
between whole columns; the project columns (``title_cols``) and the header row are repeated on
every page, so each page of years still names its projects. Every page carries the sheet's
title in its head, and the scenario, the export's date and "page n of m" in its foot.

Column widths are in Excel's units: characters of the default font's digit width plus 5 px
of padding; 96 px make an inch of 72 pt. Calibri's digit is 7 px at 11 pt, but where Calibri
is missing (LibreOffice on Linux draws DejaVu Sans) a digit is up to 9 px, so the width is
reckoned with 9 px: a sheet judged to fit one page wide fits there too and keeps 8 pt.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

FONT_PT = 11  # the workbook's body text (openpyxl's default Calibri 11)
MIN_PAPER_PT = 8  # the smallest text a page may show
MIN_SCALE = math.ceil(100 * MIN_PAPER_PT / FONT_PT)  # 73 %: 11 pt text prints at 8.03 pt

_A4_LANDSCAPE_IN = (11.69, 8.27)
MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25, footer=0.25)
PRINTABLE_WIDTH_PT = (_A4_LANDSCAPE_IN[0] - MARGINS.left - MARGINS.right) * 72
LINE_PT = 15.0  # one line of 11 pt text, Chinese or Latin, with its leading


@dataclass(frozen=True)
class PageText:
    """What each printed page says around the grid."""

    title: str  # in the page's head
    scenario: str  # foot, left: 情景: …
    date: str  # foot, centre: the export's date, as text (not the printing day)


def column_points(width: float) -> float:
    """A column's width on paper at 100 % (pt) from its width in Excel's units."""
    return (9 * width + 5) * 0.75


def fit_scale(widths: Iterable[float]) -> float:
    """The scale at which columns of these widths fit one page wide (1.0: they fit as they are)."""
    total = sum(column_points(width) for width in widths)
    return min(1.0, PRINTABLE_WIDTH_PT / total) if total else 1.0


def set_up_print(
    sheet: Worksheet,
    text: PageText,
    footer_page: str,
    *,
    widths: Sequence[float],
    title_rows: str | None = None,
    title_cols: str | None = None,
) -> None:
    """A4 landscape; one page wide when that keeps 8 pt on paper, else the smallest scale that
    does, with ``title_cols`` repeated on the pages its columns run on to; head and foot."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    # A row's pages follow each other (its project columns, then its years), then the next rows.
    setup.pageOrder = "overThenDown"
    sheet.page_margins = MARGINS
    fit = sheet.sheet_properties.pageSetUpPr
    assert fit is not None  # openpyxl makes one with every sheet
    if fit_scale(widths) * 100 >= MIN_SCALE:
        fit.fitToPage = True
        setup.fitToWidth = 1
        setup.fitToHeight = 0
    else:
        fit.fitToPage = False
        setup.scale = MIN_SCALE
        if title_cols is not None:
            sheet.print_title_cols = title_cols
    if title_rows is not None:
        sheet.print_title_rows = title_rows
    # "&" starts a header/footer code: text with one must double it.
    head, foot = sheet.oddHeader, sheet.oddFooter
    assert head is not None and head.center is not None
    assert foot is not None and foot.left is not None and foot.right is not None
    assert foot.center is not None
    head.center.text = text.title.replace("&", "&&")
    foot.left.text = text.scenario.replace("&", "&&")
    foot.center.text = text.date.replace("&", "&&")
    foot.right.text = footer_page


def text_units(text: str) -> float:
    """How many digit widths ``text`` takes at 11 pt: a Chinese character about two."""
    return sum(2.1 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` needs for ``text`` (Latin words wrap whole, so a
    tenth more room is allowed for all text)."""
    if not text:
        return 1
    room = max(width - 1, 1.0)
    return sum(max(1, math.ceil(text_units(part) * 1.1 / room)) for part in text.split("\n"))


def fit_row_heights(
    sheet: Worksheet, columns: Iterable[int], first_row: int, last_row: int | None = None
) -> None:
    """Set the height of each row from ``first_row`` (to ``last_row``) to the lines its
    wrapped text in ``columns`` needs, so that wrapped text never runs into the row below on paper.

    Spreadsheets do not all measure row heights when they open a written file; an explicit
    height prints the same everywhere.
    """
    widths = {c: sheet.column_dimensions[get_column_letter(c)].width or 13 for c in columns}
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row):
        lines = 1
        for cell in row:
            column, value = cell.column, cell.value
            # Formulas the writer made are numbers on screen, not text that wraps.
            if column in widths and isinstance(value, str) and not value.startswith("="):
                lines = max(lines, lines_needed(value, widths[column]))
        number = row[0].row
        if lines > 1 and number is not None:
            sheet.row_dimensions[number].height = lines * LINE_PT + 2
