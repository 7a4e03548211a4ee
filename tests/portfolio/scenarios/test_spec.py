"""Scenario files: what is accepted, and what is refused with the key it stands at."""

from __future__ import annotations

from decimal import Decimal

import pytest

from optimizer import Objective
from portfolio.exports.model import Language
from portfolio.scenarios.periods import PeriodUnit, parse_period_key
from portfolio.scenarios.spec import Amount, ScenarioError, parse_scenario


def test_a_full_scenario() -> None:
    spec = parse_scenario(
        """
        name = "压减"
        as_of = 2023
        horizon = [2019, 2030]
        plans = ["quanzhou-st-14fyp"]
        tables = ["附件1"]
        objectives = ["value", "delay", "level"]
        time_limit = 5
        [caps.total]
        2024 = "150亿"
        2025 = "80%"
        [caps.county."晋江市"]
        2023 = "200000万"
        [cuts]
        2023 = "20%"
        [limits]
        max_delay = 2
        max_stretch = 1
        [limits.county_concurrency]
        "晋江市" = 12
        [[overrides]]
        project = "清源创新实验室"
        must_fund = true
        priority = 5
        [[overrides]]
        project = 109
        locked = true
        """
    )
    assert spec.name == "压减" and spec.as_of == 2023 and spec.horizon == (2019, 2030)
    assert spec.objectives == (Objective.VALUE, Objective.DELAY, Objective.LEVEL)
    assert spec.caps[("total", "", 2024)] == Amount(wan=1_500_000)
    assert spec.caps[("total", "", 2025)] == Amount(percent=Decimal(80))
    assert spec.caps[("county", "晋江市", 2023)] == Amount(wan=200_000)
    assert spec.cuts == {2023: Decimal(20)}
    assert (spec.max_delay, spec.max_stretch) == (2, 1)
    assert spec.county_concurrency == {"晋江市": 12}
    assert spec.overrides[0].project_name == "清源创新实验室"
    assert spec.overrides[0].values == {"must_fund": True, "priority": 5}
    assert spec.overrides[1].project_id == 109


def test_percentages_round_down_to_whole_wan() -> None:
    assert Amount(percent=Decimal("80")).resolve(12_345) == 9_876
    assert Amount(wan=5).resolve(12_345) == 5


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("as_of = 2023", "name", "needs a name"),
        ('name = "x"\n[caps.total]\n2023 = -5', "caps.total.2023", "negative"),
        ('name = "x"\n[caps.total]\n2023 = "-5亿"', "caps.total.2023", "negative"),
        ('name = "x"\n[caps.total]\n2023 = "很多"', "caps.total.2023", "not an amount"),
        ('name = "x"\n[caps.total]\n2023 = 1.5', "caps.total.2023", "has no unit"),
        ('name = "x"\n[caps.total]\n2201 = "5万"', "caps.total.2201", "outside"),
        ('name = "x"\n[caps.planet."火星"]\n2023 = "5万"', "caps.planet", "unknown kind"),
        ('name = "x"\n[cuts]\n2023 = "120%"', "cuts.2023", "more than everything"),
        ('name = "x"\nobjectives = ["fast"]', "objectives[0]", "unknown objective"),
        ('name = "x"\nhorizon = [2030, 2020]', "horizon", "after last year"),
        ('name = "x"\nbudget = 3', "budget", "unknown setting"),
        ('name = "x"\n[[overrides]]\nmust_fund = true', "overrides[0]", "name the project"),
        ('name = "x"\n[[overrides]]\nproject = 1\nurgent = true', "overrides[0].urgent", "unknown"),
        ('name = "x"\n[limits]\nmax_delay = -1', "limits.max_delay", "negative"),
        ("name = ", "", "not valid TOML"),
    ],
)
def test_bad_scenarios_name_the_key(text: str, key: str, words: str) -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, "bad.toml")
    assert any(k == key and words in message for k, message in error.value.by_key(Language.EN)), (
        error.value.by_key(Language.EN)
    )
    assert "bad.toml" in str(error.value)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario('[caps.total]\n2023 = -1\n2024 = "x"', "s.toml")
    assert len(error.value.by_key(Language.EN)) == 3  # no name, negative, not an amount


def test_quarters_and_months_are_periods_of_their_own() -> None:
    spec = parse_scenario(
        """
        name = "按季度"
        periods = "quarter"
        [caps.total]
        2023 = "150亿"
        2024Q2 = "300000万"
        [caps.county."晋江市"]
        2023q3 = "80%"
        [cuts]
        2025 = "10%"
        2025Q1 = "20%"
        """
    )
    assert spec.periods is PeriodUnit.QUARTER
    assert spec.caps == {("total", "", 2023): Amount(wan=1_500_000)}
    assert spec.period_caps == {
        ("total", "", parse_period_key("2024Q2")): Amount(wan=300_000),
        ("county", "晋江市", parse_period_key("2023Q3")): Amount(percent=Decimal(80)),
    }
    assert spec.cuts == {2025: Decimal(10)}
    assert spec.period_cuts == {parse_period_key("2025Q1"): Decimal(20)}
    # In a monthly scenario a quarter key covers three months.
    monthly = parse_scenario('name = "月"\nperiods = "month"\n[cuts]\n2023-05 = "5%"\n2023Q2 = 1\n')
    assert monthly.period_cuts == {
        parse_period_key("2023-05"): Decimal(5),
        parse_period_key("2023Q2"): Decimal(1),
    }
    assert parse_scenario('name = "年"').periods is PeriodUnit.YEAR


def test_bad_periods_and_period_keys_are_refused_at_their_keys_all_at_once() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(
            """
            name = "x"
            periods = "quarter"
            [caps.total]
            2023Q5 = "100万"
            2023-05 = "100万"
            1980Q1 = "100万"
            [caps.city."泉州市"]
            2023-13 = "100万"
            [cuts]
            2024H1 = "5%"
            """
        )
    problems = dict(caught.value.by_key(Language.EN))
    assert "a year has quarters Q1-Q4" in problems["caps.total.2023Q5"]
    assert 'set periods = "month"' in problems["caps.total.2023-05"]
    assert "outside 1990-2060" in problems["caps.total.1980Q1"]
    assert "2023-01 … 2023-12" in problems["caps.city.泉州市.2023-13"]
    assert "is not a year (2023), quarter (2023Q2) or month (2023-05)" in problems["cuts.2024H1"]
    with pytest.raises(ScenarioError) as yearly:
        parse_scenario('name = "x"\n[caps.total]\n2023Q2 = "100万"\n[cuts]\n2023-05 = "5%"\n')
    problems = dict(yearly.value.by_key(Language.EN))
    assert "counts in years" in problems["caps.total.2023Q2"]
    assert "counts in years" in problems["cuts.2023-05"]
    with pytest.raises(ScenarioError) as unknown:
        parse_scenario('name = "x"\nperiods = "week"\n')
    assert unknown.value.by_key(Language.EN) == [
        ("periods", "unknown periods “week” (one of “year”, “quarter”, “month”)")
    ]
