"""The pages in English, drawn by the app's own server: labels translated, data as written."""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import dash
import openpyxl
import plotly
import pytest

from portfolio.formatting import yi_text
from portfolio.services.places import place_totals
from portfolio.services.queries import ProjectFilter
from portfolio.services.workspace import Workspace
from tests.actuals_helpers import record_sample_progress
from tests.catalog import translated_messages
from ui import ids
from ui.app import create_app
from ui.i18n import LANG_COOKIE
from ui.pages.gantt import layout as gantt_layout

ENGLISH = {"Cookie": f"{LANG_COOKIE}=en"}
# Data that happens to spell a label: the indicators' units are shown as the plans write them.
DATA_SPELLING_LABELS = {"万元", "亿元"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('english') / 'p.sqlite3'}")
    workspace.ensure_ready()
    record_sample_progress(workspace)  # 进度, and actuals on 甘特图 and 指标
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def app(workspace: Workspace) -> dash.Dash:
    return create_app(workspace)


def _strings(node: Any) -> list[str]:
    """Every text in a layout's JSON (children, labels, placeholders, figure titles...)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return []


def _page(
    app: dash.Dash, path: str, headers: dict[str, str], **query: str
) -> tuple[str, list[str]]:
    """The page's layout for a visit with ``headers``: its JSON text and its strings."""
    page = next(page for page in dash.page_registry.values() if page["path"] == path)
    with app.server.test_request_context(path, headers=headers):
        layout = page["layout"](**query)
        title = page["title"]()
    text = json.dumps(layout, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)
    return title + text, _strings(json.loads(text))


PAGES = [
    ("/", {}, "Projects and investment per plan and table"),
    ("/funding", {}, "Investment per year (100M CNY)"),
    ("/indicators", {}, "Indicator to chart"),
    ("/gantt", {"county": "晋江市"}, "晋江市: "),
    ("/overlap", {"county": "晋江市"}, "Units carrying several projects at once"),
    ("/", {}, "Projects and investment per city and county"),
    ("/portfolio", {"county": "晋江市"}, "Click a row to see its source"),
    ("/scenarios", {}, "Yearly totals: a cut or a cap (one per year)"),
    ("/upload", {}, "File type"),
    ("/progress", {}, "Planned is the plan's yearly schedule"),
    ("/progress", {"by": "county", "key": "晋江市"}, "Projects with a report come first"),
    ("/progress", {"by": "project", "key": "1"}, "Source of the actual"),
]


@pytest.mark.parametrize(("path", "query", "english"), PAGES)
def test_every_label_of_the_page_is_translated(
    app: dash.Dash, path: str, query: dict[str, str], english: str
) -> None:
    text, strings = _page(app, path, ENGLISH, **query)
    assert english in text and "Portfolio planner" in text
    labels = {s for s in strings if s in translated_messages()} - DATA_SPELLING_LABELS
    untranslated = sorted(labels)
    assert not untranslated, f"{path} shows Chinese labels in English: {untranslated}"
    chinese, _ = _page(app, path, {}, **query)
    assert english not in chinese  # and without the cookie, the page stays Chinese


def test_the_overview_keeps_plan_tables_and_finding_codes(app: dash.Dash) -> None:
    text, _ = _page(app, "/", ENGLISH)
    assert "附件1" in text and "1915.91" in text
    assert "Start year inferred" in text and "start_year_inferred" in text
    assert "Total investment (100M CNY)" in text and '"Total"' in text


def test_the_overview_lists_every_city_and_county_with_the_services_figures(
    app: dash.Dash, workspace: Workspace
) -> None:
    _, strings = _page(app, "/", {})
    totals = place_totals(workspace)
    assert totals.places
    for place in totals.places:
        assert (place.county or place.city) in strings
    jinjiang = next(p for p in totals.places if p.county == "晋江市")
    after = strings[strings.index("晋江市") :]
    shown = [s for s in after if re.fullmatch(r"[0-9.]+", s)][:2]  # the row's figures
    assert shown == [str(jinjiang.projects), yi_text(jinjiang.investment_wan)]
    assert yi_text(totals.unplaced_investment_wan) in strings


def test_the_gantt_keeps_county_and_project_names(app: dash.Dash, workspace: Workspace) -> None:
    text, _ = _page(app, "/gantt", ENGLISH, county="晋江市")
    names = [view.name for view in workspace.projects(ProjectFilter(county="晋江市"))]
    assert names and all(name in text for name in names)
    assert "Gantt · Portfolio planner" in text and '"Gantt"' in text
    assert "Plan (as written)" in text and "All cities" in text


