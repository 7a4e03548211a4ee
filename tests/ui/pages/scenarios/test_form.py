"""The 情景 form as pure functions: every wrong field named, the TOML a right form makes."""

from __future__ import annotations

import tomllib

import pytest

from portfolio.scenarios.problems import ScenarioProblem
from portfolio.scenarios.spec import parse_scenario
from ui.pages.scenarios.file import (
    blank_county_rows,
    blank_override_rows,
    form_from_toml,
    route_problems,
    year_rows,
)
from ui.pages.scenarios.form import (
    FormInput,
    check_form,
)

HORIZON = (2019, 2028)
COUNTIES = {"晋江市", "丰泽区"}
PLANNED = {2023: 4_642_813, 2024: 3_660_316}


def _form(**changes: object) -> FormInput:
    base: dict[str, object] = {
        "name": "测试",
        "as_of": "2021",
        "objectives": ["delay", "level"],
        "max_delay": "",
        "time_limit": "",
        "years": year_rows(PLANNED, HORIZON),
        "counties": blank_county_rows(),
        "overrides": blank_override_rows(),
    }
    base.update(changes)
    return FormInput(**base)  # type: ignore[arg-type]


def _with_year(year: int, **cells: str) -> list[dict[str, object]]:
    rows = year_rows(PLANNED, HORIZON)
    for row in rows:
        if row["year"] == year:
            row.update(cells)
    return rows


def test_an_empty_form_with_a_name_is_the_plain_scenario() -> None:
    check = check_form(_form(), HORIZON, COUNTIES)
    assert check.ok
    assert tomllib.loads(check.text or "") == {
        "name": "测试",
        "as_of": 2021,
        "objectives": ["delay", "level"],
    }


def test_cuts_caps_counties_and_overrides_become_the_scenario_file() -> None:
    form = _form(
        max_delay="2",
        time_limit="30",
        years=[
            *_with_year(2023, cut="30"),
            *[r for r in _with_year(2024, cap="150.5亿") if r["year"] == 2024],
        ],
        counties=[{"county": "晋江市", "year": "2023", "cap": "80%"}, *blank_county_rows()],
        overrides=[
            {"project": "清源创新实验室", "locked": True, "priority": "", "max_delay": ""},
            {"project": "109", "must_fund": True, "priority": "5", "max_delay": "1"},
        ],
    )
    check = check_form(form, HORIZON, COUNTIES)
    assert check.ok, check
    raw = tomllib.loads(check.text or "")
    assert raw["cuts"] == {"2023": "30%"}
    assert raw["caps"] == {"total": {"2024": "150.5亿"}, "county": {"晋江市": {"2023": "80%"}}}
    assert raw["limits"] == {"max_delay": 2}
    assert raw["time_limit"] == 30
    assert raw["overrides"] == [
        {"project": "清源创新实验室", "locked": True},
        {"project": 109, "must_fund": True, "priority": 5, "max_delay": 1},
    ]
    assert check.override_rows == [1, 2]
    # The product's own parser reads it: the 2024 cap is exactly 150.5亿 = 1,505,000 万元.
    spec = parse_scenario(check.text or "")
    assert spec.caps[("total", "", 2024)].wan == 1_505_000


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "请填写情景名称"),
        ({"as_of": "二〇二三"}, "as_of", "不是年份"),
        ({"as_of": "2040"}, "as_of", "不在规划期 2019-2028 内"),
        ({"max_delay": "-1"}, "max_delay", "不是 0 或正整数"),
        ({"max_delay": "abc"}, "max_delay", "不是 0 或正整数"),
        ({"max_delay": "12"}, "max_delay", "最多延期 9 年"),
        ({"time_limit": "0"}, "time_limit", "求解时限"),
        ({"time_limit": "十秒"}, "time_limit", "求解时限"),
        ({"objectives": []}, "objectives", "至少选一个目标"),
        ({"objectives": ["speed"]}, "objectives", "未知目标"),
    ],
)
def test_a_wrong_field_is_named_and_no_scenario_is_made(
    changes: dict[str, object], field: str, message: str
) -> None:
    check = check_form(_form(**changes), HORIZON, COUNTIES)
    assert not check.ok and check.text is None
    assert message in check.fields[field]
    assert set(check.fields) == {field}


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"cap": "-5"}, "不能为负数"),
        ({"cap": "很多"}, "不是金额"),
        ({"cap": "1.00001亿"}, "精确到万元"),
        ({"cap": "0.5万"}, "精确到万元"),
        ({"cap": "150"}, "金额“150”没有单位（是否要写“150亿”或“150万”？）"),
        ({"cut": "-10"}, "不能为负数"),
        ({"cut": "三成"}, "不是数字"),
        ({"cut": "120"}, "超过 100%"),
        ({"cut": "10", "cap": "100"}, "只填一项"),
    ],
)
def test_a_wrong_year_cell_is_named_by_its_year(cells: dict[str, str], message: str) -> None:
    check = check_form(_form(years=_with_year(2023, **cells)), HORIZON, COUNTIES)
    assert not check.ok
    assert len(check.years) == 1
    assert check.years[0].startswith("2023年") and message in check.years[0]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"county": "不存在县", "year": "2023", "cap": "1"}, "未知县（市、区）“不存在县”"),
        ({"county": "", "year": "2023", "cap": "1"}, "请选县"),
        ({"county": "晋江市", "year": "2099", "cap": "1"}, "不在规划期 2019-2028 内"),
        ({"county": "晋江市", "year": "二三", "cap": "1"}, "不在规划期"),
        ({"county": "晋江市", "year": "2023", "cap": ""}, "请填写上限"),
        ({"county": "晋江市", "year": "2023", "cap": "-1"}, "不能为负数"),
    ],
)
def test_a_wrong_county_row_is_named_by_its_row(row: dict[str, str], message: str) -> None:
    check = check_form(_form(counties=[{}, row]), HORIZON, COUNTIES)
    assert not check.ok
    assert check.counties[0].startswith("第2行") and message in check.counties[0]


