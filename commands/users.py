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

from commands.options import DbOption, LangOption, fail, with_workspace
from portfolio.access import Role
from portfolio.exports.model import Language
from portfolio.i18n import tr

app = typer.Typer(help="People of the office server: add, list, remove, set roles, passwords.")

NameArgument = Annotated[str, typer.Argument(metavar="NAME", help="The person's user name.")]
PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from standard input (one line) instead."
    ),
]


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
    view = with_workspace(db, lang, lambda w: w.users.add(name, role, password), load=False)
    typer.echo(tr(lang, "已添加用户“{name}”（{role}）", name=view.name, role=view.role.label(lang)))


@app.command("list")
def list_(db: DbOption = None, lang: LangOption = Language.ZH) -> None:
    """List the people, their roles and their wrong passwords in a row."""
    people = with_workspace(db, lang, lambda w: w.users.list(), load=False)
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
    with_workspace(db, lang, lambda w: w.users.remove(name), load=False)
    typer.echo(tr(lang, "已删除用户“{name}”", name=name))


@app.command("set-role")
def set_role(
    name: NameArgument,
    role: Annotated[Role, typer.Argument(metavar="ROLE", help="viewer, planner or admin.")],
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Give a person another role; they sign in again (never demotes the last administrator)."""
    view = with_workspace(db, lang, lambda w: w.users.set_role(name, role), load=False)
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
    with_workspace(db, lang, lambda w: w.users.set_password(name, new), load=False)
    typer.echo(tr(lang, "已更改“{name}”的密码", name=name))
