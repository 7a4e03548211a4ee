"""The smallest changes that work, on the bundled portfolio: each one solved both ways."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

import pytest

from portfolio.formatting import yi_text
from portfolio.scenarios.apply import applied_scenario
from portfolio.scenarios.outcome import RelaxationKind, RunStatus, ScenarioResult
from portfolio.services.workspace import Workspace

# 2023 at 10亿 with at most one year of delay: far from enough.
TEN_YI = 'name = "2023年只有10亿"\n[caps.total]\n2023 = "10亿"\n[limits]\nmax_delay = 1\n'
# A cut of 70% in 2023, a locked project in the way: 泉州半导体高新技术产业园区 alone is a
# third of 2023's planned spend.
CUT = (
    'name = "2023年压减70%"\nas_of = 2021\n[cuts]\n2023 = "70%"\n[limits]\nmax_delay = 3\n'
    '[[overrides]]\nproject = "泉州半导体高新技术产业园区"\nlocked = true\n'
)


def yi(wan: int) -> str:
    """An amount as "apply" writes it into a scenario file."""
    return f'"{yi_text(wan)}亿"'


@pytest.fixture(scope="module")
def workspace(loaded_url: str) -> Iterator[Workspace]:
    workspace = Workspace(loaded_url)
    yield workspace
    workspace.close()


def _run(workspace: Workspace, text: str) -> ScenarioResult:
    return workspace.run_scenario(text, "test", store=False)


def test_the_lowest_cap_works_and_one_wan_less_does_not(workspace: Workspace) -> None:
    result = _run(workspace, TEN_YI)
    assert result.status is RunStatus.INFEASIBLE and result.conflict is not None
    caps = [r for r in result.relaxations if r.kind is RelaxationKind.CAP]
    assert caps and caps[0].cap is not None and caps[0].cap.period == "2023"
    lowest = caps[0].lowest_feasible_wan
    assert lowest is not None and caps[0].proven and lowest > 100_000
    met = _run(workspace, applied_scenario(TEN_YI, caps[0], "lowest"))
    assert met.status is RunStatus.OPTIMAL
    short = _run(workspace, TEN_YI.replace('"10亿"', f'"{lowest - 1}万"'))
    assert short.status is RunStatus.INFEASIBLE


def test_the_release_makes_the_scenario_feasible(workspace: Workspace) -> None:
    result = _run(workspace, TEN_YI)
    release = next(r for r in result.relaxations if r.kind is RelaxationKind.RELEASE)
    assert release.releases and all(r.project_id is not None for r in release.releases)
    assert all(r.funded is False for r in release.releases), "given up: not funded"
    applied = applied_scenario(TEN_YI, release, "released")
    assert applied.count("excluded = true") == len(release.releases)
    assert _run(workspace, applied).has_plan


def test_a_cut_reports_the_largest_cut_that_works(workspace: Workspace) -> None:
    result = _run(workspace, CUT)
    assert result.status is RunStatus.INFEASIBLE
    cut = next(r for r in result.relaxations if r.kind is RelaxationKind.CUT)
    assert cut.largest_cut_bp is not None and 0 < cut.largest_cut_bp < 7000
    applied = applied_scenario(CUT, cut, "largest cut")
    assert tomllib.loads(applied)["cuts"]["2023"].endswith("%")
    assert _run(workspace, applied).has_plan
    # One basis point more is a cap below the lowest that works.
    assert cut.planned_wan is not None and cut.lowest_feasible_wan is not None
    more = cut.planned_wan * (10_000 - cut.largest_cut_bp - 1) // 10_000
    assert more < cut.lowest_feasible_wan


def test_a_run_with_delays_names_the_cap_at_which_nothing_is_late(workspace: Workspace) -> None:
    text = 'name = "压减20%"\nas_of = 2021\n[cuts]\n2023 = "20%"\n[limits]\nmax_delay = 3\n'
    result = _run(workspace, text)
    assert result.has_plan and result.delayed()
    no_delay = [r for r in result.relaxations if r.kind is RelaxationKind.NO_DELAY]
    assert len(no_delay) == 1 and no_delay[0].changes
    change = no_delay[0].changes[0]
    assert change.cap.period == "2023" and change.lowest_feasible_wan > change.current_wan
    relaxed = _run(workspace, applied_scenario(text, no_delay[0], "no delay"))
    assert relaxed.has_plan and not relaxed.delayed()
    # 1 万元 less in 2023 and something is late again.
    short = applied_scenario(text, no_delay[0], "one less").replace(
        f"2023 = {yi(change.lowest_feasible_wan)}", f"2023 = {yi(change.lowest_feasible_wan - 1)}"
    )
    assert _run(workspace, short).delayed()


# Two years cut by 60%, history in both: raising one alone cannot help.
TWO_YEARS = (
    'name = "两年各压减60%"\nas_of = 2021\n[cuts]\n2023 = "60%"\n2024 = "60%"\n'
    "[limits]\nmax_delay = 1\n"
)


def test_caps_raised_together_where_one_alone_is_not_enough(workspace: Workspace) -> None:
    result = _run(workspace, TWO_YEARS)
    assert result.status is RunStatus.INFEASIBLE
    alone = [r for r in result.relaxations if r.kind is RelaxationKind.CAP]
    assert alone and all(r.lowest_feasible_wan is None for r in alone)
    together = next(r for r in result.relaxations if r.kind is RelaxationKind.CAPS)
    assert [c.cap.period for c in together.changes] == ["2023", "2024"] and together.proven
    applied = applied_scenario(TWO_YEARS, together, "together")
    assert "cuts" not in tomllib.loads(applied), "the exact caps replace the cuts"
    assert _run(workspace, applied).has_plan
    # The earliest first: 2023 at its lowest, and 2024 cannot go 1 万元 lower with it.
    first, second = together.changes
    assert first.lowest_feasible_wan > first.current_wan
    lower = applied.replace(
        f"2024 = {yi(second.lowest_feasible_wan)}", f"2024 = {yi(second.lowest_feasible_wan - 1)}"
    )
    assert _run(workspace, lower).status is RunStatus.INFEASIBLE
