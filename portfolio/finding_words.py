"""Data-quality findings in the planner's words: their kinds, severities and messages in one
language at a time.

The importers store a finding's kind and severity as codes (``start_year_inferred``,
``info``) and its message in both languages (``中文 / English``); whatever shows a finding to a
reader says it through these functions.
"""

from __future__ import annotations

from portfolio.exports.model import Language
from portfolio.i18n import N_, gettext

# Kind code → message (English in the catalog); an unlisted kind shows its code.
FINDING_KIND_WORDS: dict[str, str] = {
    "start_year_inferred": N_("起始年份为推定"),
    "unknown_place": N_("地点未识别"),
    "cross_plan_link": N_("跨规划重复项目"),
    "province_wide": N_("全省范围"),
    "unknown_investment": N_("总投资未知"),
    "unit_name_matched": N_("单位名称异写"),
    "unknown_years": N_("年限未知"),
    "units_incomplete": N_("单位不全"),
    "duplicate_name": N_("项目名称重复"),
    "place_note": N_("地点附注"),
    "places_incomplete": N_("地点不全"),
}
SEVERITY_WORDS: dict[str, str] = {
    "info": N_("提示"),
    "warning": N_("警告"),
    "error": N_("错误"),
}
_SEPARATOR = " / "


def finding_kind(kind: str, lang: Language) -> str:
    """``起始年份为推定`` / ``Start year inferred`` for ``start_year_inferred``."""
    return gettext(lang, FINDING_KIND_WORDS[kind]) if kind in FINDING_KIND_WORDS else kind


def severity_words(severity: str, lang: Language) -> str:
    """``提示`` / ``note`` for ``info``."""
    return gettext(lang, SEVERITY_WORDS[severity]) if severity in SEVERITY_WORDS else severity


def finding_message(message: str, lang: Language) -> str:
    """One half of a ``中文 / English`` message; a message in one language as it is.

    The English half starts after the last separator: a Chinese half may itself hold one
    (``投资 20 亿元 / 20 亿元``), the English halves the importers write do not.
    """
    if _SEPARATOR not in message:
        return message
    chinese, english = message.rsplit(_SEPARATOR, 1)
    return english if lang is Language.EN else chinese
