"""Pure functions from a scenario's result JSON and schedules to what the 情景 page shows.

The result JSON is the one ``portfolio scenario run --out`` writes (status, objectives,
projects, caps, explanations); comparisons read the same schedules as the Gantt chart and the
Excel export, so the figures agree everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from portfolio.exports.model import ScheduleExport
from portfolio.formatting import yi_text
from portfolio.scenarios.periods import PeriodUnit
from portfolio.scenarios.report import cap_label
from portfolio.services.jobs import JobState, JobStatus
from ui.i18n import bilingual, t

PLAN_LABEL = "原计划"
PLAN_VALUE = "__plan__"  # the compare dropdown's value for the plan as written

STATUS_LABELS: dict[str, str] = {
    "optimal": "最优（已证明）",
    "feasible": "可行（时限内未证明最优）",
    "infeasible": "无法满足（条件互相冲突）",
    "timed_out": "时限内未找到方案",
    "invalid": "模型无效",
    "plan": "原计划",
}
OBJECTIVE_NAMES: dict[str, str] = {
    "value": "安排价值",
    "delay": "加权延期（年）",
    "completion": "最晚完工年份",
    "level": "超支峰值（万元）",
}
PERIOD_DELAY_NAMES: dict[str, str] = {
    "quarter": "加权延期（季度）",
    "month": "加权延期（月）",
}
# A run in quarters or months: its delays are counted in them, its schedules shown by period.
DELAY_COLUMNS: dict[str, str] = {
    "year": "延期（年）",
    "quarter": "延期（季度）",
    "month": "延期（月）",
}
JOB_LABELS: dict[JobState, str] = {
    JobState.QUEUED: "排队中",
    JobState.RUNNING: "求解中",
    JobState.DONE: "已完成",
    JobState.FAILED: "失败",
    JobState.CANCELLED: "已取消",
}
CAP_KIND_LABELS: dict[str, str] = {
    "total": "总额",
    "region": "县",
    "city": "设区市",
    "table": "规划表",
}


# Column names of the result tables (keys of the rows below), shown through t().
RESULT_COLUMNS: tuple[str, ...] = (
    "目标", "结果", "界", "差距", "状态",
    "项目名称", "计划年限", "安排年限", "安排时段", "延期（年）", "延期（季度）", "延期（月）",
    "原因",
    "年份", "上限", "上限（亿元）", "安排（亿元）", "余量（亿元）",
)  # fmt: skip

# Label tables whose values are shown through t(): each value has its English in ui.i18n.EN.
LABEL_TABLES: tuple[Mapping[Any, str], ...] = (
    STATUS_LABELS,
    OBJECTIVE_NAMES,
    PERIOD_DELAY_NAMES,
    DELAY_COLUMNS,
    JOB_LABELS,
    CAP_KIND_LABELS,
)


def cap_name(kind: str, key: str, period: int | str) -> str:
    """``2023年总额上限``, ``2023年晋江市上限``, ``2023年第2季度总额上限`` (or their English)."""
    return bilingual(cap_label(kind, key, period))


def delay_reason(explanation: Mapping[str, Any], periods: str | None = None) -> str:
    """Why a project moved: the caps full in its planned years (with what they allowed and
    what was spent), and limits or links that held it back. In a run in quarters or months
    (``periods``) the delay and stretch are counted in them, as the run decided them."""
    if not explanation["funded"]:
        head = t("未安排")
    elif periods in ("quarter", "month") and "delay_periods" in explanation:
        unit = t(PeriodUnit(periods).words[0])
        head = t("推迟{n}{unit}", n=explanation["delay_periods"], unit=unit)
        if explanation.get("stretch_periods"):
            head += t("，延长{n}{unit}", n=explanation["stretch_periods"], unit=unit)
    else:
        head = t("推迟{years}年", years=explanation["delay_years"])
        if explanation.get("stretch_years"):
            head += t("，延长{years}年", years=explanation["stretch_years"])
    reasons = []
    caps = explanation.get("full_caps", [])
    if caps:
        reasons.append(
            (t("原计划年份中已满的上限：") if periods is None else t("原计划时段中已满的上限："))
            + t("；").join(
                t(
                    "{cap}（上限 {limit} 亿元，已安排 {used} 亿元）",
                    cap=cap_name(c["kind"], c["key"], c["period"]),
                    limit=yi_text(c["cap"]),
                    used=yi_text(c["used"]),
                )
                for c in caps
            )
        )
    for limit in explanation.get("full_limits", []):  # runs stored before 2026-12 lack it
        reasons.append(
            t("{year}年{place}同时在建项目已达上限", year=limit["period"], place=limit["key"])
        )
    for link in explanation.get("late_predecessors", []):
        reasons.append(t("前序项目完成较晚：{link}", link=link))
    return head + (t("：") + t("；").join(reasons) if reasons else "")


def marginal_line(
    marginal: Mapping[str, Any], objectives: Sequence[str], periods: str | None = None
) -> str:
    """What raising a full cap by a step would change, objective by objective (``periods``:
    the run's quarters or months, in which its delay is counted)."""
    cap = marginal["cap"]
    label = cap_name(cap["kind"], cap["key"], cap["period"])
    change = marginal.get("change")
    if change is None:
        text = t("重新求解在时限内未得到结果")
    else:
        parts = [
            f"{_objective_name(name, periods)} {delta:+,}"
            for name, delta in zip(objectives, change, strict=False)
            if delta
        ]
        text = t("，").join(parts) if parts else t("目标无变化")
    return t("{cap}提高 {step} 亿元：{text}", cap=label, step=yi_text(marginal["step"]), text=text)


def status_text(result: Mapping[str, Any]) -> str:
    status = str(result["status"])
    seconds = result.get("solve_seconds")
    label = t(STATUS_LABELS.get(status, status))
    return (
        label
        if seconds is None
        else t("{status}，求解用时 {seconds} 秒", status=label, seconds=f"{seconds:.1f}")
    )


def _objective_name(name: str, periods: str | None) -> str:
    """An objective's label; a run in quarters or months counts its delay in them."""
    if name == "delay" and periods in PERIOD_DELAY_NAMES:
        return t(PERIOD_DELAY_NAMES[periods])
    return t(OBJECTIVE_NAMES.get(name, name))


def _figure(value: int | str | None) -> str:
    """A level's value or bound: a number with thousands separators, or a period's label."""
    if value is None:
        return "-"
    return f"{value:,}" if isinstance(value, int) else value


def objective_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per objective level: its value, the solver's bound, the gap (the completion
    of a run in quarters or months as its period, ``2028Q4``)."""
    rows = []
    periods = result.get("periods")
    for level in result["objectives"]:
        gap = level.get("gap")
        rows.append(
            {
                "目标": _objective_name(level["name"], periods),
                "结果": _figure(level.get("value_period", level["value"])),
                "界": _figure(level.get("bound_period", level["bound"])),
                "差距": "-" if gap is None else f"{gap:.2%}",
                "状态": t(STATUS_LABELS.get(level["status"], level["status"])),
            }
        )
    return rows


def delay_columns(result: Mapping[str, Any]) -> list[str]:
    """The columns of :func:`delay_rows`: a run in quarters or months shows its scheduled
    periods and its delays in them."""
    periods = str(result.get("periods", "year"))
    if periods in ("quarter", "month"):
        return ["项目名称", "计划年限", "安排时段", DELAY_COLUMNS[periods], "原因"]
    return ["项目名称", "计划年限", "安排年限", DELAY_COLUMNS["year"], "原因"]


def delay_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Projects that slipped or were not funded, with the explanation of each (the delay in
    years, or in the quarters or months of a run in them: see :func:`delay_columns`)."""
    periods = result.get("periods")
    by_period = periods in ("quarter", "month")
    why = {d["project_id"]: delay_reason(d, periods) for d in result["explanations"]["delays"]}
    delay_key = delay_columns(result)[3]
    rows = []
    for project in result["projects"]:
        delay = (project["delay_periods"] if by_period else project["delay_years"]) or 0
        stretch = project.get("stretch_periods" if by_period else "stretch_years")
        if project["funded"] and delay == 0 and not stretch:
            continue
        if not project["funded"]:
            scheduled = t("未安排")
        elif by_period:
            scheduled = f"{project['start_period']}-{project['end_period']}"
        else:
            scheduled = f"{project['start_year']}-{project['end_year']}"
        rows.append(
            {
                "id": project["id"],
                "项目名称": project["name"],
                "计划年限": f"{project['planned_start_year']}-{project['planned_end_year']}",
                "安排时段" if by_period else "安排年限": scheduled,
                delay_key: delay if project["funded"] else "-",
                "原因": why.get(project["id"], ""),
            }
        )
    return sorted(rows, key=lambda r: (r[delay_key] == "-", -(r[delay_key] or 0), r["id"]))


