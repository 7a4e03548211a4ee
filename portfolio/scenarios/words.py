"""A scenario's result in the planner's words: one language at a time.

Chinese by default, English on request; projects, places, tables and years are named as the
documents write them, never by objective keys or Python values. The 情景 page, the command
line and the workbook all say their sentences through these functions.
"""

from __future__ import annotations

from collections.abc import Sequence

from portfolio.exports.model import Language
from portfolio.formatting import yi_text
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

ZH, EN = Language.ZH, Language.EN

OUTCOME_WORDS: dict[Outcome, tuple[str, str]] = {
    Outcome.OPTIMAL: ("最优（已证明）", "optimal (proven)"),
    Outcome.FEASIBLE: (
        "可行（时限内未证明最优）",
        "feasible (not proven optimal in the time limit)",
    ),
    Outcome.PARTLY_FUNDED: ("部分项目未安排", "some projects are not funded"),
    Outcome.INFEASIBLE: ("无法满足（条件互相冲突）", "cannot be met (conditions conflict)"),
    Outcome.TIMED_OUT: ("时限内未找到方案", "no plan found within the time limit"),
    Outcome.INVALID: ("模型无效（程序错误）", "the model was refused (a program error)"),
    Outcome.CANCELLED: ("已取消", "cancelled"),
    Outcome.FAILED: ("运行失败", "the run failed"),
}
OBJECTIVE_WORDS: dict[str, tuple[str, str]] = {
    "value": ("安排价值", "value funded"),
    "delay": ("加权延期（年）", "weighted delay (years)"),
    "completion": ("最晚完工年份", "last completion year"),
    "level": ("超支峰值（万元）", "peak over cap (10k CNY)"),
}
UNIT_WORDS: dict[str, tuple[str, str, str]] = {  # unit → Chinese, English one, English many
    "year": ("年", "year", "years"),
    "quarter": ("个季度", "quarter", "quarters"),
    "month": ("个月", "month", "months"),
}
KIND_WORDS: dict[str, str] = {"region": "county", "city": "city", "table": "table", "plan": "plan"}


def say(lang: Language, zh: str, en: str) -> str:
    """The Chinese or the English text."""
    return en if lang is EN else zh


def money(wan: int, lang: Language) -> str:
    """万元 as the planners write it: ``12.5亿元``; English ``12.5 × 100M CNY``."""
    return say(lang, f"{yi_text(wan)}亿元", f"{yi_text(wan)} × 100M CNY")


def count(n: int, unit: str, lang: Language) -> str:
    """``3个季度`` / ``3 quarters``."""
    zh, one, many = UNIT_WORDS[unit]
    return say(lang, f"{n}{zh}", f"{n} {one if n == 1 else many}")


def period_words(label: str, lang: Language) -> str:
    """``2023年`` / ``2023``; ``2023年第2季度`` / ``Q2 2023``; ``2023年5月`` / ``May 2023``;
    a span of periods as it is."""
    if label.isdigit():
        return say(lang, f"{label}年", label)
    try:
        key = parse_period_key(label)
    except ValueError:
        return label
    if key.unit is PeriodUnit.QUARTER:
        return say(lang, f"{key.year}年第{key.index}季度", f"Q{key.index} {key.year}")
    month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
        key.index - 1
    ]
    return say(lang, f"{key.year}年{key.index}月", f"{month} {key.year}")


def cap_words(cap: CapRef, lang: Language) -> str:
    """``2023年总额上限`` / ``the total cap of 2023``; ``2023年晋江市上限``; plans by key."""
    when = period_words(cap.period, lang)
    if cap.kind == "total":
        return say(lang, f"{when}总额上限", f"the total cap of {when}")
    if cap.kind == "plan":
        return say(lang, f"{when}规划“{cap.key}”上限", f"the cap of plan “{cap.key}” in {when}")
    return say(
        lang, f"{when}{cap.key}上限", f"the {KIND_WORDS[cap.kind]} cap of {cap.key} in {when}"
    )


def cap_state(cap: CapOutcome, lang: Language) -> str:
    """Whether a cap is full, from the run's one measure of it (``binding``: not even the
    smallest amount a project could add fits), else what is left: ``已满`` / ``余0.027亿元``."""
    if cap.binding:
        return say(lang, "已满", "full")
    return say(lang, f"余{money(cap.slack_wan, ZH)}", f"{money(cap.slack_wan, EN)} left")


def status_words(status: str, lang: Language) -> str:
    """A solve's status code (``optimal``) as the planner says it; an unknown code as it is."""
    try:
        zh, en = OUTCOME_WORDS[Outcome(status)]
    except ValueError:
        return status
    return say(lang, zh, en)


def outcome_words(result: ScenarioResult, lang: Language) -> str:
    zh, en = OUTCOME_WORDS[result.outcome]
    return say(lang, zh, en)


