"""Stored project settings are every scenario's defaults; a scenario file's overrides win."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from portfolio.db import models as m
from portfolio.project_settings import ProjectSettings
from portfolio.scenarios.report import SETTINGS_NOTE
from portfolio.services.workspace import Workspace

CUT_2023 = 'name = "2023年压减20%"\nas_of = 2021\n[cuts]\n2023 = "20%"\n'
NOTHING_IN_2023 = 'name = "2023年不拨款"\nobjectives = ["value"]\n[caps.total]\n2023 = 0\n'


def _with_override(text: str, project_id: int, body: str) -> str:
    return text + f"[[overrides]]\nproject = {project_id}\n{body}\n"


def _project(result: dict[str, Any], project_id: int) -> dict[str, Any]:
    return next(p for p in result["projects"] if p["id"] == project_id)


@pytest.fixture
def workspace(loaded_url: str) -> Iterator[Workspace]:
    ws = Workspace(loaded_url)
    yield ws
    for project_id in ws.all_project_settings():
        ws.reset_project_settings(project_id)
    ws.close()


@pytest.fixture
def delayed(workspace: Workspace) -> dict[str, Any]:
    """A project the 2023 cut delays when nothing is locked: the one with most money in 2023."""
    result = workspace.run_scenario(CUT_2023, store=False)
    assert result["status"] == "optimal"
    candidates = [p for p in result["projects"] if p["delay_years"]]
    assert candidates, "the 2023 cut delays some project"
    project = max(candidates, key=lambda p: (p["delay_years"], p["id"]))
    assert project["settings"] == {}
    return dict(project)


def test_a_stored_lock_keeps_the_project_in_its_planned_years(
    workspace: Workspace, delayed: dict[str, Any]
) -> None:
    workspace.save_project_settings(delayed["id"], ProjectSettings(locked=True))
    result = workspace.run_scenario(CUT_2023)
    assert result["status"] == "optimal"
    locked = _project(result, delayed["id"])
    assert (locked["start_year"], locked["end_year"], locked["delay_years"]) == (
        delayed["planned_start_year"],
        delayed["planned_end_year"],
        0,
    )
    assert locked["settings"] == {"locked": {"value": True, "from": "project"}}
    cap = next(c for c in result["caps"] if c["kind"] == "total" and c["period"] == 2023)
    assert cap["used"] <= cap["cap"]
    # The stored run records where the lock came from.
    with workspace.sessions() as session:
        stored = json.loads(
            session.scalars(
                select(m.ScenarioRun.result_json).where(m.ScenarioRun.id == result["run_id"])
            ).one()
        )
    assert _project(stored, delayed["id"])["settings"]["locked"]["from"] == "project"


def test_a_file_override_still_changes_a_stored_setting(
    workspace: Workspace, delayed: dict[str, Any]
) -> None:
    workspace.save_project_settings(delayed["id"], ProjectSettings(locked=True, priority=3))
    unlocked = workspace.run_scenario(
        _with_override(CUT_2023, delayed["id"], "locked = false"), store=False
    )
    project = _project(unlocked, delayed["id"])
    assert project["settings"] == {
        "locked": {"value": False, "from": "scenario"},
        "priority": {"value": 3, "from": "project"},
    }
    excluded = workspace.run_scenario(
        _with_override(CUT_2023, delayed["id"], "excluded = true"), store=False
    )
    project = _project(excluded, delayed["id"])
    assert not project["funded"] and project["spend"] == {}
    # Excluding in the file drops the stored lock rather than contradicting it.
    assert project["settings"] == {
        "excluded": {"value": True, "from": "scenario"},
        "priority": {"value": 3, "from": "project"},
    }


def test_stored_max_delay_and_priority_reach_the_optimizer(
    workspace: Workspace, delayed: dict[str, Any]
) -> None:
    workspace.save_project_settings(delayed["id"], ProjectSettings(max_delay=0, priority=2))
    result = workspace.run_scenario(CUT_2023, store=False)
    project = _project(result, delayed["id"])
    assert project["delay_years"] == 0
    assert project["settings"]["max_delay"] == {"value": 0, "from": "project"}
    assert project["settings"]["priority"] == {"value": 2, "from": "project"}


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
    assert result["status"] == "infeasible"
    members = result["explanations"]["infeasible"]["members"]
    assert f"“{project.name}”已锁定 / locked to its planned years{SETTINGS_NOTE}" in members
    assert f"“{project.name}”必须安排 / must be funded{SETTINGS_NOTE}" in members
