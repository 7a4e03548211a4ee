"""Tiny random multidimensional knapsacks and their optima by brute force."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

from benchmarks.mkp_instances import KnapsackInstance


def random_knapsack(seed: int) -> KnapsackInstance:
    """2-8 items, 1-3 constraints, capacities about half the weights; a few profits with
    one decimal (scaled to integers by the solvers), some items heavier than a capacity."""
    rng = random.Random(seed)
    items, dimensions = rng.randint(2, 8), rng.randint(1, 3)
    profits = tuple(
        Decimal(rng.randint(1, 60)) / (10 if rng.random() < 0.2 else 1) for _ in range(items)
    )
    weights = tuple(tuple(rng.randint(0, 30) for _ in range(items)) for _ in range(dimensions))
    capacities = tuple(max(sum(row) // 2, 1) for row in weights)
    return KnapsackInstance(f"random-{seed:02d}", profits, weights, capacities)


def brute_force(instance: KnapsackInstance) -> Decimal:
    """The best total profit of the items that fit, over every subset."""
    items = range(len(instance.profits))
    best = Decimal(0)
    for take in itertools.product((0, 1), repeat=len(instance.profits)):
        fits = all(
            sum(row[j] * take[j] for j in items) <= capacity
            for row, capacity in zip(instance.weights, instance.capacities, strict=True)
        )
        if fits:
            best = max(best, sum((instance.profits[j] * take[j] for j in items), Decimal(0)))
    return best