def infeasible_lines(result: Mapping[str, Any]) -> list[str]:
    """The conflicting conditions of an infeasible scenario, one per line."""
    infeasible = result["explanations"].get("infeasible")
    if not infeasible:
        return []
    lines = [bilingual(member) for member in infeasible["members"]]
    if not infeasible.get("minimal", True):
        lines.append(t("部分检查超时：以上条件未证明为最小集合，其中可能有可以去掉的。"))
    return lines


def marginal_lines(result: Mapping[str, Any]) -> list[str]:
    objectives = [level["name"] for level in result["objectives"]]
    explanations = result["explanations"]
    asked = [m for m in explanations.get("marginal", []) if m.get("asked")]
    others = [m for m in explanations.get("marginal", []) if not m.get("asked")]
    periods = result.get("periods")
    lines = [t("（所问）") + marginal_line(m, objectives, periods) for m in asked]
    lines += [bilingual(u["message"]) for u in explanations.get("uncapped_what_if", [])]
    return lines + [marginal_line(m, objectives, periods) for m in others]


def binding_cap_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The caps that were full, with what was spent under them (亿元)."""
    return [
        {
            "年份": cap["period"],
            "上限": " ".join(
                part
                for part in (t(CAP_KIND_LABELS.get(cap["kind"], cap["kind"])), cap["key"])
                if part
            ),
            "上限（亿元）": yi_text(cap["cap"]),
            "安排（亿元）": yi_text(cap["used"]),
            "余量（亿元）": yi_text(cap["cap"] - cap["used"]),
        }
        for cap in sorted(result["caps"], key=lambda c: (c["period"], c["kind"], c["key"]))
        if cap["binding"]
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
        return t("{scenario}：已取消，未保存任何结果。", scenario=status.scenario)
    if status.error:
        return t(
            "{scenario}：{state}。{error}",
            scenario=status.scenario,
            state=label,
            error=status.error,
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
