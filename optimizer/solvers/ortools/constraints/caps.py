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
    # A spanning cap is never held by a cumulative: its scope's terms are needed whatever.
    unneeded = set(skip) - {(cap.kind, cap.key) for cap in data.caps if cap.spanning}
    # Index the options' spend by scope and period once, rather than once per cap.
    terms: dict[tuple[Scope, int], list[Any]] = {}
    for choices in variables.choices.values():
        for option, var in choices:
            if option.flexible:
                continue  # its spend is a decision: see constraints/flexible.py
            for scope, amounts in option.scopes.items():
                if scope in unneeded:
                    continue
                for period, amount in amounts.items():
                    if amount > 0:
                        terms.setdefault((scope, period), []).append(amount * var)
    for scopes in variables.flexible_scopes.values():
        for scope, amounts in scopes.items():
            if scope not in unneeded:
                for period, expression in amounts.items():
                    terms.setdefault((scope, period), []).append(expression)
    for cap in data.caps:
        scope = (cap.kind, cap.key)
        if not data.is_enforced(cap) or (scope in skip and not cap.spanning):
            continue
        cap_terms = [term for period in cap.periods for term in terms.get((scope, period), [])]
        if not cap_terms:
            continue
        switches.guard(model.add(sum(cap_terms) <= cap.amount), ConstraintRef.of_cap(cap))
