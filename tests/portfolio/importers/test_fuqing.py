"""Tests of the parser of Fuqing's S&T plan (专栏1 indicators)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio.importers.fuqing import parse_fuqing
from portfolio.importers.tab_rows import compact, read_lines
from portfolio.records import IndicatorTable, ParsedPlan, PlanLevel

SOURCE = Path(__file__).resolve().parents[3] / "data" / "sources" / "fuqing-st-14fyp.txt"


@pytest.fixture(scope="module")
def plan() -> ParsedPlan:
    return parse_fuqing(SOURCE)


@pytest.fixture(scope="module")
def box(plan: ParsedPlan) -> IndicatorTable:
    (only,) = plan.indicator_tables
    return only


def test_plan_metadata(plan: ParsedPlan) -> None:
    assert plan.key == "fuqing-st-14fyp"
    assert plan.title == "福清市“十四五”科技创新专项规划"
    assert plan.issuer == "福清市人民政府"
    assert plan.doc_number == ""
    assert plan.level is PlanLevel.COUNTY
    assert plan.region == "福清市"
    assert (plan.period_start, plan.period_end) == (2021, 2025)
    assert plan.project_tables == ()
    # The document names no issuing office: the note says where the issuer comes from.
    assert any("line 73" in note for note in plan.notes)


def test_box_found_below_its_contents_entry(box: IndicatorTable) -> None:
    assert box.key == "专栏1"
    assert box.title == "“十四五”时期福清市科技发展主要指标目标"
    assert (box.source.line_start, box.source.line_end) == (165, 167)


def test_twelve_indicators_2020_to_2025(box: IndicatorTable) -> None:
    assert len(box.rows) == 12
    assert [r.seq for r in box.rows] == [str(n) for n in range(1, 13)]
    assert all([t.year for t in r.targets] == [2020, 2025] for r in box.rows)
    assert all(r.note == "" and r.category == "" and r.attribute == "" for r in box.rows)


def test_rows_trace_to_their_lines(box: IndicatorTable) -> None:
    lines = read_lines(SOURCE)
    for indicator in box.rows:
        assert indicator.source.line_start == indicator.source.line_end
        assert indicator.source.raw_text == lines[indicator.source.line_start - 1]
        assert indicator.name in compact(indicator.source.raw_text)
    assert [r.source.line_start for r in box.rows] == list(range(168, 180))


def test_spot_values(box: IndicatorTable) -> None:
    intensity = box.rows[0]
    assert intensity.name == "全社会研究与试验发展经费投入强度(R&D/GDP)"
    assert intensity.unit == "%"
    assert [t.value_raw for t in intensity.targets] == ["3.64", "4"]
    contracts = box.rows[6]
    assert contracts.name == "技术合同认定登记总额(不含境外登记部分)"
    assert contracts.unit == "万元"
    assert [t.value_raw for t in contracts.targets] == ["1400", "10000"]
    incubators = box.rows[8]
    assert incubators.name == "福州市级以上众创空间、孵化器、星创天地"
    assert [t.value_raw for t in incubators.targets] == ["5", "15"]
    last = box.rows[-1]
    assert last.name == "规上工业战略性新兴产业产值占规上工业总产值比重"
    assert [t.value_raw for t in last.targets] == ["41", "50"]
