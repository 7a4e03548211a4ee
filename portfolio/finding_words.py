"""Data-quality findings in the planner's words: their kinds, severities and messages in one
language at a time.

The importers store a finding's kind and severity as codes (``start_year_inferred``,
``info``) and its message in both languages (``中文 / English``); whatever shows a finding to a
reader says it through these functions.
"""

from __future__ import annotations

from portfolio.exports.model import Language

# Kind code → (Chinese, English); an unlisted kind shows its code.
FINDING_KIND_WORDS: dict[str, tuple[str, str]] = {
    "start_year_inferred": ("起始年份为推定", "Start year inferred"),
    "unknown_place": ("地点未识别", "Place not recognised"),
    "cross_plan_link": ("跨规划重复项目", "Project in two plans"),
    "province_wide": ("全省范围", "Province-wide"),
    "unknown_investment": ("总投资未知", "Investment unknown"),
    "unit_name_matched": ("单位名称异写", "Unit name spelled differently"),
    "unknown_years": ("年限未知", "Years unknown"),
    "units_incomplete": ("单位不全", "Units incomplete"),
    "duplicate_name": ("项目名称重复", "Project name repeated"),
    "place_note": ("地点附注", "Note on the place"),
    "places_incomplete": ("地点不全", "Places incomplete"),
}
SEVERITY_WORDS: dict[str, tuple[str, str]] = {
    "info": ("提示", "note"),
    "warning": ("警告", "warning"),
    "error": ("错误", "error"),
}
_SEPARATOR = " / "


def finding_kind(kind: str, lang: Language) -> str:
    """``起始年份为推定`` / ``Start year inferred`` for ``start_year_inferred``."""
    zh, en = FINDING_KIND_WORDS.get(kind, (kind, kind))
    return en if lang is Language.EN else zh


def severity_words(severity: str, lang: Language) -> str:
    """``提示`` / ``note`` for ``info``."""
    zh, en = SEVERITY_WORDS.get(severity, (severity, severity))
    return en if lang is Language.EN else zh


def finding_message(message: str, lang: Language) -> str:
    """One half of a ``中文 / English`` message; a message in one language as it is.

    The English half starts after the last separator: a Chinese half may itself hold one
    (``投资 20 亿元 / 20 亿元``), the English halves the importers write do not.
    """
    if _SEPARATOR not in message:
        return message
    chinese, english = message.rsplit(_SEPARATOR, 1)
    return english if lang is Language.EN else chinese
