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

CapIndex = Mapping[tuple[Scope, int], tuple[int, ...]]
"""For a (scope, period), the positions (in the list indexed) of the caps that count it."""


def cap_index(caps: Sequence[Cap]) -> dict[tuple[Scope, int], tuple[int, ...]]:
    """The positions of the caps whose window holds each (scope, period)."""
    index: dict[tuple[Scope, int], list[int]] = {}
    for position, cap in enumerate(caps):
        for period in cap.periods:
            index.setdefault(((cap.kind, cap.key), period), []).append(position)
    return {key: tuple(positions) for key, positions in index.items()}


def spend_per_cap(index: CapIndex, scopes: Mapping[Scope, Mapping[int, int]]) -> dict[int, int]:
    """What spend on scopes per period (an option's, a schedule's) puts on each indexed cap,
    by position; caps it does not touch are left out."""
    sums: dict[int, int] = {}
    for scope, amounts in scopes.items():
        for period, amount in amounts.items():
            for position in index.get((scope, period), ()):
                sums[position] = sums.get(position, 0) + amount
    return sums


def window_spend(per_period: Mapping[int, int], periods: Iterable[int]) -> int:
    """The spend of ``per_period`` over ``periods`` (a cap's window)."""
    return sum(per_period.get(period, 0) for period in periods)
