"""Pure functions from a scenario's result JSON and schedules to what the 情景 page shows.

The result JSON is the one ``portfolio scenario run --out`` writes (status, objectives,
projects, caps, explanations); comparisons read the same schedules as the Gantt chart and the
Excel export, so the figures agree everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from portfolio.exports.model import Language, ScheduleExport
from portfolio.formatting import yi_text
from portfolio.scenarios import relaxation_words, replan_words, words
from portfolio.scenarios.outcome import ProjectOutcome, ReplanKind, ScenarioResult
from portfolio.services.runs import JobState, JobStatus
from ui.i18n import export_lang, later, t

PLAN_LABEL = later("原计划")
PLAN_VALUE = "__plan__"  # the compare dropdown's value for the plan as written

STATUS_LABELS: dict[str, str] = {
    "optimal": later("最优（已证明）"),
    "feasible": later("可行（时限内未证明最优）"),
    "infeasible": later("无法满足（条件互相冲突）"),
    "timed_out": later("时限内未找到方案"),
    "invalid": later("模型无效"),
    "partly_funded": later("部分项目未安排"),
    "cancelled": later("已取消"),
    "failed": later("运行失败"),
    "plan": later("原计划"),
}
OBJECTIVE_NAMES: dict[str, str] = {
    "value": later("安排价值"),
    "delay": later("加权延期（年）"),
    "completion": later("最晚完工年份"),
    "level": later("超支峰值（万元）"),
}
PERIOD_DELAY_NAMES: dict[str, str] = {
    "quarter": later("加权延期（季度）"),
    "month": later("加权延期（月）"),
}
# A run in quarters or months: its delays are counted in them, its schedules shown by period.
DELAY_COLUMNS: dict[str, str] = {
    "year": later("延期（年）"),
    "quarter": later("延期（季度）"),
    "month": later("延期（月）"),
}
JOB_LABELS: dict[JobState, str] = {
    JobState.QUEUED: later("排队中"),
    JobState.RUNNING: later("求解中"),
    JobState.DONE: later("已完成"),
    JobState.FAILED: later("失败"),
    JobState.INTERRUPTED: later("已中断"),
    JobState.CANCELLED: later("已取消"),
}
CAP_KIND_LABELS: dict[str, str] = {
    "total": later("总额"),
    "region": later("县"),
    "city": later("设区市"),
    "table": later("规划表"),
}


# Column names of the result tables (keys of the rows below), shown through t().
RESULT_COLUMNS: tuple[str, ...] = (
    later("目标"), later("结果"), later("界"), later("差距"), later("状态"),
    later("项目名称"), later("计划年限"), later("安排年限"), later("安排时段"),
    later("延期（年）"), later("延期（季度）"), later("延期（月）"), later("原因"),
    later("年份"), later("上限"), later("上限（亿元）"),
    later("安排（亿元）"), later("余量（亿元）"),
)  # fmt: skip

# Label tables whose values are shown through t(): each value has its English in the catalog.
LABEL_TABLES: tuple[Mapping[Any, str], ...] = (
    STATUS_LABELS,
    OBJECTIVE_NAMES,
    PERIOD_DELAY_NAMES,
    DELAY_COLUMNS,
    JOB_LABELS,
    CAP_KIND_LABELS,
)


def _lang() -> Language:
    return export_lang()


def status_text(result: ScenarioResult) -> str:
    """The run's outcome in a line: what it means for the plan, in the page's language."""
    return words.headline(result, _lang())


def objective_rows(result: ScenarioResult) -> list[dict[str, Any]]:
    """One row per objective level: its value, the solver's bound, the gap (the completion
    of a run in quarters or months as its period, ``2028Q4``). None for a run with no plan."""
    if not result.has_plan:
        return []
    lang = _lang()
    rows = []
    for level in result.objectives:
        value = level.value_period or level.value
        bound = level.bound_period or level.bound
        rows.append(
            {
                "目标": words.objective_name(level.name, result.periods, lang),
                "结果": _figure(value),
                "界": _figure(bound),
                "差距": _figure(level.gap),
                "状态": t(STATUS_LABELS.get(level.status, level.status)),
            }
        )
    return rows


def _figure(value: int | str | None) -> str:
    """A level's value or bound: a number with thousands separators, or a period's label."""
    if value is None:
        return "-"
    return f"{value:,}" if isinstance(value, int) else value


def delay_columns(result: ScenarioResult) -> list[str]:
    """The columns of :func:`delay_rows`: a run in quarters or months shows its scheduled
    periods and its delays in them."""
    if not result.yearly:
        return ["项目名称", "计划年限", "安排时段", DELAY_COLUMNS[result.periods], "原因"]
    return ["项目名称", "计划年限", "安排年限", DELAY_COLUMNS["year"], "原因"]


def delay_rows(result: ScenarioResult) -> list[dict[str, Any]]:
    """Projects that finish late or are not funded, with the reason of each: the latest
    first, unfunded last. A run with no plan has none."""
    lang = _lang()
    why = {d.project_id: words.delay_sentence(d, result.periods, lang) for d in result.delays}
    name_key, planned_key, scheduled_key, delay_key, why_key = delay_columns(result)
    by_period = not result.yearly

    def lateness(project: ProjectOutcome) -> int:
        return (project.delay_periods or 0) if by_period else project.delay_years

    def scheduled(project: ProjectOutcome) -> str:
        if by_period:
            return f"{project.start_period}-{project.end_period}"
        return f"{project.start_year}-{project.end_year}"

    moved = sorted(result.moved(), key=lambda p: (not p.funded, -lateness(p), p.id))
    return [
        {
            "id": project.id,
            name_key: project.name,
            planned_key: f"{project.planned_start_year}-{project.planned_end_year}",
            scheduled_key: scheduled(project) if project.funded else t("未安排"),
            delay_key: str(lateness(project)) if project.funded else "-",
            why_key: why.get(project.id, ""),
        }
        for project in moved
    ]


def replan_lines(result: ScenarioResult) -> tuple[str | None, list[str]]:
    """Re-planned from progress reports: the line that sums it up, and each project that
    needs a word (finished, cancelled, overrun, carried over; then those assumed)."""
    lang = _lang()
    notes = sorted(result.replan_notes, key=lambda n: n.kind is ReplanKind.ASSUMED)
    return replan_words.summary(result, lang), [
        replan_words.note_sentence(note, result.as_of, lang) for note in notes
    ]


def infeasible_lines(result: ScenarioResult) -> list[str]:
    """The conflicting conditions of a scenario that cannot be met, one per line."""
    if result.conflict is None:
        return []
    return words.conflict_lines(result.conflict, _lang())


def marginal_lines(result: ScenarioResult) -> list[str]:
    """What more money would buy: the caps asked about first, then the fullest."""
    lang = _lang()
    objectives = [level.name for level in result.objectives]
    asked = [m for m in result.marginal if m.asked]
    others = [m for m in result.marginal if not m.asked]
    lines = [
        t("（所问）") + words.marginal_sentence(m, objectives, result.periods, lang) for m in asked
    ]
    lines += [words.uncapped_sentence(year, lang) for year in result.uncapped_what_if]
    return lines + [words.marginal_sentence(m, objectives, result.periods, lang) for m in others]


def relaxation_lines(result: ScenarioResult) -> list[tuple[int | None, str]]:
    """The smallest changes that work, each with its index in the result for "apply"
    (``None`` for one that cannot be applied: no amount of one cap alone works, say)."""
    lang = _lang()
    return [
        (
            index if relaxation.applicable else None,
            relaxation_words.relaxation_sentence(relaxation, lang),
        )
        for index, relaxation in enumerate(result.relaxations)
    ]


def binding_cap_rows(result: ScenarioResult) -> list[dict[str, Any]]:
    """The caps that were full, with what was spent under them (亿元)."""
    return [
        {
            "年份": cap.cap.period,
            "上限": " ".join(
                part
                for part in (t(CAP_KIND_LABELS.get(cap.cap.kind, cap.cap.kind)), cap.cap.key)
                if part
            ),
            "上限（亿元）": yi_text(cap.limit_wan),
            "安排（亿元）": yi_text(cap.used_wan),
            "余量（亿元）": yi_text(cap.slack_wan),
        }
        for cap in sorted(
            result.binding_caps(), key=lambda c: (c.cap.year, c.cap.period, c.cap.kind, c.cap.key)
        )
    ]


def job_text(status: JobStatus) -> str:
    """A run's state in a line: stage, seconds used against the time limit, the outcome."""
    label = t(JOB_LABELS[status.state])
    elapsed = f"{status.elapsed_seconds:.1f}"
    if status.state is JobState.RUNNING:
        return t(
            "{scenario}：{state}（{stage}），已用 {elapsed} 秒 / 时限 {limit} 秒",
            scenario=status.scenario,
            state=label,
            stage=stage_text(status.stage),
            elapsed=elapsed,
            limit=f"{status.time_limit:.0f}",
        )
    if status.state is JobState.DONE:
        outcome = t(STATUS_LABELS.get(status.result_status or "", status.result_status or ""))
        return t(
            "{scenario}：{state}，{outcome}，用时 {elapsed} 秒",
            scenario=status.scenario,
            state=label,
            outcome=outcome,
            elapsed=elapsed,
        )
    if status.state is JobState.CANCELLED:
        return t("{scenario}：已取消，未得到方案；情景已保存。", scenario=status.scenario)
    if status.state is JobState.INTERRUPTED:
        return t(
            "{scenario}：{state}（{reason}）。情景已保存，可重新运行。",
            scenario=status.scenario,
            state=label,
            reason=status.reason_text(export_lang()),
        )
    if status.reason:
        return t(
            "{scenario}：{state}。{error}",
            scenario=status.scenario,
            state=label,
            error=status.reason,
        )
    return t("{scenario}：{state}", scenario=status.scenario, state=label)


