"""A scenario's mistakes: all in one pass, each at its line, with what to write instead."""

from __future__ import annotations

import pytest

from portfolio.exports.model import Language
from portfolio.scenarios.build import Geography, PortfolioProject, build_problem
from portfolio.scenarios.problems import ScenarioError, key_lines, line_of
from portfolio.scenarios.spec import parse_scenario, read_scenario

GEOGRAPHY = Geography(
    city_of={"晋江市": "泉州市", "丰泽区": "泉州市", "泉州市": "泉州市"},
    counties=frozenset({"晋江市", "丰泽区"}),
    cities=frozenset({"泉州市"}),
    aliases={},
)
PROJECTS = [
    PortfolioProject(1, "quanzhou-st-14fyp", "附件1", "清源创新实验室", 600, 2023, 2024,
                     (("晋江市", 10_000),), (), True),
    PortfolioProject(2, "quanzhou-st-14fyp", "附件2", "乙", 400, 2023, 2023,
                     (("丰泽区", 10_000),), (), True),
]  # fmt: skip


def check(text: str) -> ScenarioError:
    """The error of a scenario checked as the services check it: read, then built."""
    spec, problems = read_scenario(text, "s.toml")
    with pytest.raises(ScenarioError) as caught:
        build_problem(spec, PROJECTS, GEOGRAPHY, problems, "s.toml")
    return caught.value


@pytest.mark.parametrize("value", ["300", '"300"', "300.5"])
def test_a_bare_number_in_a_money_field_is_refused_with_both_units_offered(value: str) -> None:
    number = value.strip('"')
    for text in (f"[caps.total]\n2023 = {value}\n", f"[explain]\nstep = {value}\n"):
        with pytest.raises(ScenarioError) as caught:
            parse_scenario('name = "x"\n' + text)
        (problem,) = caught.value.problems
        assert problem.suggestions == (f"{number}亿", f"{number}万") and problem.line == 3
        assert f"金额 {number} 没有单位" in problem.message()
        assert f"(did you mean “{number}亿” or “{number}万”?)" in problem.message(Language.EN)


def test_money_with_its_unit_and_percentages_are_read() -> None:
    spec = parse_scenario(
        'name = "x"\n[caps.total]\n2023 = "1.5亿"\n2024 = "5000万"\n2025 = "80%"\n'
        '[cuts]\n2026 = "20%"\n[explain]\nstep = "10亿"\n'
    )
    assert spec.caps[("total", "", 2023)].wan == 15_000
    assert spec.caps[("total", "", 2024)].wan == 5_000
    assert spec.caps[("total", "", 2025)].percent == 80
    assert spec.explain_step == 100_000


def test_three_kinds_of_mistake_come_in_one_pass_each_at_its_line() -> None:
    error = check(
        'name = "x"\n'  # 1
        "[caps.total]\n"  # 2
        "2023 = 300\n"  # 3: no unit (found while reading the file)
        '[caps.county."晋江县"]\n'  # 4
        '2024 = "2亿"\n'  # 5: unknown county (found against the portfolio)
        "[[overrides]]\n"  # 6
        'project = "清源实验室"\n'  # 7: unknown project
        "must_fund = true\n"
    )
    assert [(p.line, p.key) for p in error.problems] == [
        (3, "caps.total.2023"),
        (5, "caps.county.晋江县.2024"),
        (7, "overrides[0].project"),
    ]
    assert error.problems[1].suggestions == ("晋江市",)
    assert error.problems[2].suggestions == ("清源创新实验室",)
    assert str(error).splitlines()[0] == "s.toml：情景有 3 处错误"
    assert error.report(Language.EN).splitlines()[2] == (
        "  line 5, caps.county.晋江县.2024: unknown county “晋江县” (did you mean “晋江市”?)"
    )


@pytest.mark.parametrize(
    ("text", "key", "zh", "suggestion"),
    [
        ('[caps.county."晋江"]\n2023 = "1亿"', "caps.county.晋江.2023", "未知县（市、区）",
         "晋江市"),
        ('[limits.county_concurrency]\n"丰泽" = 3', "limits.county_concurrency.丰泽",
         "未知县（市、区）", "丰泽区"),
        ('[caps.city."泉州"]\n2023 = "1亿"', "caps.city.泉州.2023", "未知设区市", "泉州市"),
        ('tables = ["附件 1"]', "tables[0]", "未知表", "附件1"),
        ('[caps.table."附件二"]\n2023 = "1亿"', "caps.table.附件二.2023", "未知表", "附件2"),
        ('plans = ["quanzhou-14fyp"]', "plans[0]", "未知规划", "quanzhou-st-14fyp"),
        ('[caps.plan."quanzhou-st"]\n2023 = "1亿"', "caps.plan.quanzhou-st.2023", "未知规划",
         "quanzhou-st-14fyp"),
        ('[[links]]\nbefore = "清源实验室"\nafter = "乙"', "links[0].before", "没有名为",
         "清源创新实验室"),
    ],
)  # fmt: skip
def test_every_kind_of_name_says_what_was_meant(
    text: str, key: str, zh: str, suggestion: str
) -> None:
    error = check('name = "x"\n' + text + "\n")
    (problem,) = error.problems
    assert problem.key == key and zh in problem.what()
    assert suggestion in problem.suggestions, problem
    assert problem.line is not None and problem.line > 1


def test_lines_are_found_past_comments_strings_and_arrays() -> None:
    text = (
        'name = "x"  # [caps.total]\n'  # 1
        'description = """\n'  # 2
        "[caps.total]\n"  # 3: inside the string
        '"""\n'  # 4
        "objectives = [\n"  # 5
        '  "delay",\n'  # 6
        "]\n"  # 7
        "[caps.county.'晋江市']\n"  # 8
        '2023 = "1亿"\n'  # 9
        "[[overrides]]\n"  # 10
        "project = 1\n"  # 11
        "[[overrides]]\n"  # 12
        "project = 2\n"  # 13
        "[overrides.extra]\n"  # 14: a table of the second override
    )
    lines = key_lines(text)
    assert "caps.total" not in lines
    assert lines["caps.county.晋江市.2023"] == 9
    assert (lines["overrides[1]"], lines["overrides[1].project"]) == (12, 13)
    assert lines["overrides[1].extra"] == 14
    assert line_of("objectives[0]", lines) == 5
    assert line_of("overrides[0].locked", lines) == 10
    assert line_of("limits.max_delay", lines) is None
