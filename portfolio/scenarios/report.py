"""The optimizer's result as the planners' typed result (:class:`ScenarioResult`).

Optimizer ids become the stored projects' ids and names, periods become years and labels
(``"2023"``, ``"2023Q2"``), and every delay counts how late a project finishes: its start
delay plus its stretch. In a quarterly or monthly scenario the yearly figures are whole
years rounded up (one quarter late counts as a year), the periods stand beside them.
Sentences are not made here: ``portfolio.scenarios.words`` says them in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from optimizer import (
    CapKind,
    CapUsage,
    ConstraintFamily,
    ConstraintRef,
    LevelResult,
    Objective,
    Result,
    project_spend,
)
from optimizer import MarginalValue as SolverMarginal
from portfolio.scenarios.build import BuiltScenario, PortfolioProject
from portfolio.scenarios.outcome import (
    CapOutcome,
    CapRef,
    Conflict,
    ConflictMember,
    DelayReason,
    LimitRef,
    MarginalValue,
    MemberFamily,
    NotScheduled,
    ObjectiveLevel,
    ProjectOutcome,
    Relaxation,
    ReplanKind,
    ReplanNote,
    RunStatus,
    ScenarioResult,
    SettingUse,
)
from portfolio.scenarios.periods import Calendar
from portfolio.scenarios.replan import HistorySource, Leaves


def cap_ref(
    built: BuiltScenario, kind: CapKind | str, key: str, period: int, last: int | None
) -> CapRef:
    """A cap's scope and window as the planner names them."""
    calendar = built.calendar
    last = period if last is None else last
    label = (
        str(calendar.year_of(period)) if calendar.yearly else calendar.window_label(period, last)
    )
    return CapRef(kind=CapKind(kind).value, key=key, period=label, year=calendar.year_of(period))


def cap_outcome(built: BuiltScenario, usage: CapUsage) -> CapOutcome:
    return CapOutcome(
        cap=cap_ref(built, usage.kind, usage.key, usage.period, usage.last_period),
        limit_wan=usage.cap,
        used_wan=usage.used,
        binding=usage.binding,
    )


def _settings(built: BuiltScenario, project_id: str) -> tuple[SettingUse, ...]:
    if project_id not in built.data.projects_by_id:
        return ()  # out of the problem (finished, cancelled): its settings had no say
    project = built.data.project(project_id)
    return tuple(
        SettingUse(name=name, value=getattr(project, name), source=source)
        for name, source in sorted(built.settings_from.get(project_id, {}).items())
    )


def _name(built: BuiltScenario, project_id: str) -> str:
    project = built.projects.get(project_id)
    return project.name if project else project_id


def _stored_id(built: BuiltScenario, project_id: str) -> int | None:
    project = built.projects.get(project_id)
    return project.id if project else None


def _project(built: BuiltScenario, project_id: str, result: Result) -> ProjectOutcome:
    calendar = built.calendar
    project = built.projects[project_id]
    base = _with_history(built, project_id, _outcome_base(built, project_id, project))
    schedule = result.schedules.get(project_id)
    if schedule is None or not schedule.funded or schedule.start is None or schedule.end is None:
        return base
    late = schedule.delay + schedule.stretch
    history = dict(base.spend)
    funded = replace(
        base,
        funded=True,
        start_year=min([calendar.year_of(schedule.start), *history]),
        end_year=calendar.year_of(schedule.end),
        delay_years=calendar.whole_years(late),
        start_delay_years=calendar.whole_years(schedule.delay),
        stretch_years=calendar.whole_years(schedule.stretch),
        spend=history | calendar.by_year(schedule.spend),
    )
    if calendar.yearly:
        return funded
    return replace(
        funded,
        start_period=calendar.label(min([schedule.start, *_history_periods(built, history)])),
        end_period=calendar.label(schedule.end),
        delay_periods=late,
        start_delay_periods=schedule.delay,
        stretch_periods=schedule.stretch,
        spend_by_period={
            calendar.label(period): amount
            for period, amount in sorted(
                (_history_periods(built, history) | dict(schedule.spend)).items()
            )
        },
    )


def _outcome_base(
    built: BuiltScenario, project_id: str, project: PortfolioProject
) -> ProjectOutcome:
    return ProjectOutcome(
        id=project.id,
        name=project.name,
        plan=project.plan,
        table=project.table,
        planned_start_year=project.start_year,
        planned_end_year=project.end_year,
        settings=_settings(built, project_id),
    )


def _with_history(built: BuiltScenario, project_id: str, base: ProjectOutcome) -> ProjectOutcome:
    """``base`` with what the project spent before ``as_of`` (its spend in those years)."""
    left = built.replanned.get(project_id)
    if left is None:
        return base
    return replace(
        base,
        spend=dict(sorted(left.history.items())),
        spent_before_wan=left.spent,
        progress=None if left.status is None else left.status.value,
    )


