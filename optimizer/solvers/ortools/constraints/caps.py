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
    # The (scope, period) pairs some cap adds up: only their terms are collected (a monthly
    # scenario has hundreds of periods on every scope, most of them capped nowhere).
    wanted = {((cap.kind, cap.key), period) for cap in enforced for period in cap.periods}
    # Index the options' spend by scope and period once, rather than once per cap.
    terms: dict[tuple[Scope, int], list[Any]] = {}
    for choices in variables.choices.values():
        for option, var in choices:
            if option.flexible:
                continue  # its spend is a decision: see constraints/flexible.py
            for scope, amounts in option.scopes.items():
                for period, amount in amounts.items():
                    if amount > 0 and (scope, period) in wanted:
                        terms.setdefault((scope, period), []).append(amount * var)
    for scopes in variables.flexible_scopes.values():
        for scope, amounts in scopes.items():
            for period, expression in amounts.items():
                if (scope, period) in wanted:
                    terms.setdefault((scope, period), []).append(expression)
    for cap in enforced:
        scope = (cap.kind, cap.key)
        cap_terms = [term for period in cap.periods for term in terms.get((scope, period), [])]
        if not cap_terms:
            continue
        switches.guard(model.add(sum(cap_terms) <= cap.amount), ConstraintRef.of_cap(cap))
