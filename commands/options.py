"""What every command of the ``portfolio`` command line shares: its ``--db`` and ``--lang``
options and how it ends with an error, in one language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from portfolio.access import PermissionDeniedError
from portfolio.db.engine import default_database_url
from portfolio.db.writers import DatabaseBusyError, ImportBusyError
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import tr
from portfolio.importers.actuals_problems import ActualsImportError
from portfolio.scenarios.problems import ScenarioError
from portfolio.scenarios.sweep import SweepError
from portfolio.services.database import unreachable_message
from portfolio.services.queries import UnknownNameError
from portfolio.services.scenarios import UnknownScenarioError
from portfolio.services.users import UserError
from portfolio.services.workspace import Workspace
from portfolio.versions import StaleVersionError

# Errors that say themselves in the reader's language (``message(lang)``).
SAYS_ITSELF = (
    ActualsImportError,
    UnknownNameError,
    UnknownScenarioError,
    PermissionDeniedError,
    StaleVersionError,
    SweepError,
    UserError,
    ImportBusyError,
    DatabaseBusyError,
)

# Where a command's --db and --lang are kept for its error messages (click shares ``meta``
# between a command's context and its group's).
DB_KEY = "portfolio.db"
LANG_KEY = "portfolio.lang"


def _remember_db(ctx: typer.Context, value: str | None) -> str | None:
    ctx.meta[DB_KEY] = value
    return value


def _remember_lang(ctx: typer.Context, value: Language) -> Language:
    ctx.meta[LANG_KEY] = value
    return value


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: $PORTFOLIO_DATABASE_URL, else an SQLite file in the "
        "user's data directory).",
        callback=_remember_db,
    ),
]
LangOption = Annotated[
    Language,
    typer.Option(
        "--lang", help="Language of the output: zh (default) or en.", callback=_remember_lang
    ),
]


def fail(message: str, lang: Language) -> typer.Exit:
    """``错误：...`` (``error: ...``) on stderr; the caller raises the exit with code 1."""
    typer.echo(tr(lang, "错误：{message}", message=message), err=True)
    return typer.Exit(code=1)


T = TypeVar("T")


def with_workspace(
    db: str | None, lang: Language, action: Callable[[Workspace], T], *, load: bool = True
) -> T:
    """``action(workspace)`` on the database ``db``, made ready first (created, and the
    bundled plans loaded on first use; ``load=False``: the schema only), closed after.

    Unknown names and portfolio errors end the command with ``错误：...`` and exit code 1
    (:func:`fail_with`).
    """
    workspace = Workspace(db or default_database_url())
    try:
        if load:
            workspace.ensure_ready()
        else:
            workspace.migrate()
        return action(workspace)
    except (UnknownNameError, PortfolioError) as exc:
        raise fail_with(exc, lang) from exc
    finally:
        workspace.close()


def fail_with(exc: Exception, lang: Language) -> typer.Exit:
    """:func:`fail` with what ``exc`` says, in ``lang`` where it can say itself so: a wrong
    scenario lists every problem at its line; an unknown name or scenario (or one with no run
    or no plan), a change of people refused, a refused right and a save based on an old
    version are said in the language asked for; other errors as they are written."""
    if isinstance(exc, ScenarioError):
        return fail(exc.report(lang), lang)
    if isinstance(exc, SAYS_ITSELF):
        return fail(exc.message(lang), lang)
    return fail(str(exc), lang)


class Commands(TyperGroup):
    """The command line's group: a database that cannot be reached (a server that is down,
    a connection lost in the middle) ends any command with a message naming the database,
    in the command's language, rather than a driver's traceback."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except Exception as exc:
            lang = ctx.meta.get(LANG_KEY, Language.ZH)
            said = unreachable_message(exc, ctx.meta.get(DB_KEY), lang)
            if said is None:
                raise
            raise fail(said, lang) from exc
