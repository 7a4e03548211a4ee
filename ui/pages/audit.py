"""操作记录 Audit trail: who changed what and when, before and after (admins only).

Filtered by the query string (``?actor=…&since=2026-12-01``) through a plain GET form, so a
filtered view can be bookmarked and shared; the newest ``SHOWN`` entries are listed, the
command line (``portfolio audit``) lists and exports any number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import html

from portfolio.access import PermissionDeniedError, Role
from portfolio.audit import AuditView, action_words, change_summary, field_words, value_words
from portfolio.formatting import OFFICE_TIME, office_time
from ui import ids
from ui.context import current_actor, current_workspace
from ui.i18n import export_lang, page_title, t

dash.register_page(__name__, path="/audit", name="操作记录", title=page_title("操作记录"), order=7)  # type: ignore[no-untyped-call]

SHOWN = 500


def _since(text: str | None) -> dt.datetime | None:
    """A day (``2026-12-01``) in Beijing time; anything else is no filter."""
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=OFFICE_TIME)


def layout(actor: str | None = None, since: str | None = None, **_query: str) -> html.Div:
    """The newest entries, of ``?actor=`` (a person's name) from the day ``?since=``."""
    workspace = current_workspace()
    try:
        entries = workspace.audit(
            since=_since(since), actor=actor or None, limit=SHOWN, reader=current_actor()
        )
    except PermissionDeniedError as exc:
        return html.Div(
            [html.H2(t("操作记录")), dbc.Alert(exc.message(export_lang()), color="warning")],
            className="container-fluid",
        )
    return html.Div(
        [
            html.H2(t("操作记录")),
            html.P(
                t(
                    "每项修改（导入、项目设置、情景的保存、运行与删除、用户）与修改本身在同一事务中记录："
                    "谁、何时、改了什么，改前与改后。"
                ),
                className="text-muted",
            ),
            _filters(actor, since),
            html.P(
                t("显示最近 {n} 条；更多请用命令 portfolio audit。", n=len(entries))
                if len(entries) == SHOWN
                else t("共 {n} 条。", n=len(entries)),
                className="small text-muted",
            ),
            dbc.Table(
                [_header(), html.Tbody([_row(entry) for entry in entries])],
                id=ids.AUDIT_TABLE,
                bordered=False,
                hover=True,
                size="sm",
                responsive=True,
            ),
        ],
        className="container-fluid",
    )


def _filters(actor: str | None, since: str | None) -> html.Form:
    return html.Form(
        dbc.Row(
            [
                dbc.Col(
                    [
                        dbc.Label(t("人员"), html_for=ids.AUDIT_USER),
                        dbc.Input(id=ids.AUDIT_USER, name="actor", value=actor or "", type="text"),
                    ],
                    md=3,
                ),
                dbc.Col(
                    [
                        dbc.Label(t("起始日期"), html_for=ids.AUDIT_SINCE),
                        dbc.Input(id=ids.AUDIT_SINCE, name="since", value=since or "", type="date"),
                    ],
                    md=3,
                ),
                dbc.Col(dbc.Button(t("筛选"), type="submit", color="primary"), md="auto"),
            ],
            className="mb-3 align-items-end",
        ),
        action="/audit",
        method="get",
    )


def _header() -> html.Thead:
    names = ("时间", "人员", "角色", "操作", "对象", "变化")
    return html.Thead(html.Tr([html.Th(t(name)) for name in names]))


def _row(entry: AuditView) -> html.Tr:
    lang = export_lang()
    return html.Tr(
        [
            html.Td(office_time(entry.at), className="text-nowrap"),
            html.Td(entry.actor, className="text-nowrap"),
            html.Td(Role(entry.role).label(lang), className="text-nowrap"),
            html.Td(action_words(entry.action, lang), className="text-nowrap"),
            html.Td(entry.target),
            html.Td(
                html.Details([html.Summary(change_summary(entry, lang)), _values(entry)]),
                className="w-50",
            ),
        ]
    )


def _values(entry: AuditView) -> dbc.Table:
    """Every recorded field before and after, whole (a scenario's text as it was written);
    the fields that changed in bold."""
    lang = export_lang()

    def whole(key: str, values: dict[str, Any]) -> Any:
        if key not in values:
            return "—"
        value = values[key]
        if key == "text" and isinstance(value, str):
            return html.Pre(value, className="mb-0 text-wrap")
        return value_words(key, value, lang, width=10_000)

    keys = list(dict.fromkeys([*entry.before, *entry.after]))
    head = html.Thead(html.Tr([html.Th(t("字段")), html.Th(t("修改前")), html.Th(t("修改后"))]))
    rows = [
        html.Tr(
            [
                html.Td(field_words(key, lang), className="text-nowrap"),
                html.Td(whole(key, entry.before)),
                html.Td(whole(key, entry.after)),
            ],
            className="fw-bold" if entry.before.get(key) != entry.after.get(key) else "",
        )
        for key in keys
    ]
    return dbc.Table([head, html.Tbody(rows)], size="sm", className="small mt-1 mb-0")
