"""Loading speed and memory: the bundled plans, generated workbooks and a large CSV file.

    python -m benchmarks.loading [--db URL] [--rows 10000] [--big 100000] [--repeat 3]
                                 [--quick] [--json FILE]

Each import runs in a process of its own, into a database holding the bundled plans (as
``portfolio import`` finds it), and reports wall-clock time, CPU time and the process's
peak resident memory. Beside each generated workbook stands its floor, measured in the
same run: the same file read with python-calamine and its rows inserted with one
``executemany`` into a new SQLite file. ``--quick`` leaves out the large cases (100,000
rows, the 294,800-row CSV file and the 50,000-row workbook). BENCHMARKS.md keeps the figures.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine

from benchmarks._common import machine_info, machine_line, peak_memory_mb, write_json
from portfolio.regions import RegionTable

HEADER = [
    "序号",
    "项目名称",
    "项目内容",
    "总投资（亿元）",
    "起始年限",
    "项目单位",
    "所在县（市、区）",
]
CSV_ROWS = 294_800  # the size of the file that once died on "too many SQL variables"
WORKBOOK_ROWS = 50_000


def project_rows(rows: int, seed: int = 7, *, compact: bool = False) -> list[list[object]]:
    """Rows shaped like the offices' own tables, with realistic variety of cells; ``compact``:
    shorter names, no description, one unit and one county (the large CSV file, to stay
    under the 20 MiB limit)."""
    rng = random.Random(seed)
    table = RegionTable.default()
    # The home province's counties, as an office's table names them (the table holds China).
    home = table.province.name
    counties = [r.name for r in table if r.kind.value == "county" and r.province == home]
    made: list[list[object]] = []
    for i in range(1, rows + 1):
        start = rng.randint(2021, 2025)
        end = start + rng.randint(0, 4)
        if compact:
            unit, county = f"单位{rng.randint(1, 800)}", rng.choice(counties)
            made.append([i, f"项目{i}", "测试", _money(rng), f"{start}-{end}", unit, county])
            continue
        places = "、".join(rng.sample(counties, rng.choice([1, 1, 1, 2, 3])))
        units = "、".join(f"测试单位{rng.randint(1, 800)}号" for _ in range(rng.choice([1, 2])))
        made.append(
            [i, f"生成项目{i}", "生成的测试数据", _money(rng), f"{start}－{end}", units, places]
        )
    return made


def _money(rng: random.Random) -> str:
    """An amount in 亿元 to 0.0001 (one 万元)."""
    return f"{rng.randint(1, 500_000) / 10_000:.4f}".rstrip("0").rstrip(".")


def generate_xlsx(path: Path, rows: int, seed: int = 7) -> None:
    """A workbook of ``rows`` generated projects under the usual header."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("项目")
    sheet.append(HEADER)
    for row in project_rows(rows, seed):
        sheet.append(row)
    book.save(path)


def generate_csv(path: Path, rows: int, seed: int = 7) -> None:
    """A UTF-8 CSV file of ``rows`` compact generated projects."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        writer.writerows(project_rows(rows, seed, compact=True))


@dataclass(frozen=True)
class Measured:
    """One measurement in a process of its own."""

    seconds: float
    cpu_seconds: float
    peak_mb: float
    outcome: str


def _in_child(action: Callable[[], str], queue: Any) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    try:
        outcome = action()
    except Exception as exc:  # the benchmark reports a failure as its outcome
        outcome = f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    queue.put(Measured(time.perf_counter() - start, time.process_time() - cpu, 0.0, outcome))
    queue.put(peak_memory_mb())


def measure_once(action: Callable[[], str]) -> Measured:
    """``action`` in a new process (forked: the parent's imports are shared, its memory is
    not counted twice); its time, CPU time, peak resident memory and outcome."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_in_child, args=(action, queue))
    child.start()
    result: Measured = queue.get()
    peak: float = queue.get()
    child.join()
    return Measured(result.seconds, result.cpu_seconds, peak, result.outcome)


Prepare = Callable[[], Callable[[], str]]


