"""Read the project tables a planning office keeps by hand in Excel (.xlsx) or CSV files.

Each worksheet with a project header becomes a ``ProjectTable`` keyed by the sheet name
(a CSV file is one table keyed by its file stem). The header row may stand below a caption
(up to row 10); its columns are recognized by the synonyms in ``headers``. Rows are read
until a 合计/总计 row (whose total is checked against the rows) or a note (注：...); empty
rows and 小计 rows are skipped, repeated header rows too. A row holding only a text in the
序号 column (``一、基地平台类``) is a group heading: its text goes into the ``extra`` of the
rows below it as ``类别``. A cell merged down over several rows (one unit or county for
several projects) gives its value to each of them; a merged name or amount is refused, as it
cannot be split between projects.

Money needs a unit, from the header (``总投资（亿元）``, ``总投资（万元）``) or from a line
``单位：亿元`` above it: a wrong guess would be off by a factor of 10,000, so a money column
without a unit is refused. Numeric cells are read through their decimal text at Excel's 15
significant digits, never through binary arithmetic. In a 起始年限-type column a single year
is a one-year project; in a 计划完成时间-type column it is the completion year only.

A sheet named 规划 (or Plan) holds the plan's metadata as key/value rows; sheets named 说明
are instructions and never read. Every problem found is reported at once, with its file,
sheet, row and column, in an ``ImportFileError``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from pathlib import Path

from portfolio.cells import WAN_PER_YI, CellError, MoneyUnit, YearSpan, parse_money, parse_years
from portfolio.errors import Location, ProblemLog
from portfolio.importers.headers import (
    HEADER_SCAN_ROWS,
    NOTE_SHEET_NAMES,
    PLAN_HEADER_WORDS,
    PLAN_KEYS,
    PLAN_SHEET_NAMES,
    Column,
    Field,
    HeaderLayout,
    find_header,
    join_wrapped,
    layout_problems,
    money_unit,
    normalize_header,
)
from portfolio.importers.sheet_files import (
    DEFAULT_MAX_BYTES,
    Cell,
    Merge,
    cell_text,
    check_size,
    csv_rows,
    fail,
)
from portfolio.importers.xlsx_sheets import Formulas, open_workbook
from portfolio.records import PlanLevel, ProjectRow, ProjectTable, SourceRef

# Re-exported: callers read files through this module.
__all__ = [
    "DEFAULT_MAX_BYTES",
    "PlacesValidator",
    "PlanMetadata",
    "SpreadsheetImport",
    "cell_text",
    "read_spreadsheet",
]

PlacesValidator = Callable[[str], str | None]

# Whole cells only: a project may well be called 总计算中心.
_TOTAL_ROW = re.compile(r"^(合计|总计)([(:].*)?$")
_SUBTOTAL_ROW = re.compile(r"^小计([(:].*)?$")
_NOTE_ROW = re.compile(r"^(注|备注|说明)\d*[:]")
_LEVELS = {
    **dict.fromkeys(("省", "省级", "province"), PlanLevel.PROVINCE),
    **dict.fromkeys(("市", "市级", "设区市", "city"), PlanLevel.CITY),
    **dict.fromkeys(("县", "县级", "县(市、区)", "county"), PlanLevel.COUNTY),
}
_PLAN_LOOKUP = {normalize_header(k): attr for attr, keys in PLAN_KEYS.items() for k in keys}


@dataclass(frozen=True)
class PlanMetadata:
    """What the optional 规划 sheet says about the plan the tables belong to."""

    title: str = ""
    issuer: str = ""
    level: PlanLevel | None = None
    region: str = ""
    period_start: int | None = None
    period_end: int | None = None
    doc_number: str = ""


@dataclass(frozen=True)
class SpreadsheetImport:
    """Everything read from one spreadsheet file."""

    document: str  # the file name
    tables: tuple[ProjectTable, ...]
    plan: PlanMetadata | None = None
    skipped_sheets: tuple[str, ...] = ()  # sheets with no project header (notes, lists)


def read_spreadsheet(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    validate_places: PlacesValidator | None = None,
) -> SpreadsheetImport:
    """Read the project tables of an .xlsx or .csv file.

    ``validate_places``, when given, is called with every non-empty places cell as written
    and returns an error message or ``None``; messages become problems at that cell.
    Raises ``ImportFileError`` listing every problem found (file, sheet, row, column).
    """
    document = path.name
    check_size(path, max_bytes)
    reader = _TableReader(document, validate_places)
    suffix = path.suffix.lower()
    plan: PlanMetadata | None = None
    skipped: list[str] = []
    tables: list[ProjectTable] = []
    if suffix == ".csv":
        table = reader.read_table(None, path.stem, csv_rows(path))
        tables.extend([table] if table else [])
    elif suffix in (".xlsx", ".xlsm"):
        plan = _read_workbook(path, max_bytes, reader, tables, skipped)
    else:
        fail(document, f"unsupported file type “{path.suffix}”; use .xlsx or .csv")
    reader.log.raise_if_any()
    if not tables:
        fail(
            document,
            "no sheet has a header row with 项目名称, 总投资（亿元） and 起始年限 "
            f"(or their synonyms) among its first {HEADER_SCAN_ROWS} rows",
        )
    return SpreadsheetImport(document, tuple(tables), plan, tuple(skipped))


def _read_workbook(
    path: Path,
    max_bytes: int,
    reader: _TableReader,
    tables: list[ProjectTable],
    skipped: list[str],
) -> PlanMetadata | None:
    plan: PlanMetadata | None = None
    with open_workbook(path, max_bytes) as workbook:
        for sheet in workbook.sheets():
            name = sheet.name
            if normalize_header(name) in PLAN_SHEET_NAMES:
                plan = _read_plan(sheet.rows, path.name, name, reader.log)
                continue
            table = None
            if normalize_header(name) not in NOTE_SHEET_NAMES:
                table = reader.read_table(name, name, sheet.rows, sheet.merges, sheet.formulas)
            if table is None:
                skipped.append(name)
            else:
                tables.append(table)
    return plan


def _year_span(value: Cell, text: str) -> YearSpan:
    """Years of a cell; a date cell (Excel turns ``2023-12`` into a date) gives its year."""
    if isinstance(value, date):
        return parse_years(str(value.year))
    if isinstance(value, time | bool):
        raise CellError(f"“{text}” is not a year")
    return parse_years(text)


def _money_words(wan: int) -> str:
    yi = (Decimal(wan) / WAN_PER_YI).normalize()
    return f"{wan:,} 万元 ({format(yi, 'f')} 亿元)"


@dataclass
class _TableReader:
    """Reads project tables from rows of cells, logging problems with their location."""

    document: str
    validate_places: PlacesValidator | None
    log: ProblemLog = field(default_factory=ProblemLog)

    def read_table(
        self,
        sheet: str | None,
        key: str,
        rows: Iterator[Sequence[Cell]],
        merges: Sequence[Merge] = (),
        formulas: Formulas | None = None,
    ) -> ProjectTable | None:
        """The table on a sheet, or ``None`` when the sheet has no project header (or a
        header with problems, which are logged)."""
        head = list(itertools.islice(rows, HEADER_SCAN_ROWS + 1))
        texts = [[cell_text(value) for value in row] for row in head]
        layout = find_header(texts)
        if layout is None:
            return None
        header_problems = layout_problems(layout)
        for column, message in header_problems:
            self.log.add(self.where(sheet, layout.first_row + 1, column), message)
        unit = money_unit(layout)
        if header_problems or unit is None:
            return None
        caption_rows = [i for i, row in enumerate(texts[: layout.first_row]) if any(row)]
        start = caption_rows[0] if caption_rows else layout.first_row
        source = SourceRef(
            self.document,
            start + 1,
            layout.last_row + 1,
            "\n".join(_join_row(row) for row in texts[start : layout.last_row + 1]),
            sheet,
        )
        numbered = itertools.chain(
            enumerate(head[layout.last_row + 1 :], start=layout.last_row + 2),
            enumerate(rows, start=len(head) + 1),
        )
        reader = _RowReader(self, sheet, layout, unit, merges, formulas or {})
        table_rows = reader.read(numbered)
        return ProjectTable(key, layout.caption or key, tuple(table_rows), source)

    def where(self, sheet: str | None, row: int, column: Column | None) -> Location:
        """A cell's location; a column is named by its header, or its letter if it has none."""
        name = None
        if column is not None:
            name = column.header or column_letter(column.index)
        return Location(self.document, sheet, row, name)


