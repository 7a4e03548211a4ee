"""One county, one figure: every surface gives each place the same total (issue: three totals).

The overview's table, the 资金 page's yearly groups, the scenario comparison, the command line
and the workbook recalculated by LibreOffice all read a place's money by the one rule of
``portfolio.shares``; a place's total is the sum of its yearly amounts on each of them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from portfolio.exports.model import ExportOptions, Grouping, MoneyUnit
from portfolio.exports.workbook import write_workbook
from portfolio.services.exports import page_schedule, schedule_export
from portfolio.services.places import PlaceTotals, place_totals
from portfolio.services.workspace import Workspace
from tests.portfolio.exports.test_libreoffice import recalculated_sheets
from ui.pages.funding.views import FundingBy, yearly_groups

runner = CliRunner()


@pytest.fixture(scope="module")
def workspace(loaded_workspace: Workspace) -> Workspace:
    return loaded_workspace


@pytest.fixture(scope="module")
def totals(workspace: Workspace) -> PlaceTotals:
    return place_totals(workspace)


def test_a_places_total_is_the_sum_of_its_years(totals: PlaceTotals) -> None:
    for place in totals.places:
        assert place.investment_wan == sum(place.by_year.values()) + place.undated_wan
    jinjiang = next(p for p in totals.counties() if p.name == "晋江市")
    # Each year's amount split over a project's places, summed: not the whole investments of
    # the projects touching it (1791.35 亿元), and no longer the total split once (773.0333).
    assert jinjiang.investment_wan == 7_731_325


def test_the_funding_page_and_the_comparison_give_the_overviews_totals(
    workspace: Workspace, totals: PlaceTotals
) -> None:
    export = page_schedule(workspace)
    funding = yearly_groups(export, FundingBy.COUNTY)
    cities = yearly_groups(export, FundingBy.CITY)
    for place in totals.counties():
        shown = funding.get(place.name, {})  # a place whose projects have no money: no line
        assert sum(shown.values()) == place.investment_wan, place.name
        assert dict(shown) == {year: place.by_year.get(year, 0) for year in shown}
    for place in totals.cities():
        assert sum(cities.get(place.name, {}).values()) == place.investment_wan, place.name


def test_the_command_line_gives_the_same_totals(loaded_url: str, totals: PlaceTotals) -> None:
    for by, places in (("county", totals.counties()), ("city", totals.cities())):
        result = runner.invoke(app, ["tables", "--by", by, "--format", "json", "--db", loaded_url])
        assert result.exit_code == 0, result.output
        printed = {item["place"]: item["total_wan"] for item in json.loads(result.output)}
        assert printed == {p.name: p.investment_wan for p in places}


def test_projects_of_a_county_state_both_figures(loaded_url: str) -> None:
    result = runner.invoke(app, ["projects", "--county", "晋江", "--db", loaded_url])
    assert result.exit_code == 0, result.output
    assert "总投资 1791.35 亿元" in result.output  # the projects touching it, counted once
    assert "其中晋江市的份额 773.1325 亿元" in result.output


def _recalculated_totals(sheets: dict[str, list[list[str]]], names: set[str]) -> dict[str, int]:
    """Each place's figure in the last column of its line on the summary sheet, in 万元."""
    found: dict[str, int] = {}
    for rows in sheets.values():
        for row in rows:
            if row and row[0] in names and row[0] not in found:
                numbers = [cell for cell in row[1:] if cell.strip()]
                found[row[0]] = int(Decimal(numbers[-1]))
    return found


@pytest.mark.libreoffice
def test_the_workbook_recalculated_by_libreoffice_gives_the_same_totals(
    workspace: Workspace, totals: PlaceTotals, tmp_path: Path
) -> None:
    export = schedule_export(workspace)
    path = tmp_path / "by-county.xlsx"
    write_workbook(export, path, ExportOptions(unit=MoneyUnit.WAN, by=Grouping.COUNTY))
    sheets = recalculated_sheets(path, tmp_path)
    # A place whose projects have no money has no line of figures.
    counties = {p.name: p.investment_wan for p in totals.counties() if p.investment_wan}
    assert len(counties) > 30
    assert _recalculated_totals(sheets, set(counties)) == counties
