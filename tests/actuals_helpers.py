"""Recording progress reports in tests: indicators' reported values, which the workspace's
desk (``workspace.actuals.record``) does not take, stored as an import stores them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from portfolio.access import this_computer
from portfolio.services.actuals import IndicatorInput, store_report
from portfolio.services.workspace import Workspace


def record_indicator_values(
    workspace: Workspace,
    report_date: dt.date,
    values: Mapping[int, Mapping[int, str]],
    *,
    file_name: str = "",
    sheet: str = "指标",
) -> int:
    """Store one report of indicators' values (``{indicator id: {year: value as written}}``),
    each on a row of its own from row 2; returns the report's id."""
    rows = [
        IndicatorInput(indicator, year, raw, _number(raw), source_sheet=sheet, source_row=n)
        for n, (indicator, year, raw) in enumerate(
            ((i, y, raw) for i, years in values.items() for y, raw in years.items()), start=2
        )
    ]
    with workspace.sessions.begin() as session:
        return store_report(
            session, this_computer(), report_date, [], rows, file_name=file_name, note="test"
        )


def _number(raw: str) -> Decimal | None:
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


SAMPLE_DATES = (dt.date(2024, 12, 31), dt.date(2025, 12, 31))


def record_sample_progress(workspace: Workspace, county: str = "晋江市") -> dict[str, int]:
    """Two reports on the bundled plans, as an office writes them: in ``county``, one
    project finished on plan, one late, one cancelled, one overspent, one suspended, the
    others of the county in progress at 90% of plan; and two indicators' values. Returns the
    project ids by role."""
    from portfolio.actuals import ActualStatus as S
    from portfolio.services.actuals import ActualInput
    from portfolio.services.exports import page_schedule
    from portfolio.services.progress import progress

    plan = page_schedule(workspace)
    placed = [r for r in plan.rows if county in r.county_spend and r.planned_start >= 2019]
    roles = dict(zip(("finished", "late", "cancelled", "over", "halted"), placed, strict=False))
    assert len(roles) == 5, f"{county} has five scheduled projects"
    first: list[ActualInput] = []
    second: list[ActualInput] = []
    for row in placed:
        years = sorted(row.spend)
        role = next((name for name, r in roles.items() if r is row), "running")
        for year in (y for y in years if y <= 2025):
            planned = row.spend[year]
            amount, status = {
                "finished": (planned, S.COMPLETED if year == years[-1] else S.IN_PROGRESS),
                "late": (0 if year < years[0] + 2 else planned, S.IN_PROGRESS),
                "cancelled": (planned // 2 if year == years[0] else 0, S.CANCELLED),
                "over": (planned * 3 // 2, S.IN_PROGRESS),
                "halted": (planned // 3, S.SUSPENDED),
                "running": (planned * 9 // 10, S.IN_PROGRESS),
            }[role]
            if role == "cancelled" and year > years[0] + 1:
                break
            completion = year if role == "finished" and year == years[-1] else None
            start = years[0] + 2 if role == "late" else None
            row_input = ActualInput(
                row.project_id,
                year,
                amount,
                status,
                start_year=start,
                completion_year=completion,
                source_sheet="实际完成",
                source_row=len(first) + 2,
            )
            (first if year <= 2023 else second).append(row_input)
    workspace.actuals.record(SAMPLE_DATES[0], first, note="2024 年报")
    workspace.actuals.record(SAMPLE_DATES[1], second, note="2025 年报")
    annual = [view for view in workspace.indicators() if view.table == "附件5"][:2]
    values = {
        view.id: {year: _reported_as(text) for year, text in view.targets.items() if year <= 2024}
        for view in annual
    }
    record_indicator_values(workspace, SAMPLE_DATES[1], values, file_name="2025年进度.xlsx")
    assert progress(workspace).has_reports
    return {name: row.project_id for name, row in roles.items()}


def _reported_as(target: str) -> str:
    """A reported value near a written target: 5% above it when it is a number."""
    number = _number(target.strip())
    return target if number is None else str((number * Decimal("1.05")).quantize(Decimal("0.1")))
