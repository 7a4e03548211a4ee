"""What re-planning from progress reports did, in the planner's words (``ReplanNote``)."""

from __future__ import annotations

from collections import Counter

from portfolio.exports.model import Language
from portfolio.i18n import N_, tr
from portfolio.scenarios.outcome import ReplanKind, ReplanNote, ScenarioResult
from portfolio.scenarios.words import money

# One project: {name}, {amount} (money), {as_of}.
NOTE_WORDS = {
    ReplanKind.ASSUMED: N_("“{name}”未报告实际完成情况：{as_of}年以前按计划计为已支出{amount}"),
    ReplanKind.OVERRUN: N_("“{name}”实际支出超出总投资{amount}"),
    ReplanKind.COMPLETED: N_("“{name}”已完工：不再安排"),
    ReplanKind.CANCELLED: N_("“{name}”已取消：剩余{amount}不再安排"),
    ReplanKind.SPENT: N_("“{name}”总投资已支出完毕：不再安排"),
    ReplanKind.CARRIED: N_("“{name}”计划年份已过仍未完工：剩余{amount}结转至{as_of}年起安排"),
}
# Several projects of a kind: {n}.
KIND_WORDS = {
    ReplanKind.ASSUMED: N_("{n} 个项目未报告实际完成情况（按计划计）"),
    ReplanKind.OVERRUN: N_("{n} 个项目超支"),
    ReplanKind.COMPLETED: N_("{n} 个项目已完工"),
    ReplanKind.CANCELLED: N_("{n} 个项目已取消"),
    ReplanKind.SPENT: N_("{n} 个项目总投资已支出完毕"),
    ReplanKind.CARRIED: N_("{n} 个项目结转"),
}


def note_sentence(note: ReplanNote, as_of: int, lang: Language) -> str:
    """One project: what re-planning at ``as_of`` took as its history or did with it."""
    return tr(
        lang,
        NOTE_WORDS[note.kind],
        name=note.name,
        amount=money(note.amount_wan, lang),
        as_of=as_of,
    )


def summary(result: ScenarioResult, lang: Language) -> str | None:
    """The run's re-planning in one line (``None`` when nothing was re-planned)."""
    if not result.replan_notes:
        return None
    counts = Counter(note.kind for note in result.replan_notes)
    parts = [tr(lang, KIND_WORDS[kind], n=counts[kind]) for kind in ReplanKind if counts[kind]]
    return tr(
        lang,
        "按 {as_of} 年以前的实际完成情况重排：{parts}",
        as_of=result.as_of,
        parts=tr(lang, "，").join(parts),
    )
