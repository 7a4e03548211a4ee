"""Symmetry between identical projects: the first of them starts no later than the next.

Plans list several projects with the same money, years and scopes (five 1亿元 projects of
2021-2025 in the bundled Fujian table, all under the same caps). Any schedule stays valid and
keeps every objective when two such projects swap their decisions, so the search may
consider only schedules in which, within a group of identical projects, each starts no later
than the next one and unfunded ones come last. Without this the solver proves the same
bound again for every permutation (the capital-budgeting scenario's ``level``).

Projects are identical when they have the same priority and funding rule, the same options
(delay, stretch, window, spend, and the spend on every capped scope), count in the same
concurrency limits, and have no link; fixed projects have nothing to swap.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from ortools.sat.python import cp_model

from optimizer.options import ScheduleOption, Scope, concurrency_keys
from optimizer.problem import ProblemData
from optimizer.solvers.ortools.variables import Variables

Options = Mapping[str, tuple[ScheduleOption, ...]]


def _signature(
    data: ProblemData, project_id: str, options: Options, capped: set[Scope], limited: set[Any]
) -> Hashable:
    """What the model sees of a project: scopes without a cap and counties or units without a
    concurrency limit make no difference."""
    project = data.project(project_id)
    return (
        project.priority,
        project.must_fund,
        tuple(sorted(concurrency_keys(project) & limited)),
        tuple(
            (
                option.delay,
                option.stretch,
                option.start,
                option.end,
                tuple(sorted(option.spend.items())),
                tuple(
                    sorted(
                        (scope, tuple(sorted(amounts.items())))
                        for scope, amounts in option.scopes.items()
                        if scope in capped
                    )
                ),
            )
            for option in options[project_id]
        ),
    )


def identical_groups(data: ProblemData, variables: Variables, options: Options) -> list[list[str]]:
    """Groups (two or more, in data order) of identical projects that may move or go unfunded."""
    linked = {end for link in data.links for end in (link.predecessor, link.successor)}
    capped = {(cap.kind, cap.key) for cap in data.caps if data.is_enforced(cap)}
    limited = {(limit.kind, limit.key) for limit in data.concurrency}
    # A few facts of the full signature first: most projects share them with none, and
    # only those that do are compared in full (every option's spend on every scope).
    alike: dict[Hashable, list[str]] = {}
    for project in data.projects:
        if project.id not in variables.funded or project.id in linked or data.is_fixed(project):
            continue
        if project.flexible is not None:
            # Their amounts are decisions too: swapping two would need the amounts swapped
            # in the hint as well; they are left out rather than half handled.
            continue
        project_options = options[project.id]
        first = project_options[0] if project_options else None
        facts = (
            project.priority,
            project.must_fund,
            len(project_options),
            None if first is None else (first.start, first.end, sum(first.spend.values())),
        )
        alike.setdefault(facts, []).append(project.id)
    order = {project.id: index for index, project in enumerate(data.projects)}
    groups: dict[Hashable, list[str]] = {}
    for members in alike.values():
        for project_id in members if len(members) > 1 else ():
            signature = _signature(data, project_id, options, capped, limited)
            groups.setdefault(signature, []).append(project_id)
    found = [members for members in groups.values() if len(members) > 1]
    return sorted(found, key=lambda members: order[members[0]])


def add_symmetry_breaking(
    model: cp_model.CpModel, data: ProblemData, variables: Variables, groups: Sequence[list[str]]
) -> None:
    """Within each group: ``key(a) ≤ key(b)`` for consecutive members, where the key is the
    start when funded and one past the horizon when not (starts are 0 when unfunded)."""
    unfunded_key = data.horizon[1] + 1
    for members in groups:
        keys = [
            variables.start(project_id) + unfunded_key * (1 - variables.funded[project_id])
            for project_id in members
        ]
        for first, second in itertools.pairwise(keys):
            model.add(first <= second)


def sorted_hint(
    chosen: Mapping[str, ScheduleOption | None], groups: Sequence[list[str]], options: Options
) -> dict[str, ScheduleOption | None]:
    """``chosen`` with each group's decisions permuted into the order the constraints ask (the
    same schedule up to swapping identical projects, so the same objective values)."""
    result = dict(chosen)
    for members in groups:
        picks = sorted(
            (chosen.get(project_id) for project_id in members),
            key=lambda option: (1, 0, 0) if option is None else (0, option.start, option.stretch),
        )
        for project_id, pick in zip(members, picks, strict=True):
            result[project_id] = (
                None
                if pick is None
                else next(
                    option
                    for option in options[project_id]
                    if (option.delay, option.stretch) == (pick.delay, pick.stretch)
                )
            )
    return result
