"""Trivial bounds of the objectives, and the clamp every reported bound goes through.

A solver's bound is only as good as its relaxation: CP-SAT's presolve can rewrite an
objective over variables whose relaxation is looser than the objective itself (a ``value``
bound of 174 was reported for 151 projects of priority 1). Whatever the solver says, a
reported bound is honest only when it lies between what is trivially possible and the value
found: a maximisation bound is at most the sum of the priorities of the projects that can be
funded and at least the value found; a minimisation bound is at least the objective's trivial
lower bound and at most the value found.
"""

from __future__ import annotations

from optimizer.options import all_options
from optimizer.params import Objective, funds_everything
from optimizer.problem import ProblemData, Project


def _surely_funded(data: ProblemData, objectives: tuple[Objective, ...]) -> list[Project]:
    """Projects funded in every schedule: started, must-fund, or all when ``value`` is absent."""
    options = all_options(data)
    everything = funds_everything(objectives)
    return [
        project
        for project in data.projects
        if options.get(project.id)
        and (data.has_started(project) or project.must_fund or everything)
    ]


def trivial_bound(
    data: ProblemData, objective: Objective, objectives: tuple[Objective, ...] | None = None
) -> int:
    """The bound of ``objective`` that needs no search (``objectives``: the whole order, which
    decides whether every project must be funded; defaults to ``objective`` alone).

    - ``value``: the priorities of all projects that have an option (not excluded);
    - ``delay``: 0 (every project may run as planned: neither delayed nor stretched);
    - ``completion``: the latest planned end of the projects that are surely funded (nothing
      ends before its planned end), ``first - 1`` of the horizon when there are none;
    - ``level``: per term of the level (``ProblemData.level_windows``), the spend over its
      periods of surely funded projects that cannot move, minus its allowance; the largest
      of these (0 without planning periods).
    """
    order = objectives if objectives is not None else (objective,)
    if objective is Objective.VALUE:
        options = all_options(data)
        return sum(p.priority for p in data.projects if options.get(p.id))
    if objective is Objective.DELAY:
        return 0
    surely = _surely_funded(data, order)
    if objective is Objective.COMPLETION:
        return max((p.planned_end for p in surely), default=data.horizon[0] - 1)
    windows = data.level_windows()
    if not windows:
        return 0
    options = all_options(data)
    fixed_spend: dict[int, int] = {}
    for project in surely:
        (only, *others) = options[project.id]
        if others:
            continue  # it may move: its spend in a given period is not sure
        for period, amount in only.spend.items():
            fixed_spend[period] = fixed_spend.get(period, 0) + amount
    return max(
        sum(fixed_spend.get(period, 0) for period in periods) - allowance
        for periods, allowance in windows
    )


def clamp_bound(
    data: ProblemData,
    objective: Objective,
    bound: int,
    value: int,
    objectives: tuple[Objective, ...] | None = None,
) -> int:
    """``bound`` kept between the value found and the trivial bound (see the module)."""
    trivial = trivial_bound(data, objective, objectives)
    if objective.maximize:
        return max(value, min(bound, trivial))
    return min(value, max(bound, trivial))