def column_letter(index: int) -> str:
    """The letters of the column with 0-based ``index``.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(702)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _join_row(texts: Sequence[str]) -> str:
    end = len(texts)
    while end and not texts[end - 1]:
        end -= 1
    return "\t".join(texts[:end])


class _RowReader:
    """Turns the data rows under one header into ``ProjectRow`` records."""

    def __init__(
        self,
        table: _TableReader,
        sheet: str | None,
        layout: HeaderLayout,
        unit: MoneyUnit,
        merges: Sequence[Merge],
        formulas: Formulas,
    ) -> None:
        self.table, self.sheet, self.unit, self.formulas = table, sheet, unit, formulas
        self.columns = {f: layout.column(f) for f in Field}
        self.extra_columns = [c for c in layout.columns if c.match is None and c.header]
        name = self.columns[Field.NAME]
        self.header_name = normalize_header(name.header) if name else ""
        # Cells merged down over data rows: anchor row -> columns whose value is shared,
        # covered row -> (column, anchor row), anchor row -> (field, last row) that cannot be.
        self.anchors: dict[int, list[int]] = {}
        self.covered: dict[int, list[tuple[int, int]]] = {}
        self.unshared: dict[int, list[tuple[Field, int]]] = {}
        self.shared: dict[tuple[int, int], Cell] = {}
        fields = {c.index: c.match.field for c in layout.columns if c.match}
        for min_col, min_row, _, max_row in merges:
            column, kind = min_col - 1, fields.get(min_col - 1)
            if min_row <= layout.last_row + 1 or kind is Field.SEQ:
                continue  # header merges are read by find_header; a 序号 needs no copies
            if kind in (Field.NAME, Field.TOTAL):
                self.unshared.setdefault(min_row, []).append((kind, max_row))
                continue
            self.anchors.setdefault(min_row, []).append(column)
            for row in range(min_row + 1, max_row + 1):
                self.covered.setdefault(row, []).append((column, min_row))

    def _unmerge(self, number: int, values: Sequence[Cell]) -> Sequence[Cell]:
        """Give the rows under a merged cell its value, and refuse merged names and amounts."""
        for column in self.anchors.get(number, ()):
            self.shared[(number, column)] = values[column] if column < len(values) else None
        for kind, last in self.unshared.get(number, ()):
            header = self.columns[kind]
            self._problem(
                number,
                kind,
                f"cells merged over rows {number}-{last}: each project needs its own "
                f"{header.header if header else kind.value}; unmerge them",
            )
        covered = self.covered.get(number)
        if not covered:
            return values
        cells = list(values) + [None] * (max(c for c, _ in covered) + 1 - len(values))
        for column, anchor in covered:
            cells[column] = self.shared.get((anchor, column))
        return cells

    def read(self, numbered: Iterable[tuple[int, Sequence[Cell]]]) -> list[ProjectRow]:
        """Read rows until the end of the sheet, a total row or a note."""
        rows: list[ProjectRow] = []
        group = ""
        before = len(self.table.log)
        for number, cells in numbered:
            values = self._unmerge(number, cells)
            texts = [cell_text(value) for value in values]
            filled = [i for i, text in enumerate(texts) if text]
            if not filled:
                continue
            first = normalize_header(texts[filled[0]])
            if _TOTAL_ROW.match(first):
                if len(self.table.log) == before:
                    self._check_total(number, values, texts, rows)
                break
            if _NOTE_ROW.match(first):
                break
            name = join_wrapped(self._text(texts, Field.NAME))
            if _SUBTOTAL_ROW.match(first) or normalize_header(name) == self.header_name:
                continue
            if self._formula(number, Field.NAME):
                continue  # a name computed by a formula is no name a planner can trace
            if not name:
                if self._is_group_heading(filled, texts):
                    group = join_wrapped(texts[filled[0]])
                else:
                    self._problem(number, Field.NAME, "the row has values but no project name")
                continue
            rows.append(self._row(number, values, texts, name, group))
        return rows

    def _is_group_heading(self, filled: list[int], texts: list[str]) -> bool:
        seq = self.columns[Field.SEQ]
        return (
            len(filled) == 1
            and seq is not None
            and filled[0] == seq.index
            and not texts[seq.index].isdigit()
        )

    def _text(self, texts: Sequence[str], wanted: Field) -> str:
        column = self.columns[wanted]
        return texts[column.index] if column and column.index < len(texts) else ""

    def _value(self, values: Sequence[Cell], wanted: Field) -> Cell:
        column = self.columns[wanted]
        return values[column.index] if column and column.index < len(values) else None

    def _problem(self, number: int, column: Field, message: str) -> None:
        self.table.log.add(self.table.where(self.sheet, number, self.columns[column]), message)

    def _formula(self, number: int, wanted: Field) -> bool:
        """Whether the row's cell of ``wanted`` holds a formula (then refused: the value Excel
        saved for it may be stale or missing, and a plan's figures are typed, not computed)."""
        column = self.columns[wanted]
        cells = self.formulas.get(number)
        if column is None or not cells or column.index not in cells:
            return False
        formula = cells[column.index]
        shown = f" (={formula})" if formula else ""
        self._problem(
            number,
            wanted,
            f"the cell holds a formula{shown}; type the {column.header} itself: "
            "formulas are not imported",
        )
        return True

    def _money(self, number: int, value: Cell, text: str) -> int | None:
        try:
            if isinstance(value, date | time | bool):
                raise CellError(f"“{text}” is not an amount of money")
            return parse_money(text, self.unit)
        except CellError as exc:
            self._problem(number, Field.TOTAL, str(exc))
            return None

    def _years(
        self, number: int, values: Sequence[Cell], texts: Sequence[str]
    ) -> tuple[str, int | None, int | None]:
        kind = next(
            (k for k in (Field.YEARS_RANGE, Field.YEARS_COMPLETION) if self.columns[k]), None
        )
        if kind is None:
            return self._year_pair(number, values, texts)
        raw = self._text(texts, kind)
        try:
            span = _year_span(self._value(values, kind), raw)
        except CellError as exc:
            self._problem(number, kind, str(exc))
            return raw, None, None
        if kind is Field.YEARS_RANGE and span.start is None:
            return raw, span.end, span.end  # a single year here is a one-year project
        return raw, span.start, span.end

    def _year_pair(
        self, number: int, values: Sequence[Cell], texts: Sequence[str]
    ) -> tuple[str, int | None, int | None]:
        """Years from separate 开始年份 and 结束年份 columns."""
        years: dict[Field, int | None] = {}
        for kind in (Field.YEAR_START, Field.YEAR_END):
            if self.columns[kind] is None:
                years[kind] = None
                continue
            try:
                span = _year_span(self._value(values, kind), self._text(texts, kind))
            except CellError as exc:
                self._problem(number, kind, str(exc))
                return "", None, None
            if span.start is not None:
                self._problem(number, kind, "give a single year here, not a range")
                return "", None, None
            years[kind] = span.end
        start, end = years[Field.YEAR_START], years[Field.YEAR_END]
        raw = "-".join(
            t for t in (self._text(texts, Field.YEAR_START), self._text(texts, Field.YEAR_END)) if t
        )
        if start is not None and end is None:
            self._problem(number, Field.YEAR_END, f"start year {start} has no end year")
        elif start is not None and end is not None and end < start:
            self._problem(number, Field.YEAR_END, f"end year {end} is before start year {start}")
        return raw, start, end

    def _row(
        self, number: int, values: Sequence[Cell], texts: list[str], name: str, group: str
    ) -> ProjectRow:
        investment_raw = self._text(texts, Field.TOTAL)
        investment = None
        if not self._formula(number, Field.TOTAL):
            investment = self._money(number, self._value(values, Field.TOTAL), investment_raw)
        years_raw, start, end = self._years(number, values, texts)
        units = self._text(texts, Field.UNITS)
        places = self._text(texts, Field.PLACES)
        description = self._text(texts, Field.DESCRIPTION)
        if not any((description, investment_raw, years_raw, units, places)):
            self._problem(number, Field.NAME, "the row has a project name but no other values")
        if places and self.table.validate_places is not None:
            message = self.table.validate_places(places)
            if message:
                self._problem(number, Field.PLACES, message)
        extra = [("类别", group)] if group else []
        extra.extend(
            (c.header, texts[c.index])
            for c in self.extra_columns
            if c.index < len(texts) and texts[c.index]
        )
        source = SourceRef(self.table.document, number, number, _join_row(texts), self.sheet)
        return ProjectRow(
            seq=join_wrapped(self._text(texts, Field.SEQ)),
            name=name,
            description=description,
            investment_raw=investment_raw,
            investment_wan=investment,
            years_raw=years_raw,
            start_year=start,
            end_year=end,
            units_raw=units,
            places_raw=places,
            source=source,
            extra=tuple(extra),
        )

    def _check_total(
        self, number: int, values: Sequence[Cell], texts: list[str], rows: list[ProjectRow]
    ) -> None:
        """Compare a 合计 row's amount with the sum of the rows above it."""
        total = self._money(
            number, self._value(values, Field.TOTAL), self._text(texts, Field.TOTAL)
        )
        if total is None:
            return
        known = [row.investment_wan for row in rows if row.investment_wan is not None]
        added = sum(known)
        if added != total:
            unknown = len(rows) - len(known)
            note = f"; {unknown} rows have no amount" if unknown else ""
            self._problem(
                number,
                Field.TOTAL,
                f"the total row says {_money_words(total)} but the {len(rows)} rows above "
                f"add up to {_money_words(added)}{note}",
            )


