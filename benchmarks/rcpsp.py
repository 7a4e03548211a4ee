"""PSPLIB single-mode RCPSP (e.g. set j30) solved by the portfolio optimizer.

    python -m benchmarks.rcpsp DIR --bks CSV [--time-limit 10] [--workers 2] [--json OUT]
        [--limit N] [--sets j609 j6025 ...] [--reference cpsat]

``--sets`` keeps the instances of the named parameter sets (the part of a file name before
``_``); ``--limit N`` then keeps the first N of each set (of the whole folder without
``--sets``). ``--reference cpsat`` solves every instance a second time, right after the
product, with the plain CP-SAT model of ``benchmarks.rcpsp_cpsat`` under the same limits.
The bounds file gives ``lb`` and ``ub`` (equal where the optimum is known): each makespan's
gap is reported to both. Every schedule, the product's and the reference's, is re-checked
against the instance itself (precedences, resources per period, makespan) by
``check_schedule``; the product's has passed ``optimizer.validate`` as well.

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
from benchmarks.rcpsp_cpsat import solve_reference
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


@dataclass(frozen=True)
class KnownBounds:
    """Best-known bounds of an instance's makespan (``lb == ub``: the optimum)."""

    lb: int
    ub: int


def read_bounds(path: Path) -> dict[str, KnownBounds]:
    """Best-known lower and upper bounds by instance name from ``instance,lb,ub,opt``."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["instance"]: KnownBounds(int(row["lb"]), int(row["ub"]))
            for row in csv.DictReader(handle)
        }


def instance_order(path: Path) -> tuple[int, ...]:
    """Sort key taking the numbers in a file name in order (``j3010_2`` after ``j309_10``)."""
    return tuple(int(number) for number in re.findall(r"\d+", path.stem))


def instance_set(path: Path) -> str:
    """The parameter set of an instance file: its name up to ``_`` (``j6025`` of ``j6025_3``)."""
    return path.stem.partition("_")[0]


def select_files(
    directory: Path, sets: Sequence[str] | None = None, limit: int | None = None
) -> list[Path]:
    """The ``.sm`` files of ``directory`` in natural order: those of ``sets`` (all without),
    the first ``limit`` of each named set (of the whole folder without ``sets``)."""
    files = sorted(directory.glob("*.sm"), key=instance_order)
    if not sets:
        return files[:limit]
    chosen: list[Path] = []
    for name in sets:
        members = [path for path in files if instance_set(path) == name]
        if not members:
            raise ValueError(f"no instance of set {name} in {directory}")
        chosen.extend(members[:limit])
    return chosen


def check_schedule(instance: RcpspInstance, starts: Mapping[int, int]) -> list[str]:
    """What is wrong with ``starts`` (jobs of positive duration) as a schedule of
    ``instance``: a job without a start, a broken precedence (seen through zero-duration
    jobs), a resource over its capacity in some period. Empty when it is a schedule."""
    jobs = [job for job, duration in instance.durations.items() if duration > 0]
    problems = [f"job {job} has no start" for job in jobs if job not in starts]
    if problems:
        return problems
    for job in jobs:
        finish = starts[job] + instance.durations[job]
        for successor in sorted(_real_successors(instance, job)):
            if starts[successor] < finish:
                problems.append(f"job {successor} starts before job {job} finishes")
    usage: dict[tuple[int, int], int] = {}
    for job in jobs:
        for period in range(starts[job], starts[job] + instance.durations[job]):
            for k, demand in enumerate(instance.demands[job]):
                usage[(k, period)] = usage.get((k, period), 0) + demand
    for (k, period), used in sorted(usage.items()):
        if used > instance.capacities[k]:
            problems.append(
                f"resource {resource_key(k)} uses {used} > {instance.capacities[k]} at {period}"
            )
    return problems


def schedule_makespan(instance: RcpspInstance, starts: Mapping[int, int]) -> int:
    """The makespan of ``starts``: the latest finish of a job."""
    return max((start + instance.durations[job] for job, start in starts.items()), default=0)


def _checked(instance: RcpspInstance, row: dict[str, Any], starts: Mapping[int, int]) -> None:
    """Re-check a solver's schedule against the instance; raise when it is not one, or when
    its makespan is not the one the solver reported."""
    if row["makespan"] is None:
        return
    real = {job: start for job, start in starts.items() if instance.durations[job] > 0}
    problems = check_schedule(instance, real)
    if not problems and schedule_makespan(instance, real) != row["makespan"]:
        problems.append(f"makespan {schedule_makespan(instance, real)}, not {row['makespan']}")
    if problems:
        raise AssertionError(f"{instance.name}: {'; '.join(problems[:5])}")


def solve_instance(instance: RcpspInstance, time_limit: float, workers: int) -> dict[str, Any]:
    """Solve one instance through ``optimizer.solve``; its makespan, status and times. The
    schedule is re-checked against the instance (``check_schedule``)."""
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
    row = {
        "instance": instance.name,
        "status": result.status.value,
        "makespan": makespan,
        "bound": bound,
        "seconds": round(seconds, 3),
        "solver_seconds": round(result.solve_seconds, 3),
    }
    starts = {
        int(project_id.removeprefix("job")): schedule.start
        for project_id, schedule in result.schedules.items()
        if schedule.start is not None
    }
    _checked(instance, row, starts)
    return row


def solve_reference_checked(
    instance: RcpspInstance, time_limit: float, workers: int
) -> dict[str, Any]:
    """The plain CP-SAT model's row for ``instance`` (``benchmarks.rcpsp_cpsat``), its
    schedule re-checked against the instance."""
    row, starts = solve_reference(instance, time_limit, workers)
    _checked(instance, row, starts)
    return row


def gap_percent(makespan: int | None, reference: int | None) -> float | None:
    """``(makespan - reference) / reference`` in percent (``None`` when either is missing)."""
    if makespan is None or not reference:
        return None
    return round(100 * (makespan - reference) / reference, 3)


def add_gaps(row: dict[str, Any], known: KnownBounds | None) -> None:
    """Put the best-known bounds and the gaps to them in ``row``."""
    row["lb"] = None if known is None else known.lb
    row["ub"] = None if known is None else known.ub
    row["optimum"] = None if known is None or known.lb != known.ub else known.ub
    row["at_optimum"] = row["optimum"] is not None and row["makespan"] == row["optimum"]
    row["at_ub"] = (
        row["ub"] is not None and row["makespan"] is not None and (row["makespan"] <= row["ub"])
    )
    row["gap_ub_percent"] = gap_percent(row["makespan"], row["ub"])
    row["gap_lb_percent"] = gap_percent(row["makespan"], row["lb"])


def summarize(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts at the optimum and at the best-known upper bound, proven optimal, mean gaps
    to the bounds (where known), and mean/max wall time."""
    times = [row["seconds"] for row in rows]
    gaps_ub = [row["gap_ub_percent"] for row in rows if row.get("gap_ub_percent") is not None]
    gaps_lb = [row["gap_lb_percent"] for row in rows if row.get("gap_lb_percent") is not None]
    return {
        "instances": len(rows),
        "at_optimum": sum(1 for row in rows if row.get("at_optimum")),
        "at_ub": sum(1 for row in rows if row.get("at_ub")),
        "proven_optimal": sum(1 for row in rows if row["status"] == "optimal"),
        "mean_gap_ub_percent": round(statistics.fmean(gaps_ub), 3) if gaps_ub else None,
        "max_gap_ub_percent": max(gaps_ub) if gaps_ub else None,
        "mean_gap_lb_percent": round(statistics.fmean(gaps_lb), 3) if gaps_lb else None,
        "mean_seconds": round(statistics.fmean(times), 3) if times else None,
        "max_seconds": round(max(times), 3) if times else None,
    }


