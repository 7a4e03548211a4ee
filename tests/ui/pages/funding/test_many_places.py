"""资金 by county for a hundred places: ten and 其他 drawn, every place in the picker."""

from __future__ import annotations

from portfolio.exports.model import Grouping, ScheduleExport
from ui.pages.funding.layout import content_of
from ui.pages.funding.places import TOP_GROUPS
from ui.pages.funding.views import OTHERS_LABEL, TOTAL_LABEL, FundingBy, FundingQuery


def test_by_county_draws_the_ten_largest_and_the_rest_as_others(
    hundred_places: ScheduleExport,
) -> None:
    shown = content_of(hundred_places, hundred_places, FundingQuery(by=FundingBy.COUNTY))
    names = [trace.name for trace in shown.chart.data]
    assert len(names) <= TOP_GROUPS + 1 == 11
    assert names[-1] == OTHERS_LABEL
    counties = hundred_places.totals_by(Grouping.COUNTY)
    largest = sorted(counties, key=lambda c: (-sum(counties[c].values()), c))[:TOP_GROUPS]
    assert names[:-1] == largest
    # Ten and 其他 still add up to the schedule's total in each year.
    totals = hundred_places.total_by_year()
    for i, year in enumerate(shown.chart.data[0].x):
        drawn = sum(float(trace.y[i]) for trace in shown.chart.data)
        assert abs(drawn - totals[year] / 10_000) < 1e-6


def test_the_picker_lists_all_hundred_places_largest_first(
    hundred_places: ScheduleExport,
) -> None:
    shown = content_of(hundred_places, hundred_places, FundingQuery(by=FundingBy.COUNTY))
    values = [option["value"] for option in shown.picker]
    assert sorted(values) == sorted(hundred_places.city_of) and len(values) == 100
    counties = hundred_places.totals_by(Grouping.COUNTY)
    spent = [sum(counties[value].values()) for value in values]
    assert spent == sorted(spent, reverse=True)
    # The table keeps every place, and the 合计 row.
    body = shown.table.children[1].children
    assert len(body) == 101 and body[-1].children[0].children == TOTAL_LABEL


def test_picked_places_are_drawn_apart_and_the_others_added_up(
    hundred_places: ScheduleExport,
) -> None:
    picked = ("三明03县", "宁德12县", "厦门01县")
    query = FundingQuery(by=FundingBy.COUNTY, picked=(*picked, "不存在县"))
    shown = content_of(hundred_places, hundred_places, query)
    assert shown.query.picked == picked  # a name that is no place is dropped
    names = [trace.name for trace in shown.chart.data]
    assert sorted(names[:-1]) == sorted(picked) and names[-1] == OTHERS_LABEL
