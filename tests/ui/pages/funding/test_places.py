"""The 资金 page's many places: the largest ten and 其他, the picker, the places' caps."""

from __future__ import annotations

from portfolio.exports.model import CapLine
from tests.ui.pages.funding.test_views import _export, _row
from ui.pages.funding.places import (
    MAX_CAP_PANELS,
    PlaceCap,
    largest_groups,
    picker_options,
    place_caps,
    place_caps_figure,
    shown_groups,
)
from ui.pages.funding.views import (
    OTHERS_LABEL,
    FundingBy,
    FundingQuery,
    funding_query,
    funding_query_from_search,
    search_for_funding,
)

YEARS = [2021, 2022, 2023]
# Fifteen places: 县01 spends 1 万元 a year, 县15 fifteen.
GROUPS = {f"县{n:02d}": {2021: n, 2022: n, 2023: n} for n in range(1, 16)}


def _column_sums(groups: dict[str, dict[int, int]]) -> dict[int, int]:
    return {year: sum(spend[year] for spend in groups.values()) for year in YEARS}


def test_the_ten_largest_are_drawn_apart_and_the_rest_add_up_to_others() -> None:
    shown = shown_groups(GROUPS, YEARS)
    assert list(shown) == [f"县{n:02d}" for n in range(15, 5, -1)] + [OTHERS_LABEL]
    assert shown[OTHERS_LABEL] == {2021: 15, 2022: 15, 2023: 15}  # 1 + 2 + 3 + 4 + 5
    assert _column_sums(shown) == _column_sums(GROUPS)


def test_picked_groups_are_drawn_apart_largest_first_and_unknown_names_ignored() -> None:
    shown = shown_groups(GROUPS, YEARS, ["县02", "火星县", "县09"])
    assert list(shown) == ["县09", "县02", OTHERS_LABEL]
    assert _column_sums(shown) == _column_sums(GROUPS)


def test_no_others_when_every_group_is_shown_and_silent_groups_are_not_largest() -> None:
    groups = {"甲": {2021: 5}, "乙": {2021: 0}}
    assert largest_groups(groups, [2021]) == ["甲"]
    assert list(shown_groups(groups, [2021])) == ["甲"]  # 乙 spends nothing: no 其他


def test_picker_lists_every_group_largest_first_with_its_spend() -> None:
    options = picker_options(GROUPS, YEARS)
    assert len(options) == 15
    assert options[0] == {"label": "县15（0.0045 亿元）", "value": "县15"}


def test_a_query_with_picked_places_survives_the_address() -> None:
    query = funding_query("压减", "county", ["晋江市", "丰泽区", "晋江市", " "])
    assert query.picked == ("晋江市", "丰泽区")
    assert funding_query_from_search(search_for_funding(query)) == query
    # One ``show=`` arrives from Dash as a string, not a list.
    assert funding_query(None, "county", "晋江市").picked == ("晋江市",)
    assert "show" not in search_for_funding(FundingQuery(by=FundingBy.CITY))


def _cap(kind: str, key: str, year: int, cap: int, used: int, **extra: str) -> CapLine:
    return CapLine(kind, key, year, cap, used, used == cap, **extra)


def test_place_caps_keep_the_tightest_whole_year_cap_of_the_grouping() -> None:
    caps = (
        _cap("region", "晋江市", 2023, 900, 900),
        _cap("region", "晋江市", 2023, 1200, 900),
        _cap("region", "晋江市", 2024, 500, 100, period="2024Q2"),  # a quarter's: not drawn
        _cap("city", "泉州市", 2023, 5000, 4000),
        _cap("total", "", 2023, 9000, 8000),
    )
    export = _export([_row(1, {2023: 900}, "晋江市")], caps)
    assert place_caps(export, FundingBy.COUNTY) == {
        "晋江市": {2023: PlaceCap("晋江市", 2023, 900, 900, True)}
    }
    assert list(place_caps(export, FundingBy.CITY)) == ["泉州市"]
    assert place_caps(export, FundingBy.TABLE) == {}


def test_each_capped_place_gets_a_panel_with_its_spend_and_its_cap() -> None:
    caps = {
        "县03": {2022: PlaceCap("县03", 2022, 3, 3, True)},
        "县05": {2021: PlaceCap("县05", 2021, 10, 5, False)},
    }
    figure = place_caps_figure(GROUPS, YEARS, caps, "县（市、区）")
    assert figure is not None
    titles = [annotation.text for annotation in figure.layout.annotations]
    assert titles == ["县03", "县05"]
    bars = [trace for trace in figure.data if trace.type == "bar"]
    lines = [trace for trace in figure.data if trace.type == "scatter"]
    assert [list(bar.customdata) for bar in bars] == [["0.0003"] * 3, ["0.0005"] * 3]
    assert [list(line.x) for line in lines] == [[2022], [2021]]
    assert lines[0].marker.line.color[0] != lines[1].marker.line.color[0]  # binding in red
    assert place_caps_figure(GROUPS, YEARS, {}, "县（市、区）") is None


def test_no_more_panels_than_can_be_read() -> None:
    caps = {key: {2021: PlaceCap(key, 2021, 1, 1, True)} for key in GROUPS}
    figure = place_caps_figure(GROUPS, YEARS, caps, "县（市、区）")
    assert figure is not None
    assert len(figure.layout.annotations) == MAX_CAP_PANELS
