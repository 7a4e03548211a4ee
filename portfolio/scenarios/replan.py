"""Re-planning from what was actually spent: history is history, what remains is re-spread.

A scenario's years before ``as_of`` have happened. For each project they hold its reported
actual spend (planned amounts where it reported nothing: such a project is listed, so that
the office knows the figure is assumed). What remains of a project is its total minus what
it has spent, and that remainder is what the optimizer schedules, from ``as_of`` on, like
any project that has not started: it may be slowed or stretched within its limits, never
moved before ``as_of``; ``locked`` keeps it exactly as re-planned here.

- A finished (已完工) or cancelled (取消) project leaves the problem: its history stays in
  the years it was spent, and a cancelled one's remainder is released.
- A project that has spent its whole total (or more: an overrun, listed) leaves it too.
- The remainder of a started project keeps the shape of its plan: the planned amounts of its
  years from ``as_of`` on, scaled to the remainder. A late project (its planned years are
  all past) gets its remainder in the year ``as_of``; it may be stretched like any other.
- A project reported not started (未开工) whose planned start has passed keeps its planned
  amounts and duration, its window shifted to begin at ``as_of``.
- A project whose planned start has not come keeps its plan, less anything it already spent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from optimizer import apportion, spread_evenly
from portfolio.actuals import ActualStatus, ProjectActuals


class HistorySource(StrEnum):
    """Where a project's years before ``as_of`` come from."""

    NONE = "none"  # nothing planned or reported before as_of
    REPORTED = "reported"  # the office's actuals
    ASSUMED = "assumed"  # no report: the planned amounts, assumed spent


class Leaves(StrEnum):
    """Why a project leaves the problem of the years to come."""

    COMPLETED = "completed"
    CANCELLED = "cancelled"
    SPENT = "spent"  # its whole total (or more) is spent, whatever its status says


@dataclass(frozen=True)
class Replanned:
    """A project of a scenario as re-planned at ``as_of``.

    ``window``/``profile``/``remainder`` are what is left to schedule (``None`` window when
    the project leaves, with ``leaves`` saying why); ``history`` its spend per year before
    ``as_of``; ``spent`` their sum; ``overrun`` how much the spend exceeds the total.
    """

    remainder: int
    window: tuple[int, int] | None
    profile: tuple[int, ...] | None  # per year of ``window``; None: even
    history: Mapping[int, int] = field(default_factory=dict)
    history_source: HistorySource = HistorySource.NONE
    status: ActualStatus | None = None
    leaves: Leaves | None = None
    overrun: int = 0

    @property
    def spent(self) -> int:
        return sum(self.history.values())


def replan(
    total: int,
    window: tuple[int, int],
    planned: tuple[int, ...] | None,
    as_of: int,
    actuals: ProjectActuals | None,
) -> Replanned:
    """A project of ``total`` 万元 planned over ``window`` (``planned`` per year, or even),
    re-planned at ``as_of`` from its reported ``actuals`` (``None``: it reported nothing)."""
    start, end = window
    amounts = planned if planned is not None else spread_evenly(total, end - start + 1)
    by_year = dict(zip(range(start, end + 1), amounts, strict=True))
    status = None if actuals is None else actuals.status
    if actuals is None:
        history = {y: a for y, a in by_year.items() if y < as_of and a}
        source = HistorySource.ASSUMED if start < as_of else HistorySource.NONE
    else:
        history = {y: a for y, a in sorted(actuals.spend.items()) if y < as_of and a}
        source = HistorySource.REPORTED
    if not history and start >= as_of and source is HistorySource.REPORTED:
        source = HistorySource.NONE if status in (None, ActualStatus.NOT_STARTED) else source
    spent = sum(history.values())
    base = Replanned(
        remainder=max(total - spent, 0),
        window=None,
        profile=None,
        history=history,
        history_source=source,
        status=status,
        overrun=max(spent - total, 0),
    )
    if status is ActualStatus.COMPLETED:
        return dataclasses.replace(base, leaves=Leaves.COMPLETED)
    if status is ActualStatus.CANCELLED:
        return dataclasses.replace(base, leaves=Leaves.CANCELLED)
    if base.remainder == 0 and total > 0:
        return dataclasses.replace(base, leaves=Leaves.SPENT)
    if start >= as_of and not history:
        return dataclasses.replace(base, window=window, profile=planned)
    if status is ActualStatus.NOT_STARTED and not history:
        return dataclasses.replace(
            base, window=(as_of, as_of + end - start), profile=planned, history_source=source
        )
    ahead = {y: a for y, a in by_year.items() if y >= as_of}
    if not ahead or not any(ahead.values()):
        return dataclasses.replace(base, window=(as_of, as_of), profile=(base.remainder,))
    weights = {str(y): a for y, a in ahead.items() if a > 0}
    parts = apportion(base.remainder, weights)
    first = max(start, as_of)
    profile = tuple(parts.get(str(y), 0) for y in range(first, end + 1))
    return dataclasses.replace(base, window=(first, end), profile=profile)
