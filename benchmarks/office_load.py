"""The office server under load: simulated users reading while scenario runs solve.

    python -m benchmarks.office_load                 # 50 users, 2 minutes, 10 runs, 2 workers
    python -m benchmarks.office_load --users 10 --seconds 30 --runs 2   # a quick look

Needs PostgreSQL and Redis on loopback and the ``bench`` extra (locust, psutil).

On loopback only, against a fresh PostgreSQL database (``--db``, dropped and made again) and
Redis (``--broker``, its database flushed), the script

1. loads the bundled portfolio and adds one admin and ``--users`` accounts;
2. starts ``--workers`` Celery workers (``portfolio worker``, one solve each) and the office
   server (``portfolio serve --office``: waitress, sign-in, CSRF);
3. runs locust headless (``benchmarks/office_locust.py``) for ``--seconds``: users arrive
   ``--arrivals`` a second (two by default: an office signing in at nine), each signs in,
   then opens pages, filters 项目库, opens 甘特图 and downloads the workbook;
4. ten seconds in, queues ``--runs`` scenario runs through the broker as the 情景 page
   does (the same service), a mix of the bundled cut of 2023 in quarters and with flexible
   profiles, each under its own name;
5. samples the resident memory of the web server and of the workers (with their pool
   processes) every second;
6. waits for every run to end and prints, as Markdown: latency per request kind (p50, p95,
   max, count, failures), the runs (state, queue wait, solve time), memory, and every ten
   seconds the requests per second and the latency of that window.

Requests to the server are bounded by the users' pauses (one to three seconds between steps).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any

import psycopg
import redis
from sqlalchemy import make_url

from benchmarks._common import machine_info, machine_line, write_json
from portfolio.access import Actor, Role
from portfolio.paths import data_dir
from portfolio.services.executors import CeleryExecutor
from portfolio.services.runs import Runs
from portfolio.services.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-password-不公开"
SCENARIOS = ("cut-2023-quarterly.toml", "cut-2023-flexible.toml")


def _command(*args: str) -> list[str]:
    """``portfolio ARGS`` as this checkout's code runs it."""
    return [sys.executable, "-m", "commands", *args]


