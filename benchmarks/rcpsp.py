"""PSPLIB single-mode RCPSP (e.g. set j30) solved by the portfolio optimizer.

    python -m benchmarks.rcpsp DIR --bks CSV [--time-limit 10] [--workers 2] [--json OUT]
        [--limit N]

The adapter maps an instance onto a portfolio, then calls ``optimizer.solve`` like the
product does:

- each job of positive duration is a project that may start in any period of the horizon
  (the sum of all durations), running ``duration`` periods;
- each resource is a county (``regions`` key ``R1``..``R4``) with a cap per period equal to its
  capacity; a job's county weights are its demands and its spend in every running period is the
  sum of its demands, so the largest-remainder apportionment gives each resource exactly its
  demand (``amount * weight / sum`` is then an integer);
- precedences are finish-to-start links; zero-duration jobs (the dummy source and sink) are
  contracted, their predecessors linked to their successors;
- the only objective is ``completion``: the last period in which a job runs, so the makespan is
  ``completion + 1`` (periods count from 0).
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks._common import machine_info, machine_line, peak_memory_mb, write_json
from optimizer import Cap, CapKind, Link, ProblemData, Project, SolveParams, solve


@dataclass(frozen=True)
class RcpspInstance:
    """A single-mode RCPSP instance: jobs numbered from 1, renewable resources in order."""

    name: str
    durations: Mapping[int, int]
    demands: Mapping[int, tuple[int, ...]]
    successors: Mapping[int, tuple[int, ...]]
    capacities: tuple[int, ...]


def _section(lines: Sequence[str], title: str) -> list[list[int]]:
    """The rows of integers below a ``TITLE:`` line, up to the next line of stars."""
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    rows: list[list[int]] = []
    for line in lines[start + 1 :]:
        if line.startswith("*"):
            break
        fields = line.split()
        if fields and all(re.fullmatch(r"-?\d+", field) for field in fields):
            rows.append([int(field) for field in fields])
    return rows


def parse_sm(path: Path) -> RcpspInstance:
    """Read a PSPLIB ``.sm`` file (single mode; more modes are refused)."""
    lines = path.read_text(encoding="ascii").splitlines()
    successors: dict[int, tuple[int, ...]] = {}
    for row in _section(lines, "PRECEDENCE RELATIONS:"):
        job, modes, count = row[0], row[1], row[2]
        if modes != 1:
            raise ValueError(f"{path.name}: job {job} has {modes} modes, only 1 is supported")
        if len(row) != 3 + count:
            raise ValueError(f"{path.name}: job {job} lists {len(row) - 3} of {count} successors")
        successors[job] = tuple(row[3:])
    durations: dict[int, int] = {}
    demands: dict[int, tuple[int, ...]] = {}
    for row in _section(lines, "REQUESTS/DURATIONS:"):
        durations[row[0]] = row[2]
        demands[row[0]] = tuple(row[3:])
    capacity_rows = _section(lines, "RESOURCEAVAILABILITIES:")
    if len(capacity_rows) != 1:
        raise ValueError(f"{path.name}: expected one row of resource availabilities")
    capacities = tuple(capacity_rows[0])
    if set(durations) != set(successors):
        raise ValueError(f"{path.name}: precedence and request tables list different jobs")
    if any(len(demand) != len(capacities) for demand in demands.values()):
        raise ValueError(f"{path.name}: a job's demands do not match the resources")
    return RcpspInstance(path.stem, durations, demands, successors, capacities)


def resource_key(index: int) -> str:
    """The county name standing for resource ``index`` (0-based): ``R1``, ``R2``..."""
    return f"R{index + 1}"


def job_id(job: int) -> str:
    """The project id of job ``job``."""
    return f"job{job:03d}"


def _real_successors(instance: RcpspInstance, job: int) -> set[int]:
    """Successors of ``job`` with positive duration, looking through zero-duration jobs."""
    found: set[int] = set()
    stack = list(instance.successors[job])
    seen: set[int] = set()
    while stack:
        nxt = stack.pop()
        if nxt in seen:
            continue
        seen.add(nxt)
        if instance.durations[nxt] > 0:
            found.add(nxt)
        else:
            stack.extend(instance.successors[nxt])
    return found


def to_problem(instance: RcpspInstance) -> ProblemData:
    """The instance as a portfolio (see the module's docstring for the mapping)."""
    jobs = sorted(job for job, duration in instance.durations.items() if duration > 0)
    horizon_length = max(1, sum(instance.durations[job] for job in jobs))
    projects = []
    for job in jobs:
        duration = instance.durations[job]
        demand = instance.demands[job]
        per_period = sum(demand)
        projects.append(
            Project(
                id=job_id(job),
                total=per_period * duration,
                planned_start=0,
                planned_end=duration - 1,
                profile=(per_period,) * duration,
                regions={resource_key(k): amount for k, amount in enumerate(demand) if amount},
            )
        )
    links = [
        Link(job_id(job), job_id(successor))
        for job in jobs
        for successor in sorted(_real_successors(instance, job))
    ]
    caps = [
        Cap(CapKind.REGION, resource_key(k), period, capacity)
        for k, capacity in enumerate(instance.capacities)
        for period in range(horizon_length)
    ]
    return ProblemData(projects, (0, horizon_length - 1), links=links, caps=caps)


def read_bks(path: Path) -> dict[str, int]:
    """Optimum makespans by instance name from ``instance,lb,ub,opt`` (closed instances)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["instance"]: int(row["opt"]) for row in csv.DictReader(handle) if row["opt"]}


def instance_order(path: Path) -> tuple[int, ...]:
    """Sort key taking the numbers in a file name in order (``j3010_2`` after ``j309_10``)."""
    return tuple(int(number) for number in re.findall(r"\d+", path.stem))


def solve_instance(instance: RcpspInstance, time_limit: float, workers: int) -> dict[str, Any]:
    """Solve one instance through ``optimizer.solve``; its makespan, status and times."""
    data = to_problem(instance)
    params = SolveParams(
        objectives=("completion",), time_limit=time_limit, num_workers=workers, explain=False
    )
    began = time.perf_counter()
    result = solve(data, params)
    seconds = time.perf_counter() - began
    level = result.levels[0] if result.levels else None
    makespan = None if level is None or level.value is None else level.value + 1
    bound = None if level is None or level.bound is None else level.bound + 1
    return {
        "instance": instance.name,
        "status": result.status.value,
        "makespan": makespan,
        "bound": bound,
        "seconds": round(seconds, 3),
        "solver_seconds": round(result.solve_seconds, 3),
    }


def summarize(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts at the optimum, proven optimal, and mean/max wall time."""
    times = [row["seconds"] for row in rows]
    return {
        "instances": len(rows),
        "at_optimum": sum(1 for row in rows if row.get("at_optimum")),
        "proven_optimal": sum(1 for row in rows if row["status"] == "optimal"),
        "mean_seconds": round(statistics.fmean(times), 3) if times else None,
        "max_seconds": round(max(times), 3) if times else None,
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path, help="folder of .sm files")
    parser.add_argument("--bks", type=Path, help="CSV instance,lb,ub,opt of known optima")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write per-instance results here")
    parser.add_argument("--limit", type=int, help="only the first N instances")
    args = parser.parse_args(argv)
    info = machine_info()
    print(machine_line(info))
    optima = read_bks(args.bks) if args.bks else {}
    files = sorted(args.directory.glob("*.sm"), key=instance_order)[: args.limit]
    rows: list[dict[str, Any]] = []
    for path in files:
        row = solve_instance(parse_sm(path), args.time_limit, args.workers)
        row["optimum"] = optima.get(row["instance"])
        row["at_optimum"] = row["optimum"] is not None and row["makespan"] == row["optimum"]
        rows.append(row)
        print(
            f"{row['instance']}: makespan {row['makespan']} (optimum {row['optimum']}), "
            f"{row['status']}, {row['seconds']:.2f} s"
        )
    summary = summarize(rows)
    summary["peak_memory_mb"] = round(peak_memory_mb(), 1)
    print(
        f"{summary['at_optimum']}/{summary['instances']} at the known optimum, "
        f"{summary['proven_optimal']} proven optimal; mean {summary['mean_seconds']} s, "
        f"max {summary['max_seconds']} s per instance "
        f"(time limit {args.time_limit} s, {args.workers} workers)"
    )
    write_json(
        args.json,
        {
            "benchmark": "psplib-rcpsp",
            "directory": str(args.directory),
            "time_limit": args.time_limit,
            "workers": args.workers,
            "machine": info,
            "summary": summary,
            "instances": rows,
        },
    )


if __name__ == "__main__":
    main()
