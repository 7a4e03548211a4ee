"""The 导入 page's pure views: sizes from an upload's length, wrong files named for what they
are, the plan's details, and what a check says, in Chinese and in English."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from flask import Flask

from portfolio.errors import ImportFileError, Location, Problem
from portfolio.records import PlanLevel
from portfolio.services.plan_import import MAX_IMPORT_BYTES, PlanInfo
from portfolio.services.schedule_import import ProfileChange, ProfileImportReport
from ui.i18n import LANG_COOKIE
from ui.pages.upload.outcomes import (
    change_rows,
    problems_shown,
)
from ui.pages.upload.views import (
    content_refusal,
    decode,
    decoded_size,
    plan_info,
    refusal,
    report_date,
    size_text,
)

PLAN_FORM = {"key": " extra ", "title": "", "level": "county", "region": "晋江市"}


def _address(data: bytes, mime: str = "application/octet-stream") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


@pytest.mark.parametrize("length", [0, 1, 2, 3, 4, 5, 1000, 1001, 1002])
def test_the_size_is_read_from_the_uploads_length(length: int) -> None:
    data = bytes(range(256)) * 4
    address = _address(data[:length])
    assert decoded_size(address) == length
    assert decode(address) == data[:length]


def test_what_is_not_base64_is_not_decoded() -> None:
    assert decode("data:text/plain;base64,***") is None
    assert decode("no address at all") is None


def test_a_file_over_the_limit_is_refused_by_its_size() -> None:
    said = refusal("大表.xlsx", MAX_IMPORT_BYTES + 1)
    assert said == "大表.xlsx 有 20.0 MB，超过导入文件的上限 20.0 MB：未接收。"
    assert refusal("大表.xlsx", MAX_IMPORT_BYTES) is None


def test_other_kinds_of_file_are_refused_and_named() -> None:
    assert refusal("说明.docx", 100) == (
        "不能导入 说明.docx（这是Word 文档）：只接受 .xlsx / .xlsm / .csv 文件。"
    )
    assert refusal("照片.PNG", 100) is not None and "PNG 图片" in str(refusal("照片.PNG", 100))
    assert refusal("表.csv", 100, (".xlsx",)) == "不能导入 表.csv：只接受 .xlsx 文件。"
    assert refusal("空.csv", 0) == "空.csv 是空文件。"
    png = b"\x89PNG\r\n\x1a\n" + bytes(8)
    assert (
        content_refusal("项目.xlsx", png)
        == "不能导入 项目.xlsx：内容是PNG 图片，不是工作簿或表格。"
    )
    assert content_refusal("项目.xlsx", b"PK\x03\x04") is None


def test_the_plans_details_as_typed() -> None:
    info, errors = plan_info({**PLAN_FORM, "start": "2026", "end": 2030})
    assert errors == []
    assert info == PlanInfo(
        key="extra", level=PlanLevel.COUNTY, region="晋江市", period_start=2026, period_end=2030
    )


def test_every_mistake_in_the_plans_details_at_once() -> None:
    info, errors = plan_info({**PLAN_FORM, "start": "二〇二六", "end": "1800", "level": "x"})
    assert info is None
    assert errors == [
        "规划起始年须为 1949–2100 之间的年份",
        "规划结束年须为 1949–2100 之间的年份",
        "未知的规划级别“x”",
    ]
    _, errors = plan_info({**PLAN_FORM, "start": 2030, "end": 2026})
    assert errors == ["规划结束年（2026）早于起始年（2030）"]


def test_the_report_date() -> None:
    today = dt.date(2026, 12, 1)
    assert report_date("", today) == (today, "")
    assert report_date("2026-06-30", today) == (dt.date(2026, 6, 30), "")
    assert report_date("6月30日", today) == (None, "报告日期“6月30日”不是日期（如 2026-06-30）")


def test_problems_are_listed_at_their_sheet_row_and_column() -> None:
    problems = [
        Problem(Location("坏.xlsx", "项目", 5, "总投资（亿元）"), "“一亿” is not an amount"),
        Problem(Location("坏.xlsx"), "the file has no 项目名称 column"),
    ]
    shown = problems_shown(ImportFileError(problems, total=60))
    assert shown.color == "danger" and not shown.confirmable
    assert shown.message == "坏.xlsx 不能导入：60 个问题。未作任何改动；请改正后重新上传。"
    assert shown.note == "仅列出前 2 个问题。"
    assert shown.rows[0] == {
        "file": "坏.xlsx",
        "sheet": "项目",
        "row": "5",
        "column": "总投资（亿元）",
        "message": "“一亿” is not an amount",
    }
    assert shown.rows[1]["row"] == "" and shown.rows[1]["sheet"] == ""


def test_a_schedules_changes_year_by_year() -> None:
    change = ProfileChange(7, "某项目", {2021: 100, 2022: 200}, {2021: 1, 2022: 299})
    report = ProfileImportReport(changed=1, unchanged=3, changes=(change,))
    assert change_rows(report) == [
        {"id": 7, "name": "某项目", "year": 2021, "before": 100, "after": 1},
        {"id": 7, "name": "某项目", "year": 2022, "before": 200, "after": 299},
    ]


def test_sizes_as_people_read_them() -> None:
    assert size_text(1536 * 1024) == "1.5 MB" and size_text(12_000) == "12 KB"
    assert size_text(10) == "1 KB"


def test_the_messages_in_english() -> None:
    app = Flask(__name__)
    with app.test_request_context("/upload", headers={"Cookie": f"{LANG_COOKIE}=en"}):
        assert refusal("a.docx", 1) == (
            "Cannot import a.docx (a Word document): only .xlsx / .xlsm / .csv files are taken."
        )
        _, errors = plan_info({**PLAN_FORM, "start": 2030, "end": 2026})
        assert errors == ["The plan's last year (2026) is before its first year (2030)"]
        shown = problems_shown(ImportFileError([Problem(Location("b.xlsx", "s", 2, "c"), "x")]))
        assert shown.message.startswith("b.xlsx cannot be imported: 1 problem")
