"""Delay-risk simulation of a scenario's plan (``[risk]``; see :mod:`portfolio.scenarios.risk`).

The plan measured is the scenario's: its last stored run when that run solved this very
text and found a plan, else a new run of it, asked for through
:class:`~portfolio.services.runs.Runs` like any run (checked, stored, solved by the runs'
workers). Then, by the ``[risk]`` mode:

- ``"replan"`` (the default): each sample is re-planned under the caps by the optimizer
  (:mod:`portfolio.scenarios.risk_replan`), in chunks fanned out to the same workers as the
  runs (local worker processes, or Celery workers through the broker; see
  :mod:`portfolio.services.risk_worker`);
- ``"fixed"``: each sample is the plan with the sampled delays and overruns applied,
  measured against the scenario's caps: arithmetic in integer 万元, no solver, measured in
  this process (a sample takes well under a millisecond; sending it to a worker would cost
  more than measuring it).

Both modes draw the same futures for the same seed. A simulation stops when ``cancel`` is
set; the figures then cover the samples done.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping, Sequence

from portfolio.access import Actor
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import N_, tr
from portfolio.scenarios.build import BuiltScenario, PortfolioProject
from portfolio.scenarios.outcome import ScenarioResult
from portfolio.scenarios.risk import RiskProject, Sample, draw, figures
from portfolio.scenarios.risk_observed import observed_rules
from portfolio.scenarios.risk_replan import ReplanSetup, sample_from_dict, setup_to_dict
from portfolio.scenarios.risk_report import RiskReport
from portfolio.scenarios.risk_spec import ASSUMED, RiskRule, RiskSpec
from portfolio.services.executors import InProcess, TaskExecutor, TaskHandle
from portfolio.services.progress import progress
from portfolio.services.risk_worker import RISK_TASK, chunk_payload, setup_key
from portfolio.services.runs import JobState, Runs
from portfolio.services.scenarios import UnknownScenarioError

SOURCE = "risk"
POLL_SECONDS = 0.2
TASK_POLL_SECONDS = 0.02
CHUNK = 10  # re-planned samples per task
CHUNK_MARGIN_SECONDS = 60.0
IN_FLIGHT = 16  # chunks handed to the workers at once


class RiskError(PortfolioError):
    """A scenario whose plan cannot be measured (``message`` says why)."""

    def __init__(self, text: str, **values: object) -> None:
        super().__init__(text.format(**values))
        self.text = text
        self.values = values

    def message(self, lang: Language) -> str:
        return tr(lang, self.text, **self.values)


def _written(
    spec: RiskSpec, project: PortfolioProject, observed: Mapping[str, RiskRule]
) -> RiskRule:
    rule = spec.projects.get(project.name) or spec.projects.get(str(project.id)) or RiskRule()
    for broader in (
        spec.tables.get(project.table_key, RiskRule()),
        spec.plans.get(project.plan, RiskRule()),
        spec.rule,
        observed.get(project.table_key, RiskRule()),
    ):
        rule = rule.over(broader)
    return rule


def project_rule(
    spec: RiskSpec, project: PortfolioProject, observed: Mapping[str, RiskRule] | None = None
) -> RiskRule:
    """The project's rule: each setting from the narrowest rule that writes it (the project
    by name or id, its table, its plan, the top of ``[risk]``), else from its table's
    progress reports (``observed``, by ``plan/table``), else :data:`ASSUMED`."""
    return _written(spec, project, observed or {}).over(ASSUMED)


class Risks:
    """Delay-risk simulations of one workspace's scenarios; their plans solved by ``runs``,
    their re-planned samples by ``tasks`` (by default the runs' own workers)."""

    def __init__(self, runs: Runs, tasks: TaskExecutor | None = None) -> None:
        self.runs = runs
        self.workspace = runs.workspace
        if tasks is None:
            tasks = runs.executor if isinstance(runs.executor, TaskExecutor) else InProcess()
        self.tasks = tasks

    def plan(
        self,
        text: str,
        *,
        time_limit: float | None = None,
        cancel: threading.Event | None = None,
        actor: Actor | None = None,
    ) -> ScenarioResult:
        """The scenario's plan: its last stored run of this text, else a new run on the
        workers (raises :class:`RiskError` when the run ends without a plan, or when
        ``cancel`` is set while it runs: the run is then cancelled too)."""
        built = self.workspace.check_scenario(text, SOURCE)
        with contextlib.suppress(UnknownScenarioError):
            stored_text, result = self.workspace.scenario(built.spec.name)
            if result is not None and stored_text == text and result.has_plan:
                return result
        job_id = self.runs.submit(text, SOURCE, time_limit=time_limit, actor=actor)
        status = self.runs.status(job_id)
        while not status.state.finished:
            if cancel is not None and cancel.is_set():
                self.runs.cancel(job_id)
                raise RiskError(N_("已取消：情景的计划尚未求出，没有样本"))
            time.sleep(POLL_SECONDS)
            status = self.runs.status(job_id)
        if status.state is not JobState.DONE or status.run_id is None:
            raise RiskError(
                N_("情景的运行未完成（{state}），无法模拟风险"), state=status.state.value
            )
        result = self.workspace.run(status.run_id)[2]
        if not result.has_plan:
            raise RiskError(
                N_("情景没有可行的计划（{status}），无法模拟风险"), status=result.status.value
            )
        return result

    def simulate(
        self,
        text: str,
        *,
        samples: int | None = None,
        seed: int | None = None,
        mode: str | None = None,
        time_limit: float | None = None,
        cancel: threading.Event | None = None,
        on_sample: Callable[[int], None] | None = None,
        chunk: int = CHUNK,
        actor: Actor | None = None,
    ) -> RiskReport:
        """The scenario's plan under ``samples`` sampled futures (the file's ``[risk]``
        samples, seed and mode unless given): each re-planned under the caps on the workers
        (``"replan"``), or the plan measured here (``"fixed"``). Stops early when ``cancel``
        is set; the figures then cover the samples done."""
        built = self.workspace.check_scenario(text, SOURCE)
        if not built.calendar.yearly:
            raise RiskError(N_('风险模拟目前只支持按年排期的情景（periods = "year"）'))
        spec = built.spec.risk.with_samples(samples, seed, mode)
        result = self.plan(text, time_limit=time_limit, cancel=cancel, actor=actor)
        observed = self.observed()
        rules = {key: rule for key, (rule, _) in observed.items()}
        projects = _measured(built, result, spec, rules)
        every = {
            p.id: project_rule(spec, built.projects[p.id], rules)
            for p in built.data.projects
            if p.id in built.projects
        }
        if spec.mode == "fixed":
            done = self._fixed(built, projects, every, spec, cancel, on_sample)
        else:
            setup = ReplanSetup(
                data=built.data,
                rules=every,
                plan_delays={p.id: p.plan_delay for p in projects},
                history={p.id: _history(p.spend, built.spec.as_of) for p in projects},
                objectives=tuple(built.spec.objectives),
                time_limit=spec.time_limit,
                seed=spec.seed,
            )
            done = replanned_samples(self.tasks, setup, spec.samples, chunk, cancel, on_sample)
        return RiskReport(
            scenario=built.spec.name,
            run_id=result.run_id,
            seed=spec.seed,
            mode=spec.mode,
            figures=figures(built.data.caps, done, spec.samples),
            names={pid: project.name for pid, project in built.projects.items()},
            rules={p.id: p.rule for p in projects},
            assumed=tuple(
                p.id for p in projects if not _written(spec, built.projects[p.id], rules).complete
            ),
            observed={k: v for k, v in observed.items() if k in _tables(built, projects)},
        )

    @staticmethod
    def _fixed(
        built: BuiltScenario,
        projects: Sequence[RiskProject],
        rules: Mapping[str, RiskRule],
        spec: RiskSpec,
        cancel: threading.Event | None,
        on_sample: Callable[[int], None] | None,
    ) -> list[Sample]:
        done: list[Sample] = []
        for index in range(spec.samples):
            if cancel is not None and cancel.is_set():
                break
            done.append(draw(built.data, projects, spec.seed, index, built.spec.as_of, rules))
            if on_sample is not None:
                on_sample(index)
        return done

    def observed(self) -> dict[str, tuple[RiskRule, int]]:
        """Per plan table, the rule its progress reports give (see
        :mod:`portfolio.scenarios.risk_observed`); empty without reports."""
        found = progress(self.workspace)
        return observed_rules(found.projects, found.through_year)


def replanned_samples(
    tasks: TaskExecutor,
    setup: ReplanSetup,
    samples: int,
    chunk: int,
    cancel: threading.Event | None,
    on_sample: Callable[[int], None] | None,
) -> list[Sample]:
    """Fan the samples out to the workers in chunks of ``chunk``, :data:`IN_FLIGHT` at a
    time; collect them as they end. Cancelled: the chunks handed over but not started
    are withdrawn, those running are left to end unread."""
    raw = setup_to_dict(setup)
    key = setup_key(raw)
    seconds = setup.time_limit * chunk * len(setup.objectives) + CHUNK_MARGIN_SECONDS
    chunks = iter(range(0, samples, chunk))
    pending: list[TaskHandle] = []
    done: list[Sample] = []
    while True:
        if cancel is not None and cancel.is_set():
            for handle in pending:
                handle.cancel()
            break
        # A few chunks ahead of the workers, no more: the rest wait here, so a cancel
        # withdraws nothing from the broker and memory stays flat for any sample count.
        while len(pending) < IN_FLIGHT and (first := next(chunks, None)) is not None:
            indices = range(first, min(first + chunk, samples))
            pending.append(tasks.fan_out(RISK_TASK, chunk_payload(key, raw, indices), seconds))
        if not pending:
            break
        ended = [handle for handle in pending if handle.done()]
        for handle in ended:
            pending.remove(handle)
            for values in handle.result():
                sample = sample_from_dict(values)
                done.append(sample)
                if on_sample is not None:
                    on_sample(sample.index)
        if not ended:
            time.sleep(TASK_POLL_SECONDS)
    return done


def _history(spend: Mapping[int, int], as_of: int | None) -> dict[int, int]:
    """The spend before ``as_of`` (already spent, the same in every future)."""
    return {year: amount for year, amount in spend.items() if as_of is not None and year < as_of}


def _tables(built: BuiltScenario, projects: Sequence[RiskProject]) -> set[str]:
    return {built.projects[p.id].table_key for p in projects}


def _measured(
    built: BuiltScenario,
    result: ScenarioResult,
    spec: RiskSpec,
    observed: Mapping[str, RiskRule],
) -> list[RiskProject]:
    """The funded projects of the plan, each with its optimizer project and its rule."""
    by_id = {p.id: p for p in built.data.projects}
    measured = []
    for outcome in result.projects:
        key = str(outcome.id)
        if not outcome.funded or key not in by_id or key not in built.projects:
            continue
        measured.append(
            RiskProject(
                project=by_id[key],
                name=outcome.name,
                spend=dict(outcome.spend),
                plan_delay=outcome.delay_years,
                rule=project_rule(spec, built.projects[key], observed),
            )
        )
    return measured
