"""Profile settings of scenario files: flexible shares, read, checked and built."""

from __future__ import annotations

import pytest

from optimizer import FlexibleShares
from portfolio.exports.model import Language
from portfolio.paths import data_dir
from portfolio.scenarios.build import Geography, PortfolioProject, build_problem
from portfolio.scenarios.profiles import ProfileSpec
from portfolio.scenarios.spec import ScenarioError, parse_scenario

GEOGRAPHY = Geography(
    city_of={"丰泽区": "泉州市", "晋江市": "泉州市"},
    counties=frozenset({"丰泽区", "晋江市"}),
    cities=frozenset({"泉州市"}),
    aliases={},
)


def project(pid: int, name: str, years: tuple[int, int], **kwargs: object) -> PortfolioProject:
    values: dict[str, object] = {
        "id": pid,
        "plan": "quanzhou-st-14fyp",
        "table": "附件1",
        "name": name,
        "investment_wan": 1000,
        "start_year": years[0],
        "end_year": years[1],
        "regions": (("丰泽区", 10_000),),
        "units": (),
        "counted_in_totals": True,
    }
    values.update(kwargs)
    return PortfolioProject(**values)  # type: ignore[arg-type]


PROJECTS = [
    project(1, "甲", (2021, 2023), profile=(500, 300, 200)),
    project(2, "乙", (2021, 2022)),
    project(3, "丙", (2022, 2025), plan="fujian-st-14fyp", table="表1"),
]


def test_limits_and_overrides_read_profiles_and_shares() -> None:
    spec = parse_scenario(
        """
        name = "弹性"
        [limits]
        profile = "flexible"
        min_share = "10%"
        max_share = "62.5%"
        [[overrides]]
        project = "甲"
        profile = "planned"
        [[overrides]]
        project = "乙"
        max_share = "80%"
        """
    )
    assert spec.profile == ProfileSpec("flexible", 1000, 6250)
    assert spec.overrides[0].profile == ProfileSpec("planned")
    assert spec.overrides[1].profile == ProfileSpec(None, None, 8000)
    assert spec.overrides[1].profile.over(spec.profile) == ProfileSpec("flexible", 1000, 8000)


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ('[limits]\nprofile = "wavy"', "limits.profile", "unknown profile"),
        ("[limits]\nmin_share = 10", "limits.min_share", "percentage"),
        ('[limits]\nmin_share = "十%"', "limits.min_share", "not a percentage"),
        ('[limits]\nmax_share = "120%"', "limits.max_share", "between 0% and 100%"),
        ('[limits]\nmin_share = "12.345%"', "limits.min_share", "0.01%"),
        ('[limits]\nmin_share = "70%"\nmax_share = "60%"', "limits", "above max_share"),
        ('[[overrides]]\nproject = 1\nmin_share = "10%"', "overrides[0]", "need profile"),
        (
            '[limits]\nprofile = "flexible"\n[[overrides]]\nproject = 1\nprofile = "even"\n'
            'min_share = "5%"',
            "overrides[0]",
            "need profile",
        ),
        (
            '[limits]\nmax_share = "30%"\n[[overrides]]\nproject = 1\nprofile = "flexible"\n'
            'min_share = "40%"',
            "overrides[0]",
            "above max_share",
        ),
    ],
)
def test_bad_profile_settings_name_the_key(text: str, key: str, words: str) -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario('name = "x"\n' + text)
    assert any(k == key and words in message for k, message in error.value.by_key(Language.EN)), (
        error.value.by_key(Language.EN)
    )


def test_build_gives_flexible_even_and_planned_profiles() -> None:
    spec = parse_scenario(
        """
        name = "弹性"
        [limits]
        min_share = "10%"
        max_share = "60%"
        [[overrides]]
        project = "乙"
        profile = "flexible"
        [[overrides]]
        project = 1
        profile = "even"
        """
    )
    data = build_problem(spec, PROJECTS, GEOGRAPHY).data
    by_id = {p.id: p for p in data.projects}
    assert by_id["1"].profile is None and by_id["1"].flexible is None  # even over its years
    assert by_id["2"].flexible == FlexibleShares(1000, 6000)
    assert by_id["3"].flexible is None and by_id["3"].profile is None
    planned = build_problem(parse_scenario('name = "p"'), PROJECTS, GEOGRAPHY).data
    assert planned.projects[0].profile == (500, 300, 200)


