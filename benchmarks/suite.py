"""The benchmarks ``python -m benchmarks`` knows: each one's calls at full and quick size.

A benchmark is one module's ``main(argv)``, called once or more (the bundled portfolio in
years, quarters and months; the knapsack files one by one), each call writing its figures as
JSON (``--json``); :mod:`benchmarks.tables` turns them into the table BENCHMARKS.md shows.
The full calls give BENCHMARKS.md's figures; the quick calls the same figures at small sizes,
all of them together in a few minutes on 2 cores.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shlex
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import tables

ROOT = Path(__file__).resolve().parents[1]
# The public instance libraries (PSPLIB, OR-Library), kept beside the repository.
BENCH_DATA = Path(os.environ.get("PORTFOLIO_BENCH_DATA", ROOT.parent / "shared" / "bench"))
PSPLIB = BENCH_DATA / "psplib"
ORLIB = BENCH_DATA / "orlib"
SCENARIO_FILES = ROOT / "data" / "scenarios"
CHROMIUM = Path("/usr/bin/chromium")
RISK_QUICK = tuple(
    [
        "--samples",
        "40",
        "--synthetic",
        "500",
        "--synthetic-samples",
        "6",
        "--synthetic-seconds",
        "2",
    ]
)
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@dataclass(frozen=True)
class Call:
    """One call of a module's ``main``: ``label`` names its JSON file (``""``: the only one)."""

    label: str
    argv: tuple[str, ...]


@dataclass(frozen=True)
class Readiness:
    """What this machine lets a benchmark do: ``missing`` says why it cannot run at all (it is
    skipped); ``extra`` options are added to every call to leave a part out, which ``note``
    names."""

    missing: str | None = None
    extra: tuple[str, ...] = ()
    note: str | None = None


def ready() -> Readiness:
    """Nothing beyond the project's own packages is needed."""
    return Readiness()


@dataclass(frozen=True)
class Benchmark:
    """A benchmark: its module, what it measures, its calls, its table, what it needs."""

    name: str
    module: str
    what: str
    full: tuple[Call, ...]
    quick: tuple[Call, ...]
    table: Callable[[tables.Payloads], str]
    needs: str = ""
    check: Callable[[], Readiness] = field(default=ready)

    def calls(self, quick: bool) -> tuple[Call, ...]:
        """The quick or the full calls."""
        return self.quick if quick else self.full

    def command(self, call: Call) -> str:
        """The shell command of ``call``, as BENCHMARKS.md writes it."""
        shown = [_shown(arg) for arg in call.argv]
        return " ".join(["python -m", self.module, *(shlex.quote(arg) for arg in shown)])


def _shown(arg: str) -> str:
    """A path under the repository or its parent folder, relative to the repository."""
    if arg.startswith(str(ROOT.parent) + os.sep):
        return os.path.relpath(arg, ROOT)
    return arg


def _instances(*paths: Path) -> Callable[[], Readiness]:
    def check() -> Readiness:
        absent = [str(path) for path in paths if not path.exists()]
        if absent:
            return Readiness(missing=f"the public instances are not there: {', '.join(absent)}")
        return Readiness()

    return check


def _browser() -> Readiness:
    """Debian's chromium and its driver, and selenium; without them, the server side only."""
    absent = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if importlib.util.find_spec("selenium") is None:
        absent.append("the selenium package")
    if absent:
        note = f"browser figures skipped: {', '.join(absent)} missing (server side only)"
        return Readiness(extra=("--no-browser",), note=note)
    return Readiness()


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _office() -> Readiness:
    """PostgreSQL and Redis on loopback, and the bench extra (locust, psutil)."""
    absent = [
        f"the {name} package (pip install -e '.[bench]')"
        for name in ("locust", "psutil")
        if importlib.util.find_spec(name) is None
    ]
    if not _listening("127.0.0.1", 5432):
        absent.append("PostgreSQL on 127.0.0.1:5432")
    if not _listening("127.0.0.1", 6379):
        absent.append("Redis on 127.0.0.1:6379")
    if absent:
        return Readiness(missing="needs " + "; ".join(absent))
    return Readiness()


def _rcpsp(time_limit: str, limit: tuple[str, ...] = ()) -> tuple[Call, ...]:
    argv = (str(PSPLIB / "j30"), "--bks", str(PSPLIB / "j30_bks.csv"))
    return (Call("j30", (*argv, "--time-limit", time_limit, *limit)),)


def _mkp(time_limit: str, limit: tuple[str, ...] = ()) -> tuple[Call, ...]:
    best = ("--best", str(ORLIB / "mkcbres_orlib_full.txt"))
    return tuple(
        Call(name, (str(ORLIB / f"{name}.txt"), *best, "--time-limit", time_limit, *limit))
        for name in ("mknapcb1", "mknapcb3")
    )


