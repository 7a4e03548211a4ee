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
from portfolio.scenarios.report import cap_label
from portfolio.services.jobs import JobState, JobStatus

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
JOB_LABELS: dict[JobState, str] = {
    JobState.QUEUED: "排队中",
    JobState.RUNNING: "求解中",
    JobState.DONE: "已完成",
    JobState.FAILED: "失败",
    JobState.CANCELLED: "已取消",
}
CAP_KIND_LABELS: dict[str, str] = {"total": "总额", "region": "县", "city": "设区市", "table": "表"}


def chinese(message: str) -> str:
    """The Chinese half of a bilingual phrase (``中文 / English``)."""
    return message.split(" / ")[0] if " / " in message else message


def cap_name(kind: str, key: str, period: int) -> str:
    """``2023年总额上限``, ``2023年晋江市上限``."""
    return chinese(cap_label(kind, key, period))


def delay_reason(explanation: Mapping[str, Any]) -> str:
    """Why a project moved, in Chinese: the caps full in its planned years (with what they
    allowed and what was spent), and limits or links that held it back."""
    if not explanation["funded"]:
        head = "未安排"
    else:
        head = f"推迟{explanation['delay_years']}年"
        if explanation.get("stretch_years"):
            head += f"，延长{explanation['stretch_years']}年"
    reasons = []
    caps = explanation.get("full_caps", [])
    if caps:
        reasons.append(
            "原计划年份中已满的上限："
            + "；".join(
                f"{cap_name(c['kind'], c['key'], c['period'])}（上限 {yi_text(c['cap'])} 亿元，"
                f"已安排 {yi_text(c['used'])} 亿元）"
                for c in caps
            )
        )
    for part in str(explanation.get("message", "")).split("；"):
        if "同时在建项目已达上限" in part or "前序项目完成较晚" in part:
            reasons.append(chinese(part.split("：")[-1]))
    return head + ("：" + "；".join(reasons) if reasons else "")


def marginal_line(marginal: Mapping[str, Any], objectives: Sequence[str]) -> str:
    """What raising a full cap by a step would change, objective by objective."""
    cap = marginal["cap"]
    label = cap_name(cap["kind"], cap["key"], cap["period"])
    change = marginal.get("change")
    if change is None:
        text = "重新求解在时限内未得到结果"
    else:
        parts = [
            f"{OBJECTIVE_NAMES.get(name, name)} {delta:+,}"
            for name, delta in zip(objectives, change, strict=False)
            if delta
        ]
        text = "，".join(parts) if parts else "目标无变化"
    return f"{label}提高 {yi_text(marginal['step'])} 亿元：{text}"


def status_text(result: Mapping[str, Any]) -> str:
    status = str(result["status"])
    seconds = result.get("solve_seconds")
    label = STATUS_LABELS.get(status, status)
    return label if seconds is None else f"{label}，求解用时 {seconds:.1f} 秒"


def objective_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per objective level: its value, the solver's bound, the gap."""
    rows = []
    for level in result["objectives"]:
        gap = level.get("gap")
        rows.append(
            {
                "目标": OBJECTIVE_NAMES.get(level["name"], level["name"]),
                "结果": "-" if level["value"] is None else f"{level['value']:,}",
                "界": "-" if level["bound"] is None else f"{level['bound']:,}",
                "差距": "-" if gap is None else f"{gap:.2%}",
                "状态": STATUS_LABELS.get(level["status"], level["status"]),
            }
        )
    return rows


