"""OR-Library multidimensional knapsack (multi-period capital budgeting) through the optimizer,
beside reference solvers on the same instances and limits.

    python -m benchmarks.mkp FILE [--best FILE] [--time-limit 10] [--workers 2] [--json OUT]
        [--limit N] [--reference cpsat highs]

FILE is ``mknapcb*.txt`` (Chu & Beasley; best-known values from ``mkcbres_orlib_full.txt``
via ``--best``) or ``mknap1.txt`` (optima inline). The adapter maps an instance onto a
portfolio and calls ``optimizer.solve`` like the product does:

- an item is a project whose priority is its profit and whose spend in period ``t`` is its
  weight in constraint ``t`` (an explicit profile over periods ``0..m-1``), with no delay
  allowed (``max_delay=0``);
- capacity ``t`` is the total cap of period ``t``;
- the only objective is ``value`` (the sum of the funded projects' priorities); nothing is
  must-fund.

Profits with decimals (one instance of ``mknap1``) are scaled by a power of ten to integers,
exactly (``Decimal``), and the value is scaled back for the report.

``--reference`` names solvers of ``benchmarks.reference_mkp`` (a plain CP-SAT model, HiGHS)
that solve each instance right after the optimizer, with the same time limit and workers;
the command prints a summary table of all of them and writes every row to the JSON.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks._common import machine_info, machine_line, peak_memory_mb, write_json
from benchmarks.mkp_instances import KnapsackInstance, parse_orlib, profit_scale, read_best
from benchmarks.reference_mkp import REFERENCES
from optimizer import Cap, CapKind, ProblemData, Project, SolveParams, solve


def item_id(index: int) -> str:
    """The project id of item ``index`` (0-based)."""
    return f"item{index:03d}"


def to_problem(instance: KnapsackInstance) -> tuple[ProblemData, int]:
    """The instance as a portfolio, and the factor its profits were scaled by."""
    scale = profit_scale(instance.profits)
    periods = len(instance.capacities)
    projects = []
    for j, profit in enumerate(instance.profits):
        profile = tuple(instance.weights[t][j] for t in range(periods))
        projects.append(
            Project(
                id=item_id(j),
                total=sum(profile),
                planned_start=0,
                planned_end=periods - 1,
                profile=profile,
                priority=int(profit * scale),
                max_delay=0,
            )
        )
    caps = [Cap(CapKind.TOTAL, "", t, capacity) for t, capacity in enumerate(instance.capacities)]
    return ProblemData(projects, (0, periods - 1), caps=caps), scale


def solve_instance(instance: KnapsackInstance, time_limit: float, workers: int) -> dict[str, Any]:
    """Solve one instance through ``optimizer.solve``; its value, bound, status and times."""
    data, scale = to_problem(instance)
    params = SolveParams(
        objectives=("value",), time_limit=time_limit, num_workers=workers, explain=False
    )
    began = time.perf_counter()
    result = solve(data, params)
    seconds = time.perf_counter() - began
    level = result.levels[0] if result.levels else None
    value = None if level is None or level.value is None else Decimal(level.value) / scale
    bound = None if level is None or level.bound is None else Decimal(level.bound) / scale
    return {
        "instance": instance.name,
        "status": result.status.value,
        "value": None if value is None else str(value),
        "bound": None if bound is None else str(bound),
        "seconds": round(seconds, 3),
        "solver_seconds": round(result.solve_seconds, 3),
    }


def gap_percent(value: Decimal, best: Decimal) -> float:
    """How far ``value`` falls short of ``best``, in percent (negative when it beats it)."""
    return float((best - value) / best * 100)


def summarize(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Mean and max gap to the reference, instances matching or beating it, mean time."""
    gaps = [row["gap_percent"] for row in rows if row.get("gap_percent") is not None]
    times = [row["seconds"] for row in rows]
    return {
        "instances": len(rows),
        "with_reference": len(gaps),
        "mean_gap_percent": round(statistics.fmean(gaps), 4) if gaps else None,
        "max_gap_percent": round(max(gaps), 4) if gaps else None,
        "matching_or_beating": sum(1 for gap in gaps if gap <= 0),
        "beating": sum(1 for gap in gaps if gap < 0),
        "proven_optimal": sum(1 for row in rows if row["status"] == "optimal"),
        "mean_seconds": round(statistics.fmean(times), 3) if times else None,
        "max_seconds": round(max(times), 3) if times else None,
    }


