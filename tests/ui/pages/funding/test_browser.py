"""The funding page in Debian's chromium, after a stored run of the 2023 cut."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

from portfolio.exports.model import Grouping
from portfolio.formatting import yi_text
from portfolio.services.exports import schedule_export
from portfolio.services.workspace import Workspace
from tests.ui.test_browser import (  # the same served app, browser and workspace fixtures
    ARTIFACTS,
    base_url,
    browser,
    downloads,
    workspace,
)
from ui import ids
from ui.pages.funding.views import CAP_LABEL, OTHERS_LABEL, TOTAL_LABEL

pytestmark = pytest.mark.browser

__all__ = ["base_url", "browser", "downloads", "workspace"]  # fixtures used by name

CUT = Path(__file__).resolve().parents[4] / "data" / "scenarios" / "cut-2023.toml"


@pytest.fixture(scope="module")
def cut_scenario(workspace: Workspace) -> str:
    """The name of the stored run of data/scenarios/cut-2023.toml."""
    workspace.run_scenario(CUT.read_text(encoding="utf-8"), "cut")
    (summary,) = [s for s in workspace.scenarios() if s.runs]
    return summary.name


def _table_cells(driver: WebDriver, table_id: str) -> tuple[list[str], list[list[str]]]:
    """Header texts and each body row's cell texts of the table inside ``table_id``."""
    table = driver.find_element(By.ID, table_id)
    header = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    rows = [
        [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
        for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    ]
    return header, rows


def test_funding_by_city_totals_2023_as_the_service_does(
    browser: WebDriver, base_url: str, workspace: Workspace, cut_scenario: str
) -> None:
    export = schedule_export(workspace, cut_scenario)
    expected = yi_text(export.total_by_year()[2023])
    browser.get(f"{base_url}/funding?scenario={quote(cut_scenario)}&by=city")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, f"#{ids.FUNDING_TABLE} tbody tr")))
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, f"#{ids.FUNDING_CHART} .bars")))
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "funding.png"))

    header, rows = _table_cells(browser, ids.FUNDING_TABLE)
    assert header[0] == "设区市"
    total = next(row for row in rows if row[0] == TOTAL_LABEL)
    assert total[header.index("2023")] == expected
    cities = {row[0] for row in rows} - {TOTAL_LABEL}
    assert "泉州市" in cities and "福州市" in cities
    assert cut_scenario in browser.find_element(By.ID, ids.FUNDING_SHOWS).text
    # The scenario caps 2023's total spend: the cap line is in the chart's legend.
    assert CAP_LABEL in browser.find_element(By.ID, ids.FUNDING_CHART).text
    # The choices stay in the URL to share.
    assert "by=city" in browser.current_url and quote(cut_scenario) in browser.current_url


@pytest.fixture(scope="module")
def county_cap(workspace: Workspace) -> tuple[str, int]:
    """A stored run capping 晋江市's 2023 spend at half its plan; its name and the cap."""
    planned = schedule_export(workspace).totals_by(Grouping.COUNTY)["晋江市"][2023]
    cap = planned // 2
    name = "晋江市2023年减半"
    workspace.run_scenario(
        f'name = "{name}"\nas_of = 2021\ntime_limit = 10\n'
        f'[caps.county."晋江市"]\n2023 = "{cap}万"\n[limits]\nmax_delay = 3\n',
        "county-cap",
    )
    return name, cap


def _traces(driver: WebDriver, graph_id: str) -> list[dict[str, Any]]:
    data = driver.execute_script(
        f"const plot = document.querySelector('#{graph_id} .js-plotly-plot');"
        "return plot && plot.data ? plot.data : [];"
    )
    assert isinstance(data, list)
    return data


def test_funding_by_county_draws_the_ten_largest_others_and_the_county_cap(
    browser: WebDriver, base_url: str, workspace: Workspace, county_cap: tuple[str, int]
) -> None:
    name, cap = county_cap
    export = schedule_export(workspace, name)
    by_county = export.totals_by(Grouping.COUNTY)
    browser.get(f"{base_url}/funding?scenario={quote(name)}&by=county")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: len(_traces(d, ids.FUNDING_CHART)) > 1)
    bars = [trace for trace in _traces(browser, ids.FUNDING_CHART) if trace["type"] == "bar"]
    assert len(by_county) > 11
    assert [bar["name"] for bar in bars][-1] == OTHERS_LABEL
    assert len(bars) == 11
    # The stack still adds up to the schedule's total in 2023, 其他 included.
    year = bars[0]["x"].index(2023)
    shown = sum(Decimal(bar["customdata"][year]) for bar in bars)
    assert shown == Decimal(yi_text(export.total_by_year()[2023]))
    browser.save_screenshot(str(ARTIFACTS / "funding-county.png"))

    # 晋江市's cap on a panel of its own: the dashed line at the cap, over its spend.
    box = browser.find_element(By.ID, ids.FUNDING_PLACE_CAPS_BOX)
    assert box.is_displayed() and "晋江市" in box.text
    (line,) = [t for t in _traces(browser, ids.FUNDING_PLACE_CAPS) if t["type"] == "scatter"]
    assert line["x"] == [2023] and line["customdata"][0][0] == yi_text(cap)
    (spend,) = [t for t in _traces(browser, ids.FUNDING_PLACE_CAPS) if t["type"] == "bar"]
    assert spend["customdata"][spend["x"].index(2023)] == yi_text(by_county["晋江市"][2023])
    box.screenshot(str(ARTIFACTS / "funding-county-caps.png"))

    # Picking a small county draws it apart (and only it, beside 其他), and the URL says so.
    smallest = min(by_county, key=lambda county: (sum(by_county[county].values()), county))
    browser.find_element(By.ID, ids.FUNDING_PICKED).click()
    option = (By.XPATH, f"//label[@role='option'][.//input[@value='{smallest}']]")
    wait.until(ec.element_to_be_clickable(option)).click()
    wait.until(lambda d: f"show={quote(smallest)}" in d.current_url)
    wait.until(
        lambda d: (
            [t["name"] for t in _traces(d, ids.FUNDING_CHART) if t["type"] == "bar"]
            == [smallest, OTHERS_LABEL]
        )
    )
    browser.save_screenshot(str(ARTIFACTS / "funding-county-picked.png"))
    # The table keeps every county.
    _, rows = _table_cells(browser, ids.FUNDING_TABLE)
    assert {row[0] for row in rows} >= set(by_county)


def test_funding_by_table_has_no_cap_panels(
    browser: WebDriver, base_url: str, county_cap: tuple[str, int]
) -> None:
    name, _ = county_cap
    browser.get(f"{base_url}/funding?scenario={quote(name)}&by=table")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: len(_traces(d, ids.FUNDING_CHART)) > 1)
    assert not browser.find_element(By.ID, ids.FUNDING_PLACE_CAPS_BOX).is_displayed()
