"""Scheduling view of the caps: start variables, intervals and cumulative constraints.

The option Booleans with linear caps per period are exact for every scenario. When projects
spend a constant amount in a cap scope over every period they run and keep a fixed length,
that scope is also a cumulative resource: each such project is an optional interval whose
demand is its constant spend, and a per-period cap becomes a constant capacity minus fixed
"filler" intervals. CP-SAT's scheduling propagators and search then close
resource-constrained scheduling instances far sooner than time-indexed Booleans.

- A scope whose cumulative holds every project that can spend there is *covered*: the
  cumulative is exact and its linear caps are left out. Otherwise the cumulative is only
  implied (spend is never negative) and both stay.
- Only one-period caps are restated. Caps spanning several periods (a year of quarters) stay
  linear constraints over the option Booleans, so a scope that has one is never covered.
- A project whose every spending scope is covered, that counts in no concurrency limit, under
  objectives other than ``level`` (which sums options' spend), is *start-only*: it gets no
  option Booleans at all, only its start variable (the chosen option is read back from it).

The view is left out of explanation models, where caps can be switched off one by one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from optimizer.options import ScheduleOption, Scope, concurrency_keys
from optimizer.params import Objective
from optimizer.problem import ProblemData
from optimizer.solvers.ortools.variables import Variables

Options = Mapping[str, tuple[ScheduleOption, ...]]


@dataclass(frozen=True)
class Resource:
    """A fully capped scope as a cumulative: its caps per planning period and its members
    ``(project id, constant demand)``."""

    scope: Scope
    caps: Mapping[int, int]
    members: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class SchedulingPlan:
    """What the view adds: interval lengths of candidate projects, the cumulative resources,
    the covered scopes and the start-only projects (see the module's docstring)."""

    lengths: Mapping[str, int]
    resources: tuple[Resource, ...]
    covered: frozenset[Scope]
    start_only: frozenset[str]


def _fixed_length(options: Sequence[ScheduleOption]) -> int | None:
    lengths = {option.end - option.start + 1 for option in options}
    return lengths.pop() if len(lengths) == 1 else None


def _constant_demand(options: Sequence[ScheduleOption], scope: Scope) -> int | None:
    """The spend every option puts on ``scope`` in each period it runs, if it is one constant."""
    demand: int | None = None
    for option in options:
        amounts = option.scopes.get(scope)
        if amounts is None:
            return None
        for period in range(option.start, option.end + 1):
            amount = amounts.get(period, 0)
            if demand is None:
                demand = amount
            elif amount != demand:
                return None
    return demand


def _spending_scopes(options: Sequence[ScheduleOption]) -> set[Scope]:
    """The scopes on which some option spends a positive amount."""
    return {
        scope
        for option in options
        for scope, amounts in option.scopes.items()
        if any(amounts.values())
    }


def _scope_caps(data: ProblemData) -> dict[Scope, dict[int, int]]:
    """One-period cap amounts per scope and planning period, for scopes capped so in every
    planning period (caps spanning several periods stay with the linear constraints)."""
    by_scope: dict[Scope, dict[int, int]] = {}
    for cap in data.caps:
        if cap.period >= data.first_planning_period and not cap.spanning:
            by_scope.setdefault((cap.kind, cap.key), {})[cap.period] = cap.amount
    planning = set(data.planning_periods)
    return {scope: caps for scope, caps in by_scope.items() if set(caps) == planning}


def plan_scheduling_view(
    data: ProblemData, options: Options, objectives: Sequence[Objective]
) -> SchedulingPlan | None:
    """The view for this scenario, or ``None`` when no fully capped scope has two
    constant-demand projects, or when ``value`` is an objective (then the option model
    alone is used)."""
    if Objective.VALUE in objectives:
        # Choosing which projects to fund is a knapsack over the per-period caps: the linear
        # caps give the LP its strength, and optional intervals add nothing it lacks: the
        # province-scale benchmark's value levels reach better schedules without the view,
        # with the same bounds.
        return None
    first_planning = data.first_planning_period
    lengths: dict[str, int] = {}
    for project in data.projects:
        project_options = options.get(project.id, ())
        length = _fixed_length(project_options) if project_options else None
        if (
            length is not None
            and project.flexible is None  # its spend is chosen per period, never constant
            and all(o.start >= first_planning for o in project_options)
        ):
            lengths[project.id] = length
    spending = {project_id: _spending_scopes(opts) for project_id, opts in options.items()}
    # A scope that also has a spanning cap keeps its linear caps (the spanning one needs the
    # option Booleans), so it is never covered.
    spanned = {(cap.kind, cap.key) for cap in data.caps if cap.spanning and data.is_enforced(cap)}
    resources: list[Resource] = []
    covered: set[Scope] = set()
    for scope, caps in sorted(_scope_caps(data).items()):
        members = []
        for project_id in lengths:
            demand = _constant_demand(options[project_id], scope)
            if demand:
                members.append((project_id, demand))
        if len(members) < 2:
            continue  # one project alone is held exactly by the linear caps
        resources.append(Resource(scope, caps, tuple(members)))
        spenders = {project_id for project_id, scopes in spending.items() if scope in scopes}
        if spenders == {project_id for project_id, _ in members} and scope not in spanned:
            covered.add(scope)
    if not resources:
        return None
    limited = {(limit.kind, limit.key) for limit in data.concurrency}
    # Scopes without an enforced cap constrain nothing (the total scope, often).
    capped = {(cap.kind, cap.key) for cap in data.caps if data.is_enforced(cap)}
    start_only = frozenset(
        project_id
        for project_id in lengths
        if Objective.LEVEL not in objectives
        and spending[project_id] & capped <= covered
        and not concurrency_keys(data.project(project_id)) & limited
    )
    return SchedulingPlan(lengths, tuple(resources), frozenset(covered), start_only)


def _fillers(
    model: cp_model.CpModel, caps: Mapping[int, int], capacity: int, name: str
) -> tuple[list[Any], list[int]]:
    """Fixed intervals taking ``capacity - cap`` in each period, merged over equal runs."""
    intervals: list[Any] = []
    demands: list[int] = []
    periods = sorted(caps)
    index = 0
    while index < len(periods):
        first = periods[index]
        missing = capacity - caps[first]
        last = first
        while (
            index + 1 < len(periods)
            and periods[index + 1] == last + 1
            and capacity - caps[periods[index + 1]] == missing
        ):
            index += 1
            last = periods[index]
        if missing > 0:
            intervals.append(
                model.new_fixed_size_interval_var(first, last - first + 1, f"{name}@{first}")
            )
            demands.append(missing)
        index += 1
    return intervals, demands


def add_scheduling_view(
    model: cp_model.CpModel, variables: Variables, options: Options, plan: SchedulingPlan
) -> dict[str, Any]:
    """Start variables (registered in ``variables``) and optional intervals of ``plan``;
    returns the intervals by project id (``add_resources`` puts them in cumulatives).

    A start is the chosen option's start when the project is funded and 0 otherwise: for
    projects with option Booleans it is ``Σ option.start × option``; for start-only projects
    its domain is their options' starts, enforced when funded.
    """
    intervals: dict[str, Any] = {}
    for project_id, length in plan.lengths.items():
        project_options = options[project_id]
        funded = variables.funded[project_id]
        option_starts = sorted({option.start for option in project_options})
        domain = cp_model.Domain.from_values(sorted({0, *option_starts}))
        start = model.new_int_var_from_domain(domain, f"start[{project_id}]")
        if project_id in plan.start_only:
            model.add_linear_expression_in_domain(
                start, cp_model.Domain.from_values(option_starts)
            ).only_enforce_if(funded)
            model.add(start == 0).only_enforce_if(~funded)
            variables.by_start[project_id] = {option.start: option for option in project_options}
        else:
            model.add(start == variables.start(project_id))
        first = project_options[0]
        variables.planned_ends[project_id] = first.end - first.lateness
        variables.lengths[project_id] = length
        variables.starts[project_id] = start
        intervals[project_id] = model.new_optional_fixed_size_interval_var(
            start, length, funded, f"interval[{project_id}]"
        )
    return intervals


def add_resources(
    model: cp_model.CpModel,
    plan: SchedulingPlan,
    intervals: Mapping[str, Any],
    completion: Any | None = None,
    last: int | None = None,
) -> None:
    """One cumulative per resource of ``plan`` over the projects' ``intervals``.

    With ``completion`` (the objective's variable: the last period in which a funded project
    runs) and ``last`` (the horizon's last period), every cumulative also holds the *tail*,
    an interval from ``completion + 1`` to the end of the horizon that takes the resource's
    smallest cap in each of its periods: no funded project runs there, so it is implied. It
    lets the cumulatives' energy reasoning push ``completion`` up (the work left no longer
    fits before the tail) instead of only the projects' starts, which the critical path
    bounds.
    """
    tail = None
    if completion is not None and last is not None:
        tail = model.new_interval_var(completion + 1, last - completion, last + 1, "tail")
    for resource in plan.resources:
        capacity = max(resource.caps.values())
        name = f"cap[{resource.scope[0]}:{resource.scope[1]}]"
        fillers, filler_demands = _fillers(model, resource.caps, capacity, name)
        members = [intervals[project_id] for project_id, _ in resource.members]
        demands = [demand for _, demand in resource.members]
        # The smallest cap: beside any filler (capacity minus that period's cap) it fits.
        floor = min(resource.caps.values())
        if tail is not None and floor > 0:
            members.append(tail)
            demands.append(floor)
        model.add_cumulative(members + fillers, demands + filler_demands, capacity)
