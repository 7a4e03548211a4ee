"""The service layer: one object per database, one transaction per user action.

Entry points (the command line, the web app) call these methods only; they take and return
plain values and DTOs, and raise domain errors (:mod:`portfolio.errors`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from optimizer import CancelToken
from portfolio.access import Actor, Right, require, this_computer
from portfolio.db import models as m
from portfolio.db.engine import (
    data_revision,
    default_database_url,
    make_engine,
    migrate,
    session_factory,
)
from portfolio.errors import ImportFileError, Location, PortfolioError, Problem
from portfolio.exports.model import Language
from portfolio.i18n import gettext
from portfolio.importers.bundled import parse_bundled
from portfolio.importers.spreadsheet import read_spreadsheet
from portfolio.normalize import resolve_places
from portfolio.paths import file_sha256
from portfolio.project_settings import ProjectSettings
from portfolio.records import ParsedPlan, PlanLevel
from portfolio.regions import RegionTable
from portfolio.scenarios.apply import applied_scenario
from portfolio.scenarios.build import BuiltScenario
from portfolio.scenarios.compare import Comparison, compare_results
from portfolio.scenarios.outcome import RunStatus, ScenarioResult
from portfolio.scenarios.report import stopped_result
from portfolio.services import project_settings as settings_store
from portfolio.services import scenarios
from portfolio.services.loading import LoadReport, ensure_regions, load_plan
from portfolio.services.queries import (
    FindingView,
    IndicatorView,
    InstituteView,
    ProjectFilter,
    ProjectView,
    TableSummary,
    list_findings,
    list_indicators,
    list_institutes,
    list_projects,
    table_summaries,
)
from portfolio.services.secrets import server_secret
from portfolio.services.users import Users

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MEMO_SIZE = 8  # results kept by Workspace.memo (a few scenarios' schedules)
T = TypeVar("T")


@dataclass(frozen=True)
class PlanInfo:
    """What to record about a spreadsheet's plan when the workbook does not say."""

    key: str | None = None
    title: str | None = None
    issuer: str = ""
    level: PlanLevel = PlanLevel.CITY
    region: str = "福建省"
    period_start: int = 2021
    period_end: int = 2025


