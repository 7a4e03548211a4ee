"""Delay-risk simulation of the bundled portfolio's plan, solved by a real local worker
process: the same seed gives the same figures, another seed close ones, and a simulation
cancelled half-way keeps the samples measured."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from decimal import Decimal

import pytest

from portfolio.actuals import ActualStatus
from portfolio.scenarios.risk_spec import ASSUMED
from portfolio.services.actuals import ActualInput
from portfolio.services.executors import InProcess, LocalExecutor
from portfolio.services.risks import RiskError, Risks
from portfolio.services.runs import Runs
from portfolio.services.workspace import Workspace

CAPPED = (
    'name = "2023总额"\nas_of = 2021\ntime_limit = 10\n[caps.total]\n2023 = "60亿"\n'
    '2025 = "450亿"\n[risk]\nsamples = 200\nseed = 1\nmode = "fixed"\n'
)
# Each sample re-planned under the caps (the default mode), a few of them.
REPLAN = CAPPED.replace('mode = "fixed"', "samples = 12\ntime_limit = 20").replace(
    "samples = 200\n", ""
)


@pytest.fixture(scope="module")
def risks(loaded_workspace: Workspace) -> Iterator[Risks]:
    runs = Runs(loaded_workspace, LocalExecutor(loaded_workspace.url, workers=1))
    yield Risks(runs)
    runs.shutdown()


def test_the_plan_is_solved_on_a_worker_once_then_read_back(risks: Risks) -> None:
    first = risks.plan(CAPPED)
    assert first.has_plan and first.run_id is not None
    assert risks.runs.list()[0].worker  # solved by a worker process, not here
    assert risks.plan(CAPPED).run_id == first.run_id


def test_the_same_seed_gives_the_same_figures(risks: Risks) -> None:
    assert risks.simulate(CAPPED) == risks.simulate(CAPPED)


def test_another_seed_gives_close_figures(risks: Risks) -> None:
    one = risks.simulate(CAPPED, seed=1).figures
    two = risks.simulate(CAPPED, seed=2).figures
    assert one != two
    # Close on the plan's scale: each year's P50 within 3% of the largest year's need (a
    # small tail year moves by a whole project when one more sample delays it).
    scale = max(b.p50 for b in one.total)
    p50s = [{b.year: b.p50 for b in f.total} for f in (one, two)]
    for year in p50s[0].keys() | p50s[1].keys():
        assert abs(p50s[0].get(year, 0) - p50s[1].get(year, 0)) <= 0.03 * scale
    chances = [(a.probability, b.probability) for a, b in zip(one.caps, two.caps, strict=True)]
    assert all(abs(a - b) <= 0.15 for a, b in chances)
    delays = (one.expected_weighted_delay, two.expected_weighted_delay)
    assert abs(delays[0] - delays[1]) <= delays[0] / 10


def test_every_sample_is_measured_and_the_caps_are_counted(risks: Risks) -> None:
    report = risks.simulate(CAPPED, samples=50)
    f = report.figures
    assert (f.asked, f.measured, f.infeasible) == (50, 50, 0)
    assert {(r.cap.period, r.cap.amount) for r in f.caps} == {(2023, 600000), (2025, 4500000)}
    assert all(0 <= r.exceeded <= 50 for r in f.caps)
    assert all(b.p10 <= b.p50 <= b.p90 for b in f.total)
    assert f.counties and f.delayed and report.assumed  # no [risk] rule: assumptions used


def test_a_simulation_cancelled_half_way_keeps_what_was_done(risks: Risks) -> None:
    cancel = threading.Event()
    full = risks.simulate(CAPPED, samples=40)

    def told(index: int) -> None:
        if index == 14:
            cancel.set()

    part = risks.simulate(CAPPED, samples=40, cancel=cancel, on_sample=told).figures
    assert (part.asked, part.measured) == (40, 15)
    # What was done is what the full simulation did for those samples.
    first = risks.simulate(CAPPED, samples=15).figures
    assert part.total == first.total and part.caps[0].exceeded == first.caps[0].exceeded
    assert full.figures.measured == 40


def test_re_planned_samples_keep_the_caps_and_equal_those_solved_here(risks: Risks) -> None:
    report = risks.simulate(REPLAN)
    f = report.figures
    assert report.mode == "replan" and (f.asked, f.measured) == (12, 12)
    assert f.infeasible == 0 and [r.exceeded for r in f.caps] == [0, 0]
    p90 = {b.year: b.p90 for b in f.total}
    assert p90[2023] <= 600000 and p90[2025] <= 4500000
    # Fixed, the same futures break the 2023 cap in most samples.
    fixed = risks.simulate(REPLAN.replace("samples = 12", 'samples = 12\nmode = "fixed"'))
    assert fixed.figures.caps[0].exceeded > 6
    # The workers' samples are those this process re-plans, chunk by chunk.
    here = Risks(risks.runs, InProcess()).simulate(REPLAN, samples=5, chunk=2)
    assert here.figures == risks.simulate(REPLAN, samples=5, chunk=3).figures


def test_a_re_planned_simulation_cancelled_half_way_keeps_what_was_done(risks: Risks) -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def told(index: int) -> None:
        seen.append(index)
        cancel.set()  # after the first chunk back

    part = risks.simulate(REPLAN, samples=40, chunk=4, cancel=cancel, on_sample=told).figures
    assert part.asked == 40 and 4 <= part.measured < 40 and part.measured == len(seen)
    first = risks.simulate(REPLAN, samples=4, chunk=4).figures
    if sorted(seen) == [0, 1, 2, 3]:
        assert part.total == first.total


def test_a_scenario_without_a_plan_cannot_be_simulated(risks: Risks) -> None:
    hopeless = CAPPED.replace('name = "2023总额"', 'name = "不可能"').replace(
        '2023 = "60亿"', '2023 = "1万"'
    )
    hopeless += '[[overrides]]\nproject = "清源创新实验室"\nmust_fund = true\nlocked = true\n'
    with pytest.raises(RiskError):
        risks.simulate(hopeless, samples=5)


def test_a_tables_progress_reports_give_its_projects_rule(db_url: str) -> None:
    workspace = Workspace(db_url)
    workspace.init()
    runs = Runs(workspace, LocalExecutor(workspace.url, workers=1))
    try:
        risks = Risks(runs)
        plan = risks.plan(CAPPED)
        table_of = {p.id: f"{p.plan}/{p.table}" for p in plan.projects}
        starts = {p.id: p.planned_start_year for p in plan.projects}
        table = "quanzhou-st-14fyp/附件1"
        chosen = [p.id for p in plan.projects if table_of[p.id] == table and starts[p.id] == 2021][
            :4
        ]
        assert len(chosen) == 4
        # Two of four started a year late; none overran.
        workspace.actuals.record(
            dt.date(2022, 12, 31),
            [
                ActualInput(pid, 2022, 10, ActualStatus.IN_PROGRESS, start_year=start)
                for pid, start in zip(chosen, (2021, 2021, 2022, 2022), strict=True)
            ],
        )
        report = risks.simulate(CAPPED, samples=20)
        rule, reported = report.observed[table]
        assert reported == 4 and rule.delay_chance == Decimal(50) and rule.delay_years == 1
        assert rule.overrun_chance == 0
        in_table = [pid for pid in report.rules if table_of[int(pid)] == table]
        assert all(report.rules[pid].delay_chance == Decimal(50) for pid in in_table)
        # Only the overrun's size is unknown from these reports: still an assumption.
        assert all(report.rules[pid].overrun == ASSUMED.overrun for pid in in_table)
    finally:
        runs.shutdown()
        workspace.close()
