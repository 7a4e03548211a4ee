"""``portfolio scenario risk``: the scenario's plan measured under sampled delays and overruns."""

from __future__ import annotations

import signal
import sys
import threading
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from commands.options import DbOption, LangOption, fail, fail_with
from commands.output import FormatOption, OutputFormat, emit, write_table
from commands.runs import BrokerOption, _open
from commands.scenario import _read
from commands.sweep import _executor
from portfolio.errors import PortfolioError
from portfolio.exports.model import ExportOptions, Language, MoneyUnit
from portfolio.i18n import N_, tr
from portfolio.scenarios.risk import Band
from portfolio.scenarios.risk_report import (
    RiskReport,
    cap_ref,
    footer,
    share_text,
)
from portfolio.scenarios.risk_spec import ASSUMED, RiskRule
from portfolio.scenarios.words import cap_words
from portfolio.services.exports import risk_workbook
from portfolio.services.risks import Risks
from portfolio.services.runs import Runs

DELAYED_SHOWN = 10  # projects listed in the table; JSON carries them all


def _band(band: Band) -> dict[str, int]:
    return {"year": band.year, "p10_wan": band.p10, "p50_wan": band.p50, "p90_wan": band.p90}


def report_json(report: RiskReport) -> dict[str, Any]:
    """The report as JSON: figures in integer 万元, probabilities as exact fractions and
    rounded percentages."""
    f = report.figures
    return {
        "scenario": report.scenario,
        "run_id": report.run_id,
        "seed": report.seed,
        "mode": report.mode,
        "samples": f.asked,
        "measured": f.measured,
        "infeasible": f.infeasible,
        "unsolved": f.unsolved,
        "unproven": f.unproven,
        "percentile_rule": "nearest-rank",
        "total": [_band(b) for b in f.total],
        "counties": {c: [_band(b) for b in bands] for c, bands in f.counties.items()},
        "caps": [
            {
                "kind": r.cap.kind.value,
                "key": r.cap.key,
                "year": r.cap.period,
                "cap_wan": r.cap.amount,
                "exceeded": r.exceeded,
                "probability": float(r.probability),
            }
            for r in f.caps
        ],
        "delayed": [
            {"id": int(i), "name": report.names[i], "samples": n, "share": n / f.measured}
            for i, n in f.delayed
        ],
        "dropped": [
            {"id": int(i), "name": report.names[i], "samples": n, "share": n / f.measured}
            for i, n in f.dropped
        ],
        "expected_weighted_delay": float(f.expected_weighted_delay),
        "assumed_rules": [int(i) for i in report.assumed],
        "assumed": _rule_json(ASSUMED),
        "observed_tables": {
            table: {**_rule_json(rule), "reported": count}
            for table, (rule, count) in report.observed.items()
        },
    }


def _rule_json(rule: RiskRule) -> dict[str, Any]:
    return {
        "delay_chance_pct": None if rule.delay_chance is None else str(rule.delay_chance),
        "delay_years": rule.delay_years,
        "overrun_chance_pct": None if rule.overrun_chance is None else str(rule.overrun_chance),
        "overrun_pct": None if rule.overrun is None else str(rule.overrun),
    }


def _print_table(report: RiskReport, lang: Language) -> None:
    f = report.figures
    bands = [[str(b.year), f"{b.p10:,}", f"{b.p50:,}", f"{b.p90:,}"] for b in f.total]
    typer.echo(tr(lang, "每年所需（万元，总计）"))
    write_table([tr(lang, "年份"), "P10", "P50", "P90"], bands)
    if f.caps:
        typer.echo(tr(lang, "超出上限的概率"))
        rows = [
            [cap_words(cap_ref(r), lang), f"{r.cap.amount:,}", share_text(r.exceeded, r.samples)]
            for r in f.caps
        ]
        write_table([tr(lang, "上限"), tr(lang, "金额（万元）"), tr(lang, "概率")], rows)
    for title, counted in (
        (N_("最常推迟的项目"), f.delayed),
        (N_("重排时最常未安排的项目"), f.dropped),
    ):
        if counted:
            typer.echo(tr(lang, title))
            rows = [
                [report.names[i], str(n), share_text(n, f.measured)]
                for i, n in counted[:DELAYED_SHOWN]
            ]
            write_table([tr(lang, "项目"), tr(lang, "样本数"), tr(lang, "比例")], rows)
    typer.echo(footer(report, lang))


