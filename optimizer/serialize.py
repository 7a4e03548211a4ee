"""Plain-dict (JSON-ready) form of a scenario, for saved test cases and exchange."""

from __future__ import annotations

from typing import Any

from optimizer.flexible import FlexibleShares
from optimizer.problem import Cap, ConcurrencyLimit, Link, ProblemData, Project


def problem_to_dict(data: ProblemData) -> dict[str, Any]:
    """A dict of plain values from which ``problem_from_dict`` rebuilds ``data``."""
    return {
        "horizon": list(data.horizon),
        "as_of": data.as_of,
        "cities": dict(data.cities),
        "projects": [
            {
                "id": p.id,
                "total": p.total,
                "planned_start": p.planned_start,
                "planned_end": p.planned_end,
                "profile": None if p.profile is None else list(p.profile),
                "regions": dict(p.regions),
                "units": list(p.units),
                "table": p.table,
                "plan": p.plan,
                "flexible": None
                if p.flexible is None
                else {"min_bp": p.flexible.min_bp, "max_bp": p.flexible.max_bp},
                "priority": p.priority,
                "must_fund": p.must_fund,
                "locked": p.locked,
                "excluded": p.excluded,
                "max_delay": p.max_delay,
                "max_stretch": p.max_stretch,
            }
            for p in data.projects
        ],
        "links": [
            {"predecessor": k.predecessor, "successor": k.successor, "lag": k.lag}
            for k in data.links
        ],
        "caps": [
            {"kind": c.kind.value, "key": c.key, "period": c.period, "amount": c.amount}
            | ({} if c.last_period is None else {"last_period": c.last_period})
            for c in data.caps
        ],
        "concurrency": [
            {"kind": c.kind.value, "key": c.key, "limit": c.limit, "period": c.period}
            for c in data.concurrency
        ],
    }


def _project(raw: dict[str, Any]) -> Project:
    fields = dict(raw)
    flexible = fields.pop("flexible", None)
    return Project(**fields, flexible=None if flexible is None else FlexibleShares(**flexible))


def problem_from_dict(raw: dict[str, Any]) -> ProblemData:
    """Rebuild a scenario from ``problem_to_dict``'s output (checked like any other)."""
    first, last = raw["horizon"]
    return ProblemData(
        projects=[_project(project) for project in raw["projects"]],
        horizon=(int(first), int(last)),
        as_of=raw.get("as_of"),
        links=[Link(**link) for link in raw.get("links", [])],
        caps=[Cap(**cap) for cap in raw.get("caps", [])],
        concurrency=[ConcurrencyLimit(**limit) for limit in raw.get("concurrency", [])],
        cities=raw.get("cities", {}),
    )
