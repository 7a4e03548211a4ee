"""A seeded province-scale portfolio solved by the optimizer, beside the greedy baseline.

    python -m benchmarks.synthetic [--projects 5000] [--seed 1] [--time-limit 60]
        [--workers 2] [--objectives value,delay] [--city 市09] [--reference highs]
        [--json OUT]

The generated scenario (same seed, same scenario):

- 9 cities of 10 counties each (90 counties); a horizon of 10 yearly periods, 2026-2035;
- projects planned to start in 2026-2033 and to last 1-5 years (never past 2035), totals of
  100-50,000 万元 (log-uniform), spread evenly over their years; priorities 1-5; each may slip
  up to 3 years (``max_delay=3``);
- 80% of projects lie in one county; 20% span 2-3 counties of one city, with integer weights;
- 5% of projects follow an earlier project of the same city (a finish-to-start link to a
  project planned to end before they start);
- caps at 80% of planned spend: a total cap per year of 80% of the planned total of that year,
  and a cap per county and year of 80% of that county's planned spend that year (rounded down;
  ``--no-county-caps`` keeps only the total caps).

Under such caps not everything can be funded, so the product's default objectives
(``delay`` then ``level``, which fund every project) have no solution; the benchmark uses
``value`` then ``delay`` by default: fund the most priority, then delay it the least.

Reported: time to the first feasible schedule (from the call of ``solve``, model building and
warm start included), each level's value, bound and gap after the time limit, peak memory
(``ru_maxrss``), and the greedy baseline's objective values.

``--reference highs`` then solves the ``value`` level alone as a plain MIP with HiGHS
(``benchmarks.reference_portfolio``), with the same time limit and workers: its value, its
dual bound (a bound on the same level, often tighter than CP-SAT's) and the optimizer's gap
to the tighter of the two bounds. Its schedule is checked against the portfolio's rules.
``--city 市09`` solves one city's part alone (its projects and county caps), the size of
the models the optimizer solves one by one; with ``--objectives value`` and a long time
limit it shows how far a city's gap closes with time.
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks._common import machine_info, machine_line, peak_memory_mb, write_json
from benchmarks.reference_portfolio import value_mip
from optimizer import (
    Cap,
    CapKind,
    LevelResult,
    Link,
    Objective,
    ProblemData,
    Project,
    SolveParams,
    check_schedules,
    greedy,
    objective_values,
    planned_schedules,
    region_spend,
    solve,
)

FIRST_YEAR = 2026
LAST_YEAR = 2035
CITIES = 9
COUNTIES_PER_CITY = 10
CAP_PERCENT = 80
MAX_DELAY = 3
MULTI_COUNTY_SHARE = 0.2
LINKED_SHARE = 0.05


def county_names() -> dict[str, str]:
    """Every county's name mapped to its city's (``县01-03`` lies in ``市01``)."""
    return {
        f"县{city:02d}-{county:02d}": f"市{city:02d}"
        for city in range(1, CITIES + 1)
        for county in range(1, COUNTIES_PER_CITY + 1)
    }


def _project(rng: random.Random, index: int, counties_of: dict[str, list[str]]) -> Project:
    start = rng.randint(FIRST_YEAR, LAST_YEAR - 2)
    end = min(LAST_YEAR, start + rng.randint(0, 4))
    total = round(math.exp(rng.uniform(math.log(100), math.log(50_000))))
    city = rng.choice(sorted(counties_of))
    count = rng.choice((2, 3)) if rng.random() < MULTI_COUNTY_SHARE else 1
    regions = {county: rng.randint(1, 10) for county in rng.sample(counties_of[city], count)}
    return Project(
        id=f"P{index:05d}",
        total=total,
        planned_start=start,
        planned_end=end,
        regions=regions,
        priority=rng.randint(1, 5),
        max_delay=MAX_DELAY,
    )


def _links(rng: random.Random, projects: Sequence[Project], cities: dict[str, str]) -> list[Link]:
    """Links into ``LINKED_SHARE`` of the projects, each from an earlier project of its city."""
    by_city: dict[str, list[Project]] = {}
    for project in projects:
        by_city.setdefault(cities[next(iter(project.regions))], []).append(project)
    links: list[Link] = []
    for successor in rng.sample(list(projects), round(len(projects) * LINKED_SHARE)):
        city = cities[next(iter(successor.regions))]
        earlier = [p for p in by_city[city] if p.planned_end < successor.planned_start]
        if earlier:
            links.append(Link(rng.choice(earlier).id, successor.id))
    # Keep the links acyclic for certain: a predecessor always ends before its successor
    # starts in the plan, so planned order is a topological order.
    return sorted(set(links), key=lambda link: (link.predecessor, link.successor))


def _caps(data: ProblemData, county_caps: bool = True) -> list[Cap]:
    """Total (and county) caps at ``CAP_PERCENT`` of the planned spend of each year."""
    total: dict[int, int] = {}
    county: dict[tuple[str, int], int] = {}
    schedules = planned_schedules(data)
    for project in data.projects:
        spend = schedules[project.id].spend
        for year, amount in spend.items():
            total[year] = total.get(year, 0) + amount
        for region, per_year in region_spend(project, spend).items():
            for year, amount in per_year.items():
                county[(region, year)] = county.get((region, year), 0) + amount
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    caps = [Cap(CapKind.TOTAL, "", year, total.get(year, 0) * CAP_PERCENT // 100) for year in years]
    if county_caps:
        caps += [
            Cap(CapKind.REGION, region, year, county.get((region, year), 0) * CAP_PERCENT // 100)
            for region in sorted(county_names())
            for year in years
        ]
    return caps


def generate(projects: int, seed: int, county_caps: bool = True) -> ProblemData:
    """The seeded scenario described in the module's docstring (``county_caps=False`` keeps
    only the total caps)."""
    rng = random.Random(seed)
    cities = county_names()
    counties_of: dict[str, list[str]] = {}
    for county, city in cities.items():
        counties_of.setdefault(city, []).append(county)
    generated = [_project(rng, index, counties_of) for index in range(1, projects + 1)]
    links = _links(rng, generated, cities)
    uncapped = ProblemData(generated, (FIRST_YEAR, LAST_YEAR), links=links, cities=cities)
    return ProblemData(
        generated,
        (FIRST_YEAR, LAST_YEAR),
        links=links,
        caps=_caps(uncapped, county_caps),
        cities=cities,
    )


def city(data: ProblemData, name: str) -> ProblemData:
    """The part of ``data`` in the city ``name`` (``市09``): its projects, their links and its
    counties' caps. The total caps are left out: with county caps they are implied (each
    year's county caps add up to no more than its total cap), so this is the part the
    optimizer solves for that city when it splits the portfolio."""
    counties = {county for county, of in data.cities.items() if of == name}
    if not counties:
        raise ValueError(f"no city {name!r}: the cities are 市01..市{CITIES:02d}")
    projects = [p for p in data.projects if set(p.regions) <= counties]
    ids = {project.id for project in projects}
    return ProblemData(
        projects,
        data.horizon,
        links=[link for link in data.links if link.successor in ids],
        caps=[cap for cap in data.caps if cap.kind is CapKind.REGION and cap.key in counties],
        cities={county: name for county in sorted(counties)},
    )


def _level_row(level: LevelResult) -> dict[str, Any]:
    """One level's figures, with the gap relative to the bound in percent."""
    gap = level.gap
    relative = None
    if gap is not None and level.bound:
        relative = round(100 * gap / abs(level.bound), 4)
    return {
        "objective": level.name,
        "status": level.status.value,
        "value": level.value,
        "bound": level.bound,
        "gap": gap,
        "gap_percent": relative,
        "seconds": round(level.solve_seconds, 3),
        "first_solution_seconds": (
            None if level.first_solution_seconds is None else round(level.first_solution_seconds, 3)
        ),
    }


