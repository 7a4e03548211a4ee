"""Budget scenarios: read, check, solve, store, list, show and compare.

One transaction per action; the optimizer is called between reading the portfolio and
storing the result, so a failed solve stores nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from optimizer import (
    CancelToken,
    CapKind,
    MarginalValue,
    SolveCancelledError,
    SolveParams,
    marginal_values,
    solve,
)
from portfolio.access import Actor
from portfolio.db import models as m
from portfolio.db.bulk import bulk_insert
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.formatting import office_today
from portfolio.i18n import tr
from portfolio.scenarios.build import BuiltScenario, Geography, PortfolioProject, build_problem
from portfolio.scenarios.outcome import ScenarioResult, result_from_json, result_to_json
from portfolio.scenarios.periods import parse_period_key
from portfolio.scenarios.relax import relaxations_for
from portfolio.scenarios.report import scenario_result
from portfolio.scenarios.spec import ScenarioSpec, parse_scenario, read_scenario
from portfolio.services.actuals import actuals_at
from portfolio.services.audit import AuditAction, record
from portfolio.services.project_settings import all_settings
from portfolio.services.queries import ProjectView, list_projects
from portfolio.services.regions import cities_by_region, regions_in_use
from portfolio.versions import check_version, scenario_named

MARGINAL_TOP = 3  # the fullest caps whose marginal value every run reports
# Set in a worker process of a pool: the solver threads each of its solves may use.
SOLVER_THREADS_ENV = "PORTFOLIO_SOLVER_THREADS"


class UnknownScenarioError(PortfolioError):
    """No scenario of that name is stored (or, in the subclasses, it has nothing to show).
    ``scenario`` is the name asked for, for a message in the reader's language."""

    def __init__(self, message: str, scenario: str = "") -> None:
        super().__init__(message)
        self.scenario = scenario

    def message(self, lang: Language) -> str:
        """Why there is nothing to show, in ``lang`` (pages and commands say it so)."""
        return tr(lang, "没有名为“{name}”的情景", name=self.scenario)


class UnknownRunError(PortfolioError):
    """No stored run has that id."""


class ScenarioCancelledError(PortfolioError):
    """The planner stopped the run before a plan was found."""

    def __init__(self, scenario: str) -> None:
        super().__init__(f"“{scenario}” was stopped before a plan was found")


@dataclass(frozen=True)
class SavedScenario:
    """A scenario as just stored: its name and the version a later save is based on."""

    name: str
    version: int


@dataclass(frozen=True)
class ScenarioSummary:
    """A stored scenario in a list: its runs, and its version with who saved it, when."""

    name: str
    runs: int
    last_status: str | None
    last_ran_at: str | None
    version: int = 0
    saved_by: str = ""
    saved_at: dt.datetime | None = None


@dataclass(frozen=True)
class ScenarioBaseline:
    """What a new scenario starts from: the default horizon, the planned spend of each year
    (what a percentage cap or a cut applies to), and the county-level places caps may name."""

    horizon: tuple[int, int]
    as_of: int
    planned_by_year: dict[int, int]
    counties: tuple[str, ...]


def baseline(session: Session) -> ScenarioBaseline:
    """The plan with no caps, as a scenario sees it (default max delay included)."""
    projects, geography = scenario_inputs(session)
    built = build_problem(
        parse_scenario('name = "baseline"\n', "baseline"),
        projects,
        geography,
        actuals=actuals_at(session),
        this_year=this_year(),
    )
    planned = {
        year: amount for (kind, _key, year), amount in built.planned.items() if kind == "total"
    }
    for left in built.replanned.values():  # the years before as_of: what was spent
        for year, amount in left.history.items():
            planned[year] = planned.get(year, 0) + amount
    first, last = built.data.horizon
    return ScenarioBaseline(
        horizon=(first, last),
        as_of=built.data.as_of if built.data.as_of is not None else first,
        planned_by_year={year: planned.get(year, 0) for year in range(first, last + 1)},
        counties=tuple(sorted(geography.counties)),
    )


