"""The ``portfolio`` command line: every command, in one entry-point package.

``commands`` is the top layer: it may use the web app (``serve`` starts it) and the portfolio
services, and nothing imports it. Each group of commands is a module of its own
(``scenario``, ``runs``, ``users``, ``audit``, ``backup``, ``export``, ``settings``,
``actuals``, ``template``, ``serve``); the options and the output every command shares are
in ``options`` and ``output``; the listing commands (``init``, ``import``, ``projects``…) are here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from commands.actuals import register as register_actuals_commands
from commands.audit import register as register_audit_command
from commands.backup import register as register_backup_commands
from commands.export import register as register_export_commands
from commands.options import Commands, DbOption, LangOption, fail, fail_with, with_workspace
from commands.output import FormatOption, OutputFormat, emit
from commands.risk import risk as risk_command
from commands.runs import register as register_run_commands
from commands.scenario import app as scenario_app
from commands.serve import serve
from commands.settings import register as register_settings_command
from commands.sweep import sweep as sweep_command
from commands.template import register as register_template_command
from commands.users import app as users_app
from portfolio.db.engine import default_database_url
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.finding_words import finding_kind, finding_message, severity_words
from portfolio.formatting import yi_text
from portfolio.i18n import N_, gettext, tr
from portfolio.records import PlanLevel
from portfolio.services.places import place_summary, place_totals
from portfolio.services.queries import ProjectFilter, ProjectView
from portfolio.services.workspace import PlanInfo, Workspace

app = typer.Typer(
    help="Major-project portfolios of the planning office: load, check, list, plan budgets.",
    no_args_is_help=True,
    add_completion=False,
    cls=Commands,
    # Help is plain text: a scenario's [[overrides]] is shown as written, not as markup.
    rich_markup_mode=None,
)
scenario_app.command("sweep")(sweep_command)
scenario_app.command("risk")(risk_command)
app.add_typer(scenario_app, name="scenario")
app.add_typer(users_app, name="users")
register_export_commands(app)
register_backup_commands(app)
register_settings_command(app)
register_audit_command(app)
register_run_commands(app)
register_actuals_commands(app)
register_template_command(app)
# The web app is imported when serve runs, so that the other commands start without Dash.
app.command("serve")(serve)


def _workspace(db: str | None) -> Workspace:
    return Workspace(db or default_database_url())


@app.command()
def init(db: DbOption = None, lang: LangOption = Language.ZH) -> None:
    """Create the database and load the bundled plans (running it again changes nothing)."""
    workspace = _workspace(db)
    try:
        for line in workspace.init():
            what = tr(lang, "已载入") if line.created else gettext(lang, line.skipped_reason)
            typer.echo(tr(lang, "{plan}：{what}", plan=line.plan_key, what=what))
    finally:
        workspace.close()
    typer.echo(tr(lang, "数据库：{url}", url=workspace.url))


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="An .xlsx or .csv file of projects.")],
    db: DbOption = None,
    plan: Annotated[str | None, typer.Option(help="Plan key (default: file:<name>).")] = None,
    title: Annotated[str | None, typer.Option(help="Plan title.")] = None,
    level: Annotated[PlanLevel, typer.Option(help="Plan level.")] = PlanLevel.CITY,
    region: Annotated[str, typer.Option(help="Region issuing the plan.")] = "福建省",
    period: Annotated[
        str, typer.Option(help="The plan's years, e.g. 2026-2030 (a 15th Five-Year plan).")
    ] = "2021-2025",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything, store nothing.")
    ] = False,
    lang: LangOption = Language.ZH,
) -> None:
    """Import a spreadsheet: everything or nothing; the same file twice changes nothing."""
    first, last = _plan_period(period, lang)
    workspace = _workspace(db)
    try:
        workspace.ensure_ready()
        report = workspace.import_file(
            file,
            PlanInfo(
                key=plan,
                title=title,
                level=level,
                region=region,
                period_start=first,
                period_end=last,
            ),
            dry_run=dry_run,
            notify=lambda message: typer.echo(gettext(lang, message), err=True),
        )
    except PortfolioError as exc:
        raise fail_with(exc, lang) from exc
    finally:
        workspace.close()
    counts = {"plan": report.plan_key, "projects": report.projects, "findings": report.findings}
    if report.created and dry_run:
        typer.echo(
            tr(
                lang,
                "检查通过，未作改动：{file} 可导入为规划 {plan}：{projects} 个项目，"
                "{findings} 条数据问题",
                file=file.name,
                **counts,
            )
        )
    elif report.created:
        typer.echo(
            tr(
                lang,
                "已导入 {file}，规划 {plan}：{projects} 个项目，{findings} 条数据问题",
                file=file.name,
                **counts,
            )
        )
    else:
        reason = gettext(lang, report.skipped_reason)
        typer.echo(tr(lang, "{file}：未作改动（{reason}）", file=file.name, reason=reason))


def _plan_period(text: str, lang: Language) -> tuple[int, int]:
    """``2026-2030`` as the plan's first and last year; refused unless two years in order."""
    parts = text.replace("－", "-").replace("—", "-").split("-")
    if len(parts) == 2 and all(p.strip().isdigit() and len(p.strip()) == 4 for p in parts):
        first, last = int(parts[0]), int(parts[1])
        if first <= last:
            return first, last
    raise fail(tr(lang, "规划年份“{text}”应写作 2026-2030", text=text), lang)


