"""Summary tables of the benchmarks' JSON figures, in the shape of BENCHMARKS.md's tables.

Each function takes the payloads a benchmark's calls wrote (a label per call: ``""`` for a
benchmark of one call, else ``"quarter"``, ``"mknapcb1"``…) and returns a Markdown table with
the goal beside each figure and whether it is met. Goals stated for a full size (10,000 rows,
5,000 projects, a 60 s limit) are judged only when the run was of that size; at other sizes
the table says so instead of judging.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Payloads = Sequence[tuple[str, Mapping[str, Any]]]


def seconds(value: float | None) -> str:
    """``0.084 s``, ``2.66 s``, ``61.5 s``; ``—`` for nothing."""
    if value is None:
        return "—"
    if value < 0.1:
        return f"{value:.3f} s"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def met(ok: bool | None) -> str:
    """``met``, ``**not met**``, or ``—`` where no goal is judged."""
    if ok is None:
        return "—"
    return "met" if ok else "**not met**"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _spread(values: Sequence[float]) -> str:
    """One time, or the range of several (seeds)."""
    low, high = min(values), max(values)
    return (
        seconds(low) if len(values) == 1 or low == high else f"{seconds(low)[:-2]}-{seconds(high)}"
    )


# --- loading -------------------------------------------------------------------------------

# Goals by the size of the generated workbook: seconds, MiB (issue: the fast import).
IMPORT_GOALS = {10_000: (2.0, None), 100_000: (20.0, 500.0)}
FLOOR_RATIO_GOAL = 10.0


def _rows_of(label: str) -> int | None:
    """``import 10,000-row xlsx`` → 10000."""
    for word in label.split():
        if word.endswith("-row"):
            return int(word[: -len("-row")].replace(",", ""))
    return None


def loading(payloads: Payloads) -> str:
    """Bundled plans, each import beside its floor, the large files."""
    results = {r["label"]: r for _, payload in payloads for r in payload["results"]}
    rows: list[list[object]] = []
    for label, figures in results.items():
        if label.startswith("floor"):
            continue
        figure = f"{seconds(figures['seconds'])} (CPU {seconds(figures['cpu_seconds'])}), "
        figure += f"{figures['peak_mb']:.0f} MiB"
        if figures["outcome"].startswith("failed"):
            figure += f"; {figures['outcome']}"
        floor_cell, goal, ok = "", "—", None
        if label.startswith("load all bundled"):
            goal, ok = "< 2 s", figures["seconds"] < 2
            figure = seconds(figures["seconds"])
        count = _rows_of(label)
        floor = results.get(f"floor, {count:,}-row xlsx") if count else None
        if floor is not None and count is not None:
            ratio = figures["seconds"] / floor["seconds"]
            floor_cell = f"{seconds(floor['seconds'])} ({ratio:.1f}×)"
            limits = IMPORT_GOALS.get(count)
            if limits is None:
                goal, ok = "(goals at 10,000 and 100,000 rows)", None
            else:
                limit, memory = limits
                goal = f"≤ {limit:g} s, ≤ {FLOOR_RATIO_GOAL:g}× floor" + (
                    f", ≤ {memory:g} MB" if memory else ""
                )
                ok = figures["seconds"] <= limit and ratio <= FLOOR_RATIO_GOAL
                ok = ok and (memory is None or figures["peak_mb"] <= memory)
        elif "csv" in label:
            goal, ok = "no database error", not figures["outcome"].startswith("failed")
        rows.append([label, goal, figure, floor_cell, met(ok)])
    return table(["measurement", "goal", "figure", "floor (ratio)", "met"], rows)


def regions(payloads: Payloads) -> str:
    """Reading, indexing and storing the region table."""
    rows = [
        [r["label"], "none set", f"{r['best_ms']:.1f} ms", f"{r['median_ms']:.1f} ms"]
        for _, payload in payloads
        for r in payload["results"]
    ]
    return table(["measurement", "goal", "best", "median"], rows)


# --- optimizer ------------------------------------------------------------------------------


def rcpsp(payloads: Payloads) -> str:
    """Instances at the known optimum, proven, mean and max time."""
    rows = []
    for label, payload in payloads:
        s = payload["summary"]
        size = f"{label or 'set'} ({s['instances']} instances, {payload['time_limit']:g} s each)"
        rows.append(
            [
                size,
                f"{s['at_optimum']}/{s['instances']} at the known optimum, "
                f"{s['proven_optimal']} proven",
                met(s["at_optimum"] == s["instances"]),
                f"mean {seconds(s['mean_seconds'])}, max {seconds(s['max_seconds'])}",
                met(s["mean_seconds"] is not None and s["mean_seconds"] <= 1.0),
            ]
        )
    return table(["run", "all at the known optimum", "met", "mean time ≤ 1 s", "met"], rows)


MKP_GOALS = {"mknapcb1": 0.05, "mknapcb3": 0.2}
MKP_FULL_LIMIT, MKP_FULL_INSTANCES = 10.0, 30


def mkp(payloads: Payloads) -> str:
    """Gap to the best-known values per file."""
    rows = []
    for label, payload in payloads:
        s = payload["summary"]
        goal = MKP_GOALS.get(label)
        gap = s["mean_gap_percent"]
        full = payload["time_limit"] == MKP_FULL_LIMIT and s["instances"] == MKP_FULL_INSTANCES
        target = (
            "—"
            if goal is None
            else f"≤ {goal:g}%: "
            + (met(gap is not None and gap <= goal) if full else "(judged at 30 instances, 10 s)")
        )
        rows.append(
            [
                f"{label} ({s['instances']} instances, {payload['time_limit']:g} s each)",
                f"{gap}%",
                f"{s['max_gap_percent']}%",
                f"{s['matching_or_beating']}/{s['with_reference']}",
                s["proven_optimal"],
                seconds(s["mean_seconds"]),
                target,
            ]
        )
    header = ["file", "mean gap to best-known", "max gap", "= best-known", "proven optimal"]
    return table([*header, "mean time", "target"], rows)


SYNTHETIC_FULL = (5000, 60.0)


def synthetic(payloads: Payloads) -> str:
    """First feasible, the value gap, memory, beside the greedy baseline."""
    ((_, p),) = payloads
    full = (p["projects"], p["time_limit"]) == SYNTHETIC_FULL
    greedy = p["greedy"]["values"] or {}
    levels = {level["objective"]: level for level in p["levels"]}
    value = levels.get("value", {})
    gap = p["value_gap_percent_to_best_bound"]
    first = p["first_feasible_seconds"]
    gap_met = met(gap is not None and gap <= 1) if full else "(judged at 5,000 projects, 60 s)"
    rows = [
        ["first feasible", "≤ 10 s", seconds(first), "—", met(first is not None and first <= 10)],
        [
            f"value gap to the bound at {p['time_limit']:g} s",
            "≤ 1%",
            f"{gap}% (value {value.get('value')}, bound {value.get('bound')})",
            f"value {greedy.get('value')}",
            gap_met,
        ],
        [
            "weighted delay",
            "—",
            levels.get("delay", {}).get("value"),
            greedy.get("delay"),
            "—",
        ],
        ["projects funded", "—", p["funded"], p["greedy"]["funded"], "—"],
        [
            "peak memory",
            "≤ 2 GB",
            f"{p['peak_memory_mb']:.0f} MiB",
            "",
            met(p["peak_memory_mb"] <= 2048),
        ],
        ["time in all", "—", seconds(p["seconds"]), seconds(p["greedy"]["seconds"]), "—"],
    ]
    title = f"{p['projects']} projects, seed {p['seed']}, {p['time_limit']:g} s"
    return (
        title + "\n\n" + table(["measurement", "goal", "optimizer", "greedy baseline", "met"], rows)
    )


BUNDLED_GOALS = {"": 2.0, "year": 2.0, "quarter": 2.0, "month": 10.0}


def _bundled_cell(rows: Sequence[Mapping[str, Any]], goal: float, limit: float) -> tuple[str, str]:
    """Time (range over seeds), status and conflict size; and the goal judged (a scenario not
    proven within a time limit shorter than the goal is not judged)."""
    times = [row["seconds"] for row in rows]
    statuses = sorted({row["status"] for row in rows})
    cell = f"{_spread(times)} {'/'.join(statuses)}"
    sizes = sorted({row["conflict"]["members"] for row in rows if "conflict" in row})
    if sizes:
        cell += f", conflict of {'/'.join(map(str, sizes))}"
    proven = all(row["status"] in ("optimal", "infeasible") for row in rows)
    if not proven and limit < goal:
        return cell, f"not proven within the {limit:g} s limit"
    return cell, met(proven and max(times) <= goal)


def _values(values: Mapping[str, Any] | None) -> str:
    if not values:
        return "no schedule"
    return ", ".join(
        f"{name} {value}" if name == "completion" else f"{name} {value:,}"
        for name, value in values.items()
        if value is not None
    )


def bundled(payloads: Payloads) -> str:
    """The seven scenarios by periods (goal ≤ 2 s proven in years and quarters, ≤ 10 s in
    months) beside the greedy baseline, and the scenario files by profile."""
    by_periods = [(label, p) for label, p in payloads if label != "profiles"]
    parts = []
    if by_periods:
        header = ["scenario"]
        header += [f"{label or 'year'}s (≤ {BUNDLED_GOALS[label]:g} s)" for label, _ in by_periods]
        header += ["optimizer, first column", "greedy baseline, first column"]
        scenarios = dict.fromkeys(row["scenario"] for _, p in by_periods for row in p["rows"])
        rows = []
        for scenario in scenarios:
            row: list[object] = [scenario]
            first = None
            for label, p in by_periods:
                mine = [r for r in p["rows"] if r["scenario"] == scenario]
                if mine:
                    row.append(
                        ": ".join(_bundled_cell(mine, BUNDLED_GOALS[label], p["time_limit"]))
                    )
                else:
                    row.append("—")
                first = first or (mine[0] if mine else None)
            row += [_values(first["objectives"]), _values(first["greedy"])] if first else ["", ""]
            rows.append(row)
        limits = ", ".join(f"{label or 'year'}s {p['time_limit']:g} s" for label, p in by_periods)
        parts.append(f"time limits: {limits}\n\n" + table(header, rows))
    for label, p in payloads:
        if label != "profiles":
            continue
        rows = []
        for scenario in dict.fromkeys(row["scenario"] for row in p["rows"]):
            mine = [r for r in p["rows"] if r["scenario"] == scenario]
            cell, verdict = _bundled_cell(mine, 2.0, p["time_limit"])
            seeds = f", seeds 0-{len(mine) - 1}" if len(mine) > 1 else ", seed 0"
            first = mine[0]
            rows.append(
                [scenario, "≤ 2 s", cell + seeds, _values(first["objectives"]),
                 _values(first["greedy"]), verdict]
            )  # fmt: skip
        header = ["profile (file)", "goal", "time", "optimizer (seed 0)", "greedy baseline", "met"]
        parts.append(f"time limit {p['time_limit']:g} s\n\n" + table(header, rows))
    return "\n\n".join(parts)


# --- the application -------------------------------------------------------------------------


def export(payloads: Payloads) -> str:
    """Workbook and CSV per layout."""
    rows = []
    for _, p in payloads:
        full = p["projects"] == 5000 and p["years"] == 10
        if p["by"] == "city":
            goal = "< 10 s"
            ok = met(p["workbook_seconds"] < 10) if full else "(goal at 5,000 × 10)"
        else:
            goal, ok = "—", "—"
        rows.append(
            [
                f"{p['projects']:,} projects × {p['years']} years, "
                f"a sheet per {p['by']} ({p['sheets']})",
                goal,
                f"{seconds(p['workbook_seconds'])}, {p['workbook_mb']} MB",
                seconds(p["csv_seconds"]),
                ok,
            ]
        )
    return table(["layout", "goal", "workbook", "CSV", "met"], rows)


UI_PAGE_GOAL = 2.0
UI_FILTER_GOAL = 0.5


def ui_speed(payloads: Payloads) -> str:
    """First renders, filter changes and the big Gantt: chromium beside the server."""
    ((_, p),) = payloads
    server, browser = p["server"], p.get("browser")
    rows = []
    for path, page in server["pages"].items():
        if "?" in path:
            continue
        seen = browser["pages"].get(path) if browser else None
        shown = f"first {seconds(seen['first'])}, median {seconds(seen['p50'])}" if seen else "—"
        worst = max(seen["first"], seen["max"]) if seen else page["max"]
        rows.append(
            [
                f"`{path}` first render",
                "< 2 s",
                shown,
                seconds(page["p50"]),
                met(worst < UI_PAGE_GOAL),
            ]
        )
    for key, label in (
        ("portfolio_county_filter", "项目库 county filter, p95"),
        ("gantt_county_filter", "甘特图 county filter, p95"),
    ):
        seen = browser[key] if browser else None
        shown = f"p50 {seconds(seen['p50'])}, p95 {seconds(seen['p95'])}" if seen else "—"
        figure = seen["p95"] if seen else server[key]["p95"]
        rows.append(
            [
                label,
                "< 500 ms",
                shown,
                f"p95 {seconds(server[key]['p95'])}",
                met(figure < UI_FILTER_GOAL),
            ]
        )
    big = server["gantt_big"]
    seen = browser["gantt_big"] if browser else None
    rows.append(
        [
            f"{big['city']}'s Gantt, {big['bars']:,} bars"
            + (f" ({browser['gantt_big']['drawn']:,} drawn)" if browser else ""),
            "< 2 s (≥ 1,000 bars)",
            f"p50 {seconds(seen['p50'])}, max {seconds(seen['max'])}" if seen else "—",
            f"callback {seconds(big['p50'])}",
            met((seen["max"] if seen else big["max"]) < UI_PAGE_GOAL),
        ]
    )
    title = f"{p['projects']:,} projects; " + (
        f"chromium {browser['chromium']}" if browser else "server only (no browser figures)"
    )
    return title + "\n\n" + table(["target", "goal", "chromium", "server", "met"], rows)


OFFICE_GOALS_MS = {
    "page /": 500,
    "filter 项目库": 500,
    "甘特图 callback": 500,
    "workbook download": 2000,
}


def office_load(payloads: Payloads) -> str:
    """Latency per request kind, errors, the runs and memory."""
    ((_, p),) = payloads
    rows = []
    for request in p["requests"]:
        name = request["Name"]
        goal = next((ms for prefix, ms in OFFICE_GOALS_MS.items() if name.startswith(prefix)), None)
        p95 = float(request["95%"]) if request["95%"] not in ("N/A", "") else None
        failures = int(request["Failure Count"])
        if name == "Aggregated":
            goal_cell, ok = "0 errors", failures == 0
        elif goal is None:
            goal_cell, ok = "", None
        else:
            goal_cell, ok = f"p95 ≤ {goal} ms", p95 is not None and p95 <= goal
        rows.append(
            [
                name,
                request["Request Count"],
                failures,
                request["50%"],
                request["95%"],
                f"{float(request['Max Response Time']):.0f}",
                goal_cell,
                met(ok),
            ]
        )
    done = sum(1 for run in p["runs"] if run["state"] == "done")
    server_peak = p["memory_mib"].get("web server", {}).get("peak", 0.0)
    memory = "; ".join(
        f"{name} {m['start']:.0f} → {m['end']:.0f} MiB (peak {m['peak']:.0f})"
        for name, m in p["memory_mib"].items()
    )
    header = ["request", "count", "failures", "p50 ms", "p95 ms", "max ms", "goal (p95)", "met"]
    return (
        f"{p['users']} users, {p['seconds']} s, {p['workers']} workers\n\n"
        + table(header, rows)
        + f"\n\nruns: {done}/{p['runs_asked']} done; memory: {memory}; goal: web server"
        + f" ≤ {OFFICE_SERVER_MIB} MiB and flat: {met(server_peak <= OFFICE_SERVER_MIB)}"
    )


OFFICE_SERVER_MIB = 300
SWEEP_GOAL_SECONDS = 10.0


def sweep(payloads: Payloads) -> str:
    """Each worker count's sweep: wall time, work, overhead per point, speed-up."""
    ((_, p),) = payloads
    lines = p["sweeps"]
    base = lines[0]["wall_seconds"]
    rows = []
    for line in lines:
        full = line["points"] == 21 and line["workers"] == 2
        rows.append(
            [
                line["workers"],
                f"{line['points']} ({line['optimal']} optimal)",
                seconds(line["wall_seconds"]),
                seconds(line["work_seconds"]),
                f"{line['overhead_per_point_seconds']:.2f} s",
                f"{base / line['wall_seconds']:.2f}",
                met(line["wall_seconds"] <= SWEEP_GOAL_SECONDS) if full else "—",
            ]
        )
    header = ["workers", "points", "wall", "work", "overhead/point", "speed-up", "21 points ≤ 10 s"]
    return table(header, rows)