def _history_periods(built: BuiltScenario, history: Mapping[int, int]) -> dict[int, int]:
    """History per period of a run in quarters or months: each year's spend over its periods."""
    calendar = built.calendar
    periods: dict[int, int] = {}
    for year, amount in history.items():
        periods.update(zip(calendar.periods_of(year), calendar.spread((amount,)), strict=True))
    return periods


def _retired(built: BuiltScenario, project_id: str) -> ProjectOutcome:
    """A project that left the problem at ``as_of``: its history, nothing after."""
    project = built.retired[project_id]
    base = _with_history(built, project_id, _outcome_base(built, project_id, project))
    if not base.spend:
        return base
    outcome = replace(base, funded=True, start_year=min(base.spend), end_year=max(base.spend))
    if built.calendar.yearly:
        return outcome
    periods = _history_periods(built, base.spend)
    return replace(
        outcome,
        start_period=built.calendar.label(min(periods)),
        end_period=built.calendar.label(max(periods)),
        delay_periods=0,
        start_delay_periods=0,
        stretch_periods=0,
        spend_by_period={built.calendar.label(p): a for p, a in sorted(periods.items())},
    )


def replan_notes(built: BuiltScenario) -> tuple[ReplanNote, ...]:
    """What re-planning at ``as_of`` did with each project that needs a word: history
    assumed for lack of a report, overruns, projects out of the years to come, carried over."""
    notes = []
    names = {**built.projects, **built.retired}
    for project_id, left in built.replanned.items():
        project = names.get(project_id)
        if project is None:
            continue
        said: list[tuple[ReplanKind, int]] = []
        if left.history_source is HistorySource.ASSUMED:
            said.append((ReplanKind.ASSUMED, left.spent))
        if left.overrun:
            said.append((ReplanKind.OVERRUN, left.overrun))
        if left.leaves is not None and not (
            left.leaves is Leaves.SPENT and left.history_source is HistorySource.ASSUMED
        ):  # a project with no report whose planned years are past: "assumed" says it
            said.append((ReplanKind(left.leaves.value), left.remainder))
        elif (
            left.window is not None
            and project.end_year is not None
            and project.end_year < built.as_of_year
        ):
            said.append((ReplanKind.CARRIED, left.remainder))
        notes += [ReplanNote(kind, project.id, project.name, amount) for kind, amount in said]
    return tuple(sorted(notes, key=lambda n: (n.kind.value, n.project_id)))


def _delay(built: BuiltScenario, result: Result, project_id: str) -> DelayReason:
    explanation = next(d for d in result.delays if d.project_id == project_id)
    calendar = built.calendar
    late = explanation.delay + explanation.stretch
    stored = _stored_id(built, project_id)
    return DelayReason(
        project_id=stored if stored is not None else 0,
        name=_name(built, project_id),
        funded=explanation.funded,
        delay_years=calendar.whole_years(late) if explanation.funded else 0,
        stretch_years=calendar.whole_years(explanation.stretch) if explanation.funded else 0,
        full_caps=tuple(cap_outcome(built, usage) for usage in explanation.full_caps),
        full_limits=tuple(
            LimitRef(
                kind=kind,
                key=key,
                period=str(calendar.year_of(period)) if calendar.yearly else calendar.label(period),
                year=calendar.year_of(period),
            )
            for kind, key, period in explanation.full_concurrency
        ),
        late_predecessors=tuple(
            "→".join(_name(built, part) for part in link.split("→"))
            for link in explanation.late_predecessors
        ),
        delay_periods=None if calendar.yearly else late,
        stretch_periods=None if calendar.yearly else explanation.stretch,
    )


def _from_settings(built: BuiltScenario, project_id: str, setting: str) -> bool:
    return built.settings_from.get(project_id, {}).get(setting) == "project"


def planned_by_year(built: BuiltScenario, project_id: str) -> dict[int, int]:
    """A project's planned spend per year (its stored amounts, or its total spread evenly)."""
    project = built.data.project(project_id)
    return built.calendar.by_year(project_spend(project, 0, 0))


