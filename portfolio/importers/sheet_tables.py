"""Project tables on a sheet's rows of cells: the header found, then row by row.

:class:`TableReader` finds a table's header among the first rows and hands out its rows as
they are read (:class:`StreamedTable`); every problem goes to its log with file, sheet, row
and column. See :mod:`portfolio.importers.spreadsheet` for the rules a table follows.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from portfolio.cells import WAN_PER_YI, CellError, MoneyUnit, YearSpan, parse_money, parse_years
from portfolio.errors import Location, ProblemLog
from portfolio.importers.headers import (
    HEADER_SCAN_ROWS,
    Column,
    Field,
    HeaderLayout,
    find_header,
    join_wrapped,
    layout_problems,
    money_unit,
    normalize_header,
)
from portfolio.importers.sheet_files import Cell, Merge, cell_text
from portfolio.importers.xlsx_sheets import Formulas
from portfolio.records import ProjectRow, SourceRef, StreamedTable

PlacesValidator = Callable[[str], str | None]

# Whole cells only: a project may well be called 总计算中心.
_TOTAL_ROW = re.compile(r"^(合计|总计)([(:].*)?$")
_SUBTOTAL_ROW = re.compile(r"^小计([(:].*)?$")
_NOTE_ROW = re.compile(r"^(注|备注|说明)\d*[:]")


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
class TableReader:
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
    ) -> StreamedTable | None:
        """The table on a sheet, or ``None`` when the sheet has no project header (or a
        header with problems, which are logged). Its rows are read, and their problems
        logged, as they are iterated."""
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
        return StreamedTable(key, layout.caption or key, reader.rows(numbered), source)

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
        table: TableReader,
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

    def rows(self, numbered: Iterable[tuple[int, Sequence[Cell]]]) -> Iterator[ProjectRow]:
        """Read rows until the end of the sheet, a total row or a note."""
        group = ""
        before = len(self.table.log)
        total = _Total()
        for number, cells in numbered:
            values = self._unmerge(number, cells)
            texts = [cell_text(value) for value in values]
            filled = [i for i, text in enumerate(texts) if text]
            if not filled:
                continue
            first = normalize_header(texts[filled[0]])
            if _TOTAL_ROW.match(first):
                if len(self.table.log) == before:
                    self._check_total(number, values, texts, total)
                return
            if _NOTE_ROW.match(first):
                return
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
            row = self._row(number, values, texts, name, group)
            total.add(row.investment_wan)
            yield row

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
        self, number: int, values: Sequence[Cell], texts: list[str], rows: _Total
    ) -> None:
        """Compare a 合计 row's amount with the sum of the rows above it."""
        total = self._money(
            number, self._value(values, Field.TOTAL), self._text(texts, Field.TOTAL)
        )
        if total is None or rows.added == total:
            return
        unknown = rows.count - rows.known
        note = f"; {unknown} rows have no amount" if unknown else ""
        self._problem(
            number,
            Field.TOTAL,
            f"the total row says {_money_words(total)} but the {rows.count} rows above "
            f"add up to {_money_words(rows.added)}{note}",
        )


@dataclass
class _Total:
    """What a 合计 row is checked against: the rows read, those with an amount, their sum."""

    count: int = 0
    known: int = 0
    added: int = 0

    def add(self, wan: int | None) -> None:
        self.count += 1
        if wan is not None:
            self.known += 1
            self.added += wan
