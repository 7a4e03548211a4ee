"""A first schedule for the ``value`` level from its core: the projects the LP hesitates on.

The core idea for knapsack problems (Balas and Zemel; Puchinger, Raidl and Pferschy for the
multidimensional knapsack): in the linear relaxation's optimum most items are taken whole or
not at all, and an optimal selection differs from it in few items, those whose decision the
LP holds most weakly. Fixing the rest leaves a small problem that CP-SAT solves far sooner
than the whole; its schedule, a schedule of the whole, then warm-starts the search of the
whole, which alone gives the bound.

How weakly the LP holds a project's decision is what reversing it would cost the LP's
objective, to first order: the reduced costs of the columns that move together, ``funded``
and one option (their linking row's price cancels out), with the caps, links and other rows
priced by their duals. Funding a project the LP leaves out costs ``d(funded) + d(option)``
for its cheapest option; leaving out one it funds whole costs ``−(d(funded) + Σ x(option) ×
d(option))`` over the options it takes; a project it funds in part costs nothing and is never
fixed. Measured by priority per 万元 instead, a project that fits the tightest caps badly
looks as good as one that fits them well. (The costs are floats from GLOP; they only choose
what to fix, nothing of them reaches a schedule or a bound.)

The ``CORE_FREE`` share of the projects that cost least to reverse stay free; every other
project's ``funded`` is fixed to the LP's decision. Schedules (start, stretch, flexible
amounts) stay free throughout. On the province-scale benchmark's cities the value levels
started from the core end closer to their bounds than the whole searched alone, in the same
time (BENCHMARKS.md gives the benchmark's current gap).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from optimizer.solvers.ortools.relaxation import Relaxation
from optimizer.solvers.ortools.variables import Variables

CORE_FREE = Fraction(1, 5)
"""Share of the projects left free in the core: those the LP's decision is weakest on."""

CORE_SHARE = Fraction(1, 3)
"""Share of the ``value`` level's time the core's search may take (it stops sooner when it
proves its optimum; the whole's search gets the rest)."""

_EPSILON = 1e-6


def reversal_costs(variables: Variables, relaxation: Relaxation) -> dict[str, tuple[float, int]]:
    """Per project, what reversing the LP's decision on it costs the LP (first order), and
    the decision (1 funded whole, 0 left out, -1 funded in part, at no cost)."""
    values, costs = relaxation.values, relaxation.reduced_costs
    reversals: dict[str, tuple[float, int]] = {}
    for project_id, funded in variables.funded.items():
        value = values[funded.index]
        options = [var.index for _option, var in variables.choices.get(project_id, [])]
        if value <= _EPSILON:
            cheapest = min((costs[index] for index in options), default=0.0)
            reversals[project_id] = (costs[funded.index] + cheapest, 0)
        elif value >= 1 - _EPSILON:
            taken = sum(values[index] * costs[index] for index in options)
            reversals[project_id] = (-(costs[funded.index] + taken), 1)
        else:
            reversals[project_id] = (0.0, -1)
    return reversals


def core_fixings(variables: Variables, relaxation: Relaxation) -> list[tuple[Any, int]]:
    """``(funded literal, value)`` pairs to fix: the LP's decision on every project but the
    ``CORE_FREE`` share that costs least to reverse (and those it funds in part)."""
    reversals = reversal_costs(variables, relaxation)
    ranked = sorted(reversals, key=lambda project_id: (reversals[project_id][0], project_id))
    free = math.ceil(len(ranked) * CORE_FREE)
    return [
        (variables.funded[project_id], reversals[project_id][1])
        for project_id in ranked[free:]
        if reversals[project_id][1] >= 0
    ]
