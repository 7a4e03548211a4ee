"""``portfolio scenario ...``: budget scenarios from TOML files."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from commands.options import DbOption, LangOption, fail, with_workspace
from commands.runs import BrokerOption, queue_run
from portfolio.exports.model import Language
from portfolio.i18n import N_, gettext, ntr, tr
from portfolio.scenarios import relaxation_words, replan_words, words
from portfolio.scenarios.compare import comparison_to_json
from portfolio.scenarios.outcome import ReplanKind, ScenarioResult, result_to_json

app = typer.Typer(help="Budget scenarios: caps, cuts, priorities; solve, store, compare.")


def _read(file: Path, lang: Language) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(tr(lang, "无法读取 {file}：{detail}", file=file, detail=exc), lang) from exc


def _figure(value: int | None) -> str | None:
    return None if value is None else f"{value:,}"


PERIOD_WORDS = {"year": N_("按年"), "quarter": N_("按季度"), "month": N_("按月")}


def _head(result: ScenarioResult, lang: Language) -> str:
    first, last = result.horizon
    return tr(
        lang,
        "情景：{scenario}（{first}-{last}年，as_of = {as_of}，{unit}）",
        scenario=result.scenario,
        first=first,
        last=last,
        as_of=result.as_of,
        unit=gettext(lang, PERIOD_WORDS.get(result.periods, PERIOD_WORDS["year"])),
    )


def _objective_lines(result: ScenarioResult, lang: Language) -> Iterator[str]:
    for level in result.objectives:
        value = level.value_period or _figure(level.value)
        bound = level.bound_period or _figure(level.bound)
        name = words.objective_name(level.name, result.periods, lang)
        if value is None:
            yield tr(lang, "{name}：无", name=name)
        elif bound is None:
            yield tr(lang, "{name}：{value}（无界）", name=name, value=value)
        else:
            yield tr(lang, "{name}：{value}（界 {bound}）", name=name, value=value, bound=bound)


def _not_scheduled_lines(result: ScenarioResult, lang: Language) -> Iterator[str]:
    if not result.not_scheduled:
        return
    counts = Counter(n.reason for n in result.not_scheduled)
    why = tr(lang, "，").join(
        tr(lang, "{reason} {n} 个", reason=words.skip_words(reason, result.horizon, lang), n=n)
        for reason, n in counts.most_common()
    )
    yield tr(lang, "{total} 个项目未纳入：{why}", total=len(result.not_scheduled), why=why)


def _replan_lines(result: ScenarioResult, lang: Language) -> Iterator[str]:
    """Re-planned from progress reports: the counts, then each project but those assumed
    (there may be hundreds: ``--out`` writes every one)."""
    line = replan_words.summary(result, lang)
    if line is None:
        return
    yield line
    for note in result.replan_notes:
        if note.kind is not ReplanKind.ASSUMED:
            yield "· " + replan_words.note_sentence(note, result.as_of, lang)


def _period_lines(result: ScenarioResult, lang: Language) -> Iterator[str]:
    """A run in quarters or months: what each cap allowed and used, and the periods of the
    projects that finish late."""
    if not result.has_plan or result.yearly:
        return
    for cap in result.caps:
        yield tr(
            lang,
            "{label}：已安排{used}，上限{limit}{full}",
            label=words.cap_words(cap.cap, lang),
            used=words.money(cap.used_wan, lang),
            limit=words.money(cap.limit_wan, lang),
            full=tr(lang, "（已满）") if cap.binding else "",
        )
    for project in result.delayed():
        late = words.count(project.delay_periods or 0, result.periods, lang)
        yield f"{project.name}: {project.start_period} … {project.end_period} " + tr(
            lang, "（推迟{late}完工）", late=late
        )


def _settings_lines(result: ScenarioResult, lang: Language) -> Iterator[str]:
    stored = [p for p in result.projects if p.from_settings]
    if not stored:
        return
    names = "、".join(p.name for p in stored[:5]) + ("等" if len(stored) > 5 else "")
    yield ntr(
        lang,
        "{n} 个项目按项目设置（portfolio project-settings ID）：{names}",
        "{n} 个项目按项目设置（portfolio project-settings ID）：{names}",
        len(stored),
        names=names,
    )


def _explanation_lines(result: ScenarioResult, lang: Language) -> Iterator[str]:
    """The conflict, why each project moved, what more money buys, what would work."""
    periods = result.periods
    if result.conflict is not None:
        yield words.conflict_sentence(result.conflict, lang)
    for delay in result.delays:
        yield "- " + words.delay_sentence(delay, periods, lang)
    objectives = [level.name for level in result.objectives]
    for marginal in result.marginal:
        yield "+ " + words.marginal_sentence(marginal, objectives, periods, lang)
    for year in result.uncapped_what_if:
        yield "+ " + words.uncapped_sentence(year, lang)
    for relaxation in result.relaxations:
        yield "* " + relaxation_words.relaxation_sentence(relaxation, lang)


def print_result(result: ScenarioResult, lang: Language = Language.ZH) -> None:
    """A planner's summary in one language: the outcome, objectives, what moved and why,
    the caps that bound, the conflict of a scenario that cannot be met and the smallest
    changes that work; a run in quarters or months also names its periods."""
    typer.echo(_head(result, lang))
    typer.echo("  " + words.headline(result, lang))
    for part in (
        _objective_lines,
        _not_scheduled_lines,
        _replan_lines,
        _period_lines,
        _settings_lines,
        _explanation_lines,
    ):
        for line in part(result, lang):
            typer.echo("  " + line)


@app.command("run")
def run(
    file: Annotated[Path, typer.Argument(help="Scenario file (.toml).")],
    db: DbOption = None,
    out: Annotated[Path | None, typer.Option(help="Write the result JSON here.")] = None,
    time_limit: Annotated[
        float | None, typer.Option(help="Seconds for the solver (default: the file's).")
    ] = None,
    lang: LangOption = Language.ZH,
    background: Annotated[
        bool,
        typer.Option(
            "--background",
            help="Queue the run and print its id (see portfolio runs): through the broker "
            "when one is set, else in a detached worker process of this computer.",
        ),
    ] = False,
    broker: BrokerOption = None,
) -> None:
    """Check, solve and store a scenario; print what slips and why."""
    text = _read(file, lang)
    if background:
        queue_run(text, file.name, db, broker, time_limit, lang)
        return
    result = with_workspace(
        db, lang, lambda w: w.run_scenario(text, file.name, time_limit=time_limit)
    )
    if out is not None:
        out.write_text(
            json.dumps(result_to_json(result), ensure_ascii=False, indent=1), encoding="utf-8"
        )
    print_result(result, lang)
    if not result.has_plan:
        raise typer.Exit(code=2)


@app.command("save")
def save(
    file: Annotated[Path, typer.Argument(help="Scenario file (.toml).")],
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Check a scenario against the portfolio and store it without solving."""
    text = _read(file, lang)
    name = with_workspace(db, lang, lambda w: w.save_scenario(text, file.name).name)
    typer.echo(tr(lang, "已保存情景“{name}”", name=name))


