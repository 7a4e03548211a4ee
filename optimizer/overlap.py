"""Where projects pile up: who runs when per county, city and unit, and which pairs overlap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from optimizer.problem import ProblemData
from optimizer.profiles import apportion
from optimizer.result import ProjectSchedule, Result
from optimizer.usage import planned_schedules


@dataclass(frozen=True)
class OverlapCell:
    """Projects running in one county, city or unit in one period, and their spend there.

    For counties and cities the spend is the apportioned share; a unit carries its projects
    jointly with the other units named, so its spend is the projects' whole spend.
    """

    kind: str  # "region", "city" or "unit"
    key: str
    period: int
    project_ids: tuple[str, ...]
    spend: int


@dataclass(frozen=True)
class OverlapPair:
    """Two projects of one county whose windows share ``first..last``."""

    region: str
    first_id: str
    second_id: str
    first: int
    last: int


@dataclass(frozen=True)
class OverlapReport:
    """Cells sorted by kind, key and period; pairs by region and ids."""

    cells: tuple[OverlapCell, ...]
    pairs: tuple[OverlapPair, ...]

    def cells_of(self, kind: str, key: str) -> tuple[OverlapCell, ...]:
        """The cells of one county, city or unit."""
        return tuple(c for c in self.cells if c.kind == kind and c.key == key)


def overlap(data: ProblemData, result: Result | None = None) -> OverlapReport:
    """Overlap of the schedules in ``result``, or of the planned schedules when ``None``."""
    schedules: Mapping[str, ProjectSchedule] = (
        planned_schedules(data) if result is None else result.schedules
    )
    cells: dict[tuple[str, str, int], tuple[list[str], int]] = {}

    def add(kind: str, key: str, period: int, project_id: str, amount: int) -> None:
        ids, spend = cells.get((kind, key, period), ([], 0))
        if project_id not in ids:
            ids.append(project_id)
        cells[(kind, key, period)] = (ids, spend + amount)

    windows: dict[str, list[tuple[str, int, int]]] = {}
    for project in data.projects:
        schedule = schedules.get(project.id)
        if schedule is None or not schedule.funded or schedule.start is None:
            continue
        assert schedule.end is not None
        for region in project.regions:
            windows.setdefault(region, []).append((project.id, schedule.start, schedule.end))
        for period in range(schedule.start, schedule.end + 1):
            amount = schedule.spend.get(period, 0)
            for region, part in apportion(amount, project.regions).items():
                add("region", region, period, project.id, part)
                city = data.city_of(region)
                if city is not None:
                    add("city", city, period, project.id, part)
            for unit in project.units:
                add("unit", unit, period, project.id, amount)
    pairs = []
    for region, runs in sorted(windows.items()):
        runs.sort()
        for i, (first_id, first_start, first_end) in enumerate(runs):
            for second_id, second_start, second_end in runs[i + 1 :]:
                start, end = max(first_start, second_start), min(first_end, second_end)
                if start <= end:
                    pairs.append(OverlapPair(region, first_id, second_id, start, end))
    return OverlapReport(
        cells=tuple(
            OverlapCell(kind, key, period, tuple(sorted(ids)), spend)
            for (kind, key, period), (ids, spend) in sorted(cells.items())
        ),
        pairs=tuple(pairs),
    )
