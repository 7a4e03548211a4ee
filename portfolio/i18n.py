"""The product's one translation mechanism: gettext catalogs, Chinese written in the code.

Every message is written in Chinese where it is used; that text is the msgid. The English
catalog, ``portfolio/locale/en/LC_MESSAGES/messages.po``, translates it. Babel reads the
``.po`` and compiles it in memory at first use, so there is no build step and no ``.mo`` in
the repository. Data (project names, places, units) is never a message.

How code marks its messages, so that ``pybabel extract`` finds them (the keywords are in
pyproject's ``[tool.babel.extract_messages]``; the web app's ``t``/``later`` are two more):

- ``tr(lang, "推迟 {n} 年", n=2)`` translates and fills ``{name}`` fields;
- ``ntr(lang, "{n}个季度", "{n}个季度", n)`` where English needs a plural (Chinese has one form);
- ``N_("汇总")`` marks a constant, translated where shown by ``gettext(lang, constant)``;
- ``pN_("表头", "目标")`` marks one in a context, where one Chinese word needs two Englishes.

An English translation fills the fields its Chinese fills. One exception: where a parser
explains in English what it could not read (tomllib, the period and money readers), the code
passes that text as ``detail`` and the English may say it instead of its own words.

The optimizer never translates: it is a library below all this.
"""

from __future__ import annotations

import gettext as _gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from portfolio.exports.model import Language

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DETAIL = "detail"  # the field of a parser's own English explanation (see above)
# gettext's own separator between a message's context and its msgid in a compiled catalog.
_CONTEXT = "\x04"


def catalog_path(lang: Language) -> Path:
    """Where the ``.po`` of ``lang`` lives (Chinese has none: it is the source)."""
    return LOCALE_DIR / lang.value / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: Language) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang``; Chinese passes messages through as written.

    Fuzzy entries are left out: a guess is not a translation (and a test refuses them).
    """
    if lang is Language.ZH:
        return _gettext.NullTranslations()
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang.value)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def gettext(lang: Language, message: str) -> str:
    """``message`` (Chinese, maybe marked by :func:`pN_`) in ``lang``; as written when the
    catalog has no translation for it (a test sees that none is missing).

    >>> gettext(Language.ZH, "汇总")
    '汇总'
    """
    translated = translations(lang).gettext(message)
    if translated == message and _CONTEXT in message:
        return message.split(_CONTEXT, 1)[1]
    return translated


def tr(lang: Language, message: str, /, **values: object) -> str:
    """``message`` in ``lang`` with its ``{name}`` fields filled in.

    >>> tr(Language.ZH, "共 {n} 个项目", n=3)
    '共 3 个项目'
    """
    text = gettext(lang, message)
    return text.format(**values) if values else text


def ntr(lang: Language, singular: str, plural: str, n: int, /, **values: object) -> str:
    """A message whose English depends on ``n`` (Chinese gives the same text twice); ``n`` is
    one of its fields.

    >>> ntr(Language.ZH, "{n}个季度", "{n}个季度", 3)
    '3个季度'
    """
    return translations(lang).ngettext(singular, plural, n).format(n=n, **values)


def N_(message: str, /) -> str:
    """``message`` unchanged: marks a constant for extraction, translated where shown."""
    return message


def pN_(context: str, message: str, /) -> str:
    """``message`` in ``context``, for :func:`gettext`: where one Chinese word says two things
    (``目标`` as a sheet's block and as a column)."""
    return f"{context}{_CONTEXT}{message}"
