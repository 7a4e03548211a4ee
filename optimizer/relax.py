"""The smallest change that lets a scenario be met: relaxations of what cannot all hold.

- ``lowest_feasible_cap``: the lowest amount of one cap at which the scenario can be met,
  everything else held (exact to the 万元: the least spend the cap's scope can get away
  with, found by one minimisation).
- ``smallest_release``: the fewest must-funds, required projects, locks and links to let go,
  with every cap, limit and history held; ``released`` builds that scenario.
- ``lowest_caps_without_delay``: for each cap, the lowest amount at which no project needs
  to slip or stretch.

Every answer is checked before it is returned: the schedule the search found must pass the
independent validator on the changed scenario, and that scenario is solved again with the
model ``solve`` builds (a schedule it finds must pass the validator too; a verdict that
contradicts the answer raises ``RelaxationError``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from optimizer.options import ScheduleOption
from optimizer.params import Objective, SolveParams, funds_everything
from optimizer.problem import Cap, ProblemData
from optimizer.result import ConstraintFamily, ConstraintRef, SolveStatus
from optimizer.solvers.ortools.relax import (
    Search,
    feasible_schedule,
    min_cap_spend,
    min_release,
)
from optimizer.usage import schedules_from_choice
from optimizer.validation import InvalidSolutionError, check_schedules


class RelaxationError(RuntimeError):
    """A relaxation's check contradicted it (a bug: the answer must not be shown)."""


@dataclass(frozen=True)
class CapRelaxation:
    """How low one cap can go with the scenario still met.

    ``cap`` is the cap as the scenario has it. ``lowest_feasible_wan`` is the lowest amount
    (万元) at which the scenario can be met, which may lie below ``cap.amount`` when the cap
    is not what stops it; ``None`` when no amount of this cap alone makes it feasible (with
    ``proven``), or when no answer came in time (without). ``proven`` means the minimum was
    proven and both checks (feasible at the amount, infeasible 1 万元 below) gave proven
    answers. ``bound_wan`` is the solver's lower bound on the amount (equal to the amount
    when the minimum was proven; ``None`` when there is none).
    """

    cap: Cap
    lowest_feasible_wan: int | None
    proven: bool
    bound_wan: int | None


@dataclass(frozen=True)
class Release:
    """The constraints to let go (``members``, sorted) and the scenario without them
    (``data``, see ``released``). ``proven_smallest`` is True when no smaller release (and
    none as small that gives up less priority) was shown to exist."""

    members: tuple[ConstraintRef, ...]
    proven_smallest: bool
    data: ProblemData


def with_cap_amount(data: ProblemData, cap: Cap, amount: int) -> ProblemData:
    """The scenario with ``cap`` (matched by kind, key and periods) set to ``amount``."""
    caps = [dataclasses.replace(c, amount=amount) if c.ident == cap.ident else c for c in data.caps]
    return dataclasses.replace(data, caps=caps)


def released(
    data: ProblemData, members: Iterable[ConstraintRef], objectives: Sequence[Objective]
) -> ProblemData:
    """The scenario with ``members`` let go: a project named by its must-fund or required
    ref is given up (``excluded``, no longer must-fund), one named by its lock may move,
    and named links are removed. History cannot be released; caps and concurrency limits
    are not released here (``lowest_feasible_cap`` raises a cap).
    """
    let_go = set(members)
    for ref in let_go:
        if ref.family not in (
            ConstraintFamily.MUST_FUND,
            ConstraintFamily.REQUIRED,
            ConstraintFamily.LOCK,
            ConstraintFamily.LINK,
        ):
            raise ValueError(f"{ref.describe()}: only must-funds, required, locks, links")
    required = funds_everything(objectives)

    def named(family: ConstraintFamily, key: str) -> bool:
        return ConstraintRef(family, key) in let_go

    projects = []
    for project in data.projects:
        given_up = (project.must_fund and named(ConstraintFamily.MUST_FUND, project.id)) or (
            required and not project.must_fund and named(ConstraintFamily.REQUIRED, project.id)
        )
        if given_up and data.has_started(project):
            raise ValueError(f"project {project.id!r} has started and cannot be given up")
        if given_up:
            project = dataclasses.replace(project, excluded=True, must_fund=False)
        if project.locked and named(ConstraintFamily.LOCK, project.id):
            project = dataclasses.replace(project, locked=False)
        projects.append(project)
    links = [link for link in data.links if not named(ConstraintFamily.LINK, link.key)]
    return dataclasses.replace(data, projects=projects, links=links)


