"""The 项目库 progress panel's pure side: what was typed, checked; what was reported, shown."""

from __future__ import annotations

import datetime as dt

from portfolio.actuals import ActualStatus, ProjectActuals
from ui.components.progress_views import parse_progress, progress_rows, progress_summary

WINDOW = (2021, 2025)


def test_a_good_row_is_read_with_thousands_separators_and_full_width_digits() -> None:
    form = parse_progress("２０２４", "1,200", "in_progress", " 进度滞后 ", window=WINDOW)
    assert form.errors == {}
    assert (form.year, form.spend_wan, form.status, form.note) == (
        2024,
        1200,
        ActualStatus.IN_PROGRESS,
        "进度滞后",
    )
    assert parse_progress("2024", "", "completed", None, window=WINDOW).spend_wan is None


def test_each_wrong_field_gets_its_message() -> None:
    assert parse_progress("2010", "5", None, "", window=WINDOW).errors == {
        "year": "年份须在 2016-2030 之间"
    }
    assert parse_progress("2024", "12.5", None, "", window=WINDOW).errors == {
        "spend": "“12.5”不是整万元数"
    }
    assert parse_progress("2024", "-3", None, "", window=WINDOW).errors == {
        "spend": "实际完成投资不能为负数"
    }
    assert parse_progress("2024", "", None, "", window=WINDOW).errors == {
        "spend": "请填写实际完成投资或状态"
    }


def test_what_was_reported_is_summed_against_the_total() -> None:
    actuals = ProjectActuals(
        7,
        {2022: 1200, 2023: 800},
        ActualStatus.IN_PROGRESS,
        last_reported=dt.date(2026, 1, 31),
        sources={2022: "进度.xlsx · 进度 · 第3行", 2023: "进度.xlsx · 进度 · 第4行"},
    )
    assert progress_summary(actuals, 8000) == (
        "累计完成 2,000 万元（0.2亿元），占总投资 25.0% · 在建 · 2026-01-31"
    )
    assert [row["year"] for row in progress_rows(actuals)] == [2023, 2022]
    assert progress_rows(actuals)[0]["source"] == "进度.xlsx · 进度 · 第4行"
    assert progress_summary(None, 8000) == "尚未报告实际完成情况。"
