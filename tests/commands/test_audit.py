"""``portfolio audit`` and ``portfolio scenario delete`` at the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from commands.main import app

runner = CliRunner()
SCENARIO = 'name = "审计试算"\nas_of = 2021\n[cuts]\n2023 = "10%"\n'


def test_changes_made_at_the_command_line_are_listed_with_who_and_what(
    db_url: str, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    file = tmp_path / "审计试算.toml"
    file.write_text(SCENARIO, encoding="utf-8")
    assert runner.invoke(app, ["scenario", "save", str(file), "--db", db_url]).exit_code == 0
    changed = runner.invoke(app, ["project-settings", "1", "--priority", "3", "--db", db_url])
    assert changed.exit_code == 0, changed.output
    deleted = runner.invoke(app, ["scenario", "delete", "审计试算", "--db", db_url])
    assert deleted.exit_code == 0 and "已删除情景“审计试算”及其 0 次运行" in deleted.output

    listed = runner.invoke(app, ["audit", "--db", db_url, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    entries = json.loads(listed.output)
    assert [e["action"] for e in entries[:3]] == [
        "delete_scenario",
        "save_settings",
        "save_scenario",
    ]
    assert entries[0]["before"]["text"] == SCENARIO
    assert entries[1]["before"]["priority"] == 1 and entries[1]["after"]["priority"] == 3
    assert all(e["actor"].endswith("@本机") and e["role"] == "admin" for e in entries)
    assert {e["action"] for e in entries[3:]} == {"import_plan"}  # the bundled plans, at init

    table = runner.invoke(app, ["audit", "--db", db_url])
    assert "删除情景" in table.output and "优先级: 1 → 3" in table.output
    english = runner.invoke(app, ["audit", "--db", db_url, "--lang", "en", "--limit", "1"])
    assert "Delete scenario" in english.output and "1 entry" in english.output

    someone = runner.invoke(app, ["audit", "--db", db_url, "--user", "没有此人"])
    assert someone.exit_code == 0 and "0 条记录" in someone.output
    later = runner.invoke(app, ["audit", "--db", db_url, "--since", "2999-01-01"])
    assert "0 条记录" in later.output
    wrong = runner.invoke(app, ["audit", "--db", db_url, "--since", "昨天"])
    assert wrong.exit_code == 1 and "“昨天”不是日期" in wrong.output


def test_deleting_an_unknown_scenario_is_an_error(db_url: str) -> None:
    assert runner.invoke(app, ["init", "--db", db_url]).exit_code == 0
    result = runner.invoke(app, ["scenario", "delete", "无此情景", "--db", db_url])
    assert result.exit_code == 1 and "没有名为“无此情景”的情景" in result.output
