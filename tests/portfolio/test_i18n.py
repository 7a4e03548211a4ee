"""The one translation mechanism: every message of the code has its English in the catalog,
and the catalog holds no message the code no longer says."""

from __future__ import annotations

import string

from portfolio.exports.model import Language
from portfolio.i18n import DETAIL, gettext, ntr, pN_, tr
from tests.catalog import english, extracted, forms


def _translated(text: str | tuple[str, ...] | list[str] | None) -> bool:
    return bool(forms(text)) and all(form.strip() for form in forms(text))


def _msgid(message_id: str | tuple[str, ...] | list[str]) -> str:
    return forms(message_id)[0]


def test_every_message_of_the_code_has_its_english() -> None:
    messages = extracted()
    assert len(messages) > 100, "the code marks its messages"
    catalog = english()
    missing = {
        key: where
        for key, where in messages.items()
        if (found := catalog.get(key[1], context=key[0])) is None or not _translated(found.string)
    }
    assert not missing, f"messages without English (update the catalog, see README): {missing}"
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert not fuzzy, f"fuzzy translations are guesses, check them: {fuzzy}"


def test_the_catalog_holds_no_message_the_code_no_longer_says() -> None:
    messages = extracted()
    obsolete = [
        (message.context, message.id)
        for message in english()
        if message.id and (message.context, _msgid(message.id)) not in messages
    ]
    assert not obsolete, f"messages no longer in the code (pybabel update drops them): {obsolete}"
    assert not english().obsolete


def _fields(text: str) -> set[str]:
    """The names of a message's ``{name}`` fields (``{month.month}`` names ``month``)."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(text):
        if name:
            names.add(name.split(".")[0].split("[")[0])
    return names


def test_english_fills_the_same_fields_as_the_chinese() -> None:
    for message in english():
        if not message.id:
            continue
        chinese = _fields(_msgid(message.id))
        for text in forms(message.string):
            said = _fields(text)
            # Or, where a parser says in English what it could not read, its {detail}.
            assert said == chinese or (DETAIL in said and said - {DETAIL} <= chinese), (
                message.id,
                text,
            )


def test_messages_in_each_language() -> None:
    assert tr(Language.ZH, "{year}年没有总额上限：增加资金不改变结果", year=2024)[:5] == "2024年"
    assert tr(Language.EN, "余{amount}", amount="0.5") == "0.5 left"
    assert ntr(Language.EN, "{n}个季度", "{n}个季度", 1) == "1 quarter"
    assert ntr(Language.EN, "{n}个季度", "{n}个季度", 3) == "3 quarters"
    assert ntr(Language.ZH, "{n}个季度", "{n}个季度", 3) == "3个季度"
    # One Chinese word, two Englishes: the context tells them apart.
    assert gettext(Language.EN, pN_("标题", "目标")) == "Objectives"
    assert gettext(Language.EN, "目标") == "Objective"
    assert gettext(Language.ZH, pN_("标题", "目标")) == "目标"
