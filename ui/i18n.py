"""Chinese labels by default, English on request.

The planner's choice is a cookie set by the navbar's switch, so every page and every callback
of the session answers in that language, and shared URLs stay as they are; ``?lang=en`` in a
page's address chooses English too (and sets the cookie, so the page's callbacks follow).
Labels are written in Chinese in the code; :func:`t` says them in the visitor's language
through the product's one catalog (:mod:`portfolio.i18n`), where their English is.
Data (project names, places, units) is never translated. A test extracts every label given to
:func:`t` or marked with :func:`later` and checks that the catalog has its English.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from urllib.parse import parse_qs, urlencode, urlsplit

import flask

from portfolio.exports.model import Language
from portfolio.finding_words import finding_message
from portfolio.i18n import tr

LANG_COOKIE = "portfolio_lang"
LANG_PARAM = "lang"


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


def _address_lang() -> Lang | None:
    """The language ``?lang=`` names, in the request's own address or else in its page's.

    Dash fetches the layout and runs callbacks with requests of their own, without the page's
    query string; the browser names the page in the ``Referer`` header. Only a page of this
    app counts: another site's address does not choose the language.
    """
    page = urlsplit(flask.request.referrer or "")
    page_query = page.query if page.netloc == flask.request.host else ""
    for value in (
        flask.request.args.get(LANG_PARAM),
        parse_qs(page_query).get(LANG_PARAM, [None])[0],
    ):
        if value in (Lang.ZH.value, Lang.EN.value):
            return Lang(value)
    return None


def current_lang() -> Lang:
    """The language of the request being answered (Chinese outside a request)."""
    if not flask.has_request_context():
        return Lang.ZH
    # Looked up once per request: a page with thousands of rows asks for every label.
    known: Lang | None = getattr(flask.g, "portfolio_lang", None)
    if known is not None:
        return known
    chosen = _address_lang()
    if chosen is None:
        cookie = flask.request.cookies.get(LANG_COOKIE)
        chosen = Lang(cookie) if cookie in (Lang.ZH.value, Lang.EN.value) else Lang.ZH
    flask.g.portfolio_lang = chosen
    return chosen


def export_lang() -> Language:
    """The language of a workbook downloaded from the app: the visitor's."""
    return Language.EN if current_lang() is Lang.EN else Language.ZH


def remember_choice(server: flask.Flask) -> None:
    """Make ``?lang=`` in an address stick: the response sets the language cookie."""

    @server.after_request
    def _set_cookie(response: flask.Response) -> flask.Response:
        value = flask.request.args.get(LANG_PARAM)
        if value in (Lang.ZH.value, Lang.EN.value):
            response.set_cookie(LANG_COOKIE, value, max_age=365 * 24 * 3600, samesite="Lax")
        return response


def t(text: str, /, **values: object) -> str:
    """``text`` (Chinese) in the current language, with ``{name}`` fields filled in.

    >>> t("共 {n} 个项目", n=3)
    '共 3 个项目'
    """
    return tr(export_lang(), text, **values)


def later(text: str, /) -> str:
    """``text`` unchanged: a label of a module constant, translated by :func:`t` where shown.

    Constants are evaluated once, at import; the page calls ``t(constant)`` when it draws, in
    the visitor's language. The label test finds ``later("…")`` like ``t("…")``.
    """
    return text


def page_title(name: str) -> Callable[..., str]:
    """A page's browser-tab title (``甘特图 · 规划项目库``), drawn in the visitor's language."""

    def title(**_path: object) -> str:
        return t("{page} · {app}", page=t(name), app=t("规划项目库"))

    return title


def keep_lang(search: str) -> str:
    """``search`` (a query string a callback writes into the address) keeping ``?lang=``.

    A page opened as ``?lang=en`` stays English when its filters rewrite the address; a
    language chosen with the navbar's switch lives in the cookie and needs nothing here.
    """
    if not flask.has_request_context():
        return search
    chosen = _address_lang()
    if chosen is None:
        return search
    params = {key: values[0] for key, values in parse_qs(search.lstrip("?")).items()}
    return "?" + urlencode(params | {LANG_PARAM: chosen.value})


def bilingual(message: str) -> str:
    """One half of a stored ``中文 / English`` message, by the current language."""
    return finding_message(message, export_lang())