def delay_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Projects that slipped or were not funded, with the explanation of each."""
    why = {d["project_id"]: delay_reason(d) for d in result["explanations"]["delays"]}
    rows = []
    for project in result["projects"]:
        delay = project["delay_years"] or 0
        if project["funded"] and delay == 0 and not project.get("stretch_years"):
            continue
        rows.append(
            {
                "id": project["id"],
                "项目名称": project["name"],
                "计划年限": f"{project['planned_start_year']}-{project['planned_end_year']}",
                "安排年限": (
                    f"{project['start_year']}-{project['end_year']}"
                    if project["funded"]
                    else "未安排"
                ),
                "延期（年）": delay if project["funded"] else "-",
                "原因": why.get(project["id"], ""),
            }
        )
    return sorted(rows, key=lambda r: (r["延期（年）"] == "-", -(r["延期（年）"] or 0), r["id"]))


def infeasible_lines(result: Mapping[str, Any]) -> list[str]:
    """The conflicting conditions of an infeasible scenario, one per line."""
    infeasible = result["explanations"].get("infeasible")
    if not infeasible:
        return []
    return [chinese(member) for member in infeasible["members"]]


def marginal_lines(result: Mapping[str, Any]) -> list[str]:
    objectives = [level["name"] for level in result["objectives"]]
    return [marginal_line(m, objectives) for m in result["explanations"].get("marginal", [])]


def binding_cap_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The caps that were full, with what was spent under them (亿元)."""
    return [
        {
            "年份": cap["period"],
            "上限": " ".join(
                part for part in (CAP_KIND_LABELS.get(cap["kind"], cap["kind"]), cap["key"]) if part
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
    label = JOB_LABELS[status.state]
    if status.state is JobState.RUNNING:
        return (
            f"{status.scenario}：{label}（{stage_text(status.stage)}），已用 "
            f"{status.elapsed_seconds:.1f} 秒 / 时限 {status.time_limit:.0f} 秒"
        )
    if status.state is JobState.DONE:
        outcome = STATUS_LABELS.get(status.result_status or "", status.result_status)
        return f"{status.scenario}：{label}，{outcome}，用时 {status.elapsed_seconds:.1f} 秒"
    if status.error:
        return f"{status.scenario}：{label}。{status.error}"
    return f"{status.scenario}：{label}"


def stage_text(stage: str) -> str:
    """``level 1/2: delay`` → ``第 1/2 层目标：延期最少``; other stages as they are."""
    if stage.startswith("level ") and ":" in stage:
        head, objective = stage.removeprefix("level ").split(":", 1)
        objective = objective.strip().split(" ")[0]
        if "/" in head:
            return f"第 {head} 层目标：{OBJECTIVE_NAMES.get(objective, objective)}"
        return f"目标 {OBJECTIVE_NAMES.get(head, head)} 已求得"
    if stage.startswith("explaining"):
        return "计算追加资金的边际效果"
    return {"checking": "检查情景", "queued": "排队"}.get(stage, stage)


def comparison_rows(exports: Mapping[str, ScheduleExport]) -> list[dict[str, Any]]:
    """Scenarios side by side: one row per measure, one column per scenario."""
    measures: dict[str, dict[str, Any]] = {}

    def put(measure: str, label: str, value: Any) -> None:
        measures.setdefault(measure, {"指标": measure})[label] = value

    for label, export in exports.items():
        rows = [r for r in export.rows if r.spend or not r.funded]
        totals = export.total_by_year()
        peak_year = max(totals, key=lambda y: (totals[y], -y)) if totals else None
        put("状态", label, STATUS_LABELS.get(export.status, export.status))
        put("安排项目数", label, sum(1 for r in rows if r.funded))
        put("未安排项目数", label, sum(1 for r in rows if not r.funded))
        put("延期项目数", label, sum(1 for r in rows if r.funded and r.delay_years > 0))
        put("延期年数合计", label, sum(r.delay_years for r in rows if r.funded))
        put("峰值年份", label, peak_year if peak_year is not None else "-")
        put("峰值年支出（亿元）", label, yi_text(totals[peak_year]) if peak_year else "-")
        put("总支出（亿元）", label, yi_text(sum(totals.values())))
        for year, amount in totals.items():
            if any(e.total_by_year().get(year) for e in exports.values()):
                put(f"{year}年支出（亿元）", label, yi_text(amount))
    return list(measures.values())


def county_comparison_rows(exports: Mapping[str, ScheduleExport]) -> list[dict[str, Any]]:
    """Per county: delayed projects and total spend in each scenario."""
    counties: dict[str, dict[str, Any]] = {}
    for label, export in exports.items():
        for row in export.rows:
            for county, spend in row.county_spend.items():
                line = counties.setdefault(county, {"县（市、区）": county})
                line.setdefault(f"{label}·延期", 0)
                line.setdefault(f"{label}·支出", 0)
                if not row.funded or row.delay_years > 0:
                    line[f"{label}·延期"] += 1
                line[f"{label}·支出"] += sum(spend.values())
    result = []
    for county in sorted(counties):
        line = counties[county]
        for label in exports:
            line[f"{label}·支出"] = yi_text(line.get(f"{label}·支出", 0))
            line.setdefault(f"{label}·延期", 0)
        result.append(line)
    return result


def differing_rows(exports: Mapping[str, ScheduleExport]) -> list[dict[str, Any]]:
    """Projects whose years differ between the scenarios compared."""
    years: dict[int, dict[str, Any]] = {}
    for label, export in exports.items():
        for row in export.rows:
            line = years.setdefault(
                row.project_id,
                {"项目名称": row.name, "计划年限": f"{row.planned_start}-{row.planned_end}"},
            )
            line[label] = f"{row.start}-{row.end}" if row.funded else "未安排"
    labels: Sequence[str] = list(exports)
    return [line for line in years.values() if len({line.get(label) for label in labels}) > 1]
