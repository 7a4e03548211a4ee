"""``portfolio audit``: the audit trail, who changed what and when, before and after."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from commands.options import DbOption, LangOption, fail, with_workspace
from commands.output import FormatOption, OutputFormat, emit
from portfolio.access import Role
from portfolio.audit import action_words, change_summary
from portfolio.exports.model import Language
from portfolio.formatting import OFFICE_TIME, office_time
from portfolio.i18n import ntr, tr


def _since(text: str | None, lang: Language) -> dt.datetime | None:
    """``2026-12-01`` or ``2026-12-01 09:30``, in Beijing time as the office reads it."""
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        message = tr(lang, "“{text}”不是日期（应如 2026-12-01 或 2026-12-01 09:30）", text=text)
        raise fail(message, lang) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=OFFICE_TIME)


def audit(
    since: Annotated[
        str | None,
        typer.Option(help="From this day or moment on (Beijing time): 2026-12-01[ 09:30]."),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Only this person's changes.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many entries, newest first.")] = 200,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Who changed what, when: imports, project settings, scenarios, runs, users."""
    start = _since(since, lang)
    entries = with_workspace(db, lang, lambda w: w.audit(since=start, actor=user, limit=limit))
    header = [
        tr(lang, "时间"),
        tr(lang, "人员"),
        tr(lang, "角色"),
        tr(lang, "操作"),
        tr(lang, "对象"),
        tr(lang, "变化"),
    ]
    rows = [
        [
            office_time(e.at),
            e.actor,
            Role(e.role).label(lang),
            action_words(e.action, lang),
            e.target,
            change_summary(e, lang),
        ]
        for e in entries
    ]
    items = [
        {
            "id": e.id,
            "at": e.at.isoformat(timespec="seconds"),
            "actor": e.actor,
            "role": e.role,
            "action": e.action,
            "target": e.target,
            "before": e.before,
            "after": e.after,
        }
        for e in entries
    ]
    emit(fmt, items, header, rows, ntr(lang, "{n} 条记录", "{n} 条记录", len(entries)))


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)
