"""A scenario's result in the planners' words: the result JSON and its explanations.

Explanations name projects and places, not internal ids, in Chinese with English beside.

In a quarterly or monthly scenario (``periods``) every yearly figure keeps its meaning —
``spend`` per year (the sum of its periods), ``start_year``, ``end_year``, ``delay_years``
and ``stretch_years`` as whole years rounded up (one quarter late counts as a year) — and
the periods stand beside them: ``periods`` at the top, per project ``start_period``,
``end_period``, ``delay_periods``, ``stretch_periods`` and ``spend_by_period``; every cap
gives its ``period`` as a label (``"2023"`` for a year's cap, ``"2023Q2"``) and its ``year``.
The objectives are the optimizer's, counted in periods (a weighted delay in quarters; the
completion also as ``value_period`` and ``bound_period`` labels). A yearly result is exactly
as it always was.
"""

from __future__ import annotations

from typing import Any

from optimizer import (
    CapKind,
    CapUsage,
    ConstraintFamily,
    ConstraintRef,
    LevelResult,
    MarginalValue,
    Objective,
    Result,
)
from portfolio.formatting import yi_text
from portfolio.scenarios.build import BuiltScenario
from portfolio.scenarios.periods import Calendar, PeriodUnit, parse_period_key

_KIND_EN = {
    CapKind.REGION: "county",
    CapKind.CITY: "city",
    CapKind.TABLE: "table",
    CapKind.PLAN: "plan",
}


def period_words(period: int | str) -> str:
    """A year or period label in Chinese: ``2023年``, ``2023年第2季度``, ``2023年5月``."""
    text = str(period)
    if text.isdigit():
        return f"{text}年"
    try:
        key = parse_period_key(text)
    except ValueError:
        return text  # a span of periods, ``2023Q2-2023Q3``: as it is
    if key.unit is PeriodUnit.QUARTER:
        return f"{key.year}年第{key.index}季度"
    return f"{key.year}年{key.index}月"


def cap_label(kind: CapKind | str, key: str, period: int | str) -> str:
    """``2023年总额上限 / total cap 2023`` and the like; ``period`` is a year, or a period's
    label (``"2023Q2"``: ``2023年第2季度总额上限 / total cap 2023Q2``)."""
    kind = CapKind(kind)
    when = period_words(period)
    if kind is CapKind.TOTAL:
        return f"{when}总额上限 / total cap {period}"
    if kind is CapKind.PLAN:
        return f"{when}规划{key}上限 / plan cap {key} {period}"
    return f"{when}{key}上限 / {_KIND_EN[kind]} cap {key} {period}"


def _cap_period(built: BuiltScenario, period: int, last_period: int | None) -> int | str:
    """A cap's period as the result names it: the year in a yearly scenario, else a label."""
    calendar = built.calendar
    if calendar.yearly:
        return period
    return calendar.window_label(period, period if last_period is None else last_period)


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
        return cap_label(ref.kind, ref.key, _cap_period(built, ref.period, ref.last_period))
    if family is ConstraintFamily.CONCURRENCY:
        assert ref.period is not None
        when = period_words(_cap_period(built, ref.period, None))
        return f"{when}{ref.key}同时在建项目数上限 / limit on projects at once in {ref.key}"
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


def _moved_words(built: BuiltScenario, periods: int) -> tuple[str, str]:
    """A delay or stretch in Chinese and English: ``2年``/``2 year(s)``, ``3个季度``/``3
    quarter(s)``."""
    chinese, english = built.calendar.unit.words
    return f"{periods}{chinese}", f"{periods} {english}(s)"


def _delay_message(built: BuiltScenario, project_id: str, result: Result) -> dict[str, Any]:
    explanation = next(d for d in result.delays if d.project_id == project_id)
    calendar = built.calendar
    name = _name(built, project_id)
    labels = [_cap_period(built, c.period, c.last_period) for c in explanation.full_caps]
    caps = [
        cap_label(c.kind, c.key, label)
        for c, label in zip(explanation.full_caps, labels, strict=True)
    ]
    years = sorted({calendar.year_of(c.period) for c in explanation.full_caps})
    if not explanation.funded:
        head = f"“{name}”未安排 / not funded"
    else:
        late_zh, late_en = _moved_words(built, explanation.delay)
        head = f"“{name}”推迟{late_zh} / delayed {late_en}"
        if explanation.stretch:
            if calendar.yearly:
                head += f"，延长{explanation.stretch}年 / stretched {explanation.stretch}"
            else:
                longer_zh, longer_en = _moved_words(built, explanation.stretch)
                head += f"，延长{longer_zh} / stretched {longer_en}"
    reasons = []
    if caps:
        span_zh, span_en = ("年份", "years") if calendar.yearly else ("时段", "periods")
        reasons.append(
            f"原计划{span_zh}中以下上限已满 / full in its planned {span_en}: " + "；".join(caps)
        )
    for kind, key, period in explanation.full_concurrency:
        when = period_words(_cap_period(built, period, None))
        reasons.append(f"{when}{key}同时在建项目已达上限 / {kind} {key} at its limit")
    for link in explanation.late_predecessors:
        reasons.append(f"前序项目完成较晚 / predecessor finishes late: {link}")
    message = {
        "project_id": int(project_id),
        "name": name,
        "funded": explanation.funded,
        "delay_years": calendar.whole_years(explanation.delay),
        "stretch_years": calendar.whole_years(explanation.stretch),
        "full_caps": [
            {"kind": c.kind.value, "key": c.key, "period": label, "cap": c.cap, "used": c.used}
            | ({} if calendar.yearly else {"year": calendar.year_of(c.period)})
            for c, label in zip(explanation.full_caps, labels, strict=True)
        ],
        "years": years,
        "full_limits": [
            {"kind": kind, "key": key, "period": _cap_period(built, period, None)}
            | ({} if calendar.yearly else {"year": calendar.year_of(period)})
            for kind, key, period in explanation.full_concurrency
        ],
        "late_predecessors": list(explanation.late_predecessors),
        "message": head + ("：" + "；".join(reasons) if reasons else ""),
    }
    if not calendar.yearly:
        message["delay_periods"] = explanation.delay
        message["stretch_periods"] = explanation.stretch
        message["periods"] = sorted(set(labels), key=labels.index)
    return message