def test_the_same_county_and_year_twice_is_refused() -> None:
    row = {"county": "晋江市", "year": "2023", "cap": "1亿"}
    check = check_form(_form(counties=[row, dict(row)]), HORIZON, COUNTIES)
    assert check.counties == ["第2行：晋江市 2023年已有上限"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"project": "", "locked": True}, "请填写项目名称或编号"),
        ({"project": "甲", "priority": "0"}, "优先级须为 1 或更大的整数"),
        ({"project": "甲", "priority": "高"}, "优先级须为 1 或更大的整数"),
        ({"project": "甲", "max_delay": "20"}, "最大延期须为 0 到 9 的整数"),
        ({"project": "甲", "must_fund": True, "excluded": True}, "不能既必须安排又排除"),
    ],
)
def test_a_wrong_override_is_named_by_its_row(row: dict[str, object], message: str) -> None:
    check = check_form(_form(overrides=[row]), HORIZON, COUNTIES)
    assert not check.ok
    assert check.overrides[0].startswith("第1行") and message in check.overrides[0]


def test_a_stored_scenario_comes_back_into_the_form_with_what_the_form_does_not_show() -> None:
    text = (
        'name = "全量"\nas_of = 2022\nobjectives = ["value", "delay"]\ntime_limit = 20\n'
        '[cuts]\n2023 = "20%"\n[caps.total]\n2024 = "150亿"\n'
        '[caps.county."晋江市"]\n2023 = "12亿"\n[caps.city."泉州市"]\n2023 = "80%"\n'
        '[limits]\nmax_delay = 2\n[limits.county_concurrency]\n"晋江市" = 10\n'
        '[[overrides]]\nproject = "清源创新实验室"\nlocked = true\n'
        '[[links]]\nbefore = "甲"\nafter = "乙"\n'
    )
    form = form_from_toml(text, PLANNED, HORIZON)
    assert (form.name, form.as_of, form.max_delay, form.time_limit) == ("全量", "2022", "2", "20")
    assert list(form.objectives or []) == ["value", "delay"]
    by_year = {row["year"]: row for row in form.years}
    assert by_year[2023]["cut"] == "20" and by_year[2024]["cap"] == "150亿"
    assert form.counties[0] == {"county": "晋江市", "year": "2023", "cap": "12亿", "limit": ""}
    assert form.counties[1] == {"county": "晋江市", "year": "", "cap": "", "limit": "10"}
    assert form.overrides[0]["project"] == "清源创新实验室" and form.overrides[0]["locked"]
    check = check_form(form, HORIZON, COUNTIES)
    assert check.ok, check
    again = tomllib.loads(check.text or "")
    original = tomllib.loads(text)
    # What the form does not edit is kept as it was; what it edits means the same.
    assert again["links"] == original["links"]
    assert again["caps"]["city"] == original["caps"]["city"]
    assert again["limits"]["county_concurrency"] == {"晋江市": 10}
    before, after = parse_scenario(text), parse_scenario(check.text or "")
    assert {k: v.resolve(0) for k, v in before.caps.items()} == {
        k: v.resolve(0) for k, v in after.caps.items()
    }
    assert (before.cuts, before.max_delay, before.overrides[0].values) == (
        after.cuts,
        after.max_delay,
        after.overrides[0].values,
    )


