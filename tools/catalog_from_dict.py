"""Fill the English catalog from a Python table ``{Chinese: English}`` (one-off conversions).

    python3 tools/catalog_from_dict.py ui.i18n:EN

Run ``pybabel extract && pybabel update …`` (README, "Translations") first, so the catalog
holds every message the code marks; this fills the empty ``msgstr`` of those found in the
table (replacing pybabel's fuzzy guesses), and reports what it could not place: table entries
the code does not mark (unmarked constants, or words no longer used) and entries whose English
differs from the catalog's.
"""

from __future__ import annotations

import importlib
import sys

from babel.messages.pofile import read_po, write_po

from portfolio.exports.model import Language
from portfolio.i18n import catalog_path


def fill(table: dict[str, str]) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Fill the catalog's empty translations from ``table``; the entries not placed, and the
    conflicts ``(msgid, catalog's English, table's English)``."""
    path = catalog_path(Language.EN)
    with path.open("rb") as po:
        catalog = read_po(po, locale="en")
    placed: set[str] = set()
    conflicts: list[tuple[str, str, str]] = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str) or message.context:
            continue
        english = table.get(message.id)
        if english is None:
            continue
        placed.add(message.id)
        if not message.string or message.fuzzy:  # a fuzzy match is pybabel's guess
            message.string = english
            message.flags.discard("fuzzy")
        elif message.string != english:
            conflicts.append((message.id, str(message.string), english))
    with path.open("wb") as po:
        write_po(po, catalog, width=100)
    return [msgid for msgid in table if msgid not in placed], conflicts


def main(source: str) -> int:
    module, _, name = source.partition(":")
    table = getattr(importlib.import_module(module), name)
    unplaced, conflicts = fill(table)
    for msgid in unplaced:
        print(f"not marked in the code: {msgid!r} → {table[msgid]!r}")
    for msgid, known, english in conflicts:
        print(f"kept the catalog's English of {msgid!r}: {known!r}, not {english!r}")
    return 1 if unplaced or conflicts else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
