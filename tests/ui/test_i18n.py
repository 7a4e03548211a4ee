"""Chinese by default, English on request; every label has its English."""

from __future__ import annotations

import ast
from pathlib import Path
from urllib.parse import parse_qs

import flask
import pytest

from tests.catalog import has_english
from ui.i18n import LANG_COOKIE, Lang, bilingual, current_lang, keep_lang, page_title, t
from ui.views import FINDING_LABELS

UI = Path(__file__).resolve().parents[2] / "ui"


def _labels() -> dict[str, str]:
    """Every literal label given to ``t`` (or marked ``later``) in the web app, with where."""
    found: dict[str, str] = {}
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("t", "later")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{path.name}:{node.lineno}")
    return found


def test_every_label_has_its_english_in_the_catalog() -> None:
    # Read as the code is written (ast), apart from Babel's extraction: the two agree.
    labels = _labels()
    assert len(labels) > 10, "the pages pass their labels through t()"
    missing = {text: where for text, where in labels.items() if not has_english(text)}
    assert not missing, f"labels without English: {missing}"


def test_label_tables_and_column_names_have_their_english() -> None:
    from ui.pages.scenarios.form import OBJECTIVE_LABELS, PROFILE_LABELS
    from ui.pages.scenarios.views import LABEL_TABLES, RESULT_COLUMNS
    from ui.settings_views import SETTINGS_LABELS
    from ui.views import FINDING_LABELS, PROJECT_COLUMNS

    tables = (*LABEL_TABLES, OBJECTIVE_LABELS, PROFILE_LABELS, SETTINGS_LABELS, FINDING_LABELS)
    shown = [v for table in tables for v in table.values()]
    shown += [header for _, header in PROJECT_COLUMNS]
    missing = [label for label in (*shown, *RESULT_COLUMNS) if not has_english(label)]
    assert not missing


@pytest.mark.parametrize(
    ("query", "cookie", "expected"),
    [
        ("", None, Lang.ZH),
        ("", "en", Lang.EN),
        ("?lang=zh", "en", Lang.ZH),
        ("?lang=en", None, Lang.EN),
        ("?lang=fr", "xx", Lang.ZH),
    ],
)
def test_the_language_comes_from_the_address_then_the_cookie(
    query: str, cookie: str | None, expected: Lang
) -> None:
    app = flask.Flask(__name__)
    headers = {"Cookie": f"{LANG_COOKIE}={cookie}"} if cookie else {}
    with app.test_request_context(f"/gantt{query}", headers=headers):
        assert current_lang() is expected
        assert t("甘特图") == ("Gantt" if expected is Lang.EN else "甘特图")
        assert bilingual("推迟 / delayed") == ("delayed" if expected is Lang.EN else "推迟")


def test_outside_a_request_labels_are_chinese() -> None:
    assert current_lang() is Lang.ZH
    assert t("共 {n} 个项目", n=2) == "共 2 个项目"


@pytest.mark.parametrize(
    ("path", "headers", "expected"),
    [
        ("/_dash-layout", {"Referer": "http://localhost/gantt?county=x&lang=en"}, Lang.EN),
        ("/_dash-layout?lang=zh", {"Referer": "http://localhost/gantt?lang=en"}, Lang.ZH),
        (
            "/_dash-layout",
            {"Referer": "http://localhost/?lang=zh", "Cookie": f"{LANG_COOKIE}=en"},
            Lang.ZH,
        ),
        (
            "/_dash-layout",
            {"Referer": "http://localhost/gantt", "Cookie": f"{LANG_COOKIE}=en"},
            Lang.EN,
        ),
        ("/gantt", {"Referer": "http://elsewhere.example/?lang=en"}, Lang.ZH),
    ],
)
def test_dash_requests_read_lang_from_the_pages_address(
    path: str, headers: dict[str, str], expected: Lang
) -> None:
    # Dash fetches the layout and runs callbacks without the page's query string.
    with flask.Flask(__name__).test_request_context(path, headers=headers):
        assert current_lang() is expected


def test_rewritten_addresses_keep_a_lang_given_in_the_address() -> None:
    app = flask.Flask(__name__)
    with app.test_request_context("/", headers={"Referer": "http://localhost/gantt?lang=en"}):
        kept = keep_lang("?county=%E6%99%8B%E6%B1%9F%E5%B8%82&scenario=s")
        assert parse_qs(kept.lstrip("?")) == {
            "county": ["晋江市"],
            "scenario": ["s"],
            "lang": ["en"],
        }
        assert keep_lang("") == "?lang=en"
    with app.test_request_context("/", headers={"Cookie": f"{LANG_COOKIE}=en"}):
        assert keep_lang("?county=x") == "?county=x"  # the cookie needs no help
    assert keep_lang("?county=x") == "?county=x"


def test_page_titles_follow_the_language() -> None:
    title = page_title("甘特图")
    assert title() == "甘特图 · 规划项目库"
    with flask.Flask(__name__).test_request_context("/gantt?lang=en"):
        assert title() == "Gantt · Portfolio planner"


def test_finding_kinds_have_their_english() -> None:
    # The overview shows FINDING_LABELS through t(); ui/views.py keeps them as plain text.
    missing = {label for label in FINDING_LABELS.values() if not has_english(label)}
    assert not missing, f"finding kinds without English: {missing}"
