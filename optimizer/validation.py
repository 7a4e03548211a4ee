"""Independent checker: re-checks every schedule against the data and recomputes objectives.

Nothing here looks at the solver or the options it chose from; the rules are restated from
``ProblemData``'s documentation, with only the profile and apportionment rules (which *define*
the money of a schedule) shared with the model. A flexible project's amounts are the
schedule's own; they are checked against its share bounds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from optimizer.params import Objective, funds_everything
from optimizer.problem import Cap, CapKind, ConcurrencyKind, ProblemData, Project
from optimizer.profiles import apportion, base_profile, spread_evenly
from optimizer.result import ProjectSchedule, Result


class InvalidSolutionError(RuntimeError):
    """A schedule failed the independent check; it must not be shown to anyone."""

    def __init__(self, violations: Sequence[str]) -> None:
        super().__init__("invalid solution: " + "; ".join(violations[:10]))
        self.violations = tuple(violations)


def _funded(
    data: ProblemData, schedules: Mapping[str, ProjectSchedule]
) -> list[tuple[Project, ProjectSchedule]]:
    return [
        (project, schedules[project.id])
        for project in data.projects
        if project.id in schedules and schedules[project.id].funded
    ]


def _spend_by_cap(
    data: ProblemData, schedules: Mapping[str, ProjectSchedule]
) -> dict[tuple[CapKind, str, int], int]:
    used: dict[tuple[CapKind, str, int], int] = {}

    def add(kind: CapKind, key: str, period: int, amount: int) -> None:
        used[(kind, key, period)] = used.get((kind, key, period), 0) + amount

    for project, schedule in _funded(data, schedules):
        for period, amount in schedule.spend.items():
            add(CapKind.TOTAL, "", period, amount)
            if project.table:
                add(CapKind.TABLE, project.table, period, amount)
            if project.plan:
                add(CapKind.PLAN, project.plan, period, amount)
            for region, part in apportion(amount, project.regions).items():
                add(CapKind.REGION, region, period, part)
                city = data.cities.get(region)
                if city is not None:
                    add(CapKind.CITY, city, period, part)
    return used


def _cap_spend(used: Mapping[tuple[CapKind, str, int], int], cap: Cap) -> int:
    """The spend in the cap's scope over its periods."""
    return sum(used.get((cap.kind, cap.key, period), 0) for period in cap.periods)


def objective_values(
    data: ProblemData, schedules: Mapping[str, ProjectSchedule]
) -> dict[Objective, int]:
    """Every objective's value for these schedules (see ``Objective`` for definitions)."""
    funded = _funded(data, schedules)
    spend = _spend_by_cap(data, schedules)
    # The level: the spend over each of its terms' periods minus the term's allowance.
    peaks = [
        sum(spend.get((CapKind.TOTAL, "", period), 0) for period in periods) - allowance
        for periods, allowance in data.level_windows()
    ]
    ends = [schedule.end for _, schedule in funded if schedule.end is not None]
    return {
        Objective.VALUE: sum(project.priority for project, _ in funded),
        # Periods late at completion: the start delay plus the stretch.
        Objective.DELAY: sum(
            project.priority * (schedule.delay + schedule.stretch) for project, schedule in funded
        ),
        Objective.COMPLETION: max(ends, default=data.horizon[0] - 1),
        Objective.LEVEL: max(peaks, default=0),
    }


def _check_project(
    data: ProblemData, project: Project, schedule: ProjectSchedule, required: bool
) -> list[str]:
    where = f"project {project.id}"
    if not schedule.funded:
        problems = []
        if schedule.spend or schedule.start is not None or schedule.end is not None:
            problems.append(f"{where}: unfunded but has a window or spend")
        if data.has_started(project):
            problems.append(f"{where}: started before {data.as_of} but unfunded")
        elif project.must_fund:
            problems.append(f"{where}: must be funded but is not")
        elif required and not project.excluded:
            problems.append(f"{where}: every project must be funded, this one is not")
        return problems
    if project.excluded:
        return [f"{where}: excluded but funded"]
    if schedule.start is None or schedule.end is None:
        return [f"{where}: funded without a window"]
    problems = []
    delay = schedule.start - project.planned_start
    stretch = (schedule.end - schedule.start + 1) - project.duration
    if (delay, stretch) != (schedule.delay, schedule.stretch):
        problems.append(
            f"{where}: delay/stretch {schedule.delay}/{schedule.stretch} "
            f"do not match the window ({delay}/{stretch})"
        )
    if delay < 0:
        problems.append(f"{where}: starts {-delay} periods before its planned start")
    if stretch < 0:
        problems.append(f"{where}: window shorter than planned")
    if project.max_delay is not None and delay > project.max_delay:
        problems.append(f"{where}: delay {delay} exceeds max_delay {project.max_delay}")
    if stretch > project.max_stretch:
        problems.append(f"{where}: stretch {stretch} exceeds max_stretch {project.max_stretch}")
    if schedule.end > data.horizon[1]:
        problems.append(f"{where}: ends in {schedule.end}, after the horizon")
    if data.has_started(project) and (delay, stretch) != (0, 0):
        problems.append(f"{where}: started before {data.as_of} but was moved")
    if project.locked and (delay, stretch) != (0, 0):
        problems.append(f"{where}: locked but was moved")
    if (
        delay >= 0
        and stretch >= 0
        and project.flexible is not None
        and not data.has_started(project)
    ):
        problems += _check_flexible(project, schedule)
    elif delay >= 0 and stretch >= 0:
        amounts = (
            base_profile(project)
            if stretch == 0
            else spread_evenly(project.total, project.duration + stretch)
        )
        expected = {schedule.start + i: amount for i, amount in enumerate(amounts)}
        if dict(schedule.spend) != expected:
            problems.append(f"{where}: spend {dict(schedule.spend)} is not its profile {expected}")
    if sum(schedule.spend.values()) != project.total:
        problems.append(f"{where}: spends {sum(schedule.spend.values())} of {project.total}")
    return problems


