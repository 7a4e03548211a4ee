"""Web app speed on a province-scale portfolio: first renders, filter changes, a big Gantt.

    python -m benchmarks.ui_speed [--projects 5000] [--seed 1] [--db URL] [--json OUT]
        [--repeat 3] [--changes 24] [--no-browser] [--no-scenario]

Builds the database through the product's own paths: the bundled plans (``Workspace.init``),
then a seeded office-shaped xlsx of ``--projects`` rows (the generator of
:mod:`benchmarks.loading`) imported as ``portfolio import`` does, then one budget scenario
solved and stored (the Gantt, funding and overlap pages can show it; they show the plan by
default). Then it measures, per page of the app:

* server: the page's layout, i.e. the page router's ``/_dash-update-component`` request the
  browser sends on arrival (every page callback is ``prevent_initial_call``, so the layout is
  all a first visit asks for), through Flask's test client; median and max of ``--repeat``;
* browser: Debian's headless chromium (selenium), from navigation until the page's main
  component is drawn (grid rows, the Plotly bars or heatmap, the table rows); first (cold
  cache) and median of the following visits.

A filter change (项目库 county, 甘特图 county within a city) is timed ``--changes`` times as a
server callback and in the browser (the value set as the dropdown sets it, until the grid or
chart has redrawn); p50 and p95. The big Gantt is the busiest city's (≥ 1,000 bars wanted:
at 5,000 projects it has them; at small sizes fewer), timed as a callback and as a page drawn
in the browser. It is never all places: a visit naming no place opens on the busiest city
once all places have too many bars or places to draw.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks._browser import chromium, served, timed_change, timed_visit, wait_for
from benchmarks._common import machine_info, machine_line, write_json
from benchmarks.loading import generate_xlsx  # the loading benchmark's seeded sheet
from portfolio.services.exports import schedule_export
from portfolio.services.queries import ProjectFilter
from portfolio.services.workspace import PlanInfo, Workspace
from ui import ids
from ui.app import NAV_ITEMS, create_app
from ui.components.schedule_choice import PLAN_VALUE
from ui.pages.gantt.layout import chart_of
from ui.pages.gantt.views import gantt_bars
from ui.views import county_options

PAGES: tuple[str, ...] = tuple(path for path, _ in NAV_ITEMS)
GANTT_BARS_WANTED = 1000
SCENARIO_NAME = "基准：2023年压减10%"


def scenario_text(time_limit: float) -> str:
    """A small scenario for the benchmark: 2023 cut by 10%, least delay, at most 3 years."""
    return (
        f'name = "{SCENARIO_NAME}"\n'
        "as_of = 2021\n"
        'objectives = ["delay"]\n'
        f"time_limit = {time_limit:g}\n"
        '[cuts]\n2023 = "10%"\n'
        "[limits]\nmax_delay = 3\n"
    )


# A JavaScript condition per page: true once its main component is drawn.
READY: dict[str, str] = {
    "/": f"document.querySelector('#{ids.OVERVIEW_TABLES} tbody tr') !== null",
    "/portfolio": f"document.querySelector('#{ids.PROJECTS_GRID} .ag-center-cols-container"
    " .ag-row') !== null",
    "/funding": f"document.querySelector('#{ids.FUNDING_CHART} .barlayer .point') !== null",
    "/indicators": f"document.querySelector('#{ids.INDICATORS_TABLE} tbody tr') !== null",
    # Its curve once a report is stored; before, the message that says how to import one.
    "/progress": f"document.querySelector('#{ids.PROGRESS_CURVE} .scatterlayer .trace') !== null"
    f" || document.getElementById('{ids.PROGRESS_EMPTY}') !== null",
    "/gantt": f"document.querySelector('#{ids.GANTT_GRAPH} .barlayer .point') !== null",
    "/overlap": f"document.querySelector('#{ids.OVERLAP_HEATMAP} .heatmaplayer .hm') !== null",
    "/scenarios": f"document.querySelector('#{ids.SCEN_YEARS} .ag-center-cols-container"
    " .ag-row') !== null",
    "/audit": f"document.querySelector('#{ids.AUDIT_TABLE}') !== null",
    "/upload": f"document.getElementById('{ids.UPLOAD_KIND}') !== null",
}

# True once the Gantt has drawn ``arguments[0]`` bars in all (a city's chart draws a summary
# row per place, and the projects of open places under it).
GANTT_DRAWN = (
    f"return document.querySelectorAll('#{ids.GANTT_GRAPH} .barlayer .point').length"
    " === arguments[0];"
)


@dataclass(frozen=True)
class Built:
    """The benchmark database and what was put in it."""

    workspace: Workspace
    projects: int
    build_seconds: dict[str, float]
    scenario: str | None


def build_workspace(
    url: str, projects: int, seed: int, folder: Path, *, scenario_time_limit: float | None
) -> Built:
    """Bundled plans, a generated sheet of ``projects`` rows imported, one scenario run."""
    seconds: dict[str, float] = {}
    workspace = Workspace(url)
    began = time.perf_counter()
    workspace.init()
    seconds["bundled plans"] = time.perf_counter() - began
    sheet = folder / "generated.xlsx"
    began = time.perf_counter()
    generate_xlsx(sheet, projects, seed=seed)
    report = workspace.import_file(sheet, PlanInfo(key="generated", title="生成的项目表"))
    seconds["generate and import the sheet"] = time.perf_counter() - began
    if report.projects != projects:
        raise RuntimeError(f"imported {report.projects} projects of {projects}")
    scenario = None
    if scenario_time_limit is not None:
        began = time.perf_counter()
        result = workspace.run_scenario(scenario_text(scenario_time_limit), "benchmark")
        seconds["run one scenario"] = time.perf_counter() - began
        if not result.has_plan:  # the scenario pages would time an empty run
            raise RuntimeError(f"the benchmark's scenario found no plan ({result.status})")
        scenario = SCENARIO_NAME
    return Built(workspace, len(workspace.projects()), seconds, scenario)


def summary(seconds: Sequence[float]) -> dict[str, float | int]:
    """n, p50, p95 and max of a list of durations (p95 by linear interpolation)."""
    ordered = sorted(seconds)
    p95 = statistics.quantiles(ordered, n=20, method="inclusive")[18] if len(ordered) > 1 else 0
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 4),
        "p95": round(p95 if len(ordered) > 1 else ordered[0], 4),
        "max": round(ordered[-1], 4),
    }


class DashClient:
    """Requests as the browser sends them, through Flask's test client (no network)."""

    def __init__(self, app: Any) -> None:
        self.client = app.server.test_client()
        for path in ("/", "/_dash-layout"):  # the first requests set up pages and callbacks
            self.client.get(path)
        self.dependencies: list[dict[str, Any]] = self.client.get("/_dash-dependencies").get_json()
        self.cpu_seconds: list[float] = []  # one entry per callback request, in order

    def callback(self, first_output: str, inputs: Mapping[str, Any]) -> tuple[float, Any]:
        """POST the callback whose outputs start with ``first_output`` (``"id.prop"``).

        ``inputs`` maps ``"id.prop"`` to the value; the first one is the changed property.
        Inputs and states it does not name are sent empty (``None``), as a page's fresh
        components send them. Returns the seconds taken and the response JSON.
        """
        (dependency,) = [
            d for d in self.dependencies if d["output"].lstrip(".").startswith(first_output)
        ]
        outputs = [
            {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
            for part in dependency["output"].strip(".").split("...")
        ]

        def values_of(props: list[dict[str, str]]) -> list[dict[str, Any]]:
            return [
                {
                    "id": p["id"],
                    "property": p["property"],
                    "value": inputs.get(f"{p['id']}.{p['property']}"),
                }
                for p in props
            ]

        body = {
            "output": dependency["output"],
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": values_of(dependency["inputs"]),
            "changedPropIds": [next(iter(inputs))],
            "state": values_of(dependency.get("state", [])),
        }
        began, cpu_began = time.perf_counter(), time.process_time()
        response = self.client.post("/_dash-update-component", json=body)
        elapsed = time.perf_counter() - began
        # CPU seconds of this process: less swayed than wall time by other work on the machine.
        self.cpu_seconds.append(time.process_time() - cpu_began)
        if response.status_code != 200:
            raise RuntimeError(
                f"{first_output}: HTTP {response.status_code} {response.data[:300]!r}"
            )
        return elapsed, response.get_json()

    def page(self, path: str, search: str = "") -> tuple[float, int]:
        """The page router's request for ``path``: seconds and response bytes."""
        elapsed, payload = self.callback(
            "_pages_content.children",
            {"_pages_location.pathname": path, "_pages_location.search": search},
        )
        return elapsed, len(json.dumps(payload, ensure_ascii=False).encode())


@dataclass(frozen=True)
class FilterCases:
    """What the filter-change and big-Gantt measurements choose."""

    portfolio_counties: list[str]
    gantt_city: str | None
    gantt_bars: int
    gantt_drawn: int  # the bars the city's chart draws (summary rows and open places' bars)
    gantt_counties: list[str]
    county_bars: dict[str, int]
    county_projects: dict[str, int]


def filter_cases(workspace: Workspace, changes: int) -> FilterCases:
    """Counties to cycle through, and the city with the most Gantt bars (≥ 1,000 wanted:
    ``GANTT_BARS_WANTED``; a smaller database has fewer)."""
    views = workspace.projects()
    counties = county_options(views)
    portfolio_counties = [counties[i % len(counties)] for i in range(changes)]
    export = schedule_export(workspace)
    per_city: dict[str, int] = {}
    for row in export.rows:
        for place in row.county_spend:
            name = export.city_of.get(place, place)
            per_city[name] = per_city.get(name, 0) + 1
    city = max(per_city, key=lambda name: per_city[name])
    bars = len(gantt_bars(export, city=city))
    in_city = sorted(
        {p for r in export.rows for p in r.county_spend if export.city_of.get(p) == city}
    )
    gantt_counties = [in_city[i % len(in_city)] for i in range(changes)]
    return FilterCases(
        portfolio_counties=portfolio_counties,
        gantt_city=city,
        gantt_bars=bars,
        gantt_drawn=sum(
            len(trace.x or ()) for trace in chart_of(export, city, None, []).figure.data
        ),
        gantt_counties=gantt_counties,
        county_bars={c: len(gantt_bars(export, county=c)) for c in set(gantt_counties)},
        county_projects={
            c: len(workspace.projects(ProjectFilter(county=c))) for c in set(portfolio_counties)
        },
    )


def server_measurements(
    client: DashClient, cases: FilterCases, repeat: int, scenario: str | None
) -> dict[str, Any]:
    """Layout requests per page, the two filter callbacks and the big Gantt callback.

    Each summary gives wall seconds, and ``cpu_p50`` / ``cpu_p95`` the CPU seconds.
    """

    def timed(runs: Callable[[], list[float]]) -> dict[str, Any]:
        first = len(client.cpu_seconds)
        wall = runs()
        cpu = summary(client.cpu_seconds[first:])
        return summary(wall) | {"cpu_p50": cpu["p50"], "cpu_p95": cpu["p95"]}

    pages: dict[str, Any] = {}
    for path in PAGES:
        sizes: list[int] = []

        def visit(path: str = path, sizes: list[int] = sizes) -> float:
            seconds, size = client.page(path)
            sizes.append(size)
            return seconds

        pages[path] = timed(lambda: [visit() for _ in range(repeat)]) | {"bytes": sizes[-1]}
    portfolio = timed(
        lambda: [
            client.callback(
                f"{ids.PROJECTS_GRID}.rowData",
                {f"{ids.PROJECTS_COUNTY}.value": c, f"{ids.PROJECTS_SEARCH}.value": ""},
            )[0]
            for c in cases.portfolio_counties
        ]
    )

    def gantt(county: str | None, city: str | None, scenario_value: str = PLAN_VALUE) -> float:
        return client.callback(
            f"{ids.GANTT_GRAPH}.figure",
            {
                f"{ids.GANTT_COUNTY}.value": county,
                f"{ids.GANTT_SCENARIO}.value": scenario_value,
                f"{ids.GANTT_CITY}.value": city,
            },
        )[0]

    gantt_changes = timed(lambda: [gantt(c, cases.gantt_city) for c in cases.gantt_counties])
    big = timed(lambda: [gantt(None, cases.gantt_city) for _ in range(repeat)])
    result = {
        "pages": pages,
        "portfolio_county_filter": portfolio,
        "gantt_county_filter": gantt_changes,
        "gantt_big": big | {"bars": cases.gantt_bars, "city": cases.gantt_city},
    }
    if scenario is not None:
        chosen = scenario
        runs = timed(lambda: [gantt(None, cases.gantt_city, chosen) for _ in range(repeat)])
        result["gantt_big_scenario"] = runs | {"scenario": scenario}
        search = "?" + urlencode({"scenario": scenario})
        for path in ("/gantt", "/funding", "/overlap"):

            def visits(path: str = path) -> list[float]:
                return [client.page(path, search)[0] for _ in range(repeat)]

            result["pages"][f"{path}?scenario"] = timed(visits)
    return result


PORTFOLIO_SHOWS = (
    f"const count = document.getElementById('{ids.PROJECTS_COUNT}');"
    f"const cells = document.querySelectorAll('#{ids.PROJECTS_GRID}"
    ' .ag-center-cols-container [col-id="counties"]\');'
    "return count !== null && count.textContent === arguments[0] && cells.length > 0"
    " && Array.from(cells).every(cell => cell.textContent.includes(arguments[1]));"
)
GANTT_SHOWS = (
    f"const summary = document.getElementById('{ids.GANTT_SUMMARY}');"
    f"const trace = document.querySelector('#{ids.GANTT_GRAPH} .barlayer .trace');"
    "return summary !== null && summary.textContent.startsWith(arguments[0] + '：')"
    " && trace !== null && trace.querySelectorAll('.point').length === arguments[1];"
)


def browser_measurements(base_url: str, cases: FilterCases, repeat: int) -> dict[str, Any]:
    """First renders per page, the two filter changes and the big Gantt, in chromium."""
    with chromium() as driver:
        pages: dict[str, Any] = {}
        for path in PAGES:
            ready = f"return {READY[path]};"
            runs = [timed_visit(driver, base_url + path, ready) for _ in range(repeat + 1)]
            pages[path] = {"first": round(runs[0], 4)} | summary(runs[1:])
        query = {"city": cases.gantt_city} if cases.gantt_city else {}
        big_url = f"{base_url}/gantt?{urlencode(query)}"
        big = [timed_visit(driver, big_url, GANTT_DRAWN, cases.gantt_drawn) for _ in range(repeat)]

        driver.get(base_url + "/portfolio")
        wait_for(driver, f"return {READY['/portfolio']};")
        portfolio = [
            timed_change(
                driver,
                ids.PROJECTS_COUNTY,
                county,
                PORTFOLIO_SHOWS,
                f"{cases.county_projects[county]} 个项目",
                county,
            )
            for county in cases.portfolio_counties
        ]

        driver.get(big_url)
        wait_for(driver, GANTT_DRAWN, cases.gantt_drawn)
        gantt = [
            timed_change(
                driver, ids.GANTT_COUNTY, county, GANTT_SHOWS, county, cases.county_bars[county]
            )
            for county in cases.gantt_counties
        ]
        version = str(driver.capabilities.get("browserVersion", "unknown"))
    return {
        "chromium": version,
        "pages": pages,
        "gantt_big": summary(big)
        | {"bars": cases.gantt_bars, "drawn": cases.gantt_drawn, "city": cases.gantt_city},
        "portfolio_county_filter": summary(portfolio),
        "gantt_county_filter": summary(gantt),
    }


def _print_summary(label: str, figures: Mapping[str, Any]) -> None:
    shown = ", ".join(f"{key} {value}" for key, value in figures.items())
    print(f"  {label}: {shown}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--db", help="an empty database URL (its tables are dropped; default: a new SQLite file)"
    )
    parser.add_argument("--json", type=Path, default=None, help="write the figures as JSON")
    parser.add_argument("--repeat", type=int, default=3, help="visits per page")
    parser.add_argument("--changes", type=int, default=24, help="filter changes timed")
    parser.add_argument("--scenario-time-limit", type=float, default=10.0)
    parser.add_argument("--no-scenario", action="store_true", help="do not run a scenario")
    parser.add_argument("--no-browser", action="store_true", help="server side only")
    args = parser.parse_args(argv)
    info = machine_info()
    print(machine_line(info))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = args.db or f"sqlite:///{folder / 'ui-speed.sqlite3'}"
        if args.db:
            from tests.conftest import reset_postgres

            reset_postgres(args.db)
        built = build_workspace(
            url,
            args.projects,
            args.seed,
            folder,
            scenario_time_limit=None if args.no_scenario else args.scenario_time_limit,
        )
        try:
            print(
                f"database: {built.projects} projects; "
                + ", ".join(
                    f"{label} {seconds:.1f} s" for label, seconds in built.build_seconds.items()
                )
            )
            cases = filter_cases(built.workspace, args.changes)
            few = " (fewer than wanted)" if cases.gantt_bars < GANTT_BARS_WANTED else ""
            print(f"big Gantt: {cases.gantt_city}, {cases.gantt_bars} bars{few}")
            client = DashClient(create_app(built.workspace))
            server = server_measurements(client, cases, args.repeat, built.scenario)
            report(server, "server (Flask test client)")
            browser = None
            if not args.no_browser:
                with served(built.workspace) as base_url:
                    browser = browser_measurements(base_url, cases, args.repeat)
                report(browser, f"browser (chromium {browser['chromium']})")
        finally:
            built.workspace.close()
    write_json(
        args.json,
        {
            "machine": info,
            "load_average_at_end": list(_loadavg()),
            "projects": built.projects,
            "build_seconds": built.build_seconds,
            "server": server,
            "browser": browser,
        },
    )


def report(figures: Mapping[str, Any], title: str) -> None:
    """Print one line per measurement."""
    print(title)
    for path, page in figures["pages"].items():
        _print_summary(f"page {path}", page)
    for key in (
        "portfolio_county_filter",
        "gantt_county_filter",
        "gantt_big",
        "gantt_big_scenario",
    ):
        if key in figures:
            _print_summary(key, figures[key])


def _loadavg() -> tuple[float, float, float]:
    import os

    return os.getloadavg()


if __name__ == "__main__":
    main()
