"""Marginal value of binding caps."""

from __future__ import annotations

import pytest

from optimizer import Cap, CapKind, ProblemData, Project, marginal_values, solve
from optimizer.marginal import caps_worth_raising, raise_cap


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
