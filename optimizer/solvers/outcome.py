"""What a back end hands back to ``optimizer.solve``; free of any solver import."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from optimizer.options import ScheduleOption
from optimizer.result import LevelResult, SolveStatus


@dataclass(frozen=True)
class Outcome:
    """Status, levels and the option chosen per project (``None``: unfunded).

    ``chosen`` is empty when there is no solution.
    """

    status: SolveStatus
    levels: tuple[LevelResult, ...]
    chosen: Mapping[str, ScheduleOption | None]
    solve_seconds: float
