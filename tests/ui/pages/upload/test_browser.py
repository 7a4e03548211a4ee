"""导入 in Debian's chromium: a good project table checked, confirmed and found in 项目库; a
bad one refused with every problem at its row and column and nothing stored; on the office
server, an administrator imports and a viewer is offered nothing."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait
from werkzeug.serving import make_server

from portfolio.services.plan_import import MAX_IMPORT_BYTES
from portfolio.services.queries import ProjectFilter
from portfolio.services.workspace import Workspace
from tests.portfolio.services.actuals_files import QINGYUAN, row, write_report
from tests.portfolio.services.snapshot import snapshot
from tests.portfolio.services.test_import import GOOD_ROWS, write_xlsx
from tests.ui.office_server import PEOPLE, add_people, office_server
from tests.ui.test_browser import browser, downloads, screenshot
from ui import ids
from ui.app import MAX_REQUEST_BYTES, create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

__all__ = ["browser", "downloads"]  # fixtures used by name

BAD_ROWS = [
    *GOOD_ROWS,
    [4, "某实验室", "", "一亿", "2021-2023", "某单位", "晋江市"],
    [5, "某中心", "", 1, "2025-2021", "某单位", "火星县"],
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    url = f"sqlite:///{tmp_path_factory.mktemp('upload') / 'portfolio.sqlite3'}"
    workspace = Workspace(url)
    workspace.ensure_ready()
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def base_url(workspace: Workspace) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, create_app(workspace).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def _choose_file(driver: WebDriver, path: Path) -> None:
    chooser = driver.find_element(By.CSS_SELECTOR, f"#{ids.UPLOAD_FILE} input[type=file]")
    chooser.send_keys(str(path))
    WebDriverWait(driver, 30).until(
        ec.text_to_be_present_in_element((By.ID, ids.UPLOAD_FILE_STATUS), path.name)
    )


def _type(driver: WebDriver, component_id: str, text: str) -> None:
    field = driver.find_element(By.ID, component_id)
    field.clear()
    field.send_keys(text + "\t")  # the fields answer when left (debounce)


def _result(driver: WebDriver, words: str) -> str:
    WebDriverWait(driver, 60).until(
        ec.text_to_be_present_in_element((By.ID, ids.UPLOAD_RESULT), words)
    )
    return str(driver.find_element(By.ID, ids.UPLOAD_RESULT).text)


def test_a_good_table_is_checked_confirmed_and_found_in_the_portfolio(
    browser: WebDriver, base_url: str, workspace: Workspace, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "德化补充项目.xlsx", GOOD_ROWS)
    browser.get(f"{base_url}/upload")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.presence_of_element_located((By.ID, ids.UPLOAD_CHECK)))
    assert "导入" in browser.find_element(By.ID, ids.NAVBAR).text
    _choose_file(browser, path)
    _type(browser, ids.UPLOAD_PLAN_KEY, "dehua-extra")
    _type(browser, ids.UPLOAD_PLAN_TITLE, "德化补充项目")
    assert not browser.find_element(By.ID, ids.UPLOAD_CONFIRM).is_enabled()
    browser.find_element(By.ID, ids.UPLOAD_CHECK).click()
    said = _result(browser, "检查通过")
    assert "可导入为规划 dehua-extra（德化补充项目）：3 个项目" in said
    cells = (By.CSS_SELECTOR, f"#{ids.UPLOAD_PREVIEW} .ag-center-cols-container [col-id='name']")
    wait.until(lambda d: len(d.find_elements(*cells)) == 3)
    names = [cell.text for cell in browser.find_elements(*cells)]
    assert sorted(names) == sorted(str(row[1]) for row in GOOD_ROWS)
    assert workspace.projects(ProjectFilter(plan=None)) and not [
        v for v in workspace.projects() if v.plan == "dehua-extra"
    ]  # checked, not stored
    screenshot(browser, "upload-checked.png")

    confirm = browser.find_element(By.ID, ids.UPLOAD_CONFIRM)
    assert confirm.is_enabled()
    confirm.click()
    said = _result(browser, "已导入")
    assert "已导入 德化补充项目.xlsx，规划 dehua-extra：3 个项目" in said
    assert not browser.find_element(By.ID, ids.UPLOAD_CONFIRM).is_enabled()
    screenshot(browser, "upload-imported.png")

    browser.find_element(By.LINK_TEXT, "在项目库中查看").click()
    grid = (By.CSS_SELECTOR, f"#{ids.PROJECTS_GRID} .ag-center-cols-container [col-id='name']")
    wait.until(lambda d: len(d.find_elements(*grid)) == 3)
    assert sorted(cell.text for cell in browser.find_elements(*grid)) == sorted(names)
    assert "3 个项目" in browser.find_element(By.ID, ids.PROJECTS_COUNT).text
    screenshot(browser, "upload-in-portfolio.png")


def test_a_bad_table_shows_every_problem_at_its_row_and_column_and_stores_nothing(
    browser: WebDriver, base_url: str, workspace: Workspace, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "有错的表.xlsx", BAD_ROWS)
    before, revision = snapshot(workspace), workspace.revision()
    browser.get(f"{base_url}/upload")
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.ID, ids.UPLOAD_CHECK)))
    _choose_file(browser, path)
    browser.find_element(By.ID, ids.UPLOAD_CHECK).click()
    said = _result(browser, "不能导入")
    assert "有错的表.xlsx 不能导入：3 个问题。未作任何改动" in said
    rows = browser.find_elements(By.CSS_SELECTOR, f"#{ids.UPLOAD_PROBLEMS} tbody tr")
    cells = [[td.text for td in row.find_elements(By.TAG_NAME, "td")] for row in rows]
    where = {(row[2], row[3]) for row in cells}
    assert ("5", "总投资（亿元）") in where
    assert ("6", "起始年限") in where and ("6", "所在县（市、区）") in where
    assert all(row[0] == "有错的表.xlsx" and row[1] == "项目" for row in cells)
    assert not browser.find_element(By.ID, ids.UPLOAD_CONFIRM).is_enabled()
    screenshot(browser, "upload-problems.png")
    assert snapshot(workspace) == before and workspace.revision() == revision

    browser.find_element(By.ID, ids.UPLOAD_CANCEL).click()
    _result(browser, "已取消")
    assert snapshot(workspace) == before


def test_files_over_the_limit_and_of_other_kinds_are_refused_clearly(
    browser: WebDriver, base_url: str, tmp_path: Path
) -> None:
    browser.get(f"{base_url}/upload")
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.ID, ids.UPLOAD_CHECK)))
    status = (By.ID, ids.UPLOAD_FILE_STATUS)
    word = tmp_path / "说明.docx"
    word.write_bytes(b"PK\x03\x04" + bytes(200))
    _choose_file(browser, word)
    assert "不能导入 说明.docx（这是Word 文档）" in browser.find_element(*status).text
    over = tmp_path / "大表.xlsx"
    over.write_bytes(os.urandom(MAX_IMPORT_BYTES + 1024 * 1024))
    _choose_file(browser, over)
    said = browser.find_element(*status).text
    assert "大表.xlsx 有 21.0 MB，超过导入文件的上限 20.0 MB：未接收。" in said
    screenshot(browser, "upload-too-large.png")
    # Far over the limit, the server does not read it: the page says so at its top.
    far = tmp_path / "巨表.xlsx"
    far.write_bytes(os.urandom(MAX_REQUEST_BYTES))
    browser.find_element(By.CSS_SELECTOR, f"#{ids.UPLOAD_FILE} input[type=file]").send_keys(
        str(far)
    )
    banner = WebDriverWait(browser, 60).until(
        ec.visibility_of_element_located((By.ID, "server-unavailable"))
    )
    assert banner.text == "文件太大：导入的文件不能超过 20 MB，未接收。"
    screenshot(browser, "upload-far-too-large.png")


def test_a_progress_report_is_checked_and_imported(
    browser: WebDriver, base_url: str, workspace: Workspace, tmp_path: Path
) -> None:
    (qingyuan,) = [v.id for v in workspace.projects() if v.name == QINGYUAN]
    path = write_report(
        tmp_path / "进度.xlsx",
        [
            row(qingyuan, QINGYUAN, 2023, 5000, "在建", start=2021),
            row(qingyuan, None, 2024, 6000, "已完工", completion=2024),
        ],
    )
    browser.get(f"{base_url}/upload")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.presence_of_element_located((By.ID, ids.UPLOAD_CHECK)))
    browser.find_element(By.CSS_SELECTOR, f"#{ids.UPLOAD_KIND} input[value=actuals]").click()
    wait.until(ec.visibility_of_element_located((By.ID, ids.UPLOAD_REPORT_DATE)))
    assert not browser.find_element(By.ID, ids.UPLOAD_PLAN_DETAILS).is_displayed()
    _choose_file(browser, path)
    browser.find_element(By.ID, ids.UPLOAD_CHECK).click()
    said = _result(browser, "检查通过")
    assert "1 个项目的 2 个项目年度" in said
    cells = (By.CSS_SELECTOR, f"#{ids.UPLOAD_PREVIEW} .ag-center-cols-container [col-id='status']")
    wait.until(lambda d: [c.text for c in d.find_elements(*cells)] == ["在建", "已完工"])
    screenshot(browser, "upload-actuals-checked.png")
    browser.find_element(By.ID, ids.UPLOAD_CONFIRM).click()
    _result(browser, "已导入 进度.xlsx")
    assert dict(workspace.actuals.at()[qingyuan].spend) == {2023: 5000, 2024: 6000}


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The office server on a database of its own: (its address, the database)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('upload-office') / 'portfolio.sqlite3'}"
    workspace = Workspace(url)
    workspace.ensure_ready()
    workspace.close()
    add_people(url)
    with office_server(url) as address:
        yield address, url


def _sign_in(driver: WebDriver, address: str, name: str) -> None:
    driver.delete_all_cookies()
    driver.get(f"{address}/signin")
    wait = WebDriverWait(driver, 30)
    wait.until(ec.presence_of_element_located((By.ID, "signin-name")))
    driver.find_element(By.ID, "signin-name").send_keys(name)
    driver.find_element(By.ID, "signin-password").send_keys(PEOPLE[name][1])
    driver.find_element(By.ID, "signin-submit").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.SIGNED_IN), name))


def test_on_the_office_server_a_viewer_cannot_import(
    browser: WebDriver, office: tuple[str, str]
) -> None:
    address, _ = office
    _sign_in(browser, address, "李明")
    links = browser.find_element(By.ID, ids.NAVBAR).find_elements(By.CSS_SELECTOR, ".nav-link")
    assert "导入" not in [link.text for link in links]
    browser.get(f"{address}/upload")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.text_to_be_present_in_element((By.TAG_NAME, "main"), "无权导入规划"))
    assert "李明（查看者）无权导入规划" in browser.find_element(By.TAG_NAME, "main").text
    assert browser.find_elements(By.ID, ids.UPLOAD_FILE) == []
    assert browser.find_elements(By.ID, ids.UPLOAD_CONFIRM) == []
    screenshot(browser, "upload-office-viewer.png")


def test_on_the_office_server_an_administrator_imports(
    browser: WebDriver, office: tuple[str, str], tmp_path: Path
) -> None:
    address, url = office
    _sign_in(browser, address, "王芳")
    links = browser.find_element(By.ID, ids.NAVBAR).find_elements(By.CSS_SELECTOR, ".nav-link")
    assert "导入" in [link.text for link in links]
    browser.get(f"{address}/upload")
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.ID, ids.UPLOAD_CHECK)))
    _choose_file(browser, write_xlsx(tmp_path / "办公室导入.xlsx", GOOD_ROWS))
    _type(browser, ids.UPLOAD_PLAN_KEY, "office-extra")
    browser.find_element(By.ID, ids.UPLOAD_CHECK).click()
    _result(browser, "检查通过")
    browser.find_element(By.ID, ids.UPLOAD_CONFIRM).click()
    _result(browser, "已导入 办公室导入.xlsx，规划 office-extra：3 个项目")
    workspace = Workspace(url)
    try:
        assert len(workspace.projects(ProjectFilter(plan="office-extra"))) == 3
        entry = workspace.audit(limit=1)[0]
        assert (entry.actor, entry.action, entry.target) == ("王芳", "import_plan", "office-extra")
    finally:
        workspace.close()
    screenshot(browser, "upload-office-admin.png")
