"""A scenario's result in the planners' words: the result JSON and its explanations.

Explanations name projects and places, not internal ids, in Chinese with English beside.
"""

from __future__ import annotations

from typing import Any

from optimizer import CapKind, CapUsage, ConstraintFamily, ConstraintRef, MarginalValue, Result
from portfolio.formatting import yi_text
from portfolio.scenarios.build import BuiltScenario

_KIND_EN = {
    CapKind.REGION: "county",
    CapKind.CITY: "city",
    CapKind.TABLE: "table",
    CapKind.PLAN: "plan",
}


def cap_label(kind: CapKind | str, key: str, period: int) -> str:
    """``2023年总额上限 / total cap 2023`` and the like."""
    kind = CapKind(kind)
    if kind is CapKind.TOTAL:
        return f"{period}年总额上限 / total cap {period}"
    if kind is CapKind.PLAN:
        return f"{period}年规划{key}上限 / plan cap {key} {period}"
    return f"{period}年{key}上限 / {_KIND_EN[kind]} cap {key} {period}"


SETTINGS_NOTE = "（项目设置 / set in the project's settings）"


def _from_settings(built: BuiltScenario, project_id: str, setting: str) -> str:
    """A note when a project's setting came from its stored settings, not the scenario file."""
    source = built.settings_from.get(project_id, {}).get(setting)
    return SETTINGS_NOTE if source == "project" else ""


def _settings(built: BuiltScenario, project_id: str) -> dict[str, Any]:
    """The project's settings that the scenario used, each with where it came from."""
    project = built.data.project(project_id)
    return {
        name: {"value": getattr(project, name), "from": source}
        for name, source in sorted(built.settings_from.get(project_id, {}).items())
    }


def _name(built: BuiltScenario, project_id: str) -> str:
    project = built.projects.get(project_id)
    return project.name if project else project_id


def describe_constraint(built: BuiltScenario, ref: ConstraintRef) -> str:
    """One member of an infeasibility explanation, with names."""
    family = ref.family
    if family is ConstraintFamily.CAP:
        assert ref.period is not None
        return cap_label(ref.kind, ref.key, ref.period)
    if family is ConstraintFamily.CONCURRENCY:
        return f"{ref.period}年{ref.key}同时在建项目数上限 / limit on projects at once in {ref.key}"
    name = _name(built, ref.key) if family is not ConstraintFamily.LINK else ref.key
    if family is ConstraintFamily.MUST_FUND:
        return f"“{name}”必须安排 / must be funded" + _from_settings(built, ref.key, "must_fund")
    if family is ConstraintFamily.REQUIRED:
        return f"“{name}”须全部安排（目标中无 value） / funded, as every project is"
    if family is ConstraintFamily.LOCK:
        note = _from_settings(built, ref.key, "locked")
        return f"“{name}”已锁定 / locked to its planned years" + note
    if family is ConstraintFamily.HISTORY:
        return f"“{name}”已开工，按原计划 / started: keeps its planned years"
    return f"前后衔接 {name} / link {name}"


def _delay_message(built: BuiltScenario, project_id: str, result: Result) -> dict[str, Any]:
    explanation = next(d for d in result.delays if d.project_id == project_id)
    name = _name(built, project_id)
    caps = [cap_label(c.kind, c.key, c.period) for c in explanation.full_caps]
    years = sorted({c.period for c in explanation.full_caps})
    if not explanation.funded:
        head = f"“{name}”未安排 / not funded"
    else:
        head = f"“{name}”推迟{explanation.delay}年 / delayed {explanation.delay} year(s)"
        if explanation.stretch:
            head += f"，延长{explanation.stretch}年 / stretched {explanation.stretch}"
    reasons = []
    if caps:
        reasons.append("原计划年份中以下上限已满 / full in its planned years: " + "；".join(caps))
    for kind, key, period in explanation.full_concurrency:
        reasons.append(f"{period}年{key}同时在建项目已达上限 / {kind} {key} at its limit")
    for link in explanation.late_predecessors:
        reasons.append(f"前序项目完成较晚 / predecessor finishes late: {link}")
    return {
        "project_id": int(project_id),
        "name": name,
        "funded": explanation.funded,
        "delay_years": explanation.delay,
        "stretch_years": explanation.stretch,
        "full_caps": [
            {"kind": c.kind.value, "key": c.key, "period": c.period, "cap": c.cap, "used": c.used}
            for c in explanation.full_caps
        ],
        "years": years,
        "full_limits": [
            {"kind": kind, "key": key, "period": period}
            for kind, key, period in explanation.full_concurrency
        ],
        "late_predecessors": list(explanation.late_predecessors),
        "message": head + ("：" + "；".join(reasons) if reasons else ""),
    }


