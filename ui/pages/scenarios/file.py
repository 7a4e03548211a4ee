"""The 情景 form and scenario files: a stored scenario back in the form's fields, and the
service's problems (by scenario key) sorted next to the fields they concern."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

from portfolio.formatting import yi_text
from portfolio.scenarios.problems import ScenarioProblem
from ui.i18n import export_lang, t
from ui.pages.scenarios.form import (
    BLANK_COUNTY_ROWS,
    BLANK_LINK_ROWS,
    BLANK_OVERRIDE_ROWS,
    COUNTY_COLUMNS,
    DEFAULT_OBJECTIVES,
    LINK_COLUMNS,
    OVERRIDE_COLUMNS,
    OVERRIDE_FLAGS,
    FormInput,
)


def year_rows(planned: Mapping[int, int], horizon: tuple[int, int]) -> list[dict[str, Any]]:
    """One row per year of the horizon: its planned spend (亿元) and empty cut and cap."""
    return [
        {"year": year, "planned": yi_text(planned.get(year, 0)), "cut": "", "cap": ""}
        for year in range(horizon[0], horizon[1] + 1)
    ]


def blank_county_rows(count: int = BLANK_COUNTY_ROWS) -> list[dict[str, Any]]:
    return [dict.fromkeys(COUNTY_COLUMNS, "") for _ in range(count)]


def blank_override_rows(count: int = BLANK_OVERRIDE_ROWS) -> list[dict[str, Any]]:
    return [
        {c: (False if c in OVERRIDE_FLAGS else "") for c in OVERRIDE_COLUMNS} for _ in range(count)
    ]


def blank_link_rows(count: int = BLANK_LINK_ROWS) -> list[dict[str, Any]]:
    return [dict.fromkeys(LINK_COLUMNS, "") for _ in range(count)]


def _cap_text(value: Any) -> str:
    """A cap as the scenario file holds it, as the form shows it: money with its unit
    (``150亿``, ``5000万``) or a percentage, as written. A bare number, which older files
    wrote for 万元, shows as 万 so that saving the form writes it the way it was meant."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value}万"
    return str(value).strip()


def form_from_toml(text: str, planned: Mapping[int, int], horizon: tuple[int, int]) -> FormInput:
    """A stored scenario in the form (raises ``tomllib.TOMLDecodeError`` on bad TOML)."""
    raw = tomllib.loads(text)
    years = year_rows(planned, horizon)
    by_year = {row["year"]: row for row in years}
    # Cuts and caps of one quarter or month (2023Q2) have no row in the year grids: the form
    # carries them through unchanged (see ``scenario_form._merge``).
    for year, cut in dict(raw.get("cuts", {})).items():
        if str(year).isdigit() and int(year) in by_year:
            by_year[int(year)]["cut"] = str(cut).removesuffix("%")
    caps = dict(raw.get("caps", {}))
    for year, cap in dict(caps.get("total", {})).items():
        if str(year).isdigit() and int(year) in by_year:
            by_year[int(year)]["cap"] = _cap_text(cap)
    counties = [
        {"county": county, "year": str(year), "cap": _cap_text(cap), "limit": ""}
        for county, per_year in dict(caps.get("county", {})).items()
        for year, cap in dict(per_year).items()
        if str(year).isdigit()
    ]
    limits = dict(raw.get("limits", {}))
    counties += [
        {"county": county, "year": "", "cap": "", "limit": str(limit)}
        for county, limit in dict(limits.get("county_concurrency", {})).items()
    ]
    overrides = [
        {
            "project": str(o.get("project", "")),
            **{flag: bool(o.get(flag, False)) for flag in OVERRIDE_FLAGS},
            "priority": str(o.get("priority", "")),
            "max_delay": str(o.get("max_delay", "")),
        }
        for o in raw.get("overrides", [])
    ]
    explain = dict(raw.get("explain", {}))
    return FormInput(
        name=str(raw.get("name", "")),
        as_of=str(raw.get("as_of", "")),
        periods=str(raw.get("periods", "year")),
        objectives=[str(o) for o in raw.get("objectives", DEFAULT_OBJECTIVES)],
        max_delay=str(limits.get("max_delay", "")),
        profile=str(limits.get("profile", "")),
        min_share=str(limits.get("min_share", "")).removesuffix("%"),
        max_share=str(limits.get("max_share", "")).removesuffix("%"),
        explain_step=_cap_text(explain["step"]) if "step" in explain else "",
        what_if="，".join(str(year) for year in explain.get("what_if", [])),
        time_limit=str(raw.get("time_limit", "")),
        years=years,
        counties=counties + blank_county_rows(),
        overrides=overrides + blank_override_rows(),
        links=[
            {
                "before": str(link.get("before", "")),
                "after": str(link.get("after", "")),
                "lag": str(link.get("lag", "")),
            }
            for link in raw.get("links", [])
        ]
        + blank_link_rows(),
        extra=raw,
    )


_OVERRIDE_KEY = re.compile(r"^overrides\[(\d+)\]")
_LINK_KEY = re.compile(r"^links\[(\d+)\]")


def route_problems(
    problems: Sequence[ScenarioProblem],
    override_rows: Sequence[int] = (),
    link_rows: Sequence[int] = (),
) -> dict[str, list[str]]:
    """The service's problems (by scenario key) sorted to the part of the form they concern:
    ``fields:<name>``, ``years``, ``counties``, ``overrides``, ``links`` or ``general``; an
    override's or a link's problem names its row of the grid. Messages are in the page's
    language, with what the planner may have meant."""
    routed: dict[str, list[str]] = {}
    lang = export_lang()

    def put(where: str, message: str) -> None:
        routed.setdefault(where, []).append(message)

    for problem in problems:
        key, message = problem.key, problem.message(lang)
        if key in ("name", "as_of", "periods", "objectives", "time_limit"):
            put(f"fields:{key}", message)
        elif key == "limits.max_delay":
            put("fields:max_delay", message)
        elif key.startswith("explain.what_if"):
            put("fields:what_if", message)
        elif key == "explain.step":
            put("fields:explain_step", message)
        elif key in ("limits.profile", "limits.min_share", "limits.max_share"):
            put(f"fields:{key.removeprefix('limits.')}", message)
        elif key.startswith(("cuts.", "caps.total")):
            put("years", t("{where}：{why}", where=key, why=message))
        elif key.startswith(("caps.county", "limits.county_concurrency")):
            put("counties", t("{where}：{why}", where=key, why=message))
        elif match := _OVERRIDE_KEY.match(key):
            index = int(match.group(1))
            row = override_rows[index] if index < len(override_rows) else index + 1
            put("overrides", t("{where}：{why}", where=t("第{row}行", row=row), why=message))
        elif match := _LINK_KEY.match(key):
            index = int(match.group(1))
            row = link_rows[index] if index < len(link_rows) else index + 1
            put("links", t("{where}：{why}", where=t("第{row}行", row=row), why=message))
        else:
            put("general", t("{where}：{why}", where=key, why=message) if key else message)
    return routed
