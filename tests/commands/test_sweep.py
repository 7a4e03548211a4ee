"""``portfolio scenario sweep`` as a planner runs it: a few points of the bundled portfolio,
solved by local worker processes, printed as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app

runner = CliRunner()
CAPPED = 'name = "2023总额"\nas_of = 2021\ntime_limit = 10\n[caps.total]\n2023 = "60亿"\n'


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    return url


def _sweep(db: str, tmp_path: Path, *options: str) -> tuple[str, str]:
    file = tmp_path / "capped.toml"
    file.write_text(CAPPED, encoding="utf-8")
    args = ["scenario", "sweep", str(file), "--db", db, "--cap", "total:2023"]
    result = runner.invoke(
        app, [*args, "--from", "40亿", "--to", "80亿", "--step", "20亿", *options]
    )
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_sweep_prints_json_points_as_runs_give_them(db: str, tmp_path: Path) -> None:
    out, progress = _sweep(db, tmp_path, "--format", "json")
    # Progress as points finish, on stderr: the JSON stays clean.
    assert progress.count("/3] 2023总额 · 2023总额 ") == 3
    points = json.loads(out)
    assert [p["cap_wan"] for p in points] == [400000, 600000, 800000]
    assert [p["status"] for p in points] == ["optimal"] * 3
    for point in points:
        assert [o["name"] for o in point["objectives"]] == ["delay", "level"]
        assert isinstance(point["run_id"], int)
    delays = [p["objectives"][0]["value"] for p in points]
    assert delays[0] > delays[1] > delays[2]
    assert points[0]["changes"] == [] and points[1]["changes"]
    assert {"id", "name", "delay_years_before", "delay_years_after"} == points[1]["changes"][
        0
    ].keys()
    assert sum(p["knee"] for p in points) <= 1
    # Each point is a stored scenario of its own, with its run.
    listed = runner.invoke(app, ["scenario", "list", "--db", db])
    assert "2023总额 · 2023总额 60亿" in listed.stdout


def test_sweep_table_and_csv(db: str, tmp_path: Path) -> None:
    table, _ = _sweep(db, tmp_path)
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["上限", "状态"] and "加权延期（年）" in lines[0]
    assert [line.split()[0] for line in lines[1:4]] == ["40亿", "60亿", "80亿"]
    assert lines[-1].startswith("扫描 ")
    out, _ = _sweep(db, tmp_path, "--format", "csv", "--lang", "en")
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == 4 and rows[0][0] == "Cap"
    assert [row[0].removesuffix(" *") for row in rows[1:]] == ["40亿", "60亿", "80亿"]


def test_a_wrong_knob_is_refused_before_anything_runs(db: str, tmp_path: Path) -> None:
    file = tmp_path / "capped.toml"
    file.write_text(CAPPED, encoding="utf-8")
    args = ["scenario", "sweep", str(file), "--db", db, "--from", "1亿", "--to", "2亿"]
    result = runner.invoke(app, [*args, "--step", "1亿", "--cap", "county:不存在县:2023"])
    assert result.exit_code != 0 and "不存在县" in result.output
    result = runner.invoke(app, [*args, "--step", "0万", "--cap", "total:2023"])
    assert result.exit_code != 0 and "步长" in result.output
    listed = runner.invoke(app, ["scenario", "list", "--db", db])
    assert "0 个情景" in listed.stdout