def _check_flexible(project: Project, schedule: ProjectSchedule) -> list[str]:
    """A flexible project's amounts: every period of its window, each within its bounds (a
    started one is held to its even spread, like any planned profile, by the caller)."""
    assert project.flexible is not None and schedule.start is not None
    assert schedule.end is not None
    where = f"project {project.id}"
    low, high = project.flexible.bounds(project.total)
    window = set(range(schedule.start, schedule.end + 1))
    problems = []
    if set(schedule.spend) != window:
        problems.append(
            f"{where}: spends in {sorted(schedule.spend)}, its window is {sorted(window)}"
        )
    for period, amount in sorted(schedule.spend.items()):
        if period in window and not low <= amount <= high:
            problems.append(
                f"{where}: spends {amount} in {period}, flexible bounds are {low}..{high}"
            )
    return problems


def check_schedules(
    data: ProblemData,
    schedules: Mapping[str, ProjectSchedule],
    objectives: Sequence[Objective],
) -> list[str]:
    """Violations of the data's rules by these schedules (empty when all hold)."""
    problems: list[str] = []
    ids = {project.id for project in data.projects}
    if set(schedules) != ids:
        problems.append(f"schedules cover {sorted(schedules)}, projects are {sorted(ids)}")
    required = funds_everything(objectives)
    for project in data.projects:
        if project.id in schedules:
            problems += _check_project(data, project, schedules[project.id], required)
    for link in data.links:
        pred, succ = schedules.get(link.predecessor), schedules.get(link.successor)
        if pred is None or succ is None or not succ.funded:
            continue
        if not pred.funded:
            problems.append(f"link {link.key}: successor funded without its predecessor")
        elif (
            succ.start is not None and pred.end is not None and succ.start < pred.end + 1 + link.lag
        ):
            problems.append(
                f"link {link.key}: starts {succ.start}, predecessor ends "
                f"{pred.end} with lag {link.lag}"
            )
    first_planning = data.first_planning_period
    used = _spend_by_cap(data, schedules)
    for cap in data.caps:
        amount = _cap_spend(used, cap)
        if data.is_enforced(cap) and amount > cap.amount:
            problems.append(f"cap {cap.label}: {amount} spent, cap {cap.amount}")
    funded = _funded(data, schedules)
    for limit in data.concurrency:
        periods = data.planning_periods if limit.period is None else [limit.period]
        for period in periods:
            if period < first_planning:
                continue
            count = sum(
                1
                for project, schedule in funded
                if schedule.start is not None
                and schedule.end is not None
                and schedule.start <= period <= schedule.end
                and (
                    limit.key in project.regions
                    if limit.kind is ConcurrencyKind.REGION
                    else limit.key in project.units
                )
            )
            if count > limit.limit:
                problems.append(
                    f"concurrency {limit.kind.value} {limit.key} {period}: "
                    f"{count} projects, limit {limit.limit}"
                )
    return problems


def validate(data: ProblemData, result: Result) -> list[str]:
    """Everything wrong with ``result`` for ``data``: rule violations, misreported cap usage
    and objective values that the schedules do not give. Empty means the result is sound."""
    if not result.has_solution:
        return ["schedules given without a solution"] if result.schedules else []
    problems = check_schedules(data, result.schedules, result.objectives)
    if tuple(level.objective for level in result.levels) != result.objectives:
        problems.append("levels do not follow the objective order")
    values = objective_values(data, result.schedules)
    for level in result.levels:
        if level.value is not None and level.value != values[level.objective]:
            problems.append(
                f"objective {level.name}: reported {level.value}, "
                f"schedules give {values[level.objective]}"
            )
    used = _spend_by_cap(data, result.schedules)
    if len(result.cap_usage) != len(data.caps):
        problems.append("cap usage does not list every cap")
    for usage, cap in zip(result.cap_usage, data.caps, strict=False):
        amount = _cap_spend(used, cap)
        if (*usage.ident, usage.cap) != (*cap.ident, cap.amount) or usage.used != amount:
            problems.append(
                f"cap {cap.label}: usage reported {usage.used}, schedules give {amount}"
            )
    return problems