def test_the_services_problems_go_next_to_their_fields() -> None:
    routed = route_problems(
        [
            ScenarioProblem("as_of", "2040 不在情景年份内"),
            ScenarioProblem("caps.county.晋江.2023", "未知县（市、区）“晋江”", (), ("晋江市",)),
            ScenarioProblem("limits.county_concurrency.某县", "未知县（市、区）“某县”"),
            ScenarioProblem("overrides[1].project", "没有名为“乙”的项目参与本情景"),
            ScenarioProblem("links[0]", "衔接成环"),
        ],
        override_rows=[2, 5],
    )
    assert routed["fields:as_of"] == ["2040 不在情景年份内"]
    assert routed["counties"] == [
        "caps.county.晋江.2023：未知县（市、区）“晋江”（是否要写“晋江市”？）",
        "limits.county_concurrency.某县：未知县（市、区）“某县”",
    ]
    assert routed["overrides"] == ["第5行：没有名为“乙”的项目参与本情景"]
    assert routed["links"] == ["第1行：衔接成环"]


def test_a_flexible_profile_with_its_shares_goes_under_limits() -> None:
    check = check_form(_form(profile="flexible", min_share="5", max_share="60%"), HORIZON, COUNTIES)
    assert check.ok, check
    raw = tomllib.loads(check.text or "")
    assert raw["limits"] == {"profile": "flexible", "min_share": "5%", "max_share": "60%"}
    spec = parse_scenario(check.text or "")
    assert spec.profile.flexible and spec.profile.shares().min_bp == 500


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"profile": "random"}, "profile", "未知的支出方式"),
        ({"profile": "even", "min_share": "5"}, "min_share", "只有弹性支出才设比例"),
        ({"profile": "flexible", "min_share": "五"}, "min_share", "比例须为 0 到 100"),
        ({"profile": "flexible", "max_share": "120"}, "max_share", "比例须为 0 到 100"),
        ({"profile": "flexible", "max_share": "12.345"}, "max_share", "最多两位小数"),
        (
            {"profile": "flexible", "min_share": "60", "max_share": "5"},
            "max_share",
            "最高比例低于最低比例",
        ),
    ],
)
def test_a_wrong_profile_or_share_is_named(
    changes: dict[str, object], field: str, message: str
) -> None:
    check = check_form(_form(**changes), HORIZON, COUNTIES)
    assert not check.ok
    assert message in check.fields[field]


def test_a_loaded_flexible_scenario_keeps_its_profile() -> None:
    text = 'name = "弹性"\n[limits]\nprofile = "flexible"\nmin_share = "5%"\nmax_share = "60%"\n'
    form = form_from_toml(text, PLANNED, HORIZON)
    assert (form.profile, form.min_share, form.max_share) == ("flexible", "5", "60")
    check = check_form(form, HORIZON, COUNTIES)
    assert check.ok and tomllib.loads(check.text or "")["limits"] == tomllib.loads(text)["limits"]


