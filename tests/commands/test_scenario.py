"""``portfolio scenario`` as a planner runs it, with the example files under data/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from portfolio.formatting import yi_text
from portfolio.paths import data_dir
from portfolio.scenarios.outcome import result_from_json

runner = CliRunner()
EXAMPLES = data_dir() / "scenarios"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    return url


def test_run_writes_the_result_json(db: str, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = runner.invoke(
        app, ["scenario", "run", str(EXAMPLES / "cut-2023.toml"), "--db", db, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    # One language: Chinese by default, no English beside it.
    assert "推迟" in result.output and "2023年总额上限" in result.output
    assert " / " not in result.output and "total cap" not in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {
        "scenario",
        "status",
        "horizon",
        "as_of",
        "periods",
        "solve_seconds",
        "objectives",
        "projects",
        "not_scheduled",
        "caps",
        "conflict",
        "delays",
        "marginal",
        "uncapped_what_if",
        "relaxations",
        "replan_notes",
        "error",
        "run_id",
        "schema",
    } == data.keys()
    assert data["schema"] == 2 and data["status"] == "optimal" and data["periods"] == "year"
    assert isinstance(data["run_id"], int) and data["conflict"] is None
    assert {"name", "value", "bound"} <= data["objectives"][0].keys()
    project = data["projects"][0]
    assert {
        "id",
        "name",
        "funded",
        "start_year",
        "end_year",
        "delay_years",
        "start_delay_years",
        "stretch_years",
        "spend",
    } <= project.keys()
    assert all(isinstance(v, int) for v in project["spend"].values())
    assert all(year.isdigit() for year in project["spend"])  # {"2023": 万元}
    cap = data["caps"][0]
    assert {"cap", "limit_wan", "used_wan", "binding"} == cap.keys()
    assert cap["cap"] == {"kind": "total", "key": "", "period": "2023", "year": 2023}
    assert cap["used_wan"] <= cap["limit_wan"]
    locked = next(p for p in data["projects"] if p["name"] == "清源创新实验室")
    assert locked["delay_years"] == 0
    # The file reads back as the typed result the database holds.
    assert result_from_json(data).run_id == data["run_id"]

    english = runner.invoke(
        app, ["scenario", "run", str(EXAMPLES / "cut-2023.toml"), "--db", db, "--lang", "en"]
    )
    assert english.exit_code == 0, english.output
    assert "finishes" in english.output and "the total cap of 2023" in english.output
    assert "推迟" not in english.output


def test_save_list_show_compare(db: str) -> None:
    for name in ("plan-as-is.toml", "cut-2023.toml"):
        assert (
            runner.invoke(app, ["scenario", "run", str(EXAMPLES / name), "--db", db]).exit_code == 0
        )
    listing = runner.invoke(app, ["scenario", "list", "--db", db])
    assert "按规划执行" in listing.output and "2023年压减20%" in listing.output
    shown = runner.invoke(app, ["scenario", "show", "2023年压减20%", "--db", db])
    assert shown.exit_code == 0 and "[cuts]" in shown.output
    compared = runner.invoke(
        app, ["scenario", "compare", "按规划执行", "2023年压减20%", "--db", db]
    )
    assert compared.exit_code == 0, compared.output
    assert "按规划执行：最优（已证明），安排" in compared.output
    assert "推迟 0 个" in compared.output
    english = runner.invoke(
        app, ["scenario", "compare", "按规划执行", "2023年压减20%", "--db", db, "--lang", "en"]
    )
    assert english.exit_code == 0, english.output
    assert "按规划执行: optimal (proven), funded" in english.output
    assert "late 0 (0 project-years)" in english.output
    as_json = runner.invoke(
        app, ["scenario", "compare", "按规划执行", "2023年压减20%", "--db", db, "--json"]
    )
    lines = {line["name"]: line for line in json.loads(as_json.output)["scenarios"]}
    assert lines["按规划执行"]["delayed"] == 0 and lines["2023年压减20%"]["delayed"] > 0


THREE_MISTAKES = """name = "三处错误"
as_of = 2021

[caps.total]
2023 = 300                      # line 5: a bare number, no unit

[caps.county."晋江县"]          # line 7
2024 = "2亿"                    # line 8: 晋江县 is 晋江市

