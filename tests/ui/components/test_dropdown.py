"""The dropdown's own words follow the page's language."""

from __future__ import annotations

import flask

from ui.components.dropdown import dropdown, dropdown_labels


def test_chinese_by_default_with_the_count_left_to_the_dropdown() -> None:
    labels = dropdown_labels()
    assert labels["selected_count"] == "已选 {num_selected} 项"
    assert getattr(dropdown(id="d", options=[], multi=True), "labels") == labels  # noqa: B009


def test_english_on_request() -> None:
    app = flask.Flask(__name__)
    with app.test_request_context("/scenarios?lang=en"):
        labels = dropdown_labels()
    assert labels["selected_count"] == "{num_selected} selected"
    assert labels["select_all"] == "Select all"
