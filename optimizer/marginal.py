"""Marginal value of binding caps: what one more step of budget would buy."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from optimizer.params import Objective, SolveParams
from optimizer.problem import CapKind, ProblemData
from optimizer.result import CapUsage, MarginalValue, Result
from optimizer.solve import solve
from optimizer.usage import choice_from_schedules


def caps_worth_raising(result: Result) -> list[CapUsage]:
    """Caps that hold something back: binding ones (no project step fits) and those a
    delayed or dropped project found full. Those named by most delay explanations come
    first, then by period, kind and key."""
    mentions: dict[tuple[CapKind, str, int, int], int] = {}
    candidates = {u.ident: u for u in result.binding_caps()}
    for delay in result.delays:
        for usage in delay.full_caps:
            mentions[usage.ident] = mentions.get(usage.ident, 0) + 1
            candidates[usage.ident] = usage
    return sorted(
        candidates.values(),
        key=lambda u: (-mentions.get(u.ident, 0), u.period, u.kind.value, u.key, u.last),
    )


def raise_cap(data: ProblemData, usage: CapUsage, step: int) -> ProblemData:
    """The scenario with the cap ``usage`` refers to raised by ``step`` 万元."""
    caps = [
        dataclasses.replace(cap, amount=cap.amount + step) if cap.ident == usage.ident else cap
        for cap in data.caps
    ]
    return dataclasses.replace(data, caps=caps)


def _worse(
    objectives: Sequence[Objective], values: Sequence[int | None], than: Sequence[int | None]
) -> bool:
    """True when ``values`` are lexicographically worse than ``than`` (all known)."""
    if None in values or None in than:
        return False

    def key(levels: Sequence[int | None]) -> tuple[int, ...]:
        return tuple(
            -int(v) if o.maximize else int(v)  # type: ignore[arg-type]
            for o, v in zip(objectives, levels, strict=True)
        )

    return key(values) > key(than)


def marginal_values(
    data: ProblemData,
    result: Result,
    step: int,
    top: int = 5,
    params: SolveParams | None = None,
    asked: Sequence[CapUsage] = (),
) -> tuple[MarginalValue, ...]:
    """Re-solve with each cap raised by ``step`` 万元 and report how the objectives change:
    first the caps ``asked`` about, then the ``top`` of ``caps_worth_raising`` not asked.
    Each re-solve gets ``params.explain_time_limit`` seconds."""
    if step <= 0:
        raise ValueError("the step must be a positive amount of 万元")
    params = params or SolveParams(objectives=result.objectives)
    quick = dataclasses.replace(
        params,
        objectives=result.objectives,
        time_limit=params.explain_time_limit,
        explain=False,
    )
    before = result.objective_values()
    start = choice_from_schedules(data, result.schedules)
    values = []
    asked_ids = {u.ident for u in asked}
    others = [u for u in caps_worth_raising(result) if u.ident not in asked_ids]
    for usage in [*asked, *others[:top]]:
        # The current schedule still fits a raised cap: start from it (short re-solves that
        # start from the greedy one may stop above the current values).
        raised = solve(raise_cap(data, usage, step), quick, start)
        after = raised.objective_values() if raised.has_solution else None
        if after is not None and _worse(result.objectives, after, before):
            # The current schedule fits the raised cap, so the optimum is no worse: the
            # short re-solve stopped early (flexible profiles make it likelier).
            after = None
            message = (
                f"Raising {usage.label} by {step}: no schedule as good as the current one "
                "found in time."
            )
        elif after is None:
            message = f"Raising {usage.label} by {step}: no schedule found in time."
        else:
            changes = [
                f"{level.name} {b} → {a}"
                for level, b, a in zip(result.levels, before, after, strict=True)
                if a != b
            ]
            change_text = ", ".join(changes) if changes else "no objective changes"
            message = f"Raising {usage.label} by {step}: {change_text}."
        values.append(MarginalValue(usage, step, raised.status, before, after, message))
    return tuple(values)
