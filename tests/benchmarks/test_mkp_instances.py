"""OR-Library files: exact profits, the best-known values of mkcbres."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks.mkp_instances import KnapsackInstance, parse_orlib, profit_scale, read_best

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


def test_profit_scale() -> None:
    assert profit_scale([Decimal("3"), Decimal("0.25")]) == 100
    assert profit_scale([Decimal("3")]) == 1
