"""``portfolio export`` and ``portfolio import-schedule``: schedules as Excel files and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commands.options import DbOption, LangOption, fail, fail_with
from portfolio.db.engine import default_database_url
from portfolio.errors import PortfolioError
from portfolio.exports.model import ExportOptions, Grouping, Language, MoneyUnit
from portfolio.exports.workbook import write_csv, write_workbook
from portfolio.i18n import N_, tr
from portfolio.services.exports import schedule_export
from portfolio.services.schedule_import import import_schedule
from portfolio.services.workspace import Workspace

# The sheets of a workbook's places, by grouping.
SHEET_WORDS = {
    Grouping.CITY: N_("已写入 {file}：{n} 个项目，{first}-{last}年，{sheets} 张设区市工作表"),
    Grouping.COUNTY: N_(
        "已写入 {file}：{n} 个项目，{first}-{last}年，{sheets} 张县（市、区）工作表"
    ),
}


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
    lang: LangOption = Language.ZH,
    csv: Annotated[Path | None, typer.Option(help="Also write the schedule as CSV.")] = None,
    db: DbOption = None,
) -> None:
    """Write an investment schedule workbook (Excel) of a scenario's last run or of the plan."""
    if output.suffix.lower() != ".xlsx":
        raise fail(tr(lang, "{file}：工作簿的文件名须以 .xlsx 结尾", file=output), lang)
    workspace = Workspace(db or default_database_url())
    try:
        workspace.ensure_ready()
        data = schedule_export(workspace, scenario)
    except PortfolioError as exc:
        raise fail_with(exc, lang) from exc
    finally:
        workspace.close()
    options = ExportOptions(by=by, unit=unit, lang=lang)
    try:
        layout = write_workbook(data, output, options)
        if csv is not None:
            write_csv(data, csv, options)
    except OSError as exc:
        raise fail(tr(lang, "无法写入：{detail}", detail=exc), lang) from exc
    wrote = tr(
        lang,
        SHEET_WORDS[by],
        file=output,
        n=len(data.rows),
        first=data.horizon[0],
        last=data.horizon[1],
        sheets=len(layout.places),
    )
    typer.echo(wrote + (tr(lang, "；{file}", file=csv) if csv is not None else ""))


def import_schedule_command(
    file: Annotated[Path, typer.Argument(help="A schedule workbook from `portfolio export`.")],
    db: DbOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything, store nothing.")
    ] = False,
    lang: LangOption = Language.ZH,
) -> None:
    """Read a schedule workbook's yearly amounts back as the projects' planned spend."""
    workspace = Workspace(db or default_database_url())
    try:
        workspace.ensure_ready()
        report = import_schedule(workspace, file, dry_run=dry_run)
    except PortfolioError as exc:
        raise fail_with(exc, lang) from exc
    finally:
        workspace.close()
    counts = {"file": file.name, "changed": report.changed, "unchanged": report.unchanged}
    if dry_run:
        typer.echo(
            tr(
                lang,
                "检查通过，未作改动：{file}：{changed} 个项目将采用新的年度金额，"
                "{unchanged} 个不变",
                **counts,
            )
        )
    else:
        typer.echo(
            tr(lang, "{file}：{changed} 个项目采用新的年度金额，{unchanged} 个未变", **counts)
        )


def register(app: typer.Typer) -> None:
    """Add the export commands to the ``portfolio`` command line."""
    app.command("export")(export)
    app.command("import-schedule")(import_schedule_command)
