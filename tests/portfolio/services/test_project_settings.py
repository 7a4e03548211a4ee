"""Projects' scenario settings: read, save in one transaction, refuse bad values, reset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from portfolio.access import Actor, PermissionDeniedError, Role
from portfolio.db import models as m
from portfolio.exports.model import Language
from portfolio.project_settings import ProjectSettings, SettingsError, UnknownProjectError
from portfolio.services.workspace import Workspace
from portfolio.versions import StaleVersionError

UNKNOWN_ID = 999_999


@pytest.fixture
def workspace(loaded_url: str) -> Iterator[Workspace]:
    """The loaded portfolio; every test leaves it without stored settings."""
    ws = Workspace(loaded_url)
    yield ws
    for project_id in ws.all_project_settings():
        ws.reset_project_settings(project_id)
    ws.close()


@pytest.fixture
def project_id(workspace: Workspace) -> int:
    return next(v.id for v in workspace.projects() if v.name == "清源创新实验室")


def test_a_project_without_settings_has_the_defaults(workspace: Workspace, project_id: int) -> None:
    assert workspace.project_settings(project_id) == ProjectSettings()
    assert workspace.all_project_settings() == {}


def test_saved_settings_read_back(workspace: Workspace, project_id: int) -> None:
    settings = ProjectSettings(priority=3, must_fund=True, locked=True, max_delay=2)
    assert workspace.save_project_settings(project_id, settings).settings == settings
    assert workspace.project_settings(project_id) == settings
    assert workspace.all_project_settings() == {project_id: settings}
    changed = ProjectSettings(priority=2, max_delay=0)
    workspace.save_project_settings(project_id, changed)
    assert workspace.project_settings(project_id) == changed


def test_saving_the_defaults_leaves_no_row(workspace: Workspace, project_id: int) -> None:
    workspace.save_project_settings(project_id, ProjectSettings(excluded=True))
    workspace.save_project_settings(project_id, ProjectSettings())
    assert workspace.all_project_settings() == {}


@pytest.mark.parametrize(
    ("settings", "field", "words"),
    [
        (ProjectSettings(priority=0), "priority", "below 1"),
        (ProjectSettings(priority=-2), "priority", "below 1"),
        (ProjectSettings(priority=101), "priority", "above 100"),
        (ProjectSettings(max_delay=-1), "max_delay", "negative"),
        (ProjectSettings(max_delay=11), "max_delay", "10-year"),
        (ProjectSettings(locked=True, excluded=True), "excluded", "locked"),
        (ProjectSettings(must_fund=True, excluded=True), "excluded", "must-fund"),
    ],
)
def test_bad_settings_are_refused_naming_the_field_and_nothing_is_stored(
    workspace: Workspace, project_id: int, settings: ProjectSettings, field: str, words: str
) -> None:
    before = ProjectSettings(priority=5)
    workspace.save_project_settings(project_id, before)
    with pytest.raises(SettingsError) as caught:
        workspace.save_project_settings(project_id, settings)
    assert [name for name, _ in caught.value.problems] == [field]
    assert words in str(caught.value)
    assert f"project {project_id}" in str(caught.value)
    assert workspace.project_settings(project_id) == before


def test_every_problem_is_named_at_once(workspace: Workspace, project_id: int) -> None:
    with pytest.raises(SettingsError) as caught:
        workspace.save_project_settings(
            project_id, ProjectSettings(priority=0, locked=True, excluded=True, max_delay=-3)
        )
    assert [name for name, _ in caught.value.problems] == ["priority", "max_delay", "excluded"]


def test_an_unknown_project_id_is_a_clear_error(workspace: Workspace) -> None:
    actions: tuple[Callable[[], object], ...] = (
        lambda: workspace.project_settings(UNKNOWN_ID),
        lambda: workspace.save_project_settings(UNKNOWN_ID, ProjectSettings(priority=2)),
        lambda: workspace.reset_project_settings(UNKNOWN_ID),
    )
    for action in actions:
        with pytest.raises(UnknownProjectError, match=f"no project with id {UNKNOWN_ID}"):
            action()
    assert workspace.all_project_settings() == {}


def test_reset_gives_the_defaults_again(workspace: Workspace, project_id: int) -> None:
    workspace.save_project_settings(project_id, ProjectSettings(locked=True))
    assert workspace.reset_project_settings(project_id).settings == ProjectSettings()
    assert workspace.project_settings(project_id) == ProjectSettings()
    again = workspace.reset_project_settings(project_id)  # again: nothing changes
    assert again == workspace.stored_project_settings(project_id)


@pytest.mark.parametrize(
    "values",
    [
        {"priority": 0},
        {"max_delay": -1},
        {"locked": True, "excluded": True},
        {"must_fund": True, "excluded": True},
    ],
)
def test_the_database_itself_refuses_bad_rows(
    workspace: Workspace, project_id: int, values: dict[str, object]
) -> None:
    row = {"priority": 1, "must_fund": False, "locked": False, "excluded": False} | values
    with pytest.raises(IntegrityError), workspace.sessions.begin() as session:
        session.add(m.ProjectSetting(project_id=project_id, **row))
    assert workspace.all_project_settings() == {}


def test_each_save_adds_a_version_and_names_who_saved(
    workspace: Workspace, project_id: int
) -> None:
    planner = Actor("李明", Role.PLANNER)
    first = workspace.stored_project_settings(project_id)
    saved = workspace.save_project_settings(
        project_id, ProjectSettings(priority=4), based_on=first.version, actor=planner
    )
    assert saved.version == first.version + 1
    assert saved.updated_by == "李明"
    reset = workspace.reset_project_settings(project_id, based_on=saved.version, actor=planner)
    # The row is kept at the defaults: versions only grow, so an old one is never taken
    # for the current one.
    assert reset.version == saved.version + 1
    assert workspace.all_project_settings() == {}


def test_a_save_based_on_an_older_version_is_refused_naming_who_and_when(
    workspace: Workspace, project_id: int
) -> None:
    seen = workspace.stored_project_settings(project_id)
    workspace.save_project_settings(
        project_id,
        ProjectSettings(priority=7),
        based_on=seen.version,
        actor=Actor("王芳", Role.PLANNER),
    )
    with pytest.raises(StaleVersionError) as caught:
        workspace.save_project_settings(
            project_id,
            ProjectSettings(locked=True),
            based_on=seen.version,
            actor=Actor("李明", Role.PLANNER),
        )
    said = caught.value.message(Language.ZH)
    assert "王芳" in said and "清源创新实验室" in said and "未保存" in said
    assert "王芳" in caught.value.message(Language.EN)
    assert workspace.project_settings(project_id) == ProjectSettings(priority=7)


def test_two_saves_racing_between_reading_and_writing_keep_the_first(
    workspace: Workspace, project_id: int
) -> None:
    """The second writer read the same version as the first; its UPDATE finds no row of
    that version any more and fails instead of overwriting."""
    workspace.save_project_settings(project_id, ProjectSettings(priority=2))
    with workspace.sessions.begin() as first:
        row = first.get(m.ProjectSetting, project_id)
        assert row is not None
        with workspace.sessions.begin() as second:
            other = second.get(m.ProjectSetting, project_id)
            assert other is not None
            other.priority = 9
        row.priority = 3
        with pytest.raises(StaleDataError):
            first.flush()
    assert workspace.project_settings(project_id) == ProjectSettings(priority=9)


def test_a_viewer_cannot_change_settings(workspace: Workspace, project_id: int) -> None:
    with pytest.raises(PermissionDeniedError, match="may not edit project settings"):
        workspace.save_project_settings(
            project_id, ProjectSettings(priority=5), actor=Actor("赵磊", Role.VIEWER)
        )
    assert workspace.project_settings(project_id) == ProjectSettings()


def test_every_change_is_in_the_audit_trail_with_before_and_after(
    workspace: Workspace, project_id: int
) -> None:
    planner = Actor("孙悦", Role.PLANNER)
    start = dt.datetime.now(dt.UTC)
    workspace.save_project_settings(project_id, ProjectSettings(priority=5), actor=planner)
    workspace.save_project_settings(project_id, ProjectSettings(priority=5), actor=planner)
    workspace.reset_project_settings(project_id, actor=planner)
    entries = workspace.audit(actor="孙悦", since=start)
    assert all("清源创新实验室" in e.target for e in entries)
    assert [e.action for e in entries] == ["reset_settings", "save_settings"]
    reset, saved = entries
    assert saved.before["priority"] == 1 and saved.after["priority"] == 5
    assert reset.before["priority"] == 5 and reset.after["priority"] == 1
    assert reset.after["version"] == saved.after["version"] + 1
    assert saved.role == "planner"
