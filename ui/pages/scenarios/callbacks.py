"""The 情景 page's callbacks: thin wiring from the page's inputs to the services and the
pure views. Each callback names its outputs (a dict of ``Output``) and returns a dict.

The page module calls :func:`register` each time Dash loads it, so every app gets them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from portfolio.access import PermissionDeniedError
from portfolio.errors import PortfolioError
from portfolio.exports.model import ExportOptions
from portfolio.scenarios.spec import ScenarioError
from portfolio.services.executors import BrokerUnavailableError
from portfolio.services.exports import schedule_workbook
from portfolio.services.scenarios import UnknownScenarioError
from portfolio.versions import StaleVersionError
from ui import ids
from ui.context import current_actor, current_jobs, current_workspace
from ui.i18n import export_lang, keep_lang, t
from ui.pages.scenarios.file import (
    blank_county_rows,
    blank_link_rows,
    blank_override_rows,
    route_problems,
)
from ui.pages.scenarios.form import DEFAULT_OBJECTIVES, FormCheck, FormInput, check_form
from ui.pages.scenarios.form_layout import form_for
from ui.pages.scenarios.layout import choices, comparison, result_view
from ui.pages.scenarios.views import job_text
from ui.views import scenario_problem

# The form's fields: (id, feedback id, key of FormCheck.fields / route_problems).
FIELDS = (
    (ids.SCEN_NAME, ids.SCEN_NAME_FEEDBACK, "name"),
    (ids.SCEN_AS_OF, ids.SCEN_AS_OF_FEEDBACK, "as_of"),
    (ids.SCEN_MAX_DELAY, ids.SCEN_MAX_DELAY_FEEDBACK, "max_delay"),
    (ids.SCEN_TIME_LIMIT, ids.SCEN_TIME_LIMIT_FEEDBACK, "time_limit"),
    (ids.SCEN_MIN_SHARE, ids.SCEN_MIN_SHARE_FEEDBACK, "min_share"),
    (ids.SCEN_MAX_SHARE, ids.SCEN_MAX_SHARE_FEEDBACK, "max_share"),
    (ids.SCEN_STEP, ids.SCEN_STEP_FEEDBACK, "explain_step"),
    (ids.SCEN_WHAT_IF, ids.SCEN_WHAT_IF_FEEDBACK, "what_if"),
)
# The form's plain inputs: the keyword of FormInput → component id.
FORM_VALUES = {
    "name": ids.SCEN_NAME,
    "as_of": ids.SCEN_AS_OF,
    "max_delay": ids.SCEN_MAX_DELAY,
    "time_limit": ids.SCEN_TIME_LIMIT,
    "objectives": ids.SCEN_OBJECTIVES,
    "periods": ids.SCEN_PERIODS,
    "profile": ids.SCEN_PROFILE,
    "min_share": ids.SCEN_MIN_SHARE,
    "max_share": ids.SCEN_MAX_SHARE,
    "explain_step": ids.SCEN_STEP,
    "what_if": ids.SCEN_WHAT_IF,
}
FORM_GRIDS = {
    "years": ids.SCEN_YEARS,
    "counties": ids.SCEN_COUNTIES,
    "overrides": ids.SCEN_OVERRIDES,
    "links": ids.SCEN_LINKS,
}
GRID_ERRORS = {
    "years": ids.SCEN_YEARS_ERRORS,
    "counties": ids.SCEN_COUNTIES_ERRORS,
    "overrides": ids.SCEN_OVERRIDES_ERRORS,
    "links": ids.SCEN_LINKS_ERRORS,
}


def _dup(component: str, prop: str) -> Output:
    return Output(component, prop, allow_duplicate=True)


def load_scenario(name: str | None) -> dict[str, Any]:
    """Fill the form with a stored scenario (or empty it for a new one) and show its result."""
    try:
        form = form_for(name)
    except (UnknownScenarioError, tomllib.TOMLDecodeError):
        form = form_for(None)
        name = None
    values: dict[str, Any] = {
        key: getattr(form, key) for key in FORM_VALUES if key not in ("objectives", "periods")
    }
    values["objectives"] = list(form.objectives or DEFAULT_OBJECTIVES)
    values["periods"] = form.periods or "year"
    values["profile"] = form.profile or "planned"
    grids = {key: list(getattr(form, key)) for key in FORM_GRIDS}
    return {
        **values,
        **grids,
        "extra": dict(form.extra),
        "version": {"name": name, "version": current_workspace().scenario_version(name)},
        "result": result_view(name),
        "search": keep_lang(f"?{urlencode({'name': name})}" if name else ""),
    }


def _adds_a_row(grid: str, button: str, blank: Callable[[int], list[dict[str, Any]]]) -> None:
    """The ``button`` under ``grid`` adds one blank row to it."""

    @callback(
        Output(grid, "rowData", allow_duplicate=True),
        Input(button, "n_clicks"),
        State(grid, "rowData"),
        prevent_initial_call=True,
    )
    def add_row(_clicks: int | None, rows: list[dict[str, Any]] | None) -> Any:
        return [*(rows or []), *blank(1)]


def save_or_run(
    save: int | None,
    run: int | None,
    form: dict[str, Any],
    extra: dict[str, Any] | None,
    version: dict[str, Any] | None,
) -> dict[str, Any]:
    """Check the form; if it is right, save the scenario or queue its run.

    A save is based on the version the form was filled from when it keeps that scenario's
    name; under another name it makes a new scenario, which must not exist yet."""
    workspace = current_workspace()
    baseline = workspace.scenario_baseline()
    values: dict[str, Any] = {key: form[key] for key in FORM_VALUES}
    values |= {key: form[key] or [] for key in FORM_GRIDS}
    given = FormInput(**values, extra=extra or {})
    check = check_form(given, baseline.horizon, set(baseline.counties))
    fields = dict(check.fields)
    grids = {key: list(getattr(check, key)) for key in FORM_GRIDS}
    alert, color = "", "danger"
    job_id: Any = no_update
    poll_disabled: Any = no_update
    new_version: Any = no_update
    opened = version or {}
    based_on = int(opened.get("version") or 0) if opened.get("name") == form.get("name") else 0
    if check.text is not None:
        try:
            if ctx.triggered_id == ids.SCEN_RUN:
                job_id, alert, color, new_version = _submit(check.text, form["name"], based_on)
                poll_disabled = False
            else:
                saved = workspace.save_scenario(
                    check.text, t("情景页面"), based_on=based_on, actor=current_actor()
                )
                alert, color = t("情景“{name}”已保存。", name=saved.name), "success"
                new_version = {"name": saved.name, "version": saved.version}
        except ScenarioError as exc:
            alert = t("；").join(_put_problems(exc, check, fields, grids)) or t(
                "情景有误，未保存，见各项提示。"
            )
        except (StaleVersionError, PermissionDeniedError) as exc:
            alert = exc.message(export_lang())
        except PortfolioError as exc:
            alert = str(exc)
    else:
        # The rows that are right are checked against the portfolio too (unknown projects,
        # places…), so that every mistake shows at once, not the names after the rest.
        general: list[str] = []
        try:
            workspace.check_scenario(check.draft, t("情景页面"))
        except ScenarioError as exc:
            general = _put_problems(exc, check, fields, grids)
        except PortfolioError:
            pass  # the form's own problems are shown; the rest waits for them
        alert = t("；").join([t("表单有误，未保存也未运行：见各项旁的提示。"), *general])
    stored, options = choices()
    return {
        "invalid": {key: key in fields for _f, _b, key in FIELDS},
        "feedback": {key: fields.get(key, "") for _f, _b, key in FIELDS}
        | {key: fields.get(key, "") for key in ("objectives", "periods", "profile")},
        "grid_errors": {key: [html.Li(m) for m in grids[key]] for key in FORM_GRIDS},
        "alert": alert,
        "alert_color": color,
        "alert_open": bool(alert),
        "toml": check.text or "",
        "job": job_id,
        "version": new_version,
        "poll_disabled": poll_disabled,
        "load_options": stored,
        "compare_options": options,
    }


def _submit(text: str, name: str, based_on: int) -> tuple[str | None, str, str, Any]:
    """Save the scenario (based on the version the form was filled from) and queue its run;
    returns the run's id (kept in the page's store, so a reload or a server restart still
    follows it), what the alert says and the scenario's new version."""
    try:
        job_id, saved = current_jobs().submit_saved(
            text, t("情景页面"), based_on=based_on, actor=current_actor()
        )
    except BrokerUnavailableError as exc:
        # Stored and queued all the same: it is sent once the broker answers.
        version = {"name": name, "version": current_workspace().scenario_version(name)}
        return exc.job_id, exc.message(export_lang()), "warning", version
    version = {"name": saved.name, "version": saved.version}
    return job_id, t("已提交运行。"), "info", version


