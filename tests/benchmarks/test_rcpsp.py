"""PSPLIB parsing and the RCPSP adapter: exact demands, contracted dummies, known optima."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.rcpsp import (
    RcpspInstance,
    instance_order,
    job_id,
    parse_sm,
    read_bks,
    solve_instance,
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
