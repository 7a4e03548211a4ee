"""Delay-risk simulation: samples per second, fixed and re-planned, on 1 and 2 local workers.

    python -m benchmarks.risk [--samples 1000] [--workers 1 2] [--synthetic 5000]
        [--synthetic-samples 100] [--sample-seconds 2] [--chunk 10] [--broker URL] [--json OUT]

1. The bundled portfolio with 2023's total capped at 60亿 (as of 2021; the stated
   assumptions: 20% chance of a year's delay, 10% of a 10% overrun, per project):
   - ``fixed``: the stored plan measured under ``--samples`` futures, in this process;
   - ``replan``: the same futures each re-planned under the caps by the optimizer (the
     scenario's objectives, one solver thread, ``--sample-seconds`` at most), fanned out in
     chunks of ``--chunk`` to 1 and 2 local worker processes (started before the clock).
2. The per-task overhead that sets the limit of fanning out: the bytes of a chunk's message
   (the problem as plain values), and the round trip of an empty chunk (sent, parsed once
   per worker process, answered), on the local workers and, with ``--broker``, through a
   Celery worker the caller started (``portfolio worker --broker URL``).
3. The seeded province-scale portfolio (``benchmarks.synthetic``, ``--synthetic`` projects):
   its plan solved once (``value`` then ``delay``), then ``--synthetic-samples`` futures
   re-planned on 2 workers.

Goals (the delay-risk issue): 1,000 samples ≤ 60 s on 2 cores, near-linear speed-up with
workers.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks._common import machine_info, machine_line
from benchmarks.synthetic import generate
from optimizer import Objective, SolveParams, solve
from portfolio.scenarios.risk_replan import ReplanSetup, setup_to_dict
from portfolio.scenarios.risk_spec import ASSUMED
from portfolio.services.executors import (
    CeleryExecutor,
    LocalExecutor,
    TaskExecutor,
    TaskHandle,
)
from portfolio.services.risk_worker import RISK_TASK, chunk_payload, setup_key
from portfolio.services.risks import Risks, replanned_samples
from portfolio.services.runs import Runs
from portfolio.services.workspace import Workspace

SCENARIO = (
    'name = "2023总额风险"\nas_of = 2021\ntime_limit = 10\n[caps.total]\n2023 = "60亿"\n'
    "[risk]\nseed = 1\ntime_limit = {seconds}\n"
)
ROUND_TRIPS = 20
ANSWER_SECONDS = 60.0


def bundled(
    workspace: Workspace, samples: int, workers: Sequence[int], seconds: float, chunk: int
) -> dict[str, Any]:
    """The bundled portfolio: fixed in-process, then re-planned on each worker count."""
    text = SCENARIO.format(seconds=seconds)
    lines: list[dict[str, Any]] = []
    runs = Runs(workspace, LocalExecutor(workspace.url, 1))
    risks = Risks(runs)
    risks.plan(text)  # solved and stored before any clock
    started = time.perf_counter()
    fixed = risks.simulate(text, samples=samples, mode="fixed").figures
    lines.append(
        {
            "mode": "fixed",
            "workers": 0,
            "samples": fixed.measured,
            "infeasible": fixed.infeasible,
            "wall_seconds": round(time.perf_counter() - started, 2),
        }
    )
    runs.shutdown()
    for count in workers:
        cpu_before = _children_cpu()
        runs = Runs(workspace, LocalExecutor(workspace.url, count, task_workers=count))
        risks = Risks(runs)
        risks.simulate(text, samples=count, mode="replan", chunk=1)  # the pool started
        started = time.perf_counter()
        report = risks.simulate(text, samples=samples, mode="replan", chunk=chunk)
        wall = time.perf_counter() - started
        runs.shutdown()
        cpu = _children_cpu() - cpu_before
        lines.append(
            {
                "mode": "replan",
                "workers": count,
                "samples": report.figures.measured,
                "infeasible": report.figures.infeasible,
                "wall_seconds": round(wall, 2),
                "seconds_per_sample_per_worker": round(wall * count / samples, 3),
                # The workers' CPU, their start-up and the warm-up samples included.
                "worker_cpu_seconds": round(cpu, 1),
                "worker_cpu_per_sample": round(cpu / samples, 3),
                "p90_2023_wan": next(b.p90 for b in report.figures.total if b.year == 2023),
            }
        )
        print(_line(lines[-1]))
    print(_line(lines[0]))
    return {"scenario": text, "lines": lines}


def _children_cpu() -> float:
    """CPU seconds of this process's ended child processes (the pools', once shut down)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _line(line: dict[str, Any]) -> str:
    who = "in this process" if line["workers"] == 0 else f"{line['workers']} worker(s)"
    cpu = f"; workers' CPU {line['worker_cpu_seconds']} s" if "worker_cpu_seconds" in line else ""
    return (
        f"{line['mode']}, {who}: {line['samples']} samples ({line['infeasible']} infeasible) "
        f"in {line['wall_seconds']} s{cpu}"
    )


