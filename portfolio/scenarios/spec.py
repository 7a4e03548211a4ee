"""Scenario files (TOML): what a planner writes, read and checked before any solving.

A scenario names the plans and tables that take part, the years, the objectives in order,
the caps (``"150亿"``, ``"5000万"``, or a percentage of the planned spend of that year), a cut
per year, limits, and per-project overrides. Every problem is reported with the key it stands
at (``caps.county.晋江市.2023``) and its line, all at once: :func:`read_scenario` reads on past
a wrong setting, so that the names checked against the portfolio
(``portfolio.scenarios.build``) are reported in the same pass.

.. code-block:: toml

    name = "2023年压减20%"
    as_of = 2023                # years before are history: spent as planned, no caps or cuts
    horizon = [2019, 2030]      # optional: default covers every project plus max_delay
    plans = ["quanzhou-st-14fyp"]
    objectives = ["delay", "level"]
    periods = "year"            # or "quarter", "month": see below

    [caps.total]
    2024 = "150亿"
    [cuts]                      # cap = planned spend of that year minus the cut
    2023 = "20%"
    [caps.county."晋江市"]
    2023 = "5000万"             # money always with its unit: 亿 or 万 (a bare number is refused)

    [caps.plan."quanzhou-st-14fyp"]
    2023 = "80%"                # of the plan's planned spend that year

    [limits]
    max_delay = 3
    profile = "flexible"        # planned (default), even, or flexible: see profiles.py
    min_share = "5%"            # each year of a flexible project: 5%-60% of its total
    max_share = "60%"
    [limits.county_concurrency]
    "晋江市" = 12

    [[overrides]]
    project = "清源创新实验室"   # a name, or an id: project = 109
    must_fund = true
    profile = "planned"         # this one spends its stored yearly amounts

    [[links]]                   # phase 2 starts after phase 1 ends (plus lag years)
    before = "某项目（一期）"
    after = "某项目（二期）"
    lag = 0

Periods finer than years: ``periods = "quarter"`` or ``"month"`` plans quarter by quarter or
month by month (``portfolio.scenarios.periods``). ``as_of``, ``horizon``, ``max_delay``,
``max_stretch``, link lags, a project's stored max delay and ``[explain] what_if`` stay in
years and are converted to periods (``max_delay = 1`` is 4 quarters). A project runs from the
first period of its start year to the last of its end year; each year's planned amount (its
stored amount, or the even spread over its years) is spread evenly over that year's periods,
the remainder 1 万元 each to the earliest, so the periods add up to the years and the total.
A flexible profile's ``min_share`` and ``max_share`` then bound each period, not each year.
A year key in caps or cuts (``2023 = "150亿"``) caps the sum of that year's periods; a
quarter key (``2023Q2``) caps one quarter (in a monthly scenario, its three months), a month
key (``2023-05``) one month. Sub-year keys are refused in a yearly scenario, month keys in a
quarterly one. Results keep every yearly figure (``spend`` per year, ``start_year``,
``delay_years`` — whole years, rounded up) and add the periods beside them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from optimizer import Objective
from portfolio.cells import CellError, MoneyUnit, clean, parse_money
from portfolio.i18n import N_
from portfolio.scenarios.periods import PeriodKey, PeriodUnit, parse_period_key
from portfolio.scenarios.problems import (
    ProblemList,
    ScenarioError,
    ScenarioProblem,
    toml_error_line,
)
from portfolio.scenarios.profiles import ProfileSpec, check_profile, read_profile
from portfolio.scenarios.risk_spec import RiskSpec, read_risk
from portfolio.scenarios.suggest import closest

DEFAULT_EXPLAIN_STEP_WAN = 100_000  # “what would another 10亿 buy?”
CAP_KINDS = ("total", "county", "city", "table", "plan")
OVERRIDE_FLAGS = ("must_fund", "locked", "excluded")
OVERRIDE_INTS = ("priority", "max_delay", "max_stretch")
_BARE_NUMBER = re.compile(r"^\d+(\.\d+)?$")

__all__ = ["Amount", "ScenarioError", "ScenarioSpec", "parse_scenario", "read_scenario"]


@dataclass(frozen=True)
class Amount:
    """A cap as written: exact 万元, or a percentage of the planned spend."""

    wan: int | None = None
    percent: Decimal | None = None

    def resolve(self, planned_wan: int) -> int:
        """The cap in 万元; a percentage of the planned spend is rounded down to 万元."""
        if self.wan is not None:
            return self.wan
        assert self.percent is not None
        return int(Decimal(planned_wan) * self.percent / 100)


@dataclass(frozen=True)
class Override:
    key: str  # where it stands in the file: overrides[2]
    project_id: int | None
    project_name: str | None
    values: dict[str, Any]
    profile: ProfileSpec = field(default_factory=ProfileSpec)


@dataclass(frozen=True)
class LinkSpec:
    """Finish-to-start: ``after`` starts at least ``lag`` years after ``before`` ends."""

    key: str  # links[0]
    before: int | str
    after: int | str
    lag: int


@dataclass(frozen=True)
class ScenarioSpec:
    name: str
    description: str = ""
    as_of: int | None = None
    horizon: tuple[int, int] | None = None
    plans: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    objectives: tuple[Objective, ...] = (Objective.DELAY, Objective.LEVEL)
    time_limit: float = 10.0
    caps: dict[tuple[str, str, int], Amount] = field(default_factory=dict)  # kind, key, year
    cuts: dict[int, Decimal] = field(default_factory=dict)  # year → percent cut of the total
    periods: PeriodUnit = PeriodUnit.YEAR  # what one period of the plan is
    # Caps and cuts of one quarter or month (sub-year keys: 2023Q2, 2023-05).
    period_caps: dict[tuple[str, str, PeriodKey], Amount] = field(default_factory=dict)
    period_cuts: dict[PeriodKey, Decimal] = field(default_factory=dict)
    max_delay: int | None = 3
    max_stretch: int = 0
    county_concurrency: dict[str, int] = field(default_factory=dict)
    unit_concurrency: dict[str, int] = field(default_factory=dict)
    profile: ProfileSpec = field(default_factory=ProfileSpec)  # the default for every project
    overrides: tuple[Override, ...] = ()
    links: tuple[LinkSpec, ...] = ()
    explain_step: int = DEFAULT_EXPLAIN_STEP_WAN  # what one more step of money would buy
    what_if_years: tuple[int, ...] = ()  # years whose total cap the planner asks about
    explain_alternatives: bool = True  # marginal values and smallest changes worked out
    risk: RiskSpec = field(default_factory=RiskSpec)  # [risk]: see portfolio.scenarios.risk_spec
    text: str = ""


# A cap on a quarter or a month in a scenario counted in longer periods: what to write.
_FINER_THAN_SCENARIO = {
    (PeriodUnit.QUARTER, PeriodUnit.YEAR): N_(
        '“{text}”是季度：须设 periods = "quarter" 或 "month" 才能按它设上限（本情景按年排期）'
    ),
    (PeriodUnit.MONTH, PeriodUnit.YEAR): N_(
        '“{text}”是月份：须设 periods = "month" 才能按它设上限（本情景按年排期）'
    ),
    (PeriodUnit.MONTH, PeriodUnit.QUARTER): N_(
        '“{text}”是月份：须设 periods = "month" 才能按它设上限（本情景按季度排期）'
    ),
}


class _Reader(ProblemList):
    def year(self, key: str, value: object) -> int | None:
        try:
            year = int(str(value))
        except ValueError:
            self.refuse(key, "“{value}”不是年份", value=value)
            return None
        if not 1990 <= year <= 2060:
            self.refuse(key, "{year}年不在 1990-2060 之间", year=year)
            return None
        return year

    def period(self, key: str, value: object, unit: PeriodUnit) -> int | PeriodKey | None:
        """A cap's or cut's key: a year (as ``year`` reads it), or a quarter or month that
        the scenario's periods can hold."""
        text = str(value).strip()
        if text.isdigit():
            return self.year(key, text)
        try:
            period = parse_period_key(text)
        except ValueError as exc:
            self.refuse(
                key, "“{text}”不是年份（2023）、季度（2023Q2）或月份（2023-05）", text=text,
                detail=exc,
            )  # fmt: skip
            return None
        if period.unit.per_year > unit.per_year:
            self.refuse(key, _FINER_THAN_SCENARIO[(period.unit, unit)], text=text)
            return None
        return period if self.year(key, period.year) is not None else None

    def count(self, key: str, value: object, *, allow_none: bool = False) -> int | None:
        if allow_none and value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.refuse(key, "“{value}”不是整数", value=value)
            return None
        if value < 0:
            self.refuse(key, "{value} 是负数", value=value)
            return None
        return value

    def percent(self, key: str, value: object) -> Decimal | None:
        text = clean(str(value)).removesuffix("%")
        try:
            percent = Decimal(text)
        except InvalidOperation:
            self.refuse(key, "“{value}”不是百分比", value=value)
            return None
        if not percent.is_finite() or percent < 0:
            self.refuse(key, "“{value}”不是 0 或以上的百分比", value=value)
            return None
        return percent

    def amount(self, key: str, value: object) -> Amount | None:
        """Money with its unit (``"150亿"``, ``"5000万"``) or a percentage (``"80%"``); a
        bare number is refused, with both readings suggested."""
        if isinstance(value, bool):
            self.refuse(key, "“{value}”不是金额", value=value)
            return None
        text = clean(str(value))
        if text.endswith("%"):
            percent = self.percent(key, text)
            return None if percent is None else Amount(percent=percent)
        if text.startswith("-"):
            self.refuse(key, "上限不能为负数（“{value}”）", value=value)
            return None
        if _BARE_NUMBER.match(text.replace(",", "")):
            number = text.replace(",", "")
            self.refuse(
                key,
                "金额 {number} 没有单位：请写明亿或万，并加引号",
                (f"{number}亿", f"{number}万"),
                number=number,
            )
            return None
        try:
            wan = parse_money(text, MoneyUnit.WAN)
        except CellError as exc:
            self.refuse(key, "“{value}”不是金额（须为整万元）", value=value, detail=exc)
            return None
        if wan is None:
            self.refuse(key, "“{value}”不是金额", value=value)
            return None
        return Amount(wan=wan)


