"""The region table's cost: reading it, its name index, storing it in a new database.

    python -m benchmarks.regions [--repeat 20]

Prints one line per measurement (best and median of ``--repeat`` runs); BENCHMARKS.md keeps the
figures. The table is read at every command's start and by the web server once.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from portfolio.paths import data_dir
from portfolio.regions import REGIONS_FILE, RegionTable
from portfolio.services.regions import ensure_regions
from portfolio.services.workspace import Workspace


def measure(label: str, action: Callable[[], object], repeat: int) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    best, median = min(times) * 1000, statistics.median(times) * 1000
    print(f"{label}: best {best:.1f} ms, median {median:.1f} ms over {repeat} runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}"
    )
    path = data_dir() / REGIONS_FILE
    table = RegionTable.load(path)
    print(f"{path}: {len(table)} regions")
    measure("read the table", lambda: RegionTable.load(path), args.repeat)

    def first_resolve() -> None:
        RegionTable.load(path).resolve("鼓楼区", within="南京市")

    measure("read the table and resolve a shared name", first_resolve, args.repeat)
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

        measure("store the table in a new SQLite database", store, max(3, args.repeat // 4))
        workspace = new_database()
        with workspace.sessions.begin() as session:
            ensure_regions(session, table)

        def again() -> None:
            with workspace.sessions.begin() as session:
                ensure_regions(session, table)

        measure("store the table again (already stored)", again, args.repeat)
        workspace.close()


if __name__ == "__main__":
    main()
