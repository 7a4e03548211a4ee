"""Building a scenario's caps and cuts: what a percentage refers to, which years take one."""

from __future__ import annotations

import pytest

from optimizer import CapKind
from portfolio.exports.model import Language
from portfolio.scenarios.build import BuiltScenario, Geography, PortfolioProject, build_problem
from portfolio.scenarios.spec import ScenarioError, parse_scenario

GEOGRAPHY = Geography(
    city_of={"晋江市": "泉州市", "丰泽区": "泉州市", "泉州市": "泉州市"},
    counties=frozenset({"晋江市", "丰泽区"}),
    cities=frozenset({"泉州市"}),
    aliases={},
)
PROJECTS = [
    PortfolioProject(1, "p", "附件1", "甲", 600, 2023, 2024, (("晋江市", 10_000),), (), True),
    PortfolioProject(2, "p", "附件1", "乙", 400, 2023, 2023, (("丰泽区", 10_000),), (), True),
    PortfolioProject(
        3, "p", "附件1", "丙", 200, 2023, 2023, (("晋江市", 10_000),), (), True,
        settings={"excluded": True},
    ),
    # Unknown money: not scheduled, so it has no planned spend to cut.
    PortfolioProject(4, "p", "附件1", "丁", None, 2023, 2023, (("晋江市", 10_000),), (), True),
]  # fmt: skip


def build(text: str) -> BuiltScenario:
    spec = parse_scenario('name = "s"\nas_of = 2022\nhorizon = [2021, 2026]\n' + text)
    return build_problem(spec, PROJECTS, GEOGRAPHY)


def caps(built: BuiltScenario) -> dict[tuple[CapKind, str, int], int]:
    return {(cap.kind, cap.key, cap.period): cap.amount for cap in built.data.caps}


def test_a_cut_is_taken_from_the_spend_as_written_excluded_projects_included() -> None:
    # 2023 plans 300 of 甲, 400 of 乙 and 200 of 丙 (excluded by its stored setting): 900.
    stored = build('[cuts]\n2023 = "20%"\n')
    in_file = build('[cuts]\n2023 = "20%"\n[[overrides]]\nproject = "乙"\nexcluded = true\n')
    funded = build('[cuts]\n2023 = "20%"\n[[overrides]]\nproject = "丙"\nexcluded = false\n')
    assert caps(stored)[(CapKind.TOTAL, "", 2023)] == 720
    assert caps(in_file) == caps(stored) == caps(funded)
    assert stored.planned[("total", "", 2023)] == 900


def test_a_percentage_cap_counts_the_excluded_projects_of_its_scope() -> None:
    # 晋江市 plans 300 of 甲 and 200 of 丙 in 2023; 丁 (money unknown) is not scheduled.
    built = build('[caps.county."晋江市"]\n2023 = "80%"\n[caps.total]\n2024 = "50%"\n')
    assert caps(built)[(CapKind.REGION, "晋江市", 2023)] == 400
    assert caps(built)[(CapKind.TOTAL, "", 2024)] == 150
    assert [project.id for project in built.data.projects if project.excluded] == ["3"]
    assert [project.id for project, _why in built.skipped] == [4]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[cuts]\n2021 = "20%"\n2023 = "10%"\n', "cuts.2021"),
        ('[caps.total]\n2021 = "150亿"\n2022 = "90%"\n', "caps.total.2021"),
        ('[caps.county."晋江市"]\n2021 = "80%"\n2022 = "100万"\n', "caps.county.晋江市.2021"),
    ],
)
def test_caps_and_cuts_before_as_of_are_refused_by_key(text: str, key: str) -> None:
    # as_of = 2022: 2021 is history, even for a cap no smaller than what it spent.
    with pytest.raises(ScenarioError) as caught:
        build(text)
    assert caught.value.by_key() == [(key, "2021 早于 as_of = 2022，已发生的年份不能设上限或压减")]
    assert caught.value.by_key(Language.EN) == [
        (key, "2021 is before as_of = 2022: years already spent cannot be capped or cut")
    ]


def test_a_quarter_before_as_of_is_refused_in_a_quarterly_scenario() -> None:
    with pytest.raises(ScenarioError) as caught:
        build('periods = "quarter"\n[cuts]\n2021Q4 = "5%"\n2022Q1 = "5%"\n')
    ((key, message),) = caught.value.by_key()
    assert key == "cuts.2021Q4" and "2021Q4 早于 as_of = 2022" in message
    assert "2021Q4 is before as_of = 2022" in caught.value.by_key(Language.EN)[0][1]