def _explain(reader: _Reader, body: object) -> tuple[int, tuple[int, ...], bool]:
    """``[explain]``: the step of money the marginal values add (``step = "10亿"``), the
    years whose total cap the planner asks about (``what_if = [2024]``), and whether the
    alternatives are worked out at all (``alternatives = false``: no marginal values and no
    smallest changes, as in a sweep's points, whose frontier answers both)."""
    if not isinstance(body, dict):
        reader.refuse("explain", '[explain] 下写 step = "10亿" 和 what_if = [2024]')
        return DEFAULT_EXPLAIN_STEP_WAN, (), True
    body = dict(body)
    step = DEFAULT_EXPLAIN_STEP_WAN
    if "step" in body:
        amount = reader.amount("explain.step", body.pop("step"))
        if amount is not None and (amount.wan is None or amount.wan <= 0):
            reader.refuse("explain.step", "测算步长须为大于 0 的金额，如“10亿”")
        elif amount is not None and amount.wan is not None:
            step = amount.wan
    years: list[int] = []
    asked = body.pop("what_if", [])
    if not isinstance(asked, list):
        reader.refuse("explain.what_if", "请给出年份列表：what_if = [2024]")
        asked = []
    for i, value in enumerate(asked):
        year = reader.year(f"explain.what_if[{i}]", value)
        if year is not None and year not in years:
            years.append(year)
    alternatives = body.pop("alternatives", True)
    if not isinstance(alternatives, bool):
        reader.refuse("explain.alternatives", "请写 true 或 false")
        alternatives = True
    for extra in sorted(body):
        reader.refuse(f"explain.{extra}", "未知设置（step、what_if、alternatives）")
    return step, tuple(years), alternatives


