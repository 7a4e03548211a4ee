"""Private servers for the fault tests: a PostgreSQL cluster and a Redis of their own, on a
free port of 127.0.0.1, that a test may stop and start again without touching the servers
other tests share."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio.services.executors import CeleryExecutor
from portfolio.services.runs import Runs
from portfolio.services.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port of 127.0.0.1 nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def this_tree(log: Path, *args: str) -> subprocess.Popen[bytes]:
    """``python -m commands ARGS`` of this source tree in a process group of its own (stopped with
    :func:`stop_group`), what it writes in the file ``log``."""
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "commands", *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """Kill a process of :func:`this_tree` and every process of its group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class PrivatePostgres:
    """A PostgreSQL cluster in a temporary folder: trust authentication, 127.0.0.1 only.

    ``initdb`` refuses to run as root: as root (this machine and CI), the cluster belongs
    to the ``postgres`` account and its programs run as that account."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        where = Path(found[-1]).parent if found else None
        if where is None and shutil.which("pg_ctl"):
            where = Path(str(shutil.which("pg_ctl"))).parent
        if where is None or not (where / "initdb").exists():
            pytest.skip("the PostgreSQL server programs (initdb, pg_ctl) are not installed")
        self.bin = where
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="portfolio-pg-"))
        self.data = self.folder / "data"
        self.as_owner: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/portfolio"

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self.as_owner, str(self.bin / program), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=60,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.folder} -c fsync=off"
        )
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def create_database(self) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "portfolio")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class PrivateRedis:
    """A Redis of its own, nothing kept on disk."""

    def __init__(self) -> None:
        program = shutil.which("redis-server")
        if program is None:
            pytest.skip("redis-server is not installed")
        self.program = program
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.program, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not listening(self.port):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: the broker lost with every message it held."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@contextlib.contextmanager
def celery_runs(workspace: Workspace, broker: str, log: Path) -> Iterator[Runs]:
    """A real ``portfolio worker`` (Celery, two at once) on ``broker`` for ``workspace``, and
    the runs service that sends it work; both stopped after."""
    worker = this_tree(
        log, "worker", "--db", workspace.url, "--broker", broker, "--concurrency", "2"
    )  # fmt: skip
    runs = Runs(workspace, CeleryExecutor(broker))
    try:
        yield runs
    finally:
        runs.shutdown()
        stop_group(worker)  # the worker and its pool processes
