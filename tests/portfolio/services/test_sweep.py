"""Budget sweeps on real local worker processes: each point equals a single run of its
scenario, the frontier moves the way a looser cap must move it, and a sweep cancelled
half-way keeps the points that were done."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from portfolio.scenarios.outcome import RunStatus
from portfolio.scenarios.sweep import parse_knob, point_text, sweep_values
from portfolio.services.executors import LocalExecutor
from portfolio.services.runs import JobState, Runs
from portfolio.services.sweeps import Sweeps
from portfolio.services.workspace import Workspace

# 2023's total capped: the tighter, the more projects slip (delay is the first objective).
CAPPED = 'name = "2023总额"\nas_of = 2021\ntime_limit = 10\n[caps.total]\n2023 = "60亿"\n'
KNOB = [parse_knob("total:2023")]


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


@pytest.fixture
def sweeps(workspace: Workspace) -> Iterator[Sweeps]:
    runs = Runs(workspace, LocalExecutor(workspace.url, workers=2))
    yield Sweeps(runs)
    runs.shutdown()


def test_each_point_equals_a_single_run_of_its_scenario(
    workspace: Workspace, sweeps: Sweeps
) -> None:
    values = sweep_values("40亿", "100亿", "20亿")
    sweep_id = sweeps.submit(CAPPED, KNOB, values)
    points = sweeps.wait(sweep_id, timeout=300)
    assert [p.cap_wan for p in points] == [400000, 600000, 800000, 1000000]
    assert {p.job.worker for p in points} and all(p.job.state is JobState.DONE for p in points)
    for point in points:
        assert point.result is not None and point.result.status is RunStatus.OPTIMAL
        name, text = point_text(CAPPED, KNOB, point.value)
        assert point.job.scenario == name
        single = workspace.run_scenario(text, store=False)
        assert [(o.name, o.value) for o in point.result.objectives] == [
            (o.name, o.value) for o in single.objectives
        ]
        # The cap of the point is the one its run solved under.
        assert any(c.limit_wan == point.cap_wan for c in point.result.caps)
    # The first objective (weighted delay) cannot get worse when the cap is raised, and
    # it does get better over this range: the sweep is not the same run four times.
    delays = [p.objective("delay") for p in points]
    assert all(a is not None and b is not None and a >= b for a, b in itertools.pairwise(delays))
    assert delays[0] != delays[-1]
    # A point whose delay differs from the one before lists the projects that moved.
    for before, after in itertools.pairwise(points):
        if before.objective("delay") != after.objective("delay"):
            assert after.changes
    assert [s.id for s in sweeps.list()] == [sweep_id]
    assert sweeps.list()[0].finished == 4 and sweeps.list()[0].scenario == "2023总额"


def test_funded_value_rises_with_the_cap_when_it_comes_first(sweeps: Sweeps) -> None:
    text = (
        'name = "价值优先"\nas_of = 2021\ntime_limit = 10\nobjectives = ["value", "delay"]\n'
        '[limits]\nmax_delay = 0\n[caps.total]\n2023 = "60亿"\n'
    )
    points = sweeps.wait(
        sweeps.submit(text, KNOB, sweep_values("20亿", "80亿", "30亿")), timeout=300
    )
    values = [p.objective("value") for p in points]
    assert all(v is not None for v in values)
    assert values == sorted(values) and values[0] != values[-1]  # type: ignore[type-var]


def test_a_sweep_cancelled_half_way_keeps_the_points_done(workspace: Workspace) -> None:
    # One worker takes the points in order, a couple of seconds each: once the first is
    # done, the last ones are still queued when the sweep is cancelled.
    runs = Runs(workspace, LocalExecutor(workspace.url, workers=1))
    sweeps = Sweeps(runs)
    try:
        sweep_id = sweeps.submit(CAPPED, KNOB, sweep_values("40亿", "100亿", "20亿"))
        first = sweeps.points(sweep_id)[0].job.id
        assert runs.wait(first, timeout=120).state is JobState.DONE
        assert sweeps.cancel(sweep_id) >= 2
        points = sweeps.wait(sweep_id, timeout=120)
        states = [p.job.state for p in points]
        assert states[0] is JobState.DONE and states[-1] is JobState.CANCELLED
        for point in points:
            assert point.job.state in (JobState.DONE, JobState.CANCELLED)
            assert (point.result is not None) == (point.job.state is JobState.DONE)
        assert points[0].result is not None and points[0].result.status is RunStatus.OPTIMAL
        summary = sweeps.list()[0]
        assert (summary.id, summary.points, summary.finished) == (sweep_id, 4, 4)
    finally:
        runs.shutdown()