def _read_plan(
    rows: Iterator[Sequence[Cell]], document: str, sheet: str, log: ProblemLog
) -> PlanMetadata | None:
    """Key/value rows of the 规划 sheet; ``None`` when it has no values (a blank template)."""
    given: dict[str, tuple[str, Location]] = {}
    for number, values in enumerate(rows, start=1):
        key_text = cell_text(values[0]) if values else ""
        value = join_wrapped(cell_text(values[1])) if len(values) > 1 else ""
        key = normalize_header(key_text)
        if not key or not value or (number == 1 and key in PLAN_HEADER_WORDS):
            continue
        where = Location(document, sheet, number, "B")
        if key not in _PLAN_LOOKUP:
            known = ", ".join(keys[0] for keys in PLAN_KEYS.values())
            log.add(where, f"unknown key “{key_text}”; known keys: {known}")
            continue
        given[_PLAN_LOOKUP[key]] = (value, where)
    if not given:
        return None
    level = None
    if "level" in given:
        text, where = given["level"]
        level = _LEVELS.get(normalize_header(text))
        if level is None:
            log.add(where, f"plan level “{text}” is not one of 省, 市, 县")
    span = YearSpan(None, None)
    if "period" in given:
        text, where = given["period"]
        try:
            span = parse_years(text)
        except CellError as exc:
            log.add(where, str(exc))
        if span.start is None:
            log.add(where, f"a plan period is a range of years like 2021-2025, not “{text}”")
    texts = {attr: value for attr, (value, _) in given.items()}
    return PlanMetadata(
        title=texts.get("title", ""),
        issuer=texts.get("issuer", ""),
        level=level,
        region=texts.get("region", ""),
        period_start=span.start,
        period_end=span.end,
        doc_number=texts.get("doc_number", ""),
    )
