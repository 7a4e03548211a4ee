"""The reference solvers of the knapsack benchmark reach the optimum of tiny instances."""

from __future__ import annotations

from decimal import Decimal

import pytest

from benchmarks.mkp_instances import KnapsackInstance
from benchmarks.reference_mkp import REFERENCES, IntegerKnapsack, solve_cpsat, solve_highs
from tests.benchmarks.knapsack_cases import brute_force, random_knapsack

SEEDS = range(12)


def _check(instance: KnapsackInstance, row: dict[str, object]) -> None:
    assert row["status"] == "optimal"
    assert Decimal(str(row["value"])) == brute_force(instance)
    assert Decimal(str(row["bound"])) >= Decimal(str(row["value"]))
    chosen = row["chosen"]
    assert isinstance(chosen, list)
    assert sum((instance.profits[j] for j in chosen), Decimal(0)) == Decimal(str(row["value"]))
    for weights, capacity in zip(instance.weights, instance.capacities, strict=True):
        assert sum(weights[j] for j in chosen) <= capacity


@pytest.mark.parametrize("seed", SEEDS)
def test_cpsat_reaches_the_brute_force_optimum(seed: int) -> None:
    instance = random_knapsack(seed)
    _check(instance, solve_cpsat(instance, time_limit=5, workers=1))


@pytest.mark.parametrize("seed", SEEDS)
def test_highs_reaches_the_brute_force_optimum(seed: int) -> None:
    instance = random_knapsack(seed)
    _check(instance, solve_highs(instance, time_limit=5, threads=1))


def test_profits_with_decimals_are_scaled_exactly() -> None:
    instance = KnapsackInstance("decimals", (Decimal("0.5"), Decimal("2.25")), ((1, 1),), (1,))
    assert IntegerKnapsack.of(instance).profits == (50, 225)
    row = solve_cpsat(instance, time_limit=5, workers=1)
    assert row["value"] == "2.25"


def test_nothing_fits() -> None:
    instance = KnapsackInstance("heavy", (Decimal(5), Decimal(7)), ((3, 4),), (2,))
    for solver in REFERENCES.values():
        row = solver(instance, 5, 1)
        assert row["status"] == "optimal" and row["value"] == "0" and row["chosen"] == []
