"""The bundled real portfolio under several scenarios: status, time, and the greedy baseline.

    python -m benchmarks.bundled [--time-limit 10] [--periods year|quarter|month] [--json OUT]

An infeasible scenario's time includes its explanation (the smallest set of conditions that
cannot hold together), and its line gives the size of that set.

Target: every scenario proven optimal in at most 2 s (2 workers). Each line shows the
optimizer's objective values beside the greedy baseline's (a planner's priority-list by hand).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from optimizer import SolveParams, greedy, solve
from portfolio.services import scenarios
from portfolio.services.workspace import Workspace

SCENARIOS = {
    "plan as is": 'name = "a"\nas_of = 2021\n',
    "2023 cut by 20%": 'name = "b"\nas_of = 2021\n[cuts]\n2023 = "20%"\n',
    "2023 and 2024 cut by 30%": 'name = "c"\nas_of = 2021\n[cuts]\n2023 = "30%"\n2024 = "30%"\n',
    "every year at 85%, as of 2023": (
        'name = "d"\nas_of = 2023\n[cuts]\n2023 = "15%"\n2024 = "15%"\n2025 = "15%"\n2026 = "15%"\n'
    ),
    "capital budgeting at 70% (value, delay)": (
        'name = "e"\nas_of = 2021\nobjectives = ["value", "delay", "level"]\n'
        '[cuts]\n2021 = "30%"\n2022 = "30%"\n2023 = "30%"\n2024 = "30%"\n2025 = "30%"\n'
    ),
    "晋江 at half, 10 at once": (
        'name = "f"\nas_of = 2021\n[caps.county."晋江市"]\n2022 = "50%"\n2023 = "50%"\n'
        '[limits.county_concurrency]\n"晋江市" = 10\n'
    ),
    "completion first": 'name = "g"\nas_of = 2021\nobjectives = ["completion", "delay"]\n'
    '[cuts]\n2022 = "25%"\n',
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument(
        "--periods",
        choices=("year", "quarter", "month"),
        default="year",
        help="plan each scenario in these periods (caps and cuts stay those of whole years)",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        workspace.init()
        for label, text in SCENARIOS.items():
            if args.periods != "year":
                text = text.replace("\n", f'\nperiods = "{args.periods}"\n', 1)
            with workspace.sessions() as session:
                built = scenarios.prepare(session, text, label)
            params = SolveParams(objectives=built.spec.objectives, time_limit=args.time_limit)
            began = time.perf_counter()
            result = solve(built.data, params)
            seconds = time.perf_counter() - began
            baseline = greedy(built.data, params.objective_order)
            row = {
                "scenario": label,
                "projects": len(built.data.projects),
                "status": result.status.value,
                "seconds": round(seconds, 3),
                "objectives": {lv.name: lv.value for lv in result.levels},
                "greedy": None
                if baseline is None
                else dict(
                    zip(
                        [o.value for o in params.objective_order],
                        baseline.objective_values(),
                        strict=True,
                    )
                ),
            }
            conflict = result.infeasibility
            if conflict is not None:
                row["conflict"] = {"members": len(conflict.members), "minimal": conflict.minimal}
            rows.append(row)
            explained = ""
            if conflict is not None:
                explained = f"; conflict of {len(conflict.members)}" + (
                    "" if conflict.minimal else " (not proven minimal)"
                )
            elif result.status.value == "infeasible":
                explained = "; no conflict found in time"
            print(
                f"{label}: {row['status']} in {row['seconds']} s{explained}; optimizer"
                f" {row['objectives']}; greedy {row['greedy'] if baseline else 'found no schedule'}"
            )
        workspace.close()
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
