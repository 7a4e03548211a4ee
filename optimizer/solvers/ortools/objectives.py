"""Objective expressions, and their values in a solver's solution.

Value, delay and completion are pinned to their exact values (a max equality for
completion). The level is a variable bounded below by every period's excess, not pinned:
CP-SAT's presolve of a max equality over sums with 万元 coefficients in the tens of millions
can outlast the whole time limit. So its true value is read from the excesses
(:func:`evaluate`), never from the variable, which may sit above them."""

from __future__ import annotations

from typing import Any

from ortools.sat.python import cp_model

from optimizer.params import Objective
from optimizer.problem import CapKind, ProblemData
from optimizer.solvers.ortools.variables import Variables


def _value(data: ProblemData, variables: Variables) -> Any:
    return sum(
        data.project(project_id).priority * funded
        for project_id, funded in variables.funded.items()
    )


def _delay(data: ProblemData, variables: Variables) -> Any:
    # Weighted lateness at completion: a stretch makes a project finish late as a delay does.
    return sum(
        data.project(project_id).priority * variables.lateness(project_id)
        for project_id in variables.funded
    )


def _completion(model: cp_model.CpModel, data: ProblemData, variables: Variables) -> Any:
    first, last = data.horizon
    # An unfunded project "ends" at first - 1, the value of the objective when none is funded.
    ends = [
        variables.end(project_id) + (first - 1) * (1 - funded)
        for project_id, funded in variables.funded.items()
    ]
    completion = model.new_int_var(first - 1, last, "completion")
    if ends:
        model.add_max_equality(completion, ends)
    else:
        model.add(completion == first - 1)
    return completion


def level_excesses(data: ProblemData, variables: Variables) -> list[Any]:
    """Per term of the level (``ProblemData.level_windows``: an enforced total cap's window,
    or a planning period no total cap covers), the total spend over its periods minus the
    cap (or the spend alone)."""
    windows = data.level_windows()
    # Each option Boolean's coefficient in each window (its spend over the window's
    # periods), gathered in one pass over the options and handed to CP-SAT as one weighted
    # sum per window: adding up one small expression per option and period took most of a
    # monthly model's build (hundreds of periods, thousands of options).
    window_of: dict[int, list[int]] = {}
    for index, (periods, _allowance) in enumerate(windows):
        for period in periods:
            window_of.setdefault(period, []).append(index)
    coefficients: list[dict[int, int]] = [{} for _ in windows]  # by the Boolean's index
    booleans: dict[int, Any] = {}
    for choices in variables.choices.values():
        for option, var in choices:
            if option.flexible:
                continue
            key = var.index  # (a property of OR-Tools' wrapper: read once per option)
            booleans[key] = var
            per_window: dict[int, int] = {}
            for period, amount in option.spend.items():
                if amount > 0:
                    for index in window_of.get(period, ()):
                        per_window[index] = per_window.get(index, 0) + amount
            for index, amount in per_window.items():
                coefficients[index][key] = amount
    excesses = []
    for index, (periods, allowance) in enumerate(windows):
        flexible = [
            amounts[period]
            for amounts in variables.amounts.values()
            for period in periods
            if period in amounts
        ]
        by_var = coefficients[index]
        spend = cp_model.LinearExpr.weighted_sum(
            [booleans[key] for key in by_var], list(by_var.values())
        )
        excesses.append(spend + sum(flexible) - allowance if flexible else spend - allowance)
    return excesses


def _level(model: cp_model.CpModel, data: ProblemData, excesses: list[Any]) -> Any:
    if not excesses:
        return model.new_constant(0)
    total_caps = [cap.amount for cap in data.caps if cap.kind is CapKind.TOTAL]
    low = -max(total_caps, default=0)
    high = sum(project.total for project in data.projects)
    level = model.new_int_var(low, high, "level")
    # level >= every excess (not AddMaxEquality, see the module's docstring): minimizing
    # makes it the maximum.
    for excess in excesses:
        model.add(level >= excess)
    return level


def evaluate(
    solver: cp_model.CpSolver, objective: Objective, expression: Any, excesses: list[Any]
) -> int:
    """The objective's true value in the solver's solution."""
    if objective is Objective.LEVEL and excesses:
        return max(e if isinstance(e, int) else int(solver.value(e)) for e in excesses)
    return int(solver.value(expression))


def objective_expression(
    model: cp_model.CpModel,
    data: ProblemData,
    variables: Variables,
    objective: Objective,
    excesses: list[Any] | None = None,
) -> Any:
    """The linear expression (or pinned variable) whose value is ``objective``."""
    if objective is Objective.VALUE:
        return _value(data, variables)
    if objective is Objective.DELAY:
        return _delay(data, variables)
    if objective is Objective.COMPLETION:
        return _completion(model, data, variables)
    return _level(
        model, data, excesses if excesses is not None else level_excesses(data, variables)
    )
