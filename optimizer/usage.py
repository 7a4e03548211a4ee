"""Turning chosen options into schedules and measuring cap usage (solver-independent)."""

from __future__ import annotations

from collections.abc import Mapping

from optimizer.options import (
    ScheduleOption,
    Scope,
    all_options,
    make_option,
    scope_spend,
    with_spend,
)
from optimizer.problem import CapKind, ProblemData
from optimizer.result import CapUsage, ProjectSchedule
from optimizer.windows import cap_index, spend_per_cap, window_spend


def schedule_of(option: ScheduleOption) -> ProjectSchedule:
    """The schedule of a funded project running as ``option`` says."""
    return ProjectSchedule(
        project_id=option.project_id,
        funded=True,
        start=option.start,
        end=option.end,
        delay=option.delay,
        stretch=option.stretch,
        spend=dict(option.spend),
    )


def unfunded(project_id: str) -> ProjectSchedule:
    """The schedule of a project left unfunded."""
    return ProjectSchedule(project_id=project_id, funded=False)


def schedules_from_choice(
    data: ProblemData, chosen: Mapping[str, ScheduleOption | None]
) -> dict[str, ProjectSchedule]:
    """Schedules of all projects, in data order, from the option chosen for each (or None)."""
    schedules: dict[str, ProjectSchedule] = {}
    for project in data.projects:
        option = chosen.get(project.id)
        schedules[project.id] = unfunded(project.id) if option is None else schedule_of(option)
    return schedules


def choice_from_schedules(
    data: ProblemData, schedules: Mapping[str, ProjectSchedule]
) -> dict[str, ScheduleOption | None]:
    """The option each schedule stands for (``None``: unfunded), with its own amounts."""
    chosen: dict[str, ScheduleOption | None] = {}
    for project in data.projects:
        schedule = schedules.get(project.id)
        if schedule is None or not schedule.funded:
            chosen[project.id] = None
            continue
        option = make_option(data, project, schedule.delay, schedule.stretch)
        chosen[project.id] = with_spend(data, option, schedule.spend) if option.flexible else option
    return chosen


def planned_schedules(data: ProblemData) -> dict[str, ProjectSchedule]:
    """Every project not excluded on its planned schedule; excluded ones unfunded."""
    chosen: dict[str, ScheduleOption | None] = {
        project.id: None if project.excluded else make_option(data, project, 0, 0)
        for project in data.projects
    }
    return schedules_from_choice(data, chosen)


def scope_usage(
    data: ProblemData, schedules: Mapping[str, ProjectSchedule]
) -> dict[Scope, dict[int, int]]:
    """Spend of the funded projects on every cap scope, per period."""
    used: dict[Scope, dict[int, int]] = {}
    for project in data.projects:
        schedule = schedules.get(project.id)
        if schedule is None or not schedule.funded:
            continue
        for scope, amounts in scope_spend(data, project, schedule.spend).items():
            per_period = used.setdefault(scope, {})
            for period, amount in amounts.items():
                per_period[period] = per_period.get(period, 0) + amount
    return used


def smallest_steps(
    data: ProblemData, options: Mapping[str, tuple[ScheduleOption, ...]] | None = None
) -> dict[tuple[CapKind, str, int, int], int]:
    """For each cap (by ``Cap.ident``), the smallest positive amount any option could put on
    it over its periods (1 万元 where a flexible project could spend: its amounts move by
    single 万元)."""
    if options is None:
        options = all_options(data)
    index = cap_index(data.caps)
    steps: dict[tuple[CapKind, str, int, int], int] = {}
    for project_options in options.values():
        for option in project_options:
            for position, amount in spend_per_cap(index, option.scopes).items():
                if amount > 0:
                    # A flexible project can move single 万元 between its periods.
                    step = 1 if option.flexible else amount
                    ident = data.caps[position].ident
                    steps[ident] = min(step, steps.get(ident, step))
    return steps


def cap_usage(
    data: ProblemData,
    schedules: Mapping[str, ProjectSchedule],
    options: Mapping[str, tuple[ScheduleOption, ...]] | None = None,
) -> tuple[CapUsage, ...]:
    """Usage of every cap of the data under ``schedules``, in data order: the spend over each
    cap's periods."""
    used = scope_usage(data, schedules)
    steps = smallest_steps(data, options)
    return tuple(
        CapUsage(
            kind=cap.kind,
            key=cap.key,
            period=cap.period,
            cap=cap.amount,
            used=window_spend(used.get((cap.kind, cap.key), {}), cap.periods),
            step=steps.get(cap.ident),
            enforced=data.is_enforced(cap),
            last_period=cap.last_period,
        )
        for cap in data.caps
    )