KNOWN_SETTINGS = (
    "name", "description", "as_of", "horizon", "plans", "tables", "objectives",
    "time_limit", "caps", "cuts", "limits", "overrides", "links", "explain", "periods", "risk",
)  # fmt: skip


def parse_scenario(text: str, source: str = "scenario") -> ScenarioSpec:
    """Read and check a scenario file's text; raises :class:`ScenarioError` listing every
    problem with its key and line."""
    spec, problems = read_scenario(text, source)
    if problems:
        raise ScenarioError(source, problems, text)
    return spec


def read_scenario(
    text: str, source: str = "scenario"
) -> tuple[ScenarioSpec, list[ScenarioProblem]]:
    """Read a scenario file's text as far as it can be read: the scenario without the
    settings that are wrong, and every problem found (without lines: see
    :func:`~portfolio.scenarios.problems.with_lines`). Only text that is not TOML at all
    raises :class:`ScenarioError`, at the line tomllib names."""
    reader = _Reader()
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem = ScenarioProblem(
            "", N_("不是有效的 TOML：{detail}"), (("detail", exc),), line=toml_error_line(str(exc))
        )
        raise ScenarioError(source, [problem]) from exc
    for key in sorted(set(raw) - set(KNOWN_SETTINGS)):
        reader.refuse(key, "未知设置", closest(key, KNOWN_SETTINGS))
    unit = _periods(reader, raw)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        reader.refuse("name", "情景须有名称（name）")
        name = ""
    as_of = reader.year("as_of", raw["as_of"]) if "as_of" in raw else None
    caps, period_caps = _caps(reader, raw.get("caps", {}), unit)
    cuts, period_cuts = _cuts(reader, raw.get("cuts", {}), unit)
    limits = _table(reader, "limits", raw.get("limits", {}))
    max_delay = reader.count("limits.max_delay", limits.pop("max_delay", 3), allow_none=True)
    max_stretch = reader.count("limits.max_stretch", limits.pop("max_stretch", 0)) or 0
    concurrency = {
        kind: _concurrency(reader, kind, limits.pop(kind, {}))
        for kind in ("county_concurrency", "unit_concurrency")
    }
    profile = read_profile(reader.refuse, "limits", limits)
    check_profile(reader.refuse, "limits", profile)
    for key in sorted(limits):
        reader.refuse(f"limits.{key}", "未知限制")
    explain_step, what_if_years, alternatives = _explain(reader, raw.get("explain", {}))
    risk, risk_problems = read_risk(raw.get("risk"))
    reader.problems.extend(risk_problems)
    spec = ScenarioSpec(
        name=name.strip(),
        description=str(raw.get("description", "")),
        as_of=as_of,
        horizon=_horizon(reader, raw),
        plans=_names(reader, raw, "plans"),
        tables=_names(reader, raw, "tables"),
        objectives=_objectives(reader, raw),
        time_limit=_time_limit(reader, raw),
        caps=caps,
        cuts=cuts,
        periods=unit,
        period_caps=period_caps,
        period_cuts=period_cuts,
        max_delay=max_delay,
        max_stretch=max_stretch,
        county_concurrency=concurrency["county_concurrency"],
        unit_concurrency=concurrency["unit_concurrency"],
        profile=profile,
        overrides=_overrides(reader, raw.get("overrides", []), profile),
        links=_links(reader, raw.get("links", [])),
        explain_step=explain_step,
        what_if_years=what_if_years,
        explain_alternatives=alternatives,
        risk=risk,
        text=text,
    )
    return spec, reader.problems


