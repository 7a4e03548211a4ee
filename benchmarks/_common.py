"""Helpers the optimizer benchmarks share: machine description, JSON output, peak memory."""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def cpu_model() -> str:
    """The CPU model named in /proc/cpuinfo (``"unknown"`` where there is none)."""
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    for line in lines:
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def ortools_version() -> str:
    """The installed OR-Tools version (the optimizer's only solver)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ortools")
    except PackageNotFoundError:
        return "unknown"


def machine_info() -> dict[str, Any]:
    """Cores, CPU model, Python and OR-Tools versions, and the load when the run began."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "host": platform.node(),
        "cores": os.cpu_count(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
        "ortools": ortools_version(),
        "load_average_1min_at_start": round(load[0], 2),
    }


def machine_line(info: Mapping[str, Any]) -> str:
    """One summary line describing the machine."""
    return (
        f"machine: {info['cores']} cores, {info['cpu_model']}, Python {info['python']}, "
        f"OR-Tools {info['ortools']}, load {info['load_average_1min_at_start']} at start"
    )


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far, in MiB (``ru_maxrss`` is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def write_json(path: Path | None, payload: Mapping[str, Any]) -> None:
    """Write the benchmark's results as indented JSON (nothing when ``path`` is ``None``)."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