def _project_dict(view: ProjectView) -> dict[str, object]:
    data = asdict(view)
    data["units"] = list(view.units)
    data["counties"] = list(view.counties)
    data["cities"] = list(view.cities)
    data["linked_to"] = list(view.linked_to)
    return data


PROJECT_COLUMNS = (
    ("id", N_("编号")),
    ("plan", N_("规划")),
    ("table", N_("表")),
    ("seq", N_("序号")),
    ("name", N_("项目名称")),
    ("investment", N_("总投资（亿元）")),
    ("years", N_("年限")),
    ("units", N_("单位")),
    ("counties", N_("所在县（市、区）")),
)


def _header(labels: Sequence[str], lang: Language) -> list[str]:
    """Column labels (marked with ``N_``) in ``lang``."""
    return [gettext(lang, label) for label in labels]


def _project_cells(view: ProjectView, lang: Language) -> list[str]:
    start = "-" if view.start_year is None else str(view.start_year)
    if view.start_year_inferred:
        start += "*"
    end = "-" if view.end_year is None else str(view.end_year)
    places = "、".join(view.counties or view.cities) or (
        tr(lang, "全省") if view.province_wide else "-"
    )
    return [
        str(view.id),
        view.plan,
        view.table,
        view.seq,
        view.name,
        yi_text(view.investment_wan),
        f"{start}-{end}",
        "、".join(view.units),
        places,
    ]


@app.command()
def projects(
    db: DbOption = None,
    county: Annotated[str | None, typer.Option(help="County-level place, e.g. 晋江市.")] = None,
    city: Annotated[str | None, typer.Option(help="Prefecture city, e.g. 泉州市.")] = None,
    plan: Annotated[str | None, typer.Option(help="Plan key, e.g. quanzhou-st-14fyp.")] = None,
    table: Annotated[str | None, typer.Option(help="Table, e.g. 附件1.")] = None,
    unit: Annotated[str | None, typer.Option(help="Responsible unit.")] = None,
    fmt: FormatOption = OutputFormat.table,
    lang: LangOption = Language.ZH,
) -> None:
    """List projects (investment in 亿元; * marks an inferred start year)."""
    wanted = ProjectFilter(county=county, city=city, plan=plan, table=table, unit=unit)
    views = with_workspace(db, lang, lambda w: w.projects(wanted))
    total = sum(v.investment_wan or 0 for v in views)
    counted = sum(v.investment_wan or 0 for v in views if v.counted_in_totals)
    footer = tr(
        lang,
        "{n} 个项目，总投资 {total} 亿元（同一项目列入两个规划的只计一次：{counted} 亿元）",
        n=len(views),
        total=yi_text(total),
        counted=yi_text(counted),
    )
    one_place = (county is None) != (city is None) and plan is None and table is None
    if fmt is OutputFormat.table and one_place and unit is None:
        footer += "\n" + _place_words(db, county, city, views, lang)
    emit(
        fmt,
        [_project_dict(v) for v in views],
        _header([label for _, label in PROJECT_COLUMNS], lang),
        [_project_cells(v, lang) for v in views],
        footer=footer,
    )


def _place_words(
    db: str | None,
    county: str | None,
    city: str | None,
    views: Sequence[ProjectView],
    lang: Language,
) -> str:
    """Both figures of a place, in words: the projects touching it, and its share."""
    name = county if county is not None else city
    assert name is not None
    place = with_workspace(db, lang, lambda w: place_summary(w, name, city=county is None))
    counted = [v for v in views if v.counted_in_totals]
    whole = sum(v.investment_wan or 0 for v in counted)
    return tr(
        lang,
        "涉及{place}的项目 {n} 个（同一项目列入两个规划的只计一次），总投资 {whole} 亿元；"
        "其中{place}的份额 {share} 亿元（跨地区项目按各地份额计，与概览、资金和导出的工作簿一致）",
        place=place.name,
        n=len(counted),
        whole=yi_text(whole),
        share=yi_text(place.investment_wan),
    )


FINDING_COLUMNS = (
    N_("编号"),
    N_("规划"),
    N_("项目编号"),
    N_("类型"),
    N_("级别"),
    N_("出处"),
    N_("说明"),
)


