"""Stopping a solve from another thread: the search ends soon and nothing is returned."""

from __future__ import annotations

import random
import threading
import time

import pytest

from benchmarks.synthetic import generate
from optimizer import (
    Cap,
    CapKind,
    Objective,
    ProblemData,
    Project,
    SolveCancelledError,
    SolveParams,
    solve,
)


def hard_capital_budget(count: int = 250, seed: int = 7) -> ProblemData:
    """Correlated multi-period capital budgeting (as OR-Library's mknapcb2): projects that
    cannot move, priorities close to their cost, caps at half of the planned spend. CP-SAT
    does not prove such instances within minutes."""
    rng = random.Random(seed)
    projects, profiles = [], []
    for index in range(count):
        profile = [rng.randint(1, 1000) for _ in range(5)]
        profiles.append(profile)
        priority = sum(profile) // 5 + rng.randint(1, 500)
        projects.append(
            Project(
                id=f"p{index}",
                total=sum(profile),
                planned_start=2021,
                planned_end=2025,
                profile=profile,
                priority=priority,
                max_delay=0,
            )
        )
    caps = [
        Cap(CapKind.TOTAL, "", 2021 + k, sum(profile[k] for profile in profiles) // 2)
        for k in range(5)
    ]
    return ProblemData(projects=projects, horizon=(2021, 2025), as_of=2021, caps=caps)


def test_setting_cancel_stops_a_long_solve_soon() -> None:
    data = hard_capital_budget()
    cancel = threading.Event()
    objectives = [Objective.VALUE, Objective.DELAY]
    params = SolveParams(objectives=objectives, time_limit=60, cancel=cancel)
    timer = threading.Timer(1.0, cancel.set)
    began = time.perf_counter()
    timer.start()
    with pytest.raises(SolveCancelledError):
        solve(data, params)
    timer.cancel()
    assert time.perf_counter() - began < 20


def test_a_cancel_set_before_solving_stops_at_once() -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(SolveCancelledError):
        solve(generate(20, seed=1), SolveParams(cancel=cancel))


def test_an_unset_cancel_changes_nothing() -> None:
    data = generate(30, seed=2)
    plain = solve(data, SolveParams(objectives=[Objective.VALUE], time_limit=5))
    watched = solve(
        data, SolveParams(objectives=[Objective.VALUE], time_limit=5, cancel=threading.Event())
    )
    assert plain.objective_values() == watched.objective_values()
