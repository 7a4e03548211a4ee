"""From a scenario and the stored portfolio to the optimizer's problem.

Checks that need the portfolio happen here, before any solving: unknown plans, tables,
counties, cities, units or projects; caps in years (or quarters, months) outside the horizon;
caps and cuts in years (or quarters, months) before ``as_of``, history that has been spent
and cannot change; flexible share bounds a project's periods cannot add up to. Projects that
cannot be scheduled (unknown money or years, the second row of a project standing in two
plans, a window outside the horizon) are left out and listed with the reason.

Time becomes the optimizer's periods here (``periods.Calendar``): in a yearly scenario a
period is the year itself and everything is as it was; in a quarterly or monthly one a
project's window runs from the first period of its start year to the last of its end year,
its yearly amounts are spread over the periods of each year, and limits written in years
(max delay, stretch, link lags) are multiplied by the periods of a year.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from optimizer import (
    Cap,
    CapKind,
    ConcurrencyKind,
    ConcurrencyLimit,
    Link,
    ProblemData,
    Project,
    spread_evenly,
)
from optimizer.usage import planned_schedules, scope_usage
from portfolio.actuals import ProjectActuals
from portfolio.i18n import N_, pN_
from portfolio.scenarios.periods import Calendar, PeriodKey, PeriodUnit, period_order
from portfolio.scenarios.problems import ProblemList, ScenarioError, ScenarioProblem
from portfolio.scenarios.profiles import ProfileSpec, project_profile
from portfolio.scenarios.replan import Replanned, replan
from portfolio.scenarios.spec import Amount, ScenarioSpec
from portfolio.scenarios.suggest import closest

_CAP_KIND = {
    "total": CapKind.TOTAL,
    "county": CapKind.REGION,
    "city": CapKind.CITY,
    "table": CapKind.TABLE,
    "plan": CapKind.PLAN,
}


@dataclass(frozen=True)
class PortfolioProject:
    """A stored project as scenarios need it."""

    id: int
    plan: str
    table: str
    name: str
    investment_wan: int | None
    start_year: int | None
    end_year: int | None
    regions: tuple[tuple[str, int], ...]  # (region, share in basis points)
    units: tuple[str, ...]
    counted_in_totals: bool
    profile: tuple[int, ...] | None = None  # planned 万元 per year of the window, or even
    # The planner's stored settings that differ from the defaults, keyed as [[overrides]].
    settings: Mapping[str, int | bool] = field(default_factory=dict)

    @property
    def table_key(self) -> str:
        return f"{self.plan}/{self.table}"


@dataclass(frozen=True)
class Geography:
    """County-level places and cities, with aliases resolved to canonical names."""

    city_of: dict[str, str]  # county or zone → city; a city → itself
    counties: frozenset[str]
    cities: frozenset[str]
    aliases: dict[str, str]  # alias → canonical name

    def canonical(self, name: str) -> str:
        return self.aliases.get(name, name)


class SkipReason(StrEnum):
    """Why a project of the portfolio is left out of a scenario (said in the planner's
    words by ``portfolio.scenarios.words.skip_words``)."""

    COUNTED_ELSEWHERE = "counted_elsewhere"  # counted once, under its row in the other plan
    MONEY_UNKNOWN = "money_unknown"
    YEARS_UNKNOWN = "years_unknown"
    PROFILE_MISFIT = "profile_misfit"  # stored yearly amounts do not fit its years or total
    OUTSIDE_HORIZON = "outside_horizon"


@dataclass(frozen=True)
class BuiltScenario:
    """The optimizer's problem, with what the planner needs to read its result."""

    spec: ScenarioSpec
    data: ProblemData
    projects: dict[str, PortfolioProject]  # optimizer id → stored project
    skipped: tuple[tuple[PortfolioProject, str], ...]
    # scope, period (the year, in a yearly scenario) → planned 万元 of every project scheduled
    # or excluded by a setting, as written: the base of cuts and percentage caps
    planned: dict[tuple[str, str, int], int] = field(default_factory=dict)
    # optimizer id → setting → where it came from: "project" (settings) or "scenario" (file)
    settings_from: dict[str, dict[str, str]] = field(default_factory=dict)
    calendar: Calendar = field(default_factory=Calendar)  # the periods' numbers and labels
    horizon_years: tuple[int, int] = (0, 0)  # the horizon as the planner reads it
    as_of_year: int = 0
    # stored id → the project re-planned at as_of: its history and what remains
    replanned: dict[str, Replanned] = field(default_factory=dict)
    # stored id → a project that leaves the problem at as_of (finished, cancelled, spent)
    retired: dict[str, PortfolioProject] = field(default_factory=dict)


