"""``portfolio export`` and ``portfolio import-schedule`` through the command line."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from commands.main import app


def test_export_then_import_unchanged(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    runner = CliRunner()
    out, table = tmp_path / "plan.xlsx", tmp_path / "plan.csv"
    result = runner.invoke(app, ["export", "--db", db, "-o", str(out), "--csv", str(table)])
    assert result.exit_code == 0, result.output
    assert "张设区市工作表" in result.output and out.exists() and table.exists()
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["汇总", "投资计划"]

    result = runner.invoke(app, ["import-schedule", str(out), "--db", db, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("检查通过，未作改动：plan.xlsx：0 个项目将采用新的年度金额")
    result = runner.invoke(app, ["import-schedule", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    assert "0 个项目采用新的年度金额" in result.output
    result = runner.invoke(app, ["import-schedule", str(out), "--db", db, "--lang", "en"])
    assert "0 projects take the new yearly amounts" in result.output

    result = runner.invoke(app, ["export", "--db", db, "--scenario", "无此情景", "-o", str(out)])
    assert result.exit_code == 1 and "无此情景" in result.output


def test_a_scenario_without_a_plan_is_said_in_the_commands_language(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    runner = CliRunner()
    scenario = tmp_path / "impossible.toml"
    scenario.write_text(
        'name = "不可能"\n[caps.total]\n2023 = "10亿"\n'
        '[[overrides]]\nproject = "清源创新实验室"\nmust_fund = true\nlocked = true\n',
        encoding="utf-8",
    )
    run = runner.invoke(app, ["scenario", "run", str(scenario), "--db", db, "--time-limit", "10"])
    assert run.exit_code == 2, run.output
    out = str(tmp_path / "x.xlsx")
    chinese = runner.invoke(app, ["export", "--db", db, "--scenario", "不可能", "-o", out])
    assert chinese.exit_code == 1
    assert "错误：“不可能”最近一次运行没有方案（无法满足" in chinese.output
    english = runner.invoke(
        app, ["export", "--db", db, "--scenario", "不可能", "-o", out, "--lang", "en"]
    )
    assert "error: the last run of “不可能” has no plan (cannot be met" in english.output
    never = runner.invoke(app, ["export", "--db", db, "--scenario", "无此情景", "-o", out])
    assert "错误：没有名为“无此情景”的情景" in never.output
