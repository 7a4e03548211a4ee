"""Reading a schedule workbook back: project ids and their amounts per year.

Only the layout ``portfolio export`` writes is read (a header row with the id column, the
money unit in a money header, one column per year); rows without an id (subtotals, totals)
are skipped. Every problem is reported with file, sheet, row and column.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from portfolio.cells import CellError, parse_money
from portfolio.cells import MoneyUnit as CellUnit
from portfolio.errors import ImportFileError, Location, Problem, ProblemLog
from portfolio.exports.labels import Labels, unit_of_header
from portfolio.exports.model import Language, MoneyUnit

_YEAR_HEADER = re.compile(r"^\s*(\d{4})\s*年?\s*$")
_ID_HEADERS = {Labels(lang, MoneyUnit.WAN)["id"] for lang in Language}
_SCHEDULE_SHEETS = [Labels(lang, MoneyUnit.WAN)["schedule"] for lang in Language]
_HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class ScheduleLine:
    """One project row of a schedule sheet."""

    row: int
    project_id: int
    amounts: dict[int, int]  # year → 万元; empty cells are 0 and left out
    year_headers: dict[int, str]  # year → its column header as written
    complete: bool = True  # False when a year cell could not be read


@dataclass(frozen=True)
class ReadSchedule:
    file: str
    sheet: str
    total_header: str  # the money header that names the unit
    lines: tuple[ScheduleLine, ...]
    problems: tuple[Problem, ...] = ()  # cells that could not be read (their rows are left out)


def read_schedule(path: Path, *, max_bytes: int) -> ReadSchedule:
    """Read the schedule sheet of ``path``.

    Raises :class:`ImportFileError` when the file is no schedule at all; cells that cannot be
    read are returned as ``problems``, so that the caller reports them with its own checks.
    """
    name = path.name

    def refuse(message: str, sheet: str | None = None, row: int | None = None) -> ImportFileError:
        return ImportFileError([Problem(Location(name, sheet, row, None), message)])

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise refuse(f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise refuse(f"file is {size:,} bytes, over the limit of {max_bytes:,}")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise refuse(f"not a readable .xlsx workbook ({exc})") from exc
    try:
        titles = sorted(book.sheetnames, key=lambda t: t not in _SCHEDULE_SHEETS)
        for title in titles:
            rows = list(book[title].iter_rows(values_only=True))
            found = _find_header(rows)
            if found is not None:
                return _read_rows(name, title, rows, found)
    finally:
        book.close()
    raise refuse(
        "no schedule sheet: no header row with an id column ("
        + " / ".join(sorted(_ID_HEADERS))
        + ") in the first rows of any sheet"
    )


def _find_header(rows: Sequence[Sequence[object]]) -> int | None:
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        if row and isinstance(row[0], str) and row[0].strip() in _ID_HEADERS:
            return index
    return None


def _read_rows(
    file: str, sheet: str, rows: Sequence[Sequence[object]], header_index: int
) -> ReadSchedule:
    log = ProblemLog()
    header = ["" if cell is None else str(cell).strip() for cell in rows[header_index]]
    header_row = header_index + 1
    years: dict[int, int] = {}  # column index → year
    unit: MoneyUnit | None = None
    total_header = ""
    for column, text in enumerate(header):
        match = _YEAR_HEADER.match(text)
        if match:
            years[column] = int(match.group(1))
        elif unit is None and unit_of_header(text) is not None:
            unit, total_header = unit_of_header(text), text
    if not years:
        log.add(Location(file, sheet, header_row, None), "no year columns (2021年 or 2021)")
    if unit is None:
        log.add(Location(file, sheet, header_row, None), "no money header naming 万元 or 亿元")
    log.raise_if_any()
    assert unit is not None
    cell_unit = CellUnit.WAN if unit is MoneyUnit.WAN else CellUnit.YI

    problems: list[Problem] = []

    def add(where: Location, message: str) -> None:
        problems.append(Problem(where, message))

    lines = []
    seen: dict[int, int] = {}
    for offset, row in enumerate(rows[header_index + 1 :], start=header_row + 1):
        raw_id = row[0] if row else None
        if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
            continue  # subtotal, total or empty row
        if isinstance(raw_id, bool) or not isinstance(raw_id, int | float | str):
            add(Location(file, sheet, offset, header[0]), f"“{raw_id}” is not a project id")
            continue
        try:
            project_id = int(str(raw_id).strip().removesuffix(".0"))
        except ValueError:
            add(Location(file, sheet, offset, header[0]), f"“{raw_id}” is not a project id")
            continue
        if project_id in seen:
            add(
                Location(file, sheet, offset, header[0]),
                f"project {project_id} stands twice (also in row {seen[project_id]})",
            )
            continue
        seen[project_id] = offset
        amounts: dict[int, int] = {}
        known = len(problems)
        for column, year in years.items():
            value = row[column] if column < len(row) else None
            where = Location(file, sheet, offset, header[column])
            amount = _amount(value, cell_unit, where, add)
            if amount:
                amounts[year] = amount
        headers = {y: header[c] for c, y in years.items()}
        lines.append(ScheduleLine(offset, project_id, amounts, headers, len(problems) == known))
    return ReadSchedule(file, sheet, total_header, tuple(lines), tuple(problems))


def _amount(
    value: object, unit: CellUnit, where: Location, add: Callable[[Location, str], None]
) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        add(where, f"“{value}” is not an amount of money")
        return None
    if isinstance(value, str) and value.strip().startswith("="):
        add(where, "a formula: type the amount itself")
        return None
    text = repr(value) if isinstance(value, float) else str(value)
    try:
        amount = parse_money(text, unit)
    except CellError as exc:
        add(where, str(exc))
        return None
    if amount is None:
        return None
    return amount
