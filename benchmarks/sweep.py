"""A budget sweep of the bundled portfolio on local worker processes: time and speed-up.

    python -m benchmarks.sweep [--points 21] [--workers 1 2] [--json OUT]

The bundled portfolio with 2023's total cap swept from 20亿 by 5亿 (21 points: 20亿-120亿),
each point a run of its own (checked, stored, solved with its explanations, by the same
workers as any run). For each worker count: the wall time from the first point asked for to
the last one ended, the sum of the points' own run times (claim to end, in the workers; of which the
lexicographic solve, the rest being the explanations and storing), and
the overhead per point: what the wall time holds beyond the work, spread over the points.
Goal (issue 17): 21 points in at most 10 s on 2 cores, near-linear speed-up.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks._common import machine_info, machine_line
from portfolio.scenarios.sweep import parse_knob, sweep_values
from portfolio.services.executors import LocalExecutor
from portfolio.services.runs import JobState, Runs
from portfolio.services.sweeps import Sweeps
from portfolio.services.workspace import Workspace

SCENARIO = 'name = "2023总额扫描"\nas_of = 2021\ntime_limit = 10\n[caps.total]\n2023 = "60亿"\n'


def measure(workspace: Workspace, workers: int, points: int) -> dict[str, Any]:
    """One sweep of ``points`` points on ``workers`` local worker processes."""
    runs = Runs(workspace, LocalExecutor(workspace.url, workers))
    sweeps = Sweeps(runs)
    # The pool's processes start (and import the code) before the clock does.
    warm = sweeps.submit(SCENARIO, [parse_knob("total:2023")], sweep_values("60亿", "60亿", "1亿"))
    sweeps.wait(warm)
    last = f"{20 + 5 * (points - 1)}亿"
    started = time.perf_counter()
    sweep_id = sweeps.submit(
        SCENARIO, [parse_knob("total:2023")], sweep_values("20亿", last, "5亿")
    )
    done = sweeps.wait(sweep_id)
    wall = time.perf_counter() - started
    runs.shutdown()
    work = sum(p.job.elapsed_seconds for p in done)
    solving = sum(p.result.solve_seconds for p in done if p.result is not None)
    return {
        "workers": workers,
        "points": len(done),
        "done": sum(p.job.state is JobState.DONE for p in done),
        "optimal": sum(p.status == "optimal" for p in done),
        "wall_seconds": round(wall, 2),
        "work_seconds": round(work, 2),
        "solve_seconds": round(solving, 2),
        "overhead_per_point_seconds": round((wall * workers - work) / len(done), 3),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=21)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    info = machine_info()
    print(machine_line(info))
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(f"sqlite:///{folder}/sweep.sqlite3")
        workspace.init()
        for workers in args.workers:
            line = measure(workspace, workers, args.points)
            lines.append(line)
            print(
                f"{line['workers']} worker(s): {line['points']} points "
                f"({line['optimal']} optimal) in {line['wall_seconds']} s; work "
                f"{line['work_seconds']} s (solver {line['solve_seconds']} s); "
                f"overhead {line['overhead_per_point_seconds']} s/point"
            )
        workspace.close()
    base = lines[0]["wall_seconds"]
    for line in lines[1:]:
        print(f"speed-up with {line['workers']} workers: {base / line['wall_seconds']:.2f}")
    if args.json is not None:
        args.json.write_text(json.dumps({"machine": info, "sweeps": lines}, indent=1))


if __name__ == "__main__":
    main()
