"""导入 Import: a project table, an actuals workbook or a schedule workbook uploaded, checked
and imported through the same services as ``portfolio import``.

The file is sent once and kept on the server; 检查 runs the import as a dry run (what it would
store, with a preview, or every problem at its sheet, row and column; nothing stored); 确认导入
imports the same bytes, all or nothing. Only the roles that may import plans see the page in
the navbar and may use it (the services refuse the others anyway). The callbacks are in
``callbacks.py``, the parts in ``layout.py``, the pure views in ``views.py``, the kept files
in ``staging.py``.
"""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from portfolio.access import PermissionDeniedError, Right
from portfolio.formatting import OFFICE_TIME
from ui import ids
from ui.context import current_actor, current_workspace, may
from ui.i18n import export_lang, page_title, t
from ui.pages.upload import callbacks
from ui.pages.upload.layout import form_card, not_allowed, result

dash.register_page(__name__, path="/upload", name="导入", title=page_title("导入"), order=8)  # type: ignore[no-untyped-call]

callbacks.register()


def layout(**_query: str) -> html.Div:
    """The form and the result area; for a role that may not import, why not."""
    if not may(Right.IMPORT):
        return not_allowed(
            PermissionDeniedError(current_actor(), Right.IMPORT).message(export_lang())
        )
    today = dt.datetime.now(OFFICE_TIME).date().isoformat()
    return html.Div(
        [
            dcc.Store(id=ids.UPLOAD_STAGED),
            dcc.Store(id=ids.UPLOAD_CHECKED),
            html.H2(t("导入")),
            html.P(
                t(
                    "上传项目表、实际完成情况或安排表。先“检查”：列出将导入的内容，或文件中每个问题"
                    "所在的工作表、行和列，不作任何改动；再“确认导入”：全部导入或一概不导入，"
                    "与命令行 portfolio import 相同。"
                ),
                className="text-muted",
            ),
            form_card(current_workspace().regions, today),
            dcc.Loading(
                html.Div(result(None), id=ids.UPLOAD_RESULT),
                type="default",
                overlay_style={"visibility": "visible", "opacity": 0.4},
                custom_spinner=html.Div(
                    [dbc.Spinner(color="primary"), html.Span(t("正在处理文件…"), className="ms-2")],
                    className="d-flex align-items-center justify-content-center",
                ),
            ),
        ],
        className="container-fluid",
    )