def stage_text(stage: str) -> str:
    """``level 1/2: delay`` → ``第 1/2 层目标：延期最少``; other stages as they are."""
    if stage.startswith("level ") and ":" in stage:
        head, objective = stage.removeprefix("level ").split(":", 1)
        objective = objective.strip().split(" ")[0]
        if "/" in head:
            name = t(OBJECTIVE_NAMES.get(objective, objective))
            return t("第 {level} 层目标：{objective}", level=head, objective=name)
        return t("目标 {objective} 已求得", objective=t(OBJECTIVE_NAMES.get(head, head)))
    if stage.startswith("explaining: the smallest"):
        return t("计算能满足情景的最小改动")
    if stage.startswith("explaining: the lowest caps"):
        return t("计算没有项目推迟所需的上限")
    if stage.startswith("explaining"):
        return t("计算追加资金的边际效果")
    if stage == "checking":
        return t("检查情景")
    if stage == "queued":
        return t("排队")
    return stage


def comparison_rows(exports: Mapping[str, ScheduleExport]) -> list[dict[str, Any]]:
    """Scenarios side by side: one row per measure, one column per scenario."""
    measures: dict[str, dict[str, Any]] = {}

    def put(measure: str, label: str, value: Any) -> None:
        measures.setdefault(measure, {t("比较项"): measure})[label] = value

    for label, export in exports.items():
        rows = [r for r in export.rows if r.spend or not r.funded]
        totals = export.total_by_year()
        peak_year = max(totals, key=lambda y: (totals[y], -y)) if totals else None
        put(t("状态"), label, t(STATUS_LABELS.get(export.status, export.status)))
        put(t("安排项目数"), label, sum(1 for r in rows if r.funded))
        put(t("未安排项目数"), label, sum(1 for r in rows if not r.funded))
        put(t("延期项目数"), label, sum(1 for r in rows if r.funded and r.delay_years > 0))
        put(t("延期年数合计"), label, sum(r.delay_years for r in rows if r.funded))
        put(t("峰值年份"), label, peak_year if peak_year is not None else "-")
        put(t("峰值年支出（亿元）"), label, yi_text(totals[peak_year]) if peak_year else "-")
        put(t("总支出（亿元）"), label, yi_text(sum(totals.values())))
        for year, amount in totals.items():
            if any(e.total_by_year().get(year) for e in exports.values()):
                put(t("{year}年支出（亿元）", year=year), label, yi_text(amount))
    return list(measures.values())


