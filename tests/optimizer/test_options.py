"""Schedule options: the menu each project chooses from."""

from __future__ import annotations

from optimizer import CapKind, ConcurrencyKind, ProblemData, Project, all_options, project_options
from optimizer.options import concurrency_keys, max_delay, scope_spend


def pairs(data: ProblemData, pid: str, free_fixed: bool = False) -> list[tuple[int, int]]:
    return [
        (o.delay, o.stretch)
        for o in project_options(data, data.project(pid), free_fixed=free_fixed)
    ]


def test_options_run_by_delay_then_stretch_and_stay_in_the_horizon() -> None:
    data = ProblemData([Project("A", 30, 2021, 2023, max_stretch=1)], (2021, 2025))
    assert pairs(data, "A") == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)]
    option = project_options(data, data.project("A"))[1]
    assert (option.start, option.end) == (2021, 2024)
    assert option.spend == {2021: 8, 2022: 8, 2023: 7, 2024: 7}


def test_max_delay_limits_and_none_means_the_horizon() -> None:
    data = ProblemData(
        [
            Project("A", 10, 2021, 2021, max_delay=1),
            Project("B", 10, 2021, 2021),
            Project("C", 10, 2021, 2021, max_delay=9),
        ],
        (2021, 2024),
    )
    assert pairs(data, "A") == [(0, 0), (1, 0)]
    assert pairs(data, "B") == [(d, 0) for d in range(4)]
    assert max_delay(data, data.project("C")) == 3


def test_fixed_and_excluded_projects() -> None:
    data = ProblemData(
        [
            Project("L", 10, 2022, 2022, locked=True),
            Project("S", 10, 2021, 2022),
            Project("X", 10, 2022, 2022, excluded=True),
        ],
        (2021, 2024),
        as_of=2022,
    )
    assert pairs(data, "L") == [(0, 0)]
    assert pairs(data, "S") == [(0, 0)]
    assert pairs(data, "X") == []
    assert pairs(data, "L", free_fixed=True) == [(0, 0), (1, 0), (2, 0)]
    assert set(all_options(data)) == {"L", "S", "X"}


def test_scopes_cover_total_table_regions_and_cities() -> None:
    p = Project(
        "A",
        9,
        2021,
        2021,
        regions={"丰泽区": 2, "鲤城区": 1, "思明区": 1},
        units=("泉州市科技局",),
        table="附件1",
    )
    data = ProblemData(
        [p], (2021, 2021), cities={"丰泽区": "泉州市", "鲤城区": "泉州市", "思明区": "厦门市"}
    )
    scopes = scope_spend(data, p, {2021: 9})
    assert scopes[(CapKind.TOTAL, "")] == {2021: 9}
    assert scopes[(CapKind.TABLE, "附件1")] == {2021: 9}
    region_parts = {k: v[2021] for (kind, k), v in scopes.items() if kind is CapKind.REGION}
    assert sum(region_parts.values()) == 9 and region_parts["丰泽区"] in (4, 5)
    assert scopes[(CapKind.CITY, "泉州市")][2021] == region_parts["丰泽区"] + region_parts["鲤城区"]
    assert scopes[(CapKind.CITY, "厦门市")][2021] == region_parts["思明区"]
    assert (ConcurrencyKind.UNIT, "泉州市科技局") in concurrency_keys(p)
    assert (ConcurrencyKind.REGION, "思明区") in concurrency_keys(p)
