"""The smallest changes that work, in the planner's words (one language at a time, as in
``portfolio.scenarios.words``)."""

from __future__ import annotations

from portfolio.exports.model import Language
from portfolio.scenarios.outcome import (
    CapChange,
    MemberFamily,
    Relaxation,
    RelaxationKind,
    Release,
)
from portfolio.scenarios.words import EN, ZH, cap_words, money, period_words, say

MAX_RELEASES_SAID = 10  # a long release is named by its first projects and counted


def cut_percent(basis_points: int) -> str:
    """A cut in basis points as a percentage: ``1234`` → ``12.34%``, ``2000`` → ``20%``."""
    whole, part = divmod(basis_points, 100)
    return f"{whole}%" if part == 0 else f"{whole}.{part:02d}".rstrip("0") + "%"


def _release_words(release: Release, lang: Language) -> str:
    name = release.name
    if release.family is MemberFamily.LINK:
        return say(
            lang,
            f"取消“{release.predecessor}”→“{release.successor}”的先后衔接",
            f"drop the link “{release.predecessor}” → “{release.successor}”",
        )
    if release.family is MemberFamily.LOCK:
        what = say(lang, f"解除“{name}”的锁定", f"unlock “{name}”")
        if release.funded and release.delay_years:
            what += say(
                lang,
                f"（推迟{release.delay_years}年完工）",
                f" (it then finishes {release.delay_years} years late)",
            )
        return what
    total = f"{money(release.total_wan, lang)}" if release.total_wan is not None else ""
    what = say(lang, f"放弃“{name}”", f"give up “{name}”")
    if total:
        what += say(lang, f"（总投资{total}", f" (total investment {total}")
        if release.funded is False:
            what += say(lang, "，不再安排）", ", then not funded)")
        elif release.funded and release.delay_years:
            what += say(
                lang,
                f"，仍安排但推迟{release.delay_years}年）",
                f", still funded {release.delay_years} years late)",
            )
        else:
            what += say(lang, "）", ")")
    return what


def change_words(change: CapChange, lang: Language) -> str:
    """One cap of several raised together: ``2023年总额上限提高到X亿元（现为Y亿元，即压减
    不超过12.5%）``."""
    label = cap_words(change.cap, lang)
    new, now = change.lowest_feasible_wan, change.current_wan
    cut = ""
    if change.largest_cut_bp == 0:
        cut = say(lang, "，即不压减", ", no cut")
    elif change.largest_cut_bp is not None:
        percent = cut_percent(change.largest_cut_bp)
        cut = say(lang, f"，即压减不超过{percent}", f", a cut of at most {percent}")
    return say(
        lang,
        f"{label}提高到{money(new, ZH)}（现为{money(now, ZH)}{cut}）",
        f"{label} to {money(new, EN)} (now {money(now, EN)}{cut})",
    )


def relaxation_sentence(relaxation: Relaxation, lang: Language) -> str:
    """The smallest change that works, as a sentence (each one was verified by solving)."""
    unproven = (
        ""
        if relaxation.proven
        else say(lang, "（时限内未证明为最小改动）", " (not proven the smallest in the time limit)")
    )
    kind = relaxation.kind
    if kind in (RelaxationKind.CAPS, RelaxationKind.NO_DELAY):
        changes = say(lang, "；", "; ").join(
            change_words(change, lang) for change in relaxation.changes
        )
        if kind is RelaxationKind.NO_DELAY:
            return (
                say(
                    lang,
                    f"以下上限一并提高后没有项目推迟：{changes}",
                    f"with these caps raised together no project is late: {changes}",
                )
                + unproven
            )
        return (
            say(
                lang,
                f"一个上限单独放宽不够时，以下上限一并提高即可满足：{changes}",
                f"where one cap alone is not enough, raise these together: {changes}",
            )
            + unproven
        )
    if kind is RelaxationKind.CAP:
        assert relaxation.cap is not None
        label = cap_words(relaxation.cap, lang)
        current = relaxation.current_wan or 0
        if relaxation.lowest_feasible_wan is None:
            return say(
                lang,
                f"只放宽{label}不能满足情景",
                f"raising {label} alone cannot meet the scenario",
            )
        lowest = relaxation.lowest_feasible_wan
        return (
            say(
                lang,
                f"{label}提高到{money(lowest, ZH)}（现为{money(current, ZH)}，"
                f"增加{money(lowest - current, ZH)}）即可满足，其他条件不变",
                f"raise {label} to {money(lowest, EN)} (now {money(current, EN)}, "
                f"+{money(lowest - current, EN)}) and the scenario can be met, all else held",
            )
            + unproven
        )
    if kind is RelaxationKind.CUT:
        assert relaxation.cap is not None and relaxation.largest_cut_bp is not None
        when = period_words(relaxation.cap.period, lang)
        cut = cut_percent(relaxation.largest_cut_bp)
        lowest = relaxation.lowest_feasible_wan or 0
        if relaxation.largest_cut_bp == 0:
            return (
                say(
                    lang,
                    f"{when}不能压减：总额上限至少须{money(lowest, ZH)}",
                    f"{when} cannot be cut at all: its total cap must be at least "
                    f"{money(lowest, EN)}",
                )
                + unproven
            )
        return (
            say(
                lang,
                f"{when}最多压减{cut}（总额上限{money(lowest, ZH)}）仍可满足",
                f"{when} can be cut by at most {cut} (a total cap of {money(lowest, EN)})",
            )
            + unproven
        )
    shown = relaxation.releases[:MAX_RELEASES_SAID]
    items = say(lang, "；", "; ").join(_release_words(r, lang) for r in shown)
    if len(relaxation.releases) > len(shown):
        rest = len(relaxation.releases) - len(shown)
        items += say(lang, f"；等共{len(relaxation.releases)}项", f"; and {rest} more")
    return (
        say(
            lang,
            f"放宽以下{len(relaxation.releases)}项即可满足：{items}",
            f"release these {len(relaxation.releases)} and the scenario can be met: {items}",
        )
        + unproven
    )