def conflict_member(built: BuiltScenario, ref: ConstraintRef, years: set[int]) -> ConflictMember:
    """One member of a conflict with names; a started project with its planned spend in
    ``years`` (the years of the conflict's caps)."""
    family = MemberFamily(ref.family.value)
    if ref.family is ConstraintFamily.CAP:
        assert ref.period is not None
        return ConflictMember(
            family, cap=cap_ref(built, ref.kind, ref.key, ref.period, ref.last_period)
        )
    if ref.family is ConstraintFamily.CONCURRENCY:
        assert ref.period is not None
        # A limit reads as a cap of its place and period (the kind tells them apart).
        return ConflictMember(family, cap=cap_ref(built, "region", ref.key, ref.period, None))
    if ref.family is ConstraintFamily.LINK:
        before, after = ref.key.split("→")
        return ConflictMember(
            family, predecessor=_name(built, before), successor=_name(built, after)
        )
    setting = {ConstraintFamily.MUST_FUND: "must_fund", ConstraintFamily.LOCK: "locked"}
    planned = {}
    if ref.family is ConstraintFamily.HISTORY:
        planned = {y: a for y, a in planned_by_year(built, ref.key).items() if y in years and a}
    return ConflictMember(
        family,
        project_id=_stored_id(built, ref.key),
        name=_name(built, ref.key),
        from_settings=ref.family in setting and _from_settings(built, ref.key, setting[ref.family]),
        planned_wan=planned,
    )


def _conflict(built: BuiltScenario, result: Result) -> Conflict | None:
    if result.infeasibility is None:
        return None
    members = result.infeasibility.members
    years = {
        built.calendar.year_of(period)
        for ref in members
        if ref.family is ConstraintFamily.CAP and ref.period is not None
        for period in range(ref.period, (ref.last_period or ref.period) + 1)
    }
    return Conflict(
        members=tuple(conflict_member(built, ref, years) for ref in members),
        minimal=result.infeasibility.minimal,
        as_of=built.as_of_year,
    )


def _year_window(built: BuiltScenario, usage: CapUsage, year: int) -> bool:
    """True when the cap covers exactly ``year`` (all its periods)."""
    calendar = built.calendar
    return (usage.period, usage.last) == (calendar.first(year), calendar.last(year))


def _marginal(built: BuiltScenario, value: SolverMarginal) -> MarginalValue:
    asked = value.cap.kind is CapKind.TOTAL and any(
        _year_window(built, value.cap, year) for year in built.spec.what_if_years
    )
    return MarginalValue(
        cap=cap_outcome(built, value.cap),
        step_wan=value.step,
        asked=asked,
        change=value.change,
    )


def objective_level(calendar: Calendar, level: LevelResult) -> ObjectiveLevel:
    """One objective level; the completion of a run in quarters or months also as labels."""
    by_period = not calendar.yearly and level.objective is Objective.COMPLETION
    return ObjectiveLevel(
        name=level.name,
        status=level.status.value,
        value=level.value,
        bound=level.bound,
        gap=level.gap,
        value_period=calendar.label(level.value) if by_period and level.value is not None else None,
        bound_period=calendar.label(level.bound) if by_period and level.bound is not None else None,
    )


def scenario_result(
    built: BuiltScenario,
    result: Result,
    marginal: tuple[SolverMarginal, ...] = (),
    relaxations: tuple[Relaxation, ...] = (),
) -> ScenarioResult:
    """The typed result of a solve: status, objectives, projects, caps and explanations.
    A result with no plan has no projects, caps or delays."""
    status = RunStatus(result.status.value)
    has_plan = status.has_plan
    return replace(
        stopped_result(built, status, None),
        solve_seconds=round(result.solve_seconds, 3),
        objectives=tuple(objective_level(built.calendar, level) for level in result.levels),
        projects=(
            tuple(_project(built, pid, result) for pid in built.projects)
            + tuple(_retired(built, pid) for pid in built.retired)
            if has_plan
            else ()
        ),
        not_scheduled=tuple(
            NotScheduled(id=p.id, name=p.name, plan=p.plan, table=p.table, reason=reason)
            for p, reason in built.skipped
        ),
        caps=tuple(cap_outcome(built, usage) for usage in result.cap_usage) if has_plan else (),
        conflict=_conflict(built, result),
        delays=tuple(_delay(built, result, d.project_id) for d in result.delays),
        marginal=tuple(_marginal(built, value) for value in marginal),
        uncapped_what_if=tuple(
            year
            for year in built.spec.what_if_years
            if has_plan
            and not any(
                u.kind is CapKind.TOTAL and _year_window(built, u, year) for u in result.cap_usage
            )
        ),
        relaxations=relaxations,
    )


def stopped_result(built: BuiltScenario, status: RunStatus, error: str | None) -> ScenarioResult:
    """The result of a run that was cancelled or failed: no plan, the message kept (and the
    head of every result: the scenario, its years and periods)."""
    return ScenarioResult(
        scenario=built.spec.name,
        status=status,
        horizon=built.horizon_years,
        as_of=built.as_of_year,
        periods=built.calendar.unit.value,
        replan_notes=replan_notes(built),
        error=error,
    )
