"""A scenario run's result as typed, frozen values: the one shape every surface reads.

The optimizer's :class:`optimizer.Result` becomes a :class:`ScenarioResult` once
(``portfolio.scenarios.report``); the service stores it, the 情景 page, ``portfolio scenario
show|compare``, the command line and the workbook read it. JSON appears only at the edges —
the database column and ``--out`` — through :func:`result_to_json` and :func:`result_from_json`,
which carry a schema version and refuse what they cannot read.

Money is integer 万元, years are integers; a run in quarters or months also carries its
periods as labels (``"2023Q2"``, ``"2023-05"``). Nothing here is a sentence: words are made
where the result is shown (``portfolio.scenarios.words``), in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pydantic

from portfolio.errors import PortfolioError
from portfolio.scenarios.periods import parse_period_key

SCHEMA_VERSION = 2


class RunStatus(StrEnum):
    """How a run ended. The first five are the optimizer's; ``cancelled`` and ``failed`` are
    the runner's (stopped by the planner; an unexpected error)."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    TIMED_OUT = "timed_out"
    INVALID = "invalid"
    CANCELLED = "cancelled"
    FAILED = "failed"

    @property
    def has_plan(self) -> bool:
        """True when the run found a schedule for the portfolio."""
        return self in (RunStatus.OPTIMAL, RunStatus.FEASIBLE)


