"""A synthetic portfolio of a hundred county-level places, for the pages' pure views."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from portfolio.exports.model import ScheduleExport, ScheduleRow

# Fujian's nine cities, each with its share of the hundred places (uneven, as the province's).
CITY_PLACES = {
    "福州市": 16,
    "厦门市": 8,
    "莆田市": 6,
    "三明市": 12,
    "泉州市": 14,
    "漳州市": 12,
    "南平市": 11,
    "龙岩市": 9,
    "宁德市": 12,
}
HORIZON = (2021, 2030)


def _spread(total_wan: int, years: range) -> dict[int, int]:
    """``total_wan`` over ``years`` in whole 万元, the remainder in the last year."""
    share = total_wan // len(years)
    spend = dict.fromkeys(years, share)
    spend[years[-1]] += total_wan - share * len(years)
    return spend


def _split(spend: dict[int, int], places: list[str]) -> dict[str, dict[int, int]]:
    """Each year's spend over ``places`` in halves (the first the smaller): the parts add up."""
    if len(places) == 1:
        return {places[0]: spend}
    first = {year: amount // 2 for year, amount in spend.items()}
    rest = {year: amount - first[year] for year, amount in spend.items()}
    return {places[0]: first, places[1]: rest}


def hundred_places_export(seed: int = 100) -> ScheduleExport:
    """The plan of a portfolio standing in 100 county-level places of nine cities.

    Each place has three to seven projects; one in five is shared with the next place of its
    city, each year's spend split in halves. Money in whole 万元, one year to five per project.
    """
    rng = random.Random(seed)
    city_of = {
        f"{city.removesuffix('市')}{n:02d}县": city
        for city, count in CITY_PLACES.items()
        for n in range(1, count + 1)
    }
    places = list(city_of)
    rows: list[ScheduleRow] = []
    for index, place in enumerate(places):
        for _ in range(rng.randint(3, 7)):
            start = rng.randint(HORIZON[0], HORIZON[1] - 2)
            end = min(HORIZON[1], start + rng.randint(0, 4))
            years = range(start, end + 1)
            total = rng.randint(100, 200_000)
            neighbour = places[index + 1] if index + 1 < len(places) else None
            shared = (
                neighbour is not None
                and city_of[neighbour] == city_of[place]
                and rng.random() < 0.2
            )
            stands_in = [place, neighbour] if shared and neighbour else [place]
            spend = _spread(total, years)
            county_spend = _split(spend, stands_in)
            project_id = len(rows) + 1
            rows.append(
                ScheduleRow(
                    project_id=project_id,
                    plan="百县规划",
                    table="附件1",
                    seq=str(project_id),
                    name=f"项目{project_id}",
                    units=(f"单位{rng.randint(1, 300)}",),
                    places="、".join(stands_in),
                    total_wan=total,
                    planned_start=start,
                    planned_end=end,
                    funded=True,
                    start=start,
                    end=end,
                    delay_years=0,
                    stretch_years=0,
                    spend=spend,
                    county_spend=county_spend,
                    city_spend={city_of[place]: spend},
                )
            )
    return ScheduleExport(
        scenario="",
        run_id=None,
        status="plan",
        as_of=HORIZON[0],
        horizon=HORIZON,
        objectives=(),
        caps=(),
        rows=tuple(rows),
        changes=(),
        not_scheduled=(),
        findings=(),
        parameters="",
        made_at=dt.datetime(2026, 1, 1),
        database="sqlite://",
        city_of=city_of,
    )


@pytest.fixture(scope="session")
def hundred_places() -> ScheduleExport:
    """The plan of a synthetic portfolio in 100 county-level places (see above)."""
    return hundred_places_export()
