"""“Did you mean …?”: the closest known names, none when nothing is close."""

from __future__ import annotations

from portfolio.scenarios.suggest import closest, did_you_mean

COUNTIES = ["晋江市", "石狮市", "南安市", "惠安县", "安溪县", "泉州台商投资区"]


def test_a_short_name_finds_the_full_one() -> None:
    assert closest("晋江", COUNTIES)[0] == "晋江市"
    assert closest("台商投资区", COUNTIES)[0] == "泉州台商投资区"


def test_a_typo_finds_the_name() -> None:
    assert closest("安西县", COUNTIES)[0] == "安溪县"


def test_nothing_close_suggests_nothing() -> None:
    assert closest("北京市朝阳区", COUNTIES) == []
    assert did_you_mean("北京市朝阳区", COUNTIES) == ""


def test_at_most_three_best_first() -> None:
    names = closest("安县", COUNTIES)
    assert 1 <= len(names) <= 3
    assert did_you_mean("晋江", COUNTIES) == " (did you mean “晋江市”?)"
