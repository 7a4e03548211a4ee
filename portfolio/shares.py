"""One rule for a place's money, used by every figure the product shows or writes.

A project's spend in a year (or quarter, or month) is split among its places by
:func:`optimizer.apportion`: each place gets its weight's share rounded down, and the 万元 left
over go one each to the places with the largest remainders, ties to the name that sorts
first. It is the rule the optimizer counts county caps with, so a county's money on a page,
in a workbook and under a cap is the same number.

A place's money in a year is the sum of its projects' parts; its total is the sum of its
years, so every yearly table adds up to the totals beside it. A project whose money is known
but that has no schedule (its years are not given, or its yearly amounts do not fit them) has
its total split once by the same rule: that money is counted in the place's total as
*undated*.

>>> place_spend({2023: 5, 2024: 5}, {"集美区": 1, "思明区": 1})
{'思明区': {2023: 3, 2024: 3}, '集美区': {2023: 2, 2024: 2}}
>>> place_share(10, {"集美区": 1, "思明区": 1})
{'思明区': 5, '集美区': 5}
"""

from __future__ import annotations

from collections.abc import Mapping

from optimizer import apportion

__all__ = ["apportion", "place_share", "place_spend"]


def _weights(weights: Mapping[str, int]) -> dict[str, int]:
    """The places that take part: those with a positive weight, in name order."""
    return {place: weight for place, weight in sorted(weights.items()) if weight > 0}


def place_spend(spend: Mapping[int, int], weights: Mapping[str, int]) -> dict[str, dict[int, int]]:
    """A project's spend per place and period: each period's amount split by the rule.

    Places with no weight take no part; a project in one place keeps every amount there.
    """
    places = _weights(weights)
    by_place: dict[str, dict[int, int]] = {place: {} for place in places}
    if len(places) == 1:
        (only,) = places
        by_place[only] = dict(sorted(spend.items()))
        return by_place
    parts_of: dict[int, dict[str, int]] = {}  # periods often carry the same amount
    for period, amount in sorted(spend.items()):
        parts = parts_of.get(amount)
        if parts is None:
            parts = parts_of[amount] = apportion(amount, places)
        for place, part in parts.items():
            by_place[place][period] = part
    return by_place


def place_share(total: int, weights: Mapping[str, int]) -> dict[str, int]:
    """An undated project's total per place, by the same rule."""
    places = _weights(weights)
    return apportion(total, places) if places else {}
