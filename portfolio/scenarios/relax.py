"""The smallest changes that make a scenario work, in the planner's terms."""

from __future__ import annotations

from collections.abc import Callable

from optimizer import Result, SolveParams
from portfolio.scenarios.build import BuiltScenario
from portfolio.scenarios.outcome import Relaxation


def relaxations_for(
    built: BuiltScenario, result: Result, params: SolveParams, say: Callable[[str], None]
) -> tuple[Relaxation, ...]:
    """Relaxations of an infeasible scenario, or the no-delay caps of one with delays."""
    return ()
