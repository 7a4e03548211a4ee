"""The data's revision number: every committed write increases it, nothing else does, and
what pages keep in memory is recomputed when it changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio.errors import ImportFileError
from portfolio.project_settings import ProjectSettings
from portfolio.services.exports import page_schedule
from portfolio.services.workspace import PlanInfo, Workspace
from tests.portfolio.services.test_import import GOOD_ROWS, write_xlsx

CUT = 'name = "压减"\nas_of = 2021\n[cuts]\n2023 = "20%"\n'


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


def test_writes_increase_the_revision_and_reads_do_not(
    workspace: Workspace, tmp_path: Path
) -> None:
    start = workspace.revision()
    assert start >= 1  # loading the bundled plans wrote
    workspace.projects()
    workspace.scenarios()
    workspace.run_scenario(CUT, store=False)
    workspace.init()  # loads nothing new
    assert workspace.revision() == start
    workspace.run_scenario(CUT)
    assert workspace.revision() == start + 1
    project = workspace.projects()[0].id
    workspace.save_project_settings(project, ProjectSettings(priority=3))
    assert workspace.revision() == start + 2
    workspace.import_file(write_xlsx(tmp_path / "t.xlsx", GOOD_ROWS), PlanInfo(key="office"))
    assert workspace.revision() == start + 3


def test_a_refused_import_leaves_the_revision(workspace: Workspace, tmp_path: Path) -> None:
    start = workspace.revision()
    bad = [[1, "坏行", "", -1, "2022－2024", "某单位", "德化县"]]
    with pytest.raises(ImportFileError):
        workspace.import_file(write_xlsx(tmp_path / "bad.xlsx", bad), PlanInfo(key="bad"))
    assert workspace.revision() == start


def test_a_pages_schedule_is_kept_until_the_data_changes(
    workspace: Workspace, tmp_path: Path
) -> None:
    first = page_schedule(workspace)
    assert page_schedule(workspace) is first
    workspace.import_file(write_xlsx(tmp_path / "t.xlsx", GOOD_ROWS), PlanInfo(key="office"))
    after = page_schedule(workspace)
    assert after is not first
    names = {row.name for row in after.rows}
    assert "德化陶瓷创新中心" in names and "德化陶瓷创新中心" not in {r.name for r in first.rows}


def test_another_process_writing_is_seen(workspace: Workspace) -> None:
    first = page_schedule(workspace)
    other = Workspace(workspace.url)  # e.g. `portfolio project-settings` in a terminal
    other.save_project_settings(other.projects()[0].id, ProjectSettings(locked=True))
    other.run_scenario(CUT)
    other.close()
    assert page_schedule(workspace) is not first
    assert page_schedule(workspace, "压减").run_id is not None


def test_a_stored_run_leaves_what_is_kept_from_the_plans(workspace: Workspace) -> None:
    """Runs, scenarios, people and the audit trail are not the plans: storing a run moves
    the data's revision (a scenario's schedule is read anew) but not the plans' (the plan's
    schedule, the project lists and the place totals are kept)."""
    plan_schedule, projects = page_schedule(workspace), workspace.projects()
    plan_revision, revision = workspace.revision(plan=True), workspace.revision()
    workspace.run_scenario(CUT)
    assert workspace.revision() == revision + 1
    assert workspace.revision(plan=True) == plan_revision
    assert page_schedule(workspace) is plan_schedule
    assert workspace.projects() == projects
    assert page_schedule(workspace, "压减").run_id is not None
    workspace.save_project_settings(projects[0].id, ProjectSettings(priority=2))
    assert workspace.revision(plan=True) == plan_revision + 1
    assert page_schedule(workspace) is not plan_schedule


def test_a_lost_revision_row_is_started_again(workspace: Workspace) -> None:
    from sqlalchemy import delete

    from portfolio.db.models import DataRevision

    with workspace.sessions.begin() as session:
        session.execute(delete(DataRevision))
    # The transaction that lost the row wrote, so it starts the number again at once.
    assert workspace.revision() == 1
    workspace.run_scenario(CUT)
    assert workspace.revision() == 2
