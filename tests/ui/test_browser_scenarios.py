"""The 情景 page in Debian's chromium, as a planner uses it: cut 2023 by 30%, run it, read
which projects slip and why, compare with the plan; a wrong form is refused field by field."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from portfolio.access import Actor, Role
from portfolio.services.scenarios import UnknownScenarioError
from portfolio.services.workspace import Workspace
from tests.ui.test_browser import base_url, browser, downloads, screenshot  # noqa: F401
from ui import ids
from ui.pages.scenarios.views import PLAN_VALUE

pytestmark = pytest.mark.browser

NAME = "2023年压减30%"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-scenarios') / 'portfolio.sqlite3'}"
    workspace = Workspace(url)
    workspace.ensure_ready()
    yield workspace
    workspace.close()


def _type(driver: WebDriver, element_id: str, text: str) -> None:
    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text, Keys.TAB)  # the inputs are debounced: the value counts on leaving


def _grid_cell(driver: WebDriver, grid_id: str, row_index: int, column: str) -> WebElement:
    return driver.find_element(
        By.CSS_SELECTOR,
        f"#{grid_id} .ag-center-cols-container .ag-row[row-index='{row_index}'] "
        f"[col-id='{column}']",
    )


def _edit_cell(driver: WebDriver, grid_id: str, row_index: int, column: str, text: str) -> None:
    cell = _grid_cell(driver, grid_id, row_index, column)
    cell.click()  # single-click editing
    editor = WebDriverWait(driver, 10).until(lambda d: cell.find_element(By.CSS_SELECTOR, "input"))
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(text, Keys.ENTER)


def _year_row(driver: WebDriver, year: int) -> int:
    cells = driver.find_elements(
        By.CSS_SELECTOR, f"#{ids.SCEN_YEARS} .ag-center-cols-container [col-id='year']"
    )
    for cell in cells:
        if cell.text == str(year):
            row = cell.find_element(By.XPATH, "./ancestor::div[@row-index][1]")
            return int(row.get_attribute("row-index") or -1)
    raise AssertionError(f"no row for {year} in the years grid")


def _run_once(workspace: Workspace) -> None:
    """The 30% cut stored with a run (when a test runs without the one that makes it)."""
    try:
        stored = workspace.scenario(NAME)[1]
    except UnknownScenarioError:
        stored = None
    if stored is None:
        workspace.run_scenario(f'name = "{NAME}"\nas_of = 2021\n[cuts]\n2023 = "30%"\n')


def _open(driver: WebDriver, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.find_elements(
            By.CSS_SELECTOR, f"#{ids.SCEN_YEARS} .ag-center-cols-container [col-id='year']"
        )
    )


def test_cut_2023_by_30_percent_run_it_and_read_why_projects_slip(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    _open(browser, f"{base_url}/scenarios")
    _type(browser, ids.SCEN_NAME, NAME)
    _edit_cell(browser, ids.SCEN_YEARS, _year_row(browser, 2023), "cut", "30")
    browser.find_element(By.ID, ids.SCEN_RUN).click()
    # The run goes to the background; the result appears when it is done.
    WebDriverWait(browser, 120).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f"#{ids.SCEN_DELAYS} tbody tr")
    )
    screenshot(browser, "scenarios-cut-2023-30.png")
    job_text = browser.find_element(By.ID, ids.SCEN_JOB_TEXT).text
    assert "已完成" in job_text, job_text

    _, result = workspace.scenario(NAME)
    assert result is not None
    delayed = {p.name for p in result.delayed()}
    assert delayed, "a 30% cut of 2023 must move some project"
    rows = browser.find_elements(By.CSS_SELECTOR, f"#{ids.SCEN_DELAYS} tbody tr")
    shown = {row.find_elements(By.TAG_NAME, "td")[0].text for row in rows}
    assert delayed <= shown
    # Each delay is explained by the cap of 2023, the year the cut applies to.
    reasons = [row.find_elements(By.TAG_NAME, "td")[-1].text for row in rows]
    assert all("2023年总额上限" in reason for reason in reasons if reason), reasons
    text, _ = workspace.scenario(NAME)
    assert '2023 = "30%"' in text


def test_compare_the_run_with_the_plan(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    if workspace.scenario(NAME)[1] is None:  # this test also stands alone
        workspace.run_scenario(f'name = "{NAME}"\nas_of = 2021\n[cuts]\n2023 = "30%"\n')
    _open(browser, f"{base_url}/scenarios?compare={PLAN_VALUE},{quote(NAME)}")
    table = WebDriverWait(browser, 30).until(
        lambda d: d.find_element(By.ID, ids.SCEN_COMPARE_TABLE)
    )
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers == ["比较项", "原计划", NAME]
    lines = {
        tds[0].text: [td.text for td in tds[1:]]
        for tds in (
            tr.find_elements(By.TAG_NAME, "td")
            for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")
        )
    }
    _, result = workspace.scenario(NAME)
    assert result is not None
    delayed = len(result.delayed())
    assert lines["延期项目数"] == ["0", str(delayed)]
    screenshot(browser, "scenarios-compare.png")


def test_a_wrong_form_is_refused_next_to_its_fields_and_nothing_is_saved(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    before = [s.name for s in workspace.scenarios()]
    _open(browser, f"{base_url}/scenarios")
    _type(browser, ids.SCEN_NAME, "坏情景")
    _type(browser, ids.SCEN_AS_OF, "二〇二三年")
    _type(browser, ids.SCEN_MAX_DELAY, "abc")
    _edit_cell(browser, ids.SCEN_YEARS, _year_row(browser, 2024), "cap", "-5")
    _edit_cell(browser, ids.SCEN_COUNTIES, 0, "year", "2099")
    _edit_cell(browser, ids.SCEN_COUNTIES, 0, "cap", "3")
    browser.find_element(By.ID, ids.SCEN_SAVE).click()
    feedback = WebDriverWait(browser, 20).until(
        lambda d: d.find_element(By.ID, ids.SCEN_AS_OF_FEEDBACK).text or None
    )
    assert feedback is not None and "不是年份" in feedback
    assert "is-invalid" in (
        browser.find_element(By.ID, ids.SCEN_AS_OF).get_attribute("class") or ""
    )
    assert "不是 0 或正整数" in browser.find_element(By.ID, ids.SCEN_MAX_DELAY_FEEDBACK).text
    assert "不能为负数" in browser.find_element(By.ID, ids.SCEN_YEARS_ERRORS).text
    assert "请选县" in browser.find_element(By.ID, ids.SCEN_COUNTIES_ERRORS).text
    assert "未保存" in browser.find_element(By.ID, ids.SCEN_ALERT).text
    screenshot(browser, "scenarios-refused.png")
    assert [s.name for s in workspace.scenarios()] == before


def test_the_shown_scenarios_schedule_downloads_as_a_workbook(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
    downloads: Path,  # noqa: F811
) -> None:
    _run_once(workspace)
    _open(browser, f"{base_url}/scenarios?name={quote(NAME)}")
    WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, ids.SCEN_SHOWN).text == NAME)
    browser.find_element(By.ID, ids.SCEN_EXPORT_BUTTON).click()
    WebDriverWait(browser, 60).until(lambda _: list(downloads.glob(f"*{NAME}*.xlsx")))
    (path,) = downloads.glob(f"*{NAME}*.xlsx")
    book = openpyxl.load_workbook(path)
    summary = [c for row in book["汇总"].iter_rows(values_only=True) for c in row if c]
    assert NAME in summary


def test_the_page_and_its_messages_in_english(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
) -> None:
    _open(browser, f"{base_url}/scenarios?lang=en")
    assert browser.find_element(By.TAG_NAME, "h2").text == "Scenarios"
    assert browser.find_element(By.ID, ids.SCEN_RUN).text == "Run"
    _type(browser, ids.SCEN_NAME, "")
    _type(browser, ids.SCEN_AS_OF, "soon")
    browser.find_element(By.ID, ids.SCEN_SAVE).click()
    feedback = WebDriverWait(browser, 20).until(
        lambda d: d.find_element(By.ID, ids.SCEN_AS_OF_FEEDBACK).text or None
    )
    assert feedback == "“soon” is not a year"
    assert browser.find_element(By.ID, ids.SCEN_NAME_FEEDBACK).text == "Give the scenario a name"
    screenshot(browser, "scenarios-english.png")
    # Back to Chinese for the other tests of this browser.
    browser.get(f"{base_url}/scenarios?lang=zh")


def test_a_run_in_quarters_shows_its_delays_in_quarters(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    name = "2023年压减30%（按季度）"
    _open(browser, f"{base_url}/scenarios")
    _type(browser, ids.SCEN_NAME, name)
    browser.find_element(By.ID, ids.SCEN_PERIODS).click()
    option = WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.XPATH, "//*[@role='option'][normalize-space()='按季度']")
    )
    option.click()
    _edit_cell(browser, ids.SCEN_YEARS, _year_row(browser, 2023), "cut", "30")
    browser.find_element(By.ID, ids.SCEN_RUN).click()
    WebDriverWait(browser, 120).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f"#{ids.SCEN_DELAYS} tbody tr")
    )
    text, result = workspace.scenario(name)
    assert 'periods = "quarter"' in text
    assert result is not None and result.periods == "quarter"
    table = browser.find_element(By.ID, ids.SCEN_DELAYS)
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers == ["项目名称", "计划年限", "安排时段", "延期（季度）", "原因"]
    moved = {p.name: p for p in result.projects if p.funded and p.delay_periods}
    assert moved
    for row in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
        cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
        if cells[0] in moved:
            project = moved[cells[0]]
            assert cells[2] == f"{project.start_period}-{project.end_period}"
            assert cells[3] == str(project.delay_periods)
            late = f"“{project.name}”推迟{project.delay_periods}个季度完工"
            assert cells[4].startswith(late), cells[4]
    screenshot(browser, "scenarios-quarters.png")


def test_a_countys_limit_of_projects_at_once_is_saved(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    name = "晋江同时在建不超过8个"
    _open(browser, f"{base_url}/scenarios")
    _type(browser, ids.SCEN_NAME, name)
    cell = _grid_cell(browser, ids.SCEN_COUNTIES, 0, "county")
    cell.click()  # a select editor: open its list, then pick the county
    WebDriverWait(browser, 10).until(
        lambda d: cell.find_element(By.CSS_SELECTOR, ".ag-picker-field-wrapper")
    ).click()
    choice = WebDriverWait(browser, 10).until(
        lambda d: d.find_element(
            By.XPATH, "//*[contains(@class, 'ag-list-item')][normalize-space()='晋江市']"
        )
    )
    choice.click()
    _edit_cell(browser, ids.SCEN_COUNTIES, 0, "limit", "8")
    browser.find_element(By.ID, ids.SCEN_SAVE).click()
    WebDriverWait(browser, 20).until(
        lambda d: "已保存" in d.find_element(By.ID, ids.SCEN_ALERT).text
    )
    text, _ = workspace.scenario(name)
    assert tomllib.loads(text)["limits"]["county_concurrency"] == {"晋江市": 8}


def test_links_are_saved_and_an_unknown_project_is_named_by_its_row(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    first, second = (p.name for p in workspace.projects()[:2])
    _open(browser, f"{base_url}/scenarios")
    _type(browser, ids.SCEN_NAME, "先后衔接")
    _edit_cell(browser, ids.SCEN_LINKS, 0, "before", "没有这个项目")
    _edit_cell(browser, ids.SCEN_LINKS, 0, "after", second)
    browser.find_element(By.ID, ids.SCEN_SAVE).click()
    errors = WebDriverWait(browser, 20).until(
        lambda d: d.find_element(By.ID, ids.SCEN_LINKS_ERRORS).text or None
    )
    assert errors is not None and errors.startswith("第1行") and "没有这个项目" in errors
    _edit_cell(browser, ids.SCEN_LINKS, 0, "before", first)
    _edit_cell(browser, ids.SCEN_LINKS, 0, "lag", "1")
    browser.find_element(By.ID, ids.SCEN_SAVE).click()
    WebDriverWait(browser, 20).until(
        lambda d: "已保存" in d.find_element(By.ID, ids.SCEN_ALERT).text
    )
    text, _ = workspace.scenario("先后衔接")
    assert tomllib.loads(text)["links"] == [{"before": first, "after": second, "lag": 1}]


def test_a_colleagues_save_is_not_overwritten_and_a_scenario_can_be_deleted(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    """Two planners have the same scenario open; the second to save is told who saved first
    and nothing of it is lost. Deleting asks first, and removes the scenario."""
    mine = 'name = "共同编辑"\nas_of = 2021\n[cuts]\n2023 = "10%"\n'
    workspace.save_scenario(mine, based_on=0, actor=Actor("李明", Role.PLANNER))
    _open(browser, f"{base_url}/scenarios?name={quote('共同编辑')}")
    theirs = mine.replace("10%", "15%")
    workspace.save_scenario(theirs, based_on=1, actor=Actor("王芳", Role.PLANNER))
    _edit_cell(browser, ids.SCEN_YEARS, _year_row(browser, 2023), "cut", "25")
    browser.find_element(By.ID, ids.SCEN_SAVE).click()
    alert = WebDriverWait(browser, 20).until(
        lambda d: d.find_element(By.ID, ids.SCEN_ALERT).text or None
    )
    assert alert is not None and "王芳" in alert and "未保存" in alert
    screenshot(browser, "scenarios-stale.png")
    assert workspace.scenario("共同编辑")[0] == theirs

    # Deleting what the colleague changed since is refused as well, until it is reopened.
    _delete(browser)
    WebDriverWait(browser, 20).until(lambda d: "王芳" in d.find_element(By.ID, ids.SCEN_ALERT).text)
    assert "共同编辑" in {s.name for s in workspace.scenarios()}
    _open(browser, f"{base_url}/scenarios?name={quote('共同编辑')}")
    _delete(browser)
    WebDriverWait(browser, 20).until(
        lambda d: "已删除情景“共同编辑”" in d.find_element(By.ID, ids.SCEN_ALERT).text
    )
    assert "共同编辑" not in {s.name for s in workspace.scenarios()}
    assert browser.find_element(By.ID, ids.SCEN_NAME).get_attribute("value") == ""


def _delete(driver: WebDriver) -> None:
    """Press 删除情景 and confirm in the browser's dialog."""
    driver.find_element(By.CSS_SELECTOR, f"#{ids.SCEN_DELETE} button").click()
    confirm = WebDriverWait(driver, 10).until(lambda d: d.switch_to.alert)
    assert "删除" in confirm.text
    confirm.accept()


