"""``portfolio users ...``: the people who sign in to the office server, and their roles.

Run at the server's computer by whoever may open its database, which is why these commands
act as the person at this computer (every right) and need no sign-in. Passwords are never
given as options (they would stay in the shell's history and the process list): they are
asked at the terminal, twice, or read from standard input with ``--password-stdin``.
"""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer

from commands.options import DbOption, LangOption, fail, fail_with
from portfolio.access import Role
from portfolio.db.engine import default_database_url
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import tr
from portfolio.services.workspace import Workspace

app = typer.Typer(help="People of the office server: add, list, remove, set roles, passwords.")

NameArgument = Annotated[str, typer.Argument(metavar="NAME", help="The person's user name.")]
PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from standard input (one line) instead."
    ),
]


def _open(db: str | None) -> Workspace:
    # The schema only: people can be added before the plans are loaded.
    workspace = Workspace(db or default_database_url())
    workspace.migrate()
    return workspace


def _password(from_stdin: bool, lang: Language) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(tr(lang, "密码："))
    if getpass.getpass(tr(lang, "再次输入密码：")) != first:
        raise fail(tr(lang, "两次输入的密码不一致"), lang)
    return first


@app.command("add")
def add(
    name: NameArgument,
    role: Annotated[Role, typer.Option(help="viewer, planner or admin.")] = Role.VIEWER,
    password_stdin: PasswordStdin = False,
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Add a person who may sign in to the office server, with a role."""
    password = _password(password_stdin, lang)
    workspace = _open(db)
    try:
        view = workspace.users.add(name, role, password)
    except PortfolioError as exc:
        raise fail_with(exc, lang) from exc
    finally:
        workspace.close()
    typer.echo(tr(lang, "已添加用户“{name}”（{role}）", name=view.name, role=view.role.label(lang)))


@app.command("list")
def list_(db: DbOption = None, lang: LangOption = Language.ZH) -> None:
    """List the people, their roles and their wrong passwords in a row."""
    workspace = _open(db)
    try:
        people = workspace.users.list()
    finally:
        workspace.close()
    if not people:
        typer.echo(tr(lang, "还没有用户：portfolio users add 姓名 --role admin"))
        return
    for view in people:
        line = f"{view.name}\t{view.role.label(lang)}\t{view.created_at:%Y-%m-%d}"
        if view.failed_signins:
            line += "\t" + tr(lang, "连续输错密码 {n} 次", n=view.failed_signins)
        typer.echo(line)


@app.command("remove")
def remove(name: NameArgument, db: DbOption = None, lang: LangOption = Language.ZH) -> None:
    """Remove a person (never the last administrator)."""
    workspace = _open(db)
    try:
        workspace.users.remove(name)
    except PortfolioError as exc:
        raise fail_with(exc, lang) from exc
    finally:
        workspace.close()
    typer.echo(tr(lang, "已删除用户“{name}”", name=name))


@app.command("set-role")
def set_role(
    name: NameArgument,
    role: Annotated[Role, typer.Argument(metavar="ROLE", help="viewer, planner or admin.")],
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Give a person another role; they sign in again (never demotes the last administrator)."""
    workspace = _open(db)
    try:
        view = workspace.users.set_role(name, role)
    except PortfolioError as exc:
        raise fail_with(exc, lang) from exc
    finally:
        workspace.close()
    typer.echo(tr(lang, "“{name}”现为{role}", name=view.name, role=view.role.label(lang)))


@app.command("password")
def password(
    name: NameArgument,
    password_stdin: PasswordStdin = False,
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Give a person a new password; their open sessions end."""
    new = _password(password_stdin, lang)
    workspace = _open(db)
    try:
        workspace.users.set_password(name, new)
    except PortfolioError as exc:
        raise fail_with(exc, lang) from exc
    finally:
        workspace.close()
    typer.echo(tr(lang, "已更改“{name}”的密码", name=name))
