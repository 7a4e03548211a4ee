"""The typed result at its JSON edge: a run stored in another format is refused everywhere
with a message, and the scenario stays."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from commands.main import app
from portfolio.db import models as m
from portfolio.scenarios.outcome import ResultFormatError, RunStatus
from portfolio.services.exports import NoPlanError, schedule_export
from portfolio.services.workspace import Workspace

OLD = 'name = "旧格式"\nas_of = 2021\n[cuts]\n2023 = "20%"\n'
# What the version before stored: no schema, bilingual messages.
OLD_JSON = {
    "scenario": "旧格式",
    "status": "optimal",
    "horizon": [2014, 2033],
    "as_of": 2021,
    "projects": [],
    "caps": [],
    "explanations": {"infeasible": None, "delays": [], "marginal": []},
}


@pytest.fixture
def workspace(loaded_url: str) -> Iterator[Workspace]:
    workspace = Workspace(loaded_url)
    result = workspace.run_scenario(OLD, "test")
    assert result.run_id is not None
    with workspace.sessions.begin() as session:
        session.execute(
            update(m.ScenarioRun)
            .where(m.ScenarioRun.id == result.run_id)
            .values(result_json=json.dumps(OLD_JSON, ensure_ascii=False))
        )
    yield workspace
    workspace.close()


def test_a_run_stored_in_another_format_is_refused_and_the_scenario_kept(
    workspace: Workspace, loaded_url: str
) -> None:
    with pytest.raises(ResultFormatError, match="run the scenario again"):
        workspace.scenario("旧格式")
    with pytest.raises(NoPlanError, match="run the scenario again"):
        schedule_export(workspace, "旧格式")
    assert "旧格式" in {s.name for s in workspace.scenarios()}
    shown = CliRunner().invoke(app, ["scenario", "show", "旧格式", "--db", loaded_url])
    assert shown.exit_code == 1 and "run the scenario again" in shown.output
    # Running it again stores a run this version reads.
    again = workspace.run_scenario(workspace.check_scenario(OLD).spec.text, "test")
    assert again.status is RunStatus.OPTIMAL
    _, last = workspace.scenario("旧格式")
    assert last is not None and last.run_id == again.run_id