def overhead(tasks: TaskExecutor, setup: ReplanSetup, label: str) -> dict[str, Any]:
    """The message's size and the mean round trip of an empty chunk on ``tasks``."""
    raw = setup_to_dict(setup)
    key = setup_key(raw)
    payload = chunk_payload(key, raw, [])
    size = len(json.dumps(payload, ensure_ascii=False).encode())
    for _ in range(4):  # every worker process has parsed the setup once
        _answered(tasks.fan_out(RISK_TASK, payload, 60), label)
    trips = []
    for _ in range(ROUND_TRIPS):
        started = time.perf_counter()
        _answered(tasks.fan_out(RISK_TASK, payload, 60), label)
        trips.append(time.perf_counter() - started)
    line = {
        "executor": label,
        "projects": len(setup.data.projects),
        "message_bytes": size,
        "round_trip_ms": round(1000 * statistics.mean(trips), 1),
        "round_trip_max_ms": round(1000 * max(trips), 1),
    }
    print(
        f"{label}: {line['projects']} projects, a chunk's message {size:,} bytes, empty "
        f"round trip {line['round_trip_ms']} ms (max {line['round_trip_max_ms']} ms)"
    )
    return line


def _answered(handle: TaskHandle, label: str) -> None:
    deadline = time.monotonic() + ANSWER_SECONDS
    while not handle.done():
        if time.monotonic() > deadline:
            raise SystemExit(f"{label}: no worker answered in {ANSWER_SECONDS:.0f} s")
        time.sleep(0.0005)
    handle.result()


def bundled_setup(workspace: Workspace, seconds: float) -> ReplanSetup:
    built = workspace.check_scenario(SCENARIO.format(seconds=seconds), "risk")
    return ReplanSetup(built.data, {p.id: ASSUMED for p in built.data.projects}, {})


def synthetic(projects: int, samples: int, seconds: float, chunk: int) -> dict[str, Any]:
    """The province-scale portfolio: its plan, then its samples on 2 workers."""
    data = generate(projects, 1)
    objectives = (Objective.VALUE, Objective.DELAY)
    started = time.perf_counter()
    plan = solve(data, SolveParams(objectives=objectives, time_limit=60, explain=False))
    plan_seconds = time.perf_counter() - started
    delays = {pid: s.delay + s.stretch for pid, s in plan.schedules.items() if s.funded}
    setup = ReplanSetup(
        data,
        {p.id: ASSUMED for p in data.projects},
        delays,
        objectives=objectives,
        time_limit=seconds,
        seed=1,
    )
    executor = LocalExecutor("sqlite://", 2, task_workers=2)
    try:
        replanned_samples(executor, setup, 2, 1, None, None)  # the pool started
        started = time.perf_counter()
        done = replanned_samples(executor, setup, samples, chunk, None, None)
        wall = time.perf_counter() - started
    finally:
        executor.shutdown()
    line = {
        "projects": projects,
        "plan_status": plan.status.value,
        "plan_seconds": round(plan_seconds, 2),
        "samples": len(done),
        "infeasible": sum(s.infeasible for s in done),
        "sample_seconds_limit": seconds,
        "wall_seconds": round(wall, 2),
        "seconds_per_sample_per_worker": round(2 * wall / max(samples, 1), 2),
    }
    print(
        f"synthetic {projects} projects: plan {line['plan_status']} in {line['plan_seconds']} s; "
        f"{len(done)} samples re-planned on 2 workers in {line['wall_seconds']} s "
        f"({line['infeasible']} infeasible)"
    )
    return line


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sample-seconds", type=float, default=2.0)
    parser.add_argument("--chunk", type=int, default=10)
    parser.add_argument("--synthetic", type=int, default=5000, help="0: leave it out")
    parser.add_argument("--synthetic-samples", type=int, default=100)
    parser.add_argument("--synthetic-seconds", type=float, default=10.0)
    parser.add_argument("--broker", help="Also measure the overhead through Celery.")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    info = machine_info()
    print(machine_line(info))
    out: dict[str, Any] = {"machine": info, "chunk": args.chunk}
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(f"sqlite:///{folder}/risk.sqlite3")
        workspace.init()
        out["bundled"] = bundled(
            workspace, args.samples, args.workers, args.sample_seconds, args.chunk
        )
        setup = bundled_setup(workspace, args.sample_seconds)
        local = LocalExecutor(workspace.url, 2, task_workers=2)
        try:
            out["overhead"] = [overhead(local, setup, "local workers")]
        finally:
            local.shutdown()
        if args.broker:
            celery = CeleryExecutor(args.broker)
            try:
                out["overhead"].append(overhead(celery, setup, "Celery"))
            finally:
                celery.shutdown()
        workspace.close()
    if args.synthetic:
        out["synthetic"] = synthetic(
            args.synthetic, args.synthetic_samples, args.synthetic_seconds, args.chunk
        )
    if args.json is not None:
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
