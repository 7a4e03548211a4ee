"""OR-Library parsing and the knapsack adapter: exact profits, known optima of mknap1."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks.mkp import (
    KnapsackInstance,
    gap_percent,
    parse_orlib,
    profit_scale,
    read_best,
    solve_instance,
    to_problem,
)
from optimizer import CapKind

ORLIB = Path(__file__).resolve().parents[3] / "shared" / "bench" / "orlib"


@pytest.fixture(scope="module")
def mknap1() -> list[KnapsackInstance]:
    return parse_orlib(ORLIB / "mknap1.txt")


def test_parse_mknap1(mknap1: list[KnapsackInstance]) -> None:
    assert len(mknap1) == 7
    first = mknap1[0]
    assert first.name == "mknap1-00"
    assert first.profits == tuple(Decimal(p) for p in (100, 600, 1200, 2400, 500, 2000))
    assert len(first.weights) == 10 and first.weights[0] == (8, 12, 13, 64, 22, 41)
    assert first.capacities == (80, 96, 20, 36, 44, 48, 10, 18, 22, 24)
    assert first.optimum == 3800
    assert mknap1[1].optimum == Decimal("8706.1")


def test_parse_mknapcb1_and_best_known_values() -> None:
    instances = parse_orlib(ORLIB / "mknapcb1.txt")
    assert len(instances) == 30
    assert all(len(i.profits) == 100 and len(i.capacities) == 5 for i in instances)
    assert instances[0].name == "5.100-00" and instances[0].optimum is None
    best = read_best(ORLIB / "mkcbres_orlib_full.txt")
    assert len(best) == 270
    assert best["5.100-00"] == 24381
    assert best["5.100-29"] == 59965  # from the first table, not the LP relaxation's


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


def test_scale_and_gap() -> None:
    assert profit_scale([Decimal("3"), Decimal("0.25")]) == 100
    assert profit_scale([Decimal("3")]) == 1
    assert gap_percent(Decimal(99), Decimal(100)) == pytest.approx(1.0)
    assert gap_percent(Decimal(101), Decimal(100)) < 0


@pytest.mark.parametrize("index", [0, 1, 2, 3, 4])
def test_optimizer_reaches_the_inline_optimum(mknap1: list[KnapsackInstance], index: int) -> None:
    instance = mknap1[index]
    row = solve_instance(instance, time_limit=10, workers=2)
    assert row["status"] == "optimal"
    assert Decimal(row["value"]) == instance.optimum