def _csv_rows(report: RiskReport, lang: Language) -> list[list[str]]:
    f = report.figures
    rows = [[tr(lang, "总计"), str(b.year), str(b.p10), str(b.p50), str(b.p90)] for b in f.total]
    for county, bands in f.counties.items():
        rows += [[county, str(b.year), str(b.p10), str(b.p50), str(b.p90)] for b in bands]
    return rows


class Mode(StrEnum):
    replan = "replan"
    fixed = "fixed"


def risk(
    file: Annotated[Path, typer.Argument(help="Scenario file (.toml) with or without [risk].")],
    samples: Annotated[
        int | None, typer.Option(help="Futures drawn (default: the file's, else 200).")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed (default: the file's, else 0).")] = None,
    mode: Annotated[
        Mode | None,
        typer.Option(
            help="replan: each future re-planned under the caps on the workers; fixed: the "
            "plan measured as it is (default: the file's, else replan)."
        ),
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    workers: Annotated[
        int, typer.Option(help="Local worker processes re-planning samples (and the plan).")
    ] = 2,
    broker: BrokerOption = None,
    xlsx: Annotated[
        Path | None,
        typer.Option(help="Also write the plan's workbook with a 风险模拟 sheet of the figures."),
    ] = None,
    unit: Annotated[MoneyUnit, typer.Option(help="The workbook's money unit.")] = MoneyUnit.WAN,
    lang: LangOption = Language.ZH,
) -> None:
    """Measure the scenario's plan under sampled delays and cost overruns: P10/P50/P90 of
    each year's need (total; per county in CSV and JSON), each cap's chance of being
    exceeded, the projects most often delayed and the expected weighted delay."""
    text = _read(file, lang)
    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise fail(tr(lang, "{file}：工作簿的文件名须以 .xlsx 结尾", file=xlsx), lang)
    workspace = _open(db)
    runs = Runs(workspace, _executor(workspace.url, broker, workers))
    # Ctrl-C stops the sampling: the figures of the samples done are still printed.
    cancel = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
    progress = _Progress(lang)
    try:
        report = Risks(runs).simulate(
            text,
            samples=samples,
            seed=seed,
            mode=None if mode is None else mode.value,
            cancel=cancel,
            on_sample=progress.done_one,
        )
        progress.end()
        if xlsx is not None:
            xlsx.write_bytes(
                risk_workbook(workspace, report, ExportOptions(unit=unit, lang=lang))[1]
            )
    except PortfolioError as exc:
        raise fail_with(exc, lang) from exc
    finally:
        signal.signal(signal.SIGINT, previous)
        runs.shutdown()
        workspace.close()
    if cancel.is_set():
        typer.echo(tr(lang, "已取消模拟：已完成的样本保留"), err=True)
    if xlsx is not None:
        typer.echo(tr(lang, "已写入 {file}", file=xlsx), err=True)
    if fmt is OutputFormat.table:
        _print_table(report, lang)
        return
    header = [tr(lang, "范围"), tr(lang, "年份"), "P10", "P50", "P90"]
    emit(fmt, [report_json(report)], header, _csv_rows(report, lang))


class _Progress:
    """``样本 120/1000`` on standard error, at most every second, when it is a terminal."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self.count = 0
        self.shown = 0.0
        self.live = sys.stderr.isatty()

    def done_one(self, _index: int) -> None:
        self.count += 1
        if self.live and time.monotonic() - self.shown >= 1:
            self.shown = time.monotonic()
            typer.echo("\r" + tr(self.lang, "样本 {n} 个已完成", n=self.count), err=True, nl=False)

    def end(self) -> None:
        if self.live and self.shown:
            typer.echo("", err=True)
