"""The smallest changes that work, in the planner's words (one language at a time, as in
``portfolio.scenarios.words``)."""

from __future__ import annotations

from portfolio.exports.model import Language
from portfolio.i18n import tr
from portfolio.scenarios.outcome import (
    CapChange,
    MemberFamily,
    Relaxation,
    RelaxationKind,
    Release,
)
from portfolio.scenarios.words import cap_words, money, period_words

MAX_RELEASES_SAID = 10  # a long release is named by its first projects and counted


def cut_percent(basis_points: int) -> str:
    """A cut in basis points as a percentage: ``1234`` → ``12.34%``, ``2000`` → ``20%``."""
    whole, part = divmod(basis_points, 100)
    return f"{whole}%" if part == 0 else f"{whole}.{part:02d}".rstrip("0") + "%"


def _release_words(release: Release, lang: Language) -> str:
    name = release.name
    if release.family is MemberFamily.LINK:
        return tr(
            lang,
            "取消“{predecessor}”→“{successor}”的先后衔接",
            predecessor=release.predecessor,
            successor=release.successor,
        )
    if release.family is MemberFamily.LOCK:
        what = tr(lang, "解除“{name}”的锁定", name=name)
        if release.funded and release.delay_years:
            what += tr(lang, "（推迟{years}年完工）", years=release.delay_years)
        return what
    what = tr(lang, "放弃“{name}”", name=name)
    if release.total_wan is None:
        return what
    total = money(release.total_wan, lang)
    if release.funded is False:
        return what + tr(lang, "（总投资{total}，不再安排）", total=total)
    if release.funded and release.delay_years:
        return what + tr(
            lang, "（总投资{total}，仍安排但推迟{years}年）", total=total, years=release.delay_years
        )
    return what + tr(lang, "（总投资{total}）", total=total)


def change_words(change: CapChange, lang: Language) -> str:
    """One cap of several raised together: ``2023年总额上限提高到X亿元（现为Y亿元，即压减
    不超过12.5%）``."""
    new, now = change.lowest_feasible_wan, change.current_wan
    cut = ""
    if change.largest_cut_bp == 0:
        cut = tr(lang, "，即不压减")
    elif change.largest_cut_bp is not None:
        cut = tr(lang, "，即压减不超过{percent}", percent=cut_percent(change.largest_cut_bp))
    return tr(
        lang,
        "{cap}提高到{new}（现为{now}{cut}）",
        cap=cap_words(change.cap, lang),
        new=money(new, lang),
        now=money(now, lang),
        cut=cut,
    )


def _caps_sentence(relaxation: Relaxation, lang: Language) -> str:
    changes = tr(lang, "；").join(change_words(change, lang) for change in relaxation.changes)
    if relaxation.kind is RelaxationKind.NO_DELAY:
        return tr(lang, "以下上限一并提高后没有项目推迟：{changes}", changes=changes)
    return tr(lang, "一个上限单独放宽不够时，以下上限一并提高即可满足：{changes}", changes=changes)


def _cap_sentence(relaxation: Relaxation, lang: Language) -> str:
    assert relaxation.cap is not None
    label = cap_words(relaxation.cap, lang)
    current = relaxation.current_wan or 0
    if relaxation.lowest_feasible_wan is None:
        return tr(lang, "只放宽{cap}不能满足情景", cap=label)
    lowest = relaxation.lowest_feasible_wan
    return tr(
        lang,
        "{cap}提高到{lowest}（现为{current}，增加{more}）即可满足，其他条件不变",
        cap=label,
        lowest=money(lowest, lang),
        current=money(current, lang),
        more=money(lowest - current, lang),
    )


def _cut_sentence(relaxation: Relaxation, lang: Language) -> str:
    assert relaxation.cap is not None and relaxation.largest_cut_bp is not None
    when = period_words(relaxation.cap.period, lang)
    lowest = money(relaxation.lowest_feasible_wan or 0, lang)
    if relaxation.largest_cut_bp == 0:
        return tr(lang, "{when}不能压减：总额上限至少须{lowest}", when=when, lowest=lowest)
    cut = cut_percent(relaxation.largest_cut_bp)
    return tr(
        lang, "{when}最多压减{cut}（总额上限{lowest}）仍可满足", when=when, cut=cut, lowest=lowest
    )


def _releases_sentence(relaxation: Relaxation, lang: Language) -> str:
    shown = relaxation.releases[:MAX_RELEASES_SAID]
    items = tr(lang, "；").join(_release_words(r, lang) for r in shown)
    if len(relaxation.releases) > len(shown):
        items += tr(lang, "；等共{n}项", n=len(relaxation.releases))
    return tr(lang, "放宽以下{n}项即可满足：{items}", n=len(relaxation.releases), items=items)


def relaxation_sentence(relaxation: Relaxation, lang: Language) -> str:
    """The smallest change that works, as a sentence (each one was verified by solving)."""
    kind = relaxation.kind
    if kind in (RelaxationKind.CAPS, RelaxationKind.NO_DELAY):
        sentence = _caps_sentence(relaxation, lang)
    elif kind is RelaxationKind.CAP:
        sentence = _cap_sentence(relaxation, lang)
        if relaxation.lowest_feasible_wan is None:
            return sentence
    elif kind is RelaxationKind.CUT:
        sentence = _cut_sentence(relaxation, lang)
    else:
        sentence = _releases_sentence(relaxation, lang)
    if relaxation.proven:
        return sentence
    return sentence + tr(lang, "（时限内未证明为最小改动）")
