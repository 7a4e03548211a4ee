"""The 重叠 page in Debian's chromium: the heatmap counts a county's projects, the spend toggle
redraws and goes in the URL."""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait

from portfolio.services.exports import schedule_export
from portfolio.services.workspace import Workspace
from tests.ui.pages.gantt.test_browser import _graph_data
from tests.ui.test_browser import (  # noqa: F401
    base_url,
    browser,
    downloads,
    screenshot,
    workspace,
)
from ui import ids

pytestmark = pytest.mark.browser


def test_overlap_page_shows_the_heatmap_and_a_countys_pairs(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,  # noqa: F811
) -> None:
    export = schedule_export(workspace)
    browser.get(f"{base_url}/overlap?county={quote('晋江市')}")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: _graph_data(d, ids.OVERLAP_HEATMAP))
    (heatmap,) = _graph_data(browser, ids.OVERLAP_HEATMAP)
    row = heatmap["y"].index("泉州市·晋江市")
    column = heatmap["x"].index("2023")
    active = sum(1 for r in export.rows if "晋江市" in r.county_spend and r.active(2023))
    assert heatmap["z"][row][column] == active
    pairs = browser.find_element(By.ID, ids.OVERLAP_PAIRS).text
    assert "晋江市：" in pairs and "对" in pairs
    assert "同时在建项目数" in browser.find_element(By.ID, ids.OVERLAP_UNITS).text
    screenshot(browser, "overlap.png")

    # The spend toggle redraws in 亿元 and puts the choice in the URL.
    browser.find_element(By.CSS_SELECTOR, f"#{ids.OVERLAP_MEASURE} input[value='spend']").click()
    wait.until(lambda d: "measure=spend" in unquote(d.current_url))
    wait.until(
        lambda d: _graph_data(d, ids.OVERLAP_HEATMAP)[0]["colorbar"]["title"]["text"] == "万元"
    )