def _cap_dict(built: BuiltScenario, usage: CapUsage) -> dict[str, Any]:
    cap: dict[str, Any] = {
        "kind": usage.kind.value,
        "key": usage.key,
        "period": _cap_period(built, usage.period, usage.last_period),
        "cap": usage.cap,
        "used": usage.used,
        "slack": usage.slack,
        "binding": usage.binding,
    }
    if not built.calendar.yearly:
        cap["year"] = built.calendar.year_of(usage.period)
    return cap


def _year_window(built: BuiltScenario, usage: CapUsage, year: int) -> bool:
    """True when the cap covers exactly ``year`` (all its periods)."""
    calendar = built.calendar
    return (usage.period, usage.last) == (calendar.first(year), calendar.last(year))


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
    label = cap_label(
        value.cap.kind,
        value.cap.key,
        _cap_period(built, value.cap.period, value.cap.last_period),
    )
    asked = value.cap.kind is CapKind.TOTAL and any(
        _year_window(built, value.cap, year) for year in built.spec.what_if_years
    )
    return {
        "cap": _cap_dict(built, value.cap),
        "step": value.step,
        "asked": asked,
        "change": None if change is None else list(change),
        "message": f"{label}提高{yi_text(value.step)}亿元 / raised by {value.step:,} 万元: {text}",
    }


def result_dict(
    built: BuiltScenario, result: Result, marginal: tuple[MarginalValue, ...] = ()
) -> dict[str, Any]:
    """The result JSON: status, objectives, projects, caps and explanations."""
    calendar = built.calendar
    projects = []
    for project_id, project in built.projects.items():
        schedule = result.schedules.get(project_id)
        row: dict[str, Any] = {
            "id": project.id,
            "name": project.name,
            "plan": project.plan,
            "table": project.table,
            "planned_start_year": project.start_year,
            "planned_end_year": project.end_year,
            "funded": bool(schedule and schedule.funded),
            "start_year": _year(calendar, schedule.start if schedule else None),
            "end_year": _year(calendar, schedule.end if schedule else None),
            "delay_years": calendar.whole_years(schedule.delay) if schedule else None,
            "stretch_years": calendar.whole_years(schedule.stretch) if schedule else None,
            "spend": {str(y): a for y, a in calendar.by_year(schedule.spend).items()}
            if schedule
            else {},
            "settings": _settings(built, project_id),
        }
        if not calendar.yearly:
            row |= {
                "start_period": _label(calendar, schedule.start if schedule else None),
                "end_period": _label(calendar, schedule.end if schedule else None),
                "delay_periods": schedule.delay if schedule else None,
                "stretch_periods": schedule.stretch if schedule else None,
                "spend_by_period": {
                    calendar.label(period): amount
                    for period, amount in sorted(schedule.spend.items())
                }
                if schedule
                else {},
            }
        projects.append(row)
    infeasible = None
    if result.infeasibility is not None:
        members = [describe_constraint(built, ref) for ref in result.infeasibility.members]
        infeasible = {
            "minimal": result.infeasibility.minimal,
            "members": members,
            "message": "以下条件不能同时满足 / these cannot all hold: "
            + "；".join(members)
            + (
                ""
                if result.infeasibility.minimal
                else "（部分检查超时，未证明为最小集合 / some checks ran out of time: not"
                " proven minimal）"
            ),
        }
    head: dict[str, Any] = {
        "scenario": built.spec.name,
        "status": result.status.value,
        "horizon": list(built.horizon_years),
        "as_of": built.as_of_year,
    }
    if not calendar.yearly:
        head["periods"] = calendar.unit.value
    return head | {
        "solve_seconds": round(result.solve_seconds, 3),
        "objectives": [_objective_dict(calendar, level) for level in result.levels],
        "projects": projects,
        "not_scheduled": [
            {"id": p.id, "name": p.name, "plan": p.plan, "table": p.table, "reason": reason}
            for p, reason in built.skipped
        ],
        "caps": [_cap_dict(built, usage) for usage in result.cap_usage],
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
                if not any(
                    u.kind is CapKind.TOTAL and _year_window(built, u, year)
                    for u in result.cap_usage
                )
            ],
        },
    }


def _objective_dict(calendar: Calendar, level: LevelResult) -> dict[str, Any]:
    """One objective level. In a run in quarters or months, delay is counted in periods and
    completion is a period: its value and bound are also given as labels (``2028Q4``)."""
    entry: dict[str, Any] = {
        "name": level.name,
        "value": level.value,
        "bound": level.bound,
        "gap": level.gap,
        "status": level.status.value,
    }
    if not calendar.yearly and level.objective is Objective.COMPLETION:
        entry["value_period"] = _label(calendar, level.value)
        entry["bound_period"] = _label(calendar, level.bound)
    return entry


def _year(calendar: Calendar, period: int | None) -> int | None:
    return None if period is None else calendar.year_of(period)


def _label(calendar: Calendar, period: int | None) -> str | None:
    return None if period is None else calendar.label(period)