def build_problem(
    spec: ScenarioSpec,
    projects: list[PortfolioProject],
    geography: Geography,
    earlier: Sequence[ScenarioProblem] = (),
    source: str | None = None,
    actuals: Mapping[int, ProjectActuals] | None = None,
    this_year: int | None = None,
) -> BuiltScenario:
    """Turn a scenario into optimizer data; raises :class:`ScenarioError` with every problem:
    ``earlier`` ones (those :func:`~portfolio.scenarios.spec.read_scenario` found, whose
    settings ``spec`` goes without) and those found here, each at its line of the file
    (``source``, the file's name, heads the message; the scenario's name without one)."""
    source = source or spec.name or "scenario"
    actuals = actuals or {}
    problems = ProblemList(list(earlier))
    plans = {p.plan for p in projects}
    for i, plan in enumerate(spec.plans):
        if plan not in plans:
            _unknown(problems, f"plans[{i}]", "plan", plan, plans)
    tables = _table_keys(projects, spec.plans)
    wanted_tables: set[str] = set()
    for i, table in enumerate(spec.tables):
        key = _resolve_table(table, tables)
        if key is None:
            _unknown(problems, f"tables[{i}]", "table", table, _table_names(tables))
        else:
            wanted_tables.add(key)

    chosen: list[PortfolioProject] = []
    skipped: list[tuple[PortfolioProject, str]] = []
    for project in projects:
        if spec.plans and project.plan not in spec.plans:
            continue
        if wanted_tables and project.table_key not in wanted_tables:
            continue
        if not project.counted_in_totals:
            skipped.append((project, SkipReason.COUNTED_ELSEWHERE))
        elif project.investment_wan is None:
            skipped.append((project, SkipReason.MONEY_UNKNOWN))
        elif project.start_year is None or project.end_year is None:
            skipped.append((project, SkipReason.YEARS_UNKNOWN))
        elif project.profile is not None and (
            len(project.profile) != project.end_year - project.start_year + 1
            or sum(project.profile) != project.investment_wan
        ):
            skipped.append((project, SkipReason.PROFILE_MISFIT))
        else:
            chosen.append(project)

    max_delay = spec.max_delay or 0
    first = spec.horizon[0] if spec.horizon is not None else _first_year(chosen, spec.as_of)
    as_of = _as_of(spec, chosen, actuals, first, this_year)
    replanned = {project.id: _replan(project, as_of, actuals.get(project.id)) for project in chosen}
    if spec.horizon is not None:
        last = spec.horizon[1]
    elif chosen:
        ends = [w[1] for r in replanned.values() if (w := r.window) is not None]
        ends += [year for r in replanned.values() for year in r.history]
        last = max(ends or [first]) + max_delay
    else:
        last = first
    inside = []
    retired = []
    for project in chosen:
        window = replanned[project.id].window
        if window is None:
            if any(year < first for year in replanned[project.id].history):
                skipped.append((project, SkipReason.OUTSIDE_HORIZON))
            else:
                retired.append(project)
        elif project.start_year < first or window[1] > last:  # type: ignore[operator]
            skipped.append((project, SkipReason.OUTSIDE_HORIZON))
        else:
            inside.append(project)
    if not first <= as_of <= last + 1:
        problems.refuse("as_of", OUTSIDE_YEARS, what=as_of, first=first, last=last)
        as_of = first  # read on as if it were not given, to find the other problems
    calendar = Calendar(spec.periods)
    for i, year in enumerate(spec.what_if_years):
        if not first <= year <= last:
            problems.refuse(
                f"explain.what_if[{i}]", OUTSIDE_YEARS, what=f"{year}年", first=first, last=last
            )

    by_name: dict[str, list[PortfolioProject]] = defaultdict(list)
    for project in inside:
        by_name[project.name].append(project)
    by_id = {p.id: p for p in inside}

    def find(ref: int | str, key: str) -> PortfolioProject | None:
        if isinstance(ref, int) and not isinstance(ref, bool):
            if ref not in by_id:
                problems.refuse(key, "没有编号为 {ref} 的项目参与本情景", ref=ref)
            return by_id.get(ref)
        matches = by_name.get(str(ref), [])
        if not matches:
            _unknown(problems, key, "project", str(ref), by_name)
            return None
        if len(matches) > 1:
            ids = ", ".join(str(p.id) for p in matches)
            problems.refuse(
                key,
                "有 {n} 个项目名为“{ref}”（编号 {ids}：请用编号）",
                n=len(matches),
                ref=ref,
                ids=ids,
            )
            return None
        return matches[0]

    overrides: dict[int, dict[str, object]] = {}
    profiles: dict[int, tuple[ProfileSpec, str]] = {}  # own profile settings, where written
    for override in spec.overrides:
        ref = override.project_id if override.project_id is not None else override.project_name
        target = find(ref or "", f"{override.key}.project")
        if target is None:
            continue
        settings = overrides.setdefault(target.id, {})
        settings.update(override.values)
        if override.profile.given:
            written = profiles.get(target.id, (ProfileSpec(), ""))[0]
            profiles[target.id] = (override.profile.over(written), override.key)
        if settings.get("must_fund") and settings.get("excluded"):
            problems.refuse(
                override.key,
                "“{name}”不能既必须安排（must_fund）又排除（excluded）",
                name=target.name,
            )
    links = []
    for link in spec.links:
        before, after = (
            find(link.before, f"{link.key}.before"),
            find(link.after, f"{link.key}.after"),
        )
        if before is not None and after is not None:
            if before.id == after.id:
                problems.refuse(link.key, "项目不能衔接在自己之后")
            else:
                links.append(Link(str(before.id), str(after.id), calendar.years(link.lag)))

    optimizer_projects = []
    settings_from: dict[str, dict[str, str]] = {}
    for project in inside:
        settings, sources = merge_settings(project.settings, overrides.get(project.id, {}))
        if sources:
            settings_from[str(project.id)] = sources
        own_profile, where = profiles.get(project.id, (ProfileSpec(), "limits.profile"))
        left = replanned[project.id]
        assert left.window is not None
        years = left.window[1] - left.window[0] + 1
        total = left.remainder
        profile, flexible, problem = project_profile(
            own_profile.over(spec.profile),
            left.profile,
            project.name,
            total,
            years,
            unit=calendar.unit,
        )
        if problem is not None:
            problems.refuse(where, problem[0], **problem[1])
            continue
        if flexible is None:
            profile = _per_period(calendar, profile, total, years)
        delay_years = settings.get("max_delay", spec.max_delay)
        assert delay_years is None or isinstance(delay_years, int)
        optimizer_projects.append(
            Project(
                id=str(project.id),
                total=total,
                planned_start=calendar.first(left.window[0]),
                planned_end=calendar.last(left.window[1]),
                profile=profile,
                flexible=flexible,
                regions=dict(project.regions),
                units=project.units,
                table=project.table_key,
                plan=project.plan,
                priority=int(settings.get("priority", 1)),  # type: ignore[call-overload]
                must_fund=bool(settings.get("must_fund", False)),
                locked=bool(settings.get("locked", False)),
                excluded=bool(settings.get("excluded", False)),
                max_delay=None if delay_years is None else calendar.years(delay_years),
                max_stretch=calendar.years(
                    int(settings.get("max_stretch", spec.max_stretch))  # type: ignore[call-overload]
                ),
            )
        )
    horizon = (calendar.first(first), calendar.last(last))
    remaining = {p.id: _remaining(p, replanned[p.id]) for p in inside}
    base = ProblemData(
        projects=[_as_written(p, remaining[int(p.id)], calendar) for p in optimizer_projects],
        horizon=horizon,
        as_of=calendar.first(as_of),
        cities={region: city for region, city in geography.city_of.items()},
    )
    planned = {
        (kind.value, key, period): amount
        for (kind, key), per_period in scope_usage(base, planned_schedules(base)).items()
        for period, amount in per_period.items()
    }
    caps = _caps(spec, geography, tables, planned, (first, last), as_of, calendar, problems)
    concurrency = _concurrency(spec, geography, inside, problems)
    if problems:
        raise ScenarioError(source, problems.problems, spec.text)
    try:
        data = ProblemData(
            projects=optimizer_projects,
            horizon=horizon,
            as_of=calendar.first(as_of),
            links=links,
            caps=caps,
            concurrency=concurrency,
            cities=base.cities,
        )
    except ValueError as exc:  # e.g. links that form a cycle
        cycle = ScenarioProblem("links", N_("衔接有误：{detail}"), (("detail", exc),))
        raise ScenarioError(source, [cycle], spec.text) from exc
    return BuiltScenario(
        spec=spec,
        data=data,
        projects={str(p.id): p for p in inside},
        skipped=tuple(skipped),
        planned=planned,
        settings_from=settings_from,
        calendar=calendar,
        horizon_years=(first, last),
        as_of_year=as_of,
        replanned={str(p): r for p, r in replanned.items()},
        retired={str(p.id): p for p in retired},
    )


