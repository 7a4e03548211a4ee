"""The funding page's pure functions, on the bundled plans and a stored cut run."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import flask
import pytest

from portfolio.exports.model import CapLine, Grouping, ScheduleExport, ScheduleRow
from portfolio.formatting import yi_text
from portfolio.services.exports import schedule_export
from portfolio.services.workspace import Workspace
from ui.pages.funding.views import (
    CAP_LABEL,
    DEFAULT_BY,
    TOTAL_LABEL,
    UNPLACED_LABEL,
    FundingBy,
    FundingQuery,
    column_totals,
    cumulative,
    cumulative_figure,
    funding_figure,
    funding_query_from_search,
    funding_rows,
    group_label,
    search_for_funding,
    shown_years,
    total_caps,
    yearly_groups,
)

ROOT = Path(__file__).resolve().parents[4]
CUT = ROOT / "data" / "scenarios" / "cut-2023.toml"

Exports = dict[str, ScheduleExport]


@pytest.fixture(scope="module")
def exports(loaded_url: str) -> Exports:
    """The plan's schedule and the cut scenario's last run."""
    workspace = Workspace(loaded_url)
    try:
        result = workspace.run_scenario(CUT.read_text(encoding="utf-8"), "cut")
        name = workspace.scenarios()[0].name
        assert result.has_plan and result.status.value in ("optimal", "feasible")
        exports = {
            "plan": schedule_export(workspace, None),
            "cut": schedule_export(workspace, name),
        }
        return exports
    finally:
        workspace.close()


@pytest.mark.parametrize("which", ["plan", "cut"])
@pytest.mark.parametrize("by", list(FundingBy))
def test_groups_add_up_to_the_schedule_total_every_year(
    exports: Exports, which: str, by: FundingBy
) -> None:
    export = exports[which]
    groups = yearly_groups(export, by)
    assert len(groups) > 1
    assert column_totals(groups, export.years) == export.total_by_year()
    assert sum(export.total_by_year().values()) > 0


def test_groups_are_the_export_totals_themselves(exports: Exports) -> None:
    export = exports["cut"]
    for by, grouping in ((FundingBy.COUNTY, Grouping.COUNTY), (FundingBy.CITY, Grouping.CITY)):
        groups = yearly_groups(export, by)
        placed = {key: spend for key, spend in groups.items() if key != UNPLACED_LABEL}
        assert placed == export.totals_by(grouping)
    tables = yearly_groups(export, FundingBy.TABLE)
    assert list(tables) == [f"{plan} {table}" for plan, table in export.totals_by_table()]


@pytest.mark.parametrize("by", list(FundingBy))
def test_total_row_is_the_exact_sum(exports: Exports, by: FundingBy) -> None:
    export = exports["cut"]
    years = shown_years(export)
    groups = yearly_groups(export, by)
    rows = funding_rows(groups, years)
    assert [row["group"] for row in rows] == [*groups, TOTAL_LABEL]
    total_row = rows[-1]
    totals = export.total_by_year()
    for year in years:
        assert total_row[str(year)] == yi_text(totals[year])
    assert total_row["total"] == yi_text(sum(totals.values()))
    # Each group's own 合计 column is its row's sum.
    for row, spend in zip(rows, groups.values(), strict=False):
        assert row["total"] == yi_text(sum(spend[year] for year in years))


def test_caps_line_only_for_a_scenario_with_caps(exports: Exports) -> None:
    plan, cut = exports["plan"], exports["cut"]
    assert total_caps(plan) == {}
    caps = total_caps(cut)
    assert list(caps) == [2023]
    # The scenario caps 2023 at 80% of the plan's spend that year, rounded down to 万元.
    planned = Fraction(plan.total_by_year()[2023]) * Fraction(4, 5)
    assert caps[2023] <= planned < caps[2023] + 1
    assert cut.total_by_year()[2023] <= caps[2023]

    def names(export: ScheduleExport) -> list[str]:
        years = shown_years(export)
        figure = funding_figure(
            yearly_groups(export, FundingBy.CITY), years, total_caps(export), ""
        )
        return [trace.name for trace in figure.data]

    assert CAP_LABEL not in names(plan)
    assert CAP_LABEL in names(cut)


def test_cumulative_curve_ends_at_the_total(exports: Exports) -> None:
    for export in exports.values():
        years = shown_years(export)
        totals = export.total_by_year()
        curve = cumulative(totals, years)
        assert curve[-1] == sum(totals.values())
        assert curve == sorted(curve)
        figure = cumulative_figure(totals, years, "x", exports["plan"].total_by_year())
        assert [trace.customdata[-1] for trace in figure.data] == [
            yi_text(sum(totals.values())),
            yi_text(sum(exports["plan"].total_by_year().values())),
        ]


def test_shown_years_trim_empty_ends_only(exports: Exports) -> None:
    export = exports["plan"]
    totals = export.total_by_year()
    years = shown_years(export)
    assert totals[years[0]] > 0 and totals[years[-1]] > 0
    assert sum(totals[year] for year in years) == sum(totals.values())
    assert years == list(range(years[0], years[-1] + 1))


def test_funding_query_round_trips_through_the_url() -> None:
    query = FundingQuery(scenario="2023年压减20%", by=FundingBy.TABLE)
    assert funding_query_from_search(search_for_funding(query)) == query
    assert search_for_funding(FundingQuery()) == f"?by={DEFAULT_BY.value}"
    assert funding_query_from_search("?by=nonsense&scenario=") == FundingQuery()


def _export(rows: list[ScheduleRow], caps: tuple[CapLine, ...] = ()) -> ScheduleExport:
    return ScheduleExport(
        scenario="s",
        run_id=1,
        status="optimal",
        as_of=2021,
        horizon=(2020, 2024),
        objectives=(),
        caps=caps,
        rows=tuple(rows),
        changes=(),
        not_scheduled=(),
        findings=(),
        parameters="",
        made_at=dt.datetime(2024, 1, 1),
        database="sqlite://",
    )


def _row(project_id: int, spend: dict[int, int], county: str | None) -> ScheduleRow:
    parts = {county: spend} if county else {}
    return ScheduleRow(
        project_id=project_id,
        plan="p",
        table="表1",
        seq=str(project_id),
        name=f"项目{project_id}",
        units=(),
        places=county or "-",
        total_wan=sum(spend.values()),
        planned_start=min(spend),
        planned_end=max(spend),
        funded=True,
        start=min(spend),
        end=max(spend),
        delay_years=0,
        stretch_years=0,
        spend=spend,
        county_spend=parts,
        city_spend={"泉州市": spend} if county else {},
    )


def test_spend_without_a_place_gets_its_own_group() -> None:
    export = _export([_row(1, {2021: 1330, 2022: 7}, "晋江市"), _row(2, {2022: 5}, None)])
    groups = yearly_groups(export, FundingBy.COUNTY)
    assert groups[UNPLACED_LABEL] == {2020: 0, 2021: 0, 2022: 5, 2023: 0, 2024: 0}
    assert column_totals(groups, export.years) == export.total_by_year()
    assert shown_years(export) == [2021, 2022]
    rows = funding_rows(groups, shown_years(export))
    assert rows[-1] == {"group": TOTAL_LABEL, "2021": "0.133", "2022": "0.0012", "total": "0.1342"}


def test_several_total_caps_in_a_year_keep_the_tightest() -> None:
    caps = (
        CapLine("total", "", 2022, 900, 10, False),
        CapLine("total", "", 2022, 800, 10, False),
        CapLine("region", "晋江市", 2021, 5, 5, True),
    )
    export = _export([_row(1, {2021: 1330}, "晋江市")], caps)
    assert total_caps(export) == {2022: 800}
    # A capped year with no spend still shows.
    assert shown_years(export) == [2021, 2022]


def test_in_english_labels_are_english_and_places_as_named() -> None:
    caps = (CapLine("total", "", 2022, 900, 10, False),)
    export = _export([_row(1, {2021: 1330, 2022: 7}, "晋江市"), _row(2, {2022: 5}, None)], caps)
    groups = yearly_groups(export, FundingBy.CITY)
    years = shown_years(export)
    chinese = funding_figure(groups, years, total_caps(export), "设区市")
    with flask.Flask(__name__).test_request_context("/funding?lang=en"):
        figure = funding_figure(groups, years, total_caps(export), "City")
        curve = cumulative_figure(export.total_by_year(), years, "s", export.total_by_year())
        labels = [group_label(row["group"]) for row in funding_rows(groups, years)]
    assert [trace.name for trace in figure.data] == ["泉州市", "(no place)", "Cap on total"]
    assert figure.data[0].hovertemplate == (
        "泉州市<br>%{x}: %{customdata} (100M CNY)<extra></extra>"
    )
    assert figure.layout.title.text == "Investment per year, by City"
    assert (figure.layout.xaxis.title.text, figure.layout.yaxis.title.text) == ("Year", "100M CNY")
    assert [trace.name for trace in curve.data] == ["s", "Plan (as written)"]
    assert curve.layout.title.text == "Cumulative investment"
    assert labels == ["泉州市", "(no place)", "Total"]
    # The same figure in Chinese: the template's Plotly fields survive the formatting.
    assert chinese.data[0].hovertemplate == "泉州市<br>%{x}年：%{customdata} 亿元<extra></extra>"
    assert [trace.name for trace in chinese.data] == ["泉州市", UNPLACED_LABEL, CAP_LABEL]
    assert chinese.layout.title.text == "各年投资（按设区市）"


def test_a_quarters_cap_is_not_the_years_cap() -> None:
    caps = (
        CapLine("total", "", 2023, 900, 10, False, period=""),  # the four quarters together
        CapLine("total", "", 2023, 200, 10, True, period="2023Q2"),
        CapLine("total", "", 2024, 50, 10, True, period="2024-05"),
    )
    export = _export([_row(1, {2023: 1330}, "晋江市")], caps)
    assert total_caps(export) == {2023: 900}
