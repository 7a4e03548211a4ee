"""Budget caps: spend per period within a total, county, city or table scope."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ortools.sat.python import cp_model

from optimizer.options import Scope
from optimizer.problem import ProblemData
from optimizer.result import ConstraintFamily, ConstraintRef
from optimizer.solvers.ortools.switches import Switches
from optimizer.solvers.ortools.variables import Variables


def add_caps(
    model: cp_model.CpModel,
    data: ProblemData,
    variables: Variables,
    switches: Switches,
    skip: Collection[Scope] = (),
) -> None:
    """Σ over options of their fixed spend (and flexible projects' chosen spend) in the cap's
    scope and period ≤ cap.

    History periods are not constrained (that money is spent); caps no option can touch are
    left out, so they never show up in an explanation. Scopes in ``skip`` are held exactly by
    another constraint (a cumulative, see ``cumulative.py``) and get no linear caps.
    """
    # Index the options' spend by scope and period once, rather than once per cap.
    terms: dict[tuple[Scope, int], list[Any]] = {}
    for choices in variables.choices.values():
        for option, var in choices:
            if option.flexible:
                continue  # its spend is a decision: see constraints/flexible.py
            for scope, amounts in option.scopes.items():
                if scope in skip:
                    continue
                for period, amount in amounts.items():
                    if amount > 0:
                        terms.setdefault((scope, period), []).append(amount * var)
    for scopes in variables.flexible_scopes.values():
        for scope, amounts in scopes.items():
            if scope not in skip:
                for period, expression in amounts.items():
                    terms.setdefault((scope, period), []).append(expression)
    first_planning = data.first_planning_period
    for cap in data.caps:
        cap_terms = terms.get(((cap.kind, cap.key), cap.period))
        if cap.period < first_planning or not cap_terms:
            continue
        ref = ConstraintRef(ConstraintFamily.CAP, cap.key, cap.period, cap.kind.value)
        switches.guard(model.add(sum(cap_terms) <= cap.amount), ref)
