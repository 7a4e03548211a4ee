"""Objective expressions. Auxiliary variables are pinned to their exact values (max
equalities), so that the solver's value of every expression is the objective's true value
even at levels where it is not being optimised."""

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
    return sum(
        data.project(project_id).priority * variables.delay(project_id)
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


def _level(model: cp_model.CpModel, data: ProblemData, variables: Variables) -> Any:
    total_caps = {cap.period: cap.amount for cap in data.caps if cap.kind is CapKind.TOTAL}
    excesses = []
    for period in data.planning_periods:
        spend = sum(
            option.spend.get(period, 0) * var
            for choices in variables.choices.values()
            for option, var in choices
            if option.spend.get(period, 0) > 0
        )
        excesses.append(spend - total_caps.get(period, 0))
    if not excesses:
        return model.new_constant(0)
    low = -max(total_caps.values(), default=0)
    high = sum(project.total for project in data.projects)
    level = model.new_int_var(low, high, "level")
    # level >= every excess (not AddMaxEquality): minimizing makes it the maximum, and
    # CP-SAT's presolve of lin_max over sums with 万元 coefficients in the tens of millions
    # can take longer than the whole time limit.
    for excess in excesses:
        model.add(level >= excess)
    return level


def objective_expression(
    model: cp_model.CpModel, data: ProblemData, variables: Variables, objective: Objective
) -> Any:
    """The linear expression (or pinned variable) whose value is ``objective``."""
    if objective is Objective.VALUE:
        return _value(data, variables)
    if objective is Objective.DELAY:
        return _delay(data, variables)
    if objective is Objective.COMPLETION:
        return _completion(model, data, variables)
    return _level(model, data, variables)
