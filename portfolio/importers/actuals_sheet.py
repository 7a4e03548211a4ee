"""Reading a progress report's workbook (.xlsx, or one .csv sheet): its project-years and
indicator-years, each cell checked on its own.

What needs the database (does the project exist, is the name unique, is the year within
reason for its plan) is checked by ``portfolio.services.actuals_import``; here each cell is
read as its column says: a year is a whole number, money is exact whole 万元 (or 亿元 to
four decimals, by the header) and never negative, a status is one of the office's words,
and a formula is refused wherever it stands (its value is not in the file as typed). A row
that reports nothing (no spend, status or year filled in: a template row left empty) is
skipped. Every problem is collected; the lines are returned with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from portfolio.actuals import ActualStatus, read_status
from portfolio.cells import UNKNOWN_MARKS, WAN_PER_YI, MoneyUnit, clean
from portfolio.errors import ImportFileError, Location
from portfolio.i18n import N_
from portfolio.importers.actuals_columns import NOTES_SHEET, Column, Header, find_header
from portfolio.importers.actuals_problems import ActualsProblemLog
from portfolio.importers.actuals_workbook import Formula, SheetCells, read_cells
from portfolio.importers.sheet_files import cell_text
from portfolio.indicators import indicator_value

MIN_YEAR = 2000
MAX_YEAR = 2100
STATUS_CHOICES = "、".join(("未开工", "在建", "已完工", "停缓建", "取消"))
_REPORTING = (Column.SPEND, Column.STATUS, Column.START, Column.COMPLETION)


@dataclass(frozen=True)
class Cells:
    """Where a line stands, and how each of its sheet's columns is headed."""

    file: str
    sheet: str | None
    row: int
    header: Header

    def at(self, column: Column | None = None) -> Location:
        """The location of this line's cell in ``column`` (the row, when ``None``)."""
        written = None if column is None else self.header.written.get(column)
        return Location(self.file, self.sheet, self.row, written)


@dataclass(frozen=True)
class ProjectLine:
    """One project-year as a report's row gives it; ``None`` where a cell is empty or could
    not be read (a problem then says why). ``id_written``: the 项目ID cell holds anything."""

    cells: Cells
    project_id: int | None
    name: str
    plan: str
    table: str
    seq: str
    year: int | None
    spend_wan: int | None
    status: ActualStatus | None
    start_year: int | None
    completion_year: int | None
    note: str
    source: str
    id_written: bool = False


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator-year as a report's row gives it."""

    cells: Cells
    plan: str
    table: str
    seq: str
    name: str
    year: int | None
    value_raw: str
    value: Decimal | None
    note: str
    source: str


@dataclass(frozen=True)
class ReadReport:
    """Everything read from a report's file, with the problems its cells have."""

    file: str
    projects: tuple[ProjectLine, ...]
    indicators: tuple[IndicatorLine, ...]


def read_report(
    path: Path, log: ActualsProblemLog, *, max_bytes: int, file: str | None = None
) -> ReadReport:
    """Read the project-years and indicator-years of ``path``; problems go to ``log``,
    named by ``file`` (the name the reader knows the file by; ``path``'s by default)."""
    file = file or path.name
    try:
        sheets = read_cells(path, max_bytes)
    except ImportFileError as exc:
        log.take(exc, file)
        return ReadReport(file, (), ())
    projects: list[ProjectLine] = []
    indicators: list[IndicatorLine] = []
    headed = False
    first_row: tuple[str, ...] = ()
    for sheet in sheets:
        if sheet.title is not None and sheet.title.strip().lower() in (NOTES_SHEET, "readme"):
            continue
        first_row = first_row or next((t for t in map(_texts, sheet.rows) if t), ())
        header = find_header(sheet.rows)
        if header is None:
            continue
        headed = True
        if not _header_usable(file, sheet.title, header, log):
            continue
        reader = _RowReader(file, sheet, header, log)
        if header.is_indicators:
            indicators.extend(reader.indicator_lines())
        else:
            projects.extend(reader.project_lines())
    if not headed:
        log.refuse(
            Location(file),
            "没有找到表头：前 10 行中没有写明“年份”和“项目ID”或“项目名称”（或“指标名称”）的行；"
            "找到的列：{found}",
            found="、".join(first_row) or "-",
        )
    return ReadReport(file, tuple(projects), tuple(indicators))