def _table(reader: _Reader, key: str, value: object) -> dict[str, Any]:
    """A table of the file as a dict (anything else is a problem, read as empty)."""
    if isinstance(value, dict):
        return dict(value)
    reader.refuse(key, "{key} 须为表（[{key}]）", key=key)
    return {}


def _periods(reader: _Reader, raw: dict[str, Any]) -> PeriodUnit:
    if "periods" not in raw:
        return PeriodUnit.YEAR
    try:
        return PeriodUnit(raw["periods"])
    except ValueError:
        names = ", ".join(f"“{u.value}”" for u in PeriodUnit)
        reader.refuse(
            "periods",
            "未知的时段“{periods}”（{names} 之一）",
            closest(str(raw["periods"]), [u.value for u in PeriodUnit]),
            periods=raw["periods"],
            names=names,
        )
        return PeriodUnit.YEAR


def _horizon(reader: _Reader, raw: dict[str, Any]) -> tuple[int, int] | None:
    if "horizon" not in raw:
        return None
    value = raw["horizon"]
    if not isinstance(value, list) or len(value) != 2:
        reader.refuse("horizon", "年份范围写作 [首年, 末年]")
        return None
    first, last = (reader.year(f"horizon[{i}]", v) for i, v in enumerate(value))
    if first is None or last is None:
        return None
    if first > last:
        reader.refuse("horizon", "首年 {first} 晚于末年 {last}", first=first, last=last)
        return None
    return first, last


