"""The 进度 page, and the 甘特图 and 指标 pages with progress reports, in Debian's chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.wait import WebDriverWait

from portfolio.formatting import yi_text
from portfolio.progress import FindingKind, Scope, ScopeKind
from portfolio.services.progress import actual_spans, progress
from portfolio.services.workspace import Workspace
from tests.actuals_helpers import SAMPLE_DATES, record_sample_progress
from tests.ui.pages.funding.test_browser import _table_cells
from tests.ui.test_browser import base_url, browser, downloads, screenshot  # noqa: F401
from ui import ids
from ui.pages.gantt.views import ACTUAL_META
from ui.pages.progress.views import ACTUAL_META as CURVE_ACTUAL
from ui.pages.progress.views import PLANNED_META

pytestmark = pytest.mark.browser

COUNTY = "晋江市"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The bundled plans with two progress reports of 晋江市's projects."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-progress') / 'portfolio.sqlite3'}"
    workspace = Workspace(url)
    workspace.ensure_ready()
    record_sample_progress(workspace, COUNTY)
    yield workspace
    workspace.close()


@pytest.fixture(scope="module")
def roles(workspace: Workspace) -> dict[str, int]:
    shown = progress(workspace)
    over = [f for f in shown.findings() if f.kind is FindingKind.OVERRUN_TOTAL]
    return {"over": over[0].project_id}


def _graph(driver: WebDriver, graph_id: str) -> list[dict[str, Any]]:
    data = driver.execute_script(
        f"const plot = document.querySelector('#{graph_id} .js-plotly-plot');"
        "return plot && plot.data ? plot.data : [];"
    )
    assert isinstance(data, list)
    return data


def _grid_rows(driver: WebDriver, grid_id: str) -> list[dict[str, Any]] | None:
    """The rows of the grid ``grid_id`` in the order shown (None until the grid is ready)."""
    rows = driver.execute_script(
        "try { const api = dash_ag_grid.getApi(arguments[0]); const rows = [];"
        " api.forEachNodeAfterFilterAndSort((node) => rows.push(node.data)); return rows; }"
        " catch (error) { return null; }",
        grid_id,
    )
    assert rows is None or isinstance(rows, list)
    return rows


def _shown_cells(driver: WebDriver, grid_id: str, column: str) -> list[str]:
    """The texts the grid draws in ``column`` (its rows on screen)."""
    cells = driver.find_elements(
        By.CSS_SELECTOR, f"#{grid_id} .ag-center-cols-container [col-id='{column}']"
    )
    return [cell.text for cell in cells]


def _curve(driver: WebDriver, meta: str) -> dict[str, Any]:
    (trace,) = [t for t in _graph(driver, ids.PROGRESS_CURVE) if t.get("meta") == meta]
    return trace


def test_a_countys_s_curves_and_findings_are_the_services(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    shown = progress(workspace)
    scope = Scope(ScopeKind.COUNTY, COUNTY)
    curve = shown.curve(scope)
    browser.get(f"{base_url}/progress?by=county&key={quote(COUNTY)}")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: any(t.get("meta") == CURVE_ACTUAL for t in _graph(d, ids.PROGRESS_CURVE)))
    screenshot(browser, "progress-jinjiang.png")

    actual = _curve(browser, CURVE_ACTUAL)
    assert actual["x"][-1] == shown.through_year == 2025
    assert actual["customdata"][-1] == yi_text(curve.actual_to_date())
    planned = _curve(browser, PLANNED_META)
    assert planned["customdata"][-1] == yi_text(curve.total_wan)
    summary = browser.find_element(By.ID, ids.PROGRESS_SUMMARY).text
    assert SAMPLE_DATES[1].isoformat() in summary and yi_text(curve.actual_to_date()) in summary

    rows = _grid_rows(browser, ids.PROGRESS_TABLE) or []
    assert sorted(row["name"] for row in rows) == sorted(p.name for p in shown.in_scope(scope))
    # The cells show the exact 亿元 text; the grid sorts by the 万元 beside it.
    wait.until(lambda d: _shown_cells(d, ids.PROGRESS_TABLE, "actual_wan"))
    shown_actuals = _shown_cells(browser, ids.PROGRESS_TABLE, "actual_wan")
    assert shown_actuals == [row["actual"] for row in rows][: len(shown_actuals)]
    found = _grid_rows(browser, ids.PROGRESS_FINDINGS) or []
    kinds = {row["label"] for row in found}
    assert {"超总投资", "年度超支", "年度滞后", "开工推迟"} <= kinds
    assert len(found) == len(shown.findings(scope))
    assert found[0]["label"] == "超总投资"  # money first


def test_the_threshold_and_the_report_date_redraw_the_page(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    browser.get(f"{base_url}/progress")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: _grid_rows(d, ids.PROGRESS_FINDINGS))
    screenshot(browser, "progress-all.png")
    threshold = browser.find_element(By.ID, ids.PROGRESS_THRESHOLD)
    threshold.clear()
    threshold.send_keys("60", Keys.ENTER)
    expected = len(progress(workspace).findings(Scope(), 60))
    wait.until(ec.url_contains("threshold=60"))
    wait.until(lambda d: len(_grid_rows(d, ids.PROGRESS_FINDINGS) or []) == expected)
    assert str(expected) in browser.find_element(By.ID, ids.PROGRESS_FINDING_COUNT).text
    # The earlier report: its date in the summary, its curve ending in 2023.
    browser.get(f"{base_url}/progress?date={SAMPLE_DATES[0].isoformat()}")
    wait.until(
        ec.text_to_be_present_in_element((By.ID, ids.PROGRESS_SUMMARY), SAMPLE_DATES[0].isoformat())
    )
    wait.until(lambda d: any(t.get("meta") == CURVE_ACTUAL for t in _graph(d, ids.PROGRESS_CURVE)))
    assert _curve(browser, CURVE_ACTUAL)["x"][-1] == 2023


def test_a_projects_years_name_their_report_rows(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
    roles: dict[str, int],
) -> None:
    project = progress(workspace).project(roles["over"])
    assert project is not None and project.actuals is not None
    browser.get(f"{base_url}/progress?by=project&key={project.project_id}")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.text_to_be_present_in_element((By.ID, ids.PROGRESS_TABLE_TITLE), "各年"))
    wait.until(lambda d: _shown_cells(d, ids.PROGRESS_TABLE, "source"))
    screenshot(browser, "progress-project.png")
    rows = _grid_rows(browser, ids.PROGRESS_TABLE) or []
    by_year = {int(row["year"]): row for row in rows}
    for year, amount in project.actual.items():
        assert by_year[year]["actual"] == yi_text(amount)
        assert by_year[year]["source"] == project.actuals.sources[year]
    assert project.actuals.sources[min(project.actual)] in _shown_cells(
        browser, ids.PROGRESS_TABLE, "source"
    )


def test_the_gantt_draws_actual_bars_under_the_planned_ones(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    spans = actual_spans(workspace)
    browser.get(f"{base_url}/gantt?county={quote(COUNTY)}")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: any(t.get("meta") == ACTUAL_META for t in _graph(d, ids.GANTT_GRAPH)))
    screenshot(browser, "gantt-actuals.png")
    bars = [t for t in _graph(browser, ids.GANTT_GRAPH) if t.get("meta") == ACTUAL_META]
    drawn = {
        item[0]: base for t in bars for item, base in zip(t["customdata"], t["base"], strict=True)
    }
    in_county = {
        p.project_id for p in progress(workspace).in_scope(Scope(ScopeKind.COUNTY, COUNTY))
    }
    assert set(drawn) == {pid for pid in spans if pid in in_county}
    assert all(drawn[pid] == spans[pid].start for pid in drawn)
    names = {t["name"] for t in bars}
    assert {"实际：已完工", "实际：在建", "实际：停缓建"} <= names
    assert "有实际进度报告" in browser.find_element(By.ID, ids.GANTT_SUMMARY).text


def test_indicators_show_reported_values_beside_targets(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
    workspace: Workspace,
) -> None:
    view = next(v for v in workspace.indicators() if v.table == "附件5")
    key = f"{view.plan}/{view.table}/{view.seq}"
    browser.get(f"{base_url}/indicators?plan={quote(view.plan)}&indicator={quote(key)}")
    wait = WebDriverWait(browser, 30)
    wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, f"#{ids.INDICATORS_CHART} .js-line"))
    )
    screenshot(browser, "indicators-reported.png")
    header, rows = _table_cells(browser, ids.INDICATORS_TABLE)  # a table, not a grid
    row = next(r for r in rows if r[1] == view.table and r[2] == view.seq)
    cell = row[header.index("2024年")]
    assert cell.startswith(view.targets[2024]) and "实际" in cell
    assert "实际" in browser.find_element(By.ID, ids.INDICATORS_CHART).text


def test_the_page_in_english(
    browser: WebDriver,  # noqa: F811
    base_url: str,  # noqa: F811
) -> None:
    browser.get(f"{base_url}/progress?lang=en&by=county&key={quote(COUNTY)}")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: any(t.get("meta") == CURVE_ACTUAL for t in _graph(d, ids.PROGRESS_CURVE)))
    wait.until(lambda d: _shown_cells(d, ids.PROGRESS_FINDINGS, "label"))
    screenshot(browser, "progress-jinjiang-en.png")
    labels = set(_shown_cells(browser, ids.PROGRESS_FINDINGS, "label"))
    assert "Over total investment" in labels
    assert {t["name"] for t in _graph(browser, ids.PROGRESS_CURVE)} == {
        "Planned",
        "Planned (projects reported)",
        "Actual",
    }
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "Report date" in text and "进度" not in text
    browser.get(f"{base_url}/progress?lang=zh")  # the cookie back to Chinese for the others
