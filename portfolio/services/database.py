"""What the command line says when the database does not answer (a server that is down, a
connection lost in the middle): which database, without its password, the driver's reason,
and that nothing was done, instead of a driver's traceback."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from portfolio.db.engine import default_database_url, unreachable
from portfolio.exports.model import Language
from portfolio.i18n import tr


def unreachable_message(exc: BaseException, db: str | None, lang: Language) -> str | None:
    """The message when ``exc`` says the database at ``db`` (``None``: the default) cannot
    be reached; ``None`` for any other error."""
    if not isinstance(exc, OperationalError) or not unreachable(exc):
        return None
    url = db or default_database_url()
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        shown = url
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return tr(
        lang,
        "无法连接数据库 {database}（{detail}）。本次操作未执行，请在数据库恢复后重试。",
        database=shown,
        detail=detail,
    )
