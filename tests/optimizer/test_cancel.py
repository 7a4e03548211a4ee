"""Stopping a solve from another thread: the search ends soon and nothing is returned."""

from __future__ import annotations

import threading
import time

import pytest

from benchmarks.synthetic import generate
from optimizer import Objective, SolveCancelledError, SolveParams, solve


def test_setting_cancel_stops_a_long_solve_soon() -> None:
    # Capital budgeting on 400 projects is not proven within a minute: without the cancel
    # the solve would run its whole time limit.
    data = generate(400, seed=3)
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