def _objectives(reader: _Reader, raw: dict[str, Any]) -> tuple[Objective, ...]:
    objectives: list[Objective] = []
    written = raw.get("objectives", ["delay", "level"])
    known = [o.value for o in Objective]
    for i, value in enumerate(written if isinstance(written, list) else [written]):
        try:
            objectives.append(Objective(str(value)))
        except ValueError:
            names = ", ".join(known)
            reader.refuse(
                f"objectives[{i}]",
                "未知目标“{value}”（{names} 之一）",
                closest(str(value), known),
                value=value,
                names=names,
            )
    if len(set(objectives)) != len(objectives):
        reader.refuse("objectives", "有目标列出两次")
    return tuple(objectives)


def _time_limit(reader: _Reader, raw: dict[str, Any]) -> float:
    time_limit = raw.get("time_limit", 10.0)
    if isinstance(time_limit, bool) or not isinstance(time_limit, int | float) or time_limit <= 0:
        reader.refuse("time_limit", "“{time_limit}”不是正的秒数", time_limit=time_limit)
        return 10.0
    return float(time_limit)


def _caps(
    reader: _Reader, raw_caps: object, unit: PeriodUnit
) -> tuple[dict[tuple[str, str, int], Amount], dict[tuple[str, str, PeriodKey], Amount]]:
    """``[caps.*]``: per kind and scope, the cap of each year (or quarter, month)."""
    caps: dict[tuple[str, str, int], Amount] = {}
    period_caps: dict[tuple[str, str, PeriodKey], Amount] = {}
    for kind, body in _table(reader, "caps", raw_caps).items():
        if kind not in CAP_KINDS:
            kinds = ", ".join(CAP_KINDS)
            reader.refuse(
                f"caps.{kind}",
                "未知的上限类别（{kinds} 之一）",
                closest(kind, CAP_KINDS),
                kinds=kinds,
            )
            continue
        scopes = {"": body} if kind == "total" else _table(reader, f"caps.{kind}", body)
        for scope, years in scopes.items():
            prefix = f"caps.{kind}" + (f".{scope}" if scope else "")
            if not isinstance(years, dict):
                reader.refuse(prefix, '按年份给出上限：2023 = "10亿"')
                continue
            for year_text, value in years.items():
                period = reader.period(f"{prefix}.{year_text}", year_text, unit)
                amount = reader.amount(f"{prefix}.{year_text}", value)
                if period is None or amount is None:
                    continue
                if isinstance(period, PeriodKey):
                    period_caps[(kind, scope, period)] = amount
                else:
                    caps[(kind, scope, period)] = amount
    return caps, period_caps