def _gap_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}%"


def summary_line(label: str, summary: Mapping[str, Any]) -> str:
    """One line of a summary: at the bounds, proven, mean gaps and times."""
    return (
        f"{label}: {summary['at_optimum']}/{summary['instances']} at the known optimum, "
        f"{summary['at_ub']} at the best-known upper bound, "
        f"{summary['proven_optimal']} proven optimal; mean gap to ub "
        f"{_gap_text(summary['mean_gap_ub_percent'])} (max "
        f"{_gap_text(summary['max_gap_ub_percent'])}), to lb "
        f"{_gap_text(summary['mean_gap_lb_percent'])}; mean {summary['mean_seconds']} s, "
        f"max {summary['max_seconds']} s per instance"
    )


def table(rows: Sequence[Mapping[str, Any]], references: Sequence[Mapping[str, Any]]) -> str:
    """A plain-text table, one line per instance: bounds, then the product's makespan and
    gap to ub, then the reference's when there is one."""
    by_name = {row["instance"]: row for row in references}
    lines = [
        f"{'instance':<10} {'lb':>4} {'ub':>4} | {'product':>7} {'gap ub':>7} {'status':<9}"
        + (f" | {'cp-sat':>7} {'gap ub':>7} {'status':<9}" if references else "")
    ]
    for row in rows:
        line = (
            f"{row['instance']:<10} {row['lb'] or '-':>4} {row['ub'] or '-':>4} | "
            f"{row['makespan'] or '-':>7} {_gap_text(row['gap_ub_percent']):>7} "
            f"{row['status']:<9}"
        )
        other = by_name.get(row["instance"])
        if other is not None:
            line += (
                f" | {other['makespan'] or '-':>7} {_gap_text(other['gap_ub_percent']):>7} "
                f"{other['status']:<9}"
            )
        lines.append(line)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path, help="folder of .sm files")
    parser.add_argument("--bks", type=Path, help="CSV instance,lb,ub,opt of best-known bounds")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write per-instance results here")
    parser.add_argument("--limit", type=int, help="only the first N instances (of each set)")
    parser.add_argument("--sets", nargs="+", help="only these parameter sets (j609 j6025 ...)")
    parser.add_argument(
        "--reference", choices=["cpsat"], help="also solve each instance with a plain model"
    )
    args = parser.parse_args(argv)
    info = machine_info()
    print(machine_line(info))
    bounds = read_bounds(args.bks) if args.bks else {}
    rows: list[dict[str, Any]] = []
    references: list[dict[str, Any]] = []
    for path in select_files(args.directory, args.sets, args.limit):
        instance = parse_sm(path)
        row = solve_instance(instance, args.time_limit, args.workers)
        add_gaps(row, bounds.get(row["instance"]))
        rows.append(row)
        message = (
            f"{row['instance']}: makespan {row['makespan']} (lb {row['lb']}, ub {row['ub']}), "
            f"{row['status']}, {row['seconds']:.2f} s"
        )
        if args.reference:
            other = solve_reference_checked(instance, args.time_limit, args.workers)
            add_gaps(other, bounds.get(other["instance"]))
            references.append(other)
            message += f"; cp-sat {other['makespan']}, {other['status']}"
        print(message, flush=True)
    summary = summarize(rows)
    summary["peak_memory_mb"] = round(peak_memory_mb(), 1)
    print(table(rows, references))
    print(summary_line("product", summary))
    reference_summary = summarize(references) if references else None
    if reference_summary is not None:
        print(summary_line("plain CP-SAT", reference_summary))
    print(f"(time limit {args.time_limit} s, {args.workers} workers)")
    write_json(
        args.json,
        {
            "benchmark": "psplib-rcpsp",
            "directory": str(args.directory),
            "sets": args.sets,
            "limit": args.limit,
            "time_limit": args.time_limit,
            "workers": args.workers,
            "machine": info,
            "summary": summary,
            "instances": rows,
            "reference": None
            if reference_summary is None
            else {"model": args.reference, "summary": reference_summary, "instances": references},
        },
    )


if __name__ == "__main__":
    main()
