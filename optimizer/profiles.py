"""Spend profiles: how a project's money falls on periods and counties.

All rules are on integers and deterministic, so that the solver, the greedy baseline and the
validator agree to the 万元:

- an even spread gives each period ``total // n`` and the remainder 1 万元 each to the earliest
  periods;
- a period's spend is apportioned to counties by largest remainder on the integer weights, ties
  going to the county whose name sorts first.

A flexible project's amounts are chosen by the solver within share bounds
(``optimizer.flexible``); here it counts with its even spread, its planned amounts.
"""

from __future__ import annotations

from collections.abc import Mapping

from optimizer.problem import Project


def spread_evenly(total: int, periods: int) -> tuple[int, ...]:
    """Split ``total`` over ``periods`` periods, the remainder to the earliest ones.

    >>> spread_evenly(10, 3)
    (4, 3, 3)
    """
    if periods <= 0:
        raise ValueError(f"cannot spread over {periods} periods")
    if total < 0:
        raise ValueError(f"cannot spread a negative total {total}")
    base, remainder = divmod(total, periods)
    return tuple(base + 1 if index < remainder else base for index in range(periods))


def apportion(amount: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split ``amount`` among keys in proportion to integer ``weights`` (largest remainder).

    Each key first gets ``floor(amount * weight / sum)``; the 万元 left over go one each to the
    keys with the largest remainders, ties broken by key in sorted order. The parts sum to
    ``amount`` exactly.

    >>> apportion(10, {"B": 1, "A": 1, "C": 1})
    {'A': 4, 'B': 3, 'C': 3}
    """
    if not weights:
        return {}
    if amount < 0:
        raise ValueError(f"cannot apportion a negative amount {amount}")
    if any(weight <= 0 for weight in weights.values()):
        raise ValueError("weights must be positive")
    weight_sum = sum(weights.values())
    parts: dict[str, int] = {}
    remainders: list[tuple[int, str]] = []
    for key in sorted(weights):
        quotient, remainder = divmod(amount * weights[key], weight_sum)
        parts[key] = quotient
        remainders.append((-remainder, key))
    left = amount - sum(parts.values())
    for _, key in sorted(remainders)[:left]:
        parts[key] += 1
    return parts


def base_profile(project: Project) -> tuple[int, ...]:
    """The planned amounts of the project's planned window, period by period."""
    if project.profile is not None:
        return tuple(project.profile)
    return spread_evenly(project.total, project.duration)


def project_spend(project: Project, delay: int, stretch: int) -> dict[int, int]:
    """Spend per period when the project starts ``delay`` periods late and lasts ``stretch``
    periods longer.

    A delay shifts the planned profile; a stretch re-spreads the total evenly over the longer
    window (an explicit profile is then not kept, since its shape has no meaning over a
    different number of periods). Every period of the window appears, zero amounts included.
    """
    if delay < 0 or stretch < 0:
        raise ValueError("delay and stretch cannot be negative")
    start = project.planned_start + delay
    amounts = (
        base_profile(project)
        if stretch == 0
        else spread_evenly(project.total, project.duration + stretch)
    )
    return {start + index: amount for index, amount in enumerate(amounts)}


def region_spend(project: Project, spend: Mapping[int, int]) -> dict[str, dict[int, int]]:
    """Spend per county and period: each period's amount apportioned by the county weights."""
    by_region: dict[str, dict[int, int]] = {region: {} for region in project.regions}
    # Periods often carry the same amount: apportion each distinct amount once.
    parts_of: dict[int, dict[str, int]] = {}
    for period, amount in sorted(spend.items()):
        parts = parts_of.get(amount)
        if parts is None:
            parts = parts_of[amount] = apportion(amount, project.regions)
        for region, part in parts.items():
            by_region[region][period] = part
    return by_region
