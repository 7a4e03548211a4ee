"""What the caller asks of a solve: objectives in order, time, workers, logging."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Objective(StrEnum):
    """Objectives, optimised lexicographically in the order the caller gives.

    - ``value``: maximise the sum of priorities of funded projects;
    - ``delay``: minimise the sum over funded projects of priority × periods late at
      completion (start delay + stretch): a project stretched by two periods finishes two
      periods late as surely as one started two periods late (``max_delay`` still bounds
      only the start delay);
    - ``completion``: minimise the last end period over funded projects (``first - 1`` of the
      horizon when none is funded);
    - ``level``: minimise the largest excess over the total caps' windows: for each enforced
      total cap, the total spend over its periods minus its amount; for each planning period
      no total cap covers, that period's total spend; 0 when there is no planning period.
      With one-period caps this is the peak, over planning periods, of total spend minus
      that period's total cap (total spend itself where a period has none). A cap spanning
      ``as_of`` counts the history spent in its window, as its constraint does.
    """

    VALUE = "value"
    DELAY = "delay"
    COMPLETION = "completion"
    LEVEL = "level"

    @property
    def maximize(self) -> bool:
        """True for objectives that are maximised."""
        return self is Objective.VALUE


DEFAULT_OBJECTIVES: tuple[Objective, ...] = (Objective.DELAY, Objective.LEVEL)


def normalize_objectives(objectives: Sequence[Objective | str]) -> tuple[Objective, ...]:
    """Objectives as enum members; refuses unknown names, duplicates and an empty list."""
    result = tuple(Objective(name) for name in objectives)
    if not result:
        raise ValueError("at least one objective is needed")
    if len(set(result)) != len(result):
        raise ValueError(f"objectives repeat: {[o.value for o in result]}")
    return result


def funds_everything(objectives: Sequence[Objective]) -> bool:
    """When ``value`` is not an objective, every project not excluded must be funded."""
    return Objective.VALUE not in objectives


class CancelToken(Protocol):
    """Something that says when the caller wants the solve stopped (a ``threading.Event``)."""

    def is_set(self) -> bool: ...


class SolveCancelledError(Exception):
    """The caller asked for the solve to stop (``SolveParams.cancel`` was set)."""


@dataclass(frozen=True)
class SolveParams:
    """Settings of one solve.

    ``time_limit`` (seconds) is the budget of the whole lexicographic solve, shared among the
    levels (the first gets twice the share of each later one; a level proven early leaves
    its time to the next). ``explain_time_limit`` bounds each of
    the short solves that explanations make. ``log`` receives progress lines (and the solver's
    own search log). When ``cancel`` is set, the solver stops within a fraction of a second
    and ``solve`` raises :class:`SolveCancelledError`. The random seed is fixed so that runs
    repeat; with more than one worker the solver's threads may still race, so only
    proven-optimal values are guaranteed to repeat.
    """

    objectives: Sequence[Objective | str] = DEFAULT_OBJECTIVES
    time_limit: float = 10.0
    num_workers: int = 2
    random_seed: int = 0
    log: Callable[[str], None] | None = None
    explain: bool = True
    explain_time_limit: float = 1.0
    warm_start: bool = True
    cancel: CancelToken | None = None

    def check_cancelled(self) -> None:
        """Raise :class:`SolveCancelledError` if the caller asked to stop."""
        if self.cancel is not None and self.cancel.is_set():
            raise SolveCancelledError("the solve was cancelled")

    def __post_init__(self) -> None:
        object.__setattr__(self, "objectives", normalize_objectives(self.objectives))
        if self.time_limit <= 0 or self.explain_time_limit <= 0:
            raise ValueError("time limits must be positive")
        if self.num_workers < 1:
            raise ValueError("num_workers must be at least 1")

    @property
    def objective_order(self) -> tuple[Objective, ...]:
        """The objectives, as a typed tuple."""
        return tuple(Objective(name) for name in self.objectives)