def _first_year(chosen: Sequence[PortfolioProject], as_of: int | None) -> int:
    """The first year of a scenario without a horizon: its earliest planned start."""
    starts = [p.start_year for p in chosen if p.start_year is not None]
    return min(starts) if starts else (as_of or 2021)


def _as_of(
    spec: ScenarioSpec,
    chosen: Sequence[PortfolioProject],
    actuals: Mapping[int, ProjectActuals],
    first: int,
    this_year: int | None,
) -> int:
    """The scenario's ``as_of``: as written; else the current year once the office has
    reported actual spend for any of its projects (it is re-planning from them); else the
    first year (the plan as written, nothing spent yet)."""
    if spec.as_of is not None:
        return spec.as_of
    if this_year is not None and any(p.id in actuals for p in chosen):
        return max(this_year, first)
    return first


def _replan(project: PortfolioProject, as_of: int, actual: ProjectActuals | None) -> Replanned:
    assert project.start_year is not None and project.end_year is not None
    return replan(
        project.investment_wan or 0,
        (project.start_year, project.end_year),
        project.profile,
        as_of,
        actual,
    )


def _remaining(project: PortfolioProject, left: Replanned) -> PortfolioProject:
    """What remains of ``project`` to schedule: its remainder over its re-planned window."""
    assert left.window is not None
    return dataclasses.replace(
        project,
        investment_wan=left.remainder,
        start_year=left.window[0],
        end_year=left.window[1],
        profile=left.profile,
    )