# --- delay risk ----------------------------------------------------------------------------

RISK_GOAL_SECONDS = 60.0  # 1,000 samples on 2 cores
RISK_GOAL_SAMPLES = 1000


def risk(payloads: Payloads) -> str:
    """Fixed and re-planned samples per worker count, the per-task overhead, the province."""
    ((_, p),) = payloads
    lines = p["bundled"]["lines"]
    replan = [line for line in lines if line["mode"] == "replan"]
    base = replan[0]["wall_seconds"] if replan else None
    rows = []
    for line in lines:
        judged = line["samples"] == RISK_GOAL_SAMPLES and line["workers"] in (0, 2)
        rows.append(
            [
                line["mode"],
                line["workers"] or "in-process",
                f"{line['samples']} ({line['infeasible']} infeasible)",
                seconds(line["wall_seconds"]),
                seconds(line.get("worker_cpu_per_sample")),
                f"{base / line['wall_seconds']:.2f}" if base and line["mode"] == "replan" else "—",
                met(line["wall_seconds"] <= RISK_GOAL_SECONDS) if judged else "—",
            ]
        )
    header = [
        "mode",
        "workers",
        "samples",
        "wall",
        "workers' CPU per sample",
        "speed-up",
        "1,000 samples ≤ 60 s",
    ]
    parts = [table(header, rows)]
    overhead = [
        [o["executor"], o["projects"], f"{o['message_bytes']:,}", f"{o['round_trip_ms']} ms"]
        for o in p.get("overhead", [])
    ]
    if overhead:
        parts.append(
            table(["executor", "projects", "chunk message (bytes)", "empty round trip"], overhead)
        )
    s = p.get("synthetic")
    if s:
        parts.append(
            table(
                ["projects", "plan", "samples", "limit per sample", "wall (2 workers)"],
                [
                    [
                        s["projects"],
                        f"{s['plan_status']} in {seconds(s['plan_seconds'])}",
                        f"{s['samples']} ({s['infeasible']} infeasible)",
                        seconds(s["sample_seconds_limit"]),
                        seconds(s["wall_seconds"]),
                    ]
                ],
            )
        )
    return "\n\n".join(parts)
