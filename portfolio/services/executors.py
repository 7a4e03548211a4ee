"""Where queued runs are executed: local worker processes, or Celery workers.

One small interface, :class:`Executor`: hand over a job by its id. The job's state lives in
the database, so an executor only has to make some process call
:func:`portfolio.services.run_worker.execute` for it, at least once (the claim makes a
second delivery harmless).

- :class:`LocalExecutor`: the embedded app. Real worker processes (a ``spawn`` process pool,
  one solve at a time because CP-SAT uses every core), so a solve never shares the web
  server's process, and a worker that dies leaves the server running.
- :class:`CeleryExecutor`: the office server. Runs go through the broker (Redis by default)
  to ``portfolio worker`` processes on any machine that reaches the database.
- :class:`DetachedExecutor`: the command line outside office mode; one detached process
  per run, which outlives the command that queued it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import subprocess
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import tr
from portfolio.services import risk_worker, run_worker
from portfolio.services.scenarios import threads_per_process

ENV_BROKER_URL = "PORTFOLIO_BROKER_URL"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/0"
RESUBMITS = 3  # times a job is sent again after its worker pool broke under it

log = logging.getLogger(__name__)


class BrokerUnavailableError(PortfolioError):
    """The broker did not take the run; it stays queued and is sent again later."""

    def __init__(self, broker: str, detail: str) -> None:
        super().__init__(f"the broker {broker} cannot be reached ({detail})")
        self.broker = broker
        self.job_id: str | None = None  # the run kept queued, once it is stored

    def message(self, lang: Language) -> str:
        return tr(
            lang,
            "无法连接任务队列 {broker}：运行已保存并排队，队列恢复后自动发送给计算节点。",
            broker=self.broker,
        )


class TaskHandle(Protocol):
    """A task handed to a worker (:meth:`Executor.fan_out`): ended yet, its result (raises
    the task's error), and cancelled if it has not started."""

    def done(self) -> bool: ...

    def result(self) -> Any: ...

    def cancel(self) -> Any: ...


class Executor(Protocol):
    """Something that has queued runs executed by worker processes."""

    def submit(self, job_id: str, time_limit: float) -> None:
        """Have the job run (``time_limit``: the scenario's, for the worker's own limits).
        Raises :class:`BrokerUnavailableError` when the job could not be handed over."""

    def shutdown(self) -> list[str]:
        """Stop; returns the workers (``host:pid``) stopped in the middle of a run."""


@runtime_checkable
class TaskExecutor(Protocol):
    """Something that has tasks on plain values executed by worker processes (every
    executor here is one)."""

    def fan_out(self, task: str, payload: dict[str, Any], time_limit: float) -> TaskHandle:
        """Have a worker run ``task`` (:data:`portfolio.services.risk_worker.TASKS`) on plain
        values, within ``time_limit`` seconds; its result comes back through the handle.
        Raises :class:`BrokerUnavailableError` when the task could not be handed over."""


class InProcess:
    """Runs tasks in this process, one after the other (when there are no workers)."""

    def fan_out(self, task: str, payload: dict[str, Any], time_limit: float) -> TaskHandle:
        return _Ran(risk_worker.run_task(task, payload))


def broker_url(given: str | None = None) -> str:
    """The broker named by ``--broker``, else ``PORTFOLIO_BROKER_URL``, else local Redis."""
    return given or os.environ.get(ENV_BROKER_URL) or DEFAULT_BROKER_URL


class LocalExecutor:
    """Runs jobs in worker processes of this computer (``workers`` at once), and tasks
    fanned out in a pool of its own (``task_workers`` at once, by default one per core: a
    task solves with one thread)."""

    def __init__(self, url: str, workers: int = 1, task_workers: int | None = None) -> None:
        self.url = url
        self.workers = workers
        self.task_workers = task_workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        self._task_pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._resubmits: dict[str, int] = {}
        self._closed = False

    def _current_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: a worker starts clean, without the web server's threads and sockets.
            context = multiprocessing.get_context("spawn")
            # Each process solves with its share of the cores: two CP-SAT solves of two
            # threads each on two cores would only take turns.
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=run_worker.start_local_worker,
                initargs=(threads_per_process(self.workers),),
            )
        return self._pool

    def submit(self, job_id: str, time_limit: float) -> None:
        with self._lock:
            if self._closed:
                return
            future = self._current_pool().submit(run_worker.execute, self.url, job_id)
        future.add_done_callback(lambda done: self._after(job_id, time_limit, done))

    def fan_out(self, task: str, payload: dict[str, Any], time_limit: float) -> TaskHandle:
        with self._lock:
            if self._closed:
                raise RuntimeError("the local workers have been stopped")
            if self._task_pool is None:
                self._task_pool = ProcessPoolExecutor(
                    self.task_workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=run_worker.start_local_worker,
                    initargs=(1,),
                )
            return self._task_pool.submit(risk_worker.run_task, task, payload)

    def _after(self, job_id: str, time_limit: float, done: Future[str | None]) -> None:
        if done.cancelled():
            return
        error = done.exception()
        if not isinstance(error, BrokenProcessPool):
            if error is not None:
                log.error("run %s: worker error: %s", job_id, error)
            return
        # A worker died (killed, out of memory): the pool is unusable. The job it was
        # running is found interrupted by its heartbeat; the others are still queued in the
        # database and go to a new pool (their claim is a no-op if it is too late).
        with self._lock:
            broken = self._pool
            if broken is not None and getattr(broken, "_broken", False):
                self._pool = None
            self._resubmits[job_id] = self._resubmits.get(job_id, 0) + 1
            again = self._resubmits[job_id] <= RESUBMITS
        if again:
            self.submit(job_id, time_limit)

    def shutdown(self) -> list[str]:
        """Stop the workers now: queued runs stay queued in the database (the next start
        dispatches them), a run in the middle of its solve is stopped."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
            tasks, self._task_pool = self._task_pool, None
        if tasks is not None:
            _stop(tasks)
        return [] if pool is None else _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> list[str]:
    """Stop the pool's processes now; returns them (``host:pid``)."""
    # The pool has no public way to stop a task in progress; its processes do.
    processes = list(getattr(pool, "_processes", {}).values())
    stopped = [f"{socket.gethostname()}:{p.pid}" for p in processes]
    for process in processes:
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
    return stopped