def _cap_dict(usage: CapUsage) -> dict[str, Any]:
    return {
        "kind": usage.kind.value,
        "key": usage.key,
        "period": usage.period,
        "cap": usage.cap,
        "used": usage.used,
        "slack": usage.slack,
        "binding": usage.binding,
    }


def _marginal_dict(built: BuiltScenario, value: MarginalValue) -> dict[str, Any]:
    objectives = [o.value for o in built.spec.objectives]
    change = value.change
    if change is None:
        text = "重新求解在时限内未得到不差于当前的结果 / the re-solve found nothing as good in time"
    else:
        parts = [
            f"{name} {delta:+d}"
            for name, delta in zip(objectives, change, strict=True)
            if delta is not None
        ]
        text = "，".join(parts) if parts else "无变化 / no change"
    label = cap_label(value.cap.kind, value.cap.key, value.cap.period)
    asked = value.cap.kind is CapKind.TOTAL and value.cap.period in built.spec.what_if_years
    return {
        "cap": _cap_dict(value.cap),
        "step": value.step,
        "asked": asked,
        "change": None if change is None else list(change),
        "message": f"{label}提高{yi_text(value.step)}亿元 / raised by {value.step:,} 万元: {text}",
    }


def result_dict(
    built: BuiltScenario, result: Result, marginal: tuple[MarginalValue, ...] = ()
) -> dict[str, Any]:
    """The result JSON: status, objectives, projects, caps and explanations."""
    projects = []
    for project_id, project in built.projects.items():
        schedule = result.schedules.get(project_id)
        projects.append(
            {
                "id": project.id,
                "name": project.name,
                "plan": project.plan,
                "table": project.table,
                "planned_start_year": project.start_year,
                "planned_end_year": project.end_year,
                "funded": bool(schedule and schedule.funded),
                "start_year": schedule.start if schedule else None,
                "end_year": schedule.end if schedule else None,
                "delay_years": schedule.delay if schedule else None,
                "stretch_years": schedule.stretch if schedule else None,
                "spend": {str(y): a for y, a in sorted(schedule.spend.items())} if schedule else {},
                "settings": _settings(built, project_id),
            }
        )
    infeasible = None
    if result.infeasibility is not None:
        members = [describe_constraint(built, ref) for ref in result.infeasibility.members]
        infeasible = {
            "minimal": result.infeasibility.minimal,
            "members": members,
            "message": "以下条件不能同时满足 / these cannot all hold: " + "；".join(members),
        }
    return {
        "scenario": built.spec.name,
        "status": result.status.value,
        "horizon": list(built.data.horizon),
        "as_of": built.data.as_of,
        "solve_seconds": round(result.solve_seconds, 3),
        "objectives": [
            {
                "name": level.name,
                "value": level.value,
                "bound": level.bound,
                "gap": level.gap,
                "status": level.status.value,
            }
            for level in result.levels
        ],
        "projects": projects,
        "not_scheduled": [
            {"id": p.id, "name": p.name, "plan": p.plan, "table": p.table, "reason": reason}
            for p, reason in built.skipped
        ],
        "caps": [_cap_dict(usage) for usage in result.cap_usage],
        "explanations": {
            "infeasible": infeasible,
            "delays": [_delay_message(built, d.project_id, result) for d in result.delays],
            "marginal": [_marginal_dict(built, value) for value in marginal],
            "uncapped_what_if": [
                {
                    "year": year,
                    "message": f"{year}年没有总额上限：增加资金不改变结果 / "
                    f"{year} has no total cap: more money there changes nothing",
                }
                for year in built.spec.what_if_years
                if not any(u.kind is CapKind.TOTAL and u.period == year for u in result.cap_usage)
            ],
        },
    }