def _per_period(
    calendar: Calendar, yearly: tuple[int, ...] | None, total: int, years: int
) -> tuple[int, ...] | None:
    """Amounts per period from amounts per year (``None``: the even spread over the years):
    in a yearly scenario as they are, else each year's amount over its periods."""
    if calendar.yearly:
        return yearly
    return calendar.spread(yearly or spread_evenly(total, years))


def _as_written(project: Project, stored: PortfolioProject, calendar: Calendar) -> Project:
    """``project`` as the plan writes it, the base of cuts and percentage caps:
    funded on its planned amounts (stored, or even). An excluded project counts there too:
    excluding it frees its money for others, it does not shrink the budget. A flexible one
    counts with its planned amounts, not with amounts still to be chosen."""
    if project.flexible is not None:
        project = dataclasses.replace(
            project, flexible=None, profile=_planned_profile(stored, calendar)
        )
    return dataclasses.replace(project, excluded=False)


def _planned_profile(project: PortfolioProject, calendar: Calendar) -> tuple[int, ...] | None:
    """A project's planned amounts per period, as cuts and percentage caps read them:
    its stored yearly amounts or the even spread over its years, each year over its
    periods (``None``, the even spread, in a yearly scenario without stored amounts)."""
    assert project.start_year is not None and project.end_year is not None
    years = project.end_year - project.start_year + 1
    return _per_period(calendar, project.profile, project.investment_wan or 0, years)