def run(
    data: ProblemData, objectives: Sequence[Objective], time_limit: float, workers: int
) -> dict[str, Any]:
    """Greedy baseline, then ``optimizer.solve``; figures as described in the module."""
    began = time.perf_counter()
    baseline = greedy(data, objectives)
    greedy_seconds = time.perf_counter() - began
    level_starts: list[float] = []

    def note(line: str) -> None:
        # ``solve`` logs "level i/n: ..." just before each level's search begins.
        if line.startswith("level ") and "/" in line.split(":")[0]:
            level_starts.append(time.perf_counter())

    params = SolveParams(
        objectives=objectives,
        time_limit=time_limit,
        num_workers=workers,
        explain=False,
        log=note,
    )
    began = time.perf_counter()
    result = solve(data, params)
    seconds = time.perf_counter() - began
    first_level = result.levels[0] if result.levels else None
    first_feasible = None
    if first_level is not None and first_level.first_solution_seconds is not None and level_starts:
        first_feasible = round(level_starts[0] - began + first_level.first_solution_seconds, 3)
    # The solver's bound on ``value`` can be looser than funding everything; report the gap
    # to the tighter of the two as well.
    everything = sum(project.priority for project in data.projects if not project.excluded)
    value_gap = None
    for level in result.levels:
        if level.objective is Objective.VALUE and level.value is not None:
            bound = everything if level.bound is None else min(level.bound, everything)
            value_gap = round(100 * (bound - level.value) / bound, 4) if bound else 0.0
    return {
        "status": result.status.value,
        "seconds": round(seconds, 3),
        "value_if_everything_funded": everything,
        "value_gap_percent_to_best_bound": value_gap,
        "first_feasible_seconds": first_feasible,
        "levels": [_level_row(level) for level in result.levels],
        "funded": sum(1 for schedule in result.schedules.values() if schedule.funded),
        "delayed": sum(1 for schedule in result.schedules.values() if schedule.delay > 0),
        "greedy": {
            "seconds": round(greedy_seconds, 3),
            "values": None
            if baseline is None
            else {level.name: level.value for level in baseline.levels},
            "funded": None
            if baseline is None
            else sum(1 for schedule in baseline.schedules.values() if schedule.funded),
        },
    }