def test_the_money_question_goes_under_explain() -> None:
    check = check_form(_form(explain_step="20亿", what_if="2024，2023、2024"), HORIZON, COUNTIES)
    assert check.ok, check
    assert tomllib.loads(check.text or "")["explain"] == {"step": "20亿", "what_if": [2024, 2023]}
    spec = parse_scenario(check.text or "")
    assert (spec.explain_step, spec.what_if_years) == (200_000, (2024, 2023))
    back = form_from_toml(check.text or "", PLANNED, HORIZON)
    assert (back.explain_step, back.what_if) == ("20亿", "2024，2023")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"explain_step": "0亿"}, "explain_step"),
        ({"explain_step": "20"}, "explain_step"),  # no unit
        ({"explain_step": "-3"}, "explain_step"),
        ({"explain_step": "很多"}, "explain_step"),
        ({"what_if": "2040"}, "what_if"),
        ({"what_if": "明年"}, "what_if"),
    ],
)
def test_a_wrong_money_question_is_named(changes: dict[str, object], field: str) -> None:
    check = check_form(_form(**changes), HORIZON, COUNTIES)
    assert not check.ok and set(check.fields) == {field}


def test_a_loaded_quarterly_scenario_keeps_its_quarter_and_month_keys() -> None:
    text = (
        'name = "按季度"\nperiods = "quarter"\n[cuts]\n2023 = "20%"\n2024Q2 = "10%"\n'
        '[caps.total]\n2025Q1 = "1000万"\n[caps.county."晋江市"]\n2023 = "12亿"\n2023Q3 = "5万"\n'
    )
    form = form_from_toml(text, PLANNED, HORIZON)
    by_year = {row["year"]: row for row in form.years}
    assert by_year[2023]["cut"] == "20" and not by_year[2024]["cut"]
    assert [row["year"] for row in form.counties if row["county"]] == ["2023"]
    check = check_form(form, HORIZON, COUNTIES)
    assert check.ok, check
    again = tomllib.loads(check.text or "")
    assert again["periods"] == "quarter"
    assert again["cuts"] == {"2023": "20%", "2024Q2": "10%"}
    assert again["caps"]["total"] == {"2025Q1": "1000万"}
    assert again["caps"]["county"] == {"晋江市": {"2023": "12亿", "2023Q3": "5万"}}
    spec = parse_scenario(check.text or "")
    assert {key.label for key in spec.period_cuts} == {"2024Q2"}


def test_the_periods_choice_goes_to_the_file_and_comes_back() -> None:
    check = check_form(_form(periods="month"), HORIZON, COUNTIES)
    assert check.ok, check
    raw = tomllib.loads(check.text or "")
    assert raw["periods"] == "month"
    assert parse_scenario(check.text or "").periods.value == "month"
    assert form_from_toml(check.text or "", PLANNED, HORIZON).periods == "month"
    yearly = check_form(_form(periods="year"), HORIZON, COUNTIES)
    assert "periods" not in tomllib.loads(yearly.text or "")  # years are the default
    assert form_from_toml(yearly.text or "", PLANNED, HORIZON).periods == "year"


def test_choosing_years_drops_a_loaded_scenarios_quarters() -> None:
    form = form_from_toml('name = "按季度"\nperiods = "quarter"\n', PLANNED, HORIZON)
    assert form.periods == "quarter"
    check = check_form(FormInput(**{**form.__dict__, "periods": "year"}), HORIZON, COUNTIES)
    assert check.ok and "periods" not in tomllib.loads(check.text or "")


def test_an_unknown_periods_choice_is_named() -> None:
    check = check_form(_form(periods="week"), HORIZON, COUNTIES)
    assert not check.ok and set(check.fields) == {"periods"}
    assert "week" in check.fields["periods"]


