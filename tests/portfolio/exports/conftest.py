"""A small schedule export made by hand: three projects, one delayed, one in two cities."""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.exports.model import ChangeLine, ScheduleExport, ScheduleRow

INJECTED_NAME = '=HYPERLINK("http://example.invalid","点击")'


def make_export() -> ScheduleExport:
    rows = (
        ScheduleRow(
            project_id=1,
            plan="quanzhou-st-14fyp",
            table="附件1",
            seq="1",
            name="清源创新实验室",
            units=("泉州市政府",),
            places="丰泽区",
            total_wan=1330,
            planned_start=2021,
            planned_end=2023,
            funded=True,
            start=2021,
            end=2023,
            delay_years=0,
            stretch_years=0,
            spend={2021: 444, 2022: 443, 2023: 443},
            county_spend={"丰泽区": {2021: 444, 2022: 443, 2023: 443}},
            city_spend={"泉州市": {2021: 444, 2022: 443, 2023: 443}},
        ),
        ScheduleRow(
            project_id=2,
            plan="quanzhou-st-14fyp",
            table="附件2",
            seq="2",
            name=INJECTED_NAME,
            units=("+某单位", "@某单位"),
            places="-晋江市",
            total_wan=20_001,
            planned_start=2022,
            planned_end=2023,
            funded=True,
            start=2024,
            end=2025,
            delay_years=2,
            stretch_years=0,
            spend={2024: 10_001, 2025: 10_000},
            county_spend={"晋江市": {2024: 10_001, 2025: 10_000}},
            city_spend={"泉州市": {2024: 10_001, 2025: 10_000}},
        ),
        ScheduleRow(
            project_id=3,
            plan="fujian-st-14fyp",
            table="表1",
            seq="3",
            name="跨市平台",
            units=("省科技厅",),
            places="晋江市、鼓楼区",
            total_wan=7,
            planned_start=2021,
            planned_end=2022,
            funded=True,
            start=2021,
            end=2022,
            delay_years=0,
            stretch_years=0,
            spend={2021: 4, 2022: 3},
            county_spend={"晋江市": {2021: 2, 2022: 2}, "鼓楼区": {2021: 2, 2022: 1}},
            city_spend={"泉州市": {2021: 2, 2022: 2}, "福州市": {2021: 2, 2022: 1}},
        ),
    )
    return ScheduleExport(
        scenario="测试 & 情景",
        run_id=7,
        status="optimal",
        as_of=2021,
        horizon=(2021, 2025),
        objectives=(),
        caps=(),
        rows=rows,
        changes=(ChangeLine(2, "2023年总额上限已满"),),
        not_scheduled=(),
        findings=(),
        parameters='name = "测试"\n= not a formula\n',
        made_at=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        database="sqlite:///portfolio.sqlite3",
        city_of={"丰泽区": "泉州市", "晋江市": "泉州市", "鼓楼区": "福州市"},
    )


@pytest.fixture
def small_export() -> ScheduleExport:
    return make_export()