def reference(data: ProblemData, time_limit: float, workers: int) -> dict[str, Any]:
    """The ``value`` level as a HiGHS MIP (``--reference highs``), its schedule checked, and
    nothing else (the caller sets its bound beside the optimizer's)."""
    row = value_mip(data, time_limit, workers)
    schedules = row.pop("schedules")
    if schedules:
        problems = check_schedules(data, schedules, [Objective.VALUE])
        if problems or objective_values(data, schedules)[Objective.VALUE] != row["value"]:
            raise AssertionError(f"the reference's schedule is wrong: {problems[:3]}")
    row["checked"] = bool(schedules)
    return row


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds in all")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--objectives", default="value,delay", help="comma-separated, in order")
    parser.add_argument(
        "--no-county-caps", action="store_true", help="keep only the total cap of each year"
    )
    parser.add_argument(
        "--city", help="only this city's part (市01..市09), as the optimizer splits it off"
    )
    parser.add_argument(
        "--reference", choices=["highs"], help="also solve the value level as a HiGHS MIP"
    )
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    info = machine_info()
    print(machine_line(info))
    objectives = [Objective(name.strip()) for name in args.objectives.split(",")]
    began = time.perf_counter()
    data = generate(args.projects, args.seed, county_caps=not args.no_county_caps)
    if args.city:
        data = city(data, args.city)
    generate_seconds = time.perf_counter() - began
    print(
        f"scenario: {len(data.projects)} projects, {len(data.links)} links, {len(data.caps)} caps, "
        f"seed {args.seed} (generated in {generate_seconds:.1f} s)"
    )
    figures = run(data, objectives, args.time_limit, args.workers)
    figures["peak_memory_mb"] = round(peak_memory_mb(), 1)
    print(
        f"optimizer: {figures['status']} in {figures['seconds']:.1f} s, first feasible after "
        f"{figures['first_feasible_seconds']} s, {figures['funded']} funded, "
        f"{figures['delayed']} delayed; peak memory {figures['peak_memory_mb']} MiB"
    )
    for level in figures["levels"]:
        print(
            f"  {level['objective']}: {level['value']} (bound {level['bound']}, gap "
            f"{level['gap']} = {level['gap_percent']}%), {level['status']}"
        )
    if figures["value_gap_percent_to_best_bound"] is not None:
        print(
            f"  value gap to min(bound, value if everything were funded = "
            f"{figures['value_if_everything_funded']}): "
            f"{figures['value_gap_percent_to_best_bound']}%"
        )
    value_level = next(
        (level for level in figures["levels"] if level["objective"] == Objective.VALUE.value), None
    )
    if args.reference and value_level is not None:
        row = reference(data, args.time_limit, args.workers)
        figures["reference_highs"] = row
        bounds = [b for b in (value_level["bound"], row["bound"]) if b is not None]
        if bounds and value_level["value"] is not None:
            tightest = min(bounds)
            figures["value_gap_percent_to_tightest_bound"] = round(
                100 * (tightest - value_level["value"]) / tightest, 4
            )
        print(
            f"HiGHS (value alone, a plain MIP): {row['value']} (bound {row['bound']}), "
            f"{row['status']}, {row['seconds']:.1f} s; the optimizer's value gap to the "
            f"tighter bound: {figures.get('value_gap_percent_to_tightest_bound')}%"
        )
    baseline = figures["greedy"]
    print(
        f"greedy baseline: {baseline['values']}, {baseline['funded']} funded, "
        f"{baseline['seconds']:.1f} s"
    )
    write_json(
        args.json,
        {
            "benchmark": "synthetic-portfolio",
            "projects": args.projects,
            "city": args.city,
            "seed": args.seed,
            "county_caps": not args.no_county_caps,
            "objectives": [objective.value for objective in objectives],
            "time_limit": args.time_limit,
            "workers": args.workers,
            "scenario": {
                "projects": len(data.projects),
                "links": len(data.links),
                "caps": len(data.caps),
                "multi_county": sum(1 for p in data.projects if len(p.regions) > 1),
            },
            "machine": info,
            **figures,
        },
    )


if __name__ == "__main__":
    main()
