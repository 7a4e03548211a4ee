"""Planned against actual from the database, with progress reports recorded through the
workspace: S-curves add up to what was recorded, counties split it by the one rule, findings
fire at their thresholds and not below, and an earlier report date reads the earlier state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

import pytest
from sqlalchemy import select

from portfolio.actuals import ActualStatus
from portfolio.db import models as m
from portfolio.progress import FindingKind, ProjectProgress, Scope, ScopeKind
from portfolio.services.actuals import ActualInput
from portfolio.services.exports import page_schedule, scenario_inputs_with_views
from portfolio.services.progress import Progress, compare_plan, indicator_values, progress
from portfolio.services.workspace import Workspace
from portfolio.shares import place_spend
from tests.actuals_helpers import record_indicator_values

FIRST, SECOND = dt.date(2024, 12, 31), dt.date(2025, 12, 31)
Loaded = tuple[Workspace, dict[str, ProjectProgress]]


def _round(p: ProjectProgress) -> bool:
    """Planned 2021-2023 at least, every year's amount a multiple of 100 万元 (so that a
    threshold's boundary is a whole 万元), the total too."""
    years = set(p.planned)
    return (
        p.counted
        and {2021, 2022, 2023} <= years
        and all(a % 100 == 0 for a in p.planned.values())
        and p.total_wan is not None
        and p.total_wan % 100 == 0
        and p.planned_start == 2021
    )


@pytest.fixture(scope="module")
def plan(loaded_url: str) -> Iterator[tuple[Workspace, dict[str, ProjectProgress]]]:
    """The bundled plans with two reports recorded; the projects they name, by role."""
    workspace = Workspace(loaded_url)
    assert not progress(workspace).has_reports and progress(workspace).projects == ()
    with workspace.sessions() as session:
        projects, _ = scenario_inputs_with_views(session)
    before = compare_plan(page_schedule(workspace), projects, {}, (), None)
    rounds = [p for p in before.projects if _round(p)]
    shared = next(p for p in before.projects if p.counted and len(p.county_planned) >= 2)
    late, cancelled = [
        p for p in before.projects if p.counted and p.planned and p.planned_start == 2021
    ][-2:]
    roles = {
        "threshold": rounds[0],
        "finished": rounds[1],
        "over": rounds[2],
        "shared": shared,
        "late": late,
        "cancelled": cancelled,
    }
    assert len({p.project_id for p in roles.values()}) == len(roles)
    _record(workspace, roles)
    yield workspace, roles
    workspace.close()


