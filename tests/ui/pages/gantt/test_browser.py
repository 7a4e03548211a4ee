"""The Gantt page in Debian's chromium: a county's chart shows its projects."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait

from portfolio.services.exports import schedule_export
from portfolio.services.workspace import Workspace
from tests.ui.test_browser import base_url, browser, downloads, screenshot  # noqa: F401
from ui import ids
from ui.pages.gantt.groups import PLACE_META
from ui.pages.gantt.views import ACTIVE_META, GHOST_META, SCHEDULE_META

pytestmark = pytest.mark.browser

CUT = Path(__file__).resolve().parents[4] / "data" / "scenarios" / "cut-2023.toml"
SCENARIO = "2023年压减20%"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The bundled plans and one stored run of the 2023 cut."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-gantt') / 'portfolio.sqlite3'}"
    workspace = Workspace(url)
    workspace.ensure_ready()
    workspace.run_scenario(CUT.read_text(encoding="utf-8"), "cut")
    yield workspace
    workspace.close()


def _graph_data(driver: WebDriver, graph_id: str) -> list[dict[str, Any]]:
    """The traces Plotly drew in the graph ``graph_id`` (empty until it has drawn)."""
    data = driver.execute_script(
        f"const plot = document.querySelector('#{graph_id} .js-plotly-plot');"
        "return plot && plot.data ? plot.data : [];"
    )
    assert isinstance(data, list)
    return data


def test_a_countys_gantt_shows_exactly_its_projects(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    export = schedule_export(workspace, SCENARIO)
    expected = [row for row in export.rows if "晋江市" in row.county_spend]
    delayed = [row for row in expected if row.delay_years > 0]
    assert expected and delayed, "the cut delays projects in 晋江市"
    browser.get(f"{base_url}/gantt?county={quote('晋江市')}&scenario={quote(SCENARIO)}")
    wait = WebDriverWait(browser, 30)
    wait.until(
        lambda d: any(t.get("meta") == SCHEDULE_META for t in _graph_data(d, ids.GANTT_GRAPH))
    )
    screenshot(browser, "gantt-jinjiang.png")

    traces = _graph_data(browser, ids.GANTT_GRAPH)
    solid = [t for t in traces if t.get("meta") == SCHEDULE_META]
    labels = [label for trace in solid for label in trace["y"]]
    assert sorted(labels) == sorted(row.name for row in expected)
    shown_ids = [item[0] for trace in solid for item in trace["customdata"]]
    assert sorted(shown_ids) == sorted(row.project_id for row in expected)

    # A delayed project: the solid bar starts later than its planned ghost (one that started
    # in history keeps its start: what remains of it moved).
    (ghost,) = [t for t in traces if t.get("meta") == GHOST_META]
    ghost_start = dict(zip(ghost["y"], ghost["base"], strict=True))
    solid_start = {y: b for t in solid for y, b in zip(t["y"], t["base"], strict=True)}
    for row in delayed:
        assert row.start is not None
        assert solid_start[row.name] == row.start
        assert ghost_start[row.name] == row.planned_start
        if row.planned_start is not None and row.planned_start >= export.as_of:
            assert row.planned_start < row.start  # one started in history keeps its start

    (strip,) = [t for t in traces if t.get("meta") == ACTIVE_META]
    in_2024 = sum(1 for row in expected if row.active(2024))
    assert dict(zip(strip["customdata"], strip["y"], strict=True))[2024] == in_2024

    assert "晋江市" in browser.find_element(By.ID, ids.GANTT_COUNTY).text
    assert SCENARIO in browser.find_element(By.ID, ids.GANTT_SCENARIO).text
    assert f"{len(expected)} 个项目" in browser.find_element(By.ID, ids.GANTT_SUMMARY).text
    assert "甘特图" in browser.find_element(By.ID, ids.NAVBAR).text


def test_the_default_gantt_fits_a_screen_a_row_per_place_and_a_click_opens_one(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    browser.get(f"{base_url}/gantt?scenario={quote(SCENARIO)}")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: any(t.get("meta") == PLACE_META for t in _graph_data(d, ids.GANTT_GRAPH)))
    height = browser.find_element(By.ID, ids.GANTT_GRAPH).size["height"]
    assert height <= 1000, "no taller than a screen"
    (places,) = [t for t in _graph_data(browser, ids.GANTT_GRAPH) if t.get("meta") == PLACE_META]
    assert all(label.startswith("▸ ") for label in places["y"])
    screenshot(browser, "gantt-default.png")

    # A click on a place's row opens it: its projects appear under it, each delay labelled.
    first = places["customdata"][0][1]
    bars = browser.find_elements(By.CSS_SELECTOR, f"#{ids.GANTT_GRAPH} .xy .barlayer .trace")
    row = bars[-1].find_elements(By.CSS_SELECTOR, ".point path")[0]
    ActionChains(browser).move_to_element(row).click().perform()
    wait.until(
        lambda d: any(
            label.startswith(f"{first}｜")
            for t in _graph_data(d, ids.GANTT_GRAPH)
            if t.get("meta") == SCHEDULE_META
            for label in t["y"]
        )
    )
    screenshot(browser, "gantt-default-opened.png")


def test_delayed_bars_are_labelled_with_their_delay(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    export = schedule_export(workspace, SCENARIO)
    delayed = {
        r.name: r.delay_years for r in export.rows if "晋江市" in r.county_spend and r.delay_years
    }
    browser.get(f"{base_url}/gantt?county={quote('晋江市')}&scenario={quote(SCENARIO)}")
    wait = WebDriverWait(browser, 30)
    wait.until(
        lambda d: any(t.get("meta") == SCHEDULE_META for t in _graph_data(d, ids.GANTT_GRAPH))
    )
    solid = [t for t in _graph_data(browser, ids.GANTT_GRAPH) if t.get("meta") == SCHEDULE_META]
    texts = {y: text for t in solid for y, text in zip(t["y"], t["text"], strict=True) if text}
    assert texts == {name: f"推迟 {years} 年" for name, years in delayed.items()}
    # The labels are drawn, not only in the data.
    drawn = browser.find_element(By.ID, ids.GANTT_GRAPH).text
    assert all(f"推迟 {years} 年" in drawn for years in delayed.values())
