"""Which droppable constraints most likely take part in a conflict: the order to try them in.

QuickXplain keeps the constraints it is given first wherever it can: the conflict it finds
is made of the earliest ones that fail together, and it finds it in fewer checks when they
stand close together. Within each family the constraints go by the pressure on them:

- a budget cap or concurrency limit by the demand no schedule of the projects can avoid on
  it (the least any option spends within its scope and periods, the projects every option
  of which runs in its period) over its amount;
- a project's constraint (history, lock, must-fund, required) by the largest share of any
  such cap or limit the project takes whichever way it runs, times the pressure on it (a
  large share of a cap that holds anyway matters less than a smaller one of a cap overrun).

Over a cut year the largest unavoidable spenders come first, and a conflict of a few of them
is found instead of one of many small projects. The order only guides the search: the set
found is checked the same way whatever the order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from optimizer.options import ScheduleOption, Scope, concurrency_keys
from optimizer.problem import Cap, ProblemData
from optimizer.result import ConstraintFamily, ConstraintRef

_PROJECT_FAMILIES = (
    ConstraintFamily.HISTORY,
    ConstraintFamily.LOCK,
    ConstraintFamily.MUST_FUND,
    ConstraintFamily.REQUIRED,
)


def _least_spend(options: Sequence[ScheduleOption], cap: Cap) -> int:
    """The least any of ``options`` spends within the cap's scope over its periods."""
    scope: Scope = (cap.kind, cap.key)
    least = None
    for option in options:
        amounts = option.scopes.get(scope)
        if not amounts:
            return 0
        first, last = max(cap.period, option.start), min(cap.last, option.end)
        spent = sum(amounts.get(period, 0) for period in range(first, last + 1))
        least = spent if least is None else min(least, spent)
        if least == 0:
            return 0
    return least or 0


def _unavoidable_loads(
    data: ProblemData,
    options: Mapping[str, Sequence[ScheduleOption]],
    refs: Iterable[ConstraintRef],
) -> tuple[dict[ConstraintRef, tuple[int, int]], dict[str, dict[ConstraintRef, int]]]:
    """For each cap and concurrency limit among ``refs``: its amount and the demand on it no
    schedule avoids; for each project, its own unavoidable part of each."""
    caps = {ConstraintRef.of_cap(cap): cap for cap in data.caps}
    wanted = [ref for ref in refs if ref in caps or ref.family is ConstraintFamily.CONCURRENCY]
    limits: dict[tuple[str, str, int | None], int] = {}
    for limit in data.concurrency:
        ident = (limit.kind.value, limit.key, limit.period)
        limits[ident] = min(limit.limit, limits.get(ident, limit.limit))
    capacity: dict[ConstraintRef, tuple[int, int]] = {}
    loads: dict[str, dict[ConstraintRef, int]] = defaultdict(dict)
    for project in data.projects:
        project_options = options.get(project.id, ())
        if not project_options:
            continue
        # The periods in which every option runs.
        always = range(
            max(option.start for option in project_options),
            min(option.end for option in project_options) + 1,
        )
        keys = {(kind.value, key) for kind, key in concurrency_keys(project)}
        for ref in wanted:
            if ref in caps:
                load = _least_spend(project_options, caps[ref])
            else:
                load = int((ref.kind, ref.key) in keys and ref.period in always)
            if load:
                loads[project.id][ref] = load
    for ref in wanted:
        if ref in caps:
            amount = caps[ref].amount
        else:
            unlimited = len(data.projects)
            amount = min(
                limits.get((ref.kind, ref.key, ref.period), unlimited),
                limits.get((ref.kind, ref.key, None), unlimited),
            )
        demand = sum(by_ref.get(ref, 0) for by_ref in loads.values())
        capacity[ref] = (amount, demand)
    return capacity, loads


def likely_conflict_order(
    data: ProblemData,
    options: Mapping[str, Sequence[ScheduleOption]],
    refs: Sequence[ConstraintRef],
) -> list[ConstraintRef]:
    """``refs`` grouped by family in the families' order, and within each family the most
    pressed first (ties in the refs' own order); see the module's docstring."""
    capacity, loads = _unavoidable_loads(data, options, refs)

    def share(load: int, amount: int) -> Fraction:
        # A cap of nothing: any load on it is at least a whole one.
        return Fraction(load, max(amount, 1))

    def weight(ref: ConstraintRef) -> Fraction:
        if ref in capacity:
            amount, demand = capacity[ref]
            return share(demand, amount)
        if ref.family in _PROJECT_FAMILIES:
            own = loads.get(ref.key, {})
            return max(
                (share(load, capacity[on][0]) * pressure[on] for on, load in own.items()),
                default=Fraction(0),
            )
        return Fraction(0)

    pressure = {ref: share(demand, amount) for ref, (amount, demand) in capacity.items()}
    weights = {ref: weight(ref) for ref in refs}
    return sorted(refs, key=lambda ref: (ref.family.value, -weights[ref], ref))
