"""The project-settings form of the 项目库 detail in Debian's chromium: saved, or refused."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

from portfolio.access import Actor, Role
from portfolio.project_settings import ProjectSettings
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
from ui.settings_views import SETTINGS_LABELS
from ui.views import PROJECT_COLUMNS

pytestmark = pytest.mark.browser

__all__ = ["base_url", "browser", "downloads", "workspace"]  # fixtures used by name


@pytest.fixture
def project(workspace: Workspace) -> Iterator[ProjectView]:
    """A project of 晋江市 without settings; its settings are removed again afterwards."""
    view = next(
        v for v in workspace.projects(ProjectFilter(county="晋江市")) if v.counted_in_totals
    )
    workspace.reset_project_settings(view.id)
    yield view
    workspace.reset_project_settings(view.id)


def _type(driver: WebDriver, element_id: str, text: str) -> None:
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def _settings_cell(driver: WebDriver, project_id: int) -> str:
    cell = driver.find_element(
        By.CSS_SELECTOR, f".ag-center-cols-container [row-id='{project_id}'] [col-id='settings']"
    )
    return str(cell.get_attribute("textContent"))


def test_a_priority_is_saved_and_text_in_a_number_field_is_refused(
    browser: WebDriver, base_url: str, workspace: Workspace, project: ProjectView
) -> None:
    browser.get(f"{base_url}/portfolio?county={quote('晋江市')}")
    wait = WebDriverWait(browser, 30)
    cell = (By.CSS_SELECTOR, f".ag-center-cols-container [row-id='{project.id}'] [col-id='name']")
    wait.until(ec.element_to_be_clickable(cell)).click()
    wait.until(ec.presence_of_element_located((By.ID, ids.SETTINGS_PRIORITY)))
    assert browser.find_element(By.ID, ids.SETTINGS_PRIORITY).get_attribute("value") == "1"
    # Opening a project saves nothing and says nothing.
    with pytest.raises(TimeoutException):  # a closed alert is not drawn at all
        WebDriverWait(browser, 2).until(lambda d: d.find_elements(By.ID, ids.SETTINGS_MESSAGE))
    _screenshot(browser, "portfolio-settings-opened.png")

    # A valid priority is stored, and the detail and the grid then show it.
    _type(browser, ids.SETTINGS_PRIORITY, "4")
    browser.find_element(By.ID, ids.SETTINGS_SAVE).click()
    wait.until(
        ec.text_to_be_present_in_element((By.ID, ids.SETTINGS_MESSAGE), SETTINGS_LABELS["saved"])
    )
    assert workspace.project_settings(project.id) == ProjectSettings(priority=4)
    assert browser.find_element(By.ID, ids.SETTINGS_SUMMARY).text == "优先级 4"
    wait.until(lambda d: _settings_cell(d, project.id) == "优先级 4")
    _screenshot(browser, "portfolio-settings-saved.png")

    # Text in the max-delay field: a message next to the field, and nothing is stored, not
    # even the valid priority typed with it.
    _type(browser, ids.SETTINGS_PRIORITY, "7")
    _type(browser, ids.SETTINGS_MAX_DELAY, "三年")
    browser.find_element(By.ID, ids.SETTINGS_SAVE).click()
    feedback = (By.ID, ids.SETTINGS_MAX_DELAY_FEEDBACK)
    wait.until(ec.text_to_be_present_in_element(feedback, "“三年”不是整数"))
    assert browser.find_element(*feedback).is_displayed()
    delay_field = browser.find_element(By.ID, ids.SETTINGS_MAX_DELAY)
    assert "is-invalid" in str(delay_field.get_attribute("class"))
    priority_field = browser.find_element(By.ID, ids.SETTINGS_PRIORITY)
    assert "is-invalid" not in str(priority_field.get_attribute("class"))
    message = browser.find_element(By.ID, ids.SETTINGS_MESSAGE).text
    assert message == SETTINGS_LABELS["not_saved"]
    assert workspace.project_settings(project.id) == ProjectSettings(priority=4)
    assert _settings_cell(browser, project.id) == "优先级 4"
    _screenshot(browser, "portfolio-settings-refused.png")

    # Reset: the defaults again, in the database and in the form.
    browser.find_element(By.ID, ids.SETTINGS_RESET).click()
    wait.until(
        ec.text_to_be_present_in_element(
            (By.ID, ids.SETTINGS_MESSAGE), SETTINGS_LABELS["reset_done"]
        )
    )
    assert workspace.project_settings(project.id) == ProjectSettings()
    assert browser.find_element(By.ID, ids.SETTINGS_PRIORITY).get_attribute("value") == "1"
    assert browser.find_element(By.ID, ids.SETTINGS_MAX_DELAY).get_attribute("value") == ""
    assert "is-invalid" not in str(
        browser.find_element(By.ID, ids.SETTINGS_MAX_DELAY).get_attribute("class")
    )


def test_a_colleagues_save_in_between_is_not_overwritten(
    browser: WebDriver, base_url: str, workspace: Workspace, project: ProjectView
) -> None:
    """Two planners open the same project; the second to save is told who saved first, and
    nothing of the first save is lost."""
    browser.get(f"{base_url}/portfolio?county={quote('晋江市')}")
    wait = WebDriverWait(browser, 30)
    cell = (By.CSS_SELECTOR, f".ag-center-cols-container [row-id='{project.id}'] [col-id='name']")
    wait.until(ec.element_to_be_clickable(cell)).click()
    wait.until(ec.presence_of_element_located((By.ID, ids.SETTINGS_PRIORITY)))
    # The colleague saves while this form is open.
    seen = workspace.stored_project_settings(project.id)
    workspace.save_project_settings(
        project.id,
        ProjectSettings(must_fund=True),
        based_on=seen.version,
        actor=Actor("王芳", Role.PLANNER),
    )
    _type(browser, ids.SETTINGS_PRIORITY, "6")
    browser.find_element(By.ID, ids.SETTINGS_SAVE).click()
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.SETTINGS_MESSAGE), "王芳"))
    message = browser.find_element(By.ID, ids.SETTINGS_MESSAGE).text
    assert "未保存" in message and project.name in message
    assert workspace.project_settings(project.id) == ProjectSettings(must_fund=True)
    _screenshot(browser, "portfolio-settings-stale.png")
    # Opened again, the form shows the colleague's save and who made it; saving then works.
    browser.refresh()
    wait.until(ec.element_to_be_clickable(cell)).click()
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.SETTINGS_STORED_BY), "王芳"))
    _type(browser, ids.SETTINGS_PRIORITY, "6")
    browser.find_element(By.ID, ids.SETTINGS_SAVE).click()
    wait.until(
        ec.text_to_be_present_in_element((By.ID, ids.SETTINGS_MESSAGE), SETTINGS_LABELS["saved"])
    )
    assert workspace.project_settings(project.id) == ProjectSettings(priority=6, must_fund=True)


def _screenshot(driver: WebDriver, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.find_element(By.ID, ids.PROJECTS_DETAIL).screenshot(str(ARTIFACTS / name))


def test_every_grid_column_has_a_header_and_no_plan_key_is_cut(
    browser: WebDriver, base_url: str, workspace: Workspace
) -> None:
    browser.get(f"{base_url}/portfolio")
    wait = WebDriverWait(browser, 30)
    wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, ".ag-center-cols-container [col-id]"))
    )
    headers = browser.execute_script(
        "return [...document.querySelectorAll('.ag-header-cell')].map(cell => ["
        "  cell.getAttribute('col-id'),"
        "  cell.querySelector('.ag-header-cell-text').textContent,"
        "  cell.getBoundingClientRect().width])"
    )
    assert [col for col, _, _ in headers] == [field for field, _ in PROJECT_COLUMNS]
    assert all(text.strip() for _, text, _ in headers), headers
    # Every header's text is shown whole, and every plan key, table and row number too.
    cut = browser.execute_script(
        "const cut = el => el.scrollWidth > el.clientWidth + 1;"
        "return [...document.querySelectorAll("
        "  '.ag-header-cell-text, [col-id=plan].ag-cell, [col-id=table].ag-cell,"
        "   [col-id=seq].ag-cell')].filter(cut).map(el => el.textContent)"
    )
    assert cut == []
    plans = {view.plan for view in workspace.projects()}
    shown = set(_column(browser, "plan"))
    assert shown and shown <= plans
    browser.save_screenshot(str(ARTIFACTS / "portfolio-grid.png"))


def _column(driver: WebDriver, column: str) -> list[str]:
    cells = driver.find_elements(By.CSS_SELECTOR, f".ag-center-cols-container [col-id='{column}']")
    return [str(cell.get_attribute("textContent")) for cell in cells]
