"""A scenario's result in the planner's words: one language at a time.

Chinese by default, English on request; projects, places, tables and years are named as the
documents write them, never by objective keys or Python values. The 情景 page, the command
line and the workbook all say their sentences through these functions.
"""

from __future__ import annotations

from collections.abc import Sequence

from portfolio.exports.model import Language
from portfolio.formatting import yi_text
from portfolio.i18n import N_, gettext, ntr, pN_, tr
from portfolio.scenarios.outcome import (
    CapOutcome,
    CapRef,
    Conflict,
    ConflictMember,
    DelayReason,
    MarginalValue,
    MemberFamily,
    Outcome,
    ScenarioResult,
)
from portfolio.scenarios.periods import PeriodUnit, parse_period_key

OUTCOME_MESSAGES: dict[Outcome, str] = {
    Outcome.OPTIMAL: N_("最优（已证明）"),
    Outcome.FEASIBLE: N_("可行（时限内未证明最优）"),
    Outcome.PARTLY_FUNDED: N_("部分项目未安排"),
    Outcome.INFEASIBLE: N_("无法满足（条件互相冲突）"),
    Outcome.TIMED_OUT: N_("时限内未找到方案"),
    Outcome.INVALID: N_("模型无效（程序错误）"),
    Outcome.CANCELLED: N_("已取消"),
    Outcome.FAILED: N_("运行失败"),
}
OBJECTIVE_MESSAGES: dict[str, str] = {
    "value": N_("安排价值"),
    "delay": N_("加权延期（年）"),
    "completion": N_("最晚完工年份"),
    "level": N_("超支峰值（万元）"),
}
# A run in quarters or months counts its delay in them.
DELAY_IN_PERIODS: dict[str, str] = {
    "quarter": N_("加权延期（季度）"),
    "month": N_("加权延期（月）"),
}
MONTHS = [N_("1月"), N_("2月"), N_("3月"), N_("4月"), N_("5月"), N_("6月"),
          N_("7月"), N_("8月"), N_("9月"), N_("10月"), N_("11月"), N_("12月")]  # fmt: skip
# A cap on a place or a table: the same Chinese, an English that names what is capped.
CAP_OF_KIND: dict[str, str] = {
    "region": pN_("县", "{when}{key}上限"),
    "city": pN_("市", "{when}{key}上限"),
    "table": pN_("表", "{when}{key}上限"),
}


def money(wan: int, lang: Language) -> str:
    """万元 as the planners write it: ``12.5亿元``; English ``12.5 × 100M CNY``."""
    return tr(lang, "{amount}亿元", amount=yi_text(wan))


def count(n: int, unit: str, lang: Language) -> str:
    """``3个季度`` / ``3 quarters``."""
    if unit == "quarter":
        return ntr(lang, "{n}个季度", "{n}个季度", n)
    if unit == "month":
        return ntr(lang, "{n}个月", "{n}个月", n)
    return ntr(lang, "{n}年", "{n}年", n)


def period_words(label: str, lang: Language) -> str:
    """``2023年`` / ``2023``; ``2023年第2季度`` / ``Q2 2023``; ``2023年5月`` / ``May 2023``;
    a span of periods as it is."""
    if label.isdigit():
        return tr(lang, "{year}年", year=label)
    try:
        key = parse_period_key(label)
    except ValueError:
        return label
    if key.unit is PeriodUnit.QUARTER:
        return tr(lang, "{year}年第{quarter}季度", year=key.year, quarter=key.index)
    return tr(lang, "{year}年{month}", year=key.year, month=gettext(lang, MONTHS[key.index - 1]))


def cap_words(cap: CapRef, lang: Language) -> str:
    """``2023年总额上限`` / ``the total cap of 2023``; ``2023年晋江市上限``; plans by key."""
    when = period_words(cap.period, lang)
    if cap.kind == "total":
        return tr(lang, "{when}总额上限", when=when)
    if cap.kind == "plan":
        return tr(lang, "{when}规划“{key}”上限", when=when, key=cap.key)
    return tr(lang, CAP_OF_KIND[cap.kind], when=when, key=cap.key)


def cap_state(cap: CapOutcome, lang: Language) -> str:
    """Whether a cap is full, from the run's one measure of it (``binding``: not even the
    smallest amount a project could add fits), else what is left: ``已满`` / ``余0.027亿元``."""
    if cap.binding:
        return tr(lang, "已满")
    return tr(lang, "余{amount}", amount=money(cap.slack_wan, lang))


