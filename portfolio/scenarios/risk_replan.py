"""Re-planning a sampled future under the caps (``[risk] mode = "replan"``, the default).

A sample draws the same futures as the fixed-plan measure (:func:`~portfolio.scenarios.risk.
events`, one generator per sample) for every project of the scenario's problem. Then the
problem is changed as the future says, and solved again with the scenario's own objectives:

- a delay of *d* years moves the project's planned window *d* years later (what remains to
  spend: history is outside the problem). The optimizer may delay it further within what is
  left of its ``max_delay`` (never below zero), and the horizon grows as far as the moved
  windows need;
- an overrun raises each planned year's amount to ``amount × (100 + overrun) / 100``, rounded
  half up to the 万元, and the total to their sum (a flexible project: its total).

The re-plan then keeps every cap, or there is no plan: such a sample is counted as
infeasible (it breaks every cap), never dropped. A sample whose solve finds no plan within
its time limit, without proving there is none, is counted as unsolved and left out of the
other figures; one whose plan is not proven optimal in time counts as unproven (its figures
may differ on a busier or quieter machine). A sample's weighted delay is Σ priority × (drawn delay
+ the re-plan's start delay and stretch) over the funded projects, measured against the
scenario's planned windows as the ``delay`` objective is; a project counts as delayed when it
ends later than in the plan; with ``value`` among the objectives, a project the plan funds may
be left out (``dropped``).

Everything a worker needs travels as plain values (:func:`setup_to_dict`): the problem, the
rules, the plan's delays and the history spent before ``as_of``; no database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from optimizer import (
    CancelToken,
    Objective,
    ProblemData,
    Project,
    SolveParams,
    SolveStatus,
    solve,
    spread_evenly,
)
from optimizer.serialize import problem_from_dict, problem_to_dict
from portfolio.scenarios.risk import (
    Event,
    Sample,
    events,
    measured_sample,
    need_by_scope,
    raised,
)
from portfolio.scenarios.risk_spec import DEFAULT_SAMPLE_SECONDS, RULE_KEYS, RiskRule


@dataclass(frozen=True)
class ReplanSetup:
    """What re-planning a sample needs: the scenario's problem, every project's rule (by
    optimizer id), the plan's delay (start delay + stretch, in years) of each project it
    funds, each project's spend before ``as_of``, the objectives, the seconds per sample
    and the seed."""

    data: ProblemData
    rules: Mapping[str, RiskRule]
    plan_delays: Mapping[str, int]
    history: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    objectives: tuple[Objective, ...] = (Objective.DELAY, Objective.LEVEL)
    time_limit: float = DEFAULT_SAMPLE_SECONDS
    seed: int = 0


def sampled_project(project: Project, event: Event) -> Project:
    """The project as the future ``event`` leaves it (raises ``ValueError`` when it cannot
    be: a flexible project whose raised total no longer fits its shares)."""
    if not event.happens:
        return project
    changes: dict[str, Any] = {}
    if event.overrun is not None:
        if project.flexible is not None:
            changes["total"] = raised(project.total, event.overrun)
        else:
            planned = project.profile or spread_evenly(project.total, project.duration)
            profile = tuple(raised(amount, event.overrun) for amount in planned)
            changes.update(profile=profile, total=sum(profile))
    if event.delay:
        changes.update(
            planned_start=project.planned_start + event.delay,
            planned_end=project.planned_end + event.delay,
            max_delay=None
            if project.max_delay is None
            else max(0, project.max_delay - event.delay),
        )
    return dataclasses.replace(project, **changes)


def sampled_problem(data: ProblemData, drawn: Mapping[str, Event]) -> ProblemData:
    """The scenario's problem as the drawn futures leave it; the horizon reaches the last
    moved window."""
    projects = [sampled_project(p, drawn.get(p.id, Event())) for p in data.projects]
    last = max([data.horizon[1], *(p.planned_end for p in projects)])
    return dataclasses.replace(data, projects=projects, horizon=(data.horizon[0], last))


def replan_sample(setup: ReplanSetup, index: int, cancel: CancelToken | None = None) -> Sample:
    """Sample ``index``: drawn, re-planned under the caps (one solver thread) and measured."""
    drawn = events(setup.rules, setup.seed, index)
    try:
        problem = sampled_problem(setup.data, drawn)
    except ValueError:
        return _infeasible(index)
    params = SolveParams(
        objectives=setup.objectives,
        time_limit=setup.time_limit,
        num_workers=1,
        explain=False,
        cancel=cancel,
    )
    result = solve(problem, params)
    if result.status is SolveStatus.INFEASIBLE:
        return _infeasible(index)
    if not result.has_solution:
        return Sample(index, {}, {}, (), (), 0, unsolved=True)
    spends = []
    delayed, dropped = [], []
    weighted = 0
    for project in problem.projects:
        schedule = result.schedules[project.id]
        if not schedule.funded:
            if project.id in setup.plan_delays:
                dropped.append(project.id)
            continue
        history = setup.history.get(project.id, {})
        spends.append((project, {**history, **schedule.spend}))
        late = drawn[project.id].delay + schedule.delay + schedule.stretch
        weighted += project.priority * late
        if late > setup.plan_delays.get(project.id, 0):
            delayed.append(project.id)
    measured = measured_sample(
        problem, index, need_by_scope(problem, spends), delayed, weighted, dropped
    )
    return dataclasses.replace(measured, unproven=result.status is not SolveStatus.OPTIMAL)


def _infeasible(index: int) -> Sample:
    return Sample(index, {}, {}, (), (), 0, infeasible=True)


# Plain values for the workers (JSON: what moves over a broker).


def setup_to_dict(setup: ReplanSetup) -> dict[str, Any]:
    return {
        "problem": problem_to_dict(setup.data),
        "rules": {
            pid: {key: _text(getattr(rule, key)) for key in RULE_KEYS}
            for pid, rule in setup.rules.items()
        },
        "plan_delays": dict(setup.plan_delays),
        "history": {pid: _pairs(spend) for pid, spend in setup.history.items()},
        "objectives": [o.value for o in setup.objectives],
        "time_limit": setup.time_limit,
        "seed": setup.seed,
    }


def setup_from_dict(raw: Mapping[str, Any]) -> ReplanSetup:
    return ReplanSetup(
        data=problem_from_dict(raw["problem"]),
        rules={pid: _rule(values) for pid, values in raw["rules"].items()},
        plan_delays={pid: int(d) for pid, d in raw["plan_delays"].items()},
        history={pid: _years(pairs) for pid, pairs in raw["history"].items()},
        objectives=tuple(Objective(o) for o in raw["objectives"]),
        time_limit=float(raw["time_limit"]),
        seed=int(raw["seed"]),
    )


def sample_to_dict(sample: Sample) -> dict[str, Any]:
    return {
        "index": sample.index,
        "need": _pairs(sample.need),
        "county_need": {c: _pairs(need) for c, need in sample.county_need.items()},
        "exceeded": list(sample.exceeded),
        "delayed": list(sample.delayed),
        "weighted_delay": sample.weighted_delay,
        "infeasible": sample.infeasible,
        "dropped": list(sample.dropped),
        "unsolved": sample.unsolved,
        "unproven": sample.unproven,
    }


def sample_from_dict(raw: Mapping[str, Any]) -> Sample:
    return Sample(
        index=int(raw["index"]),
        need=_years(raw["need"]),
        county_need={c: _years(need) for c, need in raw["county_need"].items()},
        exceeded=tuple(bool(e) for e in raw["exceeded"]),
        delayed=tuple(raw["delayed"]),
        weighted_delay=int(raw["weighted_delay"]),
        infeasible=bool(raw["infeasible"]),
        dropped=tuple(raw["dropped"]),
        unsolved=bool(raw["unsolved"]),
        unproven=bool(raw["unproven"]),
    )


def _pairs(spend: Mapping[int, int]) -> list[list[int]]:
    return [[year, amount] for year, amount in spend.items()]


def _years(pairs: Sequence[Sequence[Any]]) -> dict[int, int]:
    return {int(year): int(amount) for year, amount in pairs}


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _rule(values: Mapping[str, str | None]) -> RiskRule:
    def number(key: str) -> Decimal | None:
        text = values.get(key)
        return None if text is None else Decimal(text)

    years = values.get("delay_years")
    return RiskRule(
        delay_chance=number("delay_chance"),
        delay_years=None if years is None else int(years),
        overrun_chance=number("overrun_chance"),
        overrun=number("overrun"),
    )
