"""The web-app benchmark's building blocks at a tiny size (nothing is timed against a target)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from benchmarks.ui_speed import (
    PAGES,
    SCENARIO_NAME,
    Built,
    DashClient,
    build_workspace,
    filter_cases,
    server_measurements,
    summary,
)
from portfolio.services.queries import ProjectFilter
from ui import ids
from ui.app import create_app

GENERATED = 50


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    folder = tmp_path_factory.mktemp("ui-speed")
    result = build_workspace(
        f"sqlite:///{folder / 'ui.sqlite3'}", GENERATED, 1, folder, scenario_time_limit=5
    )
    yield result
    result.workspace.close()


def test_database_holds_the_bundled_plans_the_generated_sheet_and_a_run(built: Built) -> None:
    plans = {view.plan for view in built.workspace.projects()}
    assert {"generated"} < plans  # the bundled plans are there too
    assert len(built.workspace.projects(ProjectFilter(plan="generated"))) == GENERATED
    assert [s.name for s in built.workspace.scenarios()] == [SCENARIO_NAME]
    assert built.scenario == SCENARIO_NAME


def test_every_page_is_served_with_its_main_component(built: Built) -> None:
    client = DashClient(create_app(built.workspace))
    main_ids = {
        "/": ids.OVERVIEW_TABLES,
        "/portfolio": ids.PROJECTS_GRID,
        "/funding": ids.FUNDING_CHART,
        "/indicators": ids.INDICATORS_TABLE,
        "/progress": ids.PROGRESS_EMPTY,  # no report is stored
        "/gantt": ids.GANTT_GRAPH,
        "/overlap": ids.OVERLAP_HEATMAP,
        "/scenarios": ids.SCEN_YEARS,
        "/audit": ids.AUDIT_TABLE,
        "/upload": ids.UPLOAD_KIND,
    }
    assert set(PAGES) == set(main_ids)
    for path in PAGES:
        _, payload = client.callback(
            "_pages_content.children",
            {"_pages_location.pathname": path, "_pages_location.search": ""},
        )
        assert f'"id": "{main_ids[path]}"' in _json(payload), path


def test_filter_callbacks_answer_what_the_service_lists(built: Built) -> None:
    client = DashClient(create_app(built.workspace))
    cases = filter_cases(built.workspace, changes=3)
    county = cases.portfolio_counties[0]
    _, payload = client.callback(
        f"{ids.PROJECTS_GRID}.rowData",
        {f"{ids.PROJECTS_COUNTY}.value": county, f"{ids.PROJECTS_SEARCH}.value": ""},
    )
    rows = payload["response"][ids.PROJECTS_GRID]["rowData"]
    assert len(rows) == cases.county_projects[county] > 0
    assert all(county in row["counties"] for row in rows)

    figures = server_measurements(client, cases, repeat=1, scenario=built.scenario)
    assert set(PAGES) <= set(figures["pages"])
    assert figures["portfolio_county_filter"]["n"] == 3
    assert figures["gantt_big"]["bars"] == cases.gantt_bars > 0
    assert "gantt_big_scenario" in figures


def test_summary_percentiles() -> None:
    figures = summary([float(n) for n in range(1, 21)])
    assert figures["n"] == 20 and figures["p50"] == 10.5 and figures["max"] == 20
    assert figures["p95"] == pytest.approx(19.05)


def _json(payload: object) -> str:
    import json

    return json.dumps(payload, ensure_ascii=False)


def test_generated_sheet_is_the_loading_benchmarks() -> None:
    """The same seeded generator as benchmarks.loading (one generator, not a copy)."""
    import benchmarks.loading
    import benchmarks.ui_speed

    assert vars(benchmarks.ui_speed)["generate_xlsx"] is benchmarks.loading.generate_xlsx
