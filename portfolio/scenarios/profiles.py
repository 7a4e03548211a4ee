"""How a scenario spreads each project's money over its years: the ``profile`` settings.

``profile = "planned"`` (the default) spends a project's stored yearly amounts, or its total
evenly when none are stored; ``"even"`` spreads the total evenly whatever is stored;
``"flexible"`` lets the optimizer choose whole 万元 per year, each year between ``min_share``
and ``max_share`` of the total (the minimum rounded up to 万元, the maximum down). Shares are
percentages to 0.01% (``"12.5%"``), exact. They are set for the whole scenario under
``[limits]`` and per project in ``[[overrides]]``; a project's own settings win. A project
that started before ``as_of`` keeps its planned amounts, and percentage caps and cuts refer
to the planned amounts of every project, flexible or not. In a quarterly or monthly scenario
the shares bound each quarter or month, and a project's periods must be able to hold its
total within them (four quarters of at most 30% cannot hold 100%).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from optimizer import FlexibleShares
from portfolio.cells import clean
from portfolio.i18n import N_
from portfolio.scenarios.periods import PeriodUnit

PROFILES = ("planned", "even", "flexible")
PROFILE_KEYS = ("profile", "min_share", "max_share")


@dataclass(frozen=True)
class ProfileSpec:
    """Profile settings as written; ``None`` where a setting is not given here.

    Shares are in basis points (1% = 100 bp)."""

    profile: str | None = None
    min_bp: int | None = None
    max_bp: int | None = None

    def over(self, default: ProfileSpec) -> ProfileSpec:
        """These settings, the ``default``'s where these give none."""
        return ProfileSpec(
            self.profile if self.profile is not None else default.profile,
            self.min_bp if self.min_bp is not None else default.min_bp,
            self.max_bp if self.max_bp is not None else default.max_bp,
        )

    @property
    def given(self) -> bool:
        """True when any setting is given."""
        return (self.profile, self.min_bp, self.max_bp) != (None, None, None)

    @property
    def flexible(self) -> bool:
        """True for ``profile = "flexible"``."""
        return self.profile == "flexible"

    def shares(self) -> FlexibleShares:
        """The share bounds (0% and 100% where not given)."""
        return FlexibleShares(
            0 if self.min_bp is None else self.min_bp,
            10_000 if self.max_bp is None else self.max_bp,
        )


class Refuse(Protocol):
    """Records a problem at a key: a message of the catalog and the values of its fields."""

    def __call__(
        self, key: str, said: str, suggestions: Sequence[str] = (), /, **values: object
    ) -> None: ...


def _share_bp(refuse: Refuse, key: str, value: object) -> int | None:
    """``"12.5%"`` → 1250 basis points; refuses other forms, finer shares and > 100%."""
    text = clean(str(value)) if isinstance(value, str) else ""
    if not text.endswith("%"):
        refuse(key, "比例写作百分比，如“10%”（而非 {value}）", value=repr(value))
        return None
    try:
        percent = Decimal(text.removesuffix("%"))
    except InvalidOperation:
        refuse(key, "“{value}”不是百分比", value=value)
        return None
    if not percent.is_finite() or not 0 <= percent <= 100:
        refuse(key, "比例“{value}”不在 0% 到 100% 之间", value=value)
        return None
    basis_points = percent * 100
    if basis_points != basis_points.to_integral_value():
        refuse(key, "比例最多精确到 0.01%（“{value}”）", value=value)
        return None
    return int(basis_points)


def read_profile(refuse: Refuse, prefix: str, body: dict[str, Any]) -> ProfileSpec:
    """Take ``profile``, ``min_share`` and ``max_share`` out of ``body`` (a ``[limits]`` table or
    an override), reporting problems at ``prefix.key``."""
    profile = body.pop("profile", None)
    if profile is not None and profile not in PROFILES:
        names = ", ".join(PROFILES)
        refuse(
            f"{prefix}.profile",
            "未知的支出方式“{profile}”（{names} 之一）",
            profile=profile,
            names=names,
        )
        profile = None
    low = (
        _share_bp(refuse, f"{prefix}.min_share", body.pop("min_share"))
        if "min_share" in body
        else None
    )
    high = (
        _share_bp(refuse, f"{prefix}.max_share", body.pop("max_share"))
        if "max_share" in body
        else None
    )
    return ProfileSpec(profile, low, high)


def check_profile(
    refuse: Refuse,
    prefix: str,
    own: ProfileSpec,
    default: ProfileSpec | None = None,
) -> None:
    """Problems of the settings at ``prefix`` (an override's taken over the scenario's
    ``default``): shares in an override that is not flexible, a minimum above the maximum."""
    merged = own if default is None else own.over(default)
    has_shares = own.min_bp is not None or own.max_bp is not None
    if default is not None and has_shares and not merged.flexible:
        refuse(prefix, 'min_share 和 max_share 须配合 profile = "flexible"')
    low = 0 if merged.min_bp is None else merged.min_bp
    high = 10_000 if merged.max_bp is None else merged.max_bp
    if low > high:
        refuse(
            prefix,
            "min_share {low}% 高于 max_share {high}%",
            low=f"{low / 100:g}",
            high=f"{high / 100:g}",
        )


# A message of the catalog and the values of its fields.
Said = tuple[str, dict[str, object]]
# Share bounds that cannot add up to a project's total over its periods.
_MISFIT = {
    PeriodUnit.YEAR: N_(
        "“{name}”（{periods} 年，{total} 万元）：{periods} 年各 {low}-{high} 万元"
        "（每年 {shares}）合计凑不成其总投资"
    ),
    PeriodUnit.QUARTER: N_(
        "“{name}”（{periods} 个季度，{total} 万元）：{periods} 个季度各 {low}-{high} 万元"
        "（每季度 {shares}）合计凑不成其总投资"
    ),
    PeriodUnit.MONTH: N_(
        "“{name}”（{periods} 个月，{total} 万元）：{periods} 个月各 {low}-{high} 万元"
        "（每月 {shares}）合计凑不成其总投资"
    ),
}


def project_profile(
    settings: ProfileSpec,
    stored: tuple[int, ...] | None,
    name: str,
    total: int,
    years: int,
    *,
    started: bool = False,
    unit: PeriodUnit = PeriodUnit.YEAR,
) -> tuple[tuple[int, ...] | None, FlexibleShares | None, Said | None]:
    """The optimizer's ``(profile, flexible)`` for a project, or a problem when its share
    bounds cannot add up to its total over its periods (its years, or its quarters or
    months when ``unit`` says: shares then bound each period). A project that has
    ``started`` (before ``as_of``) is not flexible: it keeps its planned amounts, as history
    does. The profile returned is per year (the stored one, or ``None``: even)."""
    if settings.profile == "even":
        return None, None, None
    if not settings.flexible or started:
        return stored, None, None
    shares = settings.shares()
    periods = years * unit.per_year
    if not shares.fits(total, periods):
        low, high = shares.bounds(total)
        values = {"name": name, "periods": periods, "total": f"{total:,}", "low": f"{low:,}",
                  "high": f"{high:,}", "shares": shares.describe()}  # fmt: skip
        return None, None, (_MISFIT[unit], values)
    return None, shares, None