PRODUCT = "optimizer"
"""The name of the optimizer's rows (``solver``), beside the reference solvers' names."""


def solve_with(
    solver: str, instance: KnapsackInstance, time_limit: float, workers: int
) -> dict[str, Any]:
    """One instance solved by ``solver`` (``PRODUCT`` or a name in ``REFERENCES``)."""
    if solver == PRODUCT:
        return solve_instance(instance, time_limit, workers)
    row = REFERENCES[solver](instance, time_limit, workers)
    row.pop("chosen", None)
    return {"instance": instance.name, **row}


def run(
    instances: Sequence[KnapsackInstance],
    best: Mapping[str, int],
    time_limit: float,
    workers: int,
    references: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    """Solve each instance by the optimizer, then by each reference solver in turn, and
    compare each value with the instance's reference value (best-known, else inline)."""
    for instance in instances:
        reference: Decimal | None = (
            Decimal(best[instance.name]) if instance.name in best else instance.optimum
        )
        for solver in (PRODUCT, *references):
            row = {"solver": solver, **solve_with(solver, instance, time_limit, workers)}
            row["reference"] = None if reference is None else str(reference)
            row["gap_percent"] = (
                None
                if reference is None or row["value"] is None
                else round(gap_percent(Decimal(row["value"]), reference), 4)
            )
            yield row


def summary_table(name: str, summaries: Mapping[str, Mapping[str, Any]]) -> str:
    """A Markdown table with a line per solver: gaps, instances at the reference value,
    proven optima, mean time."""
    lines = [
        "| file | solver | mean gap | max gap | = best-known | proven | mean time |",
        "|---|---|---|---|---|---|---|",
    ]
    for solver, s in summaries.items():
        lines.append(
            f"| {name} | {solver} | {s['mean_gap_percent']}% | {s['max_gap_percent']}% | "
            f"{s['matching_or_beating']}/{s['with_reference']} | "
            f"{s['proven_optimal']}/{s['instances']} | {s['mean_seconds']} s |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("file", type=Path, help="OR-Library mknapcb*.txt or mknap1.txt")
    parser.add_argument("--best", type=Path, help="mkcbres file of best-known values")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write per-instance results here")
    parser.add_argument("--limit", type=int, help="only the first N instances")
    parser.add_argument(
        "--reference",
        nargs="*",
        default=[],
        choices=sorted(REFERENCES),
        help="reference solvers run on each instance after the optimizer",
    )
    args = parser.parse_args(argv)
    info = machine_info()
    print(machine_line(info))
    best = read_best(args.best) if args.best else {}
    instances = parse_orlib(args.file)[: args.limit]
    solvers = [PRODUCT, *args.reference]
    rows = []
    for row in run(instances, best, args.time_limit, args.workers, args.reference):
        rows.append(row)
        print(
            f"{row['instance']} {row['solver']}: {row['value']} (reference {row['reference']}, "
            f"gap {row['gap_percent']}%), {row['status']}, {row['seconds']:.2f} s"
        )
    summaries = {
        solver: summarize([row for row in rows if row["solver"] == solver]) for solver in solvers
    }
    print(
        f"{args.file.name}: time limit {args.time_limit} s, {args.workers} workers, "
        f"peak memory {peak_memory_mb():.1f} MiB"
    )
    print(summary_table(args.file.stem, summaries))
    write_json(
        args.json,
        {
            "benchmark": "orlib-mkp",
            "file": str(args.file),
            "time_limit": args.time_limit,
            "workers": args.workers,
            "machine": info,
            "peak_memory_mb": round(peak_memory_mb(), 1),
            "summary": summaries,
            "instances": rows,
        },
    )


if __name__ == "__main__":
    main()