class Workspace:
    """A portfolio database: creates its schema on first use and loads the bundled plans.

    Every change names the person making it (``actor``), whose role must allow it. In
    ``office`` mode (the shared server) there is no default person: a change without one is
    refused. Elsewhere the default is the person at this computer, with every right.
    """

    def __init__(
        self, url: str, *, regions: RegionTable | None = None, office: bool = False
    ) -> None:
        self.url = url
        self.office = office
        self.engine: Engine = make_engine(url)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)
        self.regions = regions or RegionTable.default()
        self._memo: OrderedDict[tuple[int, Hashable], Any] = OrderedDict()
        self._memo_lock = threading.Lock()

    def revision(self) -> int:
        """The data's revision: every committed write, from any process, increases it."""
        with self.sessions() as session:
            return data_revision(session)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, kept in memory while the data's revision stays the same.

        The revision is read before computing, so a result is never filed under a newer
        revision than the data it was computed from. The last ``MEMO_SIZE`` results are kept.
        """
        revision = self.revision()
        with self._memo_lock:
            if (revision, key) in self._memo:
                self._memo.move_to_end((revision, key))
                return cast(T, self._memo[(revision, key)])
        value = compute()
        with self._memo_lock:
            self._memo[(revision, key)] = value
            stale = [k for k in self._memo if k[0] != revision]
            for old in stale:
                del self._memo[old]
            while len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return value

    def acting(self, actor: Actor | None, right: Right) -> Actor:
        """The person ``actor`` (the person at this computer when ``None``, outside office
        mode), once checked to have ``right``; raises :class:`PermissionDeniedError`."""
        if actor is None and not self.office:
            actor = this_computer()
        require(actor, right)
        assert actor is not None  # require refuses None
        return actor

    @property
    def users(self) -> Users:
        """The office's people: who may sign in, with which role (changes need the right to
        manage users)."""
        return Users(self.sessions, self.acting)

    def server_secret(self, name: str) -> str:
        """A secret of the office server (made at random on first use, shared by its
        processes), such as the key its session cookies are signed with."""
        return server_secret(self.sessions, name)

    def close(self) -> None:
        self.engine.dispose()

    def migrate(self) -> None:
        migrate(self.engine)

    def is_empty(self) -> bool:
        with self.sessions() as session:
            return session.scalar(select(m.Plan.id).limit(1)) is None

    def init(self, progress: Callable[[str], None] | None = None) -> list[LoadReport]:
        """Create the schema and load the bundled plans; running it again changes nothing."""
        self.migrate()
        parsed = parse_bundled()
        reports = []
        with self.sessions.begin() as session:
            ensure_regions(session, self.regions)
            for path, plan in parsed:
                report = load_plan(
                    session,
                    plan,
                    sha256=file_sha256(path),
                    file_name=path.name,
                    regions=self.regions,
                )
                reports.append(report)
                if progress is not None:
                    progress(_describe(report))
        return reports

    def ensure_ready(self) -> None:
        """On first use, create the database and load the bundled portfolio."""
        self.migrate()
        if self.is_empty():
            self.init()

    def import_file(
        self, path: Path, info: PlanInfo | None = None, *, actor: Actor | None = None
    ) -> LoadReport:
        """Import a spreadsheet (xlsx or csv) as a plan, all or nothing.

        Raises :class:`ImportFileError` naming file, sheet, row and column of every problem;
        the database is then exactly as before.
        """
        self.acting(actor, Right.IMPORT)
        info = info or PlanInfo()
        self.migrate()

        def check_place(cell: str) -> str | None:
            resolved = resolve_places(cell, self.regions)
            if resolved.unresolved:
                return f"unknown county or place “{'、'.join(resolved.unresolved)}”"
            return None

        sheet = read_spreadsheet(path, max_bytes=MAX_IMPORT_BYTES, validate_places=check_place)
        meta = sheet.plan
        plan = ParsedPlan(
            key=info.key or f"file:{path.stem}",
            title=(meta.title if meta else "") or info.title or path.stem,
            issuer=(meta.issuer if meta else "") or info.issuer,
            level=(meta.level if meta else None) or info.level,
            region=(meta.region if meta else "") or info.region,
            period_start=(meta.period_start if meta else None) or info.period_start,
            period_end=(meta.period_end if meta else None) or info.period_end,
            document=path.name,
            doc_number=meta.doc_number if meta else "",
            project_tables=sheet.tables,
        )
        try:
            with self.sessions.begin() as session:
                ensure_regions(session, self.regions)
                return load_plan(
                    session,
                    plan,
                    sha256=file_sha256(path),
                    file_name=path.name,
                    regions=self.regions,
                )
        except SQLAlchemyError as exc:
            raise ImportFileError(
                [Problem(Location(path.name, None, None, None), f"cannot store: {exc}")]
            ) from exc

    def projects(self, flt: ProjectFilter | None = None) -> list[ProjectView]:
        with self.sessions() as session:
            return list_projects(session, flt)

    def findings(self, plan: str | None = None, kind: str | None = None) -> list[FindingView]:
        with self.sessions() as session:
            return list_findings(session, plan, kind)

    def indicators(self, plan: str | None = None) -> list[IndicatorView]:
        with self.sessions() as session:
            return list_indicators(session, plan)

    def institutes(self) -> list[InstituteView]:
        with self.sessions() as session:
            return list_institutes(session)

    def project_settings(self, project_id: int) -> ProjectSettings:
        """The project's scenario settings (the defaults when none are stored).

        Raises :class:`UnknownProjectError` for an id no project has."""
        with self.sessions() as session:
            return settings_store.get_settings(session, project_id)

    def all_project_settings(self) -> dict[int, ProjectSettings]:
        """The stored settings of every project that has some, by project id."""
        with self.sessions() as session:
            return settings_store.all_settings(session)

    def save_project_settings(
        self, project_id: int, settings: ProjectSettings, *, actor: Actor | None = None
    ) -> ProjectSettings:
        """Check and store a project's settings in one transaction; nothing is stored when
        :class:`SettingsError` (naming each bad field) or :class:`UnknownProjectError` is raised."""
        self.acting(actor, Right.EDIT_SETTINGS)
        with self.sessions.begin() as session:
            return settings_store.save_settings(session, project_id, settings)

    def reset_project_settings(
        self, project_id: int, *, actor: Actor | None = None
    ) -> ProjectSettings:
        """Give the project the default settings again; returns them."""
        self.acting(actor, Right.EDIT_SETTINGS)
        with self.sessions.begin() as session:
            return settings_store.reset_settings(session, project_id)

    def run_scenario(
        self,
        text: str,
        source: str = "scenario",
        *,
        time_limit: float | None = None,
        store: bool = True,
        progress: Callable[[str], None] | None = None,
        cancel: CancelToken | None = None,
        actor: Actor | None = None,
    ) -> ScenarioResult:
        """Check, solve and (by default) store a scenario; returns its typed result.

        Raises :class:`ScenarioError` before solving when the scenario is wrong. A run the
        planner cancels (``cancel`` set during the solve) or that fails on an unexpected error
        is stored too, as a run with no plan and its message, with the scenario as typed;
        :class:`~portfolio.services.scenarios.ScenarioCancelledError` is raised after, or
        the error itself."""
        self.acting(actor, Right.RUN_SCENARIO)
        built = self.check_scenario(text, source)
        try:
            result = scenarios.solve_built(
                built, time_limit=time_limit, progress=progress, cancel=cancel
            )
            if cancel is not None and cancel.is_set():
                raise scenarios.ScenarioCancelledError(built.spec.name)
        except scenarios.ScenarioCancelledError:
            if store:
                self._store(built, stopped_result(built, RunStatus.CANCELLED, None))
            raise
        except Exception as exc:
            if store:
                self._store(built, stopped_result(built, RunStatus.FAILED, f"{exc}"))
            raise
        if store:
            result = replace(result, run_id=self._store(built, result))
        return result

    def _store(self, built: BuiltScenario, result: ScenarioResult) -> int:
        with self.sessions.begin() as session:
            return scenarios.store_result(session, built.spec, result)

    def check_scenario(self, text: str, source: str = "scenario") -> BuiltScenario:
        """Parse and check a scenario against the portfolio (raises ``ScenarioError``)."""
        with self.sessions() as session:
            return scenarios.prepare(session, text, source)

    def scenario_baseline(self) -> scenarios.ScenarioBaseline:
        """Horizon, planned spend per year and county names a new scenario starts from."""

        def compute() -> scenarios.ScenarioBaseline:
            with self.sessions() as session:
                return scenarios.baseline(session)

        return self.memo(("scenario_baseline",), compute)

    def save_scenario(
        self, text: str, source: str = "scenario", *, actor: Actor | None = None
    ) -> str:
        """Check a scenario against the portfolio and store it without solving."""
        self.acting(actor, Right.WRITE_SCENARIO)
        with self.sessions.begin() as session:
            built = scenarios.prepare(session, text, source)
            scenarios.save(session, built.spec)
        return built.spec.name

    def scenarios(self) -> list[scenarios.ScenarioSummary]:
        with self.sessions() as session:
            return scenarios.list_scenarios(session)

    def scenario(self, name: str) -> tuple[str, ScenarioResult | None]:
        """The scenario's text and its last result, whatever its outcome."""
        with self.sessions() as session:
            return scenarios.last_result(session, name)

    def run(self, run_id: int) -> tuple[str, str, ScenarioResult]:
        """A stored run by its id: scenario name, the text it ran, its result."""
        with self.sessions() as session:
            return scenarios.run_result(session, run_id)

    def apply_relaxation(self, run_id: int, index: int, *, actor: Actor | None = None) -> str:
        """Make and store a new scenario from the stored run ``run_id`` and its relaxation
        number ``index``: the scenario as it ran, with that smallest change. Returns the new
        scenario's name (the run's name and 放宽, numbered when taken)."""
        name, text, result = self.run(run_id)
        if not 0 <= index < len(result.relaxations):
            raise PortfolioError(f"run {run_id} has no relaxation number {index + 1}")
        taken = {summary.name for summary in self.scenarios()}
        new_name = next(
            candidate
            for n in range(1, len(taken) + 2)
            if (candidate := f"{name}（放宽{'' if n == 1 else n}）") not in taken
        )
        return self.save_scenario(
            applied_scenario(text, result.relaxations[index], new_name), "relaxation", actor=actor
        )

    def compare_scenarios(self, names: list[str], *, actor: Actor | None = None) -> Comparison:
        """Compare the last runs of stored scenarios (run first if never run, which needs the
        right to run scenarios)."""
        results = {}
        for name in names:
            text, result = self.scenario(name)
            results[name] = (
                result if result is not None else self.run_scenario(text, name, actor=actor)
            )
        return compare_results(results)

    def table_summaries(self) -> list[TableSummary]:
        with self.sessions() as session:
            return table_summaries(session)


def open_workspace(url: str | None = None, *, office: bool = False) -> Workspace:
    """The workspace at ``url``, else ``PORTFOLIO_DATABASE_URL``, else the user's SQLite file
    (``office``: the office server's, where every change needs a signed-in person)."""
    return Workspace(url or default_database_url(), office=office)


def _describe(report: LoadReport) -> str:
    if not report.created:
        return f"{report.plan_key}: unchanged ({gettext(Language.EN, report.skipped_reason)})"
    return (
        f"{report.plan_key}: {report.projects} projects, {report.indicators} indicators, "
        f"{report.institutes} institutes, {report.findings} findings, {report.links} links"
    )


__all__ = ["PlanInfo", "PortfolioError", "Workspace"]
