"""The 指标 page's pure functions, on the bundled plans' indicators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import flask
import pytest

from portfolio.services.progress import ReportedValue
from portfolio.services.queries import IndicatorView
from portfolio.services.workspace import Workspace
from ui.pages.indicators.views import (
    chartable,
    indicator_figure,
    indicator_rows,
    indicator_search,
    indicator_years,
    numeric_targets,
    target_number,
)


@pytest.fixture(scope="module")
def indicators(loaded_url: str) -> Iterator[list[IndicatorView]]:
    """Every indicator of the bundled plans."""
    workspace = Workspace(loaded_url)
    yield workspace.indicators()
    workspace.close()


def test_indicator_table_keeps_values_as_written(indicators: list[IndicatorView]) -> None:
    years = indicator_years(indicators)
    rows = indicator_rows(indicators, years)
    assert len(rows) == len(indicators)
    for view, row in zip(indicators, rows, strict=True):
        assert row["note"] == view.note
        for year in years:
            assert row[str(year)] == view.targets.get(year, "")
    written = {text for view in indicators for text in view.targets.values()}
    notes = {view.note for view in indicators}
    # The bundled plans write targets with qualifiers, dashes and bracketed increments.
    assert {"20以上", "-"} <= written
    assert "[6.8]" in notes
    annual = [view for view in indicators if view.table == "附件5"]
    assert len(annual) == 13
    assert all(set(view.targets) == set(range(2020, 2026)) for view in annual)


def test_target_numbers_are_read_from_the_written_text() -> None:
    assert target_number("20以上") == Decimal("20")
    assert target_number("18 以上") == Decimal("18")
    assert target_number("＞18") == Decimal("18")
    assert target_number("力争达到 10.2") == Decimal("10.2")
    assert target_number("１.５") == Decimal("1.5")
    assert target_number("-") is None
    assert target_number("--") is None
    assert target_number("") is None
    assert target_number("3-5") is None  # a range is not one number


def test_numeric_targets_skip_unwritten_values(indicators: list[IndicatorView]) -> None:
    (view,) = [v for v in indicators if v.table == "附件5" and v.targets.get(2020) == "-"]
    numbers = numeric_targets(view)
    assert 2020 not in numbers
    assert set(numbers) == set(range(2021, 2026))
    assert all(str(numbers[y]) == view.targets[y] for y in numbers)


def test_indicator_search_leaves_out_empty_choices() -> None:
    assert indicator_search(None, None) == ""
    assert indicator_search("p", None) == "?plan=p"
    assert "indicator=" in indicator_search("p", "p/附件5/1")


def test_indicator_chart_in_both_languages(indicators: list[IndicatorView]) -> None:
    view = next(v for v in chartable(indicators) if v.unit)
    chinese = indicator_figure(view)
    with flask.Flask(__name__).test_request_context("/indicators?lang=en"):
        english = indicator_figure(view)
    assert chinese.layout.title.text == f"{view.seq}. {view.name}（{view.unit}）"
    assert english.layout.title.text == f"{view.seq}. {view.name} ({view.unit})"
    assert (chinese.layout.xaxis.title.text, english.layout.xaxis.title.text) == ("年份", "Year")
    assert english.layout.yaxis.title.text == view.unit  # the plan's unit, as written
    assert english.data[0].hovertemplate == "%{x}: %{text}<extra></extra>"
    assert list(english.data[0].text) == [view.targets[year] for year in english.data[0].x]


def _reported(indicator: int, year: int, raw: str) -> ReportedValue:
    number = target_number(raw)
    return ReportedValue(
        indicator, year, raw, number, dt.date(2025, 12, 31), "进度.xlsx · 指标 · 第3行"
    )


def test_reported_values_stand_beside_their_targets(indicators: list[IndicatorView]) -> None:
    view = next(v for v in indicators if v.table == "附件5")
    reported = {
        view.id: {2023: _reported(view.id, 2023, "21.5"), 2026: _reported(view.id, 2026, "待统计")}
    }
    years = indicator_years([view], reported)
    assert years[-1] == 2026  # a year reported but never targeted gets its column
    (row,) = indicator_rows([view], years, reported)
    assert (row["2023"], row["2023-reported"]) == (view.targets[2023], "21.5")
    assert row["2023-source"] == "2025-12-31 报告：进度.xlsx · 指标 · 第3行"
    assert (row["2026"], row["2026-reported"]) == ("", "待统计")
    assert row["2024-reported"] == ""
    figure = indicator_figure(view, reported[view.id])
    target, actual = figure.data
    assert list(target.x) == sorted(numeric_targets(view))  # the targets' line as before
    assert (list(actual.x), list(actual.y), list(actual.text)) == ([2023], [21.5], ["21.5"])
    assert actual.name == "实际"


def test_an_indicator_with_only_reported_numbers_is_chartable(
    indicators: list[IndicatorView],
) -> None:
    view = next(v for v in indicators if not numeric_targets(v))
    assert view not in chartable([view])
    assert chartable([view], {view.id: {2024: _reported(view.id, 2024, "3")}}) == [view]
    assert len(indicator_figure(view).data) == 1  # no reports: the targets alone
