"""Scenarios on the bundled portfolio, checked against the stored data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from optimizer import SolveStatus
from optimizer.solvers.ortools import conflict
from portfolio.db import models as m
from portfolio.exports.model import Language
from portfolio.scenarios import words
from portfolio.scenarios.build import SkipReason
from portfolio.scenarios.outcome import RunStatus, ScenarioResult
from portfolio.scenarios.spec import ScenarioError
from portfolio.services.workspace import Workspace
from tests.portfolio.services.snapshot import snapshot

NO_CAPS = 'name = "无上限"\nas_of = 2021\n'
CUT_2023 = 'name = "2023年压减20%"\nas_of = 2021\n[cuts]\n2023 = "20%"\n'


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


def test_no_caps_means_no_delay(workspace: Workspace) -> None:
    result = workspace.run_scenario(NO_CAPS)
    assert result.status is RunStatus.OPTIMAL
    assert {o.name: o.value for o in result.objectives}["delay"] == 0
    assert all(p.funded and p.delay_years == 0 for p in result.projects)
    for project in result.projects:
        assert sum(project.spend.values()) == next(
            v.investment_wan for v in workspace.projects() if v.id == project.id
        )
    reasons = {row.reason for row in result.not_scheduled}
    assert reasons == {SkipReason.MONEY_UNKNOWN, SkipReason.COUNTED_ELSEWHERE}
    said = {words.skip_words(reason, result.horizon, Language.ZH) for reason in reasons}
    assert said == {"总投资不明", "已在另一规划中计入"}


def test_a_cut_in_2023_delays_projects_and_says_why(workspace: Workspace) -> None:
    result = workspace.run_scenario(CUT_2023)
    assert result.status is RunStatus.OPTIMAL
    delayed = [p for p in result.projects if p.delay_years]
    assert delayed
    cap = next(c for c in result.caps if c.cap.kind == "total" and c.cap.period == "2023")
    assert cap.used_wan <= cap.limit_wan
    planned_2023 = sum(
        p.spend.get(2023, 0) for p in workspace.run_scenario(NO_CAPS, store=False).projects
    )
    assert cap.limit_wan == planned_2023 * 80 // 100
    explanations = {d.project_id: d for d in result.delays}
    for project in delayed:
        explanation = explanations[project.id]
        assert 2023 in {c.cap.year for c in explanation.full_caps}
        message = words.delay_sentence(explanation, result.periods, Language.ZH)
        assert "2023年总额上限" in message
        assert project.name in message
        english = words.delay_sentence(explanation, result.periods, Language.EN)
        assert "the total cap of 2023" in english and project.name in english
        # delay_years is how late it finishes: its start delay plus its stretch.
        assert project.delay_years == project.start_delay_years + project.stretch_years
        assert project.planned_start_year is not None
        if project.spent_before_wan == 0:  # one that started in history keeps its start
            assert project.start_year == project.planned_start_year + project.start_delay_years


def test_results_are_stored_per_project_year_and_cap(workspace: Workspace) -> None:
    result = workspace.run_scenario(CUT_2023)
    with workspace.sessions() as session:
        run_id = result.run_id
        assert run_id is not None
        rows = session.scalar(
            select(func.count())
            .select_from(m.ScenarioRunProject)
            .where(m.ScenarioRunProject.run_id == run_id)
        )
        spend = session.scalar(
            select(func.sum(m.ScenarioRunSpend.spend_wan)).where(
                m.ScenarioRunSpend.run_id == run_id
            )
        )
        caps = session.scalars(
            select(m.ScenarioRunCap).where(m.ScenarioRunCap.run_id == run_id)
        ).all()
    assert rows == len(result.projects)
    assert spend == sum(sum(p.spend.values()) for p in result.projects)
    assert [(c.kind, c.year) for c in caps] == [("total", 2023)]
    assert [s.name for s in workspace.scenarios()] == ["2023年压减20%"]
    text, last = workspace.scenario("2023年压减20%")
    assert "cuts" in text and last is not None and last.run_id == run_id
    assert last == result  # what was stored reads back as the same typed result


def test_compare(workspace: Workspace) -> None:
    workspace.run_scenario(NO_CAPS)
    workspace.run_scenario(CUT_2023)
    comparison = workspace.compare_scenarios(["无上限", "2023年压减20%"])
    lines = {line.name: line for line in comparison.scenarios}
    plain, cut = lines["无上限"], lines["2023年压减20%"]
    assert plain.delayed == 0 and cut.delayed is not None and cut.delayed > 0
    assert cut.spend_by_year[2023] < plain.spend_by_year[2023]
    assert comparison.projects_that_differ


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (
            'name = "x"\n[[overrides]]\nproject = "不存在的项目"\nmust_fund = true',
            "overrides[0].project",
            "no project",
        ),
        (
            'name = "x"\n[[overrides]]\nproject = 999999\nlocked = true',
            "overrides[0].project",
            "no project with id",
        ),
        (
            'name = "x"\n[caps.county."火星县"]\n2023 = "100万"',
            "caps.county.火星县.2023",
            "unknown county",
        ),
        (
            'name = "x"\n[caps.city."火星市"]\n2023 = "100万"',
            "caps.city.火星市.2023",
            "unknown city",
        ),
        (
            'name = "x"\n[caps.county."晋江县"]\n2023 = "100万"',
            "caps.county.晋江县.2023",
            "unknown county “晋江县” (did you mean “晋江市”",
        ),
        (
            'name = "x"\n[[overrides]]\nproject = "清源实验室"\nlocked = true',
            "overrides[0].project",
            "did you mean “清源创新实验室”",
        ),
        ('name = "x"\nplans = ["no-such-plan"]', "plans[0]", "unknown plan"),
        (
            'name = "x"\nhorizon = [2014, 2033]\n[caps.total]\n2040 = "100万"',
            "caps.total.2040",
            "outside the horizon",
        ),
        (
            'name = "x"\nas_of = 2023\n[caps.total]\n2022 = "100万"',
            "caps.total.2022",
            "already spent",
        ),
        ('name = "x"\n[cuts]\n2023 = "10%"\n[caps.total]\n2023 = "100万"', "cuts.2023", "both"),
    ],
)
def test_bad_scenarios_are_refused_before_solving(
    loaded_url: str, text: str, key: str, words: str
) -> None:
    workspace = Workspace(loaded_url)
    before = snapshot(workspace)
    with pytest.raises(ScenarioError) as error:
        workspace.run_scenario(text, "bad.toml")
    assert any(k == key and words in message for k, message in error.value.by_key(Language.EN)), (
        error.value.by_key(Language.EN)
    )
    assert snapshot(workspace) == before
    workspace.close()


def test_county_aliases_and_percent_caps(workspace: Workspace) -> None:
    result = workspace.run_scenario(
        'name = "晋江"\nas_of = 2021\n[caps.county."晋江"]\n2022 = "50%"\n', store=False
    )
    cap = next(c for c in result.caps if c.cap.kind == "region")
    assert cap.cap.key == "晋江市" and cap.used_wan <= cap.limit_wan


def test_links_delay_the_successor(workspace: Workspace) -> None:
    text = (
        'name = "衔接"\nas_of = 2021\n[[links]]\nbefore = "汉威卫生用品智能制造协同创新中心"\n'
        'after = "中国福建智能制造技术创新实验室"\nlag = 0\n'
    )
    result = workspace.run_scenario(text, store=False)
    by_name = {p.name: p for p in result.projects}
    before, after = (
        by_name["汉威卫生用品智能制造协同创新中心"],
        by_name["中国福建智能制造技术创新实验室"],
    )
    assert after.start_year is not None and before.end_year is not None
    assert after.start_year > before.end_year
    assert after.planned_start_year is not None
    assert after.start_delay_years == before.end_year + 1 - after.planned_start_year
    explanation = next(d for d in result.delays if d.name == after.name)
    assert explanation.late_predecessors
    message = words.delay_sentence(explanation, result.periods, Language.ZH)
    assert f"前序项目“{before.name}”完成较晚" in message
    english = words.delay_sentence(explanation, result.periods, Language.EN)
    assert f"its predecessor “{before.name}” ends late" in english


def test_links_in_a_cycle_are_refused(loaded_url: str) -> None:
    workspace = Workspace(loaded_url)
    a, b = "汉威卫生用品智能制造协同创新中心", "中国福建智能制造技术创新实验室"
    text = (
        f'name = "环"\n[[links]]\nbefore = "{a}"\nafter = "{b}"\n'
        f'[[links]]\nbefore = "{b}"\nafter = "{a}"\n'
    )
    with pytest.raises(ScenarioError, match="links"):
        workspace.run_scenario(text)
    workspace.close()


def test_a_flexible_profile_meets_the_2023_cut_with_fewer_delays(workspace: Workspace) -> None:
    # Each year of every project between 5% and 60% of its total: the 20% cut of 2023 is
    # absorbed by moving money to the projects' other years instead of moving projects.
    head = 'objectives = ["delay"]\ntime_limit = 30\n'
    planned = workspace.run_scenario(head + CUT_2023, store=False)
    flexible = workspace.run_scenario(
        head
        + CUT_2023.replace("2023年压减20%", "弹性")
        + '[limits]\nprofile = "flexible"\nmin_share = "5%"\nmax_share = "60%"\n',
        store=False,
    )
    assert planned.status is RunStatus.OPTIMAL
    assert flexible.status in (RunStatus.OPTIMAL, RunStatus.FEASIBLE)

    def delayed(result: ScenarioResult) -> int:
        return sum(1 for p in result.projects if p.delay_years)

    assert delayed(planned) > 0
    assert delayed(flexible) < delayed(planned)
    cap = next(c for c in flexible.caps if c.cap.kind == "total" and c.cap.period == "2023")
    assert cap.used_wan <= cap.limit_wan
    totals = {v.id: v.investment_wan for v in workspace.projects() if v.investment_wan is not None}
    for project in flexible.projects:
        spend = project.spend
        total = totals[project.id]
        assert sum(spend.values()) == total
        if project.spent_before_wan:  # started in history: the shares bound what remains
            continue
        assert all(-(-total * 5 // 100) <= amount <= total * 60 // 100 for amount in spend.values())
    assert any(
        len(set(p.spend.values())) > 2 for p in flexible.projects
    )  # not the even spread (which has at most two amounts)


def test_plan_caps_and_their_labels(workspace: Workspace) -> None:
    text = 'name = "规划"\nas_of = 2021\n[caps.plan."quanzhou-st-14fyp"]\n2023 = "70%"\n'
    result = workspace.run_scenario(text, store=False)
    cap = next(c for c in result.caps if c.cap.kind == "plan")
    assert cap.cap.key == "quanzhou-st-14fyp" and cap.used_wan <= cap.limit_wan
    delays = result.delays
    sentences = [words.delay_sentence(d, result.periods, Language.ZH) for d in delays]
    assert any("2023年规划“quanzhou-st-14fyp”上限" in s for s in sentences)
    english = [words.delay_sentence(d, result.periods, Language.EN) for d in delays]
    assert any("the cap of plan “quanzhou-st-14fyp” in 2023" in s for s in english)
    assert {c.cap.kind for d in delays for c in d.full_caps} == {"plan"}


def test_what_another_step_of_money_in_a_year_would_buy(workspace: Workspace) -> None:
    text = CUT_2023 + '[explain]\nstep = "20亿"\nwhat_if = [2023, 2027]\n'
    result = workspace.run_scenario(text, store=False)
    marginal = result.marginal
    objectives = [o.name for o in result.objectives]
    # The year asked about comes first, raised by the step the scenario gives.
    assert marginal[0].asked and marginal[0].cap.cap.period == "2023"
    assert marginal[0].cap.cap.kind == "total" and marginal[0].step_wan == 200_000
    sentence = words.marginal_sentence(marginal[0], objectives, result.periods, Language.ZH)
    assert sentence.startswith("2023年总额上限提高20亿元：")
    english = words.marginal_sentence(marginal[0], objectives, result.periods, Language.EN)
    assert english.startswith("the total cap of 2023 raised by 20 × 100M CNY: ")
    assert all(not m.asked for m in marginal[1:])
    assert len({(m.cap.cap.kind, m.cap.cap.key, m.cap.cap.period) for m in marginal}) == len(
        marginal
    )
    # 2027 has no total cap: more money there cannot change anything, and the result says so.
    assert result.uncapped_what_if == (2027,)
    assert words.uncapped_sentence(2027, Language.ZH) == "2027年没有总额上限：增加资金不改变结果"


def test_a_run_without_alternatives_keeps_its_plan_and_its_reasons(workspace: Workspace) -> None:
    full = workspace.run_scenario(CUT_2023, store=False)
    bare = workspace.run_scenario(CUT_2023 + "[explain]\nalternatives = false\n", store=False)
    assert full.marginal and full.relaxations and full.delayed()
    assert not bare.marginal and not bare.relaxations
    assert [o.value for o in bare.objectives] == [o.value for o in full.objectives]
    assert [p.delay_years for p in bare.projects] == [p.delay_years for p in full.projects]
    assert {d.project_id for d in bare.delays} == {d.project_id for d in full.delays}


@pytest.mark.parametrize(
    ("explain", "key"),
    [
        ('step = "-5亿"', "explain.step"),
        ('step = "20%"', "explain.step"),
        ("what_if = [2099]", "explain.what_if[0]"),
        ("what_if = [2045]", "explain.what_if[0]"),
        ("what_if = 2024", "explain.what_if"),
        ("ask = [2024]", "explain.ask"),
        ('alternatives = "no"', "explain.alternatives"),
    ],
)
def test_a_wrong_question_is_refused_by_its_key(
    workspace: Workspace, explain: str, key: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        workspace.run_scenario(CUT_2023 + f"[explain]\n{explain}\n", store=False)
    assert key in [k for k, _ in caught.value.by_key(Language.EN)]


def test_a_conflict_not_proven_minimal_says_so(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every short check of the explanation runs out of time: the set found stays a conflict
    # (the first, full check proved the scenario infeasible) but is not proven minimal.
    checker = conflict._Checker
    status = checker.status

    def out_of_time(self: Any, enforced: Any, time_limit: float) -> SolveStatus:
        if time_limit < 5:
            return SolveStatus.TIMED_OUT
        return status(self, enforced, time_limit)

    monkeypatch.setattr(checker, "status", out_of_time)
    text = 'name = "不可能"\nas_of = 2021\n[cuts]\n2023 = "30%"\n2024 = "30%"\n'
    result = workspace.run_scenario(text, store=False, time_limit=10)
    infeasible = result.conflict
    assert result.status is RunStatus.INFEASIBLE
    assert infeasible is not None and not infeasible.minimal
    assert result.projects == () and result.caps == ()
    lines = words.conflict_lines(infeasible, Language.ZH)
    assert len(lines) == len(infeasible.members) + 1
    assert lines[-1] == "部分检查超时：以上条件未证明为最小集合，其中可能有可以去掉的。"
    english = words.conflict_lines(infeasible, Language.EN)
    assert english[-1].startswith("Some checks ran out of time: these conditions are not proven")
