"""The scheduling view (intervals and cumulatives) gives the same optima as the option model."""

from __future__ import annotations

import random

import pytest

import optimizer.solvers.ortools.model as model_module
from optimizer import (
    Cap,
    CapKind,
    ConcurrencyKind,
    ConcurrencyLimit,
    Link,
    Objective,
    ProblemData,
    Project,
    SolveParams,
    solve,
    validate,
)
from optimizer.options import all_options
from optimizer.solvers.ortools import CpSatModel
from optimizer.solvers.ortools.constraints.cumulative import plan_scheduling_view
from tests.optimizer.strategies import brute_force


def scenario(seed: int, projects: int = 6) -> ProblemData:
    """Projects with constant spend per period on two counties with per-period caps."""
    rng = random.Random(seed)
    made = []
    for index in range(projects):
        duration = rng.randint(1, 3)
        per_period = rng.randint(1, 6)
        start = rng.randint(0, 2)
        regions = {county: 1 for county in rng.sample(["A", "B"], rng.randint(1, 2))}
        per_period *= len(regions)  # equal weights: each county gets a whole share
        made.append(
            Project(
                f"P{index}",
                per_period * duration,
                start,
                start + duration - 1,
                regions=regions,
                priority=rng.randint(1, 3),
                max_delay=rng.choice([None, 2]),
            )
        )
    links = [Link("P0", "P1")] if made[0].planned_end < 6 else []
    caps = [
        Cap(CapKind.REGION, county, period, rng.randint(6, 12))
        for county in ("A", "B")
        for period in range(10)
    ]
    return ProblemData(made, (0, 9), links=links, caps=caps)


def optima(data: ProblemData, objectives: list[Objective]) -> tuple[int | None, ...]:
    result = solve(data, SolveParams(objectives=objectives, time_limit=10, explain=False))
    assert validate(data, result) == []
    return result.objective_values()


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize(
    "objectives",
    [
        [Objective.COMPLETION],
        [Objective.DELAY],
        [Objective.DELAY, Objective.COMPLETION],
    ],
)
def test_same_optima_with_and_without_the_view(
    seed: int, objectives: list[Objective], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = scenario(seed)
    assert plan_scheduling_view(data, all_options(data), objectives) is not None
    with_view = optima(data, objectives)
    monkeypatch.setattr(model_module, "plan_scheduling_view", lambda *_args: None)
    assert optima(data, objectives) == with_view


def test_covered_scopes_lose_their_linear_caps_and_projects_their_booleans() -> None:
    data = scenario(1)
    model = CpSatModel(data, [Objective.COMPLETION])
    assert model.plan is not None
    assert model.plan.covered == {(CapKind.REGION, "A"), (CapKind.REGION, "B")}
    assert model.plan.start_only == {project.id for project in data.projects}
    assert all(choices == [] for choices in model.variables.choices.values())


def test_level_and_concurrency_keep_the_option_booleans() -> None:
    data = scenario(2)
    leveled = CpSatModel(data, [Objective.LEVEL])
    assert leveled.plan is not None and leveled.plan.start_only == frozenset()
    limited = ProblemData(
        data.projects,
        data.horizon,
        links=data.links,
        caps=data.caps,
        concurrency=[ConcurrencyLimit(ConcurrencyKind.REGION, "A", 2)],
    )
    plan = CpSatModel(limited, [Objective.DELAY]).plan
    assert plan is not None
    assert all("A" not in limited.project(p).regions for p in plan.start_only)


def test_uneven_spend_stays_with_the_option_model() -> None:
    # 10 over 3 periods is 4, 3, 3: not one constant, so no interval can stand for it.
    data = ProblemData(
        [Project("A", 10, 0, 2, regions={"R": 1}), Project("B", 10, 0, 2, regions={"R": 1})],
        (0, 5),
        caps=[Cap(CapKind.REGION, "R", period, 10) for period in range(6)],
    )
    assert plan_scheduling_view(data, all_options(data), [Objective.DELAY]) is None


@pytest.mark.parametrize("seed", range(4))
def test_funding_choices_use_the_option_model_alone(seed: int) -> None:
    # The same scenarios take the view for scheduling objectives, but not once ``value``
    # decides what is funded: the knapsack's strength is in the linear caps.
    data = scenario(seed)
    options = all_options(data)
    assert plan_scheduling_view(data, options, [Objective.DELAY]) is not None
    assert plan_scheduling_view(data, options, [Objective.VALUE, Objective.DELAY]) is None
    assert plan_scheduling_view(data, options, [Objective.DELAY, Objective.VALUE]) is None
    assert CpSatModel(data, [Objective.VALUE, Objective.DELAY]).intervals == {}


def test_explanations_never_use_the_view() -> None:
    data = scenario(3)
    assert CpSatModel(data, [Objective.DELAY], explain=True).plan is None


def _cumulative_sizes(model: CpSatModel) -> list[int]:
    return [
        len(constraint.cumulative.intervals)
        for constraint in model.model.proto.constraints
        if constraint.has_cumulative()
    ]


def test_the_completion_tail_joins_every_cumulative() -> None:
    data = scenario(4)
    with_tail = CpSatModel(data, [Objective.DELAY, Objective.COMPLETION])
    without = CpSatModel(data, [Objective.DELAY])
    assert with_tail.plan is not None and len(with_tail.plan.resources) == 2
    tail_sizes = _cumulative_sizes(with_tail)
    assert tail_sizes == [size + 1 for size in _cumulative_sizes(without)]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    "objectives", [[Objective.COMPLETION], [Objective.DELAY, Objective.COMPLETION]]
)
def test_completion_with_its_tail_equals_brute_force(
    seed: int, objectives: list[Objective]
) -> None:
    # Caps differ from period to period, so the tail shares the cumulatives with fillers.
    data = scenario(seed, projects=3)
    assert len({cap.amount for cap in data.caps}) > 1
    assert optima(data, objectives) == brute_force(data, objectives)
