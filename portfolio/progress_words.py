"""Planned against actual in the planners' words: the findings' kinds and sentences, and how
a plan's yearly figures were set. Money in 亿元 and rates in % are written here, exactly,
from the integers and fractions of :mod:`portfolio.progress`."""

from __future__ import annotations

from fractions import Fraction

from portfolio.exports.model import Language
from portfolio.formatting import rate_text, yi_text
from portfolio.i18n import N_, gettext, pN_, tr
from portfolio.progress import (
    PLANNED_BY_PROFILE,
    PLANNED_EVENLY,
    FindingKind,
    ProgressFinding,
)

# How a project's planned yearly amounts were set, as its trace says it.
PLANNED_BY_LABELS = {
    PLANNED_BY_PROFILE: N_("按已存年度安排"),
    PLANNED_EVENLY: N_("总投资按起止年份平均分摊"),
}

FINDING_LABELS: dict[FindingKind, str] = {
    FindingKind.OVERRUN_TOTAL: pN_("进度发现", "超总投资"),
    FindingKind.OVERRUN_YEAR: pN_("进度发现", "年度超支"),
    FindingKind.UNDERRUN_YEAR: pN_("进度发现", "年度滞后"),
    FindingKind.UNDERRUN_COMPLETED: pN_("进度发现", "完工结余"),
    FindingKind.LATE_START: pN_("进度发现", "开工推迟"),
    FindingKind.NOT_REPORTED: pN_("进度发现", "未报告"),
    FindingKind.NOT_COUNTED: pN_("进度发现", "重复行"),
}


def finding_text(finding: ProgressFinding, lang: Language) -> str:
    """The finding in the planners' words (money in 亿元, exact)."""
    f = finding
    planned, actual = yi_text(f.planned_wan), yi_text(f.actual_wan)
    if f.kind is FindingKind.OVERRUN_TOTAL:
        return tr(
            lang,
            "实际完成 {actual} 亿元，超过总投资 {planned} 亿元（{rate}）",
            actual=actual,
            planned=planned,
            rate=_deviation(f),
        )
    if f.kind is FindingKind.UNDERRUN_COMPLETED:
        return tr(
            lang,
            "已报告完工，实际完成 {actual} 亿元，低于总投资 {planned} 亿元（{rate}，阈值 {pct}%）",
            actual=actual,
            planned=planned,
            rate=_deviation(f),
            pct=f.threshold_pct,
        )
    if f.kind in (FindingKind.OVERRUN_YEAR, FindingKind.UNDERRUN_YEAR):
        return _year_text(f, lang)
    if f.kind is FindingKind.LATE_START:
        if f.actual_wan is None:
            return tr(
                lang,
                "计划 {planned} 年开工，截至 {year} 年未开工",
                planned=f.planned_wan,
                year=f.year,
            )
        return tr(
            lang,
            "计划 {planned} 年开工，实际 {actual} 年开工（晚 {n} 年）",
            planned=f.planned_wan,
            actual=f.actual_wan,
            n=f.actual_wan - (f.planned_wan or 0),
        )
    if f.kind is FindingKind.NOT_REPORTED:
        return tr(lang, "计划 {year} 年开工，没有报告其实际完成情况", year=f.year)
    return tr(
        lang,
        "实际完成 {actual} 亿元报在不计入合计的行上（另一规划中的同一项目只计一次），未计入合计",
        actual=actual,
    )


def _year_text(f: ProgressFinding, lang: Language) -> str:
    planned, actual = yi_text(f.planned_wan), yi_text(f.actual_wan)
    if not f.reported:
        return tr(
            lang, "{year} 年未报告实际完成投资（计划 {planned} 亿元）", year=f.year, planned=planned
        )
    if not f.planned_wan:
        return tr(
            lang, "{year} 年实际完成 {actual} 亿元，该年未安排计划投资", year=f.year, actual=actual
        )
    message = (
        N_("{year} 年实际完成 {actual} 亿元，高于计划 {planned} 亿元（{rate}，阈值 {pct}%）")
        if f.kind is FindingKind.OVERRUN_YEAR
        else N_("{year} 年实际完成 {actual} 亿元，低于计划 {planned} 亿元（{rate}，阈值 {pct}%）")
    )
    return tr(
        lang,
        message,
        year=f.year,
        actual=actual,
        planned=planned,
        rate=_deviation(f),
        pct=f.threshold_pct,
    )


def _deviation(f: ProgressFinding) -> str:
    """The deviation against plan as a signed percentage: ``+35%``, ``-12.5%``."""
    if f.deviation_wan is None or not f.planned_wan:
        return "-"
    return rate_text(Fraction(f.deviation_wan, f.planned_wan), signed=True)


def finding_label(kind: FindingKind, lang: Language) -> str:
    """The kind of a finding in a word or two."""
    return gettext(lang, FINDING_LABELS[kind])
