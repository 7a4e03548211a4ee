"""Run the benchmarks: ``python -m benchmarks all [--quick] [--out DIR]``.

    python -m benchmarks list                 # every benchmark, its full and quick commands
    python -m benchmarks all --quick          # all of them at small sizes, in a few minutes
    python -m benchmarks NAME [--quick]       # one of them

Each benchmark runs through its module's ``main`` in this process, writes its figures as JSON
into ``--out`` (default: a new temporary folder, printed) and is summed up in one table shaped
as BENCHMARKS.md's, the goal beside each figure. A benchmark whose services are missing
(office_load: PostgreSQL, Redis, locust; ui_speed's browser part: chromium) says so and is
skipped. The exit status is 1 when a benchmark failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from benchmarks.suite import BENCHMARKS, Benchmark, by_name, entry, names


def list_benchmarks() -> None:
    """One block per benchmark: name and what it measures, its commands, what it needs."""
    for benchmark in BENCHMARKS:
        print(f"{benchmark.name}: {benchmark.what}")
        for call in benchmark.full:
            print(f"  full:  {benchmark.command(call)}")
        for call in benchmark.quick:
            print(f"  quick: {benchmark.command(call)}")
        if benchmark.needs:
            print(f"  needs: {benchmark.needs}")


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5 min {five:.2f})"


def run(benchmark: Benchmark, quick: bool, out: Path) -> str:
    """Run ``benchmark``'s calls and print its table; ``"done"``, ``"skipped"`` or
    ``"failed"``."""
    print(f"\n## {benchmark.name}: {benchmark.what} ({_load()} at start)", flush=True)
    readiness = benchmark.check()
    if readiness.missing:
        print(f"skipped: {readiness.missing}", flush=True)
        return "skipped"
    if readiness.note:
        print(readiness.note, flush=True)
    main = entry(benchmark)
    payloads = []
    for call in benchmark.calls(quick):
        target = out / f"{benchmark.name}{'-' + call.label if call.label else ''}.json"
        argv = [*call.argv, *readiness.extra, "--json", str(target)]
        print(f"$ {benchmark.command(call)}", flush=True)
        try:
            main(argv)
        except (Exception, SystemExit) as exc:  # one benchmark's failure does not stop the rest
            if not (isinstance(exc, SystemExit) and exc.code in (0, None)):
                traceback.print_exc()
                print(f"failed: {benchmark.name} {call.label}: {exc}", flush=True)
                return "failed"
        payloads.append((call.label, json.loads(target.read_text(encoding="utf-8"))))
    print(f"\n### {benchmark.name} ({'quick' if quick else 'full'})\n", flush=True)
    print(benchmark.table(payloads), flush=True)
    return "done"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point (see the module's docstring)."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("what", help=f"list, all, or one of: {', '.join(names())}")
    parser.add_argument("--quick", action="store_true", help="small sizes, a few minutes in all")
    parser.add_argument("--out", type=Path, help="folder for the JSON figures (default: temporary)")
    args = parser.parse_args(argv)
    if args.what == "list":
        list_benchmarks()
        return 0
    try:
        chosen = list(BENCHMARKS) if args.what == "all" else [by_name(args.what)]
    except KeyError as exc:
        parser.error(str(exc.args[0]))
    out = args.out or Path(tempfile.mkdtemp(prefix="benchmarks-"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"figures (JSON) go to {out}; {os.cpu_count()} cores, {_load()}", flush=True)
    began = time.perf_counter()
    outcomes = []
    for benchmark in chosen:
        started = time.perf_counter()
        outcome = run(benchmark, args.quick, out)
        outcomes.append((benchmark.name, outcome, time.perf_counter() - started))
    print(f"\n## summary ({'quick' if args.quick else 'full'}), JSON in {out}\n")
    for name, outcome, seconds in outcomes:
        print(f"- {name}: {outcome} in {seconds:.1f} s")
    print(f"- in all: {time.perf_counter() - began:.1f} s, {_load()} at the end")
    return 1 if any(outcome == "failed" for _, outcome, _ in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
