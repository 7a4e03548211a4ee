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