@app.command()
def findings(
    db: DbOption = None,
    plan: Annotated[str | None, typer.Option(help="Plan key.")] = None,
    kind: Annotated[
        str | None, typer.Option(help="Only this kind, e.g. unknown_investment.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    lang: LangOption = Language.ZH,
) -> None:
    """List data-quality findings with their source lines."""
    views = with_workspace(db, lang, lambda w: w.findings(plan, kind))
    header = _header(FINDING_COLUMNS, lang)
    rows = [
        [
            str(v.id),
            v.plan,
            "" if v.project_id is None else str(v.project_id),
            finding_kind(v.kind, lang),
            severity_words(v.severity, lang),
            f"{v.source_document}:{v.source_line_start}-{v.source_line_end}",
            finding_message(v.message, lang),
        ]
        for v in views
    ]
    emit(fmt, views, header, rows, footer=tr(lang, "{n} 条数据问题", n=len(views)))


class PlaceGrouping(StrEnum):
    county = "county"
    city = "city"


@app.command()
def tables(
    db: DbOption = None,
    by: Annotated[
        PlaceGrouping | None,
        typer.Option(
            "--by",
            help="Totals per county-level place or per city instead of per table: each "
            "place's share of the money (a project in several places by its share in each), "
            "as every page and workbook counts it.",
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.table,
    lang: LangOption = Language.ZH,
) -> None:
    """Count and total investment per table, as the documents give them (or per place)."""
    if by is not None:
        _place_tables(db, by, fmt, lang)
        return
    summaries = with_workspace(db, lang, lambda w: w.table_summaries())
    header = _header(
        [N_("规划"), N_("表"), N_("项目数"), N_("总投资未知"), N_("总投资（亿元）"), N_("标题")],
        lang,
    )
    rows = [
        [
            s.plan,
            s.table,
            str(s.projects),
            str(s.unknown_investment) if s.has_money else "-",
            yi_text(s.investment_wan) if s.has_money else tr(lang, "（无金额）"),
            s.title,
        ]
        for s in summaries
    ]
    emit(fmt, summaries, header, rows)


def _place_tables(db: str | None, by: PlaceGrouping, fmt: OutputFormat, lang: Language) -> None:
    totals = with_workspace(db, lang, place_totals)
    places = totals.counties() if by is PlaceGrouping.county else totals.cities()
    items: list[dict[str, object]] = [
        {
            "place": p.name,
            "city": p.city,
            "projects": p.projects,
            "unknown_investment": p.unknown_investment,
            "total_wan": p.investment_wan,
            "undated_wan": p.undated_wan,
            "by_year_wan": {str(year): amount for year, amount in p.by_year.items()},
        }
        for p in places
    ]
    first = [N_("设区市"), N_("县（市、区）")] if by is PlaceGrouping.county else [N_("设区市")]
    header = _header(
        [*first, N_("项目数"), N_("总投资（亿元）"), N_("总投资未知"), N_("其中年份不详（亿元）")],
        lang,
    )
    rows = [
        [
            *([p.city, p.name] if by is PlaceGrouping.county else [p.city]),
            str(p.projects),
            yi_text(p.investment_wan),
            str(p.unknown_investment),
            yi_text(p.undated_wan) if p.undated_wan else "-",
        ]
        for p in places
    ]
    footer = tr(
        lang,
        "{n} 个地区，合计 {total} 亿元；全省范围或未列地点的项目 {unplaced} 个，{unplaced_yi} 亿元",
        n=len(places),
        total=yi_text(sum(p.investment_wan for p in places)),
        unplaced=totals.unplaced_projects,
        unplaced_yi=yi_text(totals.unplaced_investment_wan),
    )
    emit(fmt, items, header, rows, footer=footer)


@app.command()
def indicators(
    db: DbOption = None,
    plan: Annotated[str | None, typer.Option(help="Plan key.")] = None,
    fmt: FormatOption = OutputFormat.table,
    lang: LangOption = Language.ZH,
) -> None:
    """The plans' indicators with their values per year, as written."""
    views = with_workspace(db, lang, lambda w: w.indicators(plan))
    years = sorted({year for v in views for year in v.targets})
    header = [
        *_header([N_("规划"), N_("表"), N_("序号"), N_("指标名称"), N_("单位")], lang),
        *[tr(lang, "{year}年", year=y) for y in years],
        gettext(lang, N_("备注")),
    ]
    rows = [
        [v.plan, v.table, v.seq, v.name, v.unit, *[v.targets.get(y, "") for y in years], v.note]
        for v in views
    ]
    emit(fmt, views, header, rows)


@app.command()
def institutes(
    db: DbOption = None, fmt: FormatOption = OutputFormat.table, lang: LangOption = Language.ZH
) -> None:
    """The research institutes' investment and five-year targets (Quanzhou 附件4)."""
    views = with_workspace(db, lang, lambda w: w.institutes())
    header = _header(
        [
            N_("序号"),
            N_("平台名称"),
            N_("总投资（亿元）"),
            N_("孵化企业"),
            N_("服务企业"),
            N_("成果转化"),
            N_("所在县"),
        ],
        lang,
    )
    rows = [
        [
            v.seq,
            v.name,
            yi_text(v.investment_wan),
            *(
                "-" if n is None else str(n)
                for n in (v.enterprises_incubated, v.enterprises_served, v.results_transferred)
            ),
            v.county or "-",
        ]
        for v in views
    ]
    emit(fmt, views, header, rows)