def objective_name(name: str, periods: str, lang: Language) -> str:
    """An objective's label; a run in quarters or months counts its delay in them."""
    if name == "delay" and periods != "year":
        unit = say(lang, "季度" if periods == "quarter" else "月", f"{periods}s")
        return say(lang, f"加权延期（{unit}）", f"weighted delay ({unit})")
    zh, en = OBJECTIVE_WORDS.get(name, (name, name))
    return say(lang, zh, en)


def headline(result: ScenarioResult, lang: Language) -> str:
    """The first line about a run: its outcome and what that means for the plan."""
    outcome = result.outcome
    seconds = f"{result.solve_seconds:.1f}"
    if outcome is Outcome.CANCELLED:
        return say(
            lang, "已取消：未得到方案，情景已保存。", "Cancelled: no plan; the scenario is kept."
        )
    if outcome is Outcome.FAILED:
        return say(
            lang,
            f"运行失败：{result.error or '未知错误'}。情景已保存，可修改后再运行。",
            f"The run failed: {result.error or 'unknown error'}. The scenario is kept: "
            "change it and run it again.",
        )
    if outcome is Outcome.INFEASIBLE:
        return say(
            lang,
            f"无法满足：没有方案能同时满足全部条件（用时 {seconds} 秒）。",
            f"Cannot be met: no plan satisfies every condition ({seconds} s).",
        )
    if outcome is Outcome.TIMED_OUT:
        return say(
            lang,
            f"时限内未找到方案（{seconds} 秒）：没有可显示的安排，可延长时限或放宽条件后再运行。",
            f"No plan found within the time limit ({seconds} s): nothing to show; allow more "
            "time or relax the scenario and run it again.",
        )
    if outcome is Outcome.INVALID:
        return say(
            lang,
            "求解器拒绝了模型（程序错误），请报告。",
            "The solver refused the model (a program error); please report it.",
        )
    funded, total = len(result.funded()), len(result.projects)
    late = len(result.delayed())
    state = outcome_words(result, lang)
    if outcome is Outcome.PARTLY_FUNDED:
        solved = Outcome(result.status.value)
        state = say(lang, "，", ", ").join([say(lang, *OUTCOME_WORDS[solved]), state])
    return say(
        lang,
        f"{state}：{total} 个项目中安排 {funded} 个，推迟 {late} 个，未安排 {total - funded} 个"
        f"（用时 {seconds} 秒）。",
        f"{state}: {funded} of {total} projects funded, {late} finish late, "
        f"{total - funded} not funded ({seconds} s).",
    )


def _moved(reason: DelayReason, periods: str, lang: Language) -> str:
    if not reason.funded:
        return say(lang, f"“{reason.name}”未安排", f"“{reason.name}” is not funded")
    unit = periods if reason.delay_periods is not None else "year"
    late = reason.delay_periods if reason.delay_periods is not None else reason.delay_years
    stretch = reason.stretch_periods if reason.stretch_periods is not None else reason.stretch_years
    text = say(
        lang,
        f"“{reason.name}”推迟{count(late, unit, ZH)}完工",
        f"“{reason.name}” finishes {count(late, unit, EN)} late",
    )
    if stretch:
        text += say(
            lang,
            f"（工期延长{count(stretch, unit, ZH)}）",
            f" (stretched by {count(stretch, unit, EN)})",
        )
    return text


def delay_sentence(reason: DelayReason, periods: str, lang: Language) -> str:
    """Why one project moved: the caps without room for its planned amounts in its planned
    years, with what they allowed, what was spent and whether full (:func:`cap_state`, as the
    run's list of caps says); limits reached; predecessors finishing late."""
    reasons = []
    if reason.full_caps:
        caps = say(lang, "；", "; ").join(
            say(
                lang,
                f"{cap_words(c.cap, ZH)}（{money(c.limit_wan, ZH)}，"
                f"已安排{money(c.used_wan, ZH)}，{cap_state(c, ZH)}）",
                f"{cap_words(c.cap, EN)} ({money(c.limit_wan, EN)}, {money(c.used_wan, EN)} "
                f"used, {cap_state(c, EN)})",
            )
            for c in reason.full_caps
        )
        reasons.append(
            say(
                lang,
                f"原计划期间容不下其原定金额的上限：{caps}",
                f"no room for its planned amounts under: {caps}",
            )
        )
    for limit in reason.full_limits:
        when = period_words(limit.period, lang)
        reasons.append(
            say(
                lang,
                f"{when}{limit.key}同时在建项目已达上限",
                f"{limit.key} has as many projects running as allowed in {when}",
            )
        )
    for link in reason.late_predecessors:
        before = link.split("→")[0]
        reasons.append(
            say(lang, f"前序项目“{before}”完成较晚", f"its predecessor “{before}” ends late")
        )
    head = _moved(reason, periods, lang)
    if not reasons:
        return head + say(lang, "。", ".")
    return head + say(lang, "：", ": ") + say(lang, "；", "; ").join(reasons) + say(lang, "。", ".")


