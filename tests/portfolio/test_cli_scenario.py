"""``portfolio scenario`` as a planner runs it, with the example files under data/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from portfolio.cli import app
from portfolio.formatting import yi_text
from portfolio.paths import data_dir

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
    assert "推迟" in result.output and "2023年总额上限" in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"status", "objectives", "projects", "caps", "explanations"} <= data.keys()
    assert {"name", "value", "bound"} <= data["objectives"][0].keys()
    project = data["projects"][0]
    assert {
        "id",
        "name",
        "funded",
        "start_year",
        "end_year",
        "delay_years",
        "spend",
    } <= project.keys()
    assert all(isinstance(v, int) for v in project["spend"].values())
    assert {"kind", "key", "period", "cap", "used"} <= data["caps"][0].keys()
    locked = next(p for p in data["projects"] if p["name"] == "清源创新实验室")
    assert locked["delay_years"] == 0


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
    assert "delayed 0" in compared.output


def test_bad_scenario_exits_non_zero_with_the_key(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[caps.county."火星县"]\n2023 = 100\n', encoding="utf-8")
    result = runner.invoke(app, ["scenario", "run", str(bad), "--db", db])
    assert result.exit_code == 1
    assert "caps.county.火星县.2023" in result.output and "unknown county" in result.output
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
    assert 'periods = "quarter"' in shown.output and "periods: quarters" in shown.output
    cap = data["caps"][0]
    assert f"cap 2023 total: used {yi_text(cap['used'])} of {yi_text(cap['cap'])} 亿元" in (
        shown.output
    )
    first = delayed[0]
    assert (
        f"{first['name']}: {first['start_period']} … {first['end_period']} "
        f"(+{first['delay_periods']} quarters)" in shown.output
    )
    assert f"“{first['name']}”推迟{first['delay_periods']}个季度" in shown.output
