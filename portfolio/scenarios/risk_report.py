"""A delay-risk simulation's report and its words, the same on every surface (the command
line, the 情景 page, the workbook's 风险模拟 sheet)."""

from __future__ import annotations

from dataclasses import dataclass

from portfolio.exports.model import Language, RiskBandLine, RiskCapLine, RiskExport
from portfolio.i18n import N_, tr
from portfolio.scenarios.outcome import CapRef
from portfolio.scenarios.risk import CapRisk, RiskFigures
from portfolio.scenarios.risk_spec import ASSUMED, RiskRule
from portfolio.scenarios.words import cap_words

MODE_WORDS = {
    "replan": N_("逐个样本在上限内重新排期"),
    "fixed": N_("固定计划，按样本推迟和超支"),
}


@dataclass(frozen=True)
class RiskReport:
    """A simulation's figures, the plan measured (its run) and the rules used: ``assumed``
    names the projects whose rule took a setting from the stated assumptions."""

    scenario: str
    run_id: int | None
    seed: int
    mode: str  # "replan" or "fixed"
    figures: RiskFigures
    names: dict[str, str]  # optimizer id → project name
    rules: dict[str, RiskRule]
    assumed: tuple[str, ...]
    observed: dict[str, tuple[RiskRule, int]]  # plan/table → its rule, projects reported


def cap_ref(risk: CapRisk) -> CapRef:
    """The cap as the scenario's words name it (a yearly cap: its period is its year)."""
    cap = risk.cap
    return CapRef(cap.kind.value, cap.key, str(cap.period), cap.period)


def share_text(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a percentage to one decimal (``-`` of nothing)."""
    return "-" if whole == 0 else f"{100 * part / whole:.1f}%"


def mode_words(mode: str, lang: Language) -> str:
    return tr(lang, MODE_WORDS.get(mode, mode))


def summary_line(report: RiskReport, lang: Language) -> str:
    f = report.figures
    line = tr(
        lang,
        "{done}/{asked} 个样本（种子 {seed}），无法排期 {infeasible} 个；"
        "期望加权推迟 {delay:.2f}；分位数按最近秩",
        done=f.measured,
        asked=f.asked,
        seed=report.seed,
        infeasible=f.infeasible,
        delay=float(f.expected_weighted_delay),
    )
    if f.unsolved or f.unproven:
        line += tr(
            lang,
            "；{unsolved} 个样本在时限内未求出（不计入各项数字），{unproven} 个未证明最优",
            unsolved=f.unsolved,
            unproven=f.unproven,
        )
    return line


def source_lines(report: RiskReport, lang: Language) -> list[str]:
    """Where the chances came from: the tables' progress reports, the stated assumptions."""
    lines = []
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
    return lines


def footer(report: RiskReport, lang: Language) -> str:
    """The lines under the tables: the mode, the samples, where the chances came from."""
    mode = tr(lang, "方式：{mode}", mode=mode_words(report.mode, lang))
    return "\n".join([mode, summary_line(report, lang), *source_lines(report, lang)])


def risk_export(report: RiskReport, lang: Language) -> RiskExport:
    """The report as the workbook's 风险模拟 sheet shows it, in ``lang``."""
    f = report.figures
    facts = (
        (tr(lang, "情景"), report.scenario),
        (tr(lang, "运行编号"), "" if report.run_id is None else str(report.run_id)),
        (tr(lang, "方式"), mode_words(report.mode, lang)),
        (tr(lang, "样本"), summary_line(report, lang)),
    )
    bands = [RiskBandLine("", b.year, b.p10, b.p50, b.p90) for b in f.total]
    for county, county_bands in f.counties.items():
        bands += [RiskBandLine(county, b.year, b.p10, b.p50, b.p90) for b in county_bands]
    return RiskExport(
        facts=facts,
        bands=tuple(bands),
        caps=tuple(
            RiskCapLine(cap_words(cap_ref(r), lang), r.cap.amount, r.exceeded, r.samples)
            for r in f.caps
        ),
        delayed=tuple((report.names.get(i, i), n) for i, n in f.delayed),
        dropped=tuple((report.names.get(i, i), n) for i, n in f.dropped),
        measured=f.measured,
        notes=tuple(source_lines(report, lang)),
    )
