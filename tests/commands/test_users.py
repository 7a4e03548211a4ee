"""``portfolio users``: people added with a password from standard input, listed, given roles
and new passwords, removed; the last administrator is kept; Chinese by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from portfolio.access import Role
from portfolio.services.users import SignInRefusedError
from portfolio.services.workspace import Workspace


def _run(db: str, *args: str, password: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["users", *args, "--db", db], input=password)
    return result.exit_code, result.output


def test_users_commands_manage_people_with_passwords_from_standard_input(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'portfolio.sqlite3'}"
    assert _run(db, "list") == (0, "还没有用户：portfolio users add 姓名 --role admin\n")
    code, said = _run(
        db, "add", "王芳", "--role", "admin", "--password-stdin", password="correct horse\n"
    )
    assert (code, said) == (0, "已添加用户“王芳”（管理员）\n")
    code, said = _run(db, "add", "李明", "--password-stdin", password="battery staple\n")
    assert (code, said) == (0, "已添加用户“李明”（查看者）\n")
    code, said = _run(db, "set-role", "李明", "planner", "--lang", "en")
    assert (code, said) == (0, "“李明” is now planner\n")
    code, said = _run(db, "password", "李明", "--password-stdin", password="a new secret\n")
    assert (code, said) == (0, "已更改“李明”的密码\n")
    code, said = _run(db, "list")
    assert code == 0
    assert [line.split("\t")[:2] for line in said.splitlines()] == [
        ["李明", "规划员"],
        ["王芳", "管理员"],
    ]

    workspace = Workspace(db)
    try:
        assert workspace.users.authenticate("李明", "a new secret").role is Role.PLANNER
        with pytest.raises(SignInRefusedError):  # the old password no longer signs in
            workspace.users.authenticate("李明", "battery staple")
    finally:
        workspace.close()

    # The last administrator stays; others go.
    code, said = _run(db, "remove", "王芳")
    assert (code, said) == (1, "错误：“王芳”是最后一位管理员，不能删除或降级\n")
    code, said = _run(db, "set-role", "王芳", "viewer", "--lang", "en")
    assert (code, said) == (
        1,
        "error: “王芳” is the last administrator: it cannot be removed or demoted\n",
    )
    assert _run(db, "remove", "李明") == (0, "已删除用户“李明”\n")
    code, said = _run(db, "add", "赵六", "--password-stdin", "--lang", "en", password="short\n")
    assert (code, said) == (1, "error: a password has at least 8 characters\n")
