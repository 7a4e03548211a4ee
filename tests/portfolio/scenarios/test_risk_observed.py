"""Risk rules from the office's progress reports: per table with enough reporting projects,
the shares that started late and overran, and the median lateness and overrun."""

from __future__ import annotations

from decimal import Decimal

from portfolio.actuals import ActualStatus, ProjectActuals
from portfolio.progress import ProjectProgress
from portfolio.scenarios.risk_observed import observed_rules
from portfolio.scenarios.risk_spec import RiskRule


def _project(
    pid: int,
    spend: dict[int, int] | None,
    *,
    table: str = "附件1",
    start: int | None = None,
    status: ActualStatus | None = ActualStatus.IN_PROGRESS,
) -> ProjectProgress:
    actuals = None if spend is None else ProjectActuals(pid, spend, status, start)
    return ProjectProgress(
        project_id=pid,
        plan="p",
        table=table,
        seq=str(pid),
        name=f"项目{pid}",
        places="丰泽区",
        counted=True,
        total_wan=300,
        planned_start=2021,
        planned_end=2023,
        planned={2021: 100, 2022: 100, 2023: 100},
        planned_by="profile",
        actuals=actuals,
    )


def test_a_tables_rule_is_read_from_its_reporting_projects() -> None:
    projects = [
        _project(1, {2021: 100, 2022: 100}),  # on plan
        _project(2, {2022: 100}, start=2022),  # a year late
        _project(3, {2023: 100}, start=2023),  # two years late
        _project(4, {2021: 150, 2022: 100}),  # 2021 50% over plan
        _project(5, {}, status=ActualStatus.NOT_STARTED),  # not started through 2022
        _project(6, None),  # no report: not counted in the shares
    ]
    rules = observed_rules(projects, 2022)
    rule, reported = rules["p/附件1"]
    assert reported == 5
    # Late: 1, 2 and 2 years (not started: through 2022 + 1 - 2021); median 2.
    assert rule == RiskRule(Decimal("60.0"), 2, Decimal("20.0"), Decimal(50))


def test_a_table_with_few_reports_keeps_the_assumptions() -> None:
    projects = [_project(1, {2021: 100}, table="附件2"), _project(2, {2022: 100}, start=2022)]
    assert observed_rules(projects, 2022) == {}
