"""`portfolio import --region` beyond Fujian, and place filters on names of several places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from tests.portfolio.services.test_import import write_xlsx

runner = CliRunner()
GULOU = [[1, "某项目", "", 1, "2023-2025", "某单位", "鼓楼区"]]
ROWS = [
    [1, "长江实验室", "", 1.5, "2021-2025", "武汉大学", "武昌区、洪山区"],
    [2, "仙桃科技园", "", 0.5, "2022-2023", "仙桃市科技局", "仙桃"],
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = runner.invoke(app, ["init", "--db", url])
    assert result.exit_code == 0, result.output
    return url


def test_another_provinces_plan_imports(db: str, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "湖北.xlsx", ROWS)
    args = ["import", str(path), "--db", db, "--plan", "hubei", "--level", "province"]
    result = runner.invoke(app, [*args, "--region", "湖北省"])
    assert result.exit_code == 0, result.output
    assert "2 个项目" in result.output
    listed = runner.invoke(app, ["projects", "--db", db, "--city", "武汉市", "-f", "json"])
    assert listed.exit_code == 0, listed.output
    assert [p["counties"] for p in json.loads(listed.output)] == [["武昌区", "洪山区"]]
    by_city = runner.invoke(app, ["tables", "--db", db, "--by", "city", "-f", "json"])
    places = {row["place"]: row["total_wan"] for row in json.loads(by_city.output)}
    assert places["武汉市"] == 15_000 and places["仙桃市"] == 5_000


def test_an_unknown_region_is_refused_with_did_you_mean(db: str, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "湖北.xlsx", ROWS)
    result = runner.invoke(app, ["import", str(path), "--db", db, "--region", "湖北生"])
    assert result.exit_code == 1
    assert "unknown region “湖北生” of the plan (did you mean “湖北省”?)" in result.output
    listed = runner.invoke(app, ["projects", "--db", db, "--county", "洪山区"])
    assert "未知县" not in listed.output and "0 个项目" in listed.output


def test_a_name_of_several_places_is_refused_with_them(db: str, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "湖北.xlsx", GULOU)
    result = runner.invoke(app, ["import", str(path), "--db", db, "--region", "湖北省"])
    assert result.exit_code == 1
    assert "福州市鼓楼区, 南京市鼓楼区, 徐州市鼓楼区, 开封市鼓楼区" in result.output
    county = runner.invoke(app, ["projects", "--db", db, "--county", "朝阳区", "--lang", "en"])
    assert county.exit_code == 1
    assert "unknown county “朝阳区” (did you mean “北京市朝阳区” or “长春市朝阳区”" in county.output