def merge_settings(
    stored: Mapping[str, int | bool], file: Mapping[str, object]
) -> tuple[dict[str, object], dict[str, str]]:
    """A project's settings: the stored ones, with the scenario file's overrides winning.

    A file that funds or locks the project drops a stored exclusion, and one that excludes it
    drops a stored must-fund or lock, so that the file's choice holds instead of contradicting
    itself. Returns the settings and, per setting, ``"project"`` or ``"scenario"``.
    """
    kept: dict[str, object] = dict(stored)
    if file.get("must_fund") or file.get("locked"):
        kept.pop("excluded", None)
    if file.get("excluded"):
        kept.pop("must_fund", None)
        kept.pop("locked", None)
    merged = kept | dict(file)
    return merged, {name: "scenario" if name in file else "project" for name in merged}


def _table_keys(projects: list[PortfolioProject], plans: tuple[str, ...]) -> set[str]:
    return {p.table_key for p in projects if not plans or p.plan in plans}


def _table_names(tables: set[str]) -> set[str]:
    """Tables as a planner may write them: ``附件1`` (when one plan has it) and
    ``plan/附件1``."""
    short = defaultdict(list)
    for key in tables:
        short[key.split("/", 1)[1]].append(key)
    return set(tables) | {name for name, keys in short.items() if len(keys) == 1}


# What names the planner may get wrong, and how each is said.
UNKNOWN_NAME = {
    "plan": N_("未知规划“{name}”"),
    "table": N_("未知表“{name}”"),
    "county": N_("未知县（市、区）“{name}”"),
    "city": N_("未知设区市“{name}”"),
    "project": N_("没有名为“{name}”的项目参与本情景"),
}
OUTSIDE_YEARS = N_("{what} 不在情景年份 {first}-{last} 内")
# A cap or cut in a period outside the scenario's years, by the period's kind.
OUTSIDE_PERIOD = {
    PeriodUnit.YEAR: pN_("年份", "{what} 不在情景年份 {first}-{last} 内"),
    PeriodUnit.QUARTER: pN_("季度", "{what} 不在情景年份 {first}-{last} 内"),
    PeriodUnit.MONTH: pN_("月份", "{what} 不在情景年份 {first}-{last} 内"),
}


def _unknown(problems: ProblemList, key: str, kind: str, name: str, known: Iterable[str]) -> None:
    """An unknown name (``kind``: one of :data:`UNKNOWN_NAME`), with the closest known ones."""
    problems.refuse(key, UNKNOWN_NAME[kind], closest(name, list(known)), name=name)


def _resolve_table(name: str, tables: set[str]) -> str | None:
    """A table as the planner writes it: ``附件1`` or ``quanzhou-st-14fyp/附件1``."""
    if name in tables:
        return name
    matches = [key for key in tables if key.split("/", 1)[1] == name]
    return matches[0] if len(matches) == 1 else None


