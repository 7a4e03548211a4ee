"""Building a quarterly or monthly scenario: windows, amounts, limits and caps in periods."""

from __future__ import annotations

import pytest

from optimizer import CapKind, solve, validate
from portfolio.exports.model import Language
from portfolio.scenarios.build import BuiltScenario, Geography, PortfolioProject, build_problem
from portfolio.scenarios.periods import Calendar, PeriodUnit
from portfolio.scenarios.spec import ScenarioError, parse_scenario

GEOGRAPHY = Geography(
    city_of={"晋江市": "泉州市", "丰泽区": "泉州市", "泉州市": "泉州市"},
    counties=frozenset({"晋江市", "丰泽区"}),
    cities=frozenset({"泉州市"}),
    aliases={},
)
PROJECTS = [
    PortfolioProject(
        1, "p", "附件1", "甲", 1000, 2023, 2024, (("晋江市", 10_000),), ("u",), True
    ),
    PortfolioProject(
        2, "p", "附件1", "乙", 90, 2022, 2023, (("晋江市", 5_000), ("丰泽区", 5_000)), (), True,
        profile=(30, 60), settings={"max_delay": 2},
    ),
    PortfolioProject(3, "p", "附件2", "丙", 300, 2020, 2022, (("丰泽区", 10_000),), (), True),
]  # fmt: skip
QUARTERS = Calendar(PeriodUnit.QUARTER)


def build(text: str) -> BuiltScenario:
    return build_problem(parse_scenario('name = "s"\n' + text), PROJECTS, GEOGRAPHY)


def test_a_quarterly_project_spreads_each_year_over_its_quarters() -> None:
    built = build('periods = "quarter"\nas_of = 2021\n[limits]\nmax_delay = 1\n')
    data = built.data
    assert built.calendar == QUARTERS and built.horizon_years == (2020, 2025)
    assert data.horizon == (QUARTERS.first(2020), QUARTERS.last(2025))
    assert data.as_of == QUARTERS.first(2021)
    first, second, started = data.projects
    assert (first.planned_start, first.planned_end) == (QUARTERS.first(2023), QUARTERS.last(2024))
    assert first.profile == (125,) * 8  # 500 a year, evenly
    assert second.profile == (8, 8, 7, 7, 15, 15, 15, 15)  # its stored 30 and 60
    assert started.profile is not None
    # 2020 has happened (its planned 100, assumed spent): the remaining 200 over 2021-2022.
    assert built.replanned["3"].history == {2020: 100}
    assert started.total == 200 and started.profile == (25,) * 8
    # Limits in years become quarters: the scenario's one year, the stored two years.
    assert (first.max_delay, second.max_delay) == (4, 8)


def test_yearly_scenarios_are_as_they_were() -> None:
    built = build("as_of = 2021\n")
    first, second, _ = built.data.projects
    assert built.calendar.yearly and built.data.horizon == (2020, 2027)
    assert (first.planned_start, first.planned_end, first.profile) == (2023, 2024, None)
    assert second.profile == (30, 60) and second.max_delay == 2


def test_year_caps_sum_their_quarters_and_quarter_caps_hold_one() -> None:
    built = build(
        'periods = "quarter"\nas_of = 2021\n'
        '[caps.total]\n2023 = "50%"\n[caps.county."晋江市"]\n2023Q2 = "100万"\n'
        '[cuts]\n2024Q3 = "20%"\n[[links]]\nbefore = "乙"\nafter = "甲"\nlag = 1\n'
    )
    caps = {cap.ident: cap.amount for cap in built.data.caps}
    year = QUARTERS.periods_of(2023)
    # 2023 plans 4 × 125 of 甲 and 60 of 乙: half of 560.
    assert caps[(CapKind.TOTAL, "", year.start, year.stop - 1)] == 280
    assert caps[(CapKind.REGION, "晋江市", year.start + 1, year.start + 1)] == 100
    q3 = QUARTERS.first(2024) + 2
    assert caps[(CapKind.TOTAL, "", q3, q3)] == 100  # 125 less 20%
    (link,) = built.data.links
    assert link.lag == 4
    result = solve(built.data)
    assert validate(built.data, result) == []
    spend = result.schedules["1"].spend
    assert sum(spend.values()) == 1000 and spend.get(q3, 0) <= 100


def test_a_month_key_caps_one_month_and_a_quarter_key_three() -> None:
    months = Calendar(PeriodUnit.MONTH)
    built = build('periods = "month"\n[caps.total]\n2023-05 = "40万"\n2023Q2 = "50%"\n')
    may = months.first(2023) + 4
    spans = {(cap.period, cap.last): cap.amount for cap in built.data.caps}
    assert spans[(may, may)] == 40
    # 甲 plans 500 in 2023, 41 or 42 a month (the remainder to the earliest months); 乙 60.
    quarter = sum(months.spread([500])[3:6]) + sum(months.spread([60])[3:6])
    assert spans[(may - 1, may + 1)] == quarter // 2


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (
            'periods = "quarter"\n[caps.total]\n2040Q1 = "5万"',
            "caps.total.2040Q1",
            "quarter 2040Q1 is outside the horizon 2020-2027",
        ),
        (
            'periods = "quarter"\nas_of = 2023\n[caps.county."丰泽区"]\n2022Q4 = "0万"',
            "caps.county.丰泽区.2022Q4",
            "2022Q4 is before as_of = 2023",
        ),
        (
            'periods = "quarter"\n[cuts]\n2023Q1 = "5%"\n[caps.total]\n2023Q1 = "5万"',
            "cuts.2023Q1",
            "2023Q1 has both a total cap and a cut",
        ),
        (
            'periods = "quarter"\n[limits]\nprofile = "flexible"\nmin_share = "20%"',
            "limits.profile",
            "8 quarters",
        ),
    ],
)
def test_bad_period_caps_are_refused_at_their_keys(text: str, key: str, words: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        build(text)
    assert any(k == key and words in message for k, message in caught.value.by_key(Language.EN)), (
        caught.value.by_key(Language.EN)
    )


def test_flexible_shares_bound_each_quarter() -> None:
    built = build(
        'periods = "quarter"\nas_of = 2021\n[limits]\nprofile = "flexible"\nmax_share = "20%"\n'
    )
    flexible = built.data.projects[0]
    assert flexible.flexible is not None and flexible.profile is None
    assert flexible.flexible.bounds(flexible.total) == (0, 200)
    result = solve(built.data)
    assert validate(built.data, result) == []
    assert all(amount <= 200 for amount in result.schedules["1"].spend.values())
