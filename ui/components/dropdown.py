"""A dropdown that speaks the page's language.

Dash's dropdown writes its own words ("2 selected", "Select All", "Search") in English; every
dropdown of the app is made here, with those words in the visitor's language.
"""

from __future__ import annotations

from typing import Any

from dash import dcc

from ui.i18n import t


def dropdown_labels() -> dict[str, str]:
    """The dropdown's own words; ``{num_selected}`` is filled in by the dropdown."""
    return {
        "selected_count": t("已选 {num_selected} 项"),
        "select_all": t("全选"),
        "deselect_all": t("全不选"),
        "search": t("搜索"),
        "clear_search": t("清除搜索"),
        "no_options_found": t("没有匹配的选项"),
    }


def dropdown(**props: Any) -> dcc.Dropdown:
    """``dcc.Dropdown`` with its own words in the page's language."""
    labels: Any = dropdown_labels()  # dash types it as its own TypedDict of these keys
    return dcc.Dropdown(labels=labels, **props)