def _validate(
    data: ProblemData, chosen: Mapping[str, ScheduleOption | None], params: SolveParams
) -> None:
    """Raise ``InvalidSolutionError`` unless the schedule ``chosen`` meets ``data``'s rules."""
    schedules = schedules_from_choice(data, chosen)
    violations = check_schedules(data, schedules, params.objective_order)
    if violations:
        raise InvalidSolutionError(violations)


def _check(
    data: ProblemData,
    params: SolveParams,
    time_limit: float,
    hint: Mapping[str, ScheduleOption | None] | None = None,
) -> SolveStatus:
    """Solve ``data`` for feasibility; a schedule found must pass the validator."""
    search = feasible_schedule(data, params.objective_order, params, time_limit, hint)
    if search.status.has_solution:
        _validate(data, search.chosen, params)
    return search.status


def lowest_feasible_cap(
    data: ProblemData, cap: Cap, params: SolveParams, time_limit: float | None = None
) -> CapRelaxation:
    """The lowest amount of ``cap`` at which the scenario can be met, all else held.

    Every other cap, concurrency limit, must-fund, lock, link and history holds, and every
    project not excluded is funded when ``value`` is not among ``params``' objectives. The
    answer is exact: one solve minimises the spend in the cap's scope over its periods with
    the cap removed; that schedule must pass the validator at the amount, and the scenario
    is solved again at the amount (it must not be infeasible) and 1 万元 below (it must be
    infeasible when the minimum was proven). ``time_limit``
    bounds each solve (``params.explain_time_limit`` when ``None``); ``params.cancel``
    stops the work with ``SolveCancelledError``.
    """
    if all(c.ident != cap.ident for c in data.caps):
        raise ValueError(f"cap {cap.label} is not in the scenario")
    if not data.is_enforced(cap):
        raise ValueError(f"cap {cap.label} lies wholly in history and constrains nothing")
    cap = next(c for c in data.caps if c.ident == cap.ident)
    limit = params.explain_time_limit if time_limit is None else time_limit
    search = min_cap_spend(data, cap, params.objective_order, params, limit)
    return _verified(data, cap, search, params, limit)


def _verified(
    data: ProblemData, cap: Cap, search: Search, params: SolveParams, time_limit: float
) -> CapRelaxation:
    """The relaxation ``search`` found, checked at its amount and 1 万元 below."""
    if search.value is None:
        infeasible = search.status is SolveStatus.INFEASIBLE
        return CapRelaxation(cap, None, infeasible, search.bound)
    lowest = search.value
    relaxed = with_cap_amount(data, cap, lowest)
    _validate(relaxed, search.chosen, params)  # the minimum's own schedule is a witness
    at = _check(relaxed, params, time_limit, search.chosen)
    if at is SolveStatus.INFEASIBLE:
        raise RelaxationError(f"cap {cap.label}: infeasible at its lowest amount {lowest}")
    proven = search.status is SolveStatus.OPTIMAL and at.has_solution
    if lowest > 0:
        below = _check(with_cap_amount(data, cap, lowest - 1), params, time_limit)
        if below.has_solution and search.status is SolveStatus.OPTIMAL:
            raise RelaxationError(f"cap {cap.label}: feasible below its proven lowest {lowest}")
        proven = proven and below is SolveStatus.INFEASIBLE
    return CapRelaxation(cap, lowest, proven, search.bound)


