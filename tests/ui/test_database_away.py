"""The web app while its database is away: the page says so (which database, nothing done)
instead of failing silently, and answers again once the database is back. A PostgreSQL of
the test's own is stopped and started; the app is ``portfolio serve`` of this tree."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

from portfolio.services.queries import ProjectFilter
from portfolio.services.workspace import Workspace
from tests.servers import PrivatePostgres, free_port, listening, stop_group, this_tree
from tests.ui.test_browser import browser, downloads, screenshot

pytestmark = [pytest.mark.slow, pytest.mark.browser]

__all__ = ["browser", "downloads"]  # fixtures used by name


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, PrivatePostgres, int]]:
    """The bundled portfolio on a PostgreSQL of its own, served by ``portfolio serve``; the
    address, the server, and a project of 晋江市."""
    postgres = PrivatePostgres()
    process = None
    try:
        postgres.start()
        postgres.create_database()
        workspace = Workspace(postgres.url)
        workspace.init()
        project = workspace.projects(ProjectFilter(county="晋江市"))[0].id
        workspace.close()
        port = free_port()
        process = this_tree(
            tmp_path / "serve.log", "serve", "--db", postgres.url, "--port", str(port)
        )
        deadline = time.monotonic() + 60
        while not listening(port):
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", postgres, project
    finally:
        if process is not None:
            stop_group(process)
        postgres.remove()


def _page_callback(address: str) -> tuple[int, str]:
    body = (
        '{"output":"..\\u005fpages_content.children...\\u005fpages_store.data..",'
        '"outputs":[{"id":"_pages_content","property":"children"},'
        '{"id":"_pages_store","property":"data"}],'
        '"inputs":[{"id":"_pages_location","property":"pathname","value":"/portfolio"},'
        '{"id":"_pages_location","property":"search","value":""}],'
        '"changedPropIds":["_pages_location.pathname"]}'
    )
    request = urllib.request.Request(
        f"{address}/_dash-update-component",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def test_the_page_says_the_database_is_away_and_answers_once_it_is_back(
    browser: WebDriver, served: tuple[str, PrivatePostgres, int]
) -> None:
    address, postgres, project = served
    browser.get(f"{address}/portfolio?county={quote('晋江市')}")
    wait = WebDriverWait(browser, 30)
    cell = (By.CSS_SELECTOR, f".ag-center-cols-container [row-id='{project}'] [col-id='name']")
    wait.until(ec.element_to_be_clickable(cell))

    postgres.stop("immediate")
    status, said = _page_callback(address)
    assert status == 503
    assert "无法连接数据库" in said and "本次操作未执行" in said and str(postgres.port) in said
    browser.find_element(*cell).click()  # the detail's callback finds no database
    banner = wait.until(ec.visibility_of_element_located((By.ID, "server-unavailable")))
    assert "无法连接数据库" in banner.text
    screenshot(browser, "database-away.png")

    postgres.start()
    assert _page_callback(address)[0] == 200
    browser.find_element(*cell).click()
    wait.until(ec.invisibility_of_element_located((By.ID, "server-unavailable")))
