"""The 重叠 page's parts: the busy units' grid and a county's overlapping pairs (the page
module lays them out; ``callbacks.py`` redraws them)."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import html

from portfolio.exports.model import ScheduleExport
from ui.i18n import later, t
from ui.pages.overlap.views import unit_load_rows, unit_loads

MEASURES = (("count", later("在建项目数")), ("spend", later("年度投资（亿元）")))
UNIT_HEADER = (
    ("unit", later("单位")),
    ("year", later("年份")),
    ("count", later("同时在建项目数")),
    ("projects", later("项目")),
)
PAIR_HEADER = (
    ("first", later("项目甲")),
    ("second", later("项目乙")),
    ("years", later("重叠年份")),
    ("n", later("年数")),
)


def measure_of(measure: str | None) -> str:
    """The heatmap's measure named by ``measure``; active projects for anything else."""
    return measure if measure in dict(MEASURES) else "count"


def _table(header: tuple[tuple[str, str], ...], rows: list[dict[str, Any]]) -> dbc.Table:
    return dbc.Table(
        [
            html.Thead(html.Tr([html.Th(t(label)) for _, label in header])),
            html.Tbody([html.Tr([html.Td(row[key]) for key, _ in header]) for row in rows]),
        ],
        bordered=True,
        hover=True,
        size="sm",
    )


def unit_table(export: ScheduleExport) -> Any:
    """Busy units in a grid: it draws only the rows in view, so thousands stay quick.

    (As an HTML table, 3,900 unit-years of a 5,000-project portfolio took seconds to draw.)
    """
    rows = unit_load_rows(unit_loads(export))
    if not rows:
        return html.P(t("没有单位在同一年承担两个以上在建项目。"), className="text-muted")
    columns: list[dict[str, Any]] = [
        {"field": field, "headerName": t(header)} for field, header in UNIT_HEADER
    ]
    columns[-1] |= {"flex": 1, "tooltipField": "projects"}
    return dag.AgGrid(
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions={"animateRows": False, "tooltipShowDelay": 300},
        style={"height": "50vh"},
    )


def pairs_table(export: ScheduleExport, county: str | None) -> Any:
    """The county's projects that overlap in time, pair by pair (a hint when none is chosen)."""
    if not county:
        return html.P(t("选择一个县（市、区）查看其时间重叠的项目对。"), className="text-muted")
    pairs = export.overlapping_pairs(county)
    if not pairs:
        return html.P(t("{county}没有时间重叠的项目。", county=county), className="text-muted")
    rows = [
        {
            "first": pair.first,
            "second": pair.second,
            "years": f"{pair.from_year}-{pair.to_year}",
            "n": pair.years,
        }
        for pair in pairs
    ]
    return [html.P(t("{county}：{n} 对", county=county, n=len(pairs))), _table(PAIR_HEADER, rows)]
