"""Scenarios saved by several people: versions, refusals naming who and when, deletion,
rights, and the audit trail of each change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from portfolio.access import Actor, PermissionDeniedError, Role
from portfolio.exports.model import Language
from portfolio.services.scenarios import UnknownScenarioError
from portfolio.services.workspace import Workspace
from portfolio.versions import StaleVersionError

WANG = Actor("王芳", Role.PLANNER)
LI = Actor("李明", Role.PLANNER)
HEAD = Actor("陈局长", Role.VIEWER)


def text(cut: str = "10%") -> str:
    return f'name = "压减方案"\nas_of = 2021\n[cuts]\n2023 = "{cut}"\n'


@pytest.fixture
def workspace(loaded_url: str) -> Iterator[Workspace]:
    """The loaded portfolio; the scenario the tests write is removed again."""
    ws = Workspace(loaded_url)
    yield ws
    if any(s.name == "压减方案" for s in ws.scenarios()):
        ws.delete_scenario("压减方案")
    ws.close()


def version(workspace: Workspace, name: str = "压减方案") -> int:
    return next(s.version for s in workspace.scenarios() if s.name == name)


def test_a_new_scenario_and_each_change_get_a_version(workspace: Workspace) -> None:
    workspace.save_scenario(text(), based_on=0, actor=WANG)
    assert version(workspace) == 1
    workspace.save_scenario(text("20%"), based_on=1, actor=LI)
    summary = next(s for s in workspace.scenarios() if s.name == "压减方案")
    assert (summary.version, summary.saved_by) == (2, "李明")
    workspace.save_scenario(text("20%"), based_on=2, actor=WANG)  # the same text
    assert version(workspace) == 2


def test_a_save_based_on_an_older_version_is_refused_naming_who_and_when(
    workspace: Workspace,
) -> None:
    workspace.save_scenario(text(), based_on=0, actor=WANG)
    workspace.save_scenario(text("20%"), based_on=1, actor=LI)
    with pytest.raises(StaleVersionError) as caught:
        workspace.save_scenario(text("30%"), based_on=1, actor=WANG)
    said = caught.value.message(Language.ZH)
    assert "李明" in said and "压减方案" in said and "第2版" in said
    assert workspace.scenario("压减方案")[0] == text("20%")


def test_a_new_scenario_under_a_name_taken_meanwhile_is_refused(workspace: Workspace) -> None:
    workspace.save_scenario(text(), based_on=0, actor=WANG)
    with pytest.raises(StaleVersionError, match="王芳"):
        workspace.save_scenario(text("50%"), based_on=0, actor=LI)
    assert workspace.scenario("压减方案")[0] == text()


def test_a_viewer_may_neither_save_nor_run_nor_delete(workspace: Workspace) -> None:
    with pytest.raises(PermissionDeniedError):
        workspace.save_scenario(text(), actor=HEAD)
    with pytest.raises(PermissionDeniedError):
        workspace.run_scenario(text(), actor=HEAD)
    assert all(s.name != "压减方案" for s in workspace.scenarios())
    workspace.save_scenario(text(), actor=WANG)
    with pytest.raises(PermissionDeniedError) as caught:
        workspace.delete_scenario("压减方案", actor=HEAD)
    assert caught.value.message(Language.ZH) == "陈局长（查看者）无权编写情景"
    assert version(workspace) == 1


def test_deleting_removes_the_scenario_and_its_runs_and_records_what_it_was(
    workspace: Workspace,
) -> None:
    start = dt.datetime.now(dt.UTC)
    workspace.save_scenario(text(), actor=WANG)
    run = workspace.run_scenario(text(), actor=WANG)
    assert run.run_id is not None
    assert workspace.delete_scenario("压减方案", based_on=version(workspace), actor=LI) == 1
    with pytest.raises(UnknownScenarioError):
        workspace.scenario("压减方案")
    entries = workspace.audit(since=start)
    assert [(e.actor, e.action) for e in entries] == [
        ("李明", "delete_scenario"),
        ("王芳", "run_scenario"),
        ("王芳", "save_scenario"),
    ]
    deleted, ran, saved = entries
    assert deleted.before == {"text": text(), "version": 1, "runs": 1}
    assert ran.after["run_id"] == run.run_id
    assert saved.before == {} and saved.after == {"text": text(), "version": 1}
    assert deleted.target == saved.target == "情景“压减方案”"


def test_deleting_an_unknown_scenario_says_so(workspace: Workspace) -> None:
    with pytest.raises(UnknownScenarioError):
        workspace.delete_scenario("没有这个情景")


def test_only_admins_read_the_audit_trail(workspace: Workspace) -> None:
    for reader in (HEAD, WANG):
        with pytest.raises(PermissionDeniedError):
            workspace.audit(reader=reader)
    assert isinstance(workspace.audit(reader=Actor("管理员甲", Role.ADMIN), limit=1), list)