def smallest_release(
    data: ProblemData, params: SolveParams, time_limit: float | None = None
) -> Release | None:
    """The fewest must-funds, required projects (when ``value`` is not an objective), locks
    and links whose release lets the scenario be met, with every cap, concurrency limit and
    history held.

    Releasing a must-fund or required project gives it up (it is then excluded), a lock
    lets the project move, a link is dropped. Ties go to the release that gives up the
    least total priority, then to the fewest locks and links. One solve finds it; its
    schedule must pass the validator on the released scenario, which is then solved again
    with ``solve``'s model before it is returned. ``None`` when the scenario is already
    feasible, when no such release can make it feasible (caps against history alone, say),
    or when no answer came in time.
    ``time_limit`` bounds each solve (``params.explain_time_limit`` when ``None``).
    """
    limit = params.explain_time_limit if time_limit is None else time_limit
    objectives = params.objective_order
    search = min_release(data, objectives, params, limit)
    if not search.status.has_solution or not search.released:
        return None
    members = tuple(sorted(search.released))
    relaxed = released(data, members, objectives)
    _validate(relaxed, search.chosen, params)  # the search's own schedule is a witness
    if _check(relaxed, params, limit, search.chosen) is SolveStatus.INFEASIBLE:
        raise RelaxationError(f"the release of {len(members)} constraints is still infeasible")
    return Release(members, search.status is SolveStatus.OPTIMAL, relaxed)


def without_delay(data: ProblemData, cap: Cap | None = None) -> ProblemData:
    """The scenario in which no project slips or stretches: every project not excluded is
    must-fund and locked to its planned window (a flexible one keeps choosing its amounts
    within its shares); limits, links and history hold. With ``cap``, that cap is the only
    one; without, every cap stays."""
    projects = [
        project
        if project.excluded or data.has_started(project)
        else dataclasses.replace(project, must_fund=True, locked=True)
        for project in data.projects
    ]
    caps = data.caps if cap is None else [cap]
    return dataclasses.replace(data, projects=projects, caps=caps)


def lowest_caps_together(
    data: ProblemData,
    caps: Sequence[Cap],
    params: SolveParams,
    time_limit: float | None = None,
) -> tuple[CapRelaxation, ...] | None:
    """The lowest amounts of ``caps`` taken together at which the scenario can be met,
    raising none above what it needs and lowering none: the earliest cap first.

    Each cap in turn (in the order given) is minimised as in ``lowest_feasible_cap`` with
    the caps before it at their new amounts and the caps after it removed; it keeps its
    own amount when that is already enough. So the amounts are the least for the first
    cap, then the least for the second given the first, and so on, and the last
    minimisation's check proves the whole set feasible. Caps of ``data`` not in ``caps``
    stay as they are. ``None`` when even with every one of ``caps`` removed the scenario
    cannot be met, or when a minimisation gave no answer in time.
    """
    wanted = {cap.ident for cap in caps}
    others = [cap for cap in data.caps if cap.ident not in wanted]
    fixed: list[Cap] = []
    found = []
    for cap in caps:
        step = dataclasses.replace(data, caps=[*others, *fixed, cap])
        lowest = lowest_feasible_cap(step, cap, params, time_limit)
        if lowest.lowest_feasible_wan is None:
            return None
        amount = max(cap.amount, lowest.lowest_feasible_wan)
        fixed.append(dataclasses.replace(cap, amount=amount))
        found.append(dataclasses.replace(lowest, lowest_feasible_wan=amount))
    return tuple(found)


def lowest_caps_without_delay(
    data: ProblemData, params: SolveParams, time_limit: float | None = None
) -> tuple[CapRelaxation, ...]:
    """For each enforced cap, the lowest amount at which no project needs to be delayed.

    Definition: the least spend in the cap's scope over its periods among the schedules in
    which every project not excluded is funded in its planned window (no delay, no
    stretch; a flexible project chooses its amounts within its shares), with concurrency
    limits, links and history held and every OTHER cap removed (those would be raised to
    their own amounts too). Each cap is one minimisation, checked as in
    ``lowest_feasible_cap`` on ``without_delay(data, cap)``. Every cap reaching a planning
    period is returned, in the scenario's order: one whose ``lowest_feasible_wan`` is at
    most its amount does not itself cause a delay. The amounts are each cap's own minimum:
    with flexible projects under several caps, raising all caps to them at once need not
    leave every project in place. ``lowest_feasible_wan`` is ``None`` when no cap amount
    avoids delays (a concurrency limit or link forces one).
    """
    return tuple(
        lowest_feasible_cap(without_delay(data, cap), cap, params, time_limit)
        for cap in data.caps
        if data.is_enforced(cap)
    )
