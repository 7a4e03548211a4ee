"""Exact integer apportionment: splitting an amount by weights without losing a 万元."""

from __future__ import annotations

from collections.abc import Sequence


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder, ties to the earlier).

    The parts are integers that add up to ``total`` exactly.

    >>> apportion(100, [1, 1, 1])
    [34, 33, 33]
    >>> apportion(0, [2, 1])
    [0, 0]
    """
    if total < 0:
        raise ValueError("cannot apportion a negative amount")
    if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
        raise ValueError("weights must be non-negative with a positive sum")
    weight_sum = sum(weights)
    parts = [total * w // weight_sum for w in weights]
    remainders = [total * w % weight_sum for w in weights]
    left = total - sum(parts)
    for index in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:left]:
        parts[index] += 1
    return parts
