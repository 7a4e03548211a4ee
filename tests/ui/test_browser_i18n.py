"""The language switch in Debian's chromium: the navbar and the Gantt page in English and back."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

from portfolio.services.queries import ProjectFilter
from portfolio.services.workspace import Workspace
from tests.ui.test_browser import (  # noqa: F401
    ARTIFACTS,
    base_url,
    browser,
    downloads,
    workspace,
)
from ui import ids
from ui.i18n import LANG_COOKIE

pytestmark = pytest.mark.browser


def _screenshot(driver: WebDriver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    return path


def _text(driver: WebDriver, element_id: str) -> str:
    return str(driver.find_element(By.ID, element_id).text)


def test_the_switch_turns_navbar_and_gantt_english_and_back(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,  # noqa: F811
) -> None:
    names = [view.name for view in workspace.projects(ProjectFilter(county="晋江市"))]
    browser.get(f"{base_url}/gantt?county={quote('晋江市')}")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.GANTT_SUMMARY), "晋江市："))
    assert "甘特图" in _text(browser, ids.NAVBAR) and "Gantt" not in _text(browser, ids.NAVBAR)

    browser.find_element(By.ID, ids.LANG_SWITCH).click()
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.NAVBAR), "Gantt"))
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.GANTT_SUMMARY), "晋江市: "))
    navbar = _text(browser, ids.NAVBAR)
    for label in ("Portfolio planner", "Overview", "Gantt", "Scenarios", "中文"):
        assert label in navbar
    assert "甘特图" not in navbar
    assert browser.get_cookie(LANG_COOKIE)["value"] == "en"  # type: ignore[index]
    assert "county=" in unquote(browser.current_url) and "晋江市" in unquote(browser.current_url)
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "projects" in _text(browser, ids.GANTT_SUMMARY)
    assert "Light grey bars are the planned years" in page
    wait.until(lambda d: d.title == "Gantt · Portfolio planner")
    # Data stays as written: the county's projects keep their Chinese names on the chart.
    wait.until(lambda d: names[0] in d.find_element(By.ID, ids.GANTT_GRAPH).text)
    _screenshot(browser, "gantt-english.png")

    # A choice redrawn by a callback is English too (another city: the county is let go).
    assert _text(browser, ids.GANTT_CITY) == "All cities"
    browser.find_element(By.ID, ids.GANTT_CITY).click()
    option = (By.XPATH, "//label[@role='option'][.//input[@value='厦门市']]")
    wait.until(ec.element_to_be_clickable(option)).click()
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.GANTT_SUMMARY), "厦门市: "))
    assert "projects" in _text(browser, ids.GANTT_SUMMARY)

    browser.find_element(By.ID, ids.LANG_SWITCH).click()
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.NAVBAR), "甘特图"))
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.GANTT_SUMMARY), "个项目"))
    assert "Gantt" not in _text(browser, ids.NAVBAR) and "English" in _text(browser, ids.NAVBAR)
    assert browser.get_cookie(LANG_COOKIE)["value"] == "zh"  # type: ignore[index]
    assert "灰色浅条为原计划年限" in browser.find_element(By.TAG_NAME, "main").text

    # ?lang=en in an address shared with a Chinese-speaking colleague's browser: English.
    browser.get(f"{base_url}/overlap?lang=en")
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.NAVBAR), "Overlap"))
    wait.until(
        lambda d: (
            "Units carrying several projects at once" in d.find_element(By.TAG_NAME, "main").text
        )
    )
    # Its filters rewrite the address and keep ?lang=en, so the redrawn chart stays English.
    browser.find_element(By.CSS_SELECTOR, f"#{ids.OVERLAP_MEASURE} input[value='spend']").click()
    wait.until(lambda d: "measure=spend" in d.current_url and "lang=en" in d.current_url)
    wait.until(
        lambda d: (
            d.execute_script(
                f"return document.querySelector('#{ids.OVERLAP_HEATMAP} .js-plotly-plot')"
                ".data[0].colorbar.title.text"
            )
            == "10k CNY"
        )
    )
    assert "Investment per year (100M CNY)" in _text(browser, ids.OVERLAP_MEASURE)
