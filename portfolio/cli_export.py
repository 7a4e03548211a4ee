"""``portfolio export`` and ``portfolio import-schedule``: schedules as Excel files and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from portfolio.db.engine import default_database_url
from portfolio.errors import PortfolioError
from portfolio.exports.model import ExportOptions, Grouping, Language, MoneyUnit
from portfolio.exports.workbook import write_csv, write_workbook
from portfolio.services.exports import schedule_export
from portfolio.services.schedule_import import import_schedule
from portfolio.services.workspace import Workspace

DbOption = Annotated[str | None, typer.Option("--db", help="Database URL.")]


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(code=1)


def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write.")],
    scenario: Annotated[
        str | None,
        typer.Option(help="A stored scenario: its last run (default: the plan as written)."),
    ] = None,
    by: Annotated[Grouping, typer.Option(help="Subtotals and sheets per city or county.")] = (
        Grouping.CITY
    ),
    unit: Annotated[MoneyUnit, typer.Option(help="Money in 万元 (wan) or 亿元 (yi).")] = (
        MoneyUnit.WAN
    ),
    lang: Annotated[Language, typer.Option(help="Headers in Chinese or English.")] = Language.ZH,
    csv: Annotated[Path | None, typer.Option(help="Also write the schedule as CSV.")] = None,
    db: DbOption = None,
) -> None:
    """Write an investment schedule workbook (Excel) of a scenario's last run or of the plan."""
    if output.suffix.lower() != ".xlsx":
        raise _fail(PortfolioError(f"{output}: the workbook must end in .xlsx"))
    workspace = Workspace(db or default_database_url())
    try:
        workspace.ensure_ready()
        data = schedule_export(workspace, scenario)
    except PortfolioError as exc:
        raise _fail(exc) from exc
    finally:
        workspace.close()
    options = ExportOptions(by=by, unit=unit, lang=lang)
    try:
        layout = write_workbook(data, output, options)
        if csv is not None:
            write_csv(data, csv, options)
    except OSError as exc:
        raise _fail(PortfolioError(f"cannot write: {exc}")) from exc
    typer.echo(
        f"wrote {output}: {len(data.rows)} projects, {data.horizon[0]}-{data.horizon[1]}, "
        f"{len(layout.places)} {by.value} sheets" + (f"; {csv}" if csv is not None else "")
    )


def import_schedule_command(
    file: Annotated[Path, typer.Argument(help="A schedule workbook from `portfolio export`.")],
    db: DbOption = None,
) -> None:
    """Read a schedule workbook's yearly amounts back as the projects' planned spend."""
    workspace = Workspace(db or default_database_url())
    try:
        workspace.ensure_ready()
        report = import_schedule(workspace, file)
    except PortfolioError as exc:
        raise _fail(exc) from exc
    finally:
        workspace.close()
    typer.echo(
        f"{file.name}: {report.changed} projects take the new yearly amounts, "
        f"{report.unchanged} unchanged"
    )


def register(app: typer.Typer) -> None:
    """Add the export commands to the ``portfolio`` command line."""
    app.command("export")(export)
    app.command("import-schedule")(import_schedule_command)
