"""The smallest changes that make a scenario work, in the planner's terms.

For a scenario that cannot be met: each cap of its conflict raised alone to the lowest
amount that works (a cut: the largest cut that works), and the fewest must-funds, locks and
links to give up, with what giving them up costs. For a run with delays: each cap's lowest
amount at which nothing is delayed. The optimizer finds each one exactly and re-solves the
changed scenario before it is returned (``optimizer.relax``); nothing here is a guess.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from optimizer import (
    Cap,
    CapRelaxation,
    ConstraintFamily,
    Result,
    SolveParams,
    lowest_feasible_cap,
    smallest_release,
    solve,
    without_delay,
)
from optimizer import Release as SolverRelease
from portfolio.scenarios.build import BuiltScenario
from portfolio.scenarios.outcome import MemberFamily, Relaxation, RelaxationKind, Release
from portfolio.scenarios.report import cap_ref, objective_level

# Most caps of a conflict (or of a run with delays) each relaxed on its own: each is a few
# short solves, and a planner reads the first few.
MAX_CAPS = 6
RELEASE_SECONDS = 5.0  # the released scenario's solve, for what the release costs


def _cut_of(built: BuiltScenario, cap: Cap) -> int | None:
    """The planned spend a % cut of this total cap is taken from, if a cut made the cap."""
    if cap.kind.value != "total":
        return None
    calendar = built.calendar
    year = calendar.year_of(cap.period)
    whole_year = (cap.period, cap.last) == (calendar.first(year), calendar.last(year))
    if not (whole_year and year in built.spec.cuts):
        return None
    return sum(built.planned.get(("total", "", period), 0) for period in cap.periods)


def _cap_relaxation(built: BuiltScenario, found: CapRelaxation, kind: RelaxationKind) -> Relaxation:
    cap = found.cap
    ref = cap_ref(built, cap.kind, cap.key, cap.period, cap.last_period)
    planned = _cut_of(built, cap) if kind is RelaxationKind.CAP else None
    lowest = found.lowest_feasible_wan
    if planned and lowest is not None and lowest <= planned:
        return Relaxation(
            kind=RelaxationKind.CUT,
            proven=found.proven,
            cap=ref,
            current_wan=cap.amount,
            lowest_feasible_wan=lowest,
            planned_wan=planned,
            # Rounded down, so that the cap the cut leaves (rounded down to 万元) still
            # reaches the lowest amount.
            largest_cut_bp=(planned - lowest) * 10000 // planned,
        )
    return Relaxation(
        kind=kind,
        proven=found.proven,
        cap=ref,
        current_wan=cap.amount,
        lowest_feasible_wan=lowest,
    )


def _release(built: BuiltScenario, release: SolverRelease, params: SolveParams) -> Relaxation:
    """The release in the planner's terms, with what it costs: the released scenario solved
    under the scenario's objectives, and each released project's fate in it."""
    quick = dataclasses.replace(
        params, time_limit=min(params.time_limit, RELEASE_SECONDS), explain=False
    )
    solved = solve(release.data, quick)
    items = []
    for ref in release.members:
        if ref.family is ConstraintFamily.LINK:
            before, after = ref.key.split("→")
            items.append(
                Release(
                    family=MemberFamily.LINK,
                    predecessor=_name(built, before),
                    successor=_name(built, after),
                )
            )
            continue
        project = built.projects.get(ref.key)
        schedule = solved.schedules.get(ref.key)
        funded = bool(schedule and schedule.funded) if solved.has_solution else None
        late = schedule.delay + schedule.stretch if schedule and schedule.funded else 0
        items.append(
            Release(
                family=MemberFamily(ref.family.value),
                project_id=project.id if project else None,
                name=_name(built, ref.key),
                total_wan=project.investment_wan if project else None,
                funded=funded,
                delay_years=built.calendar.whole_years(late) if funded else None,
            )
        )
    return Relaxation(
        kind=RelaxationKind.RELEASE,
        proven=release.proven_smallest,
        releases=tuple(items),
        objectives=tuple(objective_level(built.calendar, level) for level in solved.levels),
    )


def _name(built: BuiltScenario, project_id: str) -> str:
    project = built.projects.get(project_id)
    return project.name if project else project_id


def _conflict_caps(built: BuiltScenario, result: Result) -> list[Cap]:
    assert result.infeasibility is not None
    by_ident = {cap.ident: cap for cap in built.data.caps}
    caps = []
    for ref in result.infeasibility.members:
        if ref.family is ConstraintFamily.CAP and ref.period is not None:
            last = ref.period if ref.last_period is None else ref.last_period
            cap = next(
                (c for ident, c in by_ident.items() if ident[1:] == (ref.key, ref.period, last)
                 and ident[0].value == ref.kind),
                None,
            )  # fmt: skip
            if cap is not None and built.data.is_enforced(cap):
                caps.append(cap)
    return caps[:MAX_CAPS]


def relaxations_for(
    built: BuiltScenario, result: Result, params: SolveParams, say: Callable[[str], None]
) -> tuple[Relaxation, ...]:
    """Relaxations of an infeasible scenario, or the no-delay caps of one with delays.
    A run that timed out, or one with nothing delayed, gets none."""
    if result.infeasibility is not None:
        say("explaining: the smallest changes that let the scenario be met")
        found: list[Relaxation] = [
            _cap_relaxation(built, lowest_feasible_cap(built.data, cap, params), RelaxationKind.CAP)
            for cap in _conflict_caps(built, result)
        ]
        release = smallest_release(built.data, params)
        if release is not None:
            found.append(_release(built, release, params))
        return tuple(found)
    if not result.has_solution or not any(
        s.delay or s.stretch or not s.funded for s in result.schedules.values()
    ):
        return ()
    say("explaining: the lowest caps at which nothing is delayed")
    usage = {u.ident: u for u in result.cap_usage}
    caps = [cap for cap in built.data.caps if built.data.is_enforced(cap)]
    # The fullest caps first: those are what moved projects.
    caps.sort(key=lambda c: usage[c.ident].slack if c.ident in usage else c.amount)
    relaxed = []
    for cap in caps[:MAX_CAPS]:
        lowest = lowest_feasible_cap(without_delay(built.data, cap), cap, params)
        if lowest.lowest_feasible_wan is not None and lowest.lowest_feasible_wan > cap.amount:
            relaxed.append(_cap_relaxation(built, lowest, RelaxationKind.NO_DELAY))
    return tuple(relaxed)
