"""Project settings as values: defaults, what scenarios receive, what is refused."""

from __future__ import annotations

from portfolio.project_settings import (
    MAX_DELAY_YEARS,
    ProjectSettings,
    SettingsError,
    settings_problems,
)


def test_the_defaults_send_nothing_to_scenarios() -> None:
    assert ProjectSettings().is_default()
    assert ProjectSettings().scenario_values() == {}


def test_scenarios_receive_only_what_differs_from_the_defaults() -> None:
    settings = ProjectSettings(priority=2, excluded=True, max_delay=0)
    assert not settings.is_default()
    assert settings.scenario_values() == {"priority": 2, "excluded": True, "max_delay": 0}


def test_the_limits_themselves_are_accepted() -> None:
    for settings in (
        ProjectSettings(priority=1, max_delay=0),
        ProjectSettings(priority=100, max_delay=MAX_DELAY_YEARS),
        ProjectSettings(must_fund=True, locked=True),
    ):
        assert settings_problems(settings) == []


def test_values_that_are_not_whole_numbers_are_refused() -> None:
    settings = ProjectSettings(priority=True, max_delay=1.5)  # type: ignore[arg-type]
    assert [name for name, _ in settings_problems(settings)] == ["priority", "max_delay"]


def test_the_error_names_the_project_and_each_field() -> None:
    error = SettingsError(7, [("priority", "priority 0 is below 1"), ("excluded", "x")])
    assert str(error) == (
        "project 7: cannot store its settings: priority: priority 0 is below 1; excluded: x"
    )
