"""``portfolio runs`` and ``portfolio worker``: scenario runs held in the database, and the
Celery worker that executes them on the office server. ``portfolio scenario run
--background`` queues a run through :func:`queue_run`."""

from __future__ import annotations

import datetime as dt
import json
import os
from enum import StrEnum
from typing import Annotated

import typer

from commands.options import DbOption, LangOption, fail, fail_with, with_workspace
from portfolio.db.engine import default_database_url
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.formatting import OFFICE_TIME
from portfolio.i18n import N_, gettext, tr
from portfolio.services.executors import (
    ENV_BROKER_URL,
    BrokerUnavailableError,
    CeleryExecutor,
    DetachedExecutor,
    Executor,
    broker_url,
)
from portfolio.services.run_worker import WORKER_NICENESS, lower_priority
from portfolio.services.runs import JobState, JobStatus, Runs
from portfolio.services.scenarios import SOLVER_THREADS_ENV, threads_per_process
from portfolio.services.workspace import Workspace

BrokerOption = Annotated[
    str | None,
    typer.Option(
        "--broker",
        help=f"Celery broker URL (default: ${ENV_BROKER_URL}, else redis://127.0.0.1:6379/0).",
    ),
]
STATE_WORDS = {
    JobState.QUEUED: N_("排队中"),
    JobState.RUNNING: N_("求解中"),
    JobState.DONE: N_("已完成"),
    JobState.FAILED: N_("失败"),
    JobState.INTERRUPTED: N_("已中断"),
    JobState.CANCELLED: N_("已取消"),
}


class RunsFormat(StrEnum):
    table = "table"
    json = "json"


def _open(db: str | None) -> Workspace:
    workspace = Workspace(db or default_database_url())
    workspace.ensure_ready()
    return workspace


def executor_for(db_url: str, broker: str | None) -> Executor:
    """Through the broker when one is given (``--broker`` or ``PORTFOLIO_BROKER_URL``: the
    office server's workers), else a detached worker process on this computer."""
    if broker or os.environ.get(ENV_BROKER_URL):
        return CeleryExecutor(broker_url(broker))
    return DetachedExecutor(db_url)


def queue_run(
    text: str, source: str, db: str | None, broker: str | None, time_limit: float | None,
    lang: Language,
) -> None:  # fmt: skip
    """Queue a run in the background and print its id (``scenario run --background``)."""
    workspace = _open(db)
    runs = Runs(workspace, executor_for(workspace.url, broker))
    try:
        job_id = runs.submit(text, source, time_limit=time_limit)
    except BrokerUnavailableError as exc:
        typer.echo(tr(lang, "错误：{message}", message=exc.message(lang)), err=True)
        if exc.job_id:
            typer.echo(exc.job_id)
        raise typer.Exit(code=1) from exc
    except PortfolioError as exc:
        raise fail_with(exc, lang) from exc
    finally:
        runs.executor.shutdown()
        workspace.close()
    typer.echo(job_id)


def _json(status: JobStatus) -> dict[str, object]:
    def stamp(value: object) -> object:
        return value.isoformat(timespec="seconds") if hasattr(value, "isoformat") else value

    return {
        "id": status.id,
        "scenario": status.scenario,
        "state": status.state.value,
        "requested_by": status.requested_by,
        "queued_at": stamp(status.queued_at),
        "started_at": stamp(status.started_at),
        "ended_at": stamp(status.ended_at),
        "reason": status.reason,
        "run_id": status.run_id,
    }


def _row(status: JobStatus, lang: Language) -> list[str]:
    def clock(value: dt.datetime | None) -> str:
        # Beijing time, as the audit trail and the pages show times (not the server's zone).
        return "" if value is None else value.astimezone(OFFICE_TIME).strftime("%Y-%m-%d %H:%M:%S")

    return [
        status.id,
        status.scenario,
        gettext(lang, STATE_WORDS[status.state]),
        status.requested_by,
        clock(status.queued_at),
        clock(status.started_at),
        clock(status.ended_at),
        status.reason_text(lang),
    ]


def runs(
    db: DbOption = None,
    fmt: Annotated[RunsFormat, typer.Option("--format", "-f", help="Output format.")] = (
        RunsFormat.table
    ),
    state: Annotated[
        list[JobState] | None, typer.Option("--state", help="Only runs in this state (repeatable).")
    ] = None,
    lang: LangOption = Language.ZH,
) -> None:
    """List scenario runs, newest first: id, scenario, state, who asked and when."""
    # Listing marks the runs whose worker is gone; nothing is sent from here.
    listed = with_workspace(
        db,
        lang,
        lambda w: Runs(w, DetachedExecutor(w.url)).list(states=set(state or ())),
    )
    if fmt is RunsFormat.json:
        typer.echo(json.dumps([_json(s) for s in listed], ensure_ascii=False, indent=1))
        return
    header = [
        tr(lang, "编号"), tr(lang, "情景"), tr(lang, "状态"), tr(lang, "发起人"),
        tr(lang, "排队时间"), tr(lang, "开始时间"), tr(lang, "结束时间"), tr(lang, "原因"),
    ]  # fmt: skip
    rows = [_row(s, lang) for s in listed]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def worker(
    db: DbOption = None,
    broker: BrokerOption = None,
    concurrency: Annotated[
        int,
        typer.Option(help="Runs solved at once (each solves with its share of the cores)."),
    ] = 1,
    nice: Annotated[
        int,
        typer.Option(
            min=0,
            max=19,
            help="Niceness of the solves: above 0, pages on the same machine are answered first.",
        ),
    ] = WORKER_NICENESS,
    lang: LangOption = Language.ZH,
) -> None:
    """Run a Celery worker that executes the office server's scenario runs until stopped."""
    from portfolio.services.celery_app import make_celery

    workspace = _open(db)
    url = workspace.url
    workspace.close()
    if concurrency < 1:
        raise fail(tr(lang, "--concurrency 至少为 1"), lang)
    app = make_celery(broker_url(broker), url)
    lower_priority(nice)  # the pool's processes inherit it, and their share of the cores:
    os.environ.setdefault(SOLVER_THREADS_ENV, str(threads_per_process(concurrency)))
    app.worker_main(
        ["worker", f"--concurrency={concurrency}", "--loglevel=INFO", "--without-gossip",
         "--without-mingle", "--pool=prefork"]
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add ``runs`` and ``worker`` to the command line."""
    app.command("runs")(runs)
    app.command("worker")(worker)
