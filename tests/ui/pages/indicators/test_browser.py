"""The 指标 page in Debian's chromium: the annual targets as written, one in a chart."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

from portfolio.services.workspace import Workspace
from tests.ui.pages.funding.test_browser import _table_cells
from tests.ui.test_browser import (  # the same served app, browser and workspace fixtures
    ARTIFACTS,
    base_url,
    browser,
    downloads,
    workspace,
)
from ui import ids

pytestmark = pytest.mark.browser

__all__ = ["base_url", "browser", "downloads", "workspace"]  # fixtures used by name


def test_indicators_show_the_annual_targets_as_written(
    browser: WebDriver, base_url: str, workspace: Workspace
) -> None:
    annual = [view for view in workspace.indicators() if view.table == "附件5"]
    assert annual, "the bundled Quanzhou plan has annual indicator targets in 附件5"
    browser.get(f"{base_url}/indicators")
    wait = WebDriverWait(browser, 30)
    wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, f"#{ids.INDICATORS_TABLE} tbody tr"))
    )
    header, rows = _table_cells(browser, ids.INDICATORS_TABLE)
    shown = {(row[1], row[2]): row for row in rows}
    for view in annual:
        row = shown[(view.table, view.seq)]
        assert row[3] == view.name
        for year, text in view.targets.items():
            assert row[header.index(f"{year}年")] == text

    # Choosing an indicator draws its targets and puts it in the URL.
    first = annual[0]
    key = f"{first.plan}/{first.table}/{first.seq}"
    browser.get(f"{base_url}/indicators?plan={quote(first.plan)}&indicator={quote(key)}")
    wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, f"#{ids.INDICATORS_CHART} .js-line"))
    )
    chart = browser.find_element(By.ID, ids.INDICATORS_CHART).text
    assert first.name in chart
    browser.save_screenshot(str(ARTIFACTS / "indicators.png"))
