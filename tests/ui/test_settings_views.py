"""The project-settings form's parsing and texts, without a browser."""

from __future__ import annotations

import pytest

from portfolio.project_settings import MAX_DELAY_YEARS, ProjectSettings
from ui.settings_views import (
    SETTINGS_LABELS,
    form_values,
    parse_settings_form,
    service_errors,
    settings_summary,
)


def test_valid_fields_give_the_settings() -> None:
    form = parse_settings_form(" 3 ", True, False, False, "2")
    assert form.errors == {}
    assert form.settings == ProjectSettings(priority=3, must_fund=True, max_delay=2)


def test_an_empty_max_delay_leaves_it_to_the_scenario() -> None:
    for empty in ("", "  ", None):
        form = parse_settings_form("1", None, None, None, empty)
        assert form.settings == ProjectSettings()


def test_full_width_digits_are_numbers() -> None:
    form = parse_settings_form("２", False, False, False, "１０")
    assert form.settings == ProjectSettings(priority=2, max_delay=10)


@pytest.mark.parametrize(
    ("priority", "max_delay", "errors"),
    [
        ("abc", "", {"priority": "“abc”不是整数"}),
        ("1.5", "", {"priority": "“1.5”不是整数"}),
        ("", "", {"priority": "请填写优先级"}),
        ("0", "", {"priority": "优先级须为 1 至 100 的整数"}),
        ("-3", "", {"priority": "优先级须为 1 至 100 的整数"}),
        ("101", "", {"priority": "优先级须为 1 至 100 的整数"}),
        ("1", "两年", {"max_delay": "“两年”不是整数"}),
        ("1", "-1", {"max_delay": "最大延期不能为负数"}),
        ("1", str(MAX_DELAY_YEARS + 1), {"max_delay": "最大延期不能超过 10 年（超出规划期）"}),
        ("x", "y", {"priority": "“x”不是整数", "max_delay": "“y”不是整数"}),
    ],
)
def test_bad_numbers_are_refused_with_a_message_for_their_field(
    priority: str, max_delay: str, errors: dict[str, str]
) -> None:
    form = parse_settings_form(priority, False, False, False, max_delay)
    assert form.settings is None
    assert form.errors == errors


def test_a_locked_or_must_fund_project_cannot_be_excluded() -> None:
    locked = parse_settings_form("1", False, True, True, "")
    assert locked.settings is None
    assert locked.errors == {"excluded": SETTINGS_LABELS["locked_excluded"]}
    must = parse_settings_form("1", True, False, True, "")
    assert must.errors == {"excluded": SETTINGS_LABELS["must_fund_excluded"]}


def test_every_parsed_form_is_accepted_by_the_services_checks() -> None:
    from portfolio.project_settings import settings_problems

    for priority in ("1", "100"):
        for delay in ("", "0", str(MAX_DELAY_YEARS)):
            for flags in ((True, True, False), (False, False, True), (True, False, False)):
                form = parse_settings_form(priority, *flags, delay)
                assert form.settings is not None
                assert settings_problems(form.settings) == []


def test_service_problems_land_on_their_fields() -> None:
    problems = [("excluded", "a"), ("priority", "b"), ("excluded", "c")]
    assert service_errors(problems) == {"excluded": "a；c", "priority": "b"}


def test_form_values_and_summary_show_the_stored_settings() -> None:
    settings = ProjectSettings(priority=3, locked=True, max_delay=2)
    values = form_values(settings)
    assert (values.priority, values.locked, values.excluded, values.max_delay) == (
        "3",
        True,
        False,
        "2",
    )
    assert form_values(ProjectSettings()).max_delay == ""
    assert settings_summary(settings) == "优先级 3 · 已开工锁定 · 最大延期 2 年"
    assert settings_summary(ProjectSettings(must_fund=True)) == "必须安排"
    assert settings_summary(ProjectSettings()) == settings_summary(None) == "默认设置"
