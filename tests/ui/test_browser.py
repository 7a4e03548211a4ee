"""The web app in Debian's chromium: the county link filters the grid, the overview adds up."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait
from werkzeug.serving import make_server

from benchmarks._browser import HEADLESS_FLAGS
from portfolio.formatting import yi_text
from portfolio.services.queries import ProjectFilter, consolidated_total_wan
from portfolio.services.workspace import Workspace
from ui import ids
from ui.app import create_app
from ui.views import matching

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# Tall enough that the grid renders every row of a county.
CHROMIUM_FLAGS = (*HEADLESS_FLAGS, "--window-size=1600,3000")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'portfolio.sqlite3'}"
    workspace = Workspace(url)
    workspace.ensure_ready()
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def base_url(workspace: Workspace) -> Iterator[str]:
    """The app served on a free localhost port from a thread."""
    server = make_server("127.0.0.1", 0, create_app(workspace).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[WebDriver]:
    # Fail, not skip: a missing browser must not pass as a green run.
    assert CHROMIUM.exists(), "install Debian's chromium: apt-get install chromium"
    assert CHROMEDRIVER.exists(), (
        "install Debian's chromium-driver: apt-get install chromium-driver"
    )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def screenshot(driver: WebDriver, name: str) -> None:
    """Save what the browser shows as ``tests/artifacts/NAME``."""
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / name))


def _column_texts(driver: WebDriver, column: str) -> list[str]:
    cells = driver.find_elements(By.CSS_SELECTOR, f".ag-center-cols-container [col-id='{column}']")
    return [cell.text for cell in cells]


def test_county_link_lists_only_that_countys_projects(
    browser: WebDriver, base_url: str, workspace: Workspace
) -> None:
    expected = workspace.projects(ProjectFilter(county="晋江市"))
    assert expected, "the bundled Quanzhou plan has projects in 晋江市"
    browser.get(f"{base_url}/portfolio?county={quote('晋江市')}")
    wait = WebDriverWait(browser, 30)
    wait.until(
        ec.text_to_be_present_in_element((By.ID, ids.PROJECTS_COUNT), f"{len(expected)} 个项目")
    )
    wait.until(lambda d: len(_column_texts(d, "name")) == len(expected))
    screenshot(browser, "portfolio-jinjiang.png")

    assert sorted(_column_texts(browser, "name")) == sorted(v.name for v in expected)
    counties = _column_texts(browser, "counties")
    assert counties and all("晋江市" in text for text in counties)
    dropdown = browser.find_element(By.ID, ids.PROJECTS_COUNTY)
    assert "晋江市" in dropdown.text

    # A click on a row shows where the project stands in its source document.
    first = expected[0]
    cell = (By.CSS_SELECTOR, f".ag-center-cols-container [row-id='{first.id}'] [col-id='name']")
    wait.until(ec.element_to_be_clickable(cell)).click()
    wait.until(
        ec.text_to_be_present_in_element((By.ID, ids.PROJECTS_DETAIL), first.source_document)
    )
    detail = browser.find_element(By.ID, ids.PROJECTS_DETAIL).text
    assert first.source_document in detail
    assert f"第 {first.source_line_start}" in detail
    screenshot(browser, "portfolio-detail.png")


def test_search_in_a_county_keeps_the_matching_projects_and_the_address(
    browser: WebDriver, base_url: str, workspace: Workspace
) -> None:
    expected = matching(workspace.projects(ProjectFilter(county="晋江市")), "研究院")
    assert expected, "晋江市 has research institutes"
    browser.get(f"{base_url}/portfolio?county={quote('晋江市')}")
    wait = WebDriverWait(browser, 30)
    field = wait.until(ec.element_to_be_clickable((By.ID, ids.PROJECTS_SEARCH)))
    field.send_keys("研究院", Keys.ENTER)
    wait.until(
        ec.text_to_be_present_in_element((By.ID, ids.PROJECTS_COUNT), f"{len(expected)} 个项目")
    )
    wait.until(lambda d: sorted(_column_texts(d, "name")) == sorted(v.name for v in expected))
    assert f"q={quote('研究院')}" in browser.current_url
    assert f"county={quote('晋江市')}" in browser.current_url
    screenshot(browser, "portfolio-search.png")


def test_overview_shows_the_consolidated_total(
    browser: WebDriver, base_url: str, workspace: Workspace
) -> None:
    expected = yi_text(consolidated_total_wan(workspace.projects()))
    browser.get(f"{base_url}/")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.presence_of_element_located((By.ID, ids.OVERVIEW_CONSOLIDATED)))
    screenshot(browser, "overview.png")
    assert browser.find_element(By.ID, ids.OVERVIEW_CONSOLIDATED).text == expected
    findings = browser.find_element(By.ID, ids.OVERVIEW_FINDING_COUNT).text
    assert findings == str(len(workspace.findings()))
    tables = browser.find_element(By.ID, ids.OVERVIEW_TABLES).text
    assert "附件1" in tables and "1915.91" in tables
    nav = browser.find_element(By.ID, ids.NAVBAR).text
    assert "概览" in nav and "项目库" in nav


def test_overview_downloads_the_plan_schedule(
    browser: WebDriver, base_url: str, workspace: Workspace, downloads: Path
) -> None:
    browser.get(f"{base_url}/")
    wait = WebDriverWait(browser, 60)
    wait.until(ec.element_to_be_clickable((By.ID, ids.OVERVIEW_EXPORT_BUTTON))).click()
    wait.until(lambda _: [p for p in downloads.glob("*.xlsx")])
    (path,) = downloads.glob("*.xlsx")
    book = openpyxl.load_workbook(path)
    assert "投资计划" in book.sheetnames
    sheet = book["投资计划"]
    ids_in_sheet = {
        row[0] for row in sheet.iter_rows(min_row=1, values_only=True) if isinstance(row[0], int)
    }
    scheduled = {v.id for v in workspace.projects() if v.investment_wan is not None}
    assert ids_in_sheet and ids_in_sheet <= scheduled