def _bundled(
    time_limit: str, month_limit: str, seeds: str, flexible_limit: str
) -> tuple[Call, ...]:
    files = tuple(
        str(SCENARIO_FILES / name) for name in ("cut-2023.toml", "cut-2023-flexible.toml")
    )
    return (
        Call("", ("--time-limit", time_limit)),
        Call("quarter", ("--time-limit", time_limit, "--periods", "quarter")),
        Call("month", ("--time-limit", month_limit, "--periods", "month")),
        Call("profiles", ("--time-limit", flexible_limit, "--files", *files, "--seeds", seeds)),
    )


UI_QUICK: tuple[str, ...] = ("--projects", "300", "--seed", "1", "--repeat", "1")
UI_QUICK += ("--changes", "4", "--scenario-time-limit", "2")


def _export(projects: str) -> tuple[Call, ...]:
    return tuple(
        Call(by, ("--projects", projects, "--years", "10", "--by", by)) for by in ("city", "county")
    )


BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(
        "loading",
        "benchmarks.loading",
        "the bundled plans and generated workbooks and CSV imported (time, memory, floor)",
        full=(Call("", ()),),
        quick=(Call("", ("--quick", "--rows", "1000", "--repeat", "1")),),
        table=tables.loading,
    ),
    Benchmark(
        "regions",
        "benchmarks.regions",
        "the region table read, indexed and stored",
        full=(Call("", ()),),
        quick=(Call("", ("--repeat", "3")),),
        table=tables.regions,
    ),
    Benchmark(
        "rcpsp",
        "benchmarks.rcpsp",
        "PSPLIB j30 through the optimizer (completion)",
        full=_rcpsp("10"),
        quick=_rcpsp("2", ("--limit", "2")),
        table=tables.rcpsp,
        needs="the PSPLIB instances in ../shared/bench/psplib",
        check=_instances(PSPLIB / "j30", PSPLIB / "j30_bks.csv"),
    ),
    Benchmark(
        "mkp",
        "benchmarks.mkp",
        "OR-Library mknapcb1 and mknapcb3 through the optimizer (value)",
        full=_mkp("10"),
        quick=_mkp("2", ("--limit", "2")),
        table=tables.mkp,
        needs="the OR-Library instances in ../shared/bench/orlib",
        check=_instances(ORLIB / "mknapcb1.txt", ORLIB / "mkcbres_orlib_full.txt"),
    ),
    Benchmark(
        "synthetic",
        "benchmarks.synthetic",
        "a seeded province-scale portfolio (value, delay) beside the greedy baseline",
        full=(Call("", ("--projects", "5000", "--seed", "1", "--time-limit", "60")),),
        quick=(Call("", ("--projects", "500", "--seed", "1", "--time-limit", "10")),),
        table=tables.synthetic,
    ),
    Benchmark(
        "bundled",
        "benchmarks.bundled",
        "the bundled portfolio's scenarios in years, quarters, months, and flexible profiles",
        full=_bundled("10", "10", "8", "10"),
        quick=_bundled("2", "2", "1", "5"),
        table=tables.bundled,
    ),
    Benchmark(
        "export",
        "benchmarks.export",
        "a province-scale schedule written as a workbook and a CSV file",
        full=_export("5000"),
        quick=_export("500"),
        table=tables.export,
    ),
    Benchmark(
        "ui_speed",
        "benchmarks.ui_speed",
        "the web app's pages, filters and a big Gantt, in chromium and on the server",
        full=(Call("", ("--projects", "5000", "--seed", "1")),),
        quick=(Call("", UI_QUICK),),
        table=tables.ui_speed,
        needs="chromium and chromedriver in /usr/bin for the browser part",
        check=_browser,
    ),
    Benchmark(
        "office_load",
        "benchmarks.office_load",
        "the office server under simulated users while runs solve",
        full=(Call("", ()),),
        quick=(Call("", ("--users", "10", "--seconds", "30", "--runs", "2")),),
        table=tables.office_load,
        needs="PostgreSQL and Redis on loopback, and the bench extra (locust, psutil)",
        check=_office,
    ),
    Benchmark(
        "sweep",
        "benchmarks.sweep",
        "a budget sweep of the bundled portfolio on 1 and 2 local workers",
        full=(Call("", ()),),
        quick=(Call("", ("--points", "5", "--workers", "1", "2")),),
        table=tables.sweep,
    ),
    Benchmark(
        "risk",
        "benchmarks.risk",
        "delay-risk samples, fixed and re-planned on 1 and 2 local workers; per-task overhead",
        full=(Call("", ()),),
        quick=(Call("", RISK_QUICK),),
        table=tables.risk,
    ),
)


def by_name(name: str) -> Benchmark:
    """The benchmark called ``name``; ``KeyError`` naming the known ones."""
    for benchmark in BENCHMARKS:
        if benchmark.name == name:
            return benchmark
    raise KeyError(f"{name}: not a benchmark (known: {', '.join(names())})")


def names() -> list[str]:
    """Every benchmark's name, in running order."""
    return [benchmark.name for benchmark in BENCHMARKS]


def entry(benchmark: Benchmark) -> Callable[[Sequence[str]], None]:
    """The module's ``main`` (imported when first needed: some modules import the web app)."""
    main: Callable[[Sequence[str]], None] = importlib.import_module(benchmark.module).main
    return main
