"""The region table's cost: reading it, its name index, storing it in a new database.

    python -m benchmarks.regions [--repeat 20] [--json OUT]

Prints one line per measurement (best and median of ``--repeat`` runs; storing in a new
database: of a quarter as many, at least 3); BENCHMARKS.md keeps the figures. The table is
read at every command's start and by the web server once.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks._common import machine_info, machine_line, write_json
from portfolio.paths import data_dir
from portfolio.regions import REGIONS_FILE, RegionTable
from portfolio.services.regions import ensure_regions
from portfolio.services.workspace import Workspace


def measure(label: str, action: Callable[[], object], repeat: int) -> dict[str, Any]:
    """Best and median milliseconds of ``repeat`` calls of ``action``, printed and returned."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    best, median = min(times) * 1000, statistics.median(times) * 1000
    print(f"{label}: best {best:.1f} ms, median {median:.1f} ms over {repeat} runs")
    figures = {"label": label, "best_ms": round(best, 2), "median_ms": round(median, 2)}
    return figures | {"runs": repeat}


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    info = machine_info()
    print(machine_line(info))
    path = data_dir() / REGIONS_FILE
    table = RegionTable.load(path)
    print(f"{path}: {len(table)} regions")
    results = [measure("read the table", lambda: RegionTable.load(path), args.repeat)]

    def first_resolve() -> None:
        RegionTable.load(path).resolve("鼓楼区", within="南京市")

    results.append(measure("read the table and resolve a shared name", first_resolve, args.repeat))
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(10**6))

        def new_database() -> Workspace:
            workspace = Workspace(f"sqlite:///{Path(tmp) / f'r{next(counter)}.sqlite3'}")
            workspace.migrate()
            return workspace

        fresh = iter([new_database() for _ in range(max(3, args.repeat // 4))])

        def store() -> None:
            workspace = next(fresh)
            with workspace.sessions.begin() as session:
                ensure_regions(session, table)
            workspace.close()

        label = "store the table in a new SQLite database"
        results.append(measure(label, store, max(3, args.repeat // 4)))
        workspace = new_database()
        with workspace.sessions.begin() as session:
            ensure_regions(session, table)

        def again() -> None:
            with workspace.sessions.begin() as session:
                ensure_regions(session, table)

        results.append(measure("store the table again (already stored)", again, args.repeat))
        workspace.close()
    write_json(args.json, {"machine": info, "regions": len(table), "results": results})


if __name__ == "__main__":
    main()