def scenario_inputs(
    session: Session, views: Sequence[ProjectView] | None = None
) -> tuple[list[PortfolioProject], Geography]:
    """The stored projects (with their settings) and places, as scenarios need them.

    ``views``, every project's listing as :func:`list_projects` gives it, saves reading the
    projects a second time when the caller has them already.
    """
    shares: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for pid, name, share in session.execute(
        select(m.ProjectRegion.project_id, m.Region.name, m.ProjectRegion.share_bp)
        .join(m.Region, m.Region.id == m.ProjectRegion.region_id)
        .order_by(m.ProjectRegion.project_id, m.ProjectRegion.position)
    ):
        shares[pid].append((name, share))
    profiles: dict[int, dict[int, int]] = defaultdict(dict)
    for pid, year, amount in session.execute(
        select(m.ProjectProfile.project_id, m.ProjectProfile.year, m.ProjectProfile.amount_wan)
    ):
        profiles[pid][year] = amount
    settings = all_settings(session)
    projects = [
        PortfolioProject(
            id=view.id,
            plan=view.plan,
            table=view.table,
            name=view.name,
            investment_wan=view.investment_wan,
            start_year=view.start_year,
            end_year=view.end_year,
            regions=tuple(shares[view.id]),
            units=view.units,
            counted_in_totals=view.counted_in_totals,
            profile=_profile(profiles.get(view.id), view.start_year, view.end_year),
            settings=settings[view.id].scenario_values() if view.id in settings else {},
        )
        for view in (list_projects(session) if views is None else views)
    ]
    # The places of the provinces the portfolio is in: a scenario names those (and hears of
    # 晋江市 when it writes 晋江县, not of a county of the same name elsewhere in China).
    regions = regions_in_use(session)
    cities = cities_by_region(regions)
    aliases = {
        alias: regions[region_id].name
        for region_id, alias in session.execute(
            select(m.RegionAlias.region_id, m.RegionAlias.alias)
        )
        if region_id in regions
    }
    geography = Geography(
        city_of={regions[rid].name: city for rid, city in cities.items()},
        counties=frozenset(r.name for r in regions.values() if r.kind in ("county", "zone")),
        cities=frozenset(cities.values()),
        aliases=aliases,
    )
    return projects, geography


def _profile(
    amounts: dict[int, int] | None, start: int | None, end: int | None
) -> tuple[int, ...] | None:
    """A stored profile as amounts over the planned window (years without a row spend 0)."""
    if not amounts or start is None or end is None:
        return None
    # Rows outside the window widen the span, so the profile no longer fits and the scenario
    # leaves the project out with a reason instead of shifting its money silently.
    first, last = min(start, *amounts), max(end, *amounts)
    return tuple(amounts.get(year, 0) for year in range(first, last + 1))


def prepare(session: Session, text: str, source: str) -> BuiltScenario:
    """Parse and check a scenario against the stored portfolio; raises ScenarioError with
    every problem of the file at once (its settings and its names), each at its line."""
    spec, problems = read_scenario(text, source)
    projects, geography = scenario_inputs(session)
    return build_problem(
        spec,
        projects,
        geography,
        problems,
        source,
        actuals=actuals_at(session),
        this_year=this_year(),
    )


def this_year() -> int:
    """The current year in the office's time zone: a scenario's default ``as_of`` once
    progress has been reported."""
    return office_today().year


def solver_threads() -> int:
    """The solver's threads in this process: :data:`SOLVER_THREADS_ENV` where a pool of
    worker processes shares the cores (each process its part), else the library's default."""
    written = os.environ.get(SOLVER_THREADS_ENV, "")
    return int(written) if written.isdigit() and int(written) > 0 else SolveParams.num_workers


