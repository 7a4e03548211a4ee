"""The command line as a user runs it (in-process), on an SQLite file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from commands.main import app
from portfolio.db import models as m
from tests.portfolio.services.test_import import GOOD_ROWS, HEADER, write_xlsx

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = runner.invoke(app, ["init", "--db", url])
    assert result.exit_code == 0, result.output
    return url


def test_init_twice(db: str) -> None:
    result = runner.invoke(app, ["init", "--db", db])
    assert result.exit_code == 0
    assert "已载入" not in result.output
    assert "该文件已导入" in result.output
    english = runner.invoke(app, ["init", "--db", db, "--lang", "en"])
    assert "file already imported" in english.output and "database:" in english.output


def test_first_use_creates_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'portfolio.sqlite3'}"
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", url)
    result = runner.invoke(app, ["tables"])
    assert result.exit_code == 0, result.output
    assert "1915.91" in result.output and "附件1" in result.output
    assert (tmp_path / "new" / "portfolio.sqlite3").exists()


def test_projects_json(db: str) -> None:
    result = runner.invoke(app, ["projects", "--db", db, "--county", "晋江市", "-f", "json"])
    assert result.exit_code == 0, result.output
    projects = json.loads(result.output)
    assert projects
    for project in projects:
        assert {
            "id",
            "plan",
            "table",
            "seq",
            "name",
            "investment_wan",
            "start_year",
            "end_year",
            "start_year_inferred",
            "units",
            "counties",
        } <= project.keys()
        assert "晋江市" in project["counties"]
        assert isinstance(project["units"], list)
        assert project["investment_wan"] is None or isinstance(project["investment_wan"], int)


def test_projects_table_and_csv(db: str) -> None:
    table = runner.invoke(app, ["projects", "--db", db, "--table", "附件2"])
    assert table.exit_code == 0
    assert "12 个项目，总投资 14.02 亿元" in table.output
    csv_out = runner.invoke(app, ["projects", "--db", db, "--plan", "fujian-st-14fyp", "-f", "csv"])
    assert csv_out.exit_code == 0
    assert len(csv_out.output.strip().splitlines()) == 1 + 8 + 9 + 28 + 21 + 22


def test_unknown_filter_is_an_error(db: str) -> None:
    result = runner.invoke(app, ["projects", "--db", db, "--county", "火星县"])
    assert result.exit_code == 1
    assert "错误：未知县（市、区）“火星县”" in result.output
    english = runner.invoke(app, ["projects", "--db", db, "--county", "火星县", "--lang", "en"])
    assert english.exit_code == 1
    assert "error: unknown county “火星县”" in english.output


def test_a_misspelt_place_gets_the_closest_names(db: str) -> None:
    result = runner.invoke(app, ["projects", "--db", db, "--county", "晋将市"])
    assert result.exit_code == 1
    assert "错误：未知县（市、区）“晋将市”（是否要写“晋江市”" in result.output
    english = runner.invoke(app, ["projects", "--db", db, "--city", "泉洲", "--lang", "en"])
    assert "error: unknown city “泉洲” (did you mean “泉州市”?)" in english.output


def test_findings(db: str) -> None:
    result = runner.invoke(app, ["findings", "--db", db, "-f", "json"])
    assert result.exit_code == 0
    findings = json.loads(result.output)
    assert any(f["kind"] == "start_year_inferred" for f in findings)
    table = runner.invoke(app, ["findings", "--db", db, "--kind", "start_year_inferred"])
    assert table.output.splitlines()[0].split() == [
        "编号", "规划", "项目编号", "类型", "级别", "出处", "说明"
    ]  # fmt: skip
    assert "起始年份为推定" in table.output and "start_year_inferred" not in table.output


def test_import_good_and_bad(db: str, tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", GOOD_ROWS)
    checked = runner.invoke(app, ["import", str(good), "--db", db, "--dry-run"])
    assert checked.exit_code == 0, checked.output
    said = "检查通过，未作改动：good.xlsx 可导入为规划 file:good：3 个项目"
    assert checked.output.startswith(said)
    result = runner.invoke(app, ["import", str(good), "--db", db, "--region", "泉州市"])
    assert result.exit_code == 0, result.output
    assert "已导入 good.xlsx" in result.output and "3 个项目" in result.output
    again = runner.invoke(app, ["import", str(good), "--db", db, "--lang", "en"])
    assert again.exit_code == 0 and "nothing changed" in again.output

    bad = write_xlsx(
        tmp_path / "bad.xlsx", [[1, "某项目", "", "abc", "2021-2023", "单位", "晋江市"]]
    )
    result = runner.invoke(app, ["import", str(bad), "--db", db])
    assert result.exit_code == 1
    assert "bad.xlsx" in result.output and "row 2" in result.output


def test_a_plan_for_2026_2030_is_imported_with_its_years(db: str, tmp_path: Path) -> None:
    rows = [[1, "泉州具身智能创新中心", "", 3, "2026－2028", "泉州市科技局", "丰泽区"]]
    path = write_xlsx(tmp_path / "十五五.xlsx", rows)
    wrong = runner.invoke(app, ["import", str(path), "--db", db, "--period", "2030-2026"])
    assert wrong.exit_code == 1 and "2026-2030" in wrong.output
    args = ["import", str(path), "--db", db, "--plan", "qz-15", "--period", "2026-2030"]
    assert runner.invoke(app, args).exit_code == 0
    engine = create_engine(db)
    with engine.connect() as connection:
        years = connection.execute(
            select(m.Plan.period_start, m.Plan.period_end).where(m.Plan.key == "qz-15")
        ).one()
    engine.dispose()
    assert tuple(years) == (2026, 2030)


def test_template(tmp_path: Path) -> None:
    target = tmp_path / "模板.xlsx"
    result = runner.invoke(app, ["template", str(target)])
    assert result.exit_code == 0 and target.exists()
    again = runner.invoke(app, ["template", str(target)])
    assert again.exit_code == 1


def test_csv_output_never_opens_as_a_formula(db: str, tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://example.com","x")', "+1+1", "@SUM(1)", "-2+3"]
    path = tmp_path / "hostile.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for seq, name in enumerate(hostile, start=1):
            writer.writerow([seq, name, "", 1, "2022-2024", "德化县人民政府", "德化县"])
    imported = runner.invoke(app, ["import", str(path), "--db", db, "--plan", "hostile"])
    assert imported.exit_code == 0, imported.output
    listed = runner.invoke(app, ["projects", "--db", db, "--plan", "hostile", "-f", "csv"])
    assert listed.exit_code == 0, listed.output
    names = [row[4] for row in csv.reader(io.StringIO(listed.output))][1:]
    assert names == ["'" + name for name in hostile]
    assert all(
        not field.startswith(("=", "+", "@"))
        for row in csv.reader(io.StringIO(listed.output))
        for field in row
    )


def test_a_database_that_does_not_answer_is_named_not_a_traceback(tmp_path: Path) -> None:
    down = "postgresql+psycopg://planner:secret@127.0.0.1:1/office"  # nothing listens there
    scenario = tmp_path / "cut.toml"
    scenario.write_text('name = "x"\n[cuts]\n2023 = "20%"\n', encoding="utf-8")
    shown = "postgresql+psycopg://planner:***@127.0.0.1:1/office"
    listed = runner.invoke(app, ["runs", "--db", down])
    assert listed.exit_code == 1, listed.output
    assert listed.stderr.startswith(f"错误：无法连接数据库 {shown}（")
    assert "本次操作未执行，请在数据库恢复后重试。" in listed.stderr
    assert "secret" not in listed.stderr
    queued = runner.invoke(
        app, ["scenario", "run", str(scenario), "--background", "--db", down, "--lang", "en"]
    )
    assert queued.exit_code == 1
    assert queued.stderr.startswith(f"error: cannot reach the database {shown} (")
    assert "Traceback" not in queued.output and "Nothing was done" in queued.stderr
