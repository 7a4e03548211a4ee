"""``[risk]`` in a scenario file: read with the rest, wrong chances refused at their lines,
each project's rule taken from the narrowest level that writes a setting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portfolio.scenarios.build import PortfolioProject
from portfolio.scenarios.risk_spec import ASSUMED, DEFAULT_SAMPLES, RiskRule
from portfolio.scenarios.spec import ScenarioError, parse_scenario
from portfolio.services.risks import project_rule

RISKY = """name = "风险"
[risk]
samples = 500
seed = 7
delay_chance = "30%"
[risk.plans."p"]
delay_years = 2
[risk.tables."p/附件1"]
overrun = "15%"
[risk.projects."甲"]
delay_chance = "50%"
"""


def _project(name: str, table: str = "附件1", plan: str = "p", pid: int = 1) -> PortfolioProject:
    return PortfolioProject(pid, plan, table, name, 100, 2021, 2023, (("丰泽区", 10000),), (), True)


def test_risk_is_read_with_the_scenario() -> None:
    spec = parse_scenario(RISKY).risk
    assert (spec.samples, spec.seed) == (500, 7)
    assert spec.rule == RiskRule(delay_chance=Decimal(30))
    assert spec.projects["甲"].delay_chance == Decimal(50)


def test_a_scenario_without_risk_takes_the_defaults() -> None:
    spec = parse_scenario('name = "x"\n').risk
    assert (spec.samples, spec.seed) == (DEFAULT_SAMPLES, 0)


def test_each_setting_from_the_narrowest_rule_that_writes_it() -> None:
    spec = parse_scenario(RISKY).risk
    rule = project_rule(spec, _project("甲"))
    assert rule == RiskRule(Decimal(50), 2, ASSUMED.overrun_chance, Decimal(15))
    other = project_rule(spec, _project("乙", table="附件2", plan="q", pid=2))
    assert other == RiskRule(
        Decimal(30), ASSUMED.delay_years, ASSUMED.overrun_chance, ASSUMED.overrun
    )
    # A project may be named by its id, as text.
    by_id = parse_scenario(RISKY.replace('"甲"', '"2"')).risk
    assert project_rule(by_id, _project("乙", pid=2)).delay_chance == Decimal(50)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ('delay_chance = "120%"', "概率须在 0% 到 100% 之间"),
        ('overrun_chance = "-5%"', "概率须在 0% 到 100% 之间"),
        ("delay_chance = 0.2", "不是百分比"),
        ("delay_years = 0", "须不小于 1"),
        ("samples = 0", "须不小于 1"),
        ('samples = "many"', "不是整数"),
        ("chance = 1", "风险没有这项设置"),
    ],
)
def test_wrong_settings_are_refused_at_their_lines(written: str, said: str) -> None:
    text = f'name = "x"\n\n[risk]\n{written}\n'
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text)
    (problem,) = caught.value.problems
    assert said in problem.what() and problem.line == 4
