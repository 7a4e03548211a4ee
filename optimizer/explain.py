"""Explanations in plain words with the data behind them.

- Infeasibility: the smallest set of caps, limits, must-funds, locks, history and links that
  cannot hold together (``explain_infeasibility``), and ``keep_only`` to rebuild a scenario
  with just such a set, so anyone can check the claim.
- Delays: for each project that slipped, stretched or went unfunded, what was full in the
  periods its planned schedule needed (``delay_explanations``): a cap spanning several
  periods counts when the project's planned spend over its window would not fit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from optimizer.options import (
    ScheduleOption,
    all_options,
    concurrency_keys,
    make_option,
    scope_spend,
)
from optimizer.params import Objective, SolveParams, funds_everything
from optimizer.problem import ConcurrencyLimit, ProblemData, Project
from optimizer.result import (
    CapUsage,
    ConstraintFamily,
    ConstraintRef,
    DelayExplanation,
    InfeasibilityExplanation,
    ProjectSchedule,
    Result,
)
from optimizer.solvers.ortools import find_conflict
from optimizer.windows import cap_index, window_spend


def explain_infeasibility(
    data: ProblemData, params: SolveParams | None = None
) -> InfeasibilityExplanation | None:
    """A minimal set of constraints that cannot all hold (``None`` if the scenario is feasible
    or no answer came in time). Each short solve is bounded by ``params.explain_time_limit``."""
    params = params or SolveParams()
    narrowed = without_bystanders(data)
    found = find_conflict(narrowed, params.objective_order, params)
    if found is None and len(narrowed.projects) < len(data.projects):
        found = find_conflict(data, params.objective_order, params)  # (should not happen)
    if found is None:
        return None
    members, minimal = found
    lines = "; ".join(ref.describe() for ref in members)
    proven = "" if minimal else " (not proven minimal: some checks ran out of time)"
    message = f"These {len(members)} constraints cannot all hold{proven}: {lines}."
    return InfeasibilityExplanation(members=members, minimal=minimal, message=message)


def without_bystanders(data: ProblemData) -> ProblemData:
    """The scenario without the projects that can take part in no conflict.

    Such a project spends on no enforced cap's scope within its periods whatever option it
    takes (any period of a flexible project's window counts), counts in no concurrency
    limit, has no link, and can run as planned: its own conditions (history, lock,
    must-fund, required) then hold whatever the others do, and nothing else binds it. An
    explanation's checks of the rest are as many, each on a smaller model (a county's
    conflict is checked on that county's projects).
    """
    index = cap_index([cap for cap in data.caps if data.is_enforced(cap)])
    limited = {(limit.kind, limit.key) for limit in data.concurrency}
    linked = {end for link in data.links for end in (link.predecessor, link.successor)}
    options = all_options(data, free_fixed=True)

    def touches_a_cap(option: ScheduleOption) -> bool:
        for scope in option.scopes:
            capped = index.get(scope)
            if capped is not None and any(
                period in capped for period in range(option.start, option.end + 1)
            ):
                return True
        return False

    def bystander(project: Project) -> bool:
        project_options = options.get(project.id, ())
        return (
            project.id not in linked
            and not concurrency_keys(project) & limited
            and any(option.delay == option.stretch == 0 for option in project_options)
            and not any(touches_a_cap(option) for option in project_options)
        )

    kept = [project for project in data.projects if not bystander(project)]
    if len(kept) == len(data.projects):
        return data
    return dataclasses.replace(data, projects=kept)


def keep_only(
    data: ProblemData, members: Iterable[ConstraintRef], objectives: Sequence[Objective]
) -> ProblemData:
    """The scenario with only ``members`` among its droppable constraints.

    Caps, limits, links, must-funds and locks not named are dropped; history is removed
    (``as_of`` moves to the horizon start) and each named history project becomes must-fund
    and locked (a flexible one then spends its even spread, as its history did), each named
    required project must-fund. Solve the result with ``value`` among the objectives, so that
    projects not named need not be funded.
    """
    keep = set(members)

    def named(
        family: ConstraintFamily, key: str, period: int | None = None, kind: str = ""
    ) -> bool:
        return ConstraintRef(family, key, period, kind) in keep

    required = funds_everything(objectives)
    projects = []
    for project in data.projects:
        history = data.has_started(project) and named(ConstraintFamily.HISTORY, project.id)
        must = (
            history
            or (project.must_fund and named(ConstraintFamily.MUST_FUND, project.id))
            or (required and named(ConstraintFamily.REQUIRED, project.id))
        )
        locked = history or (project.locked and named(ConstraintFamily.LOCK, project.id))
        flexible = None if history else project.flexible
        projects.append(
            dataclasses.replace(project, must_fund=must, locked=locked, flexible=flexible)
        )
    caps = [c for c in data.caps if ConstraintRef.of_cap(c) in keep]
    limits = [
        ConcurrencyLimit(limit.kind, limit.key, limit.limit, period)
        for limit in data.concurrency
        for period in (data.periods if limit.period is None else [limit.period])
        if named(ConstraintFamily.CONCURRENCY, limit.key, period, limit.kind.value)
    ]
    # Several limits of one key and period collapse to the tightest.
    tightest: dict[tuple[str, str, int | None], ConcurrencyLimit] = {}
    for limit in limits:
        ident = (limit.kind.value, limit.key, limit.period)
        if ident not in tightest or limit.limit < tightest[ident].limit:
            tightest[ident] = limit
    links = [link for link in data.links if named(ConstraintFamily.LINK, link.key)]
    return dataclasses.replace(
        data,
        projects=projects,
        as_of=data.horizon[0],
        caps=caps,
        concurrency=list(tightest.values()),
        links=links,
    )


def _full_caps(
    data: ProblemData, project: Project, schedule: ProjectSchedule, result: Result
) -> list[CapUsage]:
    """Caps where the planned amount would not fit beside what the others spend, over the
    cap's periods (for a flexible project the planned amounts are its even spread)."""
    planned = make_option(data, project, 0, 0)
    # What the project spends now (a flexible one: the amounts chosen, not an estimate).
    current = scope_spend(data, project, schedule.spend) if schedule.funded else {}
    full = []
    for usage in result.cap_usage:
        if not usage.enforced:
            continue
        scope = (usage.kind, usage.key)
        periods = range(usage.period, usage.last + 1)
        need = window_spend(planned.scopes.get(scope, {}), periods)
        own = window_spend(current.get(scope, {}), periods)
        if need > 0 and usage.used - own + need > usage.cap:
            full.append(usage)
    return full


def _full_limits(data: ProblemData, project: Project, result: Result) -> list[tuple[str, str, int]]:
    """Concurrency limits already reached by other projects in the planned periods."""
    keys = concurrency_keys(project)
    full = []
    for limit in data.concurrency:
        if (limit.kind, limit.key) not in keys:
            continue
        for period in range(project.planned_start, project.planned_end + 1):
            if period < data.first_planning_period or limit.period not in (None, period):
                continue
            others = sum(
                1
                for other in data.projects
                if other.id != project.id
                and (limit.kind, limit.key) in concurrency_keys(other)
                and _runs(result.schedules[other.id], period)
            )
            if others >= limit.limit:
                full.append((limit.kind.value, limit.key, period))
    return sorted(set(full))


def _runs(schedule: ProjectSchedule, period: int) -> bool:
    return (
        schedule.funded
        and schedule.start is not None
        and schedule.end is not None
        and schedule.start <= period <= schedule.end
    )


def _late_links(data: ProblemData, project: Project, result: Result) -> list[str]:
    late = []
    for link in data.links:
        if link.successor != project.id:
            continue
        before = result.schedules[link.predecessor]
        if not before.funded or before.end is None:
            late.append(f"{link.key} (predecessor unfunded)")
        elif before.end + 1 + link.lag > project.planned_start:
            late.append(f"{link.key} (predecessor ends {before.end}, lag {link.lag})")
    return late


def delay_explanations(data: ProblemData, result: Result) -> tuple[DelayExplanation, ...]:
    """For each project not excluded that was delayed, stretched or left unfunded: the caps,
    concurrency limits and links that blocked its planned schedule."""
    if not result.has_solution:
        return ()
    explanations = []
    for project in data.projects:
        schedule = result.schedules[project.id]
        moved = schedule.delay > 0 or schedule.stretch > 0
        if project.excluded or (schedule.funded and not moved):
            continue
        caps = tuple(_full_caps(data, project, schedule, result))
        limits = tuple(_full_limits(data, project, result))
        links = tuple(_late_links(data, project, result))
        if schedule.funded:
            changes = []
            if schedule.delay:
                changes.append(f"starts {schedule.delay} period(s) late")
            if schedule.stretch:
                changes.append(f"runs {schedule.stretch} period(s) longer")
            what = f"Project {project.id} " + " and ".join(changes)
        else:
            what = f"Project {project.id} is not funded"
        reasons = [f"the cap on {u.label} was full ({u.used} of {u.cap} used)" for u in caps]
        reasons += [
            f"{kind} {key} already has its limit of projects in {period}"
            for kind, key, period in limits
        ]
        reasons += [f"link {text}" for text in links]
        because = (
            "; ".join(reasons)
            if reasons
            else (
                "nothing was full in its planned periods: the objectives (for instance levelling "
                "the yearly spend) moved it"
            )
        )
        explanations.append(
            DelayExplanation(
                project_id=project.id,
                funded=schedule.funded,
                delay=schedule.delay,
                stretch=schedule.stretch,
                full_caps=caps,
                full_concurrency=limits,
                late_predecessors=links,
                message=f"{what}: {because}.",
            )
        )
    return tuple(explanations)