def _texts(row: Sequence[object]) -> tuple[str, ...]:
    return tuple(cell_text(c) for c in row if not isinstance(c, Formula) and cell_text(c))


def _header_usable(file: str, sheet: str | None, header: Header, log: ActualsProblemLog) -> bool:
    where = Location(file, sheet, header.row)
    missing = header.missing()
    if missing:
        log.refuse(
            where,
            "缺少必需的列：{missing}；找到的列：{found}",
            missing="、".join(missing),
            found="、".join(header.found),
        )
    for text in header.twice:
        log.refuse(Location(file, sheet, header.row, text), "同一列出现两次：{column}", column=text)
    if Column.SPEND in header.columns and header.spend_unit is None:
        log.refuse(
            Location(file, sheet, header.row, header.written[Column.SPEND]),
            "金额列须写明单位，如“实际完成投资（万元）”或“实际完成投资（亿元）”",
        )
    return (
        not missing and not header.twice and (header.is_indicators or header.spend_unit is not None)
    )


class _RowReader:
    """Reads the rows below one sheet's header, cell by cell."""

    def __init__(
        self, file: str, sheet: SheetCells, header: Header, log: ActualsProblemLog
    ) -> None:
        self.file, self.sheet, self.header, self.log = file, sheet, header, log

    def _cell(self, row: Sequence[object], column: Column) -> object:
        index = self.header.columns.get(column)
        return None if index is None or index >= len(row) else row[index]

    def _rows(self) -> list[tuple[Cells, Sequence[object]]]:
        first = self.header.row  # rows below the header, numbered as Excel shows them
        return [
            (Cells(self.file, self.sheet.title, number, self.header), row)
            for number, row in enumerate(self.sheet.rows[first:], start=first + 1)
        ]

    def _refuse(self, cells: Cells, column: Column, said: str, **values: object) -> None:
        self.log.refuse(cells.at(column), said, **values)

    def _text(self, cells: Cells, row: Sequence[object], column: Column) -> str | None:
        """A cell as text ("" when empty); ``None`` (and a problem) for a formula."""
        value = self._cell(row, column)
        if isinstance(value, Formula):
            self._refuse(
                cells,
                column,
                N_("此处是公式（{formula}）：请填写数值或文字本身"),
                formula=value.text,
            )
            return None
        return cell_text(value)

    def project_lines(self) -> list[ProjectLine]:
        lines = []
        for cells, row in self._rows():
            if not any(self._filled(row, c) for c in _REPORTING):
                continue  # a template row left empty, a blank or a total line
            line = ProjectLine(
                cells=cells,
                project_id=self._project_id(cells, row),
                name=self._text(cells, row, Column.NAME) or "",
                plan=self._text(cells, row, Column.PLAN) or "",
                table=self._text(cells, row, Column.TABLE) or "",
                seq=self._text(cells, row, Column.SEQ) or "",
                year=self._year(cells, row, Column.YEAR, required=True),
                spend_wan=self._spend(cells, row),
                status=self._status(cells, row),
                start_year=self._year(cells, row, Column.START),
                completion_year=self._year(cells, row, Column.COMPLETION),
                note=self._text(cells, row, Column.NOTE) or "",
                source=self._text(cells, row, Column.SOURCE) or "",
                id_written=self._filled(row, Column.PROJECT_ID),
            )
            lines.append(line)
        return lines

    def indicator_lines(self) -> list[IndicatorLine]:
        lines = []
        for cells, row in self._rows():
            if not self._filled(row, Column.VALUE):
                continue  # nothing reported on this row
            raw = self._text(cells, row, Column.VALUE) or ""
            value = indicator_value(raw)
            if raw and value is None:
                self._refuse(cells, Column.VALUE, N_("“{text}”不是数值"), text=raw)
            line = IndicatorLine(
                cells=cells,
                plan=self._text(cells, row, Column.PLAN) or "",
                table=self._text(cells, row, Column.TABLE) or "",
                seq=self._text(cells, row, Column.SEQ) or "",
                name=self._text(cells, row, Column.INDICATOR) or "",
                year=self._year(cells, row, Column.YEAR, required=True),
                value_raw=raw,
                value=value,
                note=self._text(cells, row, Column.NOTE) or "",
                source=self._text(cells, row, Column.SOURCE) or "",
            )
            lines.append(line)
        return lines

    def _filled(self, row: Sequence[object], column: Column) -> bool:
        """Whether the cell holds anything (a formula does), without judging it."""
        value = self._cell(row, column)
        return isinstance(value, Formula) or bool(cell_text(value))

    def _project_id(self, cells: Cells, row: Sequence[object]) -> int | None:
        text = self._text(cells, row, Column.PROJECT_ID)
        if not text:
            return None
        number = _whole(text)
        if number is None or number <= 0:
            self._refuse(
                cells, Column.PROJECT_ID, N_("“{text}”不是项目ID（应为正整数）"), text=text
            )
        return number if number is not None and number > 0 else None

    def _year(
        self, cells: Cells, row: Sequence[object], column: Column, *, required: bool = False
    ) -> int | None:
        text = self._text(cells, row, column)
        if text is None:
            return None
        if not text:
            if required:
                self._refuse(cells, column, N_("请填写年份"))
            return None
        year = _whole(clean(text).removesuffix("年"))
        if year is None:
            self._refuse(cells, column, N_("“{text}”不是年份（应为整数，如 2024）"), text=text)
        elif not MIN_YEAR <= year <= MAX_YEAR:
            self._refuse(
                cells,
                column,
                N_("年份 {year} 不在 {low}–{high} 之内"),
                year=year,
                low=MIN_YEAR,
                high=MAX_YEAR,
            )
            return None
        return year

    def _spend(self, cells: Cells, row: Sequence[object]) -> int | None:
        value = self._cell(row, Column.SPEND)
        if isinstance(value, bool):
            self._refuse(cells, Column.SPEND, N_("“{text}”不是金额"), text=cell_text(value))
            return None
        text = self._text(cells, row, Column.SPEND)
        if text is None or clean(text) in UNKNOWN_MARKS:
            return None
        unit = self.header.spend_unit or MoneyUnit.WAN
        said, amount = spend_wan(text, unit)
        if said is not None:
            self._refuse(cells, Column.SPEND, said, text=text, unit=unit.value)
        return amount

    def _status(self, cells: Cells, row: Sequence[object]) -> ActualStatus | None:
        text = self._text(cells, row, Column.STATUS)
        if not text:
            return None
        status = read_status(text)
        if status is None:
            self._refuse(
                cells,
                Column.STATUS,
                N_("未知状态“{text}”：应为 {choices} 之一"),
                text=text,
                choices=STATUS_CHOICES,
            )
        return status


