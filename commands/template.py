"""``portfolio template``: the workbooks an office fills in by hand: a plan's project tables,
or (``--actuals``) a progress report of the stored portfolio."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commands.actuals import write_actuals_template
from commands.options import DbOption, LangOption, fail
from portfolio.exports.model import Language
from portfolio.i18n import tr
from portfolio.importers.template import write_template


def template(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Where to write the .xlsx (default 项目表模板.xlsx, or 实际完成情况.xlsx)."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write the .xlsx.")
    ] = None,
    actuals: Annotated[
        bool,
        typer.Option(
            "--actuals",
            help="The progress-report workbook instead: the stored projects and indicators, "
            "a row per year up to this year, to fill in and import with import-actuals.",
        ),
    ] = False,
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Write an empty spreadsheet template with instructions (--actuals: a progress report)."""
    if file is not None and output is not None:
        raise fail(tr(lang, "请只给出一个文件名（FILE 或 -o）"), lang)
    target = file or output
    if actuals:
        write_actuals_template(target, db, lang)
        return
    target = target or Path("项目表模板.xlsx")
    if target.exists():
        raise fail(tr(lang, "{file} 已存在；请换一个文件名或先删除它", file=target), lang)
    write_template(target)
    typer.echo(tr(lang, "已写入 {file}", file=target))


def register(app: typer.Typer) -> None:
    app.command("template")(template)