def _caps(
    spec: ScenarioSpec,
    geography: Geography,
    tables: set[str],
    planned: dict[tuple[str, str, int], int],
    horizon: tuple[int, int],
    as_of: int,
    calendar: Calendar,
    problems: ProblemList,
) -> list[Cap]:
    """The caps and cuts of the file as optimizer caps: a year's over its periods, a quarter's
    or month's over its own (years and ``as_of`` here are years, as written). One in a year
    before ``as_of`` is refused: that history is spent as planned and cannot change."""
    first, last = horizon
    # kind, key, (year or period key) → where it stands, and the amount
    wanted: dict[tuple[str, str, PeriodKey], tuple[str, Amount]] = {}
    written = [
        ((kind, scope, PeriodKey(year)), amount)
        for (kind, scope, year), amount in (spec.caps.items())
    ] + list(spec.period_caps.items())
    for (kind, scope, period), amount in written:
        where = f"caps.{kind}" + (f".{scope}" if scope else "") + f".{period.label}"
        key = scope
        if kind == "county":
            key = geography.canonical(scope)
            if key not in geography.counties:
                _unknown(problems, where, "county", scope, geography.counties)
                continue
        elif kind == "city":
            key = geography.canonical(scope)
            if key not in geography.cities:
                _unknown(problems, where, "city", scope, geography.cities)
                continue
        elif kind == "plan":
            plans = {table.split("/", 1)[0] for table in tables}
            if scope not in plans:
                _unknown(problems, where, "plan", scope, plans)
                continue
        elif kind == "table":
            resolved = _resolve_table(scope, tables)
            if resolved is None:
                _unknown(problems, where, "table", scope, _table_names(tables))
                continue
            key = resolved
        wanted[(_CAP_KIND[kind].value, key, period)] = (where, amount)
    cuts = [(PeriodKey(year), percent) for year, percent in spec.cuts.items()]
    for period, percent in cuts + list(spec.period_cuts.items()):
        where = f"cuts.{period.label}"
        if (CapKind.TOTAL.value, "", period) in wanted:
            problems.refuse(where, "{label} 既有总额上限又有压减：只留一项", label=period.label)
            continue
        wanted[(CapKind.TOTAL.value, "", period)] = (where, Amount(percent=Decimal(100) - percent))

    caps = []
    # Per scope: years, then quarters, then months, each in time order.
    for (kind, key, period), (where, amount) in sorted(
        wanted.items(), key=lambda item: (*item[0][:2], period_order(item[0][2]))
    ):
        name = str(period.year) if period.unit.per_year == 1 else period.label
        if not first <= period.year <= last:
            problems.refuse(where, OUTSIDE_PERIOD[period.unit], what=name, first=first, last=last)
            continue
        if period.year < as_of:
            problems.refuse(where, BEFORE_AS_OF, name=name, as_of=as_of)
            continue
        begin, end = calendar.span(period)
        planned_here = sum(planned.get((kind, key, p), 0) for p in range(begin, end + 1))
        caps.append(Cap(CapKind(kind), key, begin, amount.resolve(planned_here), last_period=end))
    return caps


# Why a cap or cut in a year before ``as_of`` (or a quarter or month of one) is refused:
# those years are history, spent as planned, and no cap can change them.
BEFORE_AS_OF = N_("{name} 早于 as_of = {as_of}，已发生的年份不能设上限或压减")


def _concurrency(
    spec: ScenarioSpec,
    geography: Geography,
    projects: list[PortfolioProject],
    problems: ProblemList,
) -> list[ConcurrencyLimit]:
    limits = []
    for county, limit in sorted(spec.county_concurrency.items()):
        key = geography.canonical(county)
        if key not in geography.counties:
            where = f"limits.county_concurrency.{county}"
            _unknown(problems, where, "county", county, geography.counties)
            continue
        limits.append(ConcurrencyLimit(ConcurrencyKind.REGION, key, limit))
    units = {unit for p in projects for unit in p.units}
    for unit, limit in sorted(spec.unit_concurrency.items()):
        if unit not in units:
            problems.refuse(
                f"limits.unit_concurrency.{unit}",
                "没有单位“{unit}”的项目参与本情景",
                closest(unit, units),
                unit=unit,
            )
            continue
        limits.append(ConcurrencyLimit(ConcurrencyKind.UNIT, unit, limit))
    return limits
