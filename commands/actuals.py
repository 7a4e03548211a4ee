"""``portfolio import-actuals`` and ``portfolio actuals``: progress reports imported from a
workbook, and the state they give at a report date (``--reports``: the reports themselves).
``portfolio template --actuals`` writes the workbook (:func:`write_actuals_template`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from commands.options import DbOption, LangOption, fail, with_workspace
from commands.output import FormatOption, OutputFormat, emit
from portfolio.actuals import ProjectActuals
from portfolio.exports.model import Language
from portfolio.formatting import office_time, wan_text
from portfolio.i18n import N_, gettext, ntr, tr
from portfolio.services.actuals import ReportSummary
from portfolio.services.actuals_import import ActualsImportSummary
from portfolio.services.workspace import Workspace

DEFAULT_TEMPLATE = Path("实际完成情况.xlsx")


def _date(text: str | None, lang: Language, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        message = tr(lang, "{option}“{text}”不是日期（应如 2026-06-30）", option=option, text=text)
        raise fail(message, lang) from exc


def import_actuals(
    file: Annotated[Path, typer.Argument(help="An .xlsx (or .csv) progress report.")],
    report_date: Annotated[
        str | None,
        typer.Option(help="The report's date, YYYY-MM-DD (default: today, Beijing time)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and say what it holds; store nothing.")
    ] = False,
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Import a progress report (actual spend and status per project and year, indicators'
    values), all or nothing; the same file twice is refused."""
    date = _date(report_date, lang, "--report-date")
    summary = with_workspace(
        db, lang, lambda w: w.actuals.import_file(file, report_date=date, dry_run=dry_run)
    )
    typer.echo(_imported(summary, lang))


def _imported(summary: ActualsImportSummary, lang: Language) -> str:
    counts = tr(
        lang,
        "报告日期 {date}：{projects} 个项目 {rows} 个项目年度，{indicators} 个指标年度",
        date=summary.report_date.isoformat(),
        projects=summary.projects,
        rows=summary.rows,
        indicators=summary.indicators,
    )
    if summary.report_id is None:
        return tr(
            lang, "已检查 {file}，未导入（试导入）：{counts}", file=summary.file_name, counts=counts
        )
    return tr(
        lang,
        "已导入 {file}，第 {id} 号报告：{counts}",
        file=summary.file_name,
        id=summary.report_id,
        counts=counts,
    )


STATE_COLUMNS = (
    N_("项目ID"),
    N_("项目名称"),
    N_("年份"),
    N_("实际完成投资（万元）"),
    N_("状态"),
    N_("实际开工年份"),
    N_("实际完工年份"),
    N_("出处"),
)
REPORT_COLUMNS = (
    N_("编号"),
    N_("报告日期"),
    N_("文件"),
    N_("导入时间"),
    N_("导入人"),
    N_("项目数"),
    N_("项目年度"),
    N_("指标年度"),
)


def actuals(
    at: Annotated[
        str | None,
        typer.Option("--at", help="The state at this report date, YYYY-MM-DD (default: latest)."),
    ] = None,
    project: Annotated[
        int | None, typer.Option("--project", help="Only this project (ID).")
    ] = None,
    reports: Annotated[
        bool, typer.Option("--reports", help="List the stored reports instead.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """What projects actually spent and their status at a report date, year by year, from the
    latest report on or before it (``--reports``: the reports)."""
    if reports:
        _reports(with_workspace(db, lang, lambda w: w.actuals.reports()), fmt, lang)
        return
    date = _date(at, lang, "--at")
    state, names = with_workspace(db, lang, lambda w: _state(w, date))
    chosen = [a for pid, a in sorted(state.items()) if project is None or pid == project]
    rows = [
        _state_row(a, names.get(a.project_id, ""), year, lang) for a in chosen for year in a.spend
    ]
    items = [_state_item(a, names.get(a.project_id, "")) for a in chosen]
    footer = tr(
        lang,
        "{n} 个项目（{when}），实际完成投资合计 {total} 万元",
        n=len(chosen),
        when=tr(lang, "截至 {date}", date=date.isoformat()) if date else tr(lang, "最新报告"),
        total=wan_text(sum(a.spent_wan for a in chosen)),
    )
    emit(fmt, items, [gettext(lang, c) for c in STATE_COLUMNS], rows, footer=footer)


def _state(
    workspace: Workspace, date: dt.date | None
) -> tuple[dict[int, ProjectActuals], dict[int, str]]:
    names = {view.id: view.name for view in workspace.projects()}
    return workspace.actuals.at(date), names


def _state_row(actual: ProjectActuals, name: str, year: int, lang: Language) -> list[str]:
    def year_text(value: int | None) -> str:
        return "-" if value is None else str(value)

    return [
        str(actual.project_id),
        name,
        str(year),
        wan_text(actual.spend[year]),
        "-" if actual.status is None else gettext(lang, actual.status.label),
        year_text(actual.start_year),
        year_text(actual.completion_year),
        actual.sources.get(year, ""),
    ]


def _state_item(actual: ProjectActuals, name: str) -> dict[str, object]:
    return {
        "project_id": actual.project_id,
        "name": name,
        "status": None if actual.status is None else actual.status.value,
        "start_year": actual.start_year,
        "completion_year": actual.completion_year,
        "last_reported": None if actual.last_reported is None else actual.last_reported.isoformat(),
        "spent_wan": actual.spent_wan,
        "spend_wan": {str(year): amount for year, amount in actual.spend.items()},
        "sources": {str(year): text for year, text in actual.sources.items()},
        "notes": {str(year): text for year, text in actual.notes.items()},
    }


def _reports(reports: list[ReportSummary], fmt: OutputFormat, lang: Language) -> None:
    rows = [
        [
            str(r.id),
            r.report_date.isoformat(),
            r.file_name or tr(lang, "（项目库修改）"),
            office_time(r.imported_at),
            r.imported_by,
            str(r.projects),
            str(r.rows),
            str(r.indicators),
        ]
        for r in reports
    ]
    items: list[dict[str, object]] = [
        {
            "id": r.id,
            "report_date": r.report_date.isoformat(),
            "file_name": r.file_name,
            "imported_at": office_time(r.imported_at),
            "imported_by": r.imported_by,
            "projects": r.projects,
            "rows": r.rows,
            "indicators": r.indicators,
            "note": r.note,
        }
        for r in reports
    ]
    footer = ntr(lang, "{n} 份报告", "{n} 份报告", len(reports))
    emit(fmt, items, [gettext(lang, c) for c in REPORT_COLUMNS], rows, footer=footer)


def write_actuals_template(output: Path | None, db: str | None, lang: Language) -> None:
    """``portfolio template --actuals``: the progress-report workbook of the stored
    portfolio, with a row per project and year up to this year."""
    target = output or DEFAULT_TEMPLATE
    if target.exists():
        raise fail(tr(lang, "{file} 已存在；请换一个文件名或先删除它", file=target), lang)
    projects, indicators = with_workspace(db, lang, lambda w: w.actuals.write_template(target))
    typer.echo(
        tr(
            lang,
            "已写入 {file}：{projects} 个项目年度，{indicators} 个指标年度",
            file=target,
            projects=projects,
            indicators=indicators,
        )
    )


def register(app: typer.Typer) -> None:
    app.command("import-actuals")(import_actuals)
    app.command("actuals")(actuals)
