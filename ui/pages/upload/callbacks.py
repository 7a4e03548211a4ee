"""The 导入 page's callbacks: thin wiring from the page's inputs to the import services.

One callback answers the file, the three buttons and the details: receiving a file keeps it
on the server (:mod:`ui.pages.upload.staging`); 检查 runs the import as a dry run; 确认导入
runs it for real on the same bytes, once their SHA-256 is found unchanged; 取消 removes the
file; changing the kind or the details after a check asks for a new one. Each step returns a
dict of the page's outputs; what it leaves alone is ``no_update``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dash import Input, Output, State, callback, ctx, html, no_update

from portfolio.access import Actor, PermissionDeniedError, Right
from portfolio.errors import ImportFileError, PortfolioError
from portfolio.importers.actuals_problems import ActualsImportError
from portfolio.services.schedule_import import import_schedule
from ui import ids
from ui.context import current_actor, current_workspace, may
from ui.i18n import export_lang, t
from ui.pages.upload.layout import hint, result
from ui.pages.upload.outcomes import (
    Shown,
    actuals_checked,
    actuals_imported,
    plan_checked,
    plan_imported,
    problems_shown,
    refused,
    schedule_checked,
    schedule_imported,
)
from ui.pages.upload.staging import StagedFile, current_staging
from ui.pages.upload.views import (
    SUFFIXES,
    Kind,
    content_refusal,
    decode,
    decoded_size,
    plan_info,
    refusal,
    report_date,
    size_text,
)

OUTPUTS = ("staged", "checked", "status", "result", "confirm_disabled", "contents")
DETAIL_FIELDS = {
    Kind.PLAN: ("key", "title", "level", "region", "start", "end"),
    Kind.ACTUALS: ("report_date",),
    Kind.SCHEDULE: (),
}


def _answer(**changes: Any) -> dict[str, Any]:
    """Every output of the page's callback: those given, the others unchanged."""
    return {name: changes.get(name, no_update) for name in OUTPUTS}


def _owner() -> str:
    actor = current_actor()
    return actor.name if actor is not None else ""


def _refusal_of_right() -> str:
    return PermissionDeniedError(current_actor(), Right.IMPORT).message(export_lang())


