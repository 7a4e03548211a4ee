"""``portfolio project-settings`` as a user runs it (in-process), on an SQLite file."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from portfolio.project_settings import ProjectSettings
from portfolio.services.workspace import Workspace

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.sqlite3'}"
    result = runner.invoke(app, ["init", "--db", url])
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture
def project(db: str) -> tuple[int, str]:
    workspace = Workspace(db)
    view = next(v for v in workspace.projects() if v.name == "清源创新实验室")
    workspace.reset_project_settings(view.id)
    workspace.close()
    return view.id, view.name


def _stored(db: str, project_id: int) -> ProjectSettings:
    workspace = Workspace(db)
    try:
        return workspace.project_settings(project_id)
    finally:
        workspace.close()


def test_shows_the_defaults(db: str, project: tuple[int, str]) -> None:
    project_id, name = project
    result = runner.invoke(app, ["project-settings", str(project_id), "--db", db])
    assert result.exit_code == 0, result.output
    assert f"项目 {project_id} {name}" in result.output
    assert "优先级：1" in result.output
    assert "已开工锁定：否" in result.output
    assert "按情景" in result.output
    english = runner.invoke(app, ["project-settings", str(project_id), "--db", db, "--lang", "en"])
    assert "priority: 1" in english.output and "locked (already started): no" in english.output
    assert "按情景" not in english.output


def test_sets_changes_and_resets(db: str, project: tuple[int, str]) -> None:
    project_id, name = project
    args = ["project-settings", str(project_id), "--db", db]
    result = runner.invoke(app, [*args, "--priority", "3", "--locked", "--max-delay", "2"])
    assert result.exit_code == 0, result.output
    assert "优先级：3" in result.output
    assert _stored(db, project_id) == ProjectSettings(priority=3, locked=True, max_delay=2)

    result = runner.invoke(app, [*args, "--no-locked", "--must-fund", "--max-delay", "none"])
    assert result.exit_code == 0, result.output
    assert _stored(db, project_id) == ProjectSettings(priority=3, must_fund=True)

    result = runner.invoke(app, [*args, "--json"])
    shown = json.loads(result.output)
    saved_at = shown.pop("updated_at")
    assert shown == {
        "id": project_id,
        "name": name,
        "priority": 3,
        "must_fund": True,
        "locked": False,
        "excluded": False,
        "max_delay": None,
        "version": 2,
        "updated_by": f"{getpass.getuser()}@本机",
    }
    assert saved_at.startswith(str(dt.date.today().year))
    shown_text = runner.invoke(app, args).output
    assert f"第 2 版，{getpass.getuser()}@本机" in shown_text
    result = runner.invoke(app, [*args, "--reset", "--excluded"])
    assert result.exit_code == 0, result.output
    assert _stored(db, project_id) == ProjectSettings(excluded=True)
    result = runner.invoke(app, [*args, "--reset"])
    assert _stored(db, project_id) == ProjectSettings()


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--priority", "0"], "priority: priority 0 is below 1"),
        (["--max-delay", "-1"], "max_delay: max delay -1 is negative"),
        (["--locked", "--excluded"], "excluded: a locked project cannot also be excluded"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(
    db: str, project: tuple[int, str], options: list[str], words: str
) -> None:
    project_id, _ = project
    runner.invoke(app, ["project-settings", str(project_id), "--db", db, "--priority", "4"])
    result = runner.invoke(app, ["project-settings", str(project_id), "--db", db, *options])
    assert result.exit_code == 1
    assert words in result.output
    assert _stored(db, project_id) == ProjectSettings(priority=4)


def test_text_for_the_max_delay_is_a_usage_error(db: str, project: tuple[int, str]) -> None:
    project_id, _ = project
    args = ["project-settings", str(project_id), "--db", db, "--max-delay", "abc"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "“abc” is not a whole number of years" in result.output
    assert _stored(db, project_id) == ProjectSettings()


def test_an_unknown_project_id(db: str) -> None:
    result = runner.invoke(app, ["project-settings", "999999", "--db", db])
    assert result.exit_code == 1
    assert "错误：没有编号为 999999 的项目" in result.output
    english = runner.invoke(app, ["project-settings", "999999", "--db", db, "--lang", "en"])
    assert "error: no project with id 999999" in english.output


def test_a_scenario_run_says_which_projects_use_their_settings(
    db: str, project: tuple[int, str], tmp_path: Path
) -> None:
    project_id, name = project
    runner.invoke(app, ["project-settings", str(project_id), "--db", db, "--locked"])
    scenario = tmp_path / "plain.toml"
    scenario.write_text('name = "原计划"\nas_of = 2021\n', encoding="utf-8")
    result = runner.invoke(app, ["scenario", "run", str(scenario), "--db", db])
    assert result.exit_code == 0, result.output
    assert f"1 个项目按项目设置（portfolio project-settings ID）：{name}" in result.output
    english = runner.invoke(app, ["scenario", "run", str(scenario), "--db", db, "--lang", "en"])
    assert english.exit_code == 0, english.output
    assert f"1 project uses its stored settings (portfolio project-settings ID): {name}" in (
        english.output
    )


def test_a_save_during_a_long_import_says_the_database_is_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import portfolio.db.engine as engine
    from tests.portfolio.services.test_import import GOOD_ROWS, HeldImport, write_xlsx

    url = f"sqlite:///{tmp_path / 'busy.sqlite3'}"
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    project_id = _any_project(url)
    held = HeldImport(url, write_xlsx(tmp_path / "a.xlsx", GOOD_ROWS), monkeypatch)
    monkeypatch.setattr(engine, "SQLITE_BUSY_SECONDS", 0.2)  # the import outlasts the wait
    try:
        args = ["project-settings", str(project_id), "--priority", "5", "--db", url]
        result = runner.invoke(app, args)
    finally:
        held.release()
    assert result.exit_code == 1, result.output
    assert "错误：数据库正忙：另一项导入正在写入" in result.output
    assert "Traceback" not in result.output and "locked" not in result.output
    assert _stored(url, project_id) == ProjectSettings()


def _any_project(url: str) -> int:
    workspace = Workspace(url)
    try:
        return workspace.projects()[0].id
    finally:
        workspace.close()
