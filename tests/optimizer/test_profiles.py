"""Spend profiles and apportionment: exact integers, deterministic remainders."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import Project, apportion, project_spend, region_spend, spread_evenly
from optimizer.profiles import base_profile


def test_even_spread_gives_remainder_to_earliest_periods() -> None:
    assert spread_evenly(10, 4) == (3, 3, 2, 2)
    assert spread_evenly(0, 3) == (0, 0, 0)
    assert spread_evenly(7, 1) == (7,)
    with pytest.raises(ValueError):
        spread_evenly(5, 0)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**7), st.integers(1, 12))
def test_even_spread_is_exact_and_flat(total: int, periods: int) -> None:
    amounts = spread_evenly(total, periods)
    assert sum(amounts) == total and len(amounts) == periods
    assert max(amounts) - min(amounts) <= 1
    assert list(amounts) == sorted(amounts, reverse=True)


def test_apportion_breaks_ties_by_name() -> None:
    assert apportion(10, {"C": 1, "B": 1, "A": 1}) == {"A": 4, "B": 3, "C": 3}
    assert apportion(11, {"C": 1, "B": 1, "A": 1}) == {"A": 4, "B": 4, "C": 3}
    # Largest remainder first: 7 * 2/3 = 4.67 beats 7 * 1/3 = 2.33.
    assert apportion(7, {"A": 1, "B": 2}) == {"A": 2, "B": 5}
    assert apportion(5, {}) == {}
    assert apportion(0, {"A": 5000, "B": 5000}) == {"A": 0, "B": 0}


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 10**6),
    st.dictionaries(
        st.text("ABCDE", min_size=1, max_size=2), st.integers(1, 10_000), min_size=1, max_size=5
    ),
)
def test_apportion_is_exact_and_within_one_of_the_quota(
    amount: int, weights: dict[str, int]
) -> None:
    parts = apportion(amount, weights)
    assert sum(parts.values()) == amount
    total_weight = sum(weights.values())
    for key, part in parts.items():
        floor = amount * weights[key] // total_weight
        assert floor <= part <= floor + 1


def test_delay_shifts_the_profile_and_stretch_respreads_it() -> None:
    p = Project("A", 100, 2021, 2022, profile=(70, 30))
    assert base_profile(p) == (70, 30)
    assert project_spend(p, 0, 0) == {2021: 70, 2022: 30}
    assert project_spend(p, 2, 0) == {2023: 70, 2024: 30}
    assert project_spend(p, 1, 1) == {2022: 34, 2023: 33, 2024: 33}
    even = Project("B", 10, 2021, 2023)
    assert project_spend(even, 0, 0) == {2021: 4, 2022: 3, 2023: 3}
    with pytest.raises(ValueError):
        project_spend(even, -1, 0)


def test_region_spend_apportions_each_period() -> None:
    p = Project("A", 11, 2021, 2022, regions={"南安市": 1, "晋江市": 1})
    by_region = region_spend(p, project_spend(p, 0, 0))
    # 6 and 5 per period; ties go to the name that sorts first.
    first, second = sorted(by_region)
    assert by_region[first] == {2021: 3, 2022: 3}
    assert by_region[second] == {2021: 3, 2022: 2}
    assert region_spend(Project("B", 5, 2021, 2021), {2021: 5}) == {}
