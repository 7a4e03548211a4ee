"""The 情景 form's save and run, through the app's own server: every mistake at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dash
import pytest

from portfolio.services.workspace import Workspace
from ui.app import create_app
from ui.i18n import LANG_COOKIE
from ui.pages.scenarios.callbacks import save_or_run
from ui.pages.scenarios.file import blank_county_rows, blank_link_rows, year_rows


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    workspace = Workspace(f"sqlite:///{tmp_path_factory.mktemp('form') / 'p.sqlite3'}")
    workspace.ensure_ready()
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def app(workspace: Workspace) -> dash.Dash:
    return create_app(workspace)


def _form(workspace: Workspace) -> dict[str, Any]:
    baseline = workspace.scenario_baseline()
    years = year_rows(baseline.planned_by_year, baseline.horizon)
    for row in years:
        if row["year"] == 2024:
            row["cap"] = "150"  # no unit
    return {
        "name": "几处错误",
        "as_of": "2021",
        "max_delay": "",
        "time_limit": "",
        "objectives": ["delay", "level"],
        "periods": "year",
        "profile": "planned",
        "min_share": "",
        "max_share": "",
        "explain_step": "",
        "what_if": "",
        "years": years,
        "counties": [
            {"county": "晋江市", "year": "2023", "cap": "12亿", "limit": ""},
            {"county": "晋江县", "year": "2023", "cap": "1亿", "limit": ""},
            *blank_county_rows(),
        ],
        "overrides": [
            {"project": "清源实验室", "must_fund": True, "priority": "", "max_delay": ""},
            {"project": "清源创新实验室", "locked": True, "priority": "高", "max_delay": ""},
        ],
        "links": blank_link_rows(),
    }


def _items(grid: list[Any]) -> list[str]:
    return [item.children for item in grid]


def test_every_rows_mistake_shows_at_once_the_names_with_the_rest(
    app: dash.Dash, workspace: Workspace
) -> None:
    with app.server.test_request_context("/scenarios"):
        shown = save_or_run(1, None, _form(workspace), {}, None)
    errors = {key: _items(items) for key, items in shown["grid_errors"].items()}
    assert errors["years"] == ["2024年总额上限：金额“150”没有单位（是否要写“150亿”或“150万”？）"]
    # The form's own check (an unknown county) and the portfolio's (an unknown project), both
    # by their rows, in one answer.
    assert errors["counties"] == ["第2行：未知县（市、区）“晋江县”（是否要写“晋江市”或“连江县”？）"]
    assert errors["overrides"] == [
        "第2行（清源创新实验室）：优先级须为 1 或更大的整数（“高”）",
        "第1行：没有名为“清源实验室”的项目参与本情景（是否要写“清源创新实验室”？）",
    ]
    assert shown["toml"] == "" and shown["alert_open"]
    assert "几处错误" not in [s.name for s in workspace.scenarios()]


def test_the_mistakes_in_english(app: dash.Dash, workspace: Workspace) -> None:
    with app.server.test_request_context("/scenarios", headers={"Cookie": f"{LANG_COOKIE}=en"}):
        shown = save_or_run(1, None, _form(workspace), {}, None)
    errors = {key: _items(items) for key, items in shown["grid_errors"].items()}
    assert errors["years"] == [
        "2024 total cap: the amount “150” has no unit (did you mean “150亿” or “150万”?)"
    ]
    assert errors["overrides"][1] == (
        "Row 1: no project named “清源实验室” takes part (did you mean “清源创新实验室”?)"
    )
