"""OR-Library multidimensional knapsack (multi-period capital budgeting) through the optimizer.

    python -m benchmarks.mkp FILE [--best FILE] [--time-limit 10] [--workers 2] [--json OUT]
        [--limit N]

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
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks._common import machine_info, machine_line, peak_memory_mb, write_json
from optimizer import Cap, CapKind, ProblemData, Project, SolveParams, solve


@dataclass(frozen=True)
class KnapsackInstance:
    """A multidimensional knapsack: ``weights[t][j]`` is item ``j``'s weight in constraint ``t``.

    ``optimum`` is the value given with the instance (``mknap1``), if any.
    """

    name: str
    profits: tuple[Decimal, ...]
    weights: tuple[tuple[int, ...], ...]
    capacities: tuple[int, ...]
    optimum: Decimal | None = None


def _integer(token: str, where: str) -> int:
    value = Decimal(token)
    if value != value.to_integral_value():
        raise ValueError(f"{where}: {token} is not an integer")
    return int(value)


def _instance_size(tokens: Sequence[str], position: int) -> tuple[int, int, str]:
    """``n m opt`` of the instance starting at ``position``."""
    return int(tokens[position]), int(tokens[position + 1]), tokens[position + 2]


def parse_orlib(path: Path, prefix: str | None = None) -> list[KnapsackInstance]:
    """Read an OR-Library ``mknap1``/``mknapcb`` file: K, then per instance ``n m opt``,
    n profits, m rows of n weights, m capacities. Instances are named ``prefix-index``;
    ``prefix`` is ``m.n`` for ``mknapcb`` files (``5.100-00``, as in ``mkcbres``) and the file's
    stem otherwise (``mknap1-00``). A zero ``opt`` means none is given.
    """
    tokens = path.read_text(encoding="ascii").split()
    count = int(tokens[0])
    position = 1
    instances: list[KnapsackInstance] = []
    for index in range(count):
        n, m, optimum_token = _instance_size(tokens, position)
        position += 3
        default_prefix = f"{m}.{n}" if path.stem.startswith("mknapcb") else path.stem
        name = f"{prefix or default_prefix}-{index:02d}"
        profits = tuple(Decimal(token) for token in tokens[position : position + n])
        position += n
        weights = []
        for row in range(m):
            where = f"{path.name} {name} weight row {row}"
            weights.append(tuple(_integer(t, where) for t in tokens[position : position + n]))
            position += n
        where = f"{path.name} {name} capacities"
        capacities = tuple(_integer(t, where) for t in tokens[position : position + m])
        position += m
        if len(capacities) != m or any(len(row) != n for row in weights) or len(profits) != n:
            raise ValueError(f"{path.name}: instance {name} is cut short")
        optimum = Decimal(optimum_token)
        instances.append(
            KnapsackInstance(name, profits, tuple(weights), capacities, optimum or None)
        )
    if position != len(tokens):
        raise ValueError(f"{path.name}: {len(tokens) - position} numbers after the last instance")
    return instances


def read_best(path: Path) -> dict[str, int]:
    """Best-known values by instance name from ``mkcbres``'s first table (``5.100-00 24381``);
    the LP-relaxation table that follows (values with a decimal point) is not read."""
    best: dict[str, int] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        match = re.fullmatch(r"\s*(\d+\.\d+-\d+)\s+(\d+)\s*", line)
        if match and match.group(1) not in best:
            best[match.group(1)] = int(match.group(2))
    return best


def profit_scale(profits: Sequence[Decimal]) -> int:
    """The smallest power of ten that makes every profit an integer."""
    places = 0
    for profit in profits:
        exponent = profit.as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            places = max(places, -exponent)
    return int(10**places)


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


def run(
    instances: Sequence[KnapsackInstance],
    best: Mapping[str, int],
    time_limit: float,
    workers: int,
) -> Iterator[dict[str, Any]]:
    """Solve each instance and compare it with its reference (best-known, else inline)."""
    for instance in instances:
        row = solve_instance(instance, time_limit, workers)
        reference: Decimal | None = (
            Decimal(best[instance.name]) if instance.name in best else instance.optimum
        )
        row["reference"] = None if reference is None else str(reference)
        row["gap_percent"] = (
            None
            if reference is None or row["value"] is None
            else round(gap_percent(Decimal(row["value"]), reference), 4)
        )
        yield row


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path, help="OR-Library mknapcb*.txt or mknap1.txt")
    parser.add_argument("--best", type=Path, help="mkcbres file of best-known values")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write per-instance results here")
    parser.add_argument("--limit", type=int, help="only the first N instances")
    args = parser.parse_args(argv)
    info = machine_info()
    print(machine_line(info))
    best = read_best(args.best) if args.best else {}
    instances = parse_orlib(args.file)[: args.limit]
    rows = []
    for row in run(instances, best, args.time_limit, args.workers):
        rows.append(row)
        print(
            f"{row['instance']}: {row['value']} (reference {row['reference']}, "
            f"gap {row['gap_percent']}%), {row['status']}, {row['seconds']:.2f} s"
        )
    summary = summarize(rows)
    summary["peak_memory_mb"] = round(peak_memory_mb(), 1)
    print(
        f"{args.file.name}: mean gap {summary['mean_gap_percent']}%, "
        f"max gap {summary['max_gap_percent']}%, "
        f"{summary['matching_or_beating']}/{summary['with_reference']} matching or beating "
        f"the reference ({summary['beating']} beating), {summary['proven_optimal']} proven "
        f"optimal; mean {summary['mean_seconds']} s per instance "
        f"(time limit {args.time_limit} s, {args.workers} workers)"
    )
    write_json(
        args.json,
        {
            "benchmark": "orlib-mkp",
            "file": str(args.file),
            "time_limit": args.time_limit,
            "workers": args.workers,
            "machine": info,
            "summary": summary,
            "instances": rows,
        },
    )


if __name__ == "__main__":
    main()
