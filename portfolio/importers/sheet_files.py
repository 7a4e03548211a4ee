"""Open the files a planning office sends: size and format checks, then rows of cells.

An .xlsx file is checked before a reader sees it: an Excel 97-2003 (.xls) or
password-protected workbook, a text file renamed .xlsx, a damaged zip or one that would
unpack to far more than the size limit (a zip bomb) is refused with a message that says
why (its sheets are read by :mod:`portfolio.importers.xlsx_sheets`). A CSV file is decoded
as UTF-8 (with or without BOM), UTF-16 with BOM or GB18030, tab- or comma-separated, and its
records are read one at a time. ``cell_text`` turns any cell into text, numbers at Excel's
15 significant digits. Every problem raises an ``ImportFileError`` naming the file (and
sheet).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

from portfolio.errors import ImportFileError, Location, Problem

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# An xlsx is a zip; refuse one that would unpack to far more than its size (a zip bomb).
_MAX_UNZIPPED_FACTOR = 10

# What a reader gives: str ("" or None when empty), int, float, bool, date, datetime, time,
# timedelta.
Cell = object
Merge = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row (1-based)


def fail(document: str, message: str, sheet: str | None = None) -> NoReturn:
    """Raise an ``ImportFileError`` with one problem about the whole file (or sheet)."""
    raise ImportFileError([Problem(Location(document, sheet), message)])


def check_size(path: Path, max_bytes: int) -> None:
    """Refuse a file that cannot be opened, is empty or is larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        fail(path.name, f"cannot open the file: {exc.strerror or exc}")
    if size == 0:
        fail(path.name, "the file is empty")
    if size > max_bytes:
        fail(path.name, f"the file has {size:,} bytes, more than the limit of {max_bytes:,}")


def check_workbook_file(path: Path, max_bytes: int) -> None:
    """Refuse what is not an xlsx before a reader sees it, with a message that says why."""
    document = path.name
    with path.open("rb") as stream:
        head = stream.read(512)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        fail(
            document,
            "an Excel 97-2003 (.xls) or password-protected workbook; "
            "save it as an unprotected .xlsx",
        )
    if not head.startswith(b"PK"):
        kind = "a text file" if _looks_like_text(head) else "not a zip archive"
        fail(document, f"not an xlsx workbook ({kind}); save it from Excel as .xlsx or .csv")
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError):
        fail(document, "the workbook is damaged or truncated (not a valid zip archive)")
    if unzipped > _MAX_UNZIPPED_FACTOR * max_bytes:
        fail(document, f"the workbook unpacks to {unzipped:,} bytes, too large to read")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    return any(_decodes(head, encoding) for encoding in ("utf-8", "gb18030"))


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start >= len(data) - 4  # a character cut at the end of the sample
    return True


def csv_rows(path: Path) -> Iterator[list[str]]:
    """The rows of a CSV file as text, tab-separated when its first line says so, read one
    at a time: the decoded text is held, not a list of every row's cells."""
    data = path.read_bytes()
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        fail(path.name, "not a text file; a .csv file must be text (UTF-8 or GB18030)")
    text = _decode_text(data, path.name)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    del data  # the text is enough from here on
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    del text
    while True:
        try:
            row = next(records)
        except StopIteration:
            return
        except csv.Error as exc:
            fail(path.name, f"not a readable CSV file (record {records.line_num}: {exc})")
        yield row


def _decode_text(data: bytes, document: str) -> str:
    """UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else GB18030
    (what Excel writes for "CSV" on a Chinese Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    fail(document, "the text is neither UTF-8 nor GB18030; save the CSV as UTF-8")


def cell_text(value: Cell) -> str:
    """A cell as text. Numbers are written with Excel's 15 significant digits, so that the
    float a reader gives for ``14.02`` gives ``14.02`` and ``2023.0`` gives ``2023``.

    >>> cell_text(14.02), cell_text(2023.0), cell_text(0.1 + 0.2), cell_text(1e-05)
    ('14.02', '2023', '0.3', '0.00001')
    """
    if type(value) is str:  # most cells: first, and without the checks below
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:  # 2023.0: no decimal text needed
            return str(int(value))
        return format(Decimal(format(value, ".15g")), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):  # a duration-formatted cell
        return str(value)
    return str(value).strip()
