"""Projects' scenario settings: read, save in one transaction, refuse bad values, reset."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.exc import IntegrityError

from portfolio.db import models as m
from portfolio.project_settings import ProjectSettings, SettingsError, UnknownProjectError
from portfolio.services.workspace import Workspace

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
    assert workspace.save_project_settings(project_id, settings) == settings
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
    assert workspace.reset_project_settings(project_id) == ProjectSettings()
    assert workspace.project_settings(project_id) == ProjectSettings()
    assert workspace.reset_project_settings(project_id) == ProjectSettings()  # again: no-op


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
