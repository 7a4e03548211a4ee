"""Re-planning sampled futures under the caps: the drawn delay and overrun change the problem
as documented, the re-plan is the best there is (brute force on a tiny problem), a future
that no plan can meet is counted as infeasible, and everything crosses to a worker as plain
values unchanged."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal

from optimizer import Cap, CapKind, Objective, ProblemData, Project
from portfolio.scenarios.risk import Event, events, figures
from portfolio.scenarios.risk_replan import (
    ReplanSetup,
    replan_sample,
    sample_from_dict,
    sample_to_dict,
    sampled_problem,
    sampled_project,
    setup_from_dict,
    setup_to_dict,
)
from portfolio.scenarios.risk_spec import RiskRule

CERTAIN_DELAY = RiskRule(Decimal(100), 1, Decimal(0), Decimal(0))
CERTAIN_OVERRUN = RiskRule(Decimal(0), 1, Decimal(100), Decimal(50))
NOTHING = RiskRule(Decimal(0), 1, Decimal(0), Decimal(0))


def test_a_delay_moves_the_window_and_uses_up_the_allowed_delay() -> None:
    project = Project("1", 300, 2024, 2026, profile=(100, 150, 50), max_delay=3)
    moved = sampled_project(project, Event(delay=2))
    assert (moved.planned_start, moved.planned_end, moved.max_delay) == (2026, 2028, 1)
    assert moved.profile == project.profile and moved.total == 300
    assert sampled_project(project, Event(delay=5)).max_delay == 0
    assert sampled_project(project, Event()) is project


def test_an_overrun_raises_each_year_half_up_and_the_total_is_their_sum() -> None:
    project = Project("1", 301, 2024, 2026)  # even spread: 101, 100, 100
    raised = sampled_project(project, Event(overrun=Decimal(5)))
    assert raised.profile == (106, 105, 105) and raised.total == 316


def test_the_horizon_reaches_the_last_moved_window() -> None:
    data = ProblemData((Project("1", 10, 2024, 2025),), (2024, 2025))
    assert sampled_problem(data, {"1": Event(delay=2)}).horizon == (2024, 2027)


def _brute_force_delay(projects: list[Project], caps: dict[int, int], limit: int) -> int:
    """The least Σ priority × delay over every choice of whole-year delays (each project
    spends its profile from its delayed start) that keeps the yearly caps, within the
    capped years."""
    best = None
    for delays in itertools.product(range(limit + 1), repeat=len(projects)):
        spend: dict[int, int] = {}
        for project, delay in zip(projects, delays, strict=True):
            amounts = project.profile or (project.total,)
            for offset, amount in enumerate(amounts):
                year = project.planned_start + delay + offset
                spend[year] = spend.get(year, 0) + amount
        inside = all(year in caps for year in spend)
        if inside and all(spend.get(year, 0) <= cap for year, cap in caps.items()):
            cost = sum(p.priority * d for p, d in zip(projects, delays, strict=True))
            best = cost if best is None else min(best, cost)
    assert best is not None
    return best


def test_the_re_plan_is_the_least_delay_brute_force_finds() -> None:
    a = Project("1", 60, 2024, 2025, profile=(30, 30), priority=2, must_fund=True)
    b = Project("2", 40, 2024, 2024, priority=3, must_fund=True)
    c = Project("3", 50, 2025, 2026, profile=(20, 30), priority=1, must_fund=True)
    caps = {2024: 70, 2025: 55, 2026: 60, 2027: 60}
    data = ProblemData(
        (a, b, c),
        (2024, 2027),
        caps=tuple(Cap(CapKind.TOTAL, "", year, amount) for year, amount in caps.items()),
    )
    rules = {"1": CERTAIN_DELAY, "2": NOTHING, "3": CERTAIN_OVERRUN}
    setup = ReplanSetup(data, rules, {"1": 0, "2": 0, "3": 0}, objectives=(Objective.DELAY,))
    sample = replan_sample(setup, 0)
    assert not sample.infeasible
    # The future: project 1 starts in 2025 at the earliest; project 3 costs 30 and 45.
    moved_a = Project("1", 60, 2025, 2026, profile=(30, 30), priority=2)
    raised_c = Project("3", 75, 2025, 2026, profile=(30, 45), priority=1)
    least = _brute_force_delay([moved_a, b, raised_c], caps, limit=3)
    assert sample.weighted_delay == least + 2  # the drawn year of project 1 counts too
    assert all(sample.need.get(year, 0) <= cap for year, cap in caps.items())
    assert sum(sample.need.values()) == 60 + 40 + 75
    assert "1" in sample.delayed


def test_a_future_no_plan_can_meet_is_counted_as_infeasible() -> None:
    locked = Project("1", 100, 2024, 2024, must_fund=True, locked=True)
    cap = Cap(CapKind.TOTAL, "", 2024, 100)
    setup = ReplanSetup(
        ProblemData((locked,), (2024, 2026), caps=(cap,)), {"1": CERTAIN_OVERRUN}, {"1": 0}
    )
    sample = replan_sample(setup, 0)
    assert sample.infeasible
    counted = figures((cap,), [sample], 1)
    assert (counted.measured, counted.infeasible, counted.caps[0].exceeded) == (1, 1, 1)


def test_a_project_the_re_plan_leaves_out_is_counted_as_dropped() -> None:
    wanted = Project("1", 100, 2024, 2024, priority=5)
    cap = Cap(CapKind.TOTAL, "", 2024, 100)
    data = ProblemData((wanted,), (2024, 2024), caps=(cap,))
    objectives = (Objective.VALUE, Objective.DELAY)
    sample = replan_sample(
        ReplanSetup(data, {"1": CERTAIN_OVERRUN}, {"1": 0}, objectives=objectives), 0
    )
    assert not sample.infeasible and sample.dropped == ("1",) and sample.need == {}
    assert figures((cap,), [sample], 1).dropped == (("1", 1),)


def test_the_setup_and_the_samples_cross_to_a_worker_unchanged() -> None:
    data = ProblemData(
        (
            Project("1", 300, 2024, 2026, regions={"丰泽区": 1}),
            Project("2", 90, 2024, 2025, regions={"晋江市": 1}),
        ),
        (2024, 2028),
        as_of=2024,
        caps=(Cap(CapKind.TOTAL, "", 2025, 200),),
    )
    setup = ReplanSetup(
        data,
        {"1": RiskRule(Decimal("37.5"), 2, Decimal(50), Decimal("12.5")), "2": CERTAIN_DELAY},
        {"1": 0, "2": 1},
        history={"1": {2023: 40}},
        seed=9,
    )
    crossed = setup_from_dict(json.loads(json.dumps(setup_to_dict(setup))))
    assert crossed.rules == setup.rules and crossed.history == setup.history
    for index in range(5):
        sample = replan_sample(setup, index)
        assert replan_sample(crossed, index) == sample
        assert sample_from_dict(json.loads(json.dumps(sample_to_dict(sample)))) == sample
        assert sample.need.get(2023) == 40  # history is spent in every future


def test_fixed_and_re_planned_simulations_draw_the_same_futures() -> None:
    rules = {str(i): RiskRule(Decimal(30), 1, Decimal(30), Decimal(10)) for i in range(1, 20)}
    assert events(rules, 4, 17) == events(dict(reversed(list(rules.items()))), 4, 17)
    assert events(rules, 4, 17) != events(rules, 4, 18)
