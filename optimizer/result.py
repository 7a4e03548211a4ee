"""What a solve returns: status, objective levels, schedules, cap usage, explanations."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from optimizer.params import Objective
from optimizer.problem import Cap, CapKind, window_text


class SolveStatus(StrEnum):
    """Outcome of a solve, independent of the solver behind it.

    ``TIMED_OUT`` means no schedule was found in time; ``INVALID`` that the solver refused the
    model (a bug on our side, since the data checks itself).
    """

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    TIMED_OUT = "timed_out"
    INVALID = "invalid"

    @property
    def has_solution(self) -> bool:
        """True when a schedule comes with the status."""
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


@dataclass(frozen=True)
class LevelResult:
    """One level of the lexicographic solve.

    ``value`` is the objective of the returned schedule, ``bound`` the best bound the solver
    proved (``None`` when the level was not solved), ``gap`` their absolute difference.
    ``first_solution_seconds`` is how long the level's solve took to find its first schedule
    (``None`` when unknown, e.g. for the greedy baseline).
    """

    objective: Objective
    status: SolveStatus
    value: int | None
    bound: int | None
    solve_seconds: float
    first_solution_seconds: float | None = None

    @property
    def name(self) -> str:
        """The objective's name."""
        return self.objective.value

    @property
    def gap(self) -> int | None:
        """Absolute distance between value and bound (0 when proven optimal)."""
        if self.value is None or self.bound is None:
            return None
        return abs(self.value - self.bound)


@dataclass(frozen=True)
class ProjectSchedule:
    """The decision for one project. Unfunded projects have no window and spend nothing."""

    project_id: str
    funded: bool
    start: int | None = None
    end: int | None = None
    delay: int = 0
    stretch: int = 0
    spend: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CapUsage:
    """How much of a cap a schedule uses.

    ``used`` is the spend in the cap's scope over its periods ``period..last_period`` (one
    period when ``last_period`` is ``None``). ``binding`` means the cap stops something: some
    project could put money on this cap (``step`` is the smallest positive amount any of its
    options would add over the cap's periods; 1 万元 where a flexible project could spend,
    since its amounts move by single 万元) and ``slack`` is smaller than that step, so no
    such addition fits. ``used == cap`` with a contributor is therefore always binding. Caps
    wholly in history periods are not enforced.
    """

    kind: CapKind
    key: str
    period: int
    cap: int
    used: int
    step: int | None
    enforced: bool
    last_period: int | None = None

    @property
    def last(self) -> int:
        """The last period the cap covers (``period`` for a one-period cap)."""
        return self.period if self.last_period is None else self.last_period

    @property
    def ident(self) -> tuple[CapKind, str, int, int]:
        """The cap's kind, key, first and last period (as ``Cap.ident``)."""
        return (self.kind, self.key, self.period, self.last)

    @property
    def slack(self) -> int:
        """Money left under the cap (negative only for an unenforced history period)."""
        return self.cap - self.used

    @property
    def binding(self) -> bool:
        """True when not even the smallest possible addition would fit (see the class)."""
        return self.enforced and self.step is not None and self.slack < self.step

    @property
    def label(self) -> str:
        """Readable identifier: ``"region 丰泽区 2023"``, ``"total 8092..8095"``."""
        scope = self.kind.value if self.kind is CapKind.TOTAL else f"{self.kind.value} {self.key}"
        return f"{scope} {window_text(self.period, self.last_period)}"


class ConstraintFamily(StrEnum):
    """Families of constraints an infeasibility explanation may name."""

    CAP = "cap"
    CONCURRENCY = "concurrency"
    MUST_FUND = "must_fund"
    REQUIRED = "required"
    LOCK = "lock"
    HISTORY = "history"
    LINK = "link"


