"""Marginal value of binding caps."""

from __future__ import annotations

import dataclasses

import pytest

import optimizer.marginal as marginal_module
from optimizer import Cap, CapKind, ProblemData, Project, marginal_values, solve
from optimizer.marginal import caps_worth_raising, raise_cap
from optimizer.usage import choice_from_schedules


def test_raising_the_binding_cap_removes_the_delay() -> None:
    data = ProblemData(
        [Project("A", 60, 2021, 2021, priority=2), Project("B", 50, 2021, 2021)],
        (2021, 2022),
        caps=[Cap(CapKind.TOTAL, "", p, 100) for p in (2021, 2022)],
    )
    result = solve(data)
    ranked = caps_worth_raising(result)
    assert (ranked[0].period, ranked[0].used) == (2021, 60)
    (value,) = marginal_values(data, result, step=10, top=1)
    assert value.before == (1, -40) and value.after == (0, 0)
    assert value.change == (-1, 40)
    assert value.message == "Raising total 2021 by 10: delay 1 → 0, level -40 → 0."
    assert raise_cap(data, ranked[0], 10).caps[0].amount == 110
    with pytest.raises(ValueError):
        marginal_values(data, result, step=0)


def test_a_re_solve_that_stops_above_the_current_values_reports_no_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The current schedule fits a raised cap, so a worse re-solve only stopped early.
    data = ProblemData(
        [Project("A", 60, 2021, 2021, priority=2), Project("B", 50, 2021, 2021)],
        (2021, 2022),
        caps=[Cap(CapKind.TOTAL, "", p, 100) for p in (2021, 2022)],
    )
    result = solve(data)
    worse = dataclasses.replace(
        result,
        levels=tuple(
            dataclasses.replace(level, value=(level.value or 0) + 5) for level in result.levels
        ),
    )
    seen: list[object] = []

    def fake_solve(*args: object) -> object:
        seen.append(args[2])  # the current schedule as the start
        return worse

    monkeypatch.setattr(marginal_module, "solve", fake_solve)
    (value,) = marginal_values(data, result, step=10, top=1)
    assert value.after is None and value.change is None
    assert (
        value.message
        == "Raising total 2021 by 10: no schedule as good as the current one found in time."
    )
    assert seen and seen[0] == choice_from_schedules(data, result.schedules)


def test_the_spanning_cap_is_raised_not_the_period_cap_beside_it() -> None:
    data = ProblemData(
        [Project("A", 40, 0, 3, priority=2), Project("B", 40, 0, 3)],
        (0, 7),
        caps=[Cap(CapKind.TOTAL, "", 0, 99), Cap(CapKind.TOTAL, "", 0, 60, last_period=3)],
    )
    result = solve(data)
    ranked = caps_worth_raising(result)
    assert (ranked[0].period, ranked[0].last_period) == (0, 3)
    raised = raise_cap(data, ranked[0], 20)
    assert [cap.amount for cap in raised.caps] == [99, 80]
    (value,) = marginal_values(data, result, step=20, top=1)
    assert value.before[0] == 2 and value.after is not None and value.after[0] == 0  # B on time
    assert value.message.startswith("Raising total 0..3 by 20:")
