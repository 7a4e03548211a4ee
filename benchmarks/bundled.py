"""The bundled real portfolio under several scenarios: status, time, and the greedy baseline.

    python -m benchmarks.bundled [--time-limit 10] [--periods year|quarter|month]
        [--files FILE.toml ...] [--seeds N] [--json OUT]

An infeasible scenario's time includes its explanation (the smallest set of conditions that
cannot hold together), and its line gives the size of that set. ``--files`` solves these
scenario files (``data/scenarios/cut-2023-flexible.toml``…) instead of the seven scenarios
below; ``--seeds N`` solves each scenario with the solver's seeds 0 to N-1.

Target: every scenario proven optimal in at most 2 s (2 workers). Each line shows the
optimizer's objective values beside the greedy baseline's (a planner's priority-list by hand).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks._common import machine_info, machine_line, write_json
from optimizer import SolveParams, greedy, solve
from portfolio.scenarios.build import BuiltScenario
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


def solve_one(built: BuiltScenario, label: str, time_limit: float, seed: int) -> dict[str, Any]:
    """Solve one built scenario with ``seed``; its status, time, objective values and conflict
    beside the greedy baseline's values, printed and returned."""
    params = SolveParams(objectives=built.spec.objectives, time_limit=time_limit, random_seed=seed)
    began = time.perf_counter()
    result = solve(built.data, params)
    seconds = time.perf_counter() - began
    baseline = greedy(built.data, params.objective_order)
    row: dict[str, Any] = {
        "scenario": label,
        "seed": seed,
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
    explained = ""
    if conflict is not None:
        row["conflict"] = {"members": len(conflict.members), "minimal": conflict.minimal}
        explained = f"; conflict of {len(conflict.members)}" + (
            "" if conflict.minimal else " (not proven minimal)"
        )
    elif result.status.value == "infeasible":
        explained = "; no conflict found in time"
    print(
        f"{label} (seed {seed}): {row['status']} in {row['seconds']} s{explained}; optimizer"
        f" {row['objectives']}; greedy {row['greedy'] if baseline else 'found no schedule'}",
        flush=True,
    )
    return row


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument(
        "--periods",
        choices=("year", "quarter", "month"),
        default="year",
        help="plan each scenario in these periods (caps and cuts stay those of whole years)",
    )
    parser.add_argument(
        "--files", type=Path, nargs="+", help="scenario files to solve instead of the seven"
    )
    parser.add_argument("--seeds", type=int, default=1, help="solve with seeds 0 to N-1")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    info = machine_info()
    print(machine_line(info))
    chosen = (
        {path.name: path.read_text(encoding="utf-8") for path in args.files}
        if args.files
        else SCENARIOS
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        workspace.init()
        for label, text in chosen.items():
            if args.periods != "year":
                text = text.replace("\n", f'\nperiods = "{args.periods}"\n', 1)
            with workspace.sessions() as session:
                built = scenarios.prepare(session, text, label)
            for seed in range(args.seeds):
                rows.append(solve_one(built, label, args.time_limit, seed))
        workspace.close()
    write_json(
        args.json,
        {
            "benchmark": "bundled",
            "periods": args.periods,
            "time_limit": args.time_limit,
            "machine": info,
            "rows": rows,
        },
    )


if __name__ == "__main__":
    main()