def _put_problems(
    exc: ScenarioError, check: FormCheck, fields: dict[str, str], grids: dict[str, list[str]]
) -> list[str]:
    """The service's problems next to the fields and rows they concern (a field that shows a
    problem of the form already keeps it); returns those that concern no field or row."""
    routed = route_problems(exc.problems, check.override_rows, check.link_rows)
    for key, messages in routed.items():
        field = key.removeprefix("fields:")
        if key.startswith("fields:") and field not in fields:
            fields[field] = "；".join(messages)
        elif key in grids:
            grids[key] = [*grids[key], *messages]
    return routed.get("general", [])


def follow_run(job_id: str | None, loaded: str | None = None) -> dict[str, Any]:
    """Progress of the running scenario; when it ends, whatever its outcome, its stored run
    (a cancelled or failed run is stored too, with the scenario as typed).

    The run is shown once: here when its scenario is the one loaded (``loaded``), else by
    loading it, which fills the form and shows its last run."""
    quiet: dict[str, Any] = {
        "result": no_update,
        "load_options": no_update,
        "compare_options": no_update,
        "load_value": no_update,
    }
    if not job_id:
        return {"percent": 0, "label": "", "text": "", "cancel_disabled": True,
                "poll_disabled": True, **quiet}  # fmt: skip
    try:
        status = current_jobs().status(job_id)
    except PortfolioError as exc:
        return {"percent": 0, "label": "", "text": str(exc), "cancel_disabled": True,
                "poll_disabled": True, **quiet}  # fmt: skip
    percent = 100 if status.state.finished else round(status.progress * 100)
    finished = status.state.finished
    shown = quiet
    if finished:
        stored, options = choices()
        known = status.scenario in stored
        here = known and loaded == status.scenario
        shown = {
            "result": result_view(status.scenario) if here else no_update,
            "load_options": stored,
            "compare_options": options,
            "load_value": status.scenario if known and not here else no_update,
        }
    return {
        "percent": percent,
        "label": f"{percent}%",
        "text": job_text(status),
        "cancel_disabled": finished,
        "poll_disabled": finished,
        **shown,
    }


