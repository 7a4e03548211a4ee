"""Sampled futures of a fixed plan, in integer 万元: reproducible per sample whatever the
order, overruns rounded half up, history left alone, percentiles by nearest rank, and a
sample that could not be planned counted, not dropped."""

from __future__ import annotations

from decimal import Decimal

from optimizer import Cap, CapKind, ProblemData, Project
from portfolio.scenarios.risk import (
    RiskProject,
    Sample,
    draw,
    figures,
    nearest_rank,
    raised,
    sampled_spend,
)
from portfolio.scenarios.risk_spec import RiskRule

A = Project("1", 300, 2024, 2026, regions={"丰泽区": 10000})
B = Project("2", 101, 2024, 2024, regions={"丰泽区": 5000, "晋江市": 5000}, priority=3)
CAP = Cap(CapKind.TOTAL, "", 2025, 150)
DATA = ProblemData((A, B), (2020, 2030), caps=(CAP,))


def _projects(rule: RiskRule) -> list[RiskProject]:
    return [
        RiskProject(A, "甲", {2024: 100, 2025: 100, 2026: 100}, 0, rule),
        RiskProject(B, "乙", {2024: 101}, 1, rule),
    ]


def test_an_overrun_is_rounded_half_up_to_the_wan() -> None:
    assert raised(105, Decimal(10)) == 116  # 115.5
    assert raised(104, Decimal(10)) == 114  # 114.4
    assert raised(5, Decimal(10)) == 6  # 5.5: half up, not to even


def test_history_is_neither_delayed_nor_raised() -> None:
    spend = {2020: 10, 2021: 20, 2022: 30}
    assert sampled_spend(spend, 1, Decimal(50), 2021) == {2020: 10, 2022: 30, 2023: 45}


def test_nearest_rank_is_an_amount_some_sample_needed() -> None:
    values = [5, 1, 4, 2, 3, 6, 8, 7, 10, 9]
    assert [nearest_rank(values, p) for p in (10, 50, 90)] == [1, 5, 9]
    assert nearest_rank([7], 10) == 7
    assert nearest_rank([3, 1, 2], 50) == 2


def test_a_sample_is_the_same_whoever_draws_it_and_whenever() -> None:
    rule = RiskRule(Decimal(50), 1, Decimal(50), Decimal(10))
    forward = [draw(DATA, _projects(rule), 7, i) for i in range(20)]
    backward = [draw(DATA, list(reversed(_projects(rule))), 7, i) for i in reversed(range(20))]
    assert forward == list(reversed(backward))
    # Not the same future twenty times.
    assert len({tuple(s.need.items()) for s in forward}) > 1


def test_certain_delay_and_overrun_move_and_raise_every_project() -> None:
    rule = RiskRule(Decimal(100), 1, Decimal(100), Decimal(10))
    sample = draw(DATA, _projects(rule), 0, 0)
    assert sample.need == {2025: 110 + 111, 2026: 110, 2027: 110}
    assert sample.county_need == {
        "丰泽区": {2025: 110 + 56, 2026: 110, 2027: 110},
        "晋江市": {2025: 55},
    }
    assert sample.delayed == ("1", "2")
    assert sample.weighted_delay == 1 * 1 + 3 * (1 + 1)
    assert sample.exceeded == (True,)


def test_no_risk_measures_the_plan_itself() -> None:
    sample = draw(DATA, _projects(RiskRule(Decimal(0), 1, Decimal(0), Decimal(10))), 3, 9)
    assert sample.need == {2024: 201, 2025: 100, 2026: 100}
    assert sample.delayed == () and sample.exceeded == (False,) and sample.weighted_delay == 3


def test_figures_count_an_infeasible_sample_as_breaking_every_cap() -> None:
    measured = [
        Sample(0, {2025: 100}, {}, (False,), (), 2),
        Sample(1, {2025: 200}, {}, (True,), ("1",), 4),
        Sample(2, {}, {}, (False,), (), 0, infeasible=True),
    ]
    result = figures([CAP], measured, asked=5)
    assert (result.asked, result.measured, result.infeasible) == (5, 3, 1)
    assert result.caps[0].exceeded == 2 and result.caps[0].samples == 3
    assert [(b.year, b.p10, b.p50, b.p90) for b in result.total] == [(2025, 100, 100, 200)]
    assert result.delayed == (("1", 1),)
    assert result.expected_weighted_delay == 3


def test_a_sample_unsolved_in_time_is_counted_but_says_nothing_of_the_future() -> None:
    measured = [
        Sample(0, {2025: 100}, {}, (False,), (), 2),
        Sample(1, {2025: 300}, {}, (True,), ("1",), 4, unproven=True),
        Sample(2, {}, {}, (False,), (), 0, unsolved=True),
    ]
    result = figures([CAP], measured, asked=3)
    assert (result.measured, result.unsolved, result.unproven, result.infeasible) == (3, 1, 1, 0)
    assert result.caps[0].exceeded == 1 and result.caps[0].samples == 2
    assert [(b.year, b.p10, b.p50, b.p90) for b in result.total] == [(2025, 100, 100, 300)]
    assert result.expected_weighted_delay == 3
