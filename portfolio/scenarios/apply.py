"""A relaxation applied: the scenario file with the smallest change that works.

The 情景 page's "apply" makes a new scenario from a stored one and one of its run's
relaxations: a cap raised to its lowest working amount (in 万元, exact), a cut lowered to the
largest that works, must-funds given up (``excluded``), locks released, links dropped. The
rest of the file stays as the planner wrote it.
"""

from __future__ import annotations

import tomllib
from typing import Any

import tomli_w

from portfolio.errors import PortfolioError
from portfolio.formatting import yi_text
from portfolio.scenarios.outcome import CapRef, MemberFamily, Relaxation, RelaxationKind, Release
from portfolio.scenarios.relaxation_words import cut_percent


class NotApplicableError(PortfolioError):
    """The relaxation changes nothing a scenario file can hold (no amount of one cap alone
    works, say)."""


# The scenario file's section for each cap kind (``[caps.county."晋江市"]``).
CAP_SECTIONS = {"region": "county", "city": "city", "table": "table", "plan": "plan"}


def _set_cap(raw: dict[str, Any], cap: CapRef | None, amount: int | None) -> None:
    assert cap is not None and amount is not None
    caps = raw.setdefault("caps", {})
    if cap.kind == "total":
        section = caps.setdefault("total", {})
        # A cut of the same year would cap it too: the exact amount replaces it.
        raw.get("cuts", {}).pop(cap.period, None)
    else:
        section = caps.setdefault(CAP_SECTIONS[cap.kind], {}).setdefault(cap.key, {})
    # As the planners write money: 亿, with every 万元 kept (exact, read back as written).
    section[cap.period] = f"{yi_text(amount)}亿"


def _refers_to(value: object, release: Release, name: str) -> bool:
    return value == name or (release.project_id is not None and value == release.project_id)


def _release(raw: dict[str, Any], release: Release) -> None:
    if release.family is MemberFamily.LINK:
        raw["links"] = [
            link
            for link in raw.get("links", [])
            if not (
                _refers_to(link.get("before"), release, release.predecessor)
                and _refers_to(link.get("after"), release, release.successor)
            )
        ]
        return
    overrides = raw.setdefault("overrides", [])
    entry = next(
        (o for o in overrides if _refers_to(o.get("project"), release, release.name)), None
    )
    if entry is None:
        entry = {"project": release.project_id if release.project_id is not None else release.name}
        overrides.append(entry)
    if release.family is MemberFamily.LOCK:
        entry["locked"] = False
    else:  # a must-fund, or a project every plan funds: given up
        entry["must_fund"] = False
        entry["excluded"] = True
        entry.pop("locked", None)


def applied_scenario(text: str, relaxation: Relaxation, name: str) -> str:
    """The scenario ``text`` with ``relaxation`` applied, under the new ``name``; raises
    :class:`NotApplicableError` for one that changes nothing the file can hold."""
    if not relaxation.applicable:
        raise NotApplicableError("this change cannot be written into a scenario file")
    raw = tomllib.loads(text)
    raw["name"] = name
    if relaxation.kind is RelaxationKind.CAP:
        _set_cap(raw, relaxation.cap, relaxation.lowest_feasible_wan)
    elif relaxation.kind in (RelaxationKind.CAPS, RelaxationKind.NO_DELAY):
        for change in relaxation.changes:
            _set_cap(raw, change.cap, change.lowest_feasible_wan)
    elif relaxation.kind is RelaxationKind.CUT:
        assert relaxation.cap is not None and relaxation.largest_cut_bp is not None
        raw.setdefault("cuts", {})[relaxation.cap.period] = cut_percent(relaxation.largest_cut_bp)
    else:
        for release in relaxation.releases:
            _release(raw, release)
    for key in ("links", "overrides", "cuts"):
        if key in raw and not raw[key]:
            del raw[key]
    return tomli_w.dumps(raw)
