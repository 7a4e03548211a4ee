"""The service layer: one object per database, one transaction per user action.

Entry points (the command line, the web app) call these methods only; they take and return
plain values and DTOs, and raise domain errors (:mod:`portfolio.errors`).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from optimizer import CancelToken
from portfolio.access import Actor, Right, require, this_computer
from portfolio.audit import AuditView
from portfolio.db import models as m
from portfolio.db.engine import (
    data_revision,
    default_database_url,
    make_engine,
    migrate,
    session_factory,
    when_back,
)
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.project_settings import ProjectSettings, StoredSettings
from portfolio.regions import RegionTable
from portfolio.scenarios.apply import applied_scenario
from portfolio.scenarios.build import BuiltScenario
from portfolio.scenarios.compare import Comparison, compare_results
from portfolio.scenarios.outcome import RunStatus, ScenarioResult
from portfolio.scenarios.report import stopped_result
from portfolio.services import audit, plan_import, scenarios
from portfolio.services import project_settings as settings_store
from portfolio.services.actuals_desk import Actuals
from portfolio.services.loading import LoadReport
from portfolio.services.plan_import import MAX_IMPORT_BYTES, PlanInfo
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
from portfolio.versions import StaleVersionError, scenario_named, settings_of

# Results kept by Workspace.memo: a few scenarios' schedules and workbooks, the project
# lists of the filters in use.
MEMO_SIZE = 32
T = TypeVar("T")
_MIGRATING = threading.Lock()


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
        self._memo: OrderedDict[tuple[bool, int, Hashable], Any] = OrderedDict()
        self._memo_lock = threading.Lock()

    def revision(self, *, plan: bool = False) -> int:
        """The data's revision: every committed write, from any process, increases it
        (``plan``: every write to the plans' data, not to scenarios, runs or people)."""
        with self.sessions() as session:
            return data_revision(session, plan=plan)

    def memo(self, key: Hashable, compute: Callable[[], T], *, plan: bool = False) -> T:
        """``compute()``, kept in memory while the data's revision stays the same (``plan``:
        what is computed from the plans alone, kept while the plans' revision does: a run
        stored meanwhile does not change it).

        The revision is read before computing, so a result is never filed under a newer
        revision than the data it was computed from. The last ``MEMO_SIZE`` results are kept.
        """
        revision = self.revision(plan=plan)
        filed = (plan, revision, key)
        with self._memo_lock:
            if filed in self._memo:
                self._memo.move_to_end(filed)
                return cast(T, self._memo[filed])
        value = compute()
        with self._memo_lock:
            self._memo[filed] = value
            stale = [k for k in self._memo if k[0] == plan and k[1] != revision]
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

    @property
    def actuals(self) -> Actuals:
        """The office's progress reports: what projects actually spent, year by year."""
        return Actuals(self.sessions, self.acting)

    def server_secret(self, name: str) -> str:
        """A secret of the office server (made at random on first use, shared by its
        processes), such as the key its session cookies are signed with."""
        return server_secret(self.sessions, name)

    def close(self) -> None:
        self.engine.dispose()

    def migrate(self) -> None:
        """Bring the schema to the newest migration. One at a time in a process: Alembic
        keeps its running migration in module state (two threads at once, such as two
        imports confirmed together on the web app, would trip over each other)."""
        with _MIGRATING:
            migrate(self.engine)

    def is_empty(self) -> bool:
        with self.sessions() as session:
            return session.scalar(select(m.Plan.id).limit(1)) is None

    def init(self, progress: Callable[[str], None] | None = None) -> list[LoadReport]:
        """Create the schema and load the bundled plans; running it again changes nothing."""
        self.migrate()
        return plan_import.load_bundled(self, progress)

    def ensure_ready(self) -> None:
        """On first use, create the database and load the bundled portfolio."""
        self.migrate()
        if self.is_empty():
            self.init()

    def import_file(
        self,
        path: Path,
        info: PlanInfo | None = None,
        *,
        actor: Actor | None = None,
        notify: Callable[[str], None] | None = None,
        dry_run: bool = False,
    ) -> LoadReport:
        """Import a spreadsheet (xlsx or csv) as a plan, all or nothing.

        Raises :class:`ImportFileError` naming file, sheet, row and column of every problem;
        the database is then exactly as before. ``dry_run``: check everything, store nothing,
        and return what would be stored with a preview of its first projects. One import runs
        at a time: while another runs this one waits, after telling ``notify`` (a catalog
        message), and raises :class:`ImportBusyError` when it waited too long."""
        who = self.acting(actor, Right.IMPORT)
        self.migrate()
        return plan_import.import_spreadsheet(
            self, path, info or PlanInfo(), who, dry_run=dry_run, notify=notify
        )

    def projects(self, flt: ProjectFilter | None = None) -> list[ProjectView]:
        """The projects (``flt``: those it lets through), kept while the data stays the same:
        every page and filter of the web app asks for them."""

        def compute() -> list[ProjectView]:
            with self.sessions() as session:
                return list_projects(session, flt)

        return list(self.memo(("projects", flt or ProjectFilter()), compute, plan=True))

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
        return self.stored_project_settings(project_id).settings

    def stored_project_settings(self, project_id: int) -> StoredSettings:
        """The project's settings with their version (what a later save is based on) and who
        saved them last, when."""
        with self.sessions() as session:
            return settings_store.get_stored(session, project_id)

    def all_project_settings(self) -> dict[int, ProjectSettings]:
        """The stored settings of every project that has some, by project id."""
        with self.sessions() as session:
            return settings_store.all_settings(session)

    def save_project_settings(
        self,
        project_id: int,
        settings: ProjectSettings,
        *,
        based_on: int | None = None,
        actor: Actor | None = None,
    ) -> StoredSettings:
        """Check and store a project's settings in one transaction, with its audit entry.

        ``based_on`` is the version the person saw; a save based on an older one raises
        :class:`~portfolio.versions.StaleVersionError` naming who changed it and when.
        Nothing is stored when that or :class:`SettingsError` (naming each bad field) or
        :class:`UnknownProjectError` is raised."""
        who = self.acting(actor, Right.EDIT_SETTINGS)
        try:
            with self.sessions.begin() as session:
                return settings_store.save_settings(session, project_id, settings, who, based_on)
        except (StaleDataError, IntegrityError) as exc:
            # Another save came between this one's reading and writing.
            stored = self.stored_project_settings(project_id)
            name = next((v.name for v in self.projects() if v.id == project_id), "")
            raise StaleVersionError(
                lambda lang: settings_of(project_id, name, lang),
                stored.version - 1 if based_on is None else based_on,
                stored.version,
                stored.updated_by,
                stored.updated_at,
            ) from exc

    def reset_project_settings(
        self, project_id: int, *, based_on: int | None = None, actor: Actor | None = None
    ) -> StoredSettings:
        """Give the project the default settings again; returns them (see
        :meth:`save_project_settings`)."""
        return self.save_project_settings(
            project_id, ProjectSettings(), based_on=based_on, actor=actor
        )

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
        stored: Callable[[int], None] | None = None,
        store_wait: float = 0.0,
    ) -> ScenarioResult:
        """Check, solve and (by default) store a scenario; returns its typed result.

        Raises :class:`ScenarioError` before solving when the scenario is wrong. A run the
        planner cancels (``cancel`` set during the solve) or that fails on an unexpected error
        is stored too, as a run with no plan and its message, with the scenario as typed;
        :class:`~portfolio.services.scenarios.ScenarioCancelledError` is raised after, or
        the error itself. ``stored`` is told the stored run's id whatever the outcome (a
        background run links it to its job even when the run raises). A database that cannot be
        reached when the run is stored is waited for up to ``store_wait`` seconds (a worker's
        solve outlasts an outage of the database; the result is not lost)."""
        who = self.acting(actor, Right.RUN_SCENARIO)
        built = self.check_scenario(text, source)
        try:
            result = scenarios.solve_built(
                built, time_limit=time_limit, progress=progress, cancel=cancel
            )
            if cancel is not None and cancel.is_set():
                raise scenarios.ScenarioCancelledError(built.spec.name)
        except scenarios.ScenarioCancelledError:
            if store:
                cancelled = stopped_result(built, RunStatus.CANCELLED, None)
                self._store(built, cancelled, who, stored, store_wait)
            raise
        except Exception as exc:
            if store:
                failed = stopped_result(built, RunStatus.FAILED, f"{exc}")
                self._store(built, failed, who, stored, store_wait)
            raise
        if store:
            result = replace(result, run_id=self._store(built, result, who, stored, store_wait))
        return result

    def _store(
        self,
        built: BuiltScenario,
        result: ScenarioResult,
        actor: Actor,
        stored: Callable[[int], None] | None = None,
        wait: float = 0.0,
    ) -> int:
        """Store a run and its audit entry (its outcome) in one transaction, waiting up to
        ``wait`` seconds for a database that cannot be reached."""

        def store() -> int:
            with self.sessions.begin() as session:
                run_id = scenarios.store_result(session, built.spec, result, actor)
                audit.record(
                    session,
                    actor,
                    audit.AuditAction.RUN_SCENARIO,
                    scenario_named(built.spec.name, Language.ZH),
                    after={"run_id": run_id, "status": result.status.value},
                )
            return run_id

        run_id = when_back(store, wait)
        if stored is not None:
            stored(run_id)
        return run_id

    def check_scenario(self, text: str, source: str = "scenario") -> BuiltScenario:
        """Parse and check a scenario against the portfolio (raises ``ScenarioError``)."""
        with self.sessions() as session:
            return scenarios.prepare(session, text, source)

    def scenario_baseline(self) -> scenarios.ScenarioBaseline:
        """Horizon, planned spend per year and county names a new scenario starts from."""

        def compute() -> scenarios.ScenarioBaseline:
            with self.sessions() as session:
                return scenarios.baseline(session)

        return self.memo(("scenario_baseline",), compute, plan=True)

    def save_scenario(
        self,
        text: str,
        source: str = "scenario",
        *,
        based_on: int | None = None,
        actor: Actor | None = None,
    ) -> scenarios.SavedScenario:
        """Check a scenario against the portfolio and store it without solving; returns its
        name and new version. ``based_on`` is the version the person opened (0 for a new
        scenario; ``None`` replaces what is stored): a save based on another is refused with
        :class:`~portfolio.versions.StaleVersionError` naming who saved it and when."""
        who = self.acting(actor, Right.WRITE_SCENARIO)
        with self.sessions() as session:
            built = scenarios.prepare(session, text, source)
        try:
            with self.sessions.begin() as session:
                row = scenarios.save(session, built.spec, who, based_on)
                return scenarios.SavedScenario(row.name, row.version)
        except (StaleDataError, IntegrityError) as exc:
            raise self._stale_scenario(built.spec.name, based_on) from exc

    def scenario_version(self, name: str | None) -> int:
        """The stored version of the scenario ``name`` (0 when there is none, or no name):
        what a save of it from a form opened now is based on."""
        with self.sessions() as session:
            return scenarios.stored_version(session, name)[0]

    def delete_scenario(
        self, name: str, *, based_on: int | None = None, actor: Actor | None = None
    ) -> int:
        """Remove a stored scenario and its runs; returns how many runs went with it."""
        who = self.acting(actor, Right.WRITE_SCENARIO)
        try:
            with self.sessions.begin() as session:
                return scenarios.delete(session, name, who, based_on)
        except StaleDataError as exc:
            raise self._stale_scenario(name, based_on) from exc

    def _stale_scenario(self, name: str, based_on: int | None) -> StaleVersionError:
        """The refusal of a save that raced another between reading and writing."""
        with self.sessions() as session:
            stored, by, at = scenarios.stored_version(session, name)
        return StaleVersionError(
            lambda lang: scenario_named(name, lang),
            stored - 1 if based_on is None else based_on,
            stored,
            by,
            at,
        )

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
            applied_scenario(text, result.relaxations[index], new_name),
            "relaxation",
            based_on=0,
            actor=actor,
        ).name

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

    def audit(
        self,
        *,
        since: dt.datetime | None = None,
        actor: str | None = None,
        limit: int | None = None,
        reader: Actor | None = None,
    ) -> list[AuditView]:
        """The audit trail, newest first: from ``since``, by the person named ``actor``.
        Reading it needs the right to (``reader``; admins)."""
        self.acting(reader, Right.READ_AUDIT)
        with self.sessions() as session:
            return audit.list_entries(session, since=since, actor=actor, limit=limit)

    def table_summaries(self) -> list[TableSummary]:
        with self.sessions() as session:
            return table_summaries(session)


def open_workspace(url: str | None = None, *, office: bool = False) -> Workspace:
    """The workspace at ``url``, else ``PORTFOLIO_DATABASE_URL``, else the user's SQLite file
    (``office``: the office server's, where every change needs a signed-in person)."""
    return Workspace(url or default_database_url(), office=office)


__all__ = ["MAX_IMPORT_BYTES", "PlanInfo", "PortfolioError", "Workspace"]