def spend_wan(text: str, unit: MoneyUnit) -> tuple[str | None, int | None]:
    """``(problem, 万元)`` of a money cell in ``unit``: exact, whole 万元, not negative; the
    problem is a catalog message with fields ``text`` and ``unit``, or ``None``.

    >>> spend_wan("1,200", MoneyUnit.WAN), spend_wan("0.0133", MoneyUnit.YI)
    ((None, 1200), (None, 133))
    >>> spend_wan("12.5", MoneyUnit.WAN)[0]
    '“{text}”{unit}不是整万元：实际完成投资须为整数万元'
    """
    value = clean(text).replace(",", "").replace(" ", "")
    for suffix, stated in (("万元", MoneyUnit.WAN), ("亿元", MoneyUnit.YI)):
        if value.endswith(suffix):
            value, unit = value[: -len(suffix)], stated
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return N_("“{text}”不是金额"), None
    if not amount.is_finite():
        return N_("“{text}”不是金额"), None
    if amount < 0:
        return N_("实际完成投资不能为负数（“{text}”）"), None
    wan = amount * WAN_PER_YI if unit is MoneyUnit.YI else amount
    if wan != wan.to_integral_value():
        return N_("“{text}”{unit}不是整万元：实际完成投资须为整数万元"), None
    return None, int(wan)


def _whole(text: str) -> int | None:
    """A whole number written as text (``2024``, ``2024.0``), or ``None``."""
    try:
        number = Decimal(clean(text))
    except InvalidOperation:
        return None
    if not number.is_finite() or number != number.to_integral_value():
        return None
    return int(number)