@functools.total_ordering
@dataclass(frozen=True)
class ConstraintRef:
    """One constraint that can be dropped when explaining infeasibility.

    ``kind`` is the cap or concurrency kind (empty otherwise); ``key`` the county, city, table
    or unit name, the project id, or the link as ``"A→B"``; ``period`` the period of a cap or
    concurrency limit, and ``last_period`` the last one of a cap spanning several periods.
    ``required`` stands for "every project not excluded is funded" when ``value`` is not an
    objective; ``history`` for a project started before ``as_of``. Refs sort by family, key,
    period, kind and last period.
    """

    family: ConstraintFamily
    key: str
    period: int | None = None
    kind: str = ""
    last_period: int | None = None

    @classmethod
    def of_cap(cls, cap: Cap) -> ConstraintRef:
        """The ref of a budget cap."""
        return cls(ConstraintFamily.CAP, cap.key, cap.period, cap.kind.value, cap.last_period)

    def _order(self) -> tuple[str, str, int, str, int]:
        # A one-period cap sorts before a longer one from the same period; None first.
        return (
            self.family.value,
            self.key,
            -1 if self.period is None else self.period,
            self.kind,
            -1 if self.last_period is None else self.last_period,
        )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ConstraintRef):
            return NotImplemented
        return self._order() < other._order()

    def describe(self) -> str:
        """Plain-language description of the constraint."""
        family = self.family
        if family is ConstraintFamily.CAP:
            scope = "total" if self.kind == CapKind.TOTAL.value else f"{self.kind} {self.key}"
            assert self.period is not None
            return f"budget cap on {scope} in {window_text(self.period, self.last_period)}"
        if family is ConstraintFamily.CONCURRENCY:
            return f"limit on projects running at once in {self.kind} {self.key} in {self.period}"
        if family is ConstraintFamily.MUST_FUND:
            return f"project {self.key} must be funded"
        if family is ConstraintFamily.REQUIRED:
            return f"project {self.key} is funded (every project is, unless value is an objective)"
        if family is ConstraintFamily.LOCK:
            return f"project {self.key} is locked to its planned schedule"
        if family is ConstraintFamily.HISTORY:
            return f"project {self.key} has started and keeps its planned schedule"
        return f"link {self.key}: the successor starts after the predecessor ends"


@dataclass(frozen=True)
class InfeasibilityExplanation:
    """A set of constraints that cannot all hold. ``minimal`` is True when dropping any one
    member was shown to make the rest feasible (False when a short solve ran out of time)."""

    members: tuple[ConstraintRef, ...]
    minimal: bool
    message: str


@dataclass(frozen=True)
class DelayExplanation:
    """Why a project slipped, stretched or went unfunded: what was full in its planned periods.

    ``full_caps`` are the binding caps of its scopes in the periods its planned schedule
    needed; ``full_concurrency`` the ``(kind, key, period)`` of limits reached there;
    ``late_predecessors`` the links whose predecessor ends too late for the planned start.
    """

    project_id: str
    funded: bool
    delay: int
    stretch: int
    full_caps: tuple[CapUsage, ...]
    full_concurrency: tuple[tuple[str, str, int], ...]
    late_predecessors: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class MarginalValue:
    """What raising one binding cap by ``step`` would change in the objectives.

    ``before`` and ``after`` hold the level values in objective order; ``after`` is ``None``
    when the re-solve found no schedule in its time limit, or none as good as the current one
    (which still fits the raised cap, so a worse answer only means the re-solve stopped early).
    """

    cap: CapUsage
    step: int
    status: SolveStatus
    before: tuple[int | None, ...]
    after: tuple[int | None, ...] | None
    message: str

    @property
    def change(self) -> tuple[int | None, ...] | None:
        """Per-level change ``after - before`` (``None`` where either side is unknown)."""
        if self.after is None:
            return None
        return tuple(
            None if b is None or a is None else a - b
            for b, a in zip(self.before, self.after, strict=True)
        )


@dataclass(frozen=True)
class Result:
    """Outcome of ``solve`` (or of the greedy baseline).

    ``schedules`` has an entry for every project when there is a solution, none otherwise;
    ``cap_usage`` one entry per cap of the data.
    """

    status: SolveStatus
    objectives: tuple[Objective, ...]
    levels: tuple[LevelResult, ...]
    schedules: Mapping[str, ProjectSchedule]
    cap_usage: tuple[CapUsage, ...]
    solve_seconds: float
    delays: tuple[DelayExplanation, ...] = ()
    infeasibility: InfeasibilityExplanation | None = None

    @property
    def has_solution(self) -> bool:
        """True when schedules come with the result."""
        return self.status.has_solution

    def objective_values(self) -> tuple[int | None, ...]:
        """Level values in objective order."""
        return tuple(level.value for level in self.levels)

    def binding_caps(self) -> tuple[CapUsage, ...]:
        """The caps that are binding (see ``CapUsage``)."""
        return tuple(usage for usage in self.cap_usage if usage.binding)

    def messages(self) -> tuple[str, ...]:
        """All explanations as plain sentences."""
        lines = [delay.message for delay in self.delays]
        if self.infeasibility is not None:
            lines.insert(0, self.infeasibility.message)
        return tuple(lines)
