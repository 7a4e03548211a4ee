"""``portfolio backup`` and ``portfolio restore``: the whole database to one file and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commands.options import DbOption, LangOption, fail
from portfolio.db.engine import default_database_url
from portfolio.exports.model import Language
from portfolio.i18n import tr
from portfolio.services.backup import (
    BackupError,
    BackupSummary,
    backup_database,
    restore_database,
)


def _counts(lang: Language, summary: BackupSummary) -> str:
    return tr(
        lang,
        "{plans} 个规划、{projects} 个项目、{scenarios} 个情景、{runs} 次运行",
        plans=summary.plans,
        projects=summary.projects,
        scenarios=summary.scenarios,
        runs=summary.runs,
    )


def backup(
    file: Annotated[Path, typer.Argument(help="The backup file to write.")],
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Write a backup of the whole database (consistent while the app runs)."""
    try:
        summary = backup_database(db or default_database_url(), file)
    except BackupError as exc:
        raise fail(exc.message(lang), lang) from exc
    typer.echo(tr(lang, "已备份到 {file}：{counts}", file=file, counts=_counts(lang, summary)))


def restore(
    file: Annotated[Path, typer.Argument(help="A file from `portfolio backup`.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that already holds data.")
    ] = False,
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Replace the database by a backup; a backup that cannot be read changes nothing."""
    try:
        summary = restore_database(db or default_database_url(), file, force=force)
    except BackupError as exc:
        raise fail(exc.message(lang), lang) from exc
    typer.echo(tr(lang, "已从 {file} 恢复：{counts}", file=file, counts=_counts(lang, summary)))


def register(app: typer.Typer) -> None:
    """Add the backup commands to the ``portfolio`` command line."""
    app.command("backup")(backup)
    app.command("restore")(restore)
