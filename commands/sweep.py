"""``portfolio scenario sweep``: a scenario solved at a range of one cap (the frontier)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from commands.options import DbOption, LangOption, fail_with
from commands.output import FormatOption, OutputFormat, emit
from commands.runs import BrokerOption, _open
from commands.scenario import _read
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import tr
from portfolio.scenarios import words
from portfolio.scenarios.outcome import result_to_json
from portfolio.scenarios.sweep import ProjectChange, parse_knob, sweep_values
from portfolio.services.executors import CeleryExecutor, Executor, LocalExecutor, broker_url
from portfolio.services.runs import JobStatus, Runs
from portfolio.services.sweeps import SweepPoint, Sweeps, knee_index

# The objectives a frontier shows, as a run's result names them.
SHOWN = ("value", "delay", "level")
CHANGES_SHOWN = 5  # projects named per point in the table; JSON and CSV carry them all


def _change(change: ProjectChange, lang: Language) -> str:
    def delay(years: int | None) -> str:
        return tr(lang, "未安排") if years is None else tr(lang, "推迟{n}年", n=years)

    return f"{change.name}: {delay(change.before_delay)}→{delay(change.after_delay)}"


def _json(point: SweepPoint, is_knee: bool) -> dict[str, Any]:
    result = point.result
    return {
        "cap_wan": point.cap_wan,
        "amount": point.value.written,
        "scenario": point.job.scenario,
        "job": point.job.id,
        "run_id": point.job.run_id,
        "status": point.status,
        "objectives": [] if result is None else result_to_json(result)["objectives"],
        "changes": [
            {
                "id": c.id,
                "name": c.name,
                "delay_years_before": c.before_delay,
                "delay_years_after": c.after_delay,
            }
            for c in point.changes
        ],
        "knee": is_knee,
    }


def _row(point: SweepPoint, is_knee: bool, fmt: OutputFormat, lang: Language) -> list[str]:
    figures = [point.objective(name) for name in SHOWN]
    moved = [_change(c, lang) for c in point.changes]
    if fmt is OutputFormat.table and len(moved) > CHANGES_SHOWN:
        rest = len(moved) - CHANGES_SHOWN
        moved = [*moved[:CHANGES_SHOWN], tr(lang, "等 {n} 个", n=rest)]
    return [
        point.value.shown + (" *" if is_knee else ""),
        words.status_words(point.status, lang),
        *("-" if v is None else f"{v:,}" for v in figures),
        "" if point.job.run_id is None else str(point.job.run_id),
        "" if not moved else tr(lang, "{n} 个：", n=len(point.changes)) + "；".join(moved),
    ]


def _executor(url: str, broker: str | None, workers: int) -> Executor:
    if broker:
        return CeleryExecutor(broker_url(broker))
    return LocalExecutor(url, workers, task_workers=workers)


def sweep(
    file: Annotated[Path, typer.Argument(help="Scenario file (.toml).")],
    cap: Annotated[
        list[str],
        typer.Option(
            "--cap",
            help="The cap moved: total:YEAR, county|city|table|plan:NAME:YEAR, or cut:YEAR "
            "(repeat to move several together).",
        ),
    ],
    start: Annotated[str, typer.Option("--from", help="First amount: 100亿, 5000万, 10%.")],
    stop: Annotated[str, typer.Option("--to", help="Last amount.")],
    step: Annotated[str, typer.Option("--step", help="Step (negative to sweep downwards).")],
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    workers: Annotated[
        int, typer.Option(help="Local worker processes solving points at once.")
    ] = 2,
    broker: BrokerOption = None,
    time_limit: Annotated[
        float | None, typer.Option(help="Seconds per point (default: the file's).")
    ] = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Solve a scenario at each amount of a cap; print each point's objectives, status and
    the projects that change from the point before (* marks the frontier's knee)."""
    text = _read(file, lang)
    workspace = _open(db)
    runs = Runs(workspace, _executor(workspace.url, broker, workers))
    service = Sweeps(runs)
    try:
        knobs = [parse_knob(text) for text in cap]
        values = sweep_values(start, stop, step)
        sweep_id = service.submit(text, knobs, values, time_limit=time_limit)
        points = _follow(service, sweep_id, len(values), lang)
    except PortfolioError as exc:
        raise fail_with(exc, lang) from exc
    finally:
        runs.shutdown()
        workspace.close()
    found = knee_index(points)
    header = [
        tr(lang, "上限"),
        tr(lang, "状态"),
        *(words.objective_name(name, "year", lang) for name in SHOWN),
        tr(lang, "运行"),
        tr(lang, "与上一点相比变化的项目"),
    ]
    emit(
        fmt,
        [_json(p, i == found) for i, p in enumerate(points)],
        header,
        [_row(p, i == found, fmt, lang) for i, p in enumerate(points)],
        tr(lang, "扫描 {id}：{n} 个点，* 为拐点", id=sweep_id, n=len(points)),
    )


def _follow(service: Sweeps, sweep_id: str, total: int, lang: Language) -> list[SweepPoint]:
    """Wait for the points, telling of each as it ends (on stderr: the output stays clean);
    an interrupt (Ctrl-C) cancels the points not done and keeps those done."""
    done = 0

    def told(status: JobStatus) -> None:
        nonlocal done
        done += 1
        state = words.status_words(status.result_status or status.state.value, lang)
        typer.echo(f"[{done}/{total}] {status.scenario}: {state}", err=True)

    try:
        return service.wait(sweep_id, on_point=told)
    except KeyboardInterrupt:
        service.cancel(sweep_id)
        typer.echo(tr(lang, "已取消扫描：已完成的点保留"), err=True)
        return service.wait(sweep_id, timeout=60)
