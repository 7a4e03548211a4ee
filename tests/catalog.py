"""The English catalog as the tests read it: the code's messages, their English, and the
product's English vocabulary that Chinese output must not show."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords
from babel.messages.pofile import read_po

from portfolio.exports.model import Language
from portfolio.i18n import catalog_path

ROOT = Path(__file__).resolve().parents[1]
# A message is its msgid, with its context where it has one.
Key = tuple[str | None, str]
_WORD = re.compile(r"[A-Za-z]+")
# Not words: format fields, Plotly's %{...} fields, HTML tags, codes (``start_year_inferred``,
# shown beside their words), commands as typed (``portfolio scenario run``), addresses and
# paths (``sqlite:////tmp/…``).
_NOT_WORDS = re.compile(
    r"%?\{[^}]*\}|<[^>]*>|\b[a-z]+(?:_[a-z]+)+\b|\bportfolio(?: [a-z][\w-]*)+(?: [A-Z]+\b)?"
    r"|\b[a-z]+://\S*|(?<!\S)/\S*"
)


@cache
def extracted() -> dict[Key, str]:
    """Every message the code marks, found as ``pybabel extract`` finds it (the settings of
    pyproject's ``[tool.babel.extract_messages]``), with where."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        settings = tomllib.load(file)["tool"]["babel"]["extract_messages"]
    keywords = parse_keywords(settings["keywords"].split())
    found: dict[Key, str] = {}
    for top in settings["input-paths"]:
        for filename, line, message, _, context in extract_from_dir(
            ROOT / top, method_map=[("**.py", "python")], keywords=keywords
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            found.setdefault((context, msgid), f"{top}/{filename}:{line}")
    return found


@cache
def english() -> Catalog:
    """The English catalog as written in the repository."""
    with catalog_path(Language.EN).open("rb") as po:
        return read_po(po, locale="en")


def forms(text: str | tuple[str, ...] | list[str] | None) -> list[str]:
    """A message's text as a list: one form, or the forms of a plural."""
    if text is None:
        return []
    return [text] if isinstance(text, str) else list(text)


def has_english(message: str) -> bool:
    """Whether the catalog translates ``message`` (no context, not fuzzy, not empty)."""
    found = english().get(message)
    return found is not None and not found.fuzzy and bool(forms(found.string)[0].strip())


@cache
def translated_messages() -> frozenset[str]:
    """The Chinese messages (no context) whose English differs from them."""
    return frozenset(
        message.id
        for message in english()
        if isinstance(message.id, str)
        and message.id
        and not message.context
        and message.string
        and message.string != message.id
    )


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(_NOT_WORDS.sub(" ", text))}


@cache
def english_words() -> frozenset[str]:
    """The product's English words: those of the catalog's translations, three letters or
    more, that its Chinese messages never write themselves (``as_of``, ``overrides``)."""
    said, written = set(), set()
    for message in english():
        if message.id:
            said |= {word for text in forms(message.string) for word in _words(text)}
            written |= {word for text in forms(message.id) for word in _words(text)}
    return frozenset(word for word in said - written if len(word) >= 3)


def english_in(text: str) -> list[str]:
    """The product's English words in ``text``."""
    return sorted(word for word in _words(text) if word in english_words())
