"""How the ``portfolio`` commands print what they list: a table for reading, CSV for a
spreadsheet (no field ever opens as a formula), JSON for other programs."""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from portfolio.exports.style import csv_text

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


def emit(
    fmt: OutputFormat,
    items: Sequence[DataclassInstance | dict[str, object]],
    header: list[str],
    rows: list[list[str]],
    footer: str | None = None,
) -> None:
    """Print ``items`` as JSON, or ``rows`` under ``header`` as CSV or a table.

    Items that are dicts already are printed as they are, dataclasses through ``asdict``;
    the footer line follows the table format only.
    """
    if fmt is OutputFormat.json:
        data = [item if isinstance(item, dict) else asdict(item) for item in items]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
    elif fmt is OutputFormat.csv:
        write_csv(header, rows)
    else:
        write_table(header, rows)
        if footer is not None:
            typer.echo(footer)


def write_csv(header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # Project names and units are typed by people: a field never opens as a formula.
    writer.writerow([csv_text(text) for text in header])
    writer.writerows([csv_text(text) for text in row] for row in rows)
    sys.stdout.write(buffer.getvalue())


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_table(header: list[str], rows: list[list[str]], max_width: int = 40) -> None:
    def cut(text: str) -> str:
        text = text.replace("\n", " ")
        while display_width(text) > max_width:
            text = text[:-2] + "…"
        return text

    table = [[cut(c) for c in header]] + [[cut(c) for c in row] for row in rows]
    widths = [max(display_width(r[i]) for r in table) for i in range(len(header))]
    for row in table:
        typer.echo(
            "  ".join(c + " " * (widths[i] - display_width(c)) for i, c in enumerate(row)).rstrip()
        )