@app.command("delete")
def delete(
    name: Annotated[str, typer.Argument(help="Scenario name.")],
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Remove a stored scenario and its runs (the audit trail keeps what it was)."""
    runs = with_workspace(db, lang, lambda w: w.delete_scenario(name))
    typer.echo(tr(lang, "已删除情景“{name}”及其 {runs} 次运行", name=name, runs=runs))


@app.command("list")
def list_(db: DbOption = None, lang: LangOption = Language.ZH) -> None:
    """Stored scenarios with their last run."""
    summaries = with_workspace(db, lang, lambda w: w.scenarios())
    for s in summaries:
        status = words.status_words(s.last_status, lang) if s.last_status else "-"
        last = tr(lang, "最近一次：{status} {ran_at}", status=status, ran_at=s.last_ran_at or "")
        runs = tr(lang, "运行 {n} 次", n=s.runs)
        typer.echo(f"{s.name}\t{runs}\t{last}".rstrip())
    typer.echo(ntr(lang, "{n} 个情景", "{n} 个情景", len(summaries)))


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Scenario name.")],
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the last result JSON.")] = False,
    lang: LangOption = Language.ZH,
) -> None:
    """A stored scenario and its last result."""
    text, result = with_workspace(db, lang, lambda w: w.scenario(name))
    if json_out:
        shown = None if result is None else result_to_json(result)
        typer.echo(json.dumps(shown, ensure_ascii=False, indent=1))
        return
    typer.echo(text.rstrip())
    typer.echo("")
    if result is None:
        typer.echo(tr(lang, "尚未运行：portfolio scenario run FILE"))
    else:
        print_result(result, lang)


@app.command("compare")
def compare(
    names: Annotated[list[str], typer.Argument(help="Two or three scenario names.")],
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
    lang: LangOption = Language.ZH,
) -> None:
    """Compare scenarios side by side: delays, funded, peak spend, projects that differ."""
    if not 2 <= len(names) <= 3:
        raise fail(tr(lang, "请比较两个或三个情景"), lang)
    comparison = with_workspace(db, lang, lambda w: w.compare_scenarios(names))
    if json_out:
        typer.echo(json.dumps(comparison_to_json(comparison), ensure_ascii=False, indent=1))
        return
    names_ = [line.name for line in comparison.scenarios]
    for line in comparison.scenarios:
        outcome = gettext(lang, words.OUTCOME_MESSAGES[line.outcome])
        if line.funded is None:
            typer.echo(f"{line.name}: {outcome}")
            continue
        peak = (
            ""
            if line.peak_year is None or line.peak_spend_wan is None
            else tr(
                lang,
                "，峰值 {year}年 {amount}",
                year=line.peak_year,
                amount=words.money(line.peak_spend_wan, lang),
            )
        )
        typer.echo(
            tr(
                lang,
                "{name}：{outcome}，安排 {funded} 个，推迟 {delayed} 个"
                "（合计 {years} 项目·年）{peak}",
                name=line.name,
                outcome=outcome,
                funded=line.funded,
                delayed=line.delayed,
                years=line.total_delay_years,
                peak=peak,
            )
        )
    for row in comparison.projects_that_differ:
        cells = []
        for name in names_:
            cell = row.cells.get(name)
            if cell is None:
                cells.append("-")
            elif not cell.funded:
                cells.append(tr(lang, "未安排"))
            else:
                cells.append(f"{cell.start_year} (+{cell.delay_years})")
        planned = tr(lang, "计划 {planned}", planned=row.planned)
        typer.echo(f"  {row.name} ({planned}): " + " | ".join(cells))
