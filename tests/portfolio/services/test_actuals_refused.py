"""A progress report with any problem is refused whole: each problem named by its file,
sheet, row and column and why, all of them at once, and nothing stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from portfolio.exports.model import Language
from portfolio.services.actuals_import import ActualsImportError
from portfolio.services.workspace import Workspace
from tests.portfolio.services.actuals_files import (
    PROJECT_HEADER,
    QINGYUAN,
    SOFTWARE_BASE,
    TWICE,
    row,
    write_report,
)

JUNE = dt.date(2026, 6, 30)
SHEET = "实际完成情况"


@pytest.fixture(scope="module")
def shared(loaded_url: str) -> Iterator[Workspace]:
    ws = Workspace(loaded_url)
    yield ws
    ws.close()


def id_of(workspace: Workspace, name: str, plan: str | None = None) -> int:
    (found,) = [v.id for v in workspace.projects() if v.name == name and plan in (None, v.plan)]
    return found


def refused(workspace: Workspace, path: Path, report_date: dt.date = JUNE) -> ActualsImportError:
    before = len(workspace.actuals.reports())
    with pytest.raises(ActualsImportError) as caught:
        workspace.actuals.import_file(path, report_date=report_date)
    assert len(workspace.actuals.reports()) == before  # nothing stored
    return caught.value


Rows = Callable[[Workspace], list[list[object]]]

# (case, rows, column of the problem, words of its message in Chinese, and in English)
CASES: list[tuple[str, Rows, str, str, str]] = [
    ("unknown id", lambda w: [row(999999, None, 2024, 1)], "项目ID",
     "没有项目ID为 999999 的项目", "no project with ID 999999"),
    ("id not a number", lambda w: [row("十二", None, 2024, 1)], "项目ID",
     "“十二”不是项目ID", "is not a project ID"),
    ("unknown name", lambda w: [row(None, "化学工程科学与技术创新实验室", 2024, 1)], "项目名称",
     f"没有名为“化学工程科学与技术创新实验室”的项目（是否要写“{QINGYUAN}”",
     "did you mean"),
    ("name of two projects", lambda w: [row(None, TWICE, 2024, 1)], "项目名称",
     "有 2 个项目名为", "write 规划, 表 and 序号, or 项目ID"),
    ("name and id disagree", lambda w: [row(id_of(w, QINGYUAN), TWICE, 2024, 1)], "项目名称",
     "与本行的项目名称", "does not match"),
    ("year not a number", lambda w: [row(id_of(w, QINGYUAN), None, "去年", 1)], "年份",
     "“去年”不是年份", "is not a year"),
    ("year out of range", lambda w: [row(id_of(w, QINGYUAN), None, 1999, 1)], "年份",
     "年份 1999 不在 2000–2100 之内", "not within 2000–2100"),
    ("year long before the plan", lambda w: [row(id_of(w, QINGYUAN), None, 2015, 1)], "年份",
     "2015 年比", "more than 5 years before"),
    ("year after the report", lambda w: [row(id_of(w, QINGYUAN), None, 2027, 1)], "年份",
     "2027 年晚于报告日期 2026-06-30", "after the report's date"),
    ("negative spend", lambda w: [row(id_of(w, QINGYUAN), None, 2024, -5)], "实际完成投资（万元）",
     "不能为负数", "cannot be negative"),
    ("text for spend", lambda w: [row(id_of(w, QINGYUAN), None, 2024, "约五百")],
     "实际完成投资（万元）", "“约五百”不是金额", "is not an amount"),
    ("formula for spend", lambda w: [row(id_of(w, QINGYUAN), None, 2024, "=100*2")],
     "实际完成投资（万元）", "此处是公式（=100*2）", "a formula"),
    ("a fraction of 万元", lambda w: [row(id_of(w, QINGYUAN), None, 2024, 12.5)],
     "实际完成投资（万元）", "“12.5”万元不是整万元", "whole"),
    ("unknown status", lambda w: [row(id_of(w, QINGYUAN), None, 2024, 1, "差不多")], "状态",
     "未知状态“差不多”：应为 未开工、在建、已完工、停缓建、取消 之一", "unknown status"),
    ("project-year twice",
     lambda w: [row(id_of(w, QINGYUAN), None, 2024, 1), row(id_of(w, QINGYUAN), None, 2024, 2)],
     "年份", "的 2024 年已在第 2 行填写", "already given in row 2"),
    ("completion before start",
     lambda w: [row(id_of(w, QINGYUAN), None, 2024, 1, start=2023, completion=2022)],
     "实际完工年份", "实际完工年份 2022 早于实际开工年份 2023", "before the actual start"),
    ("completed after the report",
     lambda w: [row(id_of(w, QINGYUAN), None, 2026, 1, "已完工", completion=2027)],
     "实际完工年份", "状态为已完工，但实际完工年份 2027 晚于报告日期", "after the report's date"),
    ("start years disagree",
     lambda w: [row(id_of(w, QINGYUAN), None, 2023, 1, start=2021),
                row(id_of(w, QINGYUAN), None, 2024, 1, start=2022)],
     "实际开工年份", "2022 与第 2 行所填的 2021 不一致", "differs from"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "column", "chinese", "english"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_each_bad_cell_is_named_by_row_and_column(
    shared: Workspace, tmp_path: Path, rows: Rows, column: str, chinese: str, english: str
) -> None:
    path = write_report(tmp_path / "bad.xlsx", rows(shared))
    error = refused(shared, path)
    (problem,) = error.problems
    last_row = 1 + len(rows(shared))
    assert (problem.location.file, problem.location.sheet) == ("bad.xlsx", SHEET)
    assert (problem.location.row, problem.location.column) == (last_row, column)
    assert chinese in problem.message(Language.ZH)
    assert english in problem.message(Language.EN)
    assert f"bad.xlsx，工作表 {SHEET}，第 {last_row} 行，列 {column}" in error.message()


def test_a_project_planned_early_may_report_its_early_years(
    shared: Workspace, tmp_path: Path
) -> None:
    path = write_report(tmp_path / "early.xlsx", [row(id_of(shared, SOFTWARE_BASE), None, 2014, 1)])
    assert shared.actuals.import_file(path, report_date=JUNE, dry_run=True).rows == 1


def test_a_missing_column_is_named_with_the_columns_found(
    shared: Workspace, tmp_path: Path
) -> None:
    header = [h for h in PROJECT_HEADER if h != "状态"]
    path = write_report(tmp_path / "nostatus.xlsx", [[1, QINGYUAN]], header=header)
    (problem,) = refused(shared, path).problems
    assert problem.location.row == 1
    said = problem.message(Language.ZH)
    assert "缺少必需的列：状态" in said and "找到的列：项目ID、项目名称、规划" in said
    english = problem.message(Language.EN)
    assert "missing" in english and "状态" in english


def test_money_without_its_unit_is_refused(shared: Workspace, tmp_path: Path) -> None:
    header = ["项目ID", "年份", "实际完成投资", "状态"]
    path = write_report(tmp_path / "nounit.xlsx", [[1, 2024, 5, "在建"]], header=header)
    (problem,) = refused(shared, path).problems
    assert problem.location.column == "实际完成投资" and "万元" in problem.message()


def test_a_file_without_a_header_says_what_it_found(shared: Workspace, tmp_path: Path) -> None:
    path = write_report(tmp_path / "other.xlsx", [["x", "y"]], header=["甲", "乙", "丙"])
    (problem,) = refused(shared, path).problems
    assert problem.location.row is None and "找到的列：甲、乙、丙" in problem.message()


def test_every_problem_at_once_up_to_a_cap(shared: Workspace, tmp_path: Path) -> None:
    qingyuan = id_of(shared, QINGYUAN)
    rows = [row(qingyuan, None, "x", -1, "?") for _ in range(100)]
    error = refused(shared, write_report(tmp_path / "many.xlsx", rows))
    assert error.total == 300 and len(error.problems) == 200
    assert "……另有 100 处" in error.message() and "and 100 more" in error.message(Language.EN)
    assert error.rows()[0][:4] == ("many.xlsx", SHEET, "2", "年份")


def test_indicator_rows_are_checked_too(shared: Workspace, tmp_path: Path) -> None:
    indicators = [
        ["quanzhou-st-14fyp", "", "", "国家高新技术企业", "家", 2025, "", 10],  # two tables
        ["quanzhou-st-14fyp", "", "", "国家高新技术企业数量", "家", 2025, "", 10],
        ["no-such-plan", "", "", "x", "", 2025, "", 10],
        ["fujian-st-14fyp", "", "", "国家高新技术企业数", "家", 2025, "", "很多"],
    ]
    path = write_report(tmp_path / "ind.xlsx", [], indicators=indicators)
    problems = refused(shared, path).problems
    said = [(p.location.sheet, p.location.row, p.message()) for p in problems]
    assert [s[:2] for s in said] == [("指标", 5), ("指标", 2), ("指标", 3), ("指标", 4)]
    assert "“很多”不是数值" in said[0][2]
    assert "请填写表和序号以区分" in said[1][2]
    assert "是否要写“国家高新技术企业”" in said[2][2]
    assert "没有规划“no-such-plan”" in said[3][2]


def test_a_text_file_named_xlsx_is_refused_as_such(shared: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("项目ID,年份\n1,2024\n", encoding="utf-8")
    (problem,) = refused(shared, path).problems
    assert problem.location.file == "fake.xlsx" and "无法读取" in problem.message()
    assert "not an xlsx workbook" in problem.message(Language.EN)


def test_an_empty_report_and_a_future_date_are_refused(shared: Workspace, tmp_path: Path) -> None:
    empty = write_report(tmp_path / "empty.xlsx", [row(id_of(shared, QINGYUAN), None, 2024)])
    assert "没有填写任何实际完成情况" in refused(shared, empty).problems[0].message()
    later = dt.date.today() + dt.timedelta(days=3)
    good = write_report(tmp_path / "good.xlsx", [row(id_of(shared, QINGYUAN), None, 2024, 1)])
    assert "晚于今天" in refused(shared, good, later).problems[0].message()


def test_a_row_must_name_its_project_and_an_indicator_its_plan(
    shared: Workspace, tmp_path: Path
) -> None:
    path = write_report(
        tmp_path / "unnamed.xlsx",
        [row(None, None, 2024, 1), row("?", None, 2024, 1)],
        indicators=[["", "", "", "国家高新技术企业数", "家", 2025, "", 10]],
    )
    problems = refused(shared, path).problems
    said = [(p.location.row, p.location.column, p.message(Language.EN)) for p in problems]
    assert said == [
        (3, "项目ID", "“?” is not a project ID (a whole number above 0)"),
        (2, None, "no project: write its 项目ID or 项目名称"),
        (2, "规划", "write the plan and the indicator's name"),
    ]
