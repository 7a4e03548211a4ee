"""Independent parts of a scenario, solved one by one when the objectives add up.

Two projects interact only through an enforced cap both can spend on within its periods, a
link, or a concurrency limit both count in. Caps that others imply are no interaction: a
total cap is implied when every project that can spend in its periods lies in counties, every
such county has a cap over the same periods, and the county caps add up to no more than the
total cap (a county's share of a period's spend is apportioned from the whole of it, so the
county spends add up to the total spend); a city cap likewise by its counties' caps. A cap
spanning ``as_of`` also links the history projects that spent within it. The rest splits
into connected parts. When every objective is a sum over projects (``value``, ``delay``),
the lexicographic optimum of the whole is the union of the parts' optima, and each part's
model is far smaller (on the province-scale benchmark: nine cities instead of one model of
5,000 projects).
"""

from __future__ import annotations

from collections.abc import Sequence

from optimizer.options import Scope, all_options, concurrency_keys
from optimizer.params import Objective
from optimizer.problem import Cap, CapKind, ProblemData
from optimizer.result import LevelResult, SolveStatus
from optimizer.solvers.outcome import Outcome
from optimizer.windows import cap_index

SEPARABLE = frozenset({Objective.VALUE, Objective.DELAY})
"""Objectives that are sums over projects (completion and level are maxima)."""

MIN_PART_PROJECTS = 100
"""Parts smaller than this are pooled (still independent) so that tiny models are few."""


def _spent_on(data: ProblemData) -> dict[str, set[tuple[Scope, int]]]:
    """Per project, the (scope, period) pairs some option of it spends on, in planning
    periods and in the history part of any cap spanning ``as_of`` (computed once per
    ``ProblemData``, which is immutable, and kept with it like its options)."""
    cached: dict[str, set[tuple[Scope, int]]] | None = data.__dict__.get("_spent_on_cache")
    if cached is not None:
        return cached
    # History spent within an enforced cap's window counts against it.
    first = min(
        [data.first_planning_period] + [cap.period for cap in data.caps if data.is_enforced(cap)]
    )
    spent = data.__dict__["_spent_on_cache"] = {
        project_id: {
            (scope, period)
            for option in options
            for scope, amounts in option.scopes.items()
            for period, amount in amounts.items()
            if amount > 0 and period >= first
        }
        for project_id, options in all_options(data).items()
    }
    return spent


CapIdent = tuple[CapKind, str, int, int]


def implied_caps(data: ProblemData) -> set[CapIdent]:
    """Total and city caps (by ``Cap.ident``) that the county caps of the same periods imply."""
    spent = _spent_on(data)
    county_caps = {
        (cap.key, cap.period, cap.last): cap.amount
        for cap in data.caps
        if cap.kind is CapKind.REGION
    }
    counties_at: dict[int, set[str]] = {}
    unplaced: set[int] = set()  # periods in which a project without counties spends
    for project in data.projects:
        periods = {period for (kind, _key), period in spent[project.id] if kind is CapKind.TOTAL}
        if not project.regions:
            unplaced |= periods
        for period in periods:
            counties_at.setdefault(period, set()).update(project.regions)
    implied: set[CapIdent] = set()
    for cap in data.caps:
        spending = {county for period in cap.periods for county in counties_at.get(period, ())}
        if cap.kind is CapKind.TOTAL and not unplaced.intersection(cap.periods):
            counties = spending
        elif cap.kind is CapKind.CITY:
            counties = {county for county in spending if data.city_of(county) == cap.key}
        else:
            continue
        window = (cap.period, cap.last)
        if all((county, *window) in county_caps for county in counties) and (
            sum(county_caps[(county, *window)] for county in counties) <= cap.amount
        ):
            implied.add(cap.ident)
    return implied


def _interacting_caps(data: ProblemData) -> list[Cap]:
    """The enforced caps that are not implied by others: those through which projects
    interact."""
    implied = implied_caps(data)
    return [cap for cap in data.caps if data.is_enforced(cap) and cap.ident not in implied]


