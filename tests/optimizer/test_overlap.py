"""Who runs when, where."""

from __future__ import annotations

from optimizer import OverlapPair, ProblemData, Project, overlap, solve


def test_cells_and_pairs_on_the_planned_schedule() -> None:
    data = ProblemData(
        [
            Project("A", 20, 2021, 2022, regions={"丰泽区": 1, "晋江市": 1}, units=("u",)),
            Project("B", 9, 2022, 2024, regions={"丰泽区": 1}, units=("u",)),
            Project("X", 9, 2021, 2024, regions={"丰泽区": 1}, excluded=True),
        ],
        (2021, 2024),
        cities={"丰泽区": "泉州市", "晋江市": "泉州市"},
    )
    report = overlap(data)
    fengze = {c.period: (c.project_ids, c.spend) for c in report.cells_of("region", "丰泽区")}
    assert fengze == {
        2021: (("A",), 5),
        2022: (("A", "B"), 8),
        2023: (("B",), 3),
        2024: (("B",), 3),
    }
    city = {c.period: c.spend for c in report.cells_of("city", "泉州市")}
    assert city == {2021: 10, 2022: 13, 2023: 3, 2024: 3}
    unit = {c.period: c.spend for c in report.cells_of("unit", "u")}
    assert unit[2022] == 13
    assert report.pairs == (OverlapPair("丰泽区", "A", "B", 2022, 2022),)


def test_overlap_of_a_result() -> None:
    data = ProblemData(
        [
            Project("A", 20, 2021, 2021, regions={"R": 1}),
            Project("B", 9, 2021, 2021, regions={"R": 1}),
        ],
        (2021, 2022),
    )
    result = solve(data)
    assert len(overlap(data, result).pairs) == 1
