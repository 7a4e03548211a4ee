"""Writing a province-scale investment schedule workbook (and its CSV).

    python -m benchmarks.export [--projects 5000] [--years 10] [--seed 1] [--by city|county]
        [--unit wan|yi] [--out FILE.xlsx] [--json OUT]

A seeded schedule of ``--projects`` projects over ``--years`` years (from 2026): 9 cities of
10 counties each; 80% of projects in one county, 20% in 2-3 counties of one city (equal
shares, split with the optimizer's rounding rule); windows of 1-5 years, 10% delayed by 1-3
years; totals of 100-50,000 万元 spread evenly. Reported: seconds to write the workbook (all
sheets: summary, schedule, one sheet per city or county, overlap, changes, findings,
parameters), its size, and seconds to write the CSV.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks._common import machine_info, machine_line, write_json
from optimizer import apportion, spread_evenly
from portfolio.exports.model import (
    ChangeLine,
    ExportOptions,
    Grouping,
    MoneyUnit,
    ScheduleExport,
    ScheduleRow,
)
from portfolio.exports.workbook import write_csv, write_workbook

FIRST_YEAR = 2026


def synthetic_export(projects: int, years: int, seed: int) -> ScheduleExport:
    """A seeded schedule export as the service would hand it to the writer."""
    rng = random.Random(seed)
    cities = [f"城市{c}" for c in range(9)]
    counties = {city: [f"{city}县{k}" for k in range(10)] for city in cities}
    city_of = {county: city for city, names in counties.items() for county in names}
    last_year = FIRST_YEAR + years - 1
    rows = []
    changes = []
    for pid in range(1, projects + 1):
        city = rng.choice(cities)
        places = rng.sample(counties[city], 1 if rng.random() < 0.8 else rng.randint(2, 3))
        duration = rng.randint(1, min(5, years))
        start = rng.randint(FIRST_YEAR, last_year - duration + 1)
        delay = rng.randint(1, 3) if rng.random() < 0.1 else 0
        delay = min(delay, last_year - (start + duration - 1))
        total = int(10 ** rng.uniform(2, 4.7))
        spend = {
            start + delay + i: amount for i, amount in enumerate(spread_evenly(total, duration))
        }
        county_spend: dict[str, dict[int, int]] = {p: {} for p in places}
        for year, amount in spend.items():
            for place, part in apportion(amount, dict.fromkeys(places, 1)).items():
                county_spend[place][year] = part
        rows.append(
            ScheduleRow(
                project_id=pid,
                plan="synthetic",
                table=f"表{pid % 5 + 1}",
                seq=str(pid),
                name=f"项目{pid}",
                units=(f"单位{pid % 300}",),
                places="、".join(places),
                total_wan=total,
                planned_start=start,
                planned_end=start + duration - 1,
                funded=True,
                start=start + delay,
                end=start + delay + duration - 1,
                delay_years=delay,
                stretch_years=0,
                spend=spend,
                county_spend=county_spend,
                city_spend={city: dict(spend)},
            )
        )
        if delay:
            changes.append(ChangeLine(pid, f"推迟{delay}年：上限已满"))
    return ScheduleExport(
        scenario="synthetic",
        run_id=1,
        status="optimal",
        as_of=FIRST_YEAR,
        horizon=(FIRST_YEAR, last_year),
        objectives=(),
        caps=(),
        rows=tuple(rows),
        changes=tuple(changes),
        not_scheduled=(),
        findings=(),
        parameters='name = "synthetic"\n',
        made_at=dt.datetime.now().astimezone(),
        database="synthetic",
        city_of=city_of,
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--by", choices=[g.value for g in Grouping], default="city")
    parser.add_argument("--unit", choices=[u.value for u in MoneyUnit], default="wan")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    info = machine_info()
    print(machine_line(info))
    export = synthetic_export(args.projects, args.years, args.seed)
    options = ExportOptions(by=Grouping(args.by), unit=MoneyUnit(args.unit))
    with tempfile.TemporaryDirectory() as folder:
        out = args.out or Path(folder) / "schedule.xlsx"
        began = time.perf_counter()
        layout = write_workbook(export, out, options)
        workbook_seconds = time.perf_counter() - began
        began = time.perf_counter()
        write_csv(export, out.with_suffix(".csv"), options)
        csv_seconds = time.perf_counter() - began
        size = out.stat().st_size
    print(
        f"{args.projects} projects x {args.years} years, {len(layout.places)} {args.by} sheets: "
        f"workbook {workbook_seconds:.2f} s ({size / 1e6:.1f} MB), CSV {csv_seconds:.2f} s"
    )
    write_json(
        args.json,
        {
            "benchmark": "export",
            "projects": args.projects,
            "years": args.years,
            "by": args.by,
            "sheets": len(layout.places),
            "workbook_seconds": round(workbook_seconds, 3),
            "workbook_mb": round(size / 1e6, 2),
            "csv_seconds": round(csv_seconds, 3),
            "machine": info,
        },
    )


if __name__ == "__main__":
    main()
