"""Every outcome of a run on the 情景 page, in Debian's chromium, and never an HTTP 500.

Runs that the bundled portfolio gives for real are run from the page (cannot be met, with its
smallest changes and "apply"; partly funded; failed on an unexpected error, the scenario kept
and editable); outcomes that need a slow or broken solver (feasible but not proven, timed
out, invalid, cancelled) are stored as such and opened by their address. Screenshots go to
``tests/artifacts/``.
"""

from __future__ import annotations

import threading
import tomllib
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait
from werkzeug.serving import make_server

from portfolio.access import this_computer
from portfolio.formatting import yi_text
from portfolio.scenarios.outcome import ObjectiveLevel, ProjectOutcome, RunStatus, ScenarioResult
from portfolio.scenarios.spec import parse_scenario
from portfolio.services import run_worker, scenarios
from portfolio.services.executors import LocalExecutor
from portfolio.services.workspace import Workspace
from tests.ui.test_browser import browser, downloads, screenshot  # noqa: F401
from ui import ids
from ui.app import create_app

pytestmark = pytest.mark.browser

TEN_YI = 'name = "2023年只有10亿"\n[caps.total]\n2023 = "10亿"\n[limits]\nmax_delay = 1\n'
PARTLY = (
    'name = "压减三成取舍"\nas_of = 2021\nobjectives = ["value", "delay"]\n'
    '[cuts]\n2023 = "30%"\n2024 = "30%"\n[limits]\nmax_delay = 0\n'
)
BROKEN = 'name = "求解器故障"\nas_of = 2021\n[cuts]\n2023 = "10%"\n'


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    url = f"sqlite:///{tmp_path_factory.mktemp('outcomes') / 'portfolio.sqlite3'}"
    workspace = Workspace(url)
    workspace.ensure_ready()
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def answers() -> list[tuple[int, str]]:
    """Every HTTP status the app answers with, and the path."""
    return []


@pytest.fixture(scope="module")
def base_url(workspace: Workspace, answers: list[tuple[int, str]]) -> Iterator[str]:
    server_app = create_app(workspace).server

    @server_app.after_request
    def record(response):  # type: ignore[no-untyped-def]
        from flask import request

        answers.append((response.status_code, request.path))
        return response

    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(autouse=True)
def no_server_errors(answers: list[tuple[int, str]]) -> Iterator[None]:
    yield
    errors = [answer for answer in answers if answer[0] >= 500]
    assert not errors, f"the app answered with server errors: {errors[:5]}"


def _outcome(driver: WebDriver) -> str:
    return driver.find_element(By.ID, ids.SCEN_OUTCOME).text


def _run_from_the_page(driver: WebDriver, base_url: str, workspace: Workspace, text: str) -> None:
    name = parse_scenario(text, "test").name
    workspace.save_scenario(text)
    driver.get(f"{base_url}/scenarios?name={quote(name)}")
    WebDriverWait(driver, 30).until(
        lambda d: d.find_element(By.ID, ids.SCEN_NAME).get_attribute("value") == name
    )
    driver.find_element(By.ID, ids.SCEN_RUN).click()
    WebDriverWait(driver, 120).until(
        lambda d: (
            d.find_elements(By.ID, ids.SCEN_OUTCOME)
            and d.find_element(By.ID, ids.SCEN_JOB_TEXT).text
            and "求解中" not in d.find_element(By.ID, ids.SCEN_JOB_TEXT).text
            and "排队" not in d.find_element(By.ID, ids.SCEN_JOB_TEXT).text
        )
    )


