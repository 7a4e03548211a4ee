"""The smallest changes that make a scenario work, in the planner's terms.

For a scenario that cannot be met: each cap of its conflict raised alone to the lowest
amount that works (a cut: the largest cut that works); where one alone is not enough, the
caps raised together, the earliest first; and the fewest must-funds, locks and links to give
up, with what giving them up costs. For a run with delays: the caps raised together, the
earliest first, to the lowest amounts at which nothing is delayed. The optimizer finds each
one exactly and re-solves the changed scenario before it is returned (``optimizer.relax``);
nothing here is a guess.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from optimizer import (
    Cap,
    CapRelaxation,
    ConstraintFamily,
    ConstraintRef,
    Result,
    SolveParams,
    lowest_caps_together,
    lowest_feasible_cap,
    smallest_release,
    solve,
    without_delay,
)
from optimizer import Release as SolverRelease
from portfolio.scenarios.build import BuiltScenario
from portfolio.scenarios.outcome import (
    CapChange,
    CapRef,
    MemberFamily,
    Relaxation,
    RelaxationKind,
    Release,
)
from portfolio.scenarios.report import cap_ref, objective_level

# Most caps of a conflict each relaxed on its own, and most caps raised together (one by
# one, the earliest first): each is a few short solves.
MAX_CAPS = 6
MAX_CAPS_TOGETHER = 24
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


def _cut(built: BuiltScenario, cap: Cap, lowest: int | None) -> tuple[int | None, int | None]:
    """The planned spend a % cut of ``cap`` is taken from and the largest cut of it, in basis
    points, whose cap still reaches ``lowest``: rounded down, so that the cap the cut leaves
    (rounded down to 万元) is not below it. ``(None, None)`` when no cut made the cap or no
    cut can reach ``lowest``."""
    planned = _cut_of(built, cap)
    if not planned or lowest is None or lowest > planned:
        return None, None
    return planned, (planned - lowest) * 10000 // planned


def _ref(built: BuiltScenario, cap: Cap) -> CapRef:
    return cap_ref(built, cap.kind, cap.key, cap.period, cap.last_period)


def _cap_relaxation(built: BuiltScenario, found: CapRelaxation) -> Relaxation:
    cap, lowest = found.cap, found.lowest_feasible_wan
    planned, cut = _cut(built, cap, lowest)
    return Relaxation(
        kind=RelaxationKind.CAP if cut is None else RelaxationKind.CUT,
        proven=found.proven,
        cap=_ref(built, cap),
        current_wan=cap.amount,
        lowest_feasible_wan=lowest,
        planned_wan=planned,
        largest_cut_bp=cut,
    )


def _together(
    built: BuiltScenario, found: tuple[CapRelaxation, ...], kind: RelaxationKind
) -> Relaxation | None:
    """Caps raised together: the ones that change, each with its cut where a cut made it."""
    changes = []
    for relaxed in found:
        cap, lowest = relaxed.cap, relaxed.lowest_feasible_wan
        if lowest is None or lowest <= cap.amount:
            continue
        planned, cut = _cut(built, cap, lowest)
        changes.append(CapChange(_ref(built, cap), cap.amount, lowest, planned, cut))
    if not changes:
        return None
    return Relaxation(kind=kind, proven=all(r.proven for r in found), changes=tuple(changes))


def _enforced_caps(built: BuiltScenario) -> list[Cap]:
    """The caps that hold in planning periods, the earliest first."""
    caps = [cap for cap in built.data.caps if built.data.is_enforced(cap)]
    return sorted(caps, key=lambda c: (c.period, c.last, c.kind.value, c.key))


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
    """The enforced caps among the conflict's members, in its order."""
    assert result.infeasibility is not None
    by_ref = {ConstraintRef.of_cap(cap): cap for cap in built.data.caps}
    caps = [by_ref[ref] for ref in result.infeasibility.members if ref in by_ref]
    return [cap for cap in caps if built.data.is_enforced(cap)][:MAX_CAPS]


def relaxations_for(
    built: BuiltScenario, result: Result, params: SolveParams, say: Callable[[str], None]
) -> tuple[Relaxation, ...]:
    """Relaxations of an infeasible scenario, or the no-delay caps of one with delays.
    A run that timed out, or one with nothing delayed, gets none."""
    if result.infeasibility is not None:
        return _when_infeasible(built, result, params, say)
    if not result.has_solution or not any(
        s.delay or s.stretch or not s.funded for s in result.schedules.values()
    ):
        return ()
    caps = _enforced_caps(built)
    if not caps or len(caps) > MAX_CAPS_TOGETHER:
        return ()
    say("explaining: the lowest caps at which nothing is delayed")
    found = lowest_caps_together(without_delay(built.data), caps, params)
    relaxed = None if found is None else _together(built, found, RelaxationKind.NO_DELAY)
    return () if relaxed is None else (relaxed,)


def _when_infeasible(
    built: BuiltScenario, result: Result, params: SolveParams, say: Callable[[str], None]
) -> tuple[Relaxation, ...]:
    say("explaining: the smallest changes that let the scenario be met")
    conflict = _conflict_caps(built, result)
    found: list[Relaxation] = [
        _cap_relaxation(built, lowest_feasible_cap(built.data, cap, params)) for cap in conflict
    ]
    alone = all(r.lowest_feasible_wan is not None for r in found)
    caps = _enforced_caps(built)
    if conflict and (len(conflict) > 1 or not alone) and len(caps) <= MAX_CAPS_TOGETHER:
        together = lowest_caps_together(built.data, caps, params)
        joint = None if together is None else _together(built, together, RelaxationKind.CAPS)
        if joint is not None:
            found.append(joint)
    release = smallest_release(built.data, params)
    if release is not None:
        found.append(_release(built, release, params))
    return tuple(found)
