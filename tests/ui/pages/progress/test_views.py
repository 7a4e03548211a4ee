"""The 进度 page's pure views and its layout, on the bundled plans with two progress reports
(and, before them, none)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import dash
import flask
import plotly
import pytest

from portfolio.formatting import yi_text
from portfolio.progress import FindingKind, Scope, ScopeKind
from portfolio.services.progress import Progress, progress
from portfolio.services.workspace import Workspace
from tests.actuals_helpers import SAMPLE_DATES, record_sample_progress
from ui import ids
from ui.app import create_app
from ui.pages.progress.views import (
    ACTUAL_META,
    PLANNED_META,
    REPORTED_PLANNED_META,
    ProgressQuery,
    curve_figure,
    finding_rows,
    ordered,
    ordered_projects,
    progress_query,
    progress_query_from_search,
    project_columns,
    project_rows,
    scope_options,
    search_for_progress,
    shown_query,
    year_rows,
)


def _layout_json(app: dash.Dash, query: dict[str, str], lang: str = "zh") -> dict[str, Any]:
    page = next(page for page in dash.page_registry.values() if page["path"] == "/progress")
    with app.server.test_request_context(f"/progress?lang={lang}"):
        layout = page["layout"](**query)
    loaded = json.loads(json.dumps(layout, cls=plotly.utils.PlotlyJSONEncoder))
    assert isinstance(loaded, dict)
    return loaded


def _find(node: Any, component_id: str) -> dict[str, Any]:
    """The props of the component ``component_id`` in a layout's JSON."""
    if isinstance(node, dict):
        props = node.get("props", {})
        if isinstance(props, dict) and props.get("id") == component_id:
            return props
        for value in props.values() if isinstance(props, dict) else node.values():
            found = _find(value, component_id)
            if found:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _find(value, component_id)
            if found:
                return found
    return {}


@pytest.fixture(scope="module")
def app_and_empty(loaded_url: str) -> Iterator[tuple[Workspace, dash.Dash, dict[str, Any]]]:
    """The app on the bundled plans; the page as drawn before any report; then two reports."""
    workspace = Workspace(loaded_url)
    app = create_app(workspace)
    empty = _layout_json(app, {})
    record_sample_progress(workspace)
    yield workspace, app, empty
    workspace.close()


@pytest.fixture(scope="module")
def shown(app_and_empty: tuple[Workspace, dash.Dash, dict[str, Any]]) -> Progress:
    return progress(app_and_empty[0])


def test_without_a_report_the_page_says_how_to_import_one(
    app_and_empty: tuple[Workspace, dash.Dash, dict[str, Any]],
) -> None:
    _, _, empty = app_and_empty
    alert = _find(empty, ids.PROGRESS_EMPTY)
    assert alert["is_open"] is True
    assert alert["children"].startswith("尚未导入实际完成情况：使用 portfolio import-actuals")
    assert _find(empty, ids.PROGRESS_BODY)["hidden"] is True


def test_with_reports_the_page_shows_the_latest(
    app_and_empty: tuple[Workspace, dash.Dash, dict[str, Any]], shown: Progress
) -> None:
    _, app, _ = app_and_empty
    page = _layout_json(app, {})
    assert _find(page, ids.PROGRESS_EMPTY)["is_open"] is False
    assert _find(page, ids.PROGRESS_BODY)["hidden"] is False
    date = _find(page, ids.PROGRESS_DATE)
    assert date["value"] == SAMPLE_DATES[1].isoformat()
    assert [o["value"] for o in date["options"]] == [d.isoformat() for d in reversed(SAMPLE_DATES)]
    grid = _find(page, ids.PROGRESS_TABLE)
    assert len(grid["rowData"]) == len(shown.in_scope(Scope()))
    assert len(_find(page, ids.PROGRESS_FINDINGS)["rowData"]) == len(shown.findings())
    english = _layout_json(app, {"by": "county", "key": "晋江市"}, "en")
    assert _find(english, ids.PROGRESS_SUMMARY)["children"].startswith("Report date 2025-12-31")
    headers = [c["headerName"] for c in _find(english, ids.PROGRESS_TABLE)["columnDefs"]]
    assert headers[:2] == ["Projects", "Plan, table, no."]


