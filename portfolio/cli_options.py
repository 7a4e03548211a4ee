"""What every command of the ``portfolio`` command line shares: its ``--db`` and ``--lang``
options and how it ends with an error, in one language."""

from __future__ import annotations

from typing import Annotated

import typer

from portfolio.access import PermissionDeniedError
from portfolio.exports.model import Language
from portfolio.i18n import tr
from portfolio.scenarios.problems import ScenarioError
from portfolio.services.queries import UnknownNameError
from portfolio.services.scenarios import UnknownScenarioError
from portfolio.services.users import UserError
from portfolio.versions import StaleVersionError

# Errors that say themselves in the reader's language (``message(lang)``).
SAYS_ITSELF = (
    UnknownNameError,
    UnknownScenarioError,
    PermissionDeniedError,
    StaleVersionError,
    UserError,
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: $PORTFOLIO_DATABASE_URL, else an SQLite file in the "
        "user's data directory).",
    ),
]
LangOption = Annotated[
    Language, typer.Option("--lang", help="Language of the output: zh (default) or en.")
]


def fail(message: str, lang: Language) -> typer.Exit:
    """``错误：...`` (``error: ...``) on stderr; the caller raises the exit with code 1."""
    typer.echo(tr(lang, "错误：{message}", message=message), err=True)
    return typer.Exit(code=1)


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
