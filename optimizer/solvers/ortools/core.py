"""A first schedule for the ``value`` level from its core: the projects the LP hesitates on.

The core idea for knapsack problems (Balas and Zemel; Puchinger, Raidl and Pferschy for the
multidimensional knapsack): in the linear relaxation's optimum most items are taken whole or
not at all, and an optimal selection differs from it in few items, mostly among the
fractional ones and the least efficient of those taken. Fixing the rest leaves a small
problem that CP-SAT solves far sooner than the whole; its schedule, a schedule of the whole,
then warm-starts the search of the whole, which alone gives the bound.

Here: ``funded`` is fixed to 0 for each project the LP leaves out entirely, and to 1 for the
most efficient ``CORE_FUNDED`` of those it funds entirely (efficiency: priority per 万元 of
total, compared exactly); the schedules (start, stretch, flexible amounts) stay free.

On the province-scale benchmark's cities the value levels started from the core end closer
to their bounds than the whole searched alone, in the same time (BENCHMARKS.md gives the
benchmark's current gap).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from optimizer.problem import ProblemData
from optimizer.solvers.ortools.variables import Variables

CORE_FUNDED = Fraction(4, 5)
"""Share of the projects the LP funds entirely that the core keeps funded (the most
efficient first); the others, and the fractional ones, are free."""

CORE_SHARE = Fraction(1, 3)
"""Share of the ``value`` level's time the core's search may take (it stops sooner when it
proves its optimum; the whole's search gets the rest)."""

_EPSILON = 1e-6


def core_fixings(
    data: ProblemData, variables: Variables, values: Sequence[float]
) -> list[tuple[Any, int]]:
    """``(funded literal, value)`` pairs to fix, from the LP values of ``variables``."""
    whole: list[str] = []
    fixings: list[tuple[Any, int]] = []
    for project_id, funded in variables.funded.items():
        value = values[funded.index]
        if value >= 1 - _EPSILON:
            whole.append(project_id)
        elif value <= _EPSILON:
            fixings.append((funded, 0))

    def efficiency(project_id: str) -> Fraction:
        project = data.project(project_id)
        return Fraction(project.priority, max(project.total, 1))

    whole.sort(key=lambda project_id: (-efficiency(project_id), project_id))
    keep = whole[: int(len(whole) * CORE_FUNDED)]
    fixings.extend((variables.funded[project_id], 1) for project_id in keep)
    return fixings