class DetachedExecutor:
    """Starts one detached process per job (``python -m portfolio.services.run_worker``),
    which runs it even after the command that queued it has ended."""

    def __init__(self, url: str) -> None:
        self.url = url

    def submit(self, job_id: str, time_limit: float) -> None:
        # This package's own folder first on the path: the worker runs the same code.
        root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": path}
        subprocess.Popen(
            [sys.executable, "-m", "portfolio.services.run_worker", self.url, job_id],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def fan_out(self, task: str, payload: dict[str, Any], time_limit: float) -> TaskHandle:
        """Run the task in this process (there is no pool to hand it to)."""
        return InProcess().fan_out(task, payload, time_limit)

    def shutdown(self) -> list[str]:
        return []  # the processes are on their own


class _Ran:
    """A task already run here."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def done(self) -> bool:
        return True

    def result(self) -> Any:
        return self.value

    def cancel(self) -> bool:
        return False


class CeleryExecutor:
    """Sends jobs through a Celery broker to ``portfolio worker`` processes."""

    def __init__(self, broker: str | None = None) -> None:
        from portfolio.services.celery_app import make_celery

        self.broker = broker_url(broker)
        self.app = make_celery(self.broker)

    def submit(self, job_id: str, time_limit: float) -> None:
        from kombu.exceptions import OperationalError as BrokerError

        from portfolio.services.celery_app import RUN_TASK, time_limits

        soft, hard = time_limits(time_limit)
        try:
            # A run's result is in the database: nothing waits on the result backend.
            self.app.send_task(
                RUN_TASK,
                args=[job_id],
                soft_time_limit=soft,
                time_limit=hard,
                ignore_result=True,
            )
        except (BrokerError, OSError) as exc:
            raise BrokerUnavailableError(_safe(self.broker), str(exc)) from exc

    def fan_out(self, task: str, payload: dict[str, Any], time_limit: float) -> TaskHandle:
        from kombu.exceptions import OperationalError as BrokerError
        from redis.exceptions import ConnectionError as ResultStoreError

        try:
            sent = self.app.send_task(
                task, args=[payload], soft_time_limit=time_limit, time_limit=time_limit + 30
            )
        except (BrokerError, OSError, ResultStoreError) as exc:
            raise BrokerUnavailableError(_safe(self.broker), str(exc)) from exc
        return _CeleryTask(sent)

    def shutdown(self) -> list[str]:
        self.app.close()
        return []


class _CeleryTask:
    """A task sent through the broker; its result comes back through the result backend."""

    def __init__(self, sent: Any) -> None:
        self.sent = sent

    def done(self) -> bool:
        return bool(self.sent.ready())

    def result(self) -> Any:
        return self.sent.get(disable_sync_subtasks=False)

    def cancel(self) -> None:
        self.sent.revoke()


def _safe(url: str) -> str:
    """The broker's address without its password, for messages."""
    from kombu.utils.url import maybe_sanitize_url

    return str(maybe_sanitize_url(url))
