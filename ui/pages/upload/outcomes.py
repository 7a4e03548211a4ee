"""What a check or an import of the 导入 page says: a message in the reader's language, and
the table under it (every problem at its sheet, row and column; the projects as they would
be stored; a schedule's changed amounts). Pure functions of the services' reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from portfolio.errors import ImportFileError
from portfolio.i18n import ntr
from portfolio.importers.actuals_problems import ActualsImportError
from portfolio.services.actuals_import import ActualsImportSummary
from portfolio.services.loading import LoadReport
from portfolio.services.schedule_import import ProfileImportReport
from ui.i18n import export_lang, later, t
from ui.views import PROJECT_COLUMNS, project_column_defs, project_rows, text_width_px

PROBLEM_COLUMNS = (
    ("file", later("文件")),
    ("sheet", later("工作表")),
    ("row", later("行")),
    ("column", later("列")),
    ("message", later("问题")),
)
CHANGE_COLUMNS = (
    ("id", later("项目ID")),
    ("name", later("项目名称")),
    ("year", later("年份")),
    ("before", later("原金额（万元）")),
    ("after", later("新金额（万元）")),
)
SOURCE_COLUMNS = (("sheet", later("工作表")), ("row", later("行")))


@dataclass(frozen=True)
class Shown:
    """What the result area shows: a message in a colour, and a table under it."""

    message: str
    color: str  # Bootstrap's: success, info, warning, danger
    note: str = ""
    columns: tuple[tuple[str, str], ...] = ()  # (field, header) of the table
    rows: tuple[Mapping[str, object], ...] = ()
    grid: bool = False  # a grid (sortable, drawn as scrolled) rather than a plain table
    link: tuple[str, str] | None = None  # (label, address)
    confirmable: bool = False  # a check that passed: the import may be confirmed
    also: tuple[Shown, ...] = ()  # more tables under this one, each with its own words


def problems_shown(error: ImportFileError | ActualsImportError) -> Shown:
    """Every problem of a refused file, at its sheet, row and column (a progress report's
    in the reader's language; a project table's and a schedule's as their readers say them,
    in English)."""
    if isinstance(error, ActualsImportError):
        listed = error.rows(export_lang())
    else:
        listed = [
            (
                problem.location.file,
                problem.location.sheet or "",
                "" if problem.location.row is None else str(problem.location.row),
                problem.location.column or "",
                problem.message,
            )
            for problem in error.problems
        ]
    fields = [field for field, _ in PROBLEM_COLUMNS]
    rows = tuple(dict(zip(fields, problem, strict=True)) for problem in listed)
    files = sorted({row["file"] for row in rows})
    more = error.total - len(rows)
    return Shown(
        message=ntr(
            export_lang(),
            "{file} 不能导入：{n} 个问题。未作任何改动；请改正后重新上传。",
            "{file} 不能导入：{n} 个问题。未作任何改动；请改正后重新上传。",
            error.total,
            file="、".join(files),
        ),
        color="danger",
        note=t("仅列出前 {shown} 个问题。", shown=len(rows)) if more > 0 else "",
        columns=PROBLEM_COLUMNS,
        rows=rows,
    )


def plan_checked(file_name: str, report: LoadReport) -> Shown:
    """What a project table's check found: what it would store, with the first projects
    as the database would hold them; or why it would store nothing."""
    if not report.created:
        return _nothing_to_do(file_name, t(report.skipped_reason))
    shown = len(report.preview)
    title = report.preview[0].plan_title if report.preview else report.plan_key
    return Shown(
        message=t(
            "检查通过：{file} 可导入为规划 {plan}（{title}）：{projects} 个项目、"
            "{indicators} 个指标，{findings} 条数据问题，与已有规划关联 {links} 处。"
            "尚未导入，确认后才保存。",
            file=file_name,
            plan=report.plan_key,
            title=title,
            projects=report.projects,
            indicators=report.indicators,
            findings=report.findings,
            links=report.links,
        ),
        color="success",
        note=t("下表为前 {n} 个项目，按入库后的样子显示。", n=shown)
        if shown < report.projects
        else t("下表为全部 {n} 个项目，按入库后的样子显示。", n=shown),
        columns=_plan_columns(),
        rows=tuple(plan_preview_rows(report)),
        grid=True,
        confirmable=True,
    )


def plan_preview_rows(report: LoadReport) -> list[dict[str, object]]:
    """The preview's rows: the project grid's, with where each stands in the file."""
    rows = project_rows(report.preview)
    for row, view in zip(rows, report.preview, strict=True):
        row.pop("settings", None)
        row["sheet"] = view.source_sheet or ""
        row["row"] = view.source_line_start
    return [dict(row) for row in rows]


def _plan_columns() -> tuple[tuple[str, str], ...]:
    project = tuple((field, label) for field, label in PROJECT_COLUMNS if field != "settings")
    return (*SOURCE_COLUMNS, *project)


def preview_column_defs(shown: Shown) -> list[dict[str, object]]:
    """The grid's columns of a preview: the project grid's widths for a project table."""
    headers = {field: t(label) for field, label in shown.columns}
    if "investment" not in headers:
        return [_column(field, header) for field, header in headers.items()]
    project = project_column_defs(shown.rows, headers | {"settings": ""})
    source = [
        {
            "field": field,
            "headerName": headers[field],
            # The header whole beside its sort and filter icons.
            "width": text_width_px(headers[field]) + 72,
            "suppressSizeToFit": True,
        }
        for field, _ in SOURCE_COLUMNS
    ]
    return source + [column for column in project if column["field"] != "settings"]


def _column(field: str, header: str) -> dict[str, object]:
    """A column as wide as its header; names wider, whole in their tooltips."""
    column: dict[str, object] = {
        "field": field,
        "headerName": header,
        "minWidth": text_width_px(header) + 72,
    }
    if field == "name":
        column |= {"minWidth": 260, "flex": 2, "tooltipField": "name"}
    return column


def plan_imported(file_name: str, report: LoadReport) -> Shown:
    """What a confirmed project-table import did."""
    if not report.created:
        return _already(file_name, t(report.skipped_reason))
    return Shown(
        message=t(
            "已导入 {file}，规划 {plan}：{projects} 个项目，{findings} 条数据问题。",
            file=file_name,
            plan=report.plan_key,
            projects=report.projects,
            findings=report.findings,
        ),
        color="success",
        link=(t("在项目库中查看"), "/portfolio?" + urlencode({"q": report.plan_key})),
    )


def schedule_checked(file_name: str, report: ProfileImportReport) -> Shown:
    """What a schedule workbook's check found: each changed project's amounts per year."""
    if not report.changed:
        return _nothing_to_do(file_name, t("各项目的年度金额与现行安排相同"))
    return Shown(
        message=t(
            "检查通过：{file} 中 {changed} 个项目将采用新的年度金额，{unchanged} 个不变。"
            "尚未导入，确认后才保存。",
            file=file_name,
            changed=report.changed,
            unchanged=report.unchanged,
        ),
        color="success",
        columns=CHANGE_COLUMNS,
        rows=tuple(change_rows(report)),
        grid=True,
        confirmable=True,
    )


def change_rows(report: ProfileImportReport) -> list[dict[str, object]]:
    """One row per changed project and year: its amount before and after (万元)."""
    rows: list[dict[str, object]] = []
    for change in report.changes:
        for year in sorted(set(change.before) | set(change.after)):
            rows.append(
                {
                    "id": change.project_id,
                    "name": change.name,
                    "year": year,
                    "before": change.before.get(year, 0),
                    "after": change.after.get(year, 0),
                }
            )
    return rows


def schedule_imported(file_name: str, report: ProfileImportReport) -> Shown:
    """What a confirmed schedule import did."""
    if not report.changed:
        return _already(file_name, t("各项目的年度金额与现行安排相同"))
    return Shown(
        message=t(
            "已导入 {file}：{changed} 个项目采用新的年度金额，{unchanged} 个未变。",
            file=file_name,
            changed=report.changed,
            unchanged=report.unchanged,
        ),
        color="success",
        link=(t("在资金页查看"), "/funding"),
    )


def _nothing_to_do(file_name: str, reason: str) -> Shown:
    return Shown(
        message=t("{file} 无需导入：{reason}。未作任何改动。", file=file_name, reason=reason),
        color="info",
    )


def _already(file_name: str, reason: str) -> Shown:
    return Shown(
        message=t(
            "{file} 未再导入：{reason}（可能有同事刚刚导入了同一文件）。未作任何改动。",
            file=file_name,
            reason=reason,
        ),
        color="info",
    )


def refused(message: str) -> Shown:
    """A refusal said in one sentence (a right lacking, a file gone or changed)."""
    return Shown(message=message, color="warning")


ACTUALS_COLUMNS = (
    ("sheet", later("工作表")),
    ("row", later("行")),
    ("id", later("项目ID")),
    ("name", later("项目名称")),
    ("year", later("年份")),
    ("spend", later("实际完成投资（万元）")),
    ("status", later("状态")),
    ("start", later("实际开工年份")),
    ("end", later("实际完工年份")),
    ("note", later("备注")),
)
INDICATOR_COLUMNS = (
    ("sheet", later("工作表")),
    ("row", later("行")),
    ("plan", later("规划")),
    ("table", later("表")),
    ("name", later("指标")),
    ("unit", later("单位")),
    ("year", later("年份")),
    ("value", later("实际值")),
)


def actuals_checked(summary: ActualsImportSummary) -> Shown:
    """What a progress report's check read: each project-year (and indicator-year) as it
    would be stored, under the report's date."""
    rows = tuple(
        {
            "sheet": line.sheet or "",
            "row": line.row,
            "id": line.project_id,
            "name": line.name,
            "year": line.year,
            "spend": line.spend_wan,  # None (an empty cell in the grid) when not given
            "status": line.status_label(export_lang()),
            "start": line.start_year,
            "end": line.completion_year,
            "note": line.note,
        }
        for line in summary.preview
    )
    indicators = tuple(
        {
            "sheet": line.sheet or "",
            "row": line.row,
            "plan": line.plan,
            "table": line.table,
            "name": line.name,
            "unit": line.unit,
            "year": line.year,
            "value": line.value_raw,
        }
        for line in summary.indicator_preview
    )
    also = (
        Shown(
            t("指标实际值：{n} 个", n=len(indicators)),
            "light",
            columns=INDICATOR_COLUMNS,
            rows=indicators,
            grid=True,
        ),
    )
    return Shown(
        message=t(
            "检查通过：{file} 可作为 {date} 的实际完成情况导入：{projects} 个项目的 "
            "{rows} 个项目年度，{indicators} 个指标实际值。尚未导入，确认后才保存。",
            file=summary.file_name,
            date=summary.report_date.isoformat(),
            projects=summary.projects,
            rows=summary.rows,
            indicators=summary.indicators,
        ),
        color="success",
        columns=ACTUALS_COLUMNS if rows else (),
        rows=rows,
        grid=True,
        confirmable=True,
        also=also if indicators else (),
    )


def actuals_imported(summary: ActualsImportSummary) -> Shown:
    """What a confirmed progress report import stored."""
    return Shown(
        message=t(
            "已导入 {file}：{date} 的实际完成情况，{projects} 个项目的 {rows} 个项目年度，"
            "{indicators} 个指标实际值。",
            file=summary.file_name,
            date=summary.report_date.isoformat(),
            projects=summary.projects,
            rows=summary.rows,
            indicators=summary.indicators,
        ),
        color="success",
        link=(t("在项目库中查看"), "/portfolio"),
    )
