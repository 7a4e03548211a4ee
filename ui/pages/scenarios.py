"""情景 Scenarios: write a budget scenario, run it in the background, read what slips and why,
compare scenarios side by side.

The form builds the same TOML as a scenario file (shown under the form); a form with any
problem is refused field by field and nothing is saved or run. Runs go to the app's
background runner: a progress bar follows them and a button cancels them. ``?name=`` opens a
stored scenario, ``?compare=A,B`` a comparison, so a view can be shared.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from portfolio.errors import PortfolioError
from portfolio.exports.model import ExportOptions
from portfolio.scenarios.spec import ScenarioError
from portfolio.services.exports import schedule_workbook
from portfolio.services.jobs import JobState
from portfolio.services.scenarios import UnknownScenarioError
from ui import ids
from ui.context import current_jobs, current_workspace
from ui.i18n import export_lang, keep_lang, page_title, t
from ui.scenario_file import (
    blank_county_rows,
    blank_link_rows,
    blank_override_rows,
    route_problems,
)
from ui.scenario_form import (
    DEFAULT_OBJECTIVES,
    FormInput,
    check_form,
)
from ui.scenario_layout import (
    choices,
    compare_card,
    comparison,
    form_card,
    form_for,
    result_card,
    result_view,
)
from ui.scenario_views import (
    PLAN_VALUE,
    job_text,
)

dash.register_page(__name__, path="/scenarios", name="情景", title=page_title("情景"), order=7)  # type: ignore[no-untyped-call]

POLL_MS = 500

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


def layout(name: str | None = None, compare: str | None = None, **_query: str) -> html.Div:
    """The form (empty, or the stored scenario of ``?name=``), its result and a comparison."""
    workspace = current_workspace()
    baseline = workspace.scenario_baseline()
    stored = [s.name for s in workspace.scenarios()]
    form = form_for(name if name in stored else None, baseline)
    compared = [c for c in (compare or "").split(",") if c in stored or c == PLAN_VALUE]
    return html.Div(
        [
            dcc.Location(id=ids.SCEN_LOCATION, refresh=False),
            dcc.Store(id=ids.SCEN_EXTRA, data=dict(form.extra)),
            dcc.Store(id=ids.SCEN_JOB),
            dcc.Interval(id=ids.SCEN_POLL, interval=POLL_MS, disabled=True),
            html.H2(t("情景")),
            html.P(
                t(
                    "设定年度总额上限或压减比例、县级上限、目标和项目设置，运行后查看哪些项目推迟、"
                    "推迟多少年、为什么，并与原计划或其他情景比较。金额以亿元填写（精确到万元），"
                    "也可填计划支出的百分比（如 80%）。"
                ),
                className="text-muted",
            ),
            dbc.Row(
                [
                    dbc.Col(form_card(form, baseline.horizon, baseline.counties, stored), lg=7),
                    dbc.Col(result_card(name if name in stored else None), lg=5),
                ]
            ),
            compare_card(stored, compared),
        ],
        className="container-fluid",
    )


@callback(
    Output(ids.SCEN_NAME, "value"),
    Output(ids.SCEN_AS_OF, "value"),
    Output(ids.SCEN_MAX_DELAY, "value"),
    Output(ids.SCEN_TIME_LIMIT, "value"),
    Output(ids.SCEN_OBJECTIVES, "value"),
    Output(ids.SCEN_PERIODS, "value"),
    Output(ids.SCEN_PROFILE, "value"),
    Output(ids.SCEN_MIN_SHARE, "value"),
    Output(ids.SCEN_MAX_SHARE, "value"),
    Output(ids.SCEN_STEP, "value"),
    Output(ids.SCEN_WHAT_IF, "value"),
    Output(ids.SCEN_YEARS, "rowData"),
    Output(ids.SCEN_COUNTIES, "rowData", allow_duplicate=True),
    Output(ids.SCEN_OVERRIDES, "rowData", allow_duplicate=True),
    Output(ids.SCEN_LINKS, "rowData", allow_duplicate=True),
    Output(ids.SCEN_EXTRA, "data"),
    Output(ids.SCEN_RESULT, "children", allow_duplicate=True),
    Output(ids.SCEN_LOCATION, "search", allow_duplicate=True),
    Input(ids.SCEN_LOAD, "value"),
    prevent_initial_call=True,
)
def load_scenario(name: str | None) -> tuple[Any, ...]:
    """Fill the form with a stored scenario (or empty it for a new one) and show its result."""
    try:
        form = form_for(name)
    except (UnknownScenarioError, tomllib.TOMLDecodeError):
        form = form_for(None)
        name = None
    return (
        form.name,
        form.as_of,
        form.max_delay,
        form.time_limit,
        list(form.objectives or DEFAULT_OBJECTIVES),
        form.periods or "year",
        form.profile or "planned",
        form.min_share,
        form.max_share,
        form.explain_step,
        form.what_if,
        list(form.years),
        list(form.counties),
        list(form.overrides),
        list(form.links),
        dict(form.extra),
        result_view(name),
        keep_lang(f"?{urlencode({'name': name})}" if name else ""),
    )


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


_adds_a_row(ids.SCEN_COUNTIES, ids.SCEN_COUNTIES_ADD, blank_county_rows)
_adds_a_row(ids.SCEN_OVERRIDES, ids.SCEN_OVERRIDES_ADD, blank_override_rows)
_adds_a_row(ids.SCEN_LINKS, ids.SCEN_LINKS_ADD, blank_link_rows)


@callback(
    Output(ids.SCEN_NAME, "invalid"),
    Output(ids.SCEN_NAME_FEEDBACK, "children"),
    Output(ids.SCEN_AS_OF, "invalid"),
    Output(ids.SCEN_AS_OF_FEEDBACK, "children"),
    Output(ids.SCEN_MAX_DELAY, "invalid"),
    Output(ids.SCEN_MAX_DELAY_FEEDBACK, "children"),
    Output(ids.SCEN_TIME_LIMIT, "invalid"),
    Output(ids.SCEN_TIME_LIMIT_FEEDBACK, "children"),
    Output(ids.SCEN_MIN_SHARE, "invalid"),
    Output(ids.SCEN_MIN_SHARE_FEEDBACK, "children"),
    Output(ids.SCEN_MAX_SHARE, "invalid"),
    Output(ids.SCEN_MAX_SHARE_FEEDBACK, "children"),
    Output(ids.SCEN_STEP, "invalid"),
    Output(ids.SCEN_STEP_FEEDBACK, "children"),
    Output(ids.SCEN_WHAT_IF, "invalid"),
    Output(ids.SCEN_WHAT_IF_FEEDBACK, "children"),
    Output(ids.SCEN_OBJECTIVES_FEEDBACK, "children"),
    Output(ids.SCEN_PERIODS_FEEDBACK, "children"),
    Output(ids.SCEN_PROFILE_FEEDBACK, "children"),
    Output(ids.SCEN_YEARS_ERRORS, "children"),
    Output(ids.SCEN_COUNTIES_ERRORS, "children"),
    Output(ids.SCEN_OVERRIDES_ERRORS, "children"),
    Output(ids.SCEN_LINKS_ERRORS, "children"),
    Output(ids.SCEN_ALERT, "children"),
    Output(ids.SCEN_ALERT, "color"),
    Output(ids.SCEN_ALERT, "is_open"),
    Output(ids.SCEN_TOML, "children"),
    Output(ids.SCEN_JOB, "data"),
    Output(ids.SCEN_POLL, "disabled", allow_duplicate=True),
    Output(ids.SCEN_LOAD, "options", allow_duplicate=True),
    Output(ids.SCEN_COMPARE, "options", allow_duplicate=True),
    Input(ids.SCEN_SAVE, "n_clicks"),
    Input(ids.SCEN_RUN, "n_clicks"),
    State(ids.SCEN_NAME, "value"),
    State(ids.SCEN_AS_OF, "value"),
    State(ids.SCEN_MAX_DELAY, "value"),
    State(ids.SCEN_TIME_LIMIT, "value"),
    State(ids.SCEN_OBJECTIVES, "value"),
    State(ids.SCEN_PERIODS, "value"),
    State(ids.SCEN_PROFILE, "value"),
    State(ids.SCEN_MIN_SHARE, "value"),
    State(ids.SCEN_MAX_SHARE, "value"),
    State(ids.SCEN_STEP, "value"),
    State(ids.SCEN_WHAT_IF, "value"),
    State(ids.SCEN_YEARS, "rowData"),
    State(ids.SCEN_COUNTIES, "rowData"),
    State(ids.SCEN_OVERRIDES, "rowData"),
    State(ids.SCEN_LINKS, "rowData"),
    State(ids.SCEN_EXTRA, "data"),
    prevent_initial_call=True,
)
def save_or_run(
    _save: int | None,
    _run: int | None,
    name: str | None,
    as_of: str | None,
    max_delay: str | None,
    time_limit: str | None,
    objectives: list[str] | None,
    periods: str | None,
    profile: str | None,
    min_share: str | None,
    max_share: str | None,
    explain_step: str | None,
    what_if: str | None,
    years: list[dict[str, Any]] | None,
    counties: list[dict[str, Any]] | None,
    overrides: list[dict[str, Any]] | None,
    links: list[dict[str, Any]] | None,
    extra: dict[str, Any] | None,
) -> tuple[Any, ...]:
    """Check the form; if it is right, save the scenario or queue its run."""
    workspace = current_workspace()
    baseline = workspace.scenario_baseline()
    form = FormInput(
        name=name,
        as_of=as_of,
        objectives=objectives,
        max_delay=max_delay,
        time_limit=time_limit,
        periods=periods,
        profile=profile,
        min_share=min_share,
        max_share=max_share,
        explain_step=explain_step,
        what_if=what_if,
        years=years or [],
        counties=counties or [],
        overrides=overrides or [],
        links=links or [],
        extra=extra or {},
    )
    check = check_form(form, baseline.horizon, set(baseline.counties))
    fields = dict(check.fields)
    grids = {
        "years": check.years,
        "counties": check.counties,
        "overrides": check.overrides,
        "links": check.links,
    }
    alert, color = "", "danger"
    job_id: Any = no_update
    poll_disabled: Any = no_update
    if check.text is not None:
        try:
            if ctx.triggered_id == ids.SCEN_RUN:
                job_id = current_jobs().submit(check.text, t("情景页面"))
                poll_disabled = False
                alert, color = t("已提交运行。"), "info"
            else:
                saved = workspace.save_scenario(check.text, t("情景页面"))
                alert, color = t("情景“{name}”已保存。", name=saved), "success"
        except ScenarioError as exc:
            routed = route_problems(exc.problems, check.override_rows, check.link_rows)
            for key, messages in routed.items():
                if key.startswith("fields:"):
                    fields[key.removeprefix("fields:")] = "；".join(messages)
                elif key in grids:
                    grids[key] = [*grids[key], *messages]
            alert = t("；").join(routed.get("general", [])) or t("情景有误，未保存，见各项提示。")
        except PortfolioError as exc:
            alert = str(exc)
    elif not alert:
        alert = t("表单有误，未保存也未运行：见各项旁的提示。")
    feedback: list[Any] = []
    for _field_id, _feedback_id, key in FIELDS:
        feedback += [key in fields, fields.get(key, "")]
    return (
        *feedback,
        fields.get("objectives", ""),
        fields.get("periods", ""),
        fields.get("profile", ""),
        [html.Li(m) for m in grids["years"]],
        [html.Li(m) for m in grids["counties"]],
        [html.Li(m) for m in grids["overrides"]],
        [html.Li(m) for m in grids["links"]],
        alert,
        color,
        bool(alert),
        check.text or "",
        job_id,
        poll_disabled,
        *choices(),
    )


@callback(
    Output(ids.SCEN_PROGRESS, "value"),
    Output(ids.SCEN_PROGRESS, "label"),
    Output(ids.SCEN_JOB_TEXT, "children"),
    Output(ids.SCEN_CANCEL, "disabled"),
    Output(ids.SCEN_POLL, "disabled", allow_duplicate=True),
    Output(ids.SCEN_RESULT, "children", allow_duplicate=True),
    Output(ids.SCEN_LOAD, "options", allow_duplicate=True),
    Output(ids.SCEN_COMPARE, "options", allow_duplicate=True),
    Output(ids.SCEN_LOAD, "value"),
    Input(ids.SCEN_POLL, "n_intervals"),
    State(ids.SCEN_JOB, "data"),
    prevent_initial_call=True,
)
def follow_run(_ticks: int | None, job_id: str | None) -> tuple[Any, ...]:
    """Progress of the running scenario; when it ends, its result."""
    idle = (no_update, no_update, no_update, no_update)
    if not job_id:
        return 0, "", "", True, True, *idle
    try:
        status = current_jobs().status(job_id)
    except PortfolioError as exc:
        return 0, "", str(exc), True, True, *idle
    percent = round(status.progress * 100)
    finished = status.state.finished
    done = status.state is JobState.DONE
    load_options, compare_options = choices() if done else (no_update, no_update)
    return (
        percent,
        f"{percent}%",
        job_text(status),
        finished,
        finished,
        result_view(status.scenario) if done else no_update,
        load_options,
        compare_options,
        status.scenario if done else no_update,
    )


@callback(
    Output(ids.SCEN_JOB_TEXT, "children", allow_duplicate=True),
    Input(ids.SCEN_CANCEL, "n_clicks"),
    State(ids.SCEN_JOB, "data"),
    prevent_initial_call=True,
)
def cancel_run(_clicks: int | None, job_id: str | None) -> str:
    """Ask the run to stop; the progress callback shows when it has."""
    if not job_id:
        return t("没有正在运行的情景。")
    status = current_jobs().cancel(job_id)
    return job_text(status) if status.state.finished else t("正在取消…")


@callback(
    Output(ids.SCEN_COMPARE_RESULT, "children"),
    Output(ids.SCEN_LOCATION, "search", allow_duplicate=True),
    Input(ids.SCEN_COMPARE, "value"),
    State(ids.SCEN_LOAD, "value"),
    prevent_initial_call=True,
)
def compare(chosen: list[str] | None, name: str | None) -> tuple[Any, str]:
    """The chosen scenarios side by side; the choice goes in the URL."""
    chosen = chosen or []
    query: dict[str, str] = {}
    if name:
        query["name"] = name
    if chosen:
        query["compare"] = ",".join(chosen)
    return comparison(chosen), keep_lang(f"?{urlencode(query)}" if query else "")


@callback(
    Output(ids.SCEN_EXPORT_DOWNLOAD, "data"),
    Output(ids.SCEN_JOB_TEXT, "children", allow_duplicate=True),
    Input(ids.SCEN_EXPORT_BUTTON, "n_clicks"),
    State(ids.SCEN_LOAD, "value"),
    prevent_initial_call=True,
)
def download_schedule(_clicks: int | None, name: str | None) -> tuple[Any, str]:
    """The investment schedule workbook of the shown scenario's last run (as ``portfolio
    export --scenario NAME`` writes it)."""
    if not name:
        return no_update, t("请先选择或运行一个情景。")
    try:
        options = ExportOptions(lang=export_lang())
        file_name, content = schedule_workbook(current_workspace(), name, options)
    except UnknownScenarioError as exc:
        return no_update, f"{exc}"
    return dcc.send_bytes(content, file_name), ""  # type: ignore[attr-defined, no-untyped-call]
