"""The office server's Celery app: two tasks.

- A queued scenario run, by its id: a run's state and result are in the database, which
  every worker reaches (``portfolio worker --db``); the message carries the job's id only,
  and no result comes back through Celery.
- A chunk of re-planned risk samples (:mod:`portfolio.services.risk_worker`): the message
  carries the problem as plain values, and the samples' figures come back through the result
  backend (the broker's Redis). This task needs no database.

- ``task_acks_late``: a message is acknowledged once the run has ended, so a worker lost
  with the message in hand leaves it to be delivered again; the claim in the database makes
  that second delivery a no-op for a run that had started (which is found interrupted).
- ``worker_prefetch_multiplier = 1``: a worker takes one run at a time, the others wait in
  the broker for whichever worker is free.
- time limits from the scenario's own (:func:`time_limits`): the soft one ends the run as
  failed, the hard one kills its process (the run is then found interrupted).
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery, signals

from portfolio.services.risk_worker import RISK_TASK

RUN_TASK = "portfolio.run_scenario_job"
# A run solves each objective level within the scenario's time limit, then explains itself
# (marginal values, smallest changes): several solves of up to that limit.
TIME_LIMIT_FACTOR = 4
TIME_LIMIT_MARGIN = 120.0
HARD_MARGIN = 60.0

log = logging.getLogger(__name__)


def time_limits(time_limit: float) -> tuple[float, float]:
    """Soft and hard limits (seconds) of a run whose scenario allows ``time_limit``."""
    soft = TIME_LIMIT_FACTOR * time_limit + TIME_LIMIT_MARGIN
    return soft, soft + HARD_MARGIN


def make_celery(broker: str, database: str | None = None) -> Celery:
    """A Celery app on ``broker``; a worker also needs the ``database`` its runs are in."""
    app = Celery("portfolio", broker=broker, backend=result_backend(broker), set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        broker_connection_retry_on_startup=True,
        # A web server asking for a run must not hang on a broker that is down: it says so.
        broker_connection_timeout=3,
        broker_connection_max_retries=None,
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0.5, "interval_step": 0.5},
        worker_hijack_root_logger=False,
        portfolio_database=database,
    )
    app.task(name=RUN_TASK, bind=True)(_run_job)
    app.task(name=RISK_TASK, ignore_result=False)(_risk_samples)
    return app


def result_backend(broker: str) -> str:
    """Where fanned-out tasks' results come back: the broker's own Redis (a run's result is
    in the database instead); over AMQP, replies to the sender (``rpc://``)."""
    return broker if broker.startswith(("redis://", "rediss://")) else "rpc://"


def _risk_samples(payload: dict[str, Any]) -> list[dict[str, Any]]:
    from portfolio.services.risk_worker import replan_chunk

    return replan_chunk(payload)


def _run_job(task: Any, job_id: str) -> str | None:
    from portfolio.services.run_worker import execute

    database = task.app.conf.portfolio_database
    if not database:
        raise RuntimeError("this worker was started without a database (portfolio worker --db)")
    return execute(database, job_id)


@signals.worker_ready.connect  # type: ignore[untyped-decorator]
def _catch_up(sender: Any = None, **_kwargs: Any) -> None:
    """When a worker starts: runs whose worker died are marked interrupted, and runs that
    never reached the broker (it was down) are sent now."""
    app = getattr(sender, "app", None)
    database = getattr(getattr(app, "conf", None), "portfolio_database", None)
    if app is None or not database:
        return
    from portfolio.services.executors import CeleryExecutor
    from portfolio.services.runs import Runs
    from portfolio.services.workspace import Workspace

    workspace = Workspace(database)
    try:
        runs = Runs(workspace, CeleryExecutor(app.conf.broker_url))
        sent = runs.dispatch_queued(only_undispatched=True)
        log.info("worker ready: %d queued runs sent", sent)
    finally:
        workspace.close()
