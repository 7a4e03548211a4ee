"""Result value objects."""

from __future__ import annotations

from optimizer import (
    CapKind,
    CapUsage,
    ConstraintFamily,
    ConstraintRef,
    LevelResult,
    MarginalValue,
    Objective,
    SolveStatus,
)


def test_cap_usage_slack_and_binding() -> None:
    usage = CapUsage(CapKind.REGION, "R", 2023, cap=100, used=95, step=10, enforced=True)
    assert usage.slack == 5 and usage.binding and usage.label == "region R 2023"
    roomy = CapUsage(CapKind.TOTAL, "", 2023, cap=100, used=90, step=10, enforced=True)
    assert not roomy.binding and roomy.label == "total 2023"


def test_level_gap_and_status_flags() -> None:
    assert LevelResult(Objective.DELAY, SolveStatus.FEASIBLE, 7, 4, 0.1).gap == 3
    assert LevelResult(Objective.DELAY, SolveStatus.TIMED_OUT, 7, None, 0.0).gap is None
    assert SolveStatus.OPTIMAL.has_solution and not SolveStatus.TIMED_OUT.has_solution


def test_constraint_descriptions() -> None:
    texts = [
        ConstraintRef(ConstraintFamily.CAP, "丰泽区", 2023, "region").describe(),
        ConstraintRef(ConstraintFamily.CAP, "", 2023, "total").describe(),
        ConstraintRef(ConstraintFamily.CONCURRENCY, "u", 2022, "unit").describe(),
        ConstraintRef(ConstraintFamily.LINK, "A→B").describe(),
        ConstraintRef(ConstraintFamily.HISTORY, "A").describe(),
    ]
    assert texts[0] == "budget cap on region 丰泽区 in 2023"
    assert texts[1] == "budget cap on total in 2023"
    assert "unit u in 2022" in texts[2] and texts[3].startswith("link A→B")
    assert "has started" in texts[4]


def test_marginal_change() -> None:
    usage = CapUsage(CapKind.TOTAL, "", 2023, 100, 100, 10, True)
    value = MarginalValue(usage, 10, SolveStatus.OPTIMAL, (3, None), (1, 5), "")
    assert value.change == (-2, None)
    assert MarginalValue(usage, 10, SolveStatus.TIMED_OUT, (3,), None, "").change is None
