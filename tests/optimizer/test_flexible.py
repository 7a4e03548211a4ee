"""Flexible share bounds: exact rounding, windows they can fill, and the data checks."""

from __future__ import annotations

import pytest

from optimizer import FlexibleShares, ProblemData, Project
from optimizer.options import project_options


def test_bounds_round_the_minimum_up_and_the_maximum_down() -> None:
    shares = FlexibleShares(1000, 6000)  # 10% .. 60%
    assert shares.bounds(100) == (10, 60)
    assert shares.bounds(101) == (11, 60)  # 10.1 up, 60.6 down
    assert shares.bounds(0) == (0, 0)
    assert FlexibleShares(3333, 3334).bounds(1) == (1, 0)  # nothing fits one 万元


@pytest.mark.parametrize(
    ("total", "periods", "fits"),
    [(100, 2, True), (100, 1, False), (100, 10, True), (100, 11, False), (0, 3, True)],
)
def test_a_window_fits_when_its_bounds_can_add_up(total: int, periods: int, fits: bool) -> None:
    assert FlexibleShares(1000, 6000).fits(total, periods) is fits


def test_describe_writes_percentages() -> None:
    assert FlexibleShares(1000, 6000).describe() == "10%-60%"
    assert FlexibleShares(1250, 10_000).describe() == "12.5%-100%"
    assert FlexibleShares(5, 10).describe() == "0.05%-0.1%"


@pytest.mark.parametrize(("low", "high"), [(-1, 100), (200, 100), (0, 10_001)])
def test_shares_outside_zero_to_one_hundred_percent_are_refused(low: int, high: int) -> None:
    with pytest.raises(ValueError, match="flexible shares"):
        FlexibleShares(low, high)


def test_a_project_whose_bounds_cannot_add_up_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot add up to its total 100"):
        Project("A", 100, 2021, 2021, flexible=FlexibleShares(0, 6000))
    with pytest.raises(ValueError, match="cannot add up"):
        Project("A", 100, 2021, 2025, flexible=FlexibleShares(2500, 10_000))
    with pytest.raises(ValueError, match="no explicit profile"):
        Project("A", 100, 2021, 2022, profile=(50, 50), flexible=FlexibleShares())


def test_stretches_the_bounds_cannot_fill_are_not_options() -> None:
    # 40%-60%: two periods fit (2 × 40 ≤ 100 ≤ 2 × 60), three do not (3 × 40 > 100).
    project = Project("A", 100, 2021, 2022, flexible=FlexibleShares(4000, 6000), max_stretch=2)
    data = ProblemData([project], (2021, 2025), as_of=2021)
    options = project_options(data, project)
    assert {option.stretch for option in options} == {0}
    assert all(option.flexible for option in options)
    assert [option.delay for option in options] == [0, 1, 2, 3]