def _run(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        _command(*args), cwd=ROOT, input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"portfolio {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def fresh_database(url: str) -> None:
    """Drop and create the benchmark's PostgreSQL database."""
    parsed = make_url(url)
    name = parsed.database
    admin = parsed.set(drivername="postgresql", database="postgres")
    conninfo = admin.render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(db: str, users: int) -> None:
    """The bundled portfolio, an administrator and the simulated users (two planners to
    one viewer), through the services the commands use."""
    workspace = Workspace(db)
    try:
        workspace.init()
        workspace.users.add("管理员", Role.ADMIN, PASSWORD)
        for number in range(1, users + 1):
            role = Role.VIEWER if number % 3 == 0 else Role.PLANNER
            workspace.users.add(f"bench{number:02d}", role, PASSWORD)
    finally:
        workspace.close()


@contextmanager
def started(args: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A process of this checkout, stopped (with its children) on the way out."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for_server(port: int, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with (
            suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/signin", timeout=2),
        ):
            return
        time.sleep(0.5)
    raise SystemExit("the office server did not answer")


class MemorySampler(threading.Thread):
    """Resident memory (MiB) of each watched process with its children, every second."""

    def __init__(self, processes: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.processes = processes
        self.samples: dict[str, list[float]] = {name: [] for name in processes}
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil  # the bench extra's; imported where used, so the module imports without it

        while not self.stop.wait(1.0):
            for name, pid in self.processes.items():
                with suppress(psutil.Error):
                    root = psutil.Process(pid)
                    tree = [root, *root.children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in tree if p.is_running())
                    self.samples[name].append(rss / 2**20)


def queue_runs(db: str, broker: str, count: int) -> list[str]:
    """``count`` runs through the broker, each scenario under its own name, queued as the
    情景 page queues them (the same service, in this process)."""
    workspace = Workspace(db)
    runs = Runs(workspace, CeleryExecutor(broker))
    planner = Actor("bench01", Role.PLANNER)
    try:
        ids = []
        for number in range(count):
            source = data_dir() / "scenarios" / SCENARIOS[number % len(SCENARIOS)]
            text = source.read_text(encoding="utf-8")
            name_line = next(line for line in text.splitlines() if line.startswith("name = "))
            named = text.replace(name_line, f'name = "负载测试{number + 1:02d}"', 1)
            ids.append(runs.submit(named, "benchmark", actor=planner))
        return ids
    finally:
        workspace.close()


def runs_table(db: str, ids: list[str], timeout: float) -> list[dict[str, Any]]:
    """The runs, once every one of ``ids`` has ended (or ``timeout`` passed)."""
    deadline = time.monotonic() + timeout
    while True:
        runs = [r for r in json.loads(_run("runs", "--format", "json", "--db", db))
                if r["id"] in ids]  # fmt: skip
        ended = [r for r in runs if r["state"] not in ("queued", "running")]
        if len(ended) == len(ids) or time.monotonic() > deadline:
            return runs
        time.sleep(2)


def latency_rows(stats_csv: Path) -> list[dict[str, str]]:
    with stats_csv.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def report(
    args: argparse.Namespace,
    rows: list[dict[str, str]],
    runs: list[dict[str, Any]],
    memory: dict[str, list[float]],
) -> str:
    lines = [
        f"command: python -m benchmarks.office_load --users {args.users} --seconds "
        f"{args.seconds} --runs {args.runs} --workers {args.workers} --arrivals {args.arrivals}",
        machine_line(machine_info()),
        "",
        "| request | count | failures | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['50%']} | {row['95%']} | {float(row['Max Response Time']):.0f} |"
        )
    lines += ["", "| run | scenario | state | waited s | solved s |", "|---|---|---|---|---|"]
    for run in sorted(runs, key=lambda r: r["queued_at"]):
        waited = _seconds(run["queued_at"], run["started_at"])
        solved = _seconds(run["started_at"], run["ended_at"])
        lines.append(f"| {run['id']} | {run['scenario']} | {run['state']} | {waited} | {solved} |")
    lines += ["", "| process | start MiB | peak MiB | end MiB |", "|---|---|---|---|"]
    for name, samples in memory.items():
        if samples:
            lines.append(f"| {name} | {samples[0]:.0f} | {max(samples):.0f} | {samples[-1]:.0f} |")
    return "\n".join(lines)


def over_time(history: list[dict[str, str]]) -> str:
    """Every request together, every ten seconds of the run: requests per second and the
    95th percentile so far in that window (locust's history, one line per second)."""
    aggregated = [row for row in history if row["Name"] == "Aggregated" and row["95%"] != "N/A"]
    if not aggregated:
        return ""
    start = int(aggregated[0]["Timestamp"])
    lines = ["| seconds | requests/s | p50 ms | p95 ms |", "|---|---|---|---|"]
    for row in aggregated:
        second = int(row["Timestamp"]) - start
        if second % 10 == 0:
            lines.append(
                f"| {second} | {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} |"
            )
    return "\n".join(lines)


def _seconds(start: str | None, end: str | None) -> str:
    if not start or not end:
        return "-"
    from datetime import datetime

    return f"{(datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds():.1f}"


def main(argv: Sequence[str] | None = None) -> None:
    """Command line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_office")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8471)
    parser.add_argument(
        "--arrivals", type=float, default=2.0, help="users starting per second (sign-in)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    info = machine_info()

    fresh_database(args.db)
    redis.Redis.from_url(args.broker).flushdb()
    prepare(args.db, args.users)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with ExitStack() as stack:
            workers = {
                f"worker {n + 1}": stack.enter_context(
                    started(
                        _command("worker", "--db", args.db, "--broker", args.broker,
                                 "--concurrency", "1"),
                        folder / f"worker{n}.log",
                    )
                ).pid
                for n in range(args.workers)
            }  # fmt: skip
            server = stack.enter_context(
                started(
                    _command("serve", "--office", "--db", args.db, "--broker", args.broker,
                             "--port", str(args.port)),
                    folder / "server.log",
                )
            )  # fmt: skip
            wait_for_server(args.port)
            sampler = MemorySampler({"web server": server.pid, **workers})
            sampler.start()
            env = os.environ | {"BENCH_PASSWORD": PASSWORD, "BENCH_USER_PREFIX": "bench"}
            locust = subprocess.Popen(
                [sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks/office_locust.py"),
                 "--headless", "-u", str(args.users), "-r", str(args.arrivals),
                 "-t", f"{args.seconds}s",
                 "--host", f"http://127.0.0.1:{args.port}", "--csv", str(folder / "load"),
                 "--csv-full-history", "--only-summary", "--stop-timeout", "10"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            time.sleep(10)
            ids = queue_runs(args.db, args.broker, args.runs)
            locust.wait()
            runs = runs_table(args.db, ids, timeout=600)
            sampler.stop.set()
            sampler.join()
        rows = latency_rows(folder / "load_stats.csv")
        history = latency_rows(folder / "load_stats_history.csv")
    print(report(args, rows, runs, sampler.samples))
    print()
    print(over_time(history))
    write_json(
        args.json,
        {
            "benchmark": "office_load",
            "users": args.users,
            "seconds": args.seconds,
            "runs_asked": args.runs,
            "workers": args.workers,
            "machine": info,
            "requests": rows,
            "runs": runs,
            "memory_mib": {
                name: {"start": s[0], "peak": max(s), "end": s[-1]}
                for name, s in sampler.samples.items()
                if s
            },
        },
    )


if __name__ == "__main__":
    main()
