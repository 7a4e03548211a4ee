"""``portfolio scenario risk``: the scenario's plan measured under sampled delays and overruns."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Annotated, Any

import typer

from commands.options import DbOption, LangOption, fail_with
from commands.output import FormatOption, OutputFormat, emit, write_table
from commands.runs import BrokerOption, _open
from commands.scenario import _read
from commands.sweep import _executor
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import tr
from portfolio.scenarios.outcome import CapRef
from portfolio.scenarios.risk import Band, CapRisk
from portfolio.scenarios.risk_spec import ASSUMED, RiskRule
from portfolio.scenarios.words import cap_words
from portfolio.services.risks import RiskReport, Risks
from portfolio.services.runs import Runs

DELAYED_SHOWN = 10  # projects listed in the table; JSON carries them all


def cap_ref(risk: CapRisk) -> CapRef:
    """The cap as the scenario's words name it (a yearly cap: its period is its year)."""
    cap = risk.cap
    return CapRef(cap.kind.value, cap.key, str(cap.period), cap.period)


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
        "samples": f.asked,
        "measured": f.measured,
        "infeasible": f.infeasible,
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


def _percent(part: int, whole: int) -> str:
    return "-" if whole == 0 else f"{100 * part / whole:.1f}%"


def _print_table(report: RiskReport, lang: Language) -> None:
    f = report.figures
    bands = [[str(b.year), f"{b.p10:,}", f"{b.p50:,}", f"{b.p90:,}"] for b in f.total]
    typer.echo(tr(lang, "每年所需（万元，总计）"))
    write_table([tr(lang, "年份"), "P10", "P50", "P90"], bands)
    if f.caps:
        typer.echo(tr(lang, "超出上限的概率"))
        rows = [
            [cap_words(cap_ref(r), lang), f"{r.cap.amount:,}", _percent(r.exceeded, r.samples)]
            for r in f.caps
        ]
        write_table([tr(lang, "上限"), tr(lang, "金额（万元）"), tr(lang, "概率")], rows)
    if f.delayed:
        typer.echo(tr(lang, "最常推迟的项目"))
        rows = [
            [report.names[i], str(n), _percent(n, f.measured)] for i, n in f.delayed[:DELAYED_SHOWN]
        ]
        write_table([tr(lang, "项目"), tr(lang, "样本数"), tr(lang, "比例")], rows)
    typer.echo(_footer(report, lang))


def _footer(report: RiskReport, lang: Language) -> str:
    f = report.figures
    lines = [
        tr(
            lang,
            "{done}/{asked} 个样本（种子 {seed}），无法排期 {infeasible} 个；"
            "期望加权推迟 {delay:.2f}；分位数按最近秩",
            done=f.measured,
            asked=f.asked,
            seed=report.seed,
            infeasible=f.infeasible,
            delay=float(f.expected_weighted_delay),
        )
    ]
    if report.observed:
        lines.append(
            tr(lang, "{n} 张表的风险取自进度报告：", n=len(report.observed))
            + "；".join(
                tr(
                    lang,
                    "{table}（{count} 个项目报告）推迟概率 {delay}%",
                    table=table,
                    count=count,
                    delay=rule.delay_chance,
                )
                for table, (rule, count) in report.observed.items()
            )
        )
    if report.assumed:
        lines.append(
            tr(
                lang,
                "{n} 个项目的风险用了假设值：{delay}% 可能推迟 {years} 年，"
                "{over}% 可能超支 {size}%",
                n=len(report.assumed),
                delay=ASSUMED.delay_chance,
                years=ASSUMED.delay_years,
                over=ASSUMED.overrun_chance,
                size=ASSUMED.overrun,
            )
        )
    return "\n".join(lines)


def _csv_rows(report: RiskReport, lang: Language) -> list[list[str]]:
    f = report.figures
    rows = [[tr(lang, "总计"), str(b.year), str(b.p10), str(b.p50), str(b.p90)] for b in f.total]
    for county, bands in f.counties.items():
        rows += [[county, str(b.year), str(b.p10), str(b.p50), str(b.p90)] for b in bands]
    return rows


def risk(
    file: Annotated[Path, typer.Argument(help="Scenario file (.toml) with or without [risk].")],
    samples: Annotated[
        int | None, typer.Option(help="Futures drawn (default: the file's, else 200).")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed (default: the file's, else 0).")] = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
    workers: Annotated[
        int, typer.Option(help="Local worker processes solving the plan, if it is not stored.")
    ] = 1,
    broker: BrokerOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Measure the scenario's plan under sampled delays and cost overruns: P10/P50/P90 of
    each year's need (total; per county in CSV and JSON), each cap's chance of being
    exceeded, the projects most often delayed and the expected weighted delay."""
    text = _read(file, lang)
    workspace = _open(db)
    runs = Runs(workspace, _executor(workspace.url, broker, workers))
    # Ctrl-C stops the sampling: the figures of the samples measured are still printed.
    cancel = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
    try:
        report = Risks(runs).simulate(text, samples=samples, seed=seed, cancel=cancel)
    except PortfolioError as exc:
        raise fail_with(exc, lang) from exc
    finally:
        signal.signal(signal.SIGINT, previous)
        runs.shutdown()
        workspace.close()
    if cancel.is_set():
        typer.echo(tr(lang, "已取消模拟：已完成的样本保留"), err=True)
    if fmt is OutputFormat.table:
        _print_table(report, lang)
        return
    header = [tr(lang, "范围"), tr(lang, "年份"), "P10", "P50", "P90"]
    emit(fmt, [report_json(report)], header, _csv_rows(report, lang))