def member_words(member: ConflictMember, as_of: int, lang: Language) -> str:
    """One condition of a conflict as a planner says it."""
    family, name = member.family, member.name
    settings = (
        say(lang, "（项目设置）", " (in the project's settings)") if member.from_settings else ""
    )
    if family is MemberFamily.CAP:
        assert member.cap is not None
        return cap_words(member.cap, lang)
    if family is MemberFamily.CONCURRENCY:
        assert member.cap is not None
        when = period_words(member.cap.period, lang)
        return say(
            lang,
            f"{when}{member.cap.key}同时在建项目数上限",
            f"the limit of projects running at once in {member.cap.key} in {when}",
        )
    if family is MemberFamily.MUST_FUND:
        return say(lang, f"“{name}”必须安排", f"“{name}” must be funded") + settings
    if family is MemberFamily.REQUIRED:
        return say(
            lang,
            f"“{name}”须安排（目标中没有“安排价值”，每个项目都须安排）",
            f"“{name}” is funded (without the value objective every project is)",
        )
    if family is MemberFamily.LOCK:
        return (
            say(lang, f"“{name}”已锁定，须按原计划年份", f"“{name}” is locked to its planned years")
            + settings
        )
    if family is MemberFamily.HISTORY:
        spent = say(lang, "、", ", ").join(
            say(
                lang,
                f"{year}年计划支出{money(amount, ZH)}",
                f"{money(amount, EN)} planned in {year}",
            )
            for year, amount in sorted(member.planned_wan.items())
        )
        return say(
            lang,
            f"“{name}”在 as_of = {as_of} 之前已开工，不能调整" + (f"（{spent}）" if spent else ""),
            f"“{name}” started before as_of = {as_of} and cannot move"
            + (f" ({spent})" if spent else ""),
        )
    return say(
        lang,
        f"“{member.successor}”须在“{member.predecessor}”完成后开工",
        f"“{member.successor}” starts after “{member.predecessor}” ends",
    )


def conflict_lines(conflict: Conflict, lang: Language) -> list[str]:
    """The conditions that cannot all hold, one per line, and a note when not proven minimal."""
    lines = [member_words(member, conflict.as_of, lang) for member in conflict.members]
    if not conflict.minimal:
        lines.append(
            say(
                lang,
                "部分检查超时：以上条件未证明为最小集合，其中可能有可以去掉的。",
                "Some checks ran out of time: these conditions are not proven to be "
                "the fewest; one of them may not be needed.",
            )
        )
    return lines


def conflict_sentence(conflict: Conflict, lang: Language) -> str:
    """The conflict in one sentence."""
    lines = conflict_lines(conflict, lang)
    members, note = lines[: len(conflict.members)], lines[len(conflict.members) :]
    text = say(
        lang,
        "以下条件不能同时满足：" + "；".join(members) + "。",
        "These cannot all hold: " + "; ".join(members) + ".",
    )
    return " ".join([text, *note])


def marginal_sentence(
    value: MarginalValue, objectives: Sequence[str], periods: str, lang: Language
) -> str:
    """What raising a full cap by a step would change."""
    label = cap_words(value.cap.cap, lang)
    if value.change is None:
        text = say(
            lang,
            "重新求解在时限内未得到不差于当前的结果",
            "the re-solve found nothing as good in time",
        )
    else:
        parts = [
            f"{objective_name(name, periods, lang)} {delta:+,}"
            for name, delta in zip(objectives, value.change, strict=False)
            if delta
        ]
        text = say(lang, "，", ", ").join(parts) if parts else say(lang, "目标无变化", "no change")
    return say(
        lang,
        f"{label}提高{money(value.step_wan, ZH)}：{text}",
        f"{label} raised by {money(value.step_wan, EN)}: {text}",
    )


SKIP_WORDS: dict[str, tuple[str, str]] = {
    "counted_elsewhere": ("已在另一规划中计入",
                          "counted once, under its row in the other plan"),
    "money_unknown": ("总投资不明", "total investment unknown"),
    "years_unknown": ("起止年份不明", "years unknown"),
    "profile_misfit": ("已导入的年度金额与其年份或总投资不符",
                       "its stored yearly amounts do not fit its years or total"),
    "outside_horizon": ("计划年份超出情景年份范围",
                        "its planned years lie outside the scenario's years"),
}  # fmt: skip


def skip_words(reason: str, horizon: tuple[int, int], lang: Language) -> str:
    """Why a project is left out of a scenario; a reason not known here is shown as is."""
    zh, en = SKIP_WORDS.get(reason, (reason, reason))
    if reason == "outside_horizon":
        first, last = horizon
        zh, en = f"{zh}（{first}-{last}年）", f"{en} ({first}-{last})"
    return say(lang, zh, en)


def uncapped_sentence(year: int, lang: Language) -> str:
    return say(
        lang,
        f"{year}年没有总额上限：增加资金不改变结果",
        f"{year} has no total cap: more money there changes nothing",
    )
