"""Chinese labels by default, English on request.

The planner's choice is a cookie set by the navbar's switch, so every page and every callback
of the session answers in that language, and shared URLs stay as they are; ``?lang=en`` in a
page's address overrides it for that page. Labels are written in Chinese in the code and
looked up here: :func:`t` returns the English text when English is chosen and one is known.
Data (project names, places, units) is never translated. A test checks that every literal
label passed to :func:`t` has an English entry.
"""

from __future__ import annotations

from enum import StrEnum

import flask

LANG_COOKIE = "portfolio_lang"
LANG_PARAM = "lang"


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


def current_lang() -> Lang:
    """The language of the request being answered (Chinese outside a request)."""
    if not flask.has_request_context():
        return Lang.ZH
    for value in (flask.request.args.get(LANG_PARAM), flask.request.cookies.get(LANG_COOKIE)):
        if value in (Lang.ZH.value, Lang.EN.value):
            return Lang(value)
    return Lang.ZH


def t(text: str, /, **values: object) -> str:
    """``text`` (Chinese) in the current language, with ``{name}`` fields filled in.

    >>> t("共 {n} 个项目", n=3)
    '共 3 个项目'
    """
    chosen = EN.get(text, text) if current_lang() is Lang.EN else text
    return chosen.format(**values) if values else chosen


def bilingual(message: str) -> str:
    """One half of a ``中文 / English`` message, by the current language."""
    if " / " not in message:
        return message
    chinese, english = message.split(" / ", 1)
    return english if current_lang() is Lang.EN else chinese


EN: dict[str, str] = {
    # The app
    "规划项目库": "Portfolio planner",
    "概览": "Overview",
    "项目库": "Projects",
    "资金": "Funding",
    "指标": "Indicators",
    "甘特图": "Gantt",
    "重叠": "Overlap",
    "情景": "Scenarios",
    "共 {n} 个项目": "{n} projects in all",
}
