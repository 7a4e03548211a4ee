"""PSPLIB parsing and the RCPSP adapter: exact demands, contracted dummies, known optima."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

import pytest

from benchmarks.rcpsp import (
    KnownBounds,
    RcpspInstance,
    add_gaps,
    check_schedule,
    instance_order,
    instance_set,
    job_id,
    parse_sm,
    read_bks,
    read_bounds,
    schedule_makespan,
    select_files,
    solve_instance,
    solve_reference_checked,
    to_problem,
)
from optimizer import region_spend
from optimizer.profiles import base_profile

BENCH = Path(__file__).resolve().parents[3] / "shared" / "bench" / "psplib"
J30 = BENCH / "j30"


@pytest.fixture(scope="module")
def j301_1() -> RcpspInstance:
    return parse_sm(J30 / "j301_1.sm")


def test_parse_reads_jobs_precedences_and_capacities(j301_1: RcpspInstance) -> None:
    assert len(j301_1.durations) == 32
    assert j301_1.capacities == (12, 13, 4, 12)
    assert j301_1.successors[1] == (2, 3, 4)
    assert j301_1.successors[32] == ()
    assert j301_1.durations[2] == 8 and j301_1.demands[2] == (4, 0, 0, 0)
    assert j301_1.durations[1] == j301_1.durations[32] == 0


def test_each_resource_gets_exactly_the_jobs_demand(j301_1: RcpspInstance) -> None:
    data = to_problem(j301_1)
    assert len(data.projects) == 30  # the dummy source and sink are contracted
    assert data.horizon == (0, sum(j301_1.durations.values()) - 1)
    for project in data.projects:
        job = int(project.id.removeprefix("job"))
        spend = dict(enumerate(base_profile(project)))
        by_resource = region_spend(project, spend)
        for k, demand in enumerate(j301_1.demands[job]):
            expected = {period: demand for period in spend} if demand else None
            assert by_resource.get(f"R{k + 1}") == expected
        assert project.duration == j301_1.durations[job]
        assert project.max_delay is None


def test_links_follow_precedences_through_zero_duration_jobs() -> None:
    # 1 (dummy) -> 2 -> 3 (zero duration) -> 4, and 2 -> 4 directly as well.
    instance = RcpspInstance(
        "tiny",
        durations={1: 0, 2: 3, 3: 0, 4: 2, 5: 0},
        demands={1: (0,), 2: (1,), 3: (0,), 4: (2,), 5: (0,)},
        successors={1: (2,), 2: (3, 4), 3: (4,), 4: (5,), 5: ()},
        capacities=(2,),
    )
    data = to_problem(instance)
    assert [(link.predecessor, link.successor) for link in data.links] == [(job_id(2), job_id(4))]


def test_known_optima_file_and_natural_order() -> None:
    optima = read_bks(BENCH / "j30_bks.csv")
    assert len(optima) == 480 and optima["j301_1"] == 43
    names = sorted(["j3010_1.sm", "j309_10.sm", "j301_2.sm"], key=lambda n: instance_order(Path(n)))
    assert names == ["j301_2.sm", "j309_10.sm", "j3010_1.sm"]


@pytest.mark.parametrize("name", ["j301_1", "j301_5"])
def test_optimizer_reaches_the_known_optimum(name: str) -> None:
    optimum = read_bks(BENCH / "j30_bks.csv")[name]
    row = solve_instance(parse_sm(J30 / f"{name}.sm"), time_limit=20, workers=2)
    assert row["status"] == "optimal"
    assert row["makespan"] == optimum


J60 = BENCH / "j60"


def test_sets_keep_their_first_instances_in_natural_order() -> None:
    files = select_files(J60, ["j6041", "j609"], limit=2)
    assert [path.stem for path in files] == ["j6041_1", "j6041_2", "j609_1", "j609_2"]
    assert {instance_set(path) for path in select_files(J60, ["j6025"])} == {"j6025"}
    assert len(select_files(J60, ["j6025"])) == 10
    with pytest.raises(ValueError, match="j3013"):
        select_files(J60, ["j3013"])


def test_bounds_file_gives_both_bounds() -> None:
    bounds = read_bounds(BENCH / "j60_bks.csv")
    assert len(bounds) == 40
    assert bounds["j609_1"] == KnownBounds(84, 87)
    assert bounds["j6025_1"] == KnownBounds(114, 114)


def test_gaps_are_to_the_upper_and_the_lower_bound() -> None:
    row: dict[str, Any] = {"makespan": 90}
    add_gaps(row, KnownBounds(84, 87))
    assert row["gap_ub_percent"] == pytest.approx(100 * 3 / 87, abs=1e-3)
    assert row["gap_lb_percent"] == pytest.approx(100 * 6 / 84, abs=1e-3)
    assert row["optimum"] is None and not row["at_ub"]


def tiny_instance(seed: int) -> RcpspInstance:
    """Four real jobs between a dummy source and sink, two resources, random demands."""
    rng = random.Random(seed)
    jobs = range(2, 6)
    durations = {1: 0, **{job: rng.randint(1, 3) for job in jobs}, 6: 0}
    demands = {job: (rng.randint(0, 3), rng.randint(0, 3)) for job in jobs}
    successors: dict[int, tuple[int, ...]] = {1: tuple(jobs), 6: ()}
    for job in jobs:
        later = [other for other in jobs if other > job and rng.random() < 0.3]
        successors[job] = (*later, 6)
    return RcpspInstance(
        f"tiny{seed}", durations, {1: (0, 0), **demands, 6: (0, 0)}, successors, (3, 4)
    )


def brute_force_makespan(instance: RcpspInstance) -> int:
    """The least makespan over every start of every real job (checked by ``check_schedule``)."""
    jobs = [job for job, duration in instance.durations.items() if duration > 0]
    horizon = sum(instance.durations.values())
    best = horizon
    for starts in itertools.product(range(horizon), repeat=len(jobs)):
        schedule = dict(zip(jobs, starts, strict=True))
        makespan = schedule_makespan(instance, schedule)
        if makespan < best and not check_schedule(instance, schedule):
            best = makespan
    return best


def test_the_checker_finds_broken_precedences_and_overloads() -> None:
    instance = RcpspInstance(
        "pair",
        durations={1: 2, 2: 2, 3: 1},
        demands={1: (2,), 2: (2,), 3: (1,)},
        successors={1: (3,), 2: (), 3: ()},
        capacities=(3,),
    )
    assert check_schedule(instance, {1: 0, 2: 2, 3: 2}) == []
    assert check_schedule(instance, {1: 0, 2: 1, 3: 3}) == ["resource R1 uses 4 > 3 at 1"]
    assert check_schedule(instance, {1: 0, 2: 2, 3: 1}) == ["job 3 starts before job 1 finishes"]
    assert check_schedule(instance, {1: 0, 2: 2}) == ["job 3 has no start"]


@pytest.mark.parametrize("seed", range(6))
def test_product_and_reference_reach_the_brute_force_optimum(seed: int) -> None:
    instance = tiny_instance(seed)
    best = brute_force_makespan(instance)
    row = solve_instance(instance, time_limit=5, workers=2)
    reference = solve_reference_checked(instance, time_limit=5, workers=2)
    assert (row["makespan"], row["status"]) == (best, "optimal")
    assert (reference["makespan"], reference["status"]) == (best, "optimal")
