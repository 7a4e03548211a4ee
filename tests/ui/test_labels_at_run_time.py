"""Every label the pages give ``t()`` while they draw has its English in the catalog, also
those read from a table or a variable, which extraction cannot see."""

from __future__ import annotations

import dash
import pytest

import portfolio.i18n
from portfolio.exports.model import Language
from tests.catalog import english, forms, has_english
from tests.ui.test_pages_chinese import PAGES, app, workspace  # noqa: F401 - fixtures
from ui import i18n
from ui.i18n import LANG_COOKIE


@pytest.mark.parametrize(("path", "query"), PAGES)
def test_every_label_drawn_has_its_english(
    app: dash.Dash,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    query: dict[str, str],
) -> None:
    asked: set[str] = set()
    say = portfolio.i18n.tr

    def recording(lang: Language, text: str, /, **values: object) -> str:
        asked.add(text)
        return say(lang, text, **values)

    monkeypatch.setattr(i18n, "tr", recording)  # the name ui.i18n.t calls
    page = next(page for page in dash.page_registry.values() if page["path"] == path)
    headers = {"Cookie": f"{LANG_COOKIE}=en"}
    with app.server.test_request_context(path, headers=headers):
        page["layout"](**query)
        page["title"]()
    assert asked, "the page draws its labels through t()"
    # A label translated twice is asked in English the second time: that is no new label.
    said = {text for message in english() if message.id for text in forms(message.string)}
    missing = sorted(text for text in asked if not has_english(text) and text not in said)
    assert not missing, f"{path} draws labels the catalog does not translate: {missing}"
