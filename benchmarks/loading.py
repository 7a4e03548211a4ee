"""Loading speed: the bundled plans into a new database, and a generated 10,000-row xlsx.

    python -m benchmarks.loading [--db URL] [--rows 10000] [--repeat 3]

Prints one line per measurement and the machine it ran on; BENCHMARKS.md keeps the figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

import openpyxl

from portfolio.regions import RegionTable
from portfolio.services.workspace import PlanInfo, Workspace

HEADER = [
    "序号",
    "项目名称",
    "项目内容",
    "总投资（亿元）",
    "起始年限",
    "项目单位",
    "所在县（市、区）",
]


def generate_xlsx(path: Path, rows: int, seed: int = 7) -> None:
    """A sheet shaped like the offices' own tables, with realistic variety of cells."""
    rng = random.Random(seed)
    table = RegionTable.default()
    # The home province's counties, as an office's table names them (the table holds China).
    home = table.province.name
    counties = [r.name for r in table if r.kind.value == "county" and r.province == home]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("项目")
    sheet.append(HEADER)
    for i in range(1, rows + 1):
        start = rng.randint(2021, 2025)
        end = start + rng.randint(0, 4)
        places = "、".join(rng.sample(counties, rng.choice([1, 1, 1, 2, 3])))
        units = "、".join(f"测试单位{rng.randint(1, 800)}号" for _ in range(rng.choice([1, 2])))
        money = f"{rng.randint(1, 500_000) / 10_000:.4f}".rstrip("0").rstrip(".")
        sheet.append([i, f"生成项目{i}", "生成的测试数据", money, f"{start}－{end}", units, places])
    book.save(path)


def measure(label: str, action: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    print(f"{label}: median {median:.2f} s, best {best:.2f} s over {repeat} runs")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="database URL (default: a new SQLite file per run)")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        counter = iter(range(10**6))

        def fresh_workspace() -> Workspace:
            if args.db:
                from tests.conftest import reset_postgres

                reset_postgres(args.db)
                return Workspace(args.db)
            return Workspace(f"sqlite:///{folder / f'bench{next(counter)}.sqlite3'}")

        def load_bundled() -> None:
            ws = fresh_workspace()
            ws.init()
            ws.close()

        measure("load all bundled documents into a new database", load_bundled, args.repeat)

        sheet = folder / "generated.xlsx"
        generate_xlsx(sheet, args.rows)
        print(f"generated {sheet.name}: {args.rows} rows, {sheet.stat().st_size:,} bytes")

        def import_sheet() -> None:
            ws = fresh_workspace()
            ws.migrate()
            report = ws.import_file(sheet, PlanInfo(key="generated"))
            assert report.projects == args.rows
            ws.close()

        measure(
            f"import a generated {args.rows}-row xlsx (new database)", import_sheet, args.repeat
        )


if __name__ == "__main__":
    main()
