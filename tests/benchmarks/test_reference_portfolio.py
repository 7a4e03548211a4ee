"""The province-scale benchmark's reference MIP reaches the brute-force optimum of tiny
portfolios, and its schedules keep the portfolio's rules."""

from __future__ import annotations

import itertools
import random

import pytest

from benchmarks.reference_portfolio import value_mip
from benchmarks.synthetic import reference
from optimizer import (
    Cap,
    CapKind,
    ConcurrencyKind,
    ConcurrencyLimit,
    Link,
    Objective,
    ProblemData,
    Project,
    all_options,
    check_schedules,
    objective_values,
    schedules_from_choice,
)

SEEDS = range(8)


def _portfolio(seed: int) -> ProblemData:
    rng = random.Random(seed)
    counties = ["鲤城区", "丰泽区"]
    projects = []
    for index in range(5):
        start = rng.randint(2026, 2028)
        projects.append(
            Project(
                id=f"P{index}",
                total=rng.randint(10, 60),
                planned_start=start,
                planned_end=min(2029, start + rng.randint(0, 1)),
                regions={rng.choice(counties): 1},
                priority=rng.randint(1, 5),
                max_delay=rng.randint(0, 2),
                must_fund=index == 0,
            )
        )
    caps = [Cap(CapKind.TOTAL, "", year, rng.randint(30, 90)) for year in range(2026, 2030)]
    caps.append(Cap(CapKind.REGION, "鲤城区", 2026, rng.randint(10, 60), 2027))
    return ProblemData(
        projects=projects,
        horizon=(2026, 2029),
        caps=caps,
        links=[Link("P1", "P3", lag=rng.randint(0, 1))],
    )


def _brute_force(data: ProblemData) -> int | None:
    """The best value over every choice of options (or none) per project, or ``None``."""
    options = all_options(data)
    best = None
    for choice in itertools.product(*[(None, *options[p.id]) for p in data.projects]):
        chosen = {p.id: option for p, option in zip(data.projects, choice, strict=True)}
        schedules = schedules_from_choice(data, chosen)
        if check_schedules(data, schedules, [Objective.VALUE]):
            continue
        value = objective_values(data, schedules)[Objective.VALUE]
        best = value if best is None else max(best, value)
    return best


@pytest.mark.parametrize("seed", SEEDS)
def test_the_mip_reaches_the_brute_force_optimum(seed: int) -> None:
    data = _portfolio(seed)
    best = _brute_force(data)
    row = value_mip(data, time_limit=10, threads=1)
    assert row["status"] == "optimal"
    assert row["value"] == best and row["bound"] >= best
    assert check_schedules(data, row["schedules"], [Objective.VALUE]) == []
    assert objective_values(data, row["schedules"])[Objective.VALUE] == best


def test_the_caps_bind_in_most_cases() -> None:
    """The cases test the caps: most cannot fund everything."""
    short = 0
    for seed in SEEDS:
        data = _portfolio(seed)
        short += (_brute_force(data) or 0) < sum(p.priority for p in data.projects)
    assert short >= len(SEEDS) // 2


def test_a_must_fund_project_that_cannot_fit_is_infeasible() -> None:
    data = _portfolio(3)
    tight = ProblemData(
        projects=data.projects,
        horizon=data.horizon,
        caps=[Cap(CapKind.TOTAL, "", year, 1) for year in range(2026, 2030)],
    )
    row = value_mip(tight, time_limit=10, threads=1)
    assert row["status"] == "infeasible" and row["value"] is None and row["schedules"] == {}


def test_the_benchmark_checks_the_mips_schedule() -> None:
    data = _portfolio(1)
    row = reference(data, time_limit=10, workers=1)
    assert row["checked"] and "schedules" not in row


def test_what_the_mip_does_not_model_is_refused() -> None:
    data = _portfolio(2)
    limited = ProblemData(
        projects=data.projects,
        horizon=data.horizon,
        caps=data.caps,
        concurrency=[ConcurrencyLimit(ConcurrencyKind.REGION, "鲤城区", 1)],
    )
    with pytest.raises(ValueError, match="concurrency"):
        value_mip(limited, time_limit=1, threads=1)
