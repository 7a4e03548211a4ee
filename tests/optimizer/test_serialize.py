"""Scenarios survive a trip through JSON."""

from __future__ import annotations

import json

from optimizer import Cap, CapKind, ConcurrencyLimit, FlexibleShares, Link, ProblemData, Project
from optimizer.serialize import problem_from_dict, problem_to_dict


def test_round_trip() -> None:
    data = ProblemData(
        [
            Project(
                "A",
                30,
                2021,
                2022,
                profile=(10, 20),
                regions={"丰泽区": 3},
                units=("u",),
                table="附件1",
                priority=2,
                must_fund=True,
                max_delay=1,
                max_stretch=1,
            ),
            Project("B", 5, 2022, 2022, locked=True),
            Project("C", 9, 2023, 2024, plan="p", flexible=FlexibleShares(1250, 9000)),
        ],
        (2021, 2024),
        as_of=2022,
        links=[Link("A", "B", 1)],
        caps=[Cap(CapKind.CITY, "泉州市", 2023, 40), Cap(CapKind.PLAN, "p", 2024, 4)],
        concurrency=[ConcurrencyLimit("region", "丰泽区", 2, 2023)],  # type: ignore[arg-type]
        cities={"丰泽区": "泉州市"},
    )
    text = json.dumps(problem_to_dict(data), ensure_ascii=False)
    assert problem_from_dict(json.loads(text)) == data