def status_words(status: str, lang: Language) -> str:
    """A solve's status code (``optimal``) as the planner says it; an unknown code as it is."""
    try:
        return gettext(lang, OUTCOME_MESSAGES[Outcome(status)])
    except ValueError:
        return status


def outcome_words(result: ScenarioResult, lang: Language) -> str:
    return gettext(lang, OUTCOME_MESSAGES[result.outcome])


def objective_name(name: str, periods: str, lang: Language) -> str:
    """An objective's label; a run in quarters or months counts its delay in them."""
    if name == "delay" and periods in DELAY_IN_PERIODS:
        return gettext(lang, DELAY_IN_PERIODS[periods])
    return gettext(lang, OBJECTIVE_MESSAGES[name]) if name in OBJECTIVE_MESSAGES else name


def headline(result: ScenarioResult, lang: Language) -> str:
    """The first line about a run: its outcome and what that means for the plan."""
    outcome = result.outcome
    seconds = f"{result.solve_seconds:.1f}"
    if outcome is Outcome.CANCELLED:
        return tr(lang, "已取消：未得到方案，情景已保存。")
    if outcome is Outcome.FAILED:
        error = result.error or tr(lang, "未知错误")
        return tr(lang, "运行失败：{error}。情景已保存，可修改后再运行。", error=error)
    if outcome is Outcome.INFEASIBLE:
        return tr(
            lang, "无法满足：没有方案能同时满足全部条件（用时 {seconds} 秒）。", seconds=seconds
        )
    if outcome is Outcome.TIMED_OUT:
        return tr(
            lang,
            "时限内未找到方案（{seconds} 秒）：没有可显示的安排，可延长时限或放宽条件后再运行。",
            seconds=seconds,
        )
    if outcome is Outcome.INVALID:
        return tr(lang, "求解器拒绝了模型（程序错误），请报告。")
    funded, total = len(result.funded()), len(result.projects)
    late = len(result.delayed())
    state = outcome_words(result, lang)
    if outcome is Outcome.PARTLY_FUNDED:
        solved = gettext(lang, OUTCOME_MESSAGES[Outcome(result.status.value)])
        state = tr(lang, "{solved}，{state}", solved=solved, state=state)
    return tr(
        lang,
        "{state}：{total} 个项目中安排 {funded} 个，推迟 {late} 个，未安排 {unfunded} 个"
        "（用时 {seconds} 秒）。",
        state=state,
        total=total,
        funded=funded,
        late=late,
        unfunded=total - funded,
        seconds=seconds,
    )


def _moved(reason: DelayReason, periods: str, lang: Language) -> str:
    if not reason.funded:
        return tr(lang, "“{name}”未安排", name=reason.name)
    unit = periods if reason.delay_periods is not None else "year"
    late = reason.delay_periods if reason.delay_periods is not None else reason.delay_years
    stretch = reason.stretch_periods if reason.stretch_periods is not None else reason.stretch_years
    text = tr(lang, "“{name}”推迟{late}完工", name=reason.name, late=count(late, unit, lang))
    if stretch:
        text += tr(lang, "（工期延长{stretch}）", stretch=count(stretch, unit, lang))
    return text


def delay_sentence(reason: DelayReason, periods: str, lang: Language) -> str:
    """Why one project moved: the caps without room for its planned amounts in its planned
    years, with what they allowed, what was spent and whether full (:func:`cap_state`, as the
    run's list of caps says); limits reached; predecessors finishing late."""
    reasons = []
    if reason.full_caps:
        caps = tr(lang, "；").join(
            tr(
                lang,
                "{cap}（{limit}，已安排{used}，{state}）",
                cap=cap_words(c.cap, lang),
                limit=money(c.limit_wan, lang),
                used=money(c.used_wan, lang),
                state=cap_state(c, lang),
            )
            for c in reason.full_caps
        )
        reasons.append(tr(lang, "原计划期间容不下其原定金额的上限：{caps}", caps=caps))
    for limit in reason.full_limits:
        when = period_words(limit.period, lang)
        reasons.append(tr(lang, "{when}{key}同时在建项目已达上限", when=when, key=limit.key))
    for link in reason.late_predecessors:
        before = link.split("→")[0]
        reasons.append(tr(lang, "前序项目“{before}”完成较晚", before=before))
    head = _moved(reason, periods, lang)
    if not reasons:
        return head + tr(lang, "。")
    return head + tr(lang, "：") + tr(lang, "；").join(reasons) + tr(lang, "。")


