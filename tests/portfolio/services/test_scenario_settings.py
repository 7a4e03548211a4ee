"""Stored project settings are every scenario's defaults; a scenario file's overrides win."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from portfolio.db import models as m
from portfolio.exports.model import Language
from portfolio.project_settings import ProjectSettings
from portfolio.scenarios import words
from portfolio.scenarios.outcome import (
    MemberFamily,
    ProjectOutcome,
    RunStatus,
    ScenarioResult,
    SettingUse,
)
from portfolio.services.workspace import Workspace

CUT_2023 = 'name = "2023年压减20%"\nas_of = 2021\n[cuts]\n2023 = "20%"\n'
NOTHING_IN_2023 = 'name = "2023年不拨款"\nobjectives = ["value"]\n[caps.total]\n2023 = "0万"\n'


def _with_override(text: str, project_id: int, body: str) -> str:
    return text + f"[[overrides]]\nproject = {project_id}\n{body}\n"


def _project(result: ScenarioResult, project_id: int) -> ProjectOutcome:
    return next(p for p in result.projects if p.id == project_id)


@pytest.fixture
def workspace(loaded_url: str) -> Iterator[Workspace]:
    ws = Workspace(loaded_url)
    yield ws
    for project_id in ws.all_project_settings():
        ws.reset_project_settings(project_id)
    ws.close()


@pytest.fixture
def delayed(workspace: Workspace) -> ProjectOutcome:
    """A project the 2023 cut delays when nothing is locked: the one with most money in 2023."""
    result = workspace.run_scenario(CUT_2023, store=False)
    assert result.status is RunStatus.OPTIMAL
    candidates = [p for p in result.projects if p.delay_years]
    assert candidates, "the 2023 cut delays some project"
    project = max(candidates, key=lambda p: (p.delay_years, p.id))
    assert project.settings == () and not project.from_settings
    return project


def test_a_stored_lock_keeps_the_project_in_its_planned_years(
    workspace: Workspace, delayed: ProjectOutcome
) -> None:
    workspace.save_project_settings(delayed.id, ProjectSettings(locked=True))
    result = workspace.run_scenario(CUT_2023)
    assert result.status is RunStatus.OPTIMAL
    locked = _project(result, delayed.id)
    assert (locked.start_year, locked.end_year, locked.delay_years) == (
        delayed.planned_start_year,
        delayed.planned_end_year,
        0,
    )
    assert locked.settings == (SettingUse("locked", True, "project"),) and locked.from_settings
    cap = next(c for c in result.caps if c.cap.kind == "total" and c.cap.period == "2023")
    assert cap.used_wan <= cap.limit_wan
    # The stored run records where the lock came from.
    with workspace.sessions() as session:
        stored = json.loads(
            session.scalars(
                select(m.ScenarioRun.result_json).where(m.ScenarioRun.id == result.run_id)
            ).one()
        )
    assert stored["schema"] == 2
    (row,) = (p for p in stored["projects"] if p["id"] == delayed.id)
    assert row["settings"] == [{"name": "locked", "value": True, "source": "project"}]
    _, last = workspace.scenario(CUT_2023.split('"')[1])
    assert last is not None and _project(last, delayed.id).settings == locked.settings


def test_a_file_override_still_changes_a_stored_setting(
    workspace: Workspace, delayed: ProjectOutcome
) -> None:
    workspace.save_project_settings(delayed.id, ProjectSettings(locked=True, priority=3))
    unlocked = workspace.run_scenario(
        _with_override(CUT_2023, delayed.id, "locked = false"), store=False
    )
    project = _project(unlocked, delayed.id)
    assert project.settings == (
        SettingUse("locked", False, "scenario"),
        SettingUse("priority", 3, "project"),
    )
    excluded = workspace.run_scenario(
        _with_override(CUT_2023, delayed.id, "excluded = true"), store=False
    )
    project = _project(excluded, delayed.id)
    # Not funded from as_of on; what it spent before (it started in history) stays spent.
    assert not project.funded and all(year < excluded.as_of for year in project.spend)
    # Excluding in the file drops the stored lock rather than contradicting it.
    assert project.settings == (
        SettingUse("excluded", True, "scenario"),
        SettingUse("priority", 3, "project"),
    )


def test_stored_max_delay_and_priority_reach_the_optimizer(
    workspace: Workspace, delayed: ProjectOutcome
) -> None:
    workspace.save_project_settings(delayed.id, ProjectSettings(max_delay=0, priority=2))
    result = workspace.run_scenario(CUT_2023, store=False)
    project = _project(result, delayed.id)
    assert project.delay_years == 0
    settings = {s.name: s for s in project.settings}
    assert settings["max_delay"] == SettingUse("max_delay", 0, "project")
    assert settings["priority"] == SettingUse("priority", 2, "project")


def test_an_infeasible_lock_from_the_settings_says_so(workspace: Workspace) -> None:
    # Funding nothing in 2023 leaves no room for a project that must run then: short enough
    # that, unlocked, the default max delay of 3 years would move it past 2023.
    project = min(
        (
            v
            for v in workspace.projects()
            if v.counted_in_totals
            and v.investment_wan
            and v.start_year is not None
            and v.end_year is not None
            and v.start_year <= 2023 <= v.end_year < 2026
        ),
        key=lambda v: v.id,
    )
    workspace.save_project_settings(project.id, ProjectSettings(must_fund=True, locked=True))
    result = workspace.run_scenario(NOTHING_IN_2023, store=False)
    assert result.status is RunStatus.INFEASIBLE and result.conflict is not None
    from_settings = {
        (member.family, member.project_id)
        for member in result.conflict.members
        if member.from_settings
    }
    assert {(MemberFamily.LOCK, project.id), (MemberFamily.MUST_FUND, project.id)} <= from_settings
    members = words.conflict_lines(result.conflict, Language.ZH)
    assert f"“{project.name}”已锁定，须按原计划年份（项目设置）" in members
    assert f"“{project.name}”必须安排（项目设置）" in members
    english = words.conflict_lines(result.conflict, Language.EN)
    assert f"“{project.name}” is locked to its planned years (in the project's settings)" in english
    assert f"“{project.name}” must be funded (in the project's settings)" in english