def test_the_query_string_round_trips_and_refuses_nonsense() -> None:
    query = progress_query("2025-12-31", "county", " 晋江市 ", "35")
    assert query == ProgressQuery(dt.date(2025, 12, 31), Scope(ScopeKind.COUNTY, "晋江市"), 35)
    assert progress_query_from_search(search_for_progress(query)) == query
    assert search_for_progress(ProgressQuery()) == ""
    assert progress_query("31/12/2025", "district", "x", "many") == ProgressQuery()
    assert progress_query(None, "all", "晋江市", 250).threshold_pct == 100
    assert progress_query(None, None, None, -5).threshold_pct == 0
    assert progress_query(None, "all", "晋江市").scope == Scope()


def test_a_key_that_names_nothing_shows_the_first_of_its_kind(shown: Progress) -> None:
    query = shown_query(shown, ProgressQuery(scope=Scope(ScopeKind.COUNTY, "不存在县")))
    first = scope_options(shown, ScopeKind.COUNTY)[0]["value"]
    assert query.scope == Scope(ScopeKind.COUNTY, first)
    assert query.report_date == SAMPLE_DATES[1]
    projects = scope_options(shown, ScopeKind.PROJECT)
    assert len(projects) == len(shown.projects)
    assert scope_options(shown, ScopeKind.ALL) == []


def test_the_s_curves_are_the_services_cumulative_sums(shown: Progress) -> None:
    curve = shown.curve(Scope(ScopeKind.COUNTY, "晋江市"))
    figure = curve_figure(curve, "晋江市")
    traces = {trace.meta: trace for trace in figure.data}
    assert set(traces) == {PLANNED_META, REPORTED_PLANNED_META, ACTUAL_META}
    years = curve.years()
    assert list(traces[PLANNED_META].customdata) == [
        yi_text(v) for v in curve.cumulative_planned(years)
    ]
    actual = traces[ACTUAL_META]
    assert actual.x[-1] == shown.through_year == 2025
    assert actual.customdata[-1] == yi_text(curve.actual_to_date())
    # Every project reported: no second planned curve.
    one = shown.in_scope(Scope(ScopeKind.COUNTY, "晋江市"))[0]
    alone = curve_figure(shown.curve(Scope(ScopeKind.PROJECT, str(one.project_id))), "")
    assert [trace.meta for trace in alone.data] == [PLANNED_META, ACTUAL_META]


def test_project_rows_give_exact_text_and_sortable_amounts(shown: Progress) -> None:
    projects = ordered_projects(shown.in_scope(Scope(ScopeKind.COUNTY, "晋江市")))
    rows = project_rows(projects, shown.through_year)
    reported = [p for p in projects if p.actuals]
    assert projects[: len(reported)] == reported  # reported projects first
    finished = next(r for p, r in zip(projects, rows, strict=True) if r["status"] == "已完工")
    assert finished["completion"] == "100%" and finished["deviation"] == "0（0%）"
    for p, row in zip(projects, rows, strict=True):
        assert row["planned_wan"] == p.planned_through(2025)
        assert row["planned"] == yi_text(p.planned_through(2025))
        if p.actuals is None:
            assert (row["actual"], row["status"], row["actual_wan"]) == ("-", "未报告", None)
        else:
            assert row["actual_wan"] == sum(p.actual.values())
            assert row["deviation_wan"] == sum(p.actual.values()) - p.planned_through(2025)
            first = min(p.actuals.sources)
            assert f"{first}年：{p.actuals.sources[first]}" in str(row["sources"])
    fields = {c["field"] for c in project_columns()}
    assert {"name", "planned_wan", "actual_wan", "completion_value", "status", "last"} <= fields


def test_a_projects_years_name_their_sources(shown: Progress) -> None:
    project = next(p for p in shown.projects if p.actuals and p.planned_by)
    assert project.actuals is not None
    rows = {int(row["year"]): row for row in year_rows(project, shown.through_year)}
    for year, where in project.actuals.sources.items():
        assert rows[year]["source"] == where
        assert rows[year]["actual"] == yi_text(project.actual[year])
    assert all(row["planned_by"] for y, row in rows.items() if y in project.planned)


def test_findings_are_listed_money_first(shown: Progress) -> None:
    found = ordered(shown.findings())
    kinds = [f.kind for f in found]
    assert kinds[0] is FindingKind.OVERRUN_TOTAL and kinds[-1] is FindingKind.NOT_REPORTED
    rows = finding_rows(found, {p.project_id: p for p in shown.projects})
    assert rows[0]["label"] == "超总投资" and "超过总投资" in rows[0]["text"]
    with flask.Flask(__name__).test_request_context("/progress?lang=en"):
        english = finding_rows(found[:1], {p.project_id: p for p in shown.projects})
    assert english[0]["label"] == "Over total investment"
    assert english[0]["text"].startswith("Actual ")