def test_a_flexible_default_replaces_stored_amounts() -> None:
    spec = parse_scenario('name = "弹性"\n[limits]\nprofile = "flexible"\n')
    data = build_problem(spec, PROJECTS, GEOGRAPHY).data
    assert all(p.flexible == FlexibleShares() and p.profile is None for p in data.projects)


def test_shares_that_cannot_add_up_are_refused_by_key() -> None:
    # 乙 has two years: at most 40% a year holds only 800 of its 1,000 万元; 丙 has four,
    # where at least 30% a year would be 1,200.
    spec = parse_scenario(
        """
        name = "弹性"
        [limits]
        profile = "flexible"
        min_share = "30%"
        [[overrides]]
        project = "乙"
        max_share = "40%"
        [[overrides]]
        project = "甲"
        profile = "planned"
        """
    )
    with pytest.raises(ScenarioError) as error:
        build_problem(spec, PROJECTS, GEOGRAPHY)
    problems = dict(error.value.by_key(Language.EN))
    assert "“乙” (2 years, 1,000 万元): 2 years of 300-400 万元" in problems["overrides[0]"]
    assert "cannot add up to its total" in problems["overrides[0]"]
    assert "“丙” (4 years, 1,000 万元)" in problems["limits.profile"]
    assert len(error.value.by_key(Language.EN)) == 2  # 甲 keeps its planned amounts


def test_plan_caps_take_the_plan_key_and_refuse_unknown_plans() -> None:
    spec = parse_scenario(
        'name = "规划上限"\n[caps.plan."quanzhou-st-14fyp"]\n2022 = "80%"\n2023 = "100万"\n'
    )
    built = build_problem(spec, PROJECTS, GEOGRAPHY)
    caps = {(cap.kind.value, cap.key, cap.period): cap.amount for cap in built.data.caps}
    # Planned 2022 in the plan: 甲 300 + 乙 500 = 800; 80% of it is 640.
    assert caps == {
        ("plan", "quanzhou-st-14fyp", 2022): 640,
        ("plan", "quanzhou-st-14fyp", 2023): 100,
    }
    assert {p.plan for p in built.data.projects} == {"quanzhou-st-14fyp", "fujian-st-14fyp"}
    bad = parse_scenario('name = "x"\n[caps.plan."quanzhou-14fyp"]\n2022 = "5万"\n')
    with pytest.raises(ScenarioError) as error:
        build_problem(bad, PROJECTS, GEOGRAPHY)
    assert error.value.by_key(Language.EN) == [
        (
            "caps.plan.quanzhou-14fyp.2022",
            "unknown plan “quanzhou-14fyp” (did you mean “quanzhou-st-14fyp”?)",
        )
    ]
    assert error.value.problems[0].line == 3


def test_the_bundled_flexible_example_parses() -> None:
    text = (data_dir() / "scenarios" / "cut-2023-flexible.toml").read_text(encoding="utf-8")
    spec = parse_scenario(text)
    assert spec.profile == ProfileSpec("flexible", 500, 6000)
    assert spec.overrides[0].profile == ProfileSpec("planned")


def test_what_remains_of_a_started_project_is_flexible_like_any_other() -> None:
    spec = parse_scenario('name = "弹性"\nas_of = 2022\n[limits]\nprofile = "flexible"\n')
    built = build_problem(spec, PROJECTS, GEOGRAPHY)
    by_id = {p.id: p for p in built.data.projects}
    # 2021 has happened: 甲 spent its planned 500 there (no report: assumed), 乙 its 500.
    assert built.replanned["1"].history == {2021: 500}
    assert (by_id["1"].total, by_id["1"].planned_start, by_id["1"].planned_end) == (500, 2022, 2023)
    assert by_id["1"].flexible == FlexibleShares() and by_id["1"].profile is None
    assert (by_id["2"].total, by_id["2"].planned_start, by_id["2"].planned_end) == (500, 2022, 2022)
    assert by_id["3"].flexible == FlexibleShares()


def test_cuts_refer_to_the_plan_as_written_not_to_an_even_estimate() -> None:
    # 2021 as planned: 甲's stored 500 + 乙's even 500 = 1,000; a 20% cut leaves 800, whether
    # or not the projects are flexible (甲's even spread would put only 334 in 2021).
    for profile in ("planned", "flexible"):
        spec = parse_scenario(
            f'name = "c"\nas_of = 2021\n[cuts]\n2021 = "20%"\n[limits]\nprofile = "{profile}"\n'
        )
        (cap,) = build_problem(spec, PROJECTS, GEOGRAPHY).data.caps
        assert (cap.period, cap.amount) == (2021, 800)