def _cuts(
    reader: _Reader, raw_cuts: object, unit: PeriodUnit
) -> tuple[dict[int, Decimal], dict[PeriodKey, Decimal]]:
    """``[cuts]``: a percentage cut of the planned spend per year (or quarter, month)."""
    cuts: dict[int, Decimal] = {}
    period_cuts: dict[PeriodKey, Decimal] = {}
    for year_text, value in _table(reader, "cuts", raw_cuts).items():
        period = reader.period(f"cuts.{year_text}", year_text, unit)
        percent = reader.percent(f"cuts.{year_text}", value)
        if percent is not None and percent > 100:
            reader.refuse(f"cuts.{year_text}", "压减 {percent}% 超过全部", percent=percent)
        elif period is None or percent is None:
            continue
        elif isinstance(period, PeriodKey):
            period_cuts[period] = percent
        else:
            cuts[period] = percent
    return cuts, period_cuts


def _concurrency(reader: _Reader, kind: str, body: object) -> dict[str, int]:
    limits: dict[str, int] = {}
    for key, value in _table(reader, f"limits.{kind}", body).items():
        limit = reader.count(f"limits.{kind}.{key}", value)
        if limit is not None:
            limits[key] = limit
    return limits


def _overrides(reader: _Reader, written: object, profile: ProfileSpec) -> tuple[Override, ...]:
    """``[[overrides]]``: per project (by name or id), its flags, numbers and profile."""
    overrides = []
    for i, body in enumerate(written if isinstance(written, list) else []):
        key = f"overrides[{i}]"
        body = _table(reader, key, body)
        project = body.pop("project", None)
        if project is None:
            reader.refuse(key, '请写明项目：project = "名称" 或 project = 123')
            continue
        values: dict[str, Any] = {}
        for flag in OVERRIDE_FLAGS:
            if flag in body:
                value = body.pop(flag)
                if not isinstance(value, bool):
                    reader.refuse(f"{key}.{flag}", "请写 true 或 false")
                    continue
                values[flag] = value
        for setting in OVERRIDE_INTS:
            if setting in body:
                values[setting] = reader.count(f"{key}.{setting}", body.pop(setting))
        own_profile = read_profile(reader.refuse, key, body)
        check_profile(reader.refuse, key, own_profile, profile)
        known = (*OVERRIDE_FLAGS, *OVERRIDE_INTS, "profile", "min_share", "max_share")
        for extra in sorted(body):
            reader.refuse(f"{key}.{extra}", "项目没有这项设置", closest(extra, known))
        is_id = isinstance(project, int) and not isinstance(project, bool)
        overrides.append(
            Override(
                key=key,
                project_id=project if is_id else None,
                project_name=None if is_id else str(project),
                values={k: v for k, v in values.items() if v is not None},
                profile=own_profile,
            )
        )
    return tuple(overrides)


def _links(reader: _Reader, written: object) -> tuple[LinkSpec, ...]:
    """``[[links]]``: finish-to-start links between projects, with a lag in years."""
    links = []
    for i, body in enumerate(written if isinstance(written, list) else []):
        key = f"links[{i}]"
        body = _table(reader, key, body)
        before, after = body.pop("before", None), body.pop("after", None)
        lag = reader.count(f"{key}.lag", body.pop("lag", 0))
        for extra in sorted(body):
            reader.refuse(
                f"{key}.{extra}",
                "衔接没有这项设置（before、after、lag）",
                closest(extra, ("before", "after", "lag")),
            )
        if before is None or after is None:
            reader.refuse(key, "衔接须写 before = … 和 after = …（名称或编号）")
        elif lag is not None:
            links.append(LinkSpec(key, before, after, lag))
    return tuple(links)


def _names(reader: _Reader, raw: dict[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        reader.refuse(key, "请给出名称列表")
        return ()
    return tuple(value)
