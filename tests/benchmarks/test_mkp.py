"""The knapsack adapter and benchmark: known optima of mknap1, brute-force optima of tiny
instances, rows of every solver in one run."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks.mkp import (
    PRODUCT,
    gap_percent,
    run,
    solve_instance,
    summarize,
    summary_table,
    to_problem,
)
from benchmarks.mkp_instances import KnapsackInstance, parse_orlib
from optimizer import CapKind
from tests.benchmarks.knapsack_cases import brute_force, random_knapsack

ORLIB = Path(__file__).resolve().parents[3] / "shared" / "bench" / "orlib"


@pytest.fixture(scope="module")
def mknap1() -> list[KnapsackInstance]:
    return parse_orlib(ORLIB / "mknap1.txt")


def test_adapter_maps_items_to_projects(mknap1: list[KnapsackInstance]) -> None:
    data, scale = to_problem(mknap1[1])
    assert scale == 10  # profits like 600.1 become exact integers
    assert data.projects[0].priority == 6001
    assert data.projects[0].profile == tuple(row[0] for row in mknap1[1].weights)
    assert all(p.max_delay == 0 and not p.must_fund for p in data.projects)
    assert [(c.kind, c.period, c.amount) for c in data.caps][:2] == [
        (CapKind.TOTAL, 0, 450),
        (CapKind.TOTAL, 1, 540),
    ]


def test_gap() -> None:
    assert gap_percent(Decimal(99), Decimal(100)) == pytest.approx(1.0)
    assert gap_percent(Decimal(101), Decimal(100)) < 0


@pytest.mark.parametrize("index", [0, 1, 2, 3, 4])
def test_optimizer_reaches_the_inline_optimum(mknap1: list[KnapsackInstance], index: int) -> None:
    instance = mknap1[index]
    row = solve_instance(instance, time_limit=10, workers=2)
    assert row["status"] == "optimal"
    assert Decimal(row["value"]) == instance.optimum


@pytest.mark.parametrize("seed", range(12))
def test_optimizer_reaches_the_brute_force_optimum(seed: int) -> None:
    instance = random_knapsack(seed)
    row = solve_instance(instance, time_limit=5, workers=1)
    assert row["status"] == "optimal"
    assert Decimal(row["value"]) == brute_force(instance)


def test_a_run_gives_a_row_per_solver_and_instance_and_a_table() -> None:
    instances = [random_knapsack(seed) for seed in (1, 2)]
    best = {instances[0].name: int(brute_force(instances[0])) + 1}
    rows = list(run(instances, best, time_limit=5, workers=1, references=["cpsat"]))
    assert [(row["instance"], row["solver"]) for row in rows] == [
        (instances[0].name, PRODUCT),
        (instances[0].name, "cpsat"),
        (instances[1].name, PRODUCT),
        (instances[1].name, "cpsat"),
    ]
    assert all("chosen" not in row for row in rows)
    assert rows[0]["reference"] == str(best[instances[0].name])
    assert rows[0]["gap_percent"] > 0 and rows[2]["gap_percent"] is None
    summaries = {
        solver: summarize([row for row in rows if row["solver"] == solver])
        for solver in (PRODUCT, "cpsat")
    }
    table = summary_table("random", summaries).splitlines()
    assert len(table) == 4
    assert table[2].startswith(f"| random | {PRODUCT} |") and "| 0/1 | 2/2 |" in table[2]
