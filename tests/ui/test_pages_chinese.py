"""The pages in Chinese say none of the product's English words (the catalog's vocabulary):
every page, with the plan and with a scenario's run, and a callback's answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import dash
import plotly
import pytest

from portfolio.paths import data_dir
from portfolio.services.workspace import Workspace
from tests.actuals_helpers import record_sample_progress
from tests.catalog import english_in
from ui import ids
from ui.app import create_app

SCENARIO = "2023年压减20%"
# What a page shows a reader; ids, class names, styles and option values are not shown.
SHOWN = {"children", "label", "placeholder", "title", "text", "headerName", "name"}
SHOWN |= {"hovertemplate", "tooltip", "header"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('chinese') / 'p.sqlite3'}")
    workspace.ensure_ready()
    text = (data_dir() / "scenarios" / "cut-2023.toml").read_text(encoding="utf-8")
    workspace.run_scenario(text, "cut-2023.toml", time_limit=10)
    record_sample_progress(workspace)  # 进度, and actuals on 甘特图 and 指标
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def app(workspace: Workspace) -> dash.Dash:
    return create_app(workspace)


def shown_strings(node: Any, key: str = "") -> Iterator[str]:
    """The texts of a layout's or a callback's JSON that a reader sees."""
    if isinstance(node, str):
        if key in SHOWN:
            yield node
    elif isinstance(node, dict):
        for name, value in node.items():
            yield from shown_strings(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from shown_strings(value, key)


def _english(node: Any) -> dict[str, list[str]]:
    return {text: words for text in shown_strings(node) if (words := english_in(text))}


PAGES = [
    ("/", {}),
    ("/portfolio", {"county": "晋江市"}),
    ("/funding", {}),
    ("/funding", {"scenario": SCENARIO, "by": "county"}),
    ("/indicators", {}),
    ("/progress", {}),
    ("/progress", {"by": "county", "key": "晋江市", "threshold": "10"}),
    ("/progress", {"by": "plan", "key": "quanzhou-st-14fyp", "date": "2024-12-31"}),
    ("/gantt", {"county": "晋江市"}),
    ("/gantt", {"city": "泉州市", "scenario": SCENARIO}),
    ("/overlap", {"county": "晋江市"}),
    ("/overlap", {"scenario": SCENARIO}),
    ("/scenarios", {}),
    ("/scenarios", {"name": SCENARIO}),
    ("/audit", {}),
    ("/upload", {}),
]


@pytest.mark.parametrize(("path", "query"), PAGES)
def test_a_chinese_page_says_no_english(
    app: dash.Dash, workspace: Workspace, path: str, query: dict[str, str]
) -> None:
    page = next(page for page in dash.page_registry.values() if page["path"] == path)
    with app.server.test_request_context(path):
        layout = page["layout"](**query)
        title = page["title"]()
    shown = json.loads(json.dumps(layout, cls=plotly.utils.PlotlyJSONEncoder))
    assert len(list(shown_strings(shown))) > 5, "the page shows its texts"
    assert not english_in(title)
    # A scenario's file is shown as written (操作记录 shows what was saved): its keys are
    # the file format's, its comments the planner's.
    written = {workspace.scenario(s.name)[0] for s in workspace.scenarios()}
    english = {text: words for text, words in _english(shown).items() if text not in written}
    assert not english, f"{path} {query} says English words in Chinese: {english}"


def test_a_callback_answers_in_chinese(app: dash.Dash) -> None:
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
            {"id": ids.FUNDING_SCENARIO, "property": "value", "value": SCENARIO},
            {"id": ids.FUNDING_BY, "property": "value", "value": "county"},
            {"id": ids.FUNDING_PICKED, "property": "value", "value": []},
        ],
        "changedPropIds": [f"{ids.FUNDING_BY}.value"],
        "state": [],
    }
    answer = app.server.test_client().post("/_dash-update-component", json=body)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    response = answer.get_json()["response"]
    assert SCENARIO in json.dumps(response[ids.FUNDING_SHOWS], ensure_ascii=False)
    english = _english(response)
    assert not english, f"the funding callback says English words in Chinese: {english}"