[[overrides]]
project = "清源实验室"          # line 11: 清源创新实验室
must_fund = true
"""


def test_bad_scenario_exits_non_zero_with_every_problem_at_its_line(
    db: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(THREE_MISTAKES, encoding="utf-8")
    result = runner.invoke(app, ["scenario", "run", str(bad), "--db", db])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "错误：bad.toml：情景有 3 处错误"
    assert lines[1:] == [
        "  第5行 caps.total.2023：金额 300 没有单位：请写明亿或万，并加引号"
        "（是否要写“300亿”或“300万”？）",
        "  第8行 caps.county.晋江县.2024：未知县（市、区）“晋江县”（是否要写“晋江市”或“连江县”？）",
        "  第11行 overrides[0].project：没有名为“清源实验室”的项目参与本情景"
        "（是否要写“清源创新实验室”？）",
    ]
    english = runner.invoke(app, ["scenario", "save", str(bad), "--db", db, "--lang", "en"])
    assert english.exit_code == 1
    assert "error: bad.toml: 3 problems in the scenario" in english.output
    assert (
        "line 8, caps.county.晋江县.2024: unknown county “晋江县” "
        "(did you mean “晋江市” or “连江县”?)" in english.output
    )
    assert runner.invoke(app, ["scenario", "show", "不存在", "--db", db]).exit_code == 1


def test_a_quarterly_scenario_runs_and_shows_its_periods(db: str, tmp_path: Path) -> None:
    out = tmp_path / "quarterly.json"
    file = EXAMPLES / "cut-2023-quarterly.toml"
    ran = runner.invoke(app, ["scenario", "run", str(file), "--db", db, "--out", str(out)])
    assert ran.exit_code == 0, ran.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["periods"] == "quarter"
    delayed = [p for p in data["projects"] if p["delay_periods"]]
    assert delayed
    shown = runner.invoke(app, ["scenario", "show", data["scenario"], "--db", db])
    assert shown.exit_code == 0, shown.output
    assert 'periods = "quarter"' in shown.output and "as_of = 2021，按季度）" in shown.output
    cap = data["caps"][0]
    used, limit = yi_text(cap["used_wan"]), yi_text(cap["limit_wan"])
    assert f"2023年总额上限：已安排{used}亿元，上限{limit}亿元" in shown.output
    first = delayed[0]
    assert f"“{first['name']}”推迟{first['delay_periods']}个季度完工" in shown.output
    english = runner.invoke(app, ["scenario", "show", data["scenario"], "--db", db, "--lang", "en"])
    assert english.exit_code == 0, english.output
    assert "as_of = 2021, by quarter)" in english.output
    assert f"the total cap of 2023: {used} × 100M CNY used of {limit} × 100M CNY" in (
        english.output
    )
    late = first["delay_periods"]
    assert f"“{first['name']}” finishes {late} quarters late" in english.output


def test_a_scenario_that_cannot_be_met_exits_2_with_what_would_work(
    db: str, tmp_path: Path
) -> None:
    scenario = tmp_path / "ten.toml"
    scenario.write_text(
        'name = "2023年只有10亿"\n[caps.total]\n2023 = "10亿"\n[limits]\nmax_delay = 1\n',
        encoding="utf-8",
    )
    out = tmp_path / "ten.json"
    ran = runner.invoke(app, ["scenario", "run", str(scenario), "--db", db, "--out", str(out)])
    assert ran.exit_code == 2, ran.output
    assert "无法满足" in ran.output and "2023年总额上限提高到" in ran.output
    assert " / " not in ran.output and "None" not in ran.output  # one language, no Python
    assert "安排 0 个" not in ran.output  # no plan: no counts of funded projects
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["status"] == "infeasible" and data["projects"] == []
    cap = next(r for r in data["relaxations"] if r["kind"] == "cap")
    assert cap["cap"] == {"kind": "total", "key": "", "period": "2023", "year": 2023}
    assert isinstance(cap["lowest_feasible_wan"], int) and cap["proven"] is True
    assert cap["lowest_feasible_wan"] > cap["current_wan"] == 100_000
    assert any(r["kind"] == "release" and r["releases"] for r in data["relaxations"])
    english = runner.invoke(app, ["scenario", "show", "2023年只有10亿", "--db", db, "--lang", "en"])
    assert "Cannot be met" in english.output and "raise the total cap of 2023" in english.output