class Outcome(StrEnum):
    """What the planner is told first: the status, with ``partly_funded`` for a plan that
    leaves projects out (the ``value`` objective may)."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    PARTLY_FUNDED = "partly_funded"
    INFEASIBLE = "infeasible"
    TIMED_OUT = "timed_out"
    INVALID = "invalid"
    CANCELLED = "cancelled"
    FAILED = "failed"


class RelaxationKind(StrEnum):
    """``cap``: the lowest amount of one cap at which the scenario can be met, all else
    held; ``cut``: the largest % cut that still works; ``caps``: the caps raised together,
    the earliest first, where one alone is not enough; ``release``: must-funds, locks or
    links to give up; ``no_delay``: the caps raised together, the earliest first, to the
    lowest amounts at which nothing is delayed (for a run with delays)."""

    CAP = "cap"
    CUT = "cut"
    CAPS = "caps"
    RELEASE = "release"
    NO_DELAY = "no_delay"


@dataclass(frozen=True)
class CapRef:
    """A cap by its scope and window: ``kind`` total/region/city/table/plan, ``key`` the
    place, table or plan (empty for total), ``period`` the year (``"2023"``) or the label of
    a period or span (``"2023Q2"``), ``year`` the year it lies in."""

    kind: str
    key: str
    period: str
    year: int


@dataclass(frozen=True)
class CapOutcome:
    """What a run spent under one cap (万元)."""

    cap: CapRef
    limit_wan: int
    used_wan: int
    binding: bool

    @property
    def slack_wan(self) -> int:
        return self.limit_wan - self.used_wan


@dataclass(frozen=True)
class ObjectiveLevel:
    """One level of the lexicographic solve. In a run in quarters or months the delay is
    counted in them and the completion also given as period labels."""

    name: str
    status: str
    value: int | None = None
    bound: int | None = None
    gap: int | None = None
    value_period: str | None = None
    bound_period: str | None = None


@dataclass(frozen=True)
class SettingUse:
    """A project setting the scenario used, and where it came from (``project``: the
    project's stored settings; ``scenario``: the scenario file)."""

    name: str
    value: bool | int | str | None
    source: str


@dataclass(frozen=True)
class ProjectOutcome:
    """One project in the run. ``delay_years`` is how many years late it finishes (its start
    delay plus its stretch, whole years rounded up); a run with no plan, or a project left
    unfunded, has no window, no delay and no spend."""

    id: int
    name: str
    plan: str
    table: str
    planned_start_year: int | None
    planned_end_year: int | None
    funded: bool = False
    start_year: int | None = None
    end_year: int | None = None
    delay_years: int = 0
    start_delay_years: int = 0
    stretch_years: int = 0
    spend: Mapping[int, int] = field(default_factory=dict)
    settings: tuple[SettingUse, ...] = ()
    # A run in quarters or months: the periods beside the years.
    start_period: str | None = None
    end_period: str | None = None
    delay_periods: int | None = None
    start_delay_periods: int | None = None
    stretch_periods: int | None = None
    spend_by_period: Mapping[str, int] = field(default_factory=dict)
    # Re-planned from progress reports: what it spent before as_of (in ``spend`` too) and
    # its reported status (an ``ActualStatus`` value), when the office reported one.
    spent_before_wan: int = 0
    progress: str | None = None

    @property
    def moved(self) -> bool:
        """Delayed, stretched or left unfunded."""
        return not self.funded or self.delay_years > 0 or self.stretch_years > 0

    @property
    def from_settings(self) -> bool:
        """True when a stored project setting shaped this project's run."""
        return any(s.source == "project" for s in self.settings)


class ReplanKind(StrEnum):
    """What re-planning from progress reports says about a project."""

    ASSUMED = "assumed"  # no report: its planned amounts before as_of counted as spent
    OVERRUN = "overrun"  # it spent more than its total
    COMPLETED = "completed"  # reported finished: out of the years to come
    CANCELLED = "cancelled"  # reported cancelled: its remainder released
    SPENT = "spent"  # its whole total spent: out of the years to come
    CARRIED = "carried"  # unfinished when its planned years ended: carried into as_of on


@dataclass(frozen=True)
class ReplanNote:
    """One finding of re-planning at ``as_of``: a project and what was done with it;
    ``amount_wan`` is what it spent (assumed, overrun: the excess) or what remains."""

    kind: ReplanKind
    project_id: int
    name: str
    amount_wan: int


@dataclass(frozen=True)
class NotScheduled:
    """A project the scenario could not schedule, and why (unknown money or years, counted
    in another plan)."""

    id: int
    name: str
    plan: str
    table: str
    reason: str


@dataclass(frozen=True)
class LimitRef:
    """A limit of projects running at once: ``kind`` region or unit, its ``key``, period."""

    kind: str
    key: str
    period: str
    year: int


@dataclass(frozen=True)
class DelayReason:
    """Why a project slipped, stretched or went unfunded: the caps full in its planned
    periods (with what they allowed and used), limits reached, predecessors finishing late."""

    project_id: int
    name: str
    funded: bool
    delay_years: int
    stretch_years: int
    full_caps: tuple[CapOutcome, ...] = ()
    full_limits: tuple[LimitRef, ...] = ()
    late_predecessors: tuple[str, ...] = ()
    delay_periods: int | None = None
    stretch_periods: int | None = None


class MemberFamily(StrEnum):
    """What a member of a conflict is (as ``optimizer.ConstraintFamily``)."""

    CAP = "cap"
    CONCURRENCY = "concurrency"
    MUST_FUND = "must_fund"
    REQUIRED = "required"
    LOCK = "lock"
    HISTORY = "history"
    LINK = "link"


@dataclass(frozen=True)
class ConflictMember:
    """One condition of a conflict. A cap or limit names its ``cap``; a project condition its
    ``project_id`` and ``name`` (``from_settings`` when it came from the project's stored
    settings); a link its ``predecessor`` and ``successor`` names. A started project
    (``history``) carries its planned spend in the years of the conflict's caps."""

    family: MemberFamily
    cap: CapRef | None = None
    project_id: int | None = None
    name: str = ""
    from_settings: bool = False
    predecessor: str = ""
    successor: str = ""
    planned_wan: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Conflict:
    """Conditions that cannot all hold; ``minimal`` when dropping any one was shown to let
    the rest hold (False when checks ran out of time)."""

    members: tuple[ConflictMember, ...]
    minimal: bool
    as_of: int


@dataclass(frozen=True)
class MarginalValue:
    """What raising a full cap by ``step_wan`` would change, objective by objective
    (``change`` is ``None`` when the re-solve found nothing as good in time)."""

    cap: CapOutcome
    step_wan: int
    asked: bool
    change: tuple[int | None, ...] | None


@dataclass(frozen=True)
class Release:
    """One condition given up: ``family`` must_fund or required (the project is given up),
    lock (it may move) or link (dropped). ``total_wan``: the project's total investment; in
    the released scenario the project is then ``funded`` or not, ``delay_years`` late."""

    family: MemberFamily
    project_id: int | None = None
    name: str = ""
    predecessor: str = ""
    successor: str = ""
    total_wan: int | None = None
    funded: bool | None = None
    delay_years: int | None = None


@dataclass(frozen=True)
class CapChange:
    """One cap of a change of several: from ``current_wan`` to ``lowest_feasible_wan``; a
    total cap made by a % cut also as the largest cut (``largest_cut_bp`` of
    ``planned_wan``)."""

    cap: CapRef
    current_wan: int
    lowest_feasible_wan: int
    planned_wan: int | None = None
    largest_cut_bp: int | None = None


@dataclass(frozen=True)
class Relaxation:
    """The smallest change that works, verified by solving before it is shown.

    ``cap``: the lowest amount (``lowest_feasible_wan``) at which
    the scenario can be met with all else held (``None``: no amount of this cap alone makes
    it work); ``current_wan`` is what the scenario has. ``cut``: the cut's year, the planned
    spend it is taken from and the largest cut that works, in basis points of the plan
    (``largest_cut_bp``; rounded down) and as the cap it leaves. ``release``: the conditions
    to give up, and ``objectives`` of the scenario without them. ``caps`` / ``no_delay``:
    the ``changes`` of several caps together. ``proven`` is False when a solve ran out of
    time (the figure then is the best found, not proven the lowest)."""

    kind: RelaxationKind
    proven: bool
    cap: CapRef | None = None
    current_wan: int | None = None
    lowest_feasible_wan: int | None = None
    planned_wan: int | None = None
    largest_cut_bp: int | None = None
    releases: tuple[Release, ...] = ()
    objectives: tuple[ObjectiveLevel, ...] = ()
    changes: tuple[CapChange, ...] = ()

    @property
    def applicable(self) -> bool:
        """True when the change can be written into a scenario file ("apply"): it changes
        something, and each cap it names has a key the file can hold (not a span of
        periods such as ``2023Q2-2023Q3``)."""
        if self.kind is RelaxationKind.RELEASE:
            return bool(self.releases)
        if self.kind in (RelaxationKind.CAPS, RelaxationKind.NO_DELAY):
            return bool(self.changes) and all(_keyed(c.cap) for c in self.changes)
        if self.kind is RelaxationKind.CUT:
            return self.largest_cut_bp is not None and self.cap is not None
        return self.lowest_feasible_wan is not None and self.cap is not None and _keyed(self.cap)


def _keyed(cap: CapRef) -> bool:
    """True when the cap's period is one key of a scenario file (a year, quarter, month)."""
    try:
        parse_period_key(cap.period)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario's run: how it ended, its objectives, every project, every cap and the
    explanations. ``projects`` and ``caps`` are empty when the run has no plan; ``error``
    holds the message of a failed run; ``run_id`` is set once the run is stored."""

    scenario: str
    status: RunStatus
    horizon: tuple[int, int]
    as_of: int
    periods: str = "year"
    solve_seconds: float = 0.0
    objectives: tuple[ObjectiveLevel, ...] = ()
    projects: tuple[ProjectOutcome, ...] = ()
    not_scheduled: tuple[NotScheduled, ...] = ()
    caps: tuple[CapOutcome, ...] = ()
    conflict: Conflict | None = None
    delays: tuple[DelayReason, ...] = ()
    marginal: tuple[MarginalValue, ...] = ()
    uncapped_what_if: tuple[int, ...] = ()
    relaxations: tuple[Relaxation, ...] = ()
    replan_notes: tuple[ReplanNote, ...] = ()
    error: str | None = None
    run_id: int | None = None
    schema: int = SCHEMA_VERSION

    @property
    def has_plan(self) -> bool:
        return self.status.has_plan

    @property
    def outcome(self) -> Outcome:
        if self.has_plan and any(not p.funded for p in self.projects):
            return Outcome.PARTLY_FUNDED
        return Outcome(self.status.value)

    @property
    def yearly(self) -> bool:
        return self.periods == "year"

    def funded(self) -> tuple[ProjectOutcome, ...]:
        return tuple(p for p in self.projects if p.funded)

    def delayed(self) -> tuple[ProjectOutcome, ...]:
        """Funded projects that finish late (delayed or stretched)."""
        return tuple(p for p in self.projects if p.funded and p.delay_years > 0)

    def unfunded(self) -> tuple[ProjectOutcome, ...]:
        """Projects the plan leaves out (none when the run has no plan)."""
        return tuple(p for p in self.projects if not p.funded) if self.has_plan else ()

    def moved(self) -> tuple[ProjectOutcome, ...]:
        return tuple(p for p in self.projects if p.moved) if self.has_plan else ()

    def binding_caps(self) -> tuple[CapOutcome, ...]:
        return tuple(c for c in self.caps if c.binding)

    def spend_by_year(self) -> dict[int, int]:
        totals: dict[int, int] = {}
        for project in self.projects:
            for year, amount in project.spend.items():
                totals[year] = totals.get(year, 0) + amount
        return dict(sorted(totals.items()))


class ResultFormatError(PortfolioError):
    """A stored or written result this version cannot read."""


_ADAPTER: pydantic.TypeAdapter[ScenarioResult] = pydantic.TypeAdapter(ScenarioResult)


def result_to_json(result: ScenarioResult) -> dict[str, Any]:
    """The result as JSON-ready values (what the database column and ``--out`` hold)."""
    data: dict[str, Any] = _ADAPTER.dump_python(result, mode="json")
    return data


def result_from_json(data: Any) -> ScenarioResult:
    """Read a result written by :func:`result_to_json`; raises :class:`ResultFormatError`
    naming what it cannot read. Results of another schema (those stored before the schema
    was versioned have none) are refused: their scenario is kept and can be run again."""
    if not isinstance(data, dict):
        raise ResultFormatError("a scenario result is a JSON object")
    schema = data.get("schema")
    if schema != SCHEMA_VERSION:
        raise ResultFormatError(
            f"this run was stored in another format (schema {schema or 1}; this version reads "
            f"{SCHEMA_VERSION}): run the scenario again to see its result"
        )
    try:
        return _ADAPTER.validate_python(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ResultFormatError(
            f"cannot read the scenario result: {where}: {first['msg']} "
            f"({exc.error_count()} problem(s))"
        ) from exc