def test_a_scenario_that_cannot_be_met_shows_why_and_the_smallest_changes(
    browser: WebDriver,  # noqa: F811
    base_url: str,
    workspace: Workspace,
) -> None:
    _run_from_the_page(browser, base_url, workspace, TEN_YI)
    WebDriverWait(browser, 30).until(lambda d: "无法满足" in _outcome(d))
    conflict = browser.find_element(By.ID, ids.SCEN_CONFLICT).text
    assert "2023年总额上限" in conflict and "None" not in conflict and " / " not in conflict
    relaxations = browser.find_element(By.ID, ids.SCEN_RELAXATIONS).text
    assert "2023年总额上限提高到" in relaxations and "放宽以下" in relaxations
    assert not browser.find_elements(By.ID, ids.SCEN_DELAYS), "no per-project figures"
    screenshot(browser, "scenarios-outcome-infeasible.png")
    # One click makes a new scenario with the lowest cap that works; it then runs optimal.
    browser.find_element(By.CSS_SELECTOR, f"[id*='{ids.SCEN_APPLY}']").click()
    WebDriverWait(browser, 30).until(
        lambda d: (
            d.find_element(By.ID, ids.SCEN_NAME).get_attribute("value") == "2023年只有10亿（放宽）"
        )
    )
    text, _ = workspace.scenario("2023年只有10亿（放宽）")
    _, infeasible = workspace.scenario("2023年只有10亿")
    assert infeasible is not None and infeasible.relaxations[0].lowest_feasible_wan is not None
    lowest = yi_text(infeasible.relaxations[0].lowest_feasible_wan)
    assert f'2023 = "{lowest}亿"' in text and '"10亿"' not in text
    browser.find_element(By.ID, ids.SCEN_RUN).click()
    WebDriverWait(browser, 120).until(
        lambda d: d.find_elements(By.ID, ids.SCEN_OUTCOME) and "最优" in _outcome(d)
    )
    screenshot(browser, "scenarios-outcome-relaxed.png")


def test_a_partly_funded_plan_lists_the_projects_left_out(
    browser: WebDriver,  # noqa: F811
    base_url: str,
    workspace: Workspace,
) -> None:
    _run_from_the_page(browser, base_url, workspace, PARTLY)
    WebDriverWait(browser, 30).until(lambda d: "部分项目未安排" in _outcome(d))
    objectives = browser.find_element(By.ID, ids.SCEN_OBJECTIVES).text
    assert "selected" not in objectives, objectives  # the dropdown's own words in Chinese
    delays = browser.find_element(By.ID, ids.SCEN_DELAYS).text
    assert "未安排" in delays
    screenshot(browser, "scenarios-outcome-partly-funded.png")


def test_a_failed_run_shows_its_message_and_keeps_the_scenario(
    browser: WebDriver,  # noqa: F811
    base_url: str,
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("求解器意外退出")

    def in_this_process(executor: LocalExecutor, job_id: str, _time_limit: float) -> None:
        # The solver is broken in this process only: the run's worker function runs here,
        # on a thread, instead of in a worker process of its own.
        threading.Thread(target=run_worker.execute, args=(executor.url, job_id)).start()

    monkeypatch.setattr(scenarios, "solve", broken)
    monkeypatch.setattr(LocalExecutor, "submit", in_this_process)
    _run_from_the_page(browser, base_url, workspace, BROKEN)
    WebDriverWait(browser, 30).until(lambda d: "运行失败" in _outcome(d))
    assert "求解器意外退出" in _outcome(browser)
    assert browser.find_element(By.ID, ids.SCEN_NAME).get_attribute("value") == "求解器故障"
    text, result = workspace.scenario("求解器故障")
    # The scenario as the form wrote it is kept, with the run that failed.
    assert tomllib.loads(text)["cuts"] == {"2023": "10%"}
    assert result is not None and result.status is RunStatus.FAILED
    screenshot(browser, "scenarios-outcome-failed.png")


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (RunStatus.FEASIBLE, "可行"),
        (RunStatus.TIMED_OUT, "时限内未找到方案"),
        (RunStatus.INVALID, "程序错误"),
        (RunStatus.CANCELLED, "已取消"),
    ],
)
def test_a_stored_run_opens_by_its_address_whatever_its_outcome(
    browser: WebDriver,  # noqa: F811
    base_url: str,
    workspace: Workspace,
    status: RunStatus,
    words: str,
) -> None:
    name = f"存储的{status.value}"
    spec = parse_scenario(f'name = "{name}"\n', "test")
    projects: tuple[ProjectOutcome, ...] = ()
    if status.has_plan:
        projects = workspace.run_scenario(f'name = "{name}"\n', store=False).projects
    result = ScenarioResult(
        name,
        status,
        (2021, 2025),
        2021,
        solve_seconds=10.0,
        objectives=(ObjectiveLevel("delay", status.value),),
        projects=projects,
    )
    with workspace.sessions.begin() as session:
        run_id = scenarios.store_result(session, spec, result, this_computer())
    browser.get(f"{base_url}/scenarios?run={run_id}")
    WebDriverWait(browser, 30).until(
        lambda d: d.find_elements(By.ID, ids.SCEN_OUTCOME) and words in _outcome(d)
    )
    assert bool(browser.find_elements(By.ID, ids.SCEN_DELAYS)) == status.has_plan
    screenshot(browser, f"scenarios-outcome-{status.value}.png")
