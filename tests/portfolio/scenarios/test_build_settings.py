"""Stored settings and a scenario file's overrides: the file wins, without contradiction."""

from __future__ import annotations

import pytest

from portfolio.scenarios.build import merge_settings


def test_stored_settings_apply_when_the_file_says_nothing() -> None:
    assert merge_settings({"locked": True, "priority": 3}, {}) == (
        {"locked": True, "priority": 3},
        {"locked": "project", "priority": "project"},
    )


def test_the_files_value_wins_for_the_same_setting() -> None:
    assert merge_settings({"locked": True, "max_delay": 1}, {"locked": False}) == (
        {"locked": False, "max_delay": 1},
        {"locked": "scenario", "max_delay": "project"},
    )


@pytest.mark.parametrize(
    ("stored", "file", "settings"),
    [
        ({"excluded": True}, {"must_fund": True}, {"must_fund": True}),
        ({"excluded": True}, {"locked": True}, {"locked": True}),
        ({"locked": True, "must_fund": True}, {"excluded": True}, {"excluded": True}),
    ],
)
def test_a_file_that_includes_or_excludes_drops_the_contrary_stored_setting(
    stored: dict[str, bool], file: dict[str, object], settings: dict[str, object]
) -> None:
    merged, sources = merge_settings(stored, file)
    assert merged == settings
    assert set(sources.values()) == {"scenario"}