def measure(label: str, prepare: Prepare, repeat: int) -> dict[str, Any]:
    """The median of ``repeat`` runs, each of an action that ``prepare`` makes anew (outside
    the timing: a new database), printed and returned."""
    runs = [measure_once(prepare()) for _ in range(repeat)]
    seconds = statistics.median(r.seconds for r in runs)
    figures = {
        "label": label,
        "seconds": round(seconds, 3),
        "best_seconds": round(min(r.seconds for r in runs), 3),
        "cpu_seconds": round(statistics.median(r.cpu_seconds for r in runs), 3),
        "peak_mb": round(max(r.peak_mb for r in runs), 1),
        "outcome": runs[-1].outcome,
        "runs": repeat,
    }
    print(
        f"{label}: median {seconds:.2f} s (best {figures['best_seconds']:.2f} s, "
        f"CPU {figures['cpu_seconds']:.2f} s) over {repeat} runs, peak "
        f"{figures['peak_mb']:.0f} MiB; {figures['outcome']}",
        flush=True,
    )
    return figures


def floor(path: Path, folder: Path) -> Prepare:
    """Read ``path`` with python-calamine and insert its rows with one executemany."""

    def action() -> str:
        sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.to_python()
        target = folder / f"floor{time.monotonic_ns()}.sqlite3"
        with sqlite3.connect(target) as connection:
            connection.execute("CREATE TABLE r (a, b, c, d, e, f, g)")
            connection.executemany("INSERT INTO r VALUES (?, ?, ?, ?, ?, ?, ?)", rows[1:])
        connection.close()
        return f"{len(rows) - 1} rows"

    return lambda: action


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="PostgreSQL URL (default: a new SQLite file per run)")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="leave out the large cases")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    info = machine_info()
    print(machine_line(info), flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench = _Bench(folder, args.db)
        results = [measure("load all bundled documents into a new database", bench.load_bundled, 3)]
        cases = [(args.rows, args.repeat)]
        if not args.quick:
            cases.append((args.big, 1))
        for rows, repeat in cases:
            sheet = folder / f"generated{rows}.xlsx"
            generate_xlsx(sheet, rows)
            print(f"{sheet.name}: {rows:,} rows, {sheet.stat().st_size:,} bytes", flush=True)
            results.append(measure(f"floor, {rows:,}-row xlsx", floor(sheet, folder), repeat))
            results.append(measure(f"import {rows:,}-row xlsx", bench.importer(sheet), repeat))
        if not args.quick:
            table = folder / "generated.csv"
            generate_csv(table, CSV_ROWS)
            print(f"{table.name}: {CSV_ROWS:,} rows, {table.stat().st_size:,} bytes", flush=True)
            results.append(measure(f"import {CSV_ROWS:,}-row csv", bench.importer(table), 1))
            sheet = folder / f"generated{WORKBOOK_ROWS}.xlsx"
            generate_xlsx(sheet, WORKBOOK_ROWS)
            label = f"import {WORKBOOK_ROWS:,}-row xlsx"
            results.append(measure(label, bench.importer(sheet), 1))
    write_json(args.json, {"machine": info, "results": results, "parent_mb": peak_memory_mb()})


class _Bench:
    """Fresh databases for each run: SQLite files in ``folder``, or the PostgreSQL ``db``
    emptied; each import's database already holds the bundled plans."""

    def __init__(self, folder: Path, db: str | None) -> None:
        self.folder, self.db = folder, db

    def fresh(self) -> str:
        if self.db:
            from tests.conftest import reset_postgres

            reset_postgres(self.db)
            return self.db
        return f"sqlite:///{self.folder / f'bench{time.monotonic_ns()}.sqlite3'}"

    def load_bundled(self) -> Callable[[], str]:
        """Load the bundled plans into a new database."""
        from portfolio.services.workspace import Workspace

        url = self.fresh()

        def action() -> str:
            workspace = Workspace(url)
            reports = workspace.init()
            workspace.close()
            return f"{len(reports)} plans"

        return action

    def importer(self, path: Path) -> Prepare:
        """Import ``path`` into a database holding the bundled plans, made before the clock
        starts."""
        from portfolio.services.workspace import PlanInfo, Workspace

        def prepare() -> Callable[[], str]:
            url = self.fresh()
            ready = Workspace(url)
            ready.init()
            ready.close()

            def action() -> str:
                workspace = Workspace(url)
                report = workspace.import_file(path, PlanInfo(key="generated"))
                workspace.close()
                return f"{report.projects:,} projects, {report.findings:,} findings"

            return action

        return prepare


if __name__ == "__main__":
    main()