def county_comparison_rows(exports: Mapping[str, ScheduleExport]) -> list[dict[str, Any]]:
    """Per county: delayed projects and total spend in each scenario."""
    counties: dict[str, dict[str, Any]] = {}
    delayed = {label: delayed_column(label) for label in exports}
    spent = {label: t("{scenario}·支出（亿元）", scenario=label) for label in exports}
    for label, export in exports.items():
        for row in export.rows:
            for county, spend in row.county_spend.items():
                line = counties.setdefault(county, {t("县（市、区）"): county})
                line.setdefault(delayed[label], 0)
                line.setdefault(spent[label], 0)
                if not row.funded or row.delay_years > 0:
                    line[delayed[label]] += 1
                line[spent[label]] += sum(spend.values())
    result = []
    for county in sorted(counties):
        line = counties[county]
        for label in exports:
            line[spent[label]] = yi_text(line.get(spent[label], 0))
            line.setdefault(delayed[label], 0)
        result.append(line)
    return result


def delayed_column(label: str) -> str:
    """The header of a scenario's delayed-projects column in the county comparison."""
    return t("{scenario}·延期", scenario=label)


def differing_rows(exports: Mapping[str, ScheduleExport]) -> list[dict[str, Any]]:
    """Projects whose years differ between the scenarios compared."""
    years: dict[int, dict[str, Any]] = {}
    for label, export in exports.items():
        for row in export.rows:
            line = years.setdefault(
                row.project_id,
                {t("项目名称"): row.name, t("计划年限"): f"{row.planned_start}-{row.planned_end}"},
            )
            line[label] = f"{row.start}-{row.end}" if row.funded else t("未安排")
    labels: Sequence[str] = list(exports)
    return [line for line in years.values() if len({line.get(label) for label in labels}) > 1]
