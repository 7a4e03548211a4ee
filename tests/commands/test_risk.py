"""``portfolio scenario risk`` as a planner runs it on the bundled portfolio: the plan solved
by a local worker process, the figures as a table, CSV or JSON, the same for the same seed."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from commands.main import app

runner = CliRunner()
CAPPED = (
    'name = "2023总额"\nas_of = 2021\ntime_limit = 10\n[caps.total]\n2023 = "60亿"\n'
    "[risk]\nseed = 3\n"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('risk') / 'cli.sqlite3'}"
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    return url


def _risk(db: str, tmp_path: Path, text: str, *options: str) -> str:
    file = tmp_path / "capped.toml"
    file.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["scenario", "risk", str(file), "--db", db, *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_holds_the_figures_and_the_seed_reproduces_them(db: str, tmp_path: Path) -> None:
    out = _risk(db, tmp_path, CAPPED, "--samples", "60", "--mode", "fixed", "--format", "json")
    (report,) = json.loads(out)
    assert (report["samples"], report["measured"], report["seed"]) == (60, 60, 3)
    assert report["mode"] == "fixed"
    assert report["percentile_rule"] == "nearest-rank"
    assert all(b["p10_wan"] <= b["p50_wan"] <= b["p90_wan"] for b in report["total"])
    assert isinstance(report["total"][0]["p50_wan"], int)
    (cap,) = report["caps"]
    assert (cap["kind"], cap["year"], cap["cap_wan"]) == ("total", 2023, 600000)
    assert 0 <= cap["probability"] <= 1 and report["delayed"] and report["assumed_rules"]
    again = _risk(db, tmp_path, CAPPED, "--samples", "60", "--mode", "fixed", "--format", "json")
    assert json.loads(again) == [report]


def test_table_and_csv(db: str, tmp_path: Path) -> None:
    table = _risk(db, tmp_path, CAPPED, "--samples", "20", "--mode", "fixed")
    assert "P50" in table and "2023年总额上限" in table and "20/20 个样本（种子 3）" in table
    assert "假设值" in table
    rows = list(
        csv.reader(io.StringIO(_risk(db, tmp_path, CAPPED, "--samples", "20", "--format", "csv")))
    )
    assert rows[0] == ["范围", "年份", "P10", "P50", "P90"]
    assert rows[1][0] == "总计" and any(r[0] == "晋江市" for r in rows[1:])


def test_a_wrong_chance_is_refused_at_its_line(db: str, tmp_path: Path) -> None:
    file = tmp_path / "wrong.toml"
    file.write_text(CAPPED + 'delay_chance = "150%"\n', encoding="utf-8")
    result = runner.invoke(app, ["scenario", "risk", str(file), "--db", db])
    assert result.exit_code != 0
    assert "第8行" in result.output and "概率须在 0% 到 100% 之间" in result.output


def test_ctrl_c_keeps_the_samples_measured(db: str, tmp_path: Path) -> None:
    _risk(db, tmp_path, CAPPED, "--samples", "1")  # the plan solved and stored first
    file = tmp_path / "capped.toml"
    args = ["scenario", "risk", str(file), "--db", db, "--samples", "100000", "--mode", "fixed"]
    args += ["--format", "json"]
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-m", "commands", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(8)  # started, the plan read, some samples measured
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    (report,) = json.loads(out)
    assert report["samples"] == 100000 and 0 < report["measured"] < 100000
    assert "已完成的样本保留" in err


def test_re_planned_samples_keep_the_cap_and_go_to_the_workbook(db: str, tmp_path: Path) -> None:
    book = tmp_path / "risk.xlsx"
    out = _risk(db, tmp_path, CAPPED, "--samples", "4", "--format", "json", "--xlsx", str(book))
    (report,) = json.loads(out)
    assert report["mode"] == "replan" and report["measured"] == 4
    assert report["caps"][0]["exceeded"] == 0
    sheet = load_workbook(book)["风险模拟"]
    texts = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "逐个样本在上限内重新排期" in texts
    p50_2023 = next(b["p50_wan"] for b in report["total"] if b["year"] == 2023)
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["总计", 2023, p50_2023] in [[*row[:2], row[3]] for row in rows]


def test_a_workbook_must_be_xlsx(db: str, tmp_path: Path) -> None:
    file = tmp_path / "capped.toml"
    file.write_text(CAPPED, encoding="utf-8")
    result = runner.invoke(app, ["scenario", "risk", str(file), "--db", db, "--xlsx", "out.xls"])
    assert result.exit_code != 0 and ".xlsx" in result.output
