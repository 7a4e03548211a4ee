"""Which caps a period's spend counts against, when caps may span several periods.

A cap adds up its scope's spend over its window ``period..last``; a period's spend on a scope
may count against several caps at once (a quarter's, and its year's). These helpers index
the caps by (scope, period) once, so that every consumer — the greedy ledger, cap usage,
decomposition — sums a schedule's spend per cap the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from optimizer.options import Scope
from optimizer.problem import Cap

CapIndex = Mapping[Scope, Mapping[int, tuple[int, ...]]]
"""For a scope and a period, the positions (in the list indexed) of the caps that count it;
scopes no cap limits are left out."""


def cap_index(caps: Sequence[Cap]) -> dict[Scope, dict[int, tuple[int, ...]]]:
    """The positions of the caps whose window holds each period of each scope."""
    index: dict[Scope, dict[int, list[int]]] = {}
    for position, cap in enumerate(caps):
        by_period = index.setdefault((cap.kind, cap.key), {})
        for period in cap.periods:
            by_period.setdefault(period, []).append(position)
    return {
        scope: {period: tuple(positions) for period, positions in by_period.items()}
        for scope, by_period in index.items()
    }


def spend_per_cap(index: CapIndex, scopes: Mapping[Scope, Mapping[int, int]]) -> dict[int, int]:
    """What spend on scopes per period (an option's, a schedule's) puts on each indexed cap,
    by position; caps it does not touch are left out."""
    sums: dict[int, int] = {}
    for scope, amounts in scopes.items():
        # Most scopes of a project (its city, table, plan…) are capped nowhere.
        by_period = index.get(scope)
        if by_period is None:
            continue
        for period, amount in amounts.items():
            for position in by_period.get(period, ()):
                sums[position] = sums.get(position, 0) + amount
    return sums


def window_spend(per_period: Mapping[int, int], periods: Iterable[int]) -> int:
    """The spend of ``per_period`` over ``periods`` (a cap's window)."""
    return sum(per_period.get(period, 0) for period in periods)
