"""The 情景 page's form: what a planner types, checked field by field, as scenario TOML.

Pure functions, no Dash: the page's callbacks pass the inputs' values and the grids' rows in
and show the messages next to the fields they belong to. A form with any problem yields no
TOML, so nothing is saved or run. The TOML is the same file format ``portfolio scenario run``
reads; settings the form does not show (city, table and plan caps, unit concurrency
limits…) of a loaded scenario are carried through unchanged.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import tomli_w

from portfolio.scenarios.suggest import closest
from ui.i18n import later, t

OBJECTIVE_LABELS: dict[str, str] = {
    "delay": later("延期最少（按优先级加权）"),
    "level": later("年度超支峰值最小"),
    "value": later("安排项目价值最大（资金不足时取舍）"),
    "completion": later("最晚完工年份最早"),
}
DEFAULT_OBJECTIVES = ("delay", "level")
PROFILE_LABELS: dict[str, str] = {
    "planned": later("按计划（已导入的年度金额，否则平均）"),
    "even": later("平均分摊到各年"),
    "flexible": later("弹性：每期（年、季度或月）在最低与最高比例之间由优化确定"),
}
PERIOD_LABELS: dict[str, str] = {
    "year": later("按年"),
    "quarter": later("按季度"),
    "month": later("按月"),
}
_SHARE = re.compile(r"^\d+(\.\d{1,2})?$")
DEFAULT_MAX_DELAY = 3
DEFAULT_TIME_LIMIT = 10
MAX_TIME_LIMIT = 600

# The top-level keys and the parts of ``limits`` / ``caps`` the form edits; everything else
# of a loaded scenario is kept as it was.
FORM_KEYS = (
    "name", "as_of", "periods", "objectives", "time_limit", "cuts", "overrides", "links",
)  # fmt: skip

YEAR_COLUMNS = ("year", "planned", "cut", "cap")
COUNTY_COLUMNS = ("county", "year", "cap", "limit")  # limit: projects running at once
OVERRIDE_COLUMNS = ("project", "must_fund", "locked", "excluded", "priority", "max_delay")
OVERRIDE_FLAGS = ("must_fund", "locked", "excluded")
BLANK_COUNTY_ROWS = 3
BLANK_OVERRIDE_ROWS = 3
LINK_COLUMNS = ("before", "after", "lag")  # the second starts after the first ends, + lag
BLANK_LINK_ROWS = 2

_NUMBER = re.compile(r"^\d+(\.\d+)?$")
DRAFT_NAME = "（未命名）"  # the draft of a form without a name: its other mistakes still show


@dataclass(frozen=True)
class FormInput:
    """The form as typed: text of each field, the grids' rows, and settings it does not show."""

    name: str | None = ""
    as_of: str | None = ""
    periods: str | None = ""
    objectives: Sequence[str] | None = DEFAULT_OBJECTIVES
    max_delay: str | None = ""
    time_limit: str | None = ""
    profile: str | None = ""
    min_share: str | None = ""
    max_share: str | None = ""
    explain_step: str | None = ""
    what_if: str | None = ""
    years: Sequence[Mapping[str, Any]] = ()
    counties: Sequence[Mapping[str, Any]] = ()
    overrides: Sequence[Mapping[str, Any]] = ()
    links: Sequence[Mapping[str, Any]] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FormCheck:
    """The TOML of a valid form, or the problems: per field, and per grid as lines."""

    text: str | None
    fields: dict[str, str] = field(default_factory=dict)
    years: list[str] = field(default_factory=list)
    counties: list[str] = field(default_factory=list)
    overrides: list[str] = field(default_factory=list)
    override_rows: list[int] = field(default_factory=list)  # grid row of each [[overrides]]
    links: list[str] = field(default_factory=list)
    link_rows: list[int] = field(default_factory=list)  # grid row of each [[links]]
    # The TOML of the rows and fields that are right, even when others are wrong: checked
    # against the portfolio too, so that the planner sees every mistake at once.
    draft: str = ""

    @property
    def ok(self) -> bool:
        return self.text is not None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _whole(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def parse_money(text: str) -> tuple[Decimal, str] | None:
    """Money as the scenario file writes it: a number and its unit, ``亿`` or ``万``
    (``12.5亿``, ``12.5亿元``, ``5000万``); ``None`` for anything else, a bare number too."""
    text = text.replace(",", "").replace("，", "").strip()
    for suffix, unit in (("亿元", "亿"), ("亿", "亿"), ("万元", "万"), ("万", "万")):
        if text.endswith(suffix):
            number = text.removesuffix(suffix).strip()
            return (Decimal(number), unit) if _NUMBER.match(number) else None
    return None


def money_problem(text: str) -> tuple[str, tuple[str, ...]]:
    """Why ``text`` is not money, and what the planner may have meant: a bare number is
    offered with either unit (the file and the form write money the same way)."""
    number = text.replace(",", "").strip()
    if _NUMBER.match(number):
        return t("金额“{value}”没有单位", value=text), (f"{number}亿", f"{number}万")
    return t("“{value}”不是金额（如 12.5亿、5000万，或计划的百分比，如 80%）", value=text), ()


def suggestion_text(names: Sequence[str]) -> str:
    """``（是否要写“12.5亿”或“12.5万”？）`` in the page's language, or nothing."""
    if not names:
        return ""
    return t("（是否要写{names}？）", names=t("或").join(f"“{n}”" for n in names))


def _money(text: str, where: str, problems: list[str], *, positive: bool = False) -> str | None:
    """``text`` as the file writes money (``12.5亿``, ``5000万``; 万元 whole), or ``None``
    with the problem put in ``problems``."""
    parsed = parse_money(text)
    if parsed is None:
        why, suggestions = money_problem(text)
        problems.append(t("{where}：{why}", where=where, why=why) + suggestion_text(suggestions))
        return None
    amount, unit = parsed
    wan = amount * 10_000 if unit == "亿" else amount
    if wan != int(wan):
        problems.append(t("{where}：金额精确到万元（{value}）", where=where, value=text))
        return None
    if positive and wan <= 0:
        problems.append(t("{where}：金额须大于 0（{value}）", where=where, value=text))
        return None
    return f"{amount}{unit}"


def _positive(text: str, message: str, problems: list[str]) -> int | None:
    """``text`` as a whole number of 1 or more, or ``None`` with ``message`` put in
    ``problems``."""
    number = _whole(text)
    if number is None or number < 1:
        problems.append(message)
        return None
    return number


def _up_to(text: str, span: int, message: str, problems: list[str]) -> int | None:
    """``text`` as a whole number from 0 to ``span``, or ``None`` with ``message`` put in
    ``problems``."""
    number = _whole(text)
    if number is None or number > span:
        problems.append(message)
        return None
    return number


def _percent(text: str) -> Decimal | None:
    text = text.removesuffix("%").strip()
    return Decimal(text) if _NUMBER.match(text) else None


def _cap_value(text: str, where: str, problems: list[str]) -> str | None:
    """A cap cell: money with its unit (``12.5亿``, ``5000万``) or a percentage of the
    planned spend (``80%``)."""
    if text.startswith("-"):
        problems.append(t("{where}：上限不能为负数（{value}）", where=where, value=text))
        return None
    if text.endswith("%"):
        percent = _percent(text)
        if percent is None:
            problems.append(t("{where}：“{value}”不是百分比", where=where, value=text))
            return None
        return f"{percent}%"
    return _money(text, where, problems)


def _check_profile(form: FormInput, fields: dict[str, str]) -> tuple[str | None, dict[str, str]]:
    """The spend profile and, for a flexible one, its share bounds as the file writes them."""
    profile = _text(form.profile) or None
    if profile is not None and profile not in PROFILE_LABELS:
        fields["profile"] = t("未知的支出方式“{value}”", value=profile)
        return None, {}
    shares: dict[str, str] = {}
    bounds: dict[str, Decimal] = {}
    for key, value in (("min_share", form.min_share), ("max_share", form.max_share)):
        text = _text(value).removesuffix("%").strip()
        if not text:
            continue
        if profile != "flexible":
            fields[key] = t("只有弹性支出才设比例")
        elif not _SHARE.match(text) or Decimal(text) > 100:
            fields[key] = t("比例须为 0 到 100 之间的数，最多两位小数（“{value}”）", value=text)
        else:
            bounds[key] = Decimal(text)
            shares[key] = f"{Decimal(text)}%"
    if len(bounds) == 2 and bounds["min_share"] > bounds["max_share"]:
        fields["max_share"] = t("最高比例低于最低比例")
    return profile, shares


def _check_explain(
    form: FormInput, fields: dict[str, str], first: int, last: int
) -> dict[str, Any]:
    """``[explain]``: the step of money in 亿元 and the years asked about."""
    explain: dict[str, Any] = {}
    step = _text(form.explain_step)
    if step:
        problems: list[str] = []
        money = _money(step, t("测算步长"), problems, positive=True)
        if money is None:
            fields["explain_step"] = problems[0]
        else:
            explain["step"] = money
    years: list[int] = []
    for part in re.split(r"[,，、;；\s]+", _text(form.what_if)):
        if not part:
            continue
        year = _whole(part)
        if year is None or not first <= year <= last:
            fields["what_if"] = _outside(part, first, last)
            break
        if year not in years:
            years.append(year)
    if years:
        explain["what_if"] = years
    return explain


def _outside(where: str, first: int, last: int) -> str:
    return t("{where} 不在规划期 {first}-{last} 内", where=where, first=first, last=last)


def check_form(
    form: FormInput, horizon: tuple[int, int], counties: frozenset[str] | set[str]
) -> FormCheck:
    """Check every field; return the scenario TOML, or every problem next to its field."""
    first, last = horizon
    fields: dict[str, str] = {}
    name = _text(form.name)
    if not name:
        fields["name"] = t("请填写情景名称")
    as_of_text = _text(form.as_of)
    as_of = _whole(as_of_text) if as_of_text else None
    if as_of_text and as_of is None:
        fields["as_of"] = t("“{value}”不是年份", value=as_of_text)
    elif as_of is not None and not first <= as_of <= last:
        fields["as_of"] = _outside(str(as_of), first, last)
    objectives = [o for o in (form.objectives or []) if o]
    if not objectives:
        fields["objectives"] = t("至少选一个目标")
    elif unknown := [o for o in objectives if o not in OBJECTIVE_LABELS]:
        fields["objectives"] = t("未知目标：{names}", names="、".join(unknown))
    delay_text = _text(form.max_delay)
    max_delay = _whole(delay_text) if delay_text else None
    span = last - first
    if delay_text and max_delay is None:
        fields["max_delay"] = t("“{value}”不是 0 或正整数（年）", value=delay_text)
    elif max_delay is not None and max_delay > span:
        fields["max_delay"] = t(
            "最多延期 {span} 年（规划期 {first}-{last}）", span=span, first=first, last=last
        )
    periods = _text(form.periods) or "year"
    if periods not in PERIOD_LABELS:
        fields["periods"] = t("未知的时段“{value}”：按年、按季度或按月", value=periods)
    limit_text = _text(form.time_limit)
    time_limit = Decimal(limit_text) if _NUMBER.match(limit_text) else None
    if limit_text and (time_limit is None or not 0 < time_limit <= MAX_TIME_LIMIT):
        fields["time_limit"] = t(
            "求解时限为 1 到 {max} 秒（“{value}”）", max=MAX_TIME_LIMIT, value=limit_text
        )

    profile, shares = _check_profile(form, fields)
    explain = _check_explain(form, fields, first, last)

    years_problems: list[str] = []
    cuts: dict[str, str] = {}
    total_caps: dict[str, str] = {}
    for row in form.years:
        year = _whole(_text(row.get("year")))
        cut, cap = _text(row.get("cut")), _text(row.get("cap"))
        if year is None or not (cut or cap):
            continue
        where = t("{year}年", year=year)
        if not first <= year <= last:
            years_problems.append(_outside(where, first, last))
            continue
        if cut and cap:
            years_problems.append(t("{where}：压减比例与总额上限只填一项", where=where))
            continue
        if cut:
            percent = _percent(cut)
            if cut.startswith("-"):
                years_problems.append(
                    t("{where}：压减比例不能为负数（{value}）", where=where, value=cut)
                )
            elif percent is None:
                years_problems.append(
                    t(
                        "{where}：压减比例“{value}”不是数字（如 20 表示 20%）",
                        where=where,
                        value=cut,
                    )
                )
            elif percent > 100:
                years_problems.append(
                    t("{where}：压减比例 {value}% 超过 100%", where=where, value=percent)
                )
            else:
                cuts[str(year)] = f"{percent}%"
        else:
            value = _cap_value(cap, t("{where}总额上限", where=where), years_problems)
            if value is not None:
                total_caps[str(year)] = value

    county_problems: list[str] = []
    county_caps: dict[str, dict[str, str]] = {}
    county_limits: dict[str, int] = {}
    for index, row in enumerate(form.counties, start=1):
        county, year_text, cap, limit_cell = (_text(row.get(c)) for c in COUNTY_COLUMNS)
        if not (county or year_text or cap or limit_cell):
            continue
        where = t("第{row}行", row=index)
        if county not in counties:
            why = (
                t("未知县（市、区）“{county}”", county=county)
                + suggestion_text(closest(county, counties))
                if county
                else t("请选县（市、区）")
            )
            county_problems.append(t("{where}：{why}", where=where, why=why))
            continue
        if limit_cell:
            message = t(
                "{where}：同时在建项目上限须为正整数（“{value}”）", where=where, value=limit_cell
            )
            at_once = _positive(limit_cell, message, county_problems)
            if at_once is not None and county in county_limits:
                county_problems.append(
                    t("{where}：{county}已有同时在建项目上限", where=where, county=county)
                )
            elif at_once is not None:
                county_limits[county] = at_once
            if not (year_text or cap):
                continue  # a limit alone: it holds in every year
        year = _whole(year_text)
        if year is None or not first <= year <= last:
            county_problems.append(
                t(
                    "{where}：年份“{value}”不在规划期 {first}-{last} 内",
                    where=where,
                    value=year_text,
                    first=first,
                    last=last,
                )
            )
            continue
        if not cap:
            county_problems.append(t("{where}：请填写上限", where=where))
            continue
        place = t("{where}（{county} {year}年）", where=where, county=county, year=year)
        value = _cap_value(cap, place, county_problems)
        if value is None:
            continue
        per_year = county_caps.setdefault(county, {})
        if str(year) in per_year:
            county_problems.append(
                t("{where}：{county} {year}年已有上限", where=where, county=county, year=year)
            )
            continue
        per_year[str(year)] = value

    override_problems: list[str] = []
    overrides: list[dict[str, Any]] = []
    override_rows: list[int] = []
    for index, row in enumerate(form.overrides, start=1):
        project = _text(row.get("project"))
        flags = {flag: bool(row.get(flag)) for flag in OVERRIDE_FLAGS}
        priority_text, delay = _text(row.get("priority")), _text(row.get("max_delay"))
        if not project:
            if any(flags.values()) or priority_text or delay:
                where = t("第{row}行", row=index)
                override_problems.append(t("{where}：请填写项目名称或编号", where=where))
            continue
        where = t("第{row}行（{project}）", row=index, project=project)
        override: dict[str, Any] = {"project": _project_key(project)}
        override.update({flag: True for flag, on in flags.items() if on})
        if flags["must_fund"] and flags["excluded"]:
            override_problems.append(t("{where}：不能既必须安排又排除", where=where))
        if priority_text:
            message = t(
                "{where}：优先级须为 1 或更大的整数（“{value}”）", where=where, value=priority_text
            )
            priority = _positive(priority_text, message, override_problems)
            if priority is not None:
                override["priority"] = priority
        if delay:
            message = t(
                "{where}：最大延期须为 0 到 {span} 的整数（“{value}”）",
                where=where,
                span=span,
                value=delay,
            )
            project_delay = _up_to(delay, span, message, override_problems)
            if project_delay is not None:
                override["max_delay"] = project_delay
        overrides.append(override)
        override_rows.append(index)

    links, link_rows, link_problems = _check_links(form, span)
    raw = _merge(
        form.extra,
        name=name or DRAFT_NAME,
        as_of=as_of,
        periods=periods,
        objectives=objectives,
        max_delay=max_delay,
        time_limit=time_limit,
        profile=profile,
        shares=shares,
        explain=explain,
        cuts=cuts,
        total_caps=total_caps,
        county_caps=county_caps,
        county_limits=county_limits,
        overrides=overrides,
        links=links,
    )
    text = tomli_w.dumps(raw)
    if fields or years_problems or county_problems or override_problems or link_problems:
        return FormCheck(
            None,
            fields,
            years_problems,
            county_problems,
            override_problems,
            override_rows=override_rows,
            links=link_problems,
            link_rows=link_rows,
            draft=text,
        )
    return FormCheck(text, override_rows=override_rows, link_rows=link_rows, draft=text)


def _project_key(text: str) -> int | str:
    """A project as the scenario file names it: by id (digits) or by name."""
    return int(text) if text.isdigit() else text


def _check_links(form: FormInput, span: int) -> tuple[list[dict[str, Any]], list[int], list[str]]:
    """``[[links]]`` from the grid (projects by name or id, lag in years), the grid row of
    each, and the problems by row."""
    links: list[dict[str, Any]] = []
    rows: list[int] = []
    problems: list[str] = []
    for index, row in enumerate(form.links, start=1):
        before, after, lag_text = (_text(row.get(c)) for c in LINK_COLUMNS)
        if not (before or after or lag_text):
            continue
        where = t("第{row}行", row=index)
        if not (before and after):
            problems.append(t("{where}：请填写前序项目和后续项目", where=where))
            continue
        if before == after:
            problems.append(t("{where}：前序项目与后续项目相同", where=where))
            continue
        message = t(
            "{where}：间隔须为 0 到 {span} 的整数（年）（“{value}”）",
            where=where,
            span=span,
            value=lag_text,
        )
        lag = _up_to(lag_text, span, message, problems) if lag_text else 0
        if lag is None:
            continue
        link: dict[str, Any] = {"before": _project_key(before), "after": _project_key(after)}
        if lag:
            link["lag"] = lag
        links.append(link)
        rows.append(index)
    return links, rows, problems


def _sub_year(table: Any) -> dict[str, Any]:
    """The entries of a loaded scenario's cuts or caps under a quarter or month key
    (``2023Q2``, ``2023-05``, for ``periods = "quarter"`` or ``"month"``)."""
    if not isinstance(table, Mapping):
        return {}
    return {str(key): value for key, value in table.items() if not str(key).isdigit()}


def _merge(
    extra: Mapping[str, Any],
    *,
    name: str,
    as_of: int | None,
    periods: str,
    objectives: list[str],
    max_delay: int | None,
    time_limit: Decimal | None,
    profile: str | None,
    shares: dict[str, str],
    explain: dict[str, Any],
    cuts: dict[str, str],
    total_caps: dict[str, str],
    county_caps: dict[str, dict[str, str]],
    county_limits: dict[str, int],
    overrides: list[dict[str, Any]],
    links: list[dict[str, Any]],
) -> dict[str, Any]:
    """The settings a loaded scenario had, with the form's fields in their place (cuts and
    caps of single quarters or months, which the year grids do not show, kept as they were)."""
    kept_cuts = _sub_year(extra.get("cuts", {}))
    kept_caps = dict(extra.get("caps", {}))
    cuts = cuts | kept_cuts
    total_caps = total_caps | _sub_year(kept_caps.get("total", {}))
    county_caps = {county: dict(per_year) for county, per_year in county_caps.items()}
    for county, per_year in dict(kept_caps.get("county", {})).items():
        if kept := _sub_year(per_year):
            county_caps[county] = county_caps.get(county, {}) | kept
    raw: dict[str, Any] = {
        k: v for k, v in copy.deepcopy(dict(extra)).items() if k not in FORM_KEYS
    }
    head: dict[str, Any] = {"name": name}
    if as_of is not None:
        head["as_of"] = as_of
    if periods != "year":
        head["periods"] = periods
    head["objectives"] = objectives
    if time_limit is not None:
        head["time_limit"] = int(time_limit) if time_limit == int(time_limit) else float(time_limit)
    limits = dict(raw.pop("limits", {}))
    for key in ("max_delay", "profile", "min_share", "max_share", "county_concurrency"):
        limits.pop(key, None)
    if county_limits:
        limits["county_concurrency"] = county_limits
    if max_delay is not None:
        limits["max_delay"] = max_delay
    if profile:
        limits["profile"] = profile
    limits.update(shares)
    caps = dict(raw.pop("caps", {}))
    caps.pop("total", None)
    caps.pop("county", None)
    if total_caps:
        caps["total"] = total_caps
    if county_caps:
        caps["county"] = county_caps
    result = head | raw
    if cuts:
        result["cuts"] = cuts
    if caps:
        result["caps"] = caps
    if limits:
        result["limits"] = limits
    if overrides:
        result["overrides"] = overrides
    if links:
        result["links"] = links
    result.pop("explain", None)
    if explain:
        result["explain"] = explain
    return result