def receive(
    contents: str | None, file_name: str | None, staged: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Keep an uploaded file on the server (the one before it is removed), or say why not:
    over the size limit (found from the upload's length, before decoding), of a type no
    import reads, empty, or a picture under a workbook's name."""
    staging = current_staging()
    staging.discard((staged or {}).get("token"))
    cleared = {"staged": None, "checked": None, "result": result(None), "confirm_disabled": True}
    if not contents or not file_name:
        return _answer(**cleared, status="")
    if not may(Right.IMPORT):
        return _answer(**cleared, status=_status(_refusal_of_right(), "danger"))
    why = refusal(file_name, decoded_size(contents))
    data = decode(contents) if why is None else None
    if why is None and data is None:
        why = t("{file} 未能完整上传，请重新选择文件。", file=file_name)
    if why is None and data is not None:
        why = content_refusal(file_name, data[:16])
    if why is not None or data is None:
        return _answer(**cleared, status=_status(why or "", "danger"), contents=None)
    kept = staging.stage(file_name, data, _owner())
    said = t("已接收 {file}（{size}）。", file=kept.file_name, size=size_text(kept.size))
    return _answer(**(cleared | {"staged": _staged_data(kept)}), status=_status(said, "success"))


def check(
    staged: Mapping[str, Any] | None, kind_value: str, details: Mapping[str, Any]
) -> dict[str, Any]:
    """Run the chosen import as a dry run on the kept file: what it would store, or every
    problem by sheet, row and column. Nothing is stored either way."""
    kind = Kind(kind_value)
    found = _find(staged)
    if found is None:
        return _answer(checked=None, confirm_disabled=True, result=result(_gone(staged)))
    staging = current_staging()
    chosen = _details(kind, details)
    why = refusal(found.file_name, found.size, SUFFIXES[kind]) or _detail_errors(kind, chosen)
    if why:
        return _answer(checked=None, confirm_disabled=True, result=result(refused(why)))
    with staging.importing:
        shown = run(kind, staging.path(found), chosen, current_actor(), dry_run=True)
    checked = None
    if shown.confirmable:
        checked = {
            "token": found.token,
            "kind": kind.value,
            "details": chosen,
            "sha256": found.sha256,
        }
    return _answer(checked=checked, confirm_disabled=checked is None, result=result(shown))


def confirm(
    staged: Mapping[str, Any] | None,
    checked: Mapping[str, Any] | None,
    kind_value: str,
    details: Mapping[str, Any],
) -> dict[str, Any]:
    """Import the checked file, all or nothing, if it is still the file that was checked,
    of the kind and with the details it was checked with."""
    found = _find(staged)
    if found is None:
        return _answer(checked=None, confirm_disabled=True, result=result(_gone(staged)))
    staging = current_staging()
    if not checked or checked.get("token") != found.token:
        said = refused(t("请先点“检查”。"))
        return _answer(checked=None, confirm_disabled=True, result=result(said))
    if _changed(kind_value, details, checked):
        return _answer(checked=None, confirm_disabled=True, result=result(_check_again()))
    if not staging.unchanged(found, str(checked.get("sha256"))):
        said = refused(t("{file} 在检查之后有变化，未导入：请重新检查。", file=found.file_name))
        return _answer(checked=None, confirm_disabled=True, result=result(said))
    kind = Kind(checked["kind"])
    with staging.importing:
        shown = run(kind, staging.path(found), checked["details"], current_actor(), dry_run=False)
    if shown.color == "danger":  # refused: the file stays, to be checked again
        return _answer(checked=None, confirm_disabled=True, result=result(shown))
    staging.discard(found.token)
    return _answer(
        staged=None,
        checked=None,
        confirm_disabled=True,
        result=result(shown),
        status="",
        contents=None,
    )


def cancel(staged: Mapping[str, Any] | None) -> dict[str, Any]:
    """Remove the kept file; nothing was stored."""
    current_staging().discard((staged or {}).get("token"))
    said = Shown(t("已取消：上传的文件已从服务器删除，未作任何改动。"), "secondary")
    return _answer(
        staged=None,
        checked=None,
        confirm_disabled=True,
        result=result(said),
        status="",
        contents=None,
    )


def details_changed(
    kind_value: str, details: Mapping[str, Any], checked: Mapping[str, Any] | None
) -> dict[str, Any]:
    """A check holds for the kind and details it was made with: other ones need a new check."""
    if not checked or not _changed(kind_value, details, checked):
        return _answer()
    return _answer(checked=None, confirm_disabled=True, result=result(_check_again()))


def _changed(kind_value: str, details: Mapping[str, Any], checked: Mapping[str, Any]) -> bool:
    """Whether the kind or the details differ from those of the check."""
    kind = Kind(kind_value)
    return checked.get("kind") != kind.value or checked.get("details") != _details(kind, details)


def _check_again() -> Shown:
    return Shown(t("文件类型或信息已更改：请重新检查。"), "info")


def run(
    kind: Kind, path: Path, details: Mapping[str, Any], actor: Actor | None, *, dry_run: bool
) -> Shown:
    """The import of ``kind`` through its service (a dry run or for real), said as shown."""
    workspace = current_workspace()
    try:
        if kind is Kind.PLAN:
            info, _ = plan_info(details)
            report = workspace.import_file(path, info, actor=actor, dry_run=dry_run)
            return plan_checked(path.name, report) if dry_run else plan_imported(path.name, report)
        if kind is Kind.SCHEDULE:
            changes = import_schedule(workspace, path, actor=actor, dry_run=dry_run)
            return (schedule_checked if dry_run else schedule_imported)(path.name, changes)
        date, _ = report_date(details.get("report_date"))
        summary = workspace.actuals.import_file(
            path, report_date=date, dry_run=dry_run, actor=actor
        )
        return actuals_checked(summary) if dry_run else actuals_imported(summary)
    except (ImportFileError, ActualsImportError) as exc:
        return problems_shown(exc)
    except PortfolioError as exc:
        return refused(_said(exc))


def _said(exc: PortfolioError) -> str:
    """What an error says, in the reader's language where it can say itself so (a right
    lacking, an import waiting too long); as written otherwise."""
    message = getattr(exc, "message", None)
    return str(message(export_lang())) if callable(message) else str(exc)


def _details(kind: Kind, details: Mapping[str, Any]) -> dict[str, Any]:
    """The details the kind needs, as typed."""
    return {field: details.get(field) for field in DETAIL_FIELDS[kind]}


def _detail_errors(kind: Kind, details: Mapping[str, Any]) -> str:
    if kind is Kind.PLAN:
        return "；".join(plan_info(details)[1])
    if kind is Kind.ACTUALS:
        return report_date(details.get("report_date"))[1]
    return ""


def _find(staged: Mapping[str, Any] | None) -> StagedFile | None:
    return current_staging().find((staged or {}).get("token"), _owner())


def _gone(staged: Mapping[str, Any] | None) -> Shown:
    if not staged:
        return refused(t("请先选择文件。"))
    return refused(t("上传的文件已不在服务器上（已导入、已取消或超过两小时）：请重新选择文件。"))


def _staged_data(staged: StagedFile) -> dict[str, Any]:
    return {
        "token": staged.token,
        "file": staged.file_name,
        "size": staged.size,
        "sha256": staged.sha256,
    }


def _status(message: str, color: str) -> html.Div:
    return html.Div(message, className=f"small text-{color}")


def act(
    contents: str | None,
    _check: int | None,
    _confirm: int | None,
    _cancel: int | None,
    kind: str,
    details: dict[str, Any],
    file_name: str | None,
    staged: dict[str, Any] | None,
    checked: dict[str, Any] | None,
) -> dict[str, Any]:
    """What the page's file, buttons and details ask for (see the module's docstring).

    A click can come with a detail in the same request (the field it left answers on
    leaving): the file and the buttons go first, and a check takes the details as they are.
    """
    triggered = {prop.partition(".")[0] for prop in ctx.triggered_prop_ids}
    if ids.UPLOAD_FILE in triggered:
        return receive(contents, file_name, staged)
    if ids.UPLOAD_CANCEL in triggered:
        return cancel(staged)
    if ids.UPLOAD_CONFIRM in triggered:
        return confirm(staged, checked, kind, details)
    if ids.UPLOAD_CHECK in triggered:
        return check(staged, kind, details)
    return details_changed(kind, details, checked)


def show_kind(kind: str) -> dict[str, Any]:
    """The hint and the details of the chosen kind of file."""
    chosen = Kind(kind)
    return {
        "hint": hint(chosen),
        "plan_hidden": chosen is not Kind.PLAN,
        "actuals_hidden": chosen is not Kind.ACTUALS,
    }


def register() -> None:
    """Register the page's callbacks with the app being built."""
    callback(
        output={
            "staged": Output(ids.UPLOAD_STAGED, "data"),
            "checked": Output(ids.UPLOAD_CHECKED, "data"),
            "status": Output(ids.UPLOAD_FILE_STATUS, "children"),
            "result": Output(ids.UPLOAD_RESULT, "children"),
            "confirm_disabled": Output(ids.UPLOAD_CONFIRM, "disabled"),
            "contents": Output(ids.UPLOAD_FILE, "contents"),
        },
        inputs={
            "contents": Input(ids.UPLOAD_FILE, "contents"),
            "_check": Input(ids.UPLOAD_CHECK, "n_clicks"),
            "_confirm": Input(ids.UPLOAD_CONFIRM, "n_clicks"),
            "_cancel": Input(ids.UPLOAD_CANCEL, "n_clicks"),
            "kind": Input(ids.UPLOAD_KIND, "value"),
            "details": {
                "key": Input(ids.UPLOAD_PLAN_KEY, "value"),
                "title": Input(ids.UPLOAD_PLAN_TITLE, "value"),
                "level": Input(ids.UPLOAD_PLAN_LEVEL, "value"),
                "region": Input(ids.UPLOAD_PLAN_REGION, "value"),
                "start": Input(ids.UPLOAD_PLAN_START, "value"),
                "end": Input(ids.UPLOAD_PLAN_END, "value"),
                "report_date": Input(ids.UPLOAD_REPORT_DATE, "value"),
            },
            "file_name": State(ids.UPLOAD_FILE, "filename"),
            "staged": State(ids.UPLOAD_STAGED, "data"),
            "checked": State(ids.UPLOAD_CHECKED, "data"),
        },
        prevent_initial_call=True,
    )(act)
    callback(
        output={
            "hint": Output(ids.UPLOAD_HINT, "children"),
            "plan_hidden": Output(ids.UPLOAD_PLAN_DETAILS, "hidden"),
            "actuals_hidden": Output(ids.UPLOAD_ACTUALS_DETAILS, "hidden"),
        },
        inputs={"kind": Input(ids.UPLOAD_KIND, "value")},
        prevent_initial_call=True,
    )(show_kind)
