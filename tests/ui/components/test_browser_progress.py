"""The 项目库 progress form in Debian's chromium: a year's actual spend saved as a report."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait
from sqlalchemy import delete

from portfolio.actuals import ActualStatus
from portfolio.db import models as m
from portfolio.services.queries import ProjectFilter, ProjectView
from portfolio.services.workspace import Workspace
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


@pytest.fixture
def project(workspace: Workspace) -> Iterator[ProjectView]:
    """A project of 晋江市; the reports the test stores are removed afterwards, so that the
    shared app's other tests see a portfolio without progress reports."""
    view = next(
        v for v in workspace.projects(ProjectFilter(county="晋江市")) if v.counted_in_totals
    )
    yield view
    with workspace.sessions.begin() as session:
        session.execute(delete(m.ActualReport))


def _type(driver: WebDriver, element_id: str, text: str) -> None:
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def test_a_years_progress_is_saved_and_a_wrong_amount_refused(
    browser: WebDriver, base_url: str, workspace: Workspace, project: ProjectView
) -> None:
    browser.get(f"{base_url}/portfolio?county={quote('晋江市')}")
    wait = WebDriverWait(browser, 30)
    cell = (By.CSS_SELECTOR, f".ag-center-cols-container [row-id='{project.id}'] [col-id='name']")
    wait.until(ec.element_to_be_clickable(cell)).click()
    wait.until(ec.presence_of_element_located((By.ID, ids.PROGRESS_YEAR)))
    assert "尚未报告" in browser.find_element(By.ID, ids.PROGRESS_SUMMARY).text

    _type(browser, ids.PROGRESS_YEAR, "2022")
    _type(browser, ids.PROGRESS_SPEND, "12.5")
    browser.find_element(By.ID, ids.PROGRESS_SAVE).click()
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.PROGRESS_MESSAGE), "未保存"))
    assert "不是整万元数" in browser.find_element(By.ID, ids.PROGRESS_SPEND_FEEDBACK).text
    assert workspace.actuals.reports() == []

    _type(browser, ids.PROGRESS_SPEND, "1,200")
    Select(browser.find_element(By.ID, ids.PROGRESS_STATUS)).select_by_visible_text("在建")
    browser.find_element(By.ID, ids.PROGRESS_SAVE).click()
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.PROGRESS_MESSAGE), "已保存"))
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.PROGRESS_SUMMARY), "1,200"))
    stored = workspace.actuals.at()[project.id]
    assert dict(stored.spend) == {2022: 1200} and stored.status is ActualStatus.IN_PROGRESS
    assert "1,200" in browser.find_element(By.ID, ids.PROGRESS_TABLE).text
    ARTIFACTS.mkdir(exist_ok=True)
    browser.find_element(By.ID, ids.PROJECTS_DETAIL).screenshot(
        str(ARTIFACTS / "portfolio-progress-saved.png")
    )