def cancel_run(job_id: str | None) -> str:
    """Ask the run to stop; the progress callback shows when it has."""
    if not job_id:
        return t("没有正在运行的情景。")
    try:
        status = current_jobs().cancel(job_id, actor=current_actor())
    except PermissionDeniedError as exc:
        return exc.message(export_lang())
    return job_text(status) if status.state.finished else t("正在取消…")


def apply_relaxation(clicks: list[int | None]) -> dict[str, Any]:
    """Make a new scenario from the clicked relaxation of the shown run, store it, open it."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not any(clicks):
        return {"text": no_update, "load_options": no_update, "compare_options": no_update,
                "load_value": no_update}  # fmt: skip
    try:
        name = current_workspace().apply_relaxation(
            int(trigger["run"]), int(trigger["index"]), actor=current_actor()
        )
    except PortfolioError as exc:
        said = exc.message(export_lang()) if isinstance(exc, PermissionDeniedError) else str(exc)
        return {"text": said, "load_options": no_update, "compare_options": no_update,
                "load_value": no_update}  # fmt: skip
    stored, options = choices()
    return {
        "text": t("已按此改动新建情景“{name}”，可直接运行。", name=name),
        "load_options": stored,
        "compare_options": options,
        "load_value": name,
    }


def delete_scenario(
    confirmed: int | None, name: str | None, version: dict[str, Any] | None
) -> dict[str, Any]:
    """Delete the loaded scenario (confirmed in a dialog), based on the version shown; the
    form then starts a new one."""
    if not confirmed:
        raise PreventUpdate
    if not name:
        return {"alert": t("请先载入要删除的情景。"), "alert_color": "warning",
                "alert_open": True, "load_options": no_update, "compare_options": no_update,
                "load_value": no_update}  # fmt: skip
    opened = version or {}
    based_on = int(opened.get("version") or 0) if opened.get("name") == name else None
    try:
        runs = current_workspace().delete_scenario(name, based_on=based_on, actor=current_actor())
    except (StaleVersionError, PermissionDeniedError, UnknownScenarioError) as exc:
        return {"alert": exc.message(export_lang()), "alert_color": "danger",
                "alert_open": True, "load_options": no_update, "compare_options": no_update,
                "load_value": no_update}  # fmt: skip
    stored, options = choices()
    return {
        "alert": t("已删除情景“{name}”及其 {runs} 次运行。", name=name, runs=runs),
        "alert_color": "success",
        "alert_open": True,
        "load_options": stored,
        "compare_options": options,
        "load_value": None,
    }


def compare(chosen: list[str] | None, name: str | None) -> tuple[Any, str]:
    """The chosen scenarios side by side; the choice goes in the URL."""
    chosen = chosen or []
    query: dict[str, str] = {}
    if name:
        query["name"] = name
    if chosen:
        query["compare"] = ",".join(chosen)
    return comparison(chosen), keep_lang(f"?{urlencode(query)}" if query else "")


def download_schedule(_clicks: int | None, name: str | None) -> tuple[Any, str]:
    """The investment schedule workbook of the shown scenario's last run (as ``portfolio
    export --scenario NAME`` writes it); a run with no plan has none, and says why."""
    if not name:
        return no_update, t("请先选择或运行一个情景。")
    try:
        options = ExportOptions(lang=export_lang())
        file_name, content = schedule_workbook(current_workspace(), name, options)
    except UnknownScenarioError as exc:
        return no_update, t("{error}：没有可导出的投资计划。", error=scenario_problem(exc))
    except PortfolioError as exc:
        return no_update, f"{exc}"
    return dcc.send_bytes(content, file_name), ""  # type: ignore[attr-defined, no-untyped-call]


def register() -> None:
    """Register the page's callbacks with the app being built."""
    callback(
        output={
            **{key: Output(cid, "value") for key, cid in FORM_VALUES.items()},
            "years": Output(ids.SCEN_YEARS, "rowData"),
            "counties": _dup(ids.SCEN_COUNTIES, "rowData"),
            "overrides": _dup(ids.SCEN_OVERRIDES, "rowData"),
            "links": _dup(ids.SCEN_LINKS, "rowData"),
            "extra": Output(ids.SCEN_EXTRA, "data"),
            "version": Output(ids.SCEN_VERSION, "data"),
            "result": _dup(ids.SCEN_RESULT, "children"),
            "search": _dup(ids.SCEN_LOCATION, "search"),
        },
        inputs={"name": Input(ids.SCEN_LOAD, "value")},
        prevent_initial_call=True,
    )(load_scenario)
    _adds_a_row(ids.SCEN_COUNTIES, ids.SCEN_COUNTIES_ADD, blank_county_rows)
    _adds_a_row(ids.SCEN_OVERRIDES, ids.SCEN_OVERRIDES_ADD, blank_override_rows)
    _adds_a_row(ids.SCEN_LINKS, ids.SCEN_LINKS_ADD, blank_link_rows)
    callback(
        output={
            "invalid": {key: Output(cid, "invalid") for cid, _fb, key in FIELDS},
            "feedback": {key: Output(fb, "children") for _cid, fb, key in FIELDS}
            | {
                "objectives": Output(ids.SCEN_OBJECTIVES_FEEDBACK, "children"),
                "periods": Output(ids.SCEN_PERIODS_FEEDBACK, "children"),
                "profile": Output(ids.SCEN_PROFILE_FEEDBACK, "children"),
            },
            "grid_errors": {key: Output(cid, "children") for key, cid in GRID_ERRORS.items()},
            "alert": Output(ids.SCEN_ALERT, "children"),
            "alert_color": Output(ids.SCEN_ALERT, "color"),
            "alert_open": Output(ids.SCEN_ALERT, "is_open"),
            "toml": Output(ids.SCEN_TOML, "children"),
            "job": Output(ids.SCEN_JOB, "data"),
            "version": _dup(ids.SCEN_VERSION, "data"),
            "poll_disabled": _dup(ids.SCEN_POLL, "disabled"),
            "load_options": _dup(ids.SCEN_LOAD, "options"),
            "compare_options": _dup(ids.SCEN_COMPARE, "options"),
        },
        inputs={
            "save": Input(ids.SCEN_SAVE, "n_clicks"),
            "run": Input(ids.SCEN_RUN, "n_clicks"),
            "form": {
                **{key: State(cid, "value") for key, cid in FORM_VALUES.items()},
                **{key: State(cid, "rowData") for key, cid in FORM_GRIDS.items()},
            },
            "extra": State(ids.SCEN_EXTRA, "data"),
            "version": State(ids.SCEN_VERSION, "data"),
        },
        prevent_initial_call=True,
    )(save_or_run)
    callback(
        output={
            "alert": _dup(ids.SCEN_ALERT, "children"),
            "alert_color": _dup(ids.SCEN_ALERT, "color"),
            "alert_open": _dup(ids.SCEN_ALERT, "is_open"),
            "load_options": _dup(ids.SCEN_LOAD, "options"),
            "compare_options": _dup(ids.SCEN_COMPARE, "options"),
            "load_value": _dup(ids.SCEN_LOAD, "value"),
        },
        inputs={
            "confirmed": Input(ids.SCEN_DELETE, "submit_n_clicks"),
            "name": State(ids.SCEN_LOAD, "value"),
            "version": State(ids.SCEN_VERSION, "data"),
        },
        prevent_initial_call=True,
    )(delete_scenario)
    callback(
        output={
            "percent": Output(ids.SCEN_PROGRESS, "value"),
            "label": Output(ids.SCEN_PROGRESS, "label"),
            "text": Output(ids.SCEN_JOB_TEXT, "children"),
            "cancel_disabled": Output(ids.SCEN_CANCEL, "disabled"),
            "poll_disabled": _dup(ids.SCEN_POLL, "disabled"),
            "result": _dup(ids.SCEN_RESULT, "children"),
            "load_options": _dup(ids.SCEN_LOAD, "options"),
            "compare_options": _dup(ids.SCEN_COMPARE, "options"),
            "load_value": _dup(ids.SCEN_LOAD, "value"),
        },
        inputs={
            "_ticks": Input(ids.SCEN_POLL, "n_intervals"),
            "job_id": State(ids.SCEN_JOB, "data"),
            "loaded": State(ids.SCEN_LOAD, "value"),
        },
        prevent_initial_call=True,
    )(lambda _ticks, job_id, loaded: follow_run(job_id, loaded))
    callback(
        _dup(ids.SCEN_JOB_TEXT, "children"),
        Input(ids.SCEN_CANCEL, "n_clicks"),
        State(ids.SCEN_JOB, "data"),
        prevent_initial_call=True,
    )(lambda _clicks, job_id: cancel_run(job_id))
    callback(
        output={
            "text": _dup(ids.SCEN_JOB_TEXT, "children"),
            "load_options": _dup(ids.SCEN_LOAD, "options"),
            "compare_options": _dup(ids.SCEN_COMPARE, "options"),
            "load_value": _dup(ids.SCEN_LOAD, "value"),
        },
        inputs={"clicks": Input({"type": ids.SCEN_APPLY, "run": ALL, "index": ALL}, "n_clicks")},
        prevent_initial_call=True,
    )(apply_relaxation)
    callback(
        Output(ids.SCEN_COMPARE_RESULT, "children"),
        _dup(ids.SCEN_LOCATION, "search"),
        Input(ids.SCEN_COMPARE, "value"),
        State(ids.SCEN_LOAD, "value"),
        prevent_initial_call=True,
    )(compare)
    callback(
        Output(ids.SCEN_EXPORT_DOWNLOAD, "data"),
        _dup(ids.SCEN_JOB_TEXT, "children"),
        Input(ids.SCEN_EXPORT_BUTTON, "n_clicks"),
        State(ids.SCEN_LOAD, "value"),
        prevent_initial_call=True,
    )(download_schedule)