def test_the_indicators_keep_their_names_and_units(app: dash.Dash, workspace: Workspace) -> None:
    text, _ = _page(app, "/indicators", ENGLISH)
    indicators = workspace.indicators()
    assert all(view.name in text for view in indicators)
    assert "All plans" in text and "Average annual growth [cumulative] / note" in text


def test_the_navbar_and_a_callback_answer_in_the_pages_language(app: dash.Dash) -> None:
    with_cookie = app.server.test_client()
    with_cookie.set_cookie(LANG_COOKIE, "en")
    # Compared as parsed JSON: the layout is written with ASCII escapes unless orjson is
    # installed (plotly uses it when present).
    navbar = json.dumps(with_cookie.get("/_dash-layout").get_json(), ensure_ascii=False)
    assert "Gantt" in navbar and "中文" in navbar and "甘特图" not in navbar
    client = app.server.test_client()
    # ?lang=en in the page's address: Dash's requests name the page in the Referer.
    page = "http://localhost/funding?lang=en"
    layout = client.get("/_dash-layout", headers={"Referer": page}).get_json()
    navbar = json.dumps(layout, ensure_ascii=False)
    assert "Funding" in navbar and "English" not in navbar
    outputs = [
        (ids.FUNDING_CHART, "figure"),
        (ids.FUNDING_CUMULATIVE, "figure"),
        (ids.FUNDING_TABLE, "children"),
        (ids.FUNDING_SHOWS, "children"),
        (ids.FUNDING_ERROR, "children"),
        (ids.FUNDING_ERROR, "is_open"),
        (ids.FUNDING_PICKED, "options"),
        (ids.FUNDING_PICKED, "value"),
        (ids.FUNDING_PLACE_CAPS, "figure"),
        (ids.FUNDING_PLACE_CAPS_BOX, "hidden"),
        (ids.FUNDING_LOCATION, "search"),
    ]
    body = {
        "output": ".." + "...".join(f"{id_}.{prop}" for id_, prop in outputs) + "..",
        "outputs": [{"id": id_, "property": prop} for id_, prop in outputs],
        "inputs": [
            {"id": ids.FUNDING_SCENARIO, "property": "value", "value": ""},
            {"id": ids.FUNDING_BY, "property": "value", "value": "county"},
            {"id": ids.FUNDING_PICKED, "property": "value", "value": []},
        ],
        "changedPropIds": [f"{ids.FUNDING_BY}.value"],
        "state": [],
    }
    answer = client.post("/_dash-update-component", json=body, headers={"Referer": page})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    response = answer.get_json()["response"]
    shows = response[ids.FUNDING_SHOWS]["children"]
    assert shows == "Showing: the plan as written, each project in its planned years."
    assert response[ids.FUNDING_LOCATION]["search"] == "?by=county&lang=en"
    figure = response[ids.FUNDING_CHART]["figure"]
    assert figure["layout"]["title"]["text"] == "Investment per year, by County"
    assert "晋江市" in {trace["name"] for trace in figure["data"]}
    assert "Others" in {trace["name"] for trace in figure["data"]}


def test_the_overview_download_is_in_the_visitors_language(app: dash.Dash) -> None:
    body = {
        "output": f"{ids.OVERVIEW_EXPORT_DOWNLOAD}.data",
        "outputs": {"id": ids.OVERVIEW_EXPORT_DOWNLOAD, "property": "data"},
        "inputs": [{"id": ids.OVERVIEW_EXPORT_BUTTON, "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{ids.OVERVIEW_EXPORT_BUTTON}.n_clicks"],
        "state": [],
    }
    sheets = {}
    for lang in ("zh", "en"):
        client = app.server.test_client()
        client.set_cookie(LANG_COOKIE, lang)
        answer = client.post("/_dash-update-component", json=body)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        data = answer.get_json()["response"][ids.OVERVIEW_EXPORT_DOWNLOAD]["data"]
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data["content"])))
        sheets[lang] = book.sheetnames
    assert "投资计划" in sheets["zh"] and "Schedule" not in sheets["zh"]
    assert "Schedule" in sheets["en"] and "投资计划" not in sheets["en"]


def test_a_gantt_with_too_many_bars_opens_on_its_busiest_city(
    app: dash.Dash, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gantt_layout, "MAX_DEFAULT_BARS", 10)
    text, _ = _page(app, "/gantt", {})
    # 泉州市 carries most of the bundled projects: the chart opens there, and says why.
    assert "先显示泉州市" in text
    assert "泉州市：" in text  # the summary names the place shown
    # A place named in the address is shown as asked, however many bars it has.
    asked, _ = _page(app, "/gantt", {}, city="厦门市")
    assert "先显示" not in asked and "厦门市：" in asked
