"""A reference solver for the province-scale benchmark (``benchmarks.synthetic``): the
``value`` level as a plain MIP, solved by HiGHS (``highspy``, the ``bench`` extra).

The model is the textbook one, with nothing of the optimizer's engine in it (no split into
cities, no LP core, no warm start): a binary column per schedule option of each project
(``optimizer.all_options``: its delays and stretches), at most one option per project
(exactly one for a must-fund project), a row per cap over the options' spend in its scope and
periods, and per link a row saying that the successor is funded only with its predecessor
and a row per pair of options that would start the successor too early. The priorities of
the funded projects are maximised; ``mip_rel_gap`` is zero, ``threads`` workers.

It answers what a general MIP solver reaches on the same problem in the same time, and, with
its dual bound, whether the optimizer's gap is in its schedule or in its bound. Portfolios
with flexible spend or concurrency limits are refused (the benchmark has neither).
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks._highs import binary_model, outcome
from optimizer import (
    CapKind,
    ProblemData,
    ProjectSchedule,
    ScheduleOption,
    all_options,
    schedules_from_choice,
)


def value_mip(data: ProblemData, time_limit: float, threads: int) -> dict[str, Any]:
    """Solve ``data``'s ``value`` level as a HiGHS MIP: a row for the benchmark's JSON
    (status, value, bound, seconds) and ``schedules``, one per project (for checking)."""
    if data.concurrency or any(project.flexible for project in data.projects):
        raise ValueError("the reference MIP has no flexible spend and no concurrency limits")
    began = time.perf_counter()
    options = all_options(data)
    columns: list[ScheduleOption] = []
    first: dict[str, int] = {}
    for project in data.projects:
        first[project.id] = len(columns)
        columns.extend(options[project.id])
    priority = {project.id: project.priority for project in data.projects}
    highspy, highs = binary_model(
        [priority[option.project_id] for option in columns], time_limit, threads
    )
    inf = highspy.kHighsInf

    def add_row(lower: float, upper: float, terms: dict[int, int]) -> None:
        if terms:
            indices = sorted(terms)
            highs.addRow(lower, upper, len(indices), indices, [float(terms[i]) for i in indices])

    def of(project_id: str) -> range:
        return range(first[project_id], first[project_id] + len(options[project_id]))

    for project in data.projects:
        add_row(1.0 if project.must_fund else -inf, 1.0, dict.fromkeys(of(project.id), 1))
    # Caps wholly in history are not enforced; a row per cap otherwise.
    enforced = [cap for cap in data.caps if data.is_enforced(cap)]
    caps_at: dict[tuple[CapKind, str, int], list[int]] = {}
    for number, cap in enumerate(enforced):
        for period in cap.periods:
            caps_at.setdefault((cap.kind, cap.key, period), []).append(number)
    rows: list[dict[int, int]] = [{} for _ in enforced]
    for index, option in enumerate(columns):
        for (kind, key), amounts in option.scopes.items():
            for period, amount in amounts.items():
                for number in caps_at.get((kind, key, period), ()):
                    rows[number][index] = rows[number].get(index, 0) + amount
    for cap, terms in zip(enforced, rows, strict=True):
        add_row(-inf, float(cap.amount), {i: a for i, a in terms.items() if a})
    for link in data.links:
        after, before = of(link.successor), of(link.predecessor)
        # Σ successor options − Σ predecessor options ≤ 0: funded only with its predecessor.
        add_row(-inf, 0.0, {**dict.fromkeys(after, 1), **dict.fromkeys(before, -1)})
        for a in after:
            for b in before:
                if columns[a].start < columns[b].end + 1 + link.lag:
                    add_row(-inf, 1.0, {a: 1, b: 1})
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    highs.run()
    seconds = time.perf_counter() - began
    status, found = outcome(highspy, highs)
    schedules: dict[str, ProjectSchedule] = {}
    value = None
    if found:
        # Columns of a MIP solution are integral within HiGHS's tolerance; round them.
        taken = [index for index, x in enumerate(highs.getSolution().col_value) if x > 0.5]
        chosen = {columns[index].project_id: columns[index] for index in taken}
        schedules = schedules_from_choice(data, chosen)
        value = sum(priority[project_id] for project_id in chosen)
    bound = highs.getInfo().mip_dual_bound if found else None
    return {
        "status": status.value,
        "value": value,
        # The dual bound of an integer objective, rounded down within HiGHS's tolerance.
        "bound": None if bound is None else int(bound + 1e-6),
        "seconds": round(seconds, 3),
        "schedules": schedules,
    }
