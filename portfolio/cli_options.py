"""What every command of the ``portfolio`` command line shares: its ``--db`` and ``--lang``
options and how it ends with an error, in one language."""

from __future__ import annotations

from typing import Annotated

import typer

from portfolio.exports.model import Language
from portfolio.i18n import tr

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
