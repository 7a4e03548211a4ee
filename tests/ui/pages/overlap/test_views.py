"""The 重叠 page's pure functions, on the bundled plans and a small hand-made schedule."""

from __future__ import annotations

from collections.abc import Iterator

import flask
import pytest

from portfolio.exports.model import Grouping, ScheduleExport
from portfolio.formatting import yi_text
from portfolio.services.exports import schedule_export
from portfolio.services.workspace import Workspace
from tests.ui.pages.gantt.test_views import SMALL
from ui.pages.overlap.views import overlap_heatmap, unit_loads


@pytest.fixture(scope="module")
def plan(loaded_url: str) -> Iterator[ScheduleExport]:
    workspace = Workspace(loaded_url)
    yield schedule_export(workspace)
    workspace.close()


def test_heatmap_counts_and_spend(plan: ScheduleExport) -> None:
    counts = overlap_heatmap(plan, city="泉州市").data[0]
    row = list(counts.y).index("泉州市·晋江市")
    for column, year in enumerate(counts.x):
        direct = sum(1 for r in plan.rows if "晋江市" in r.county_spend and r.active(int(year)))
        assert counts.z[row][column] == direct
    spend = overlap_heatmap(plan, measure="spend", city="泉州市").data[0]
    totals = plan.totals_by(Grouping.COUNTY)["晋江市"]
    assert list(spend.z[row]) == [totals[int(year)] for year in spend.x]
    assert spend.text[row][list(spend.x).index("2022")] == yi_text(totals[2022])


def test_units_with_several_projects_at_once(plan: ScheduleExport) -> None:
    loads = unit_loads(plan)
    assert loads
    for load in loads[:20]:
        running = [r.name for r in plan.rows if load.unit in r.units and r.active(load.year)]
        assert list(load.projects) == running and len(running) >= 2
    assert [len(load.projects) for load in loads] == sorted(
        (len(load.projects) for load in loads), reverse=True
    )
    small = unit_loads(SMALL)
    assert {(load.unit, load.year) for load in small} == {
        ("甲单位", 2021),
        ("甲单位", 2022),
        ("甲单位", 2023),
    }
    assert next(x for x in small if x.year == 2022).projects == ("甲", "甲", "丙")


def test_overlapping_pairs_of_a_county(plan: ScheduleExport) -> None:
    assert [
        (p.first, p.second, p.from_year, p.to_year) for p in SMALL.overlapping_pairs("晋江市")
    ] == [("甲", "甲", 2022, 2022)]  # 乙 was moved to 2024-2025 and no longer overlaps
    pairs = plan.overlapping_pairs("晋江市")
    rows = [r for r in plan.rows if "晋江市" in r.county_spend]
    direct = sum(
        1
        for i, a in enumerate(rows)
        for b in rows[i + 1 :]
        if any(a.active(y) and b.active(y) for y in plan.years)
    )
    assert len(pairs) == direct > 0
    assert all(pair.years >= 1 for pair in pairs)


ENGLISH = "/overlap?lang=en"


def test_in_english_the_heatmap_is_english(plan: ScheduleExport) -> None:
    with flask.Flask(__name__).test_request_context(ENGLISH):
        spend = overlap_heatmap(plan, measure="spend", city="泉州市").data[0]
        counts = overlap_heatmap(plan, city="泉州市").data[0]
    assert spend.colorbar.title.text == "10k CNY" and counts.colorbar.title.text == "Projects"
    assert "(100M CNY)" in spend.hovertemplate and "projects running" in counts.hovertemplate
    assert "泉州市·晋江市" in counts.y  # places stay as named