def _history_words(member: ConflictMember, as_of: int, lang: Language) -> str:
    spent = tr(lang, "、").join(
        tr(lang, "{year}年计划支出{amount}", year=year, amount=money(amount, lang))
        for year, amount in sorted(member.planned_wan.items())
    )
    text = tr(
        lang, "“{name}”在 as_of = {as_of} 之前已开工，不能调整", name=member.name, as_of=as_of
    )
    return text + (tr(lang, "（{spent}）", spent=spent) if spent else "")


def member_words(member: ConflictMember, as_of: int, lang: Language) -> str:
    """One condition of a conflict as a planner says it."""
    family, name = member.family, member.name
    settings = tr(lang, "（项目设置）") if member.from_settings else ""
    if family is MemberFamily.CAP:
        assert member.cap is not None
        return cap_words(member.cap, lang)
    if family is MemberFamily.CONCURRENCY:
        assert member.cap is not None
        when = period_words(member.cap.period, lang)
        return tr(lang, "{when}{key}同时在建项目数上限", when=when, key=member.cap.key)
    if family is MemberFamily.MUST_FUND:
        return tr(lang, "“{name}”必须安排", name=name) + settings
    if family is MemberFamily.REQUIRED:
        return tr(lang, "“{name}”须安排（目标中没有“安排价值”，每个项目都须安排）", name=name)
    if family is MemberFamily.LOCK:
        return tr(lang, "“{name}”已锁定，须按原计划年份", name=name) + settings
    if family is MemberFamily.HISTORY:
        return _history_words(member, as_of, lang)
    return tr(
        lang,
        "“{successor}”须在“{predecessor}”完成后开工",
        successor=member.successor,
        predecessor=member.predecessor,
    )


def conflict_lines(conflict: Conflict, lang: Language) -> list[str]:
    """The conditions that cannot all hold, one per line, and a note when not proven minimal."""
    lines = [member_words(member, conflict.as_of, lang) for member in conflict.members]
    if not conflict.minimal:
        lines.append(tr(lang, "部分检查超时：以上条件未证明为最小集合，其中可能有可以去掉的。"))
    return lines


def conflict_sentence(conflict: Conflict, lang: Language) -> str:
    """The conflict in one sentence."""
    lines = conflict_lines(conflict, lang)
    members, note = lines[: len(conflict.members)], lines[len(conflict.members) :]
    text = tr(lang, "以下条件不能同时满足：{members}。", members=tr(lang, "；").join(members))
    return " ".join([text, *note])


def marginal_sentence(
    value: MarginalValue, objectives: Sequence[str], periods: str, lang: Language
) -> str:
    """What raising a full cap by a step would change."""
    label = cap_words(value.cap.cap, lang)
    if value.change is None:
        text = tr(lang, "重新求解在时限内未得到不差于当前的结果")
    else:
        parts = [
            f"{objective_name(name, periods, lang)} {delta:+,}"
            for name, delta in zip(objectives, value.change, strict=False)
            if delta
        ]
        text = tr(lang, "，").join(parts) if parts else tr(lang, "目标无变化")
    return tr(
        lang, "{label}提高{step}：{text}", label=label, step=money(value.step_wan, lang), text=text
    )


SKIP_WORDS: dict[str, str] = {
    "counted_elsewhere": N_("已在另一规划中计入"),
    "money_unknown": N_("总投资不明"),
    "years_unknown": N_("起止年份不明"),
    "profile_misfit": N_("已导入的年度金额与其年份或总投资不符"),
    "outside_horizon": N_("计划年份超出情景年份范围"),
}


def skip_words(reason: str, horizon: tuple[int, int], lang: Language) -> str:
    """Why a project is left out of a scenario; a reason not known here is shown as is."""
    if reason not in SKIP_WORDS:
        return reason
    said = gettext(lang, SKIP_WORDS[reason])
    if reason == "outside_horizon":
        first, last = horizon
        return tr(lang, "{reason}（{first}-{last}年）", reason=said, first=first, last=last)
    return said


def uncapped_sentence(year: int, lang: Language) -> str:
    return tr(lang, "{year}年没有总额上限：增加资金不改变结果", year=year)
