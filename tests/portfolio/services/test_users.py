"""The office's people: added, listed, removed, given roles and passwords, each change in the
audit trail; sign-ins checked, slowed down after wrong passwords, ended by a change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select

from portfolio.access import Actor, PermissionDeniedError, Role
from portfolio.db import models as m
from portfolio.exports.model import Language
from portfolio.services.audit import list_entries
from portfolio.services.users import SignInRefusedError, UserError, wait_after
from portfolio.services.workspace import Workspace

ADMIN = Actor("管理员甲", Role.ADMIN)
PASSWORD = "correct horse"


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    workspace = Workspace(db_url, office=True)
    workspace.migrate()
    yield workspace
    workspace.close()


def _trail(workspace: Workspace) -> list[tuple[str, str, str, dict[str, str], dict[str, str]]]:
    with workspace.sessions() as session:
        entries = reversed(list_entries(session))
        return [(e.actor, e.action, e.target, e.before, e.after) for e in entries]


def test_each_change_of_people_is_in_the_audit_trail_and_no_password_is(
    workspace: Workspace,
) -> None:
    workspace.users.add("王芳", Role.ADMIN, PASSWORD, actor=ADMIN)
    workspace.users.add("李明", Role.VIEWER, PASSWORD, actor=ADMIN)
    workspace.users.set_role("李明", Role.PLANNER, actor=ADMIN)
    workspace.users.set_password("李明", "another secret", actor=ADMIN)
    workspace.users.remove("李明", actor=ADMIN)
    assert [(v.name, v.role) for v in workspace.users.list()] == [("王芳", Role.ADMIN)]
    assert _trail(workspace) == [
        ("管理员甲", "add_user", "王芳", {}, {"role": "admin"}),
        ("管理员甲", "add_user", "李明", {}, {"role": "viewer"}),
        ("管理员甲", "set_role", "李明", {"role": "viewer"}, {"role": "planner"}),
        ("管理员甲", "set_password", "李明", {}, {"password": "changed"}),
        ("管理员甲", "remove_user", "李明", {"role": "planner"}, {}),
    ]
    with workspace.sessions() as session:
        stored = session.scalar(select(m.User.password_hash).where(m.User.name == "王芳"))
        trail = " ".join(str(e) for e in list_entries(session))
    assert stored is not None and stored.startswith("scrypt:") and PASSWORD not in stored
    assert "scrypt:" not in trail and "another secret" not in trail


def test_only_an_admin_manages_people_and_the_office_server_names_who(
    workspace: Workspace,
) -> None:
    for role in (Role.VIEWER, Role.PLANNER):
        with pytest.raises(PermissionDeniedError) as refused:
            workspace.users.add("李明", Role.ADMIN, PASSWORD, actor=Actor("张三", role))
        assert refused.value.message(Language.EN).endswith("may not manage users")
    with pytest.raises(PermissionDeniedError):  # office mode: no default person
        workspace.users.add("李明", Role.ADMIN, PASSWORD)
    assert workspace.users.list() == []
    assert _trail(workspace) == []


def test_wrong_names_short_passwords_and_a_taken_name_are_refused(workspace: Workspace) -> None:
    workspace.users.add("王芳", Role.PLANNER, PASSWORD, actor=ADMIN)
    refusals: dict[str, Callable[[], object]] = {
        "taken": lambda: workspace.users.add(" 王芳 ", Role.VIEWER, PASSWORD, actor=ADMIN),
        "short": lambda: workspace.users.add("李明", Role.VIEWER, "1234567", actor=ADMIN),
        "empty": lambda: workspace.users.add("  ", Role.VIEWER, PASSWORD, actor=ADMIN),
        "control": lambda: workspace.users.add("李\n明", Role.VIEWER, PASSWORD, actor=ADMIN),
        "unknown": lambda: workspace.users.remove("赵六", actor=ADMIN),
    }
    messages = {}
    for key, attempt in refusals.items():
        with pytest.raises(UserError) as refused:
            attempt()
        messages[key] = refused.value.message(Language.ZH)
    assert messages["taken"] == "用户“王芳”已存在"
    assert messages["short"] == "密码至少 8 个字符"
    assert messages["unknown"] == "没有用户“赵六”"
    assert [v.name for v in workspace.users.list()] == ["王芳"]
    assert len(_trail(workspace)) == 1


def test_the_last_admin_can_be_neither_removed_nor_demoted(workspace: Workspace) -> None:
    workspace.users.add("王芳", Role.ADMIN, PASSWORD, actor=ADMIN)
    for attempt in (
        lambda: workspace.users.remove("王芳", actor=ADMIN),
        lambda: workspace.users.set_role("王芳", Role.PLANNER, actor=ADMIN),
    ):
        with pytest.raises(UserError, match="最后一位管理员"):
            attempt()
    assert workspace.users.admins() == 1
    # With a second administrator, the first may go.
    workspace.users.add("李明", Role.ADMIN, PASSWORD, actor=ADMIN)
    workspace.users.set_role("王芳", Role.VIEWER, actor=ADMIN)
    assert workspace.users.admins() == 1


def test_a_sign_in_gives_the_person_and_a_change_of_password_or_role_ends_it(
    workspace: Workspace,
) -> None:
    workspace.users.add("王芳", Role.PLANNER, PASSWORD, actor=ADMIN)
    who = workspace.users.authenticate(" 王芳", PASSWORD)
    assert who.actor == Actor("王芳", Role.PLANNER)
    assert workspace.users.signed_in(who.id, who.epoch) == who
    workspace.users.set_password("王芳", "a new secret", actor=ADMIN)
    assert workspace.users.signed_in(who.id, who.epoch) is None
    again = workspace.users.authenticate("王芳", "a new secret")
    workspace.users.set_role("王芳", Role.VIEWER, actor=ADMIN)
    assert workspace.users.signed_in(again.id, again.epoch) is None
    assert workspace.users.authenticate("王芳", "a new secret").role is Role.VIEWER
    workspace.users.remove("王芳", actor=ADMIN)
    with pytest.raises(SignInRefusedError):
        workspace.users.authenticate("王芳", "a new secret")


def test_wrong_passwords_make_the_next_try_wait_longer_each_time(workspace: Workspace) -> None:
    workspace.users.add("王芳", Role.PLANNER, PASSWORD, actor=ADMIN)
    start = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    for n in range(3):
        with pytest.raises(SignInRefusedError) as refused:
            workspace.users.authenticate("王芳", "wrong", now=start + dt.timedelta(seconds=n))
    assert refused.value.wait_seconds == wait_after(3) == 5
    # During the wait even the right password is refused, without being checked.
    with pytest.raises(SignInRefusedError) as waiting:
        workspace.users.authenticate("王芳", PASSWORD, now=start + dt.timedelta(seconds=4))
    assert 0 < waiting.value.wait_seconds <= 5
    assert waiting.value.message(Language.ZH).startswith("错误次数过多")
    # Another wrong password after the wait doubles it.
    later = start + dt.timedelta(seconds=10)
    with pytest.raises(SignInRefusedError) as refused:
        workspace.users.authenticate("王芳", "wrong", now=later)
    assert refused.value.wait_seconds == 10
    assert workspace.users.list()[0].failed_signins == 4
    with pytest.raises(SignInRefusedError):
        workspace.users.authenticate("王芳", PASSWORD, now=later + dt.timedelta(seconds=9))
    # After it the right password is accepted, and the count starts again.
    who = workspace.users.authenticate("王芳", PASSWORD, now=later + dt.timedelta(seconds=11))
    assert who.name == "王芳"
    assert workspace.users.list()[0].failed_signins == 0


def test_an_unknown_name_is_refused_as_a_wrong_password_is() -> None:
    assert str(SignInRefusedError()) == "用户名或密码不正确"
    assert [wait_after(n) for n in range(3)] == [0, 0, 0]
    assert wait_after(100) == 15 * 60