def _record(workspace: Workspace, roles: dict[str, ProjectProgress]) -> None:
    t, f, o, s = roles["threshold"], roles["finished"], roles["over"], roles["shared"]
    late, cancelled = roles["late"], roles["cancelled"]

    def at(p: ProjectProgress, year: int, pct: int) -> int:
        return p.planned[year] * pct // 100

    workspace.actuals.record(
        FIRST,
        [
            # Exactly 20% above and 20% below the plan: at the threshold, not beyond it.
            ActualInput(t.project_id, 2021, at(t, 2021, 120), ActualStatus.IN_PROGRESS),
            ActualInput(t.project_id, 2022, at(t, 2022, 80)),
            ActualInput(t.project_id, 2023, t.planned[2023]),
            ActualInput(s.project_id, 2021, 12_345, ActualStatus.IN_PROGRESS),
            ActualInput(s.project_id, 2022, 777),
            ActualInput(late.project_id, 2023, 0, ActualStatus.NOT_STARTED),
            ActualInput(cancelled.project_id, 2021, 10, ActualStatus.IN_PROGRESS),
            ActualInput(cancelled.project_id, 2022, 0, ActualStatus.CANCELLED),
        ],
    )
    assert f.total_wan is not None and o.total_wan is not None
    workspace.actuals.record(
        SECOND,
        [
            # A correction of 2022: the later report wins from its date on.
            ActualInput(t.project_id, 2022, t.planned[2022]),
            # Finished at exactly 80% of its total, in two years.
            ActualInput(f.project_id, 2021, f.total_wan * 40 // 100, ActualStatus.IN_PROGRESS),
            ActualInput(
                f.project_id,
                2022,
                f.total_wan * 40 // 100,
                ActualStatus.COMPLETED,
                completion_year=2022,
            ),
            ActualInput(o.project_id, 2021, o.total_wan + 1, ActualStatus.IN_PROGRESS),
            ActualInput(late.project_id, 2025, 300, ActualStatus.IN_PROGRESS, start_year=2025),
        ],
    )


def _recorded(shown: Progress) -> dict[int, int]:
    """Every project's reported spend per year, as the state at the date holds it."""
    return {p.project_id: sum(p.actual.values()) for p in shown.projects if p.actuals}


def test_the_s_curves_add_up_to_what_was_recorded(plan: Loaded) -> None:
    workspace, roles = plan
    shown = progress(workspace)
    assert shown.report_date == SECOND and shown.report_dates == (SECOND, FIRST)
    assert shown.through_year == 2025
    t, f, o = roles["threshold"], roles["finished"], roles["over"]
    assert f.total_wan is not None and o.total_wan is not None
    expected = (
        sum(t.planned[y] for y in (2021, 2022, 2023))
        + t.planned[2021] // 5  # its 2021 was 120% of plan
        + 12_345
        + 777
        + 10
        + f.total_wan * 40 // 100 * 2
        + o.total_wan
        + 1
        + 300
    )
    whole = shown.curve(Scope())
    years = whole.years()
    curve = dict(zip(years, whole.cumulative_actual(years), strict=True))
    assert curve[2025] == expected == whole.actual_to_date()
    assert sum(_recorded(shown).values()) == expected
    # Each plan's curve adds up to its projects' reports, and the plans to the whole.
    by_plan = [shown.curve(Scope(ScopeKind.PLAN, key)) for key in shown.plans()]
    assert sum(curve.actual_to_date() for curve in by_plan) == expected
    assert sum(curve.total_wan for curve in by_plan) == whole.total_wan
    # The planned S-curve ends at the plan's total: what 资金 adds up.
    assert whole.cumulative_planned(years)[-1] == whole.total_wan
    # Nothing is known after the last year reported.
    assert whole.cumulative_actual([2026]) == [None]


def test_counties_split_a_projects_actual_by_its_shares(plan: Loaded) -> None:
    workspace, roles = plan
    shown = progress(workspace)
    shared = shown.project(roles["shared"].project_id)
    assert shared is not None and len(shared.county_actual) >= 2
    for year, amount in shared.actual.items():
        assert sum(part[year] for part in shared.county_actual.values()) == amount
    assert set(shared.county_actual) == set(shared.county_planned)
    with workspace.sessions() as session:
        weights = {
            name: share
            for name, share in session.execute(
                select(m.Region.name, m.ProjectRegion.share_bp)
                .join(m.ProjectRegion, m.ProjectRegion.region_id == m.Region.id)
                .where(m.ProjectRegion.project_id == shared.project_id)
            )
        }
    # The one rule of a place's money, for the plan's parts and the reports' alike.
    assert shared.county_actual == place_spend(shared.actual, weights)
    assert shared.county_planned == place_spend(shared.planned, weights)
    # Every county's curve together holds every placed project's actual exactly once.
    counties = [shown.curve(Scope(ScopeKind.COUNTY, c)) for c in shown.counties()]
    placed = [p for p in shown.in_scope(Scope()) if p.county_actual or p.county_planned]
    assert sum(c.actual_to_date() for c in counties) == sum(sum(p.actual.values()) for p in placed)
    assert sum(c.total_wan for c in counties) == sum(sum(p.planned.values()) for p in placed)


def _kinds(shown: Progress, project_id: int, threshold: int) -> dict[FindingKind, list[int | None]]:
    found: dict[FindingKind, list[int | None]] = {}
    for finding in shown.findings(Scope(ScopeKind.PROJECT, str(project_id)), threshold):
        found.setdefault(finding.kind, []).append(finding.year)
    return found


def test_year_findings_fire_beyond_the_threshold_and_not_at_it(
    plan: Loaded,
) -> None:
    workspace, roles = plan
    t = roles["threshold"].project_id
    at_first = progress(workspace, FIRST)
    # 2021 at +20%, 2022 at -20%: nothing at a 20% threshold; both at 19%.
    assert _kinds(at_first, t, 20) == {}
    assert _kinds(at_first, t, 19) == {
        FindingKind.OVERRUN_YEAR: [2021],
        FindingKind.UNDERRUN_YEAR: [2022],
    }
    # The later report corrected 2022 to the plan: only 2021 stays beyond 19%; 2024 on, the
    # project reported nothing while planned (if planned).
    later = _kinds(progress(workspace), t, 19)
    assert later[FindingKind.OVERRUN_YEAR] == [2021]
    assert 2022 not in later.get(FindingKind.UNDERRUN_YEAR, [])


def test_total_findings_fire_at_their_thresholds(plan: Loaded) -> None:
    workspace, roles = plan
    shown = progress(workspace)
    finished, over = roles["finished"].project_id, roles["over"].project_id
    # Finished at exactly 80% of its total.
    assert FindingKind.UNDERRUN_COMPLETED not in _kinds(shown, finished, 20)
    assert FindingKind.UNDERRUN_COMPLETED in _kinds(shown, finished, 19)
    # Years after it finished are not compared: no underrun for 2023 and on.
    later_years = _kinds(shown, finished, 0).get(FindingKind.UNDERRUN_YEAR, [])
    assert all(year is not None and year <= 2022 for year in later_years)
    (overrun,) = [
        f
        for f in shown.findings(Scope(ScopeKind.PROJECT, str(over)), 100)
        if f.kind is FindingKind.OVERRUN_TOTAL
    ]
    assert overrun.actual_wan == (overrun.planned_wan or 0) + 1


def test_late_starts_unreported_and_cancelled_projects(plan: Loaded) -> None:
    workspace, roles = plan
    late, cancelled = roles["late"].project_id, roles["cancelled"].project_id
    at_first = progress(workspace, FIRST)
    (not_yet,) = [
        f
        for f in at_first.findings(Scope(ScopeKind.PROJECT, str(late)))
        if f.kind is FindingKind.LATE_START
    ]
    assert (not_yet.planned_wan, not_yet.actual_wan, not_yet.year) == (2021, None, 2023)
    (started,) = [
        f
        for f in progress(workspace).findings(Scope(ScopeKind.PROJECT, str(late)))
        if f.kind is FindingKind.LATE_START
    ]
    assert (started.planned_wan, started.actual_wan) == (2021, 2025)
    # A cancelled project is compared only through the year it reported its cancellation.
    years = _kinds(progress(workspace), cancelled, 20).get(FindingKind.UNDERRUN_YEAR, [])
    assert years == [2021, 2022]
    # Projects whose planned years began without any report are listed as such; no finding
    # about any project is made before the first report.
    unreported = [f for f in at_first.findings() if f.kind is FindingKind.NOT_REPORTED]
    reported = {p.project_id for p in at_first.projects if p.actuals}
    assert unreported and not {f.project_id for f in unreported} & reported
    assert progress(workspace, dt.date(2020, 1, 1)).findings() == []


def test_an_earlier_report_date_reads_the_earlier_state(plan: Loaded) -> None:
    workspace, roles = plan
    t = roles["threshold"]
    first = progress(workspace, FIRST).project(t.project_id)
    latest = progress(workspace).project(t.project_id)
    assert first is not None and latest is not None
    assert first.actual[2022] == t.planned[2022] * 80 // 100
    assert latest.actual[2022] == t.planned[2022]
    assert first.actuals is not None and first.actuals.last_reported == FIRST
    assert progress(workspace, FIRST).through_year == 2023
    # Between the two reports: still the first one's state.
    between = progress(workspace, dt.date(2025, 6, 1))
    assert between.report_date == dt.date(2025, 6, 1) and between.through_year == 2023
    assert _recorded(between) == _recorded(progress(workspace, FIRST))
    # Every year's figure names where it came from.
    assert set(first.actuals.sources) == {2021, 2022, 2023}
    assert all("项目库" in where for where in first.actuals.sources.values())


def test_completion_is_exact(plan: Loaded) -> None:
    workspace, roles = plan
    finished = progress(workspace).project(roles["finished"].project_id)
    assert finished is not None
    assert finished.completion() == Fraction(80, 100)


def test_indicator_values_at_a_date(plan: Loaded) -> None:
    workspace, _ = plan
    indicator = workspace.indicators()[0].id
    record_indicator_values(workspace, FIRST, {indicator: {2023: "12"}})
    record_indicator_values(
        workspace, SECOND, {indicator: {2023: "12.5", 2024: "约13"}}, file_name="进度.xlsx"
    )
    assert indicator_values(workspace, FIRST)[indicator][2023].value_raw == "12"
    assert 2024 not in indicator_values(workspace, FIRST)[indicator]
    latest = indicator_values(workspace)[indicator]
    assert (latest[2023].value, latest[2023].source) == (
        Decimal("12.5"),
        "进度.xlsx · 指标 · 第2行",
    )
    assert (latest[2024].value_raw, latest[2024].value) == ("约13", None)
    assert indicator_values(workspace, dt.date(2020, 1, 1)) == {}
