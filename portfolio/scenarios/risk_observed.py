"""Risk rules read from the office's own progress reports, per plan table.

Of a table's projects that reported (counted ones, with a report at the latest date), the
rule is, per table with at least :data:`MIN_REPORTED` of them:

- ``delay_chance``: the share that started late (the ``late_start`` finding of
  :mod:`portfolio.progress`: a start year after the planned one, or not started with the
  planned start passed), in percent to one decimal, rounded half up;
- ``delay_years``: the median (nearest rank) of how late they started, in whole years (a
  project not started yet counts as late by the years through the last reported one, plus 1);
- ``overrun_chance``: the share with an overrun finding (the total, or a year above plan by
  more than the findings' threshold);
- ``overrun``: the median (nearest rank) of each overrunning project's largest overrun, in
  whole percent of what was planned, rounded half up.

A table with fewer reporting projects keeps the stated assumptions: a share of one or two
projects says little.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from portfolio.progress import (
    DEFAULT_THRESHOLD_PCT,
    FindingKind,
    ProgressFinding,
    ProjectProgress,
    project_findings,
)
from portfolio.scenarios.risk import nearest_rank
from portfolio.scenarios.risk_spec import RiskRule

MIN_REPORTED = 3
OVERRUNS = (FindingKind.OVERRUN_TOTAL, FindingKind.OVERRUN_YEAR)


def observed_rules(
    projects: Sequence[ProjectProgress], through_year: int | None
) -> dict[str, tuple[RiskRule, int]]:
    """Per table (``plan/table``): its rule from the reports and how many projects reported."""
    tables: dict[str, list[list[ProgressFinding]]] = {}
    for project in projects:
        if project.counted and project.actuals is not None:
            found = project_findings(project, through_year, DEFAULT_THRESHOLD_PCT)
            tables.setdefault(f"{project.plan}/{project.table}", []).append(found)
    return {
        table: (_rule(reported), len(reported))
        for table, reported in tables.items()
        if len(reported) >= MIN_REPORTED
    }


def _rule(reported: Sequence[Sequence[ProgressFinding]]) -> RiskRule:
    late = [y for found in reported if (y := _years_late(found)) is not None]
    over = [p for found in reported if (p := _overrun_pct(found)) is not None]
    return RiskRule(
        delay_chance=_share(len(late), len(reported)),
        delay_years=max(1, nearest_rank(late, 50)) if late else None,
        overrun_chance=_share(len(over), len(reported)),
        overrun=Decimal(nearest_rank(over, 50)) if over else None,
    )


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _years_late(found: Sequence[ProgressFinding]) -> int | None:
    for finding in found:
        if finding.kind is not FindingKind.LATE_START or finding.planned_wan is None:
            continue
        planned = finding.planned_wan  # a late start's planned and actual are years
        if finding.actual_wan is not None:
            return finding.actual_wan - planned
        if finding.year is not None:
            return finding.year - planned + 1
    return None


def _overrun_pct(found: Sequence[ProgressFinding]) -> int | None:
    rates = [
        Decimal(100 * (f.actual_wan - f.planned_wan)) / f.planned_wan
        for f in found
        if f.kind in OVERRUNS and f.planned_wan and f.actual_wan is not None
    ]
    if not rates:
        return None
    return int(max(rates).quantize(Decimal(1), rounding=ROUND_HALF_UP))
