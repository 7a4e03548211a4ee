"""The office server in Debian's chromium: the Chinese sign-in page, a wrong password, a
planner who saves a setting, a viewer who is offered no edit controls."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

from portfolio.project_settings import ProjectSettings
from portfolio.services.queries import ProjectFilter, ProjectView
from portfolio.services.workspace import Workspace
from tests.ui.office_server import PEOPLE, add_people, office_server
from tests.ui.test_browser import browser, downloads, screenshot
from ui import ids
from ui.settings_views import SETTINGS_LABELS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

__all__ = ["browser", "downloads"]  # fixtures used by name


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('office') / 'portfolio.sqlite3'}"
    workspace = Workspace(url)
    workspace.ensure_ready()
    workspace.close()
    add_people(url)
    return url


@pytest.fixture(scope="module")
def address(database: str) -> Iterator[str]:
    with office_server(database) as address:
        yield address


@pytest.fixture
def project(database: str) -> Iterator[ProjectView]:
    """A project of 晋江市 with the default settings (again after the test)."""
    workspace = Workspace(database)
    view = next(
        v for v in workspace.projects(ProjectFilter(county="晋江市")) if v.counted_in_totals
    )
    workspace.reset_project_settings(view.id)
    yield view
    workspace.reset_project_settings(view.id)
    workspace.close()


def _sign_in(driver: WebDriver, name: str, password: str) -> None:
    wait = WebDriverWait(driver, 30)
    wait.until(ec.presence_of_element_located((By.ID, "signin-name")))
    driver.find_element(By.ID, "signin-name").clear()
    driver.find_element(By.ID, "signin-name").send_keys(name)
    driver.find_element(By.ID, "signin-password").send_keys(password)
    driver.find_element(By.ID, "signin-submit").click()


def _open_project(driver: WebDriver, address: str, project: ProjectView) -> None:
    driver.get(f"{address}/portfolio?county={quote('晋江市')}")
    wait = WebDriverWait(driver, 30)
    cell = (By.CSS_SELECTOR, f".ag-center-cols-container [row-id='{project.id}'] [col-id='name']")
    wait.until(ec.element_to_be_clickable(cell)).click()
    wait.until(ec.presence_of_element_located((By.ID, ids.SETTINGS_PRIORITY)))


def _sign_out(driver: WebDriver) -> None:
    driver.find_element(By.ID, ids.SIGN_OUT).click()
    WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.ID, "signin-name")))


def test_the_sign_in_page_is_chinese_and_a_wrong_password_is_said(
    browser: WebDriver, address: str
) -> None:
    browser.delete_all_cookies()
    browser.get(f"{address}/portfolio")
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.ID, "signin-name")))
    assert browser.current_url.startswith(f"{address}/signin?next=")
    assert browser.title == "登录 · 规划项目库"
    labels = [label.text for label in browser.find_elements(By.TAG_NAME, "label")]
    assert labels == ["用户名", "密码"]
    assert browser.find_element(By.ID, "signin-submit").text == "登录"
    screenshot(browser, "office-signin.png")

    _sign_in(browser, "张三", "not the password")
    message = WebDriverWait(browser, 30).until(
        ec.visibility_of_element_located((By.ID, "signin-message"))
    )
    assert message.text == "用户名或密码不正确"
    assert browser.find_element(By.ID, "signin-name").get_attribute("value") == "张三"
    assert browser.find_element(By.ID, "signin-password").get_attribute("value") == ""
    screenshot(browser, "office-signin-wrong-password.png")


def test_a_planner_signs_in_and_saves_a_setting(
    browser: WebDriver, address: str, database: str, project: ProjectView
) -> None:
    browser.delete_all_cookies()
    browser.get(f"{address}/portfolio?county={quote('晋江市')}")
    _sign_in(browser, "张三", PEOPLE["张三"][1])
    wait = WebDriverWait(browser, 30)
    # Back on the page asked for, named in the navbar.
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.SIGNED_IN), "张三 · 规划员"))
    assert browser.current_url.startswith(f"{address}/portfolio?county=")
    _open_project(browser, address, project)
    field = browser.find_element(By.ID, ids.SETTINGS_PRIORITY)
    field.clear()
    field.send_keys("4")
    browser.find_element(By.ID, ids.SETTINGS_SAVE).click()
    wait.until(
        ec.text_to_be_present_in_element((By.ID, ids.SETTINGS_MESSAGE), SETTINGS_LABELS["saved"])
    )
    workspace = Workspace(database)
    try:
        assert workspace.project_settings(project.id) == ProjectSettings(priority=4)
    finally:
        workspace.close()
    screenshot(browser, "office-planner-saved.png")
    _sign_out(browser)
    browser.get(f"{address}/portfolio")
    assert browser.current_url.startswith(f"{address}/signin")


def test_a_viewer_is_offered_no_edit_controls(
    browser: WebDriver, address: str, project: ProjectView
) -> None:
    browser.delete_all_cookies()
    browser.get(f"{address}/signin")
    _sign_in(browser, "李明", PEOPLE["李明"][1])
    wait = WebDriverWait(browser, 30)
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.SIGNED_IN), "李明 · 查看者"))
    _open_project(browser, address, project)
    assert browser.find_elements(By.ID, ids.SETTINGS_SAVE) == []
    assert browser.find_elements(By.ID, ids.SETTINGS_RESET) == []
    assert not browser.find_element(By.ID, ids.SETTINGS_PRIORITY).is_enabled()
    assert not browser.find_element(By.ID, ids.SETTINGS_MUST_FUND).is_enabled()
    read_only = browser.find_element(By.ID, ids.SETTINGS_READ_ONLY).text
    assert read_only == "你的角色只能查看项目设置；修改需要规划员或管理员。"
    screenshot(browser, "office-viewer-project.png")

    browser.get(f"{address}/scenarios")
    wait.until(ec.presence_of_element_located((By.ID, ids.SCEN_RUN)))
    assert not browser.find_element(By.ID, ids.SCEN_RUN).is_enabled()
    assert not browser.find_element(By.ID, ids.SCEN_SAVE).is_enabled()
    screenshot(browser, "office-viewer-scenarios.png")


def test_a_session_ended_elsewhere_leads_back_to_the_sign_in_page(
    browser: WebDriver, address: str, database: str, project: ProjectView
) -> None:
    """The page is open when the person's password changes (which ends their sessions): the
    next thing they click opens the sign-in page, and signing in brings them back."""
    browser.delete_all_cookies()
    browser.get(f"{address}/portfolio?county={quote('晋江市')}")
    _sign_in(browser, "张三", PEOPLE["张三"][1])
    wait = WebDriverWait(browser, 30)
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.SIGNED_IN), "张三"))
    workspace = Workspace(database)
    try:
        workspace.users.set_password("张三", "a new secret 2")
        cell = (
            By.CSS_SELECTOR,
            f".ag-center-cols-container [row-id='{project.id}'] [col-id='name']",
        )
        wait.until(ec.element_to_be_clickable(cell)).click()  # a callback, refused with 401
        wait.until(lambda d: "/signin?next=" in d.current_url)
        assert "portfolio" in browser.current_url
        _sign_in(browser, "张三", "a new secret 2")
        wait.until(lambda d: d.current_url.startswith(f"{address}/portfolio?county="))
    finally:
        workspace.users.set_password("张三", PEOPLE["张三"][1])
        workspace.close()