def test_a_countys_limit_of_projects_at_once_goes_under_limits() -> None:
    counties = [
        {"county": "晋江市", "year": "", "cap": "", "limit": "8"},
        {"county": "丰泽区", "year": "2023", "cap": "5亿", "limit": "3"},  # a cap and a limit
        *blank_county_rows(),
    ]
    check = check_form(_form(counties=counties), HORIZON, COUNTIES)
    assert check.ok, check
    raw = tomllib.loads(check.text or "")
    assert raw["limits"]["county_concurrency"] == {"晋江市": 8, "丰泽区": 3}
    assert raw["caps"]["county"] == {"丰泽区": {"2023": "5亿"}}
    spec = parse_scenario(check.text or "")
    assert spec.county_concurrency == {"晋江市": 8, "丰泽区": 3}
    back = form_from_toml(check.text or "", PLANNED, HORIZON)
    assert [r["limit"] for r in back.counties if r["limit"]] == ["8", "3"]
    # Cleared in the form, it is gone from the file.
    cleared = [dict(r, limit="") for r in back.counties]
    again = tomllib.loads(check_form(_form(counties=cleared), HORIZON, COUNTIES).text or "")
    assert "county_concurrency" not in again.get("limits", {})


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"county": "晋江市", "limit": "0"}, "须为正整数"),
        ({"county": "晋江市", "limit": "十"}, "须为正整数"),
        ({"county": "未知县", "limit": "3"}, "未知县"),
    ],
)
def test_a_wrong_limit_of_projects_at_once_is_named(row: dict[str, str], message: str) -> None:
    counties = [{"county": "", "year": "", "cap": "", "limit": ""} | row]
    check = check_form(_form(counties=counties), HORIZON, COUNTIES)
    assert not check.ok and any(message in line for line in check.counties), check.counties


def test_a_county_with_two_limits_is_refused() -> None:
    counties = [
        {"county": "晋江市", "year": "", "cap": "", "limit": "8"},
        {"county": "晋江市", "year": "", "cap": "", "limit": "9"},
    ]
    check = check_form(_form(counties=counties), HORIZON, COUNTIES)
    assert not check.ok and "第2行" in check.counties[0] and "已有同时在建" in check.counties[0]


def test_links_from_the_grid_become_the_files_links_and_come_back() -> None:
    links = [
        {"before": "某项目（一期）", "after": "某项目（二期）", "lag": ""},
        {"before": "", "after": "", "lag": ""},
        {"before": "109", "after": "某项目（三期）", "lag": "1"},
    ]
    check = check_form(_form(links=links), HORIZON, COUNTIES)
    assert check.ok, check
    raw = tomllib.loads(check.text or "")
    assert raw["links"] == [
        {"before": "某项目（一期）", "after": "某项目（二期）"},
        {"before": 109, "after": "某项目（三期）", "lag": 1},
    ]
    assert check.link_rows == [1, 3]  # the service's links[1] is the grid's row 3
    unknown = ScenarioProblem("links[1].after", "未知")
    assert route_problems([unknown], link_rows=check.link_rows) == {"links": ["第3行：未知"]}
    spec = parse_scenario(check.text or "")
    assert [(link.before, link.after, link.lag) for link in spec.links] == [
        ("某项目（一期）", "某项目（二期）", 0),
        (109, "某项目（三期）", 1),
    ]
    back = form_from_toml(check.text or "", PLANNED, HORIZON)
    assert [r["before"] for r in back.links if r["before"]] == ["某项目（一期）", "109"]
    # Emptied in the grid, the links are gone from the file.
    again = check_form(FormInput(**{**back.__dict__, "links": []}), HORIZON, COUNTIES)
    assert "links" not in tomllib.loads(again.text or "")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"before": "甲", "after": ""}, "请填写前序项目和后续项目"),
        ({"before": "甲", "after": "甲"}, "相同"),
        ({"before": "甲", "after": "乙", "lag": "-1"}, "间隔须为"),
        ({"before": "甲", "after": "乙", "lag": "99"}, "间隔须为"),
    ],
)
def test_a_wrong_link_is_named_by_its_row(row: dict[str, str], message: str) -> None:
    links = [{"before": "", "after": "", "lag": ""}, {"before": "", "after": "", "lag": ""} | row]
    check = check_form(_form(links=links), HORIZON, COUNTIES)
    assert not check.ok and check.links and check.links[0].startswith("第2行")
    assert message in check.links[0]
