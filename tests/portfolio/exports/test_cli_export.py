"""``portfolio export`` and ``portfolio import-schedule`` through the command line."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from portfolio.cli import app


def test_export_then_import_unchanged(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    runner = CliRunner()
    out, table = tmp_path / "plan.xlsx", tmp_path / "plan.csv"
    result = runner.invoke(app, ["export", "--db", db, "-o", str(out), "--csv", str(table)])
    assert result.exit_code == 0, result.output
    assert "张设区市工作表" in result.output and out.exists() and table.exists()
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["汇总", "投资计划"]

    result = runner.invoke(app, ["import-schedule", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    assert "0 个项目采用新的年度金额" in result.output
    result = runner.invoke(app, ["import-schedule", str(out), "--db", db, "--lang", "en"])
    assert "0 projects take the new yearly amounts" in result.output

    result = runner.invoke(app, ["export", "--db", db, "--scenario", "无此情景", "-o", str(out)])
    assert result.exit_code == 1 and "无此情景" in result.output
