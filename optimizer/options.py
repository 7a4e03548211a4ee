"""Schedule options: every (delay, stretch) a project may take, with its fixed spend.

The optimizer chooses one option per funded project. Enumerating them up front keeps every
constraint linear with constant coefficients, and gives the greedy baseline and brute-force
checks the same menu the solver has.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from optimizer.problem import CapKind, ConcurrencyKind, ProblemData, Project
from optimizer.profiles import project_spend, region_spend

Scope = tuple[CapKind, str]
"""A cap's scope: its kind and key (county, city or table name; empty for the total)."""


@dataclass(frozen=True)
class ScheduleOption:
    """One way to run a project: ``delay`` periods late, ``stretch`` periods longer.

    ``spend`` holds the amount of each period of ``start..end``; ``scopes`` the amount that falls
    on each cap scope (total, counties, cities, table, plan) per period. For a ``flexible``
    project the amounts are its even spread over the window: what the greedy rule and
    estimates use; the solver chooses the real ones (``constraints/flexible.py``) and hands
    back the option with them.
    """

    project_id: str
    delay: int
    stretch: int
    start: int
    end: int
    spend: Mapping[int, int]
    scopes: Mapping[Scope, Mapping[int, int]]
    flexible: bool = False

    @property
    def lateness(self) -> int:
        """Periods late at completion: the start delay plus the stretch (what the ``delay``
        objective weighs by priority)."""
        return self.delay + self.stretch

    def is_active(self, period: int) -> bool:
        """True when ``period`` lies within the option's window."""
        return self.start <= period <= self.end


def scope_spend(
    data: ProblemData, project: Project, spend: Mapping[int, int]
) -> dict[Scope, dict[int, int]]:
    """How a project's spend per period falls on every cap scope it belongs to."""
    return spread_over_scopes(data, project, spend, region_spend(project, spend))


def spread_over_scopes(
    data: ProblemData,
    project: Project,
    spend: Mapping[int, Any],
    county_parts: Mapping[str, Mapping[int, Any]],
) -> dict[Scope, dict[int, Any]]:
    """The scopes a project's spend counts in: the total, its table and plan, its counties
    (``county_parts``, its spend apportioned to them) and their cities (their sum). Amounts
    are integers, or the solver's expressions for a flexible project's chosen spend."""
    scopes: dict[Scope, dict[int, Any]] = {(CapKind.TOTAL, ""): dict(spend)}
    if project.table:
        scopes[(CapKind.TABLE, project.table)] = dict(spend)
    if project.plan:
        scopes[(CapKind.PLAN, project.plan)] = dict(spend)
    for region, amounts in county_parts.items():
        scopes[(CapKind.REGION, region)] = dict(amounts)
        city = data.city_of(region)
        if city is not None:
            city_amounts = scopes.setdefault((CapKind.CITY, city), {})
            for period, amount in amounts.items():
                city_amounts[period] = city_amounts.get(period, 0) + amount
    return scopes


def concurrency_keys(project: Project) -> set[tuple[ConcurrencyKind, str]]:
    """The counties and units in which the project counts as active while it runs."""
    keys = {(ConcurrencyKind.REGION, region) for region in project.regions}
    keys |= {(ConcurrencyKind.UNIT, unit) for unit in project.units}
    return keys


def make_option(data: ProblemData, project: Project, delay: int, stretch: int) -> ScheduleOption:
    """The option of ``project`` with this delay and stretch (not checked against limits)."""
    spend = project_spend(project, delay, stretch)
    return ScheduleOption(
        project_id=project.id,
        delay=delay,
        stretch=stretch,
        start=project.planned_start + delay,
        end=project.planned_end + delay + stretch,
        spend=spend,
        scopes=scope_spend(data, project, spend),
        flexible=project.flexible is not None,
    )


def with_spend(
    data: ProblemData, option: ScheduleOption, spend: Mapping[int, int]
) -> ScheduleOption:
    """``option`` spending ``spend`` instead (the amounts chosen for a flexible project)."""
    project = data.project(option.project_id)
    amounts = {period: spend.get(period, 0) for period in range(option.start, option.end + 1)}
    return dataclasses.replace(option, spend=amounts, scopes=scope_spend(data, project, amounts))


def _window_fits(project: Project, stretch: int) -> bool:
    """A flexible project can take a window only if its bounds can add up to its total."""
    flexible = project.flexible
    return flexible is None or flexible.fits(project.total, project.duration + stretch)


def max_delay(data: ProblemData, project: Project) -> int:
    """The largest delay the project may take: its own limit, and the horizon's end."""
    room = data.horizon[1] - project.planned_end
    return room if project.max_delay is None else min(project.max_delay, room)


def project_options(
    data: ProblemData, project: Project, *, free_fixed: bool = False
) -> tuple[ScheduleOption, ...]:
    """All options of a project, ordered by delay then stretch (the planned one first).

    Excluded projects have none. Fixed projects (locked, or started before ``as_of``) have only
    the planned one, unless ``free_fixed`` asks for the options they would have if they could
    move (used to explain infeasibility, where locks become constraints that may be dropped).
    No option ends after the horizon, and a flexible project has no window its share bounds
    cannot fill.
    """
    if project.excluded:
        return ()
    if data.is_fixed(project) and not free_fixed:
        return (make_option(data, project, 0, 0),)
    last = data.horizon[1]
    # A delay only shifts the spend (and its apportionment) in time: build each stretch's
    # undelayed option once and shift it, rather than apportioning every option anew.
    undelayed = {
        stretch: make_option(data, project, 0, stretch)
        for stretch in range(project.max_stretch + 1)
        if project.planned_end + stretch <= last and _window_fits(project, stretch)
    }
    return tuple(
        shifted(undelayed[stretch], delay)
        for delay in range(max_delay(data, project) + 1)
        for stretch in undelayed
        if project.planned_end + delay + stretch <= last
    )


def shifted(option: ScheduleOption, delay: int) -> ScheduleOption:
    """``option`` (undelayed) started ``delay`` periods later: same amounts, later periods."""
    if delay == 0:
        return option
    return ScheduleOption(
        project_id=option.project_id,
        delay=option.delay + delay,
        stretch=option.stretch,
        start=option.start + delay,
        end=option.end + delay,
        spend={period + delay: amount for period, amount in option.spend.items()},
        scopes={
            scope: {period + delay: amount for period, amount in amounts.items()}
            for scope, amounts in option.scopes.items()
        },
        flexible=option.flexible,
    )


def all_options(
    data: ProblemData, *, free_fixed: bool = False
) -> dict[str, tuple[ScheduleOption, ...]]:
    """Options of every project, by project id (excluded projects map to ``()``).

    The options depend only on the (immutable) data, and a solve needs them several times
    (greedy warm start, model, cap usage): they are computed once per ``ProblemData`` and kept
    with it.
    """
    cache: dict[bool, dict[str, tuple[ScheduleOption, ...]]] = data.__dict__.setdefault(
        "_options_cache", {}
    )
    options = cache.get(free_fixed)
    if options is None:
        # Only fixed projects have other options when freed: the rest are shared.
        shared = all_options(data) if free_fixed else {}
        options = cache[free_fixed] = {
            project.id: shared[project.id]
            if free_fixed and not data.is_fixed(project)
            else project_options(data, project, free_fixed=free_fixed)
            for project in data.projects
        }
    return dict(options)
