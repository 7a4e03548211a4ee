"""``portfolio template --actuals``, ``import-actuals`` and ``actuals`` as an office runs
them, in Chinese and in English, on an SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from commands.main import app
from tests.portfolio.services.actuals_files import row, write_report

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('actuals') / 'cli.sqlite3'}"
    result = runner.invoke(app, ["init", "--db", url])
    assert result.exit_code == 0, result.output
    return url


def filled_template(db: str, target: Path) -> Path:
    """The template written by the command, with its first five project-years filled in."""
    result = runner.invoke(app, ["template", "--actuals", "-o", str(target), "--db", db])
    assert result.exit_code == 0, result.output
    assert f"已写入 {target}" in result.output and "个项目年度" in result.output
    book = openpyxl.load_workbook(target)
    sheet = book["实际完成情况"]
    for line in range(2, 7):
        sheet.cell(line, 9).value = 100 * line
        sheet.cell(line, 10).value = "在建"
    book.save(target)
    return target


def test_the_template_is_filled_in_checked_imported_and_listed(db: str, tmp_path: Path) -> None:
    path = filled_template(db, tmp_path / "进度.xlsx")
    dry = runner.invoke(
        app,
        [
            "import-actuals",
            str(path),
            "--report-date",
            "2026-06-30",
            "--dry-run",
            "--db",
            db,
            "--lang",
            "en",
        ],
    )
    assert dry.exit_code == 0, dry.output
    assert (
        "checked 进度.xlsx, not imported (dry run)" in dry.output
        and "5 project-years" in dry.output
    )

    done = runner.invoke(
        app, ["import-actuals", str(path), "--report-date", "2026-06-30", "--db", db]
    )
    assert done.exit_code == 0, done.output
    assert "已导入 进度.xlsx，第 1 号报告：报告日期 2026-06-30" in done.output

    table = runner.invoke(app, ["actuals", "--db", db])
    assert table.exit_code == 0, table.output
    assert table.output.splitlines()[0].split()[:4] == [
        "项目ID",
        "项目名称",
        "年份",
        "实际完成投资（万元）",
    ]
    assert "在建" in table.output and "实际完成投资合计 2,000 万元" in table.output
    english = runner.invoke(app, ["actuals", "--db", db, "--lang", "en"])
    assert "in progress" in english.output and "actual spend 2,000 万元 in all" in english.output

    items = json.loads(runner.invoke(app, ["actuals", "--db", db, "-f", "json"]).output)
    assert sum(item["spent_wan"] for item in items) == 2000
    assert {item["status"] for item in items} == {"in_progress"}
    first = items[0]["project_id"]
    one = json.loads(
        runner.invoke(app, ["actuals", "--db", db, "-f", "json", "--project", str(first)]).output
    )
    assert [item["project_id"] for item in one] == [first]
    before = runner.invoke(app, ["actuals", "--db", db, "--at", "2026-06-29"])
    assert "0 个项目（截至 2026-06-29）" in before.output

    reports = runner.invoke(app, ["actuals", "--reports", "--db", db, "--lang", "en"])
    assert reports.exit_code == 0 and "进度.xlsx" in reports.output and "1 report" in reports.output

    again = runner.invoke(app, ["import-actuals", str(path), "--db", db])
    assert again.exit_code == 1 and "错误：无法导入 进度.xlsx" in again.output
    assert "该文件已于" in again.output


def test_a_bad_report_is_refused_by_row_and_column(db: str, tmp_path: Path) -> None:
    path = write_report(tmp_path / "bad.xlsx", [row(1, None, 2024, -3, "快完了")])
    chinese = runner.invoke(app, ["import-actuals", str(path), "--db", db])
    assert chinese.exit_code == 1
    assert "错误：无法导入 bad.xlsx：共 2 处问题" in chinese.output
    assert "bad.xlsx，工作表 实际完成情况，第 2 行，列 状态：未知状态“快完了”" in chinese.output
    english = runner.invoke(app, ["import-actuals", str(path), "--db", db, "--lang", "en"])
    assert english.exit_code == 1
    assert "error: cannot import bad.xlsx: 2 problems" in english.output
    assert "bad.xlsx, sheet 实际完成情况, row 2, column 实际完成投资（万元）" in english.output


def test_wrong_dates_and_names_are_said(db: str, tmp_path: Path) -> None:
    path = write_report(tmp_path / "r.xlsx", [row(1, None, 2024, 1)])
    bad_date = runner.invoke(
        app, ["import-actuals", str(path), "--report-date", "30/6/2026", "--db", db, "--lang", "en"]
    )
    assert bad_date.exit_code == 1 and "“30/6/2026” is not a date" in bad_date.output
    both = runner.invoke(app, ["template", "--actuals", "a.xlsx", "-o", "b.xlsx", "--db", db])
    assert both.exit_code == 1 and "错误：" in both.output
