"""Flexible spend profiles: the solver chooses each active period's amount within shares.

A flexible project spends its total over the periods it runs, each period between a minimum
and a maximum share of the total. Shares are integer basis points (1 bp = 0.01%), so the
bounds are exact: the minimum in 万元 is rounded up, the maximum rounded down,

    low = ⌈total × min_bp / 10000⌉,  high = ⌊total × max_bp / 10000⌋,

and a window of ``n`` periods is possible only when ``n × low ≤ total ≤ n × high``. Each
period's amount is then apportioned to counties by the same largest-remainder rule as fixed
spend (``profiles.apportion``), so there is one rule for regional money whatever the profile.
"""

from __future__ import annotations

from dataclasses import dataclass

BASIS_POINTS = 10_000


@dataclass(frozen=True)
class FlexibleShares:
    """Bounds on each active period's share of a project's total, in basis points."""

    min_bp: int = 0
    max_bp: int = BASIS_POINTS

    def __post_init__(self) -> None:
        if not 0 <= self.min_bp <= self.max_bp <= BASIS_POINTS:
            raise ValueError(
                f"flexible shares {self.min_bp}..{self.max_bp} bp must satisfy "
                f"0 ≤ min ≤ max ≤ {BASIS_POINTS}"
            )

    def bounds(self, total: int) -> tuple[int, int]:
        """The least and most 万元 an active period may take (min up, max down)."""
        low = -(-total * self.min_bp // BASIS_POINTS)
        high = total * self.max_bp // BASIS_POINTS
        return low, high

    def fits(self, total: int, periods: int) -> bool:
        """True when ``periods`` active periods within the bounds can sum to ``total``."""
        low, high = self.bounds(total)
        return periods > 0 and periods * low <= total <= periods * high

    def describe(self) -> str:
        """``10%-60%`` (shares written as planners do)."""

        def percent(bp: int) -> str:
            whole, part = divmod(bp, 100)
            return f"{whole}%" if not part else f"{whole}.{part:02d}".rstrip("0") + "%"

        return f"{percent(self.min_bp)}-{percent(self.max_bp)}"
