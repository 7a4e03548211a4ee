"""Budget caps: spend per period within a total, county, city or table scope."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ortools.sat.python import cp_model

from optimizer.options import Scope
from optimizer.problem import ProblemData
from optimizer.result import ConstraintRef
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
    scope over the cap's periods ≤ cap.

    Caps wholly in history are not constrained (that money is spent); a cap reaching past
    ``as_of`` counts the history spent in its window too (history projects' one option is
    chosen). Caps no option can touch are left out, so they never show up in an explanation.
    Scopes in ``skip`` are held exactly by another constraint (a cumulative, see
    ``cumulative.py``) and get no linear one-period caps.
    """
    enforced = [
        cap
        for cap in data.caps
        if data.is_enforced(cap) and (cap.spanning or (cap.kind, cap.key) not in skip)
    ]
    # The caps adding up each (scope, period): only their terms are collected (a monthly
    # scenario has hundreds of periods on every scope, most of them capped nowhere).
    caps_of: dict[Scope, dict[int, list[int]]] = {}
    for index, cap in enumerate(enforced):
        by_period = caps_of.setdefault((cap.kind, cap.key), {})
        for period in cap.periods:
            by_period.setdefault(period, []).append(index)
    # Each option Boolean's coefficient in each cap (its spend in the cap's scope over the
    # cap's periods), gathered in one pass over the options and handed to CP-SAT as one
    # weighted sum per cap: one small expression per option and period was most of a
    # monthly model's build.
    coefficients: list[dict[int, int]] = [{} for _ in enforced]  # by the Boolean's index
    flexible: list[list[Any]] = [[] for _ in enforced]
    booleans: dict[int, Any] = {}
    for choices in variables.choices.values():
        for option, var in choices:
            if option.flexible:
                continue  # its spend is a decision: see constraints/flexible.py
            key = var.index  # (a property of OR-Tools' wrapper: read once per option)
            booleans[key] = var
            per_cap: dict[int, int] = {}
            for scope, amounts in option.scopes.items():
                # Most scopes of a project (its city, table, plan…) are capped nowhere.
                capped = caps_of.get(scope)
                if capped is None:
                    continue
                for period, amount in amounts.items():
                    if amount > 0:
                        for index in capped.get(period, ()):
                            per_cap[index] = per_cap.get(index, 0) + amount
            for index, amount in per_cap.items():
                coefficients[index][key] = amount
    for scopes in variables.flexible_scopes.values():
        for scope, amounts in scopes.items():
            by_period = caps_of.get(scope, {})
            for period, expression in amounts.items():
                for index in by_period.get(period, ()):
                    flexible[index].append(expression)
    for index, cap in enumerate(enforced):
        by_var = coefficients[index]
        if not by_var and not flexible[index]:
            continue
        spend = cp_model.LinearExpr.weighted_sum(
            [booleans[key] for key in by_var], list(by_var.values())
        )
        if flexible[index]:
            spend += sum(flexible[index])
        switches.guard(model.add(spend <= cap.amount), ConstraintRef.of_cap(cap))
