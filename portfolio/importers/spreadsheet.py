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

:func:`stream_spreadsheet` reads a file as it is stored, one table and one row at a time
(the 规划 sheet first, wherever it stands), so that a large file is never held whole;
:func:`read_spreadsheet` reads it all at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from portfolio.cells import CellError, YearSpan, parse_years
from portfolio.errors import Location, ProblemLog
from portfolio.importers.headers import (
    HEADER_SCAN_ROWS,
    NOTE_SHEET_NAMES,
    PLAN_HEADER_WORDS,
    PLAN_KEYS,
    PLAN_SHEET_NAMES,
    join_wrapped,
    normalize_header,
)
from portfolio.importers.sheet_files import (
    DEFAULT_MAX_BYTES,
    Cell,
    cell_text,
    check_size,
    csv_rows,
    fail,
)
from portfolio.importers.sheet_tables import PlacesValidator, TableReader
from portfolio.importers.xlsx_sheets import Workbook, open_workbook
from portfolio.records import PlanLevel, ProjectTable, StreamedTable

# Re-exported: callers read files through this module.
__all__ = [
    "DEFAULT_MAX_BYTES",
    "PlacesValidator",
    "PlanMetadata",
    "SpreadsheetImport",
    "SpreadsheetStream",
    "cell_text",
    "read_spreadsheet",
    "stream_spreadsheet",
]

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


@dataclass
class SpreadsheetStream:
    """A spreadsheet being read: what its 规划 sheet says, then its tables one at a time.

    Iterate each table's rows before asking ``tables`` for the next one; then call
    :meth:`finish`, which raises every problem found.
    """

    document: str
    plan: PlanMetadata | None
    log: ProblemLog
    tables: Iterator[StreamedTable] = field(default_factory=lambda: iter(()))
    skipped_sheets: list[str] = field(default_factory=list)  # no project header
    found: int = 0  # tables met so far

    def finish(self) -> None:
        """Raise ``ImportFileError`` with every problem found, or when no sheet held a table."""
        self.log.raise_if_any()
        if not self.found:
            fail(
                self.document,
                "no sheet has a header row with 项目名称, 总投资（亿元） and 起始年限 "
                f"(or their synonyms) among its first {HEADER_SCAN_ROWS} rows",
            )


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
    with stream_spreadsheet(path, max_bytes=max_bytes, validate_places=validate_places) as stream:
        tables = tuple(
            ProjectTable(table.key, table.title, tuple(table.rows), table.source)
            for table in stream.tables
        )
        stream.finish()
    return SpreadsheetImport(stream.document, tables, stream.plan, tuple(stream.skipped_sheets))


@contextmanager
def stream_spreadsheet(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    validate_places: PlacesValidator | None = None,
) -> Iterator[SpreadsheetStream]:
    """An .xlsx or .csv file open for reading its tables as they are used (see
    :class:`SpreadsheetStream`); ``validate_places`` as in :func:`read_spreadsheet`. A file
    that cannot be read at all raises ``ImportFileError`` at once."""
    document = path.name
    check_size(path, max_bytes)
    reader = TableReader(document, validate_places)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        stream = SpreadsheetStream(document, None, reader.log)
        stream.tables = _csv_tables(path, reader, stream)
        yield stream
    elif suffix in (".xlsx", ".xlsm"):
        with open_workbook(path, max_bytes) as workbook:
            plan = _plan_sheets(workbook, reader.log)
            stream = SpreadsheetStream(document, plan, reader.log)
            stream.tables = _workbook_tables(workbook, reader, stream)
            yield stream
    else:
        fail(document, f"unsupported file type “{path.suffix}”; use .xlsx or .csv")


def _csv_tables(
    path: Path, reader: TableReader, stream: SpreadsheetStream
) -> Iterator[StreamedTable]:
    table = reader.read_table(None, path.stem, csv_rows(path))
    if table is not None:
        stream.found += 1
        yield table


def _plan_sheets(workbook: Workbook, log: ProblemLog) -> PlanMetadata | None:
    """What the 规划 sheet says (the last one, should there be several), read before the
    tables: a plan period it gives counts for every row."""
    plan = None
    for name in workbook.sheet_names():
        if normalize_header(name) in PLAN_SHEET_NAMES:
            plan = _read_plan(workbook.sheet(name).rows, workbook.path.name, name, log)
    return plan


def _workbook_tables(
    workbook: Workbook, reader: TableReader, stream: SpreadsheetStream
) -> Iterator[StreamedTable]:
    for name in workbook.sheet_names():
        kind = normalize_header(name)
        if kind in PLAN_SHEET_NAMES:
            continue
        table = None
        if kind not in NOTE_SHEET_NAMES:
            sheet = workbook.sheet(name)
            table = reader.read_table(name, name, sheet.rows, sheet.merges, sheet.formulas)
        if table is None:
            stream.skipped_sheets.append(name)
        else:
            stream.found += 1
            yield table


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