def threads_per_process(processes: int) -> int:
    """Solver threads for each of ``processes`` solving at once on this computer's cores."""
    return max(1, (os.cpu_count() or 1) // max(1, processes))


def solve_built(
    built: BuiltScenario,
    *,
    time_limit: float | None = None,
    progress: Callable[[str], None] | None = None,
    cancel: CancelToken | None = None,
) -> ScenarioResult:
    """Solve a built scenario and return its typed result, with explanations: why each
    project moved, what more money would buy and, when the scenario cannot be met or has
    delays, the smallest changes that work (each verified by solving); the last two unless
    the scenario says ``[explain] alternatives = false``.

    Raises :class:`ScenarioCancelledError` soon after ``cancel`` is set."""
    params = SolveParams(
        objectives=built.spec.objectives,
        time_limit=time_limit or built.spec.time_limit,
        num_workers=solver_threads(),
        log=progress,
        cancel=cancel,
    )
    say = progress or (lambda _line: None)
    try:
        result = solve(built.data, params)
        marginal: tuple[MarginalValue, ...] = ()
        step, calendar = built.spec.explain_step, built.calendar
        # A year asked about is the total cap over all its periods.
        years = {(calendar.first(y), calendar.last(y)) for y in built.spec.what_if_years}
        asked = [
            u for u in result.cap_usage if u.kind is CapKind.TOTAL and (u.period, u.last) in years
        ]
        alternatives = built.spec.explain_alternatives
        if (
            alternatives
            and result.has_solution
            and (asked or result.delays or result.binding_caps())
        ):
            say(
                f"explaining: raising the caps asked about and the {MARGINAL_TOP} fullest "
                f"by {step} 万元"
            )
            marginal = marginal_values(built.data, result, step, MARGINAL_TOP, params, asked)
        relaxations = relaxations_for(built, result, params, say) if alternatives else ()
    except SolveCancelledError as exc:
        raise ScenarioCancelledError(built.spec.name) from exc
    return scenario_result(built, result, marginal, relaxations)


def save(
    session: Session, spec: ScenarioSpec, actor: Actor, based_on: int | None = None
) -> m.Scenario:
    """Store (or replace) a scenario under its name as ``actor``'s, with its audit entry.

    ``based_on`` is the version the person opened (0: a new scenario, which must not exist
    yet); ``None`` replaces whatever is stored (a file saved at the command line). A save
    that changes nothing stores nothing. Raises
    :class:`~portfolio.versions.StaleVersionError`."""
    scenario = session.scalar(select(m.Scenario).where(m.Scenario.name == spec.name))
    stored = 0 if scenario is None else scenario.version
    by = "" if scenario is None else scenario.saved_by
    at = None if scenario is None else scenario.saved_at
    check_version(lambda lang: scenario_named(spec.name, lang), based_on, stored, by, at)
    if scenario is not None and scenario.spec_toml == spec.text:
        return scenario
    before = {} if scenario is None else {"text": scenario.spec_toml, "version": stored}
    if scenario is None:
        scenario = m.Scenario(name=spec.name, spec_toml=spec.text)
        session.add(scenario)
    scenario.spec_toml = spec.text
    scenario.saved_by = actor.name
    scenario.saved_at = dt.datetime.now(dt.UTC)
    session.flush()
    after = {"text": spec.text, "version": scenario.version}
    record(
        session,
        actor,
        AuditAction.SAVE_SCENARIO,
        scenario_named(spec.name, Language.ZH),
        before,
        after,
    )
    return scenario


def stored_version(session: Session, name: str | None) -> tuple[int, str, dt.datetime | None]:
    """The scenario ``name``'s version, who saved it and when (``(0, "", None)`` for none):
    one row read, not the list of every scenario with its runs."""
    row = session.execute(
        select(m.Scenario.version, m.Scenario.saved_by, m.Scenario.saved_at).where(
            m.Scenario.name == name
        )
    ).one_or_none()
    return (0, "", None) if row is None else (row.version, row.saved_by, row.saved_at)


def delete(session: Session, name: str, actor: Actor, based_on: int | None = None) -> int:
    """Remove a stored scenario and its runs, with its audit entry (the text it had and how
    many runs went with it); returns that number."""
    scenario = session.scalar(select(m.Scenario).where(m.Scenario.name == name))
    if scenario is None:
        raise UnknownScenarioError(f"no scenario named “{name}” is stored", name)
    check_version(
        lambda lang: scenario_named(name, lang),
        based_on,
        scenario.version,
        scenario.saved_by,
        scenario.saved_at,
    )
    runs = len(
        session.scalars(
            select(m.ScenarioRun.id).where(m.ScenarioRun.scenario_id == scenario.id)
        ).all()
    )
    before = {"text": scenario.spec_toml, "version": scenario.version, "runs": runs}
    session.delete(scenario)
    session.flush()
    record(session, actor, AuditAction.DELETE_SCENARIO, scenario_named(name, Language.ZH), before)
    return runs


def store_result(session: Session, spec: ScenarioSpec, result: ScenarioResult, actor: Actor) -> int:
    """Store ``result`` as a run of ``spec`` (saved or replaced under its name, as
    ``actor``'s), whatever its outcome, with its per-project, per-year and per-cap results
    (and, for a run in quarters or months, per period); returns its id. A run with no plan
    stores its result only."""
    scenario = save(session, spec, actor)
    run = m.ScenarioRun(
        scenario_id=scenario.id,
        spec_toml=spec.text,
        status=result.status.value,
        solve_seconds=result.solve_seconds,
        result_json=json.dumps(result_to_json(result), ensure_ascii=False),
    )
    session.add(run)
    session.flush()
    projects, spend, period_spend = [], [], []
    for project in result.projects:
        projects.append(
            {
                "run_id": run.id,
                "project_id": project.id,
                "funded": project.funded,
                "start_year": project.start_year,
                "end_year": project.end_year,
                "delay_years": project.delay_years,
                "stretch_years": project.stretch_years,
                "start_period": project.start_period,
                "end_period": project.end_period,
                "delay_periods": project.delay_periods,
                "stretch_periods": project.stretch_periods,
            }
        )
        spend += [
            {"run_id": run.id, "project_id": project.id, "year": year, "spend_wan": amount}
            for year, amount in project.spend.items()
        ]
        period_spend += [
            {
                "run_id": run.id,
                "project_id": project.id,
                "period": label,
                "year": parse_period_key(label).year,
                "spend_wan": amount,
            }
            for label, amount in project.spend_by_period.items()
        ]
    bulk_insert(session, m.ScenarioRunProject, projects)
    bulk_insert(session, m.ScenarioRunSpend, spend)
    bulk_insert(session, m.ScenarioRunPeriodSpend, period_spend)
    session.add_all(
        m.ScenarioRunCap(
            run_id=run.id,
            kind=cap.cap.kind,
            key=cap.cap.key,
            year=cap.cap.year,
            period=None if result.yearly else cap.cap.period,
            cap_wan=cap.limit_wan,
            used_wan=cap.used_wan,
            binding=cap.binding,
        )
        for cap in result.caps
    )
    session.flush()
    return run.id


def list_scenarios(session: Session) -> list[ScenarioSummary]:
    summaries = []
    for scenario in session.scalars(select(m.Scenario).order_by(m.Scenario.name)):
        runs = list(
            session.scalars(
                select(m.ScenarioRun)
                .where(m.ScenarioRun.scenario_id == scenario.id)
                .order_by(m.ScenarioRun.id)
            )
        )
        last = runs[-1] if runs else None
        summaries.append(
            ScenarioSummary(
                name=scenario.name,
                runs=len(runs),
                last_status=last.status if last else None,
                last_ran_at=last.ran_at.isoformat(timespec="seconds") if last else None,
                version=scenario.version,
                saved_by=scenario.saved_by,
                saved_at=scenario.saved_at,
            )
        )
    return summaries


def last_result(session: Session, name: str) -> tuple[str, ScenarioResult | None]:
    """A stored scenario's text and the result of its last run, whatever its outcome
    (``None`` if never run). Raises :class:`ResultFormatError` for a run stored in a format
    this version does not read (the scenario itself is kept)."""
    scenario = session.scalar(select(m.Scenario).where(m.Scenario.name == name))
    if scenario is None:
        raise UnknownScenarioError(f"no scenario named “{name}” is stored", name)
    run = session.scalar(
        select(m.ScenarioRun)
        .where(m.ScenarioRun.scenario_id == scenario.id)
        .order_by(m.ScenarioRun.id.desc())
        .limit(1)
    )
    if run is None:
        return scenario.spec_toml, None
    return scenario.spec_toml, stored_result(run)


def run_result(session: Session, run_id: int) -> tuple[str, str, ScenarioResult]:
    """A stored run by its id: the scenario's name, the text it ran, its result."""
    run = session.get(m.ScenarioRun, run_id)
    if run is None:
        raise UnknownRunError(f"no stored run with id {run_id}")
    scenario = session.get(m.Scenario, run.scenario_id)
    assert scenario is not None
    return scenario.name, run.spec_toml, stored_result(run)


def stored_result(run: m.ScenarioRun) -> ScenarioResult:
    result = result_from_json(json.loads(run.result_json))
    return replace(result, run_id=run.id)