def test_a_risk_simulation_shows_its_progress_fan_and_workbook(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
    downloads: Path,  # noqa: F811
) -> None:
    _run_once(workspace)
    _open(browser, f"{base_url}/scenarios?name={quote(NAME)}")
    _type(browser, ids.SCEN_RISK_SAMPLES, "8")
    browser.find_element(By.ID, ids.SCEN_RISK_START).click()
    # Each sample is re-planned on the app's workers; the bar counts them.
    WebDriverWait(browser, 240).until(
        lambda d: "样本 8/8" in d.find_element(By.ID, ids.SCEN_RISK_PROGRESS).text
    )
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, f"#{ids.SCEN_RISK_GRAPH} .scatterlayer .trace")
    )
    tables = browser.find_element(By.ID, ids.SCEN_RISK_TABLES).text
    assert "8/8 个样本" in tables and "逐个样本在上限内重新排期" in tables
    browser.execute_script(
        "document.getElementById(arguments[0]).scrollIntoView()", ids.SCEN_RISK_GRAPH
    )
    screenshot(browser, "scenarios-risk.png")
    WebDriverWait(browser, 30).until(
        lambda d: d.find_element(By.ID, ids.SCEN_RISK_EXPORT).is_enabled()
    )
    browser.find_element(By.ID, ids.SCEN_RISK_EXPORT).click()
    WebDriverWait(browser, 60).until(lambda _: list(downloads.glob(f"风险模拟-{NAME}*.xlsx")))
    (path,) = downloads.glob(f"风险模拟-{NAME}*.xlsx")
    book = openpyxl.load_workbook(path)
    texts = [c for row in book["风险模拟"].iter_rows(values_only=True) for c in row if c]
    assert NAME in texts and "P50（万元）" in texts
