"""Flexible spend: integer 万元 per active period, and its exact split over counties.

For a flexible project each period some option covers gets an amount variable:

- ``low × active ≤ amount ≤ high × active`` (``active`` is 1 when the chosen option runs
  then), so the amount is 0 outside the window and within the share bounds inside it;
- ``Σ amounts = total × funded``;
- a project started before ``as_of`` spends its even spread (history is spent as planned),
  guarded as ``history`` so that explanations can drop it like any other history constraint.

A period's amount falls on counties by the largest-remainder rule of ``profiles.apportion``,
stated exactly in linear terms (one rule for all money, so the validator's regional amounts
are the model's): with weights ``w`` summing to ``W``, each county gets ``q + e`` where
``q = ⌊amount × w / W⌋`` (``0 ≤ amount × w − W × q ≤ W − 1``), ``e`` is a Boolean, the ``e``
sum to the 万元 left over, and a county that gets its extra 万元 has a remainder no smaller
than one that does not (strictly larger when the other's name sorts first).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ortools.sat.python import cp_model

from optimizer.options import ScheduleOption, Scope, make_option, spread_over_scopes, with_spend
from optimizer.problem import ProblemData, Project
from optimizer.profiles import apportion
from optimizer.result import ConstraintFamily, ConstraintRef
from optimizer.solvers.ortools.switches import Switches
from optimizer.solvers.ortools.variables import Variables


def _region_parts(
    model: cp_model.CpModel,
    variables: Variables,
    project: Project,
    amounts: Mapping[int, Any],
    high: int,
) -> dict[str, dict[int, Any]]:
    """Each county's part of each period's amount, by the largest-remainder rule."""
    names = list(project.regions)  # sorted by name (Project sorts its regions)
    if len(names) == 1:
        return {names[0]: dict(amounts)}
    splits = variables.splits.setdefault(project.id, {})
    weights = project.regions
    weight_sum = sum(weights.values())
    parts: dict[str, dict[int, Any]] = {name: {} for name in names}
    for period, amount in amounts.items():
        tag = f"{project.id},{period}"
        floors = {name: model.new_int_var(0, high, f"floor[{tag},{name}]") for name in names}
        extras = {name: model.new_bool_var(f"extra[{tag},{name}]") for name in names}
        remainders = {name: amount * weights[name] - weight_sum * floors[name] for name in names}
        for name in names:
            model.add(remainders[name] >= 0)
            model.add(remainders[name] <= weight_sum - 1)
        model.add(sum(extras.values()) == amount - sum(floors.values()))
        for winner in names:
            for loser in names:
                if winner == loser:
                    continue
                tie = 0 if winner < loser else 1
                model.add(remainders[winner] >= remainders[loser] + tie).only_enforce_if(
                    [extras[winner], ~extras[loser]]
                )
        for name in names:
            parts[name][period] = floors[name] + extras[name]
        splits[period] = {name: (floors[name], extras[name]) for name in names}
    return parts


def _scopes(
    model: cp_model.CpModel,
    variables: Variables,
    data: ProblemData,
    project: Project,
    amounts: Mapping[int, Any],
    high: int,
) -> dict[Scope, dict[int, Any]]:
    parts = _region_parts(model, variables, project, amounts, high) if project.regions else {}
    return spread_over_scopes(data, project, amounts, parts)


def add_flexible_spend(
    model: cp_model.CpModel, data: ProblemData, variables: Variables, switches: Switches
) -> None:
    """Amount variables of every flexible project, with their bounds, sum and scopes."""
    for project in data.projects:
        choices = variables.choices.get(project.id)
        if project.flexible is None or not choices:
            continue
        low, high = project.flexible.bounds(project.total)
        periods = sorted({p for option, _ in choices for p in range(option.start, option.end + 1)})
        amounts: dict[int, Any] = {}
        for period in periods:
            amount = model.new_int_var(0, high, f"spend[{project.id},{period}]")
            active = variables.active(project.id, period)
            model.add(amount >= low * active)
            model.add(amount <= high * active)
            amounts[period] = amount
        model.add(sum(amounts.values()) == project.total * variables.funded[project.id])
        if data.has_started(project):
            ref = ConstraintRef(ConstraintFamily.HISTORY, project.id)
            for period, planned in make_option(data, project, 0, 0).spend.items():
                switches.guard(model.add(amounts[period] == planned), ref)
        variables.amounts[project.id] = amounts
        variables.flexible_scopes[project.id] = _scopes(
            model, variables, data, project, amounts, high
        )


def hint_flexible(
    model: cp_model.CpModel,
    data: ProblemData,
    variables: Variables,
    chosen: Mapping[str, ScheduleOption | None],
) -> None:
    """Hint each flexible amount with the chosen option's (0 outside it, or unfunded), and
    its counties' parts (a complete hint lets the solver start from it at once)."""
    for project_id, amounts in variables.amounts.items():
        picked = chosen.get(project_id)
        weights = data.project(project_id).regions
        weight_sum = sum(weights.values())
        for period, amount in amounts.items():
            value = 0 if picked is None else picked.spend.get(period, 0)
            model.add_hint(amount, value)
            split = variables.splits.get(project_id, {}).get(period)
            if split is None:
                continue
            parts = apportion(value, weights)
            for name, (floor, extra) in split.items():
                whole = value * weights[name] // weight_sum
                model.add_hint(floor, whole)
                model.add_hint(extra, parts[name] - whole)


def chosen_amounts(
    solver: cp_model.CpSolver,
    data: ProblemData,
    variables: Variables,
    chosen: dict[str, ScheduleOption | None],
) -> None:
    """Replace each funded flexible project's option by one with the amounts chosen."""
    for project_id, amounts in variables.amounts.items():
        option = chosen.get(project_id)
        if option is not None:
            spend = {period: int(solver.value(amount)) for period, amount in amounts.items()}
            chosen[project_id] = with_spend(data, option, spend)