def parts(data: ProblemData) -> list[list[str]]:
    """Project ids of the independent parts (in data order), small parts pooled."""
    parent = {project.id: project.id for project in data.projects}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(group: Sequence[str]) -> None:
        for other in group[1:]:
            parent[root(other)] = root(group[0])

    caps_at = cap_index(_interacting_caps(data))
    sharing: dict[object, list[str]] = {}
    for project_id, pairs in _spent_on(data).items():
        for scope, period in pairs:
            for position in caps_at.get(scope, {}).get(period, ()):
                sharing.setdefault(position, []).append(project_id)
    limited = {(limit.kind, limit.key) for limit in data.concurrency}
    for project in data.projects:
        for key in concurrency_keys(project) & limited:
            sharing.setdefault(key, []).append(project.id)
    for group in sharing.values():
        join(group)
    for link in data.links:
        join([link.predecessor, link.successor])
    by_root: dict[str, list[str]] = {}
    for project in data.projects:
        by_root.setdefault(root(project.id), []).append(project.id)
    result: list[list[str]] = []
    pool: list[str] = []
    for members in by_root.values():
        if len(members) >= MIN_PART_PROJECTS:
            result.append(members)
        else:
            pool.extend(members)
    if pool:
        result.append(pool)
    order = {project.id: index for index, project in enumerate(data.projects)}
    return [sorted(members, key=order.__getitem__) for members in result if members]


def restrict(data: ProblemData, project_ids: Sequence[str]) -> ProblemData:
    """The scenario of these projects alone: their links, the caps and limits they touch
    (implied caps left out)."""
    members = set(project_ids)
    spent = _spent_on(data)
    touched = set().union(*(spent[project_id] for project_id in project_ids))
    keys = set().union(*(concurrency_keys(data.project(project_id)) for project_id in members))
    return ProblemData(
        projects=[data.project(project_id) for project_id in project_ids],
        horizon=data.horizon,
        as_of=data.as_of,
        links=[link for link in data.links if link.successor in members],
        caps=[
            cap
            for cap in _interacting_caps(data)
            if any(((cap.kind, cap.key), period) in touched for period in cap.periods)
        ],
        concurrency=[limit for limit in data.concurrency if (limit.kind, limit.key) in keys],
        cities=data.cities,
    )


def _combined_level(levels: Sequence[LevelResult]) -> LevelResult:
    """One objective's level over all parts: sums, the weakest status, first part's start."""
    statuses = {level.status for level in levels}
    status = (
        SolveStatus.OPTIMAL
        if statuses == {SolveStatus.OPTIMAL}
        else SolveStatus.TIMED_OUT
        if SolveStatus.TIMED_OUT in statuses
        else SolveStatus.FEASIBLE
    )
    values = [level.value for level in levels]
    bounds = [level.bound for level in levels]
    return LevelResult(
        levels[0].objective,
        status,
        None if None in values else sum(v for v in values if v is not None),
        None if None in bounds else sum(b for b in bounds if b is not None),
        sum(level.solve_seconds for level in levels),
        # Once the first part has a schedule, the whole has one: the other parts still hold
        # their warm start (a feasible schedule of each part, since parts are independent).
        levels[0].first_solution_seconds,
    )


def combine(outcomes: Sequence[Outcome], seconds: float) -> Outcome:
    """The outcome of the whole from its parts' outcomes (each with every level)."""
    for outcome in outcomes:
        if not outcome.status.has_solution:
            return Outcome(outcome.status, (), {}, seconds)
    levels = tuple(
        _combined_level([outcome.levels[index] for outcome in outcomes])
        for index in range(len(outcomes[0].levels))
    )
    chosen = {key: option for outcome in outcomes for key, option in outcome.chosen.items()}
    overall = (
        SolveStatus.OPTIMAL
        if all(outcome.status is SolveStatus.OPTIMAL for outcome in outcomes)
        else SolveStatus.FEASIBLE
    )
    return Outcome(overall, levels, chosen, seconds)
