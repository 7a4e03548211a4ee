"""``portfolio backup`` and ``portfolio restore`` as a user runs them (in-process), on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.sqlite3'}"
    result = runner.invoke(app, ["init", "--db", url])
    assert result.exit_code == 0, result.output
    return url


def test_backup_then_restore_into_a_new_database(db: str, tmp_path: Path) -> None:
    file = tmp_path / "portfolio.backup"
    wrote = runner.invoke(app, ["backup", str(file), "--db", db])
    assert wrote.exit_code == 0, wrote.output
    assert f"已备份到 {file}：" in wrote.output and "0 个情景、0 次运行" in wrote.output

    target = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    restored = runner.invoke(app, ["restore", str(file), "--db", target, "--lang", "en"])
    assert restored.exit_code == 0, restored.output
    assert f"Restored from {file}:" in restored.output
    assert "0 scenarios, 0 runs" in restored.output


def test_restore_over_data_needs_force(db: str, tmp_path: Path) -> None:
    file = tmp_path / "portfolio.backup"
    assert runner.invoke(app, ["backup", str(file), "--db", db]).exit_code == 0

    refused = runner.invoke(app, ["restore", str(file), "--db", db])
    assert refused.exit_code == 1
    assert "错误：数据库已有数据" in refused.output and "--force" in refused.output

    refused_en = runner.invoke(app, ["restore", str(file), "--db", db, "--lang", "en"])
    assert refused_en.exit_code == 1
    assert "error: the database already holds data" in refused_en.output

    forced = runner.invoke(app, ["restore", str(file), "--db", db, "--force"])
    assert forced.exit_code == 0, forced.output
    assert "已从" in forced.output


def test_a_corrupt_backup_says_so_in_english(db: str, tmp_path: Path) -> None:
    file = tmp_path / "broken.backup"
    file.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000)
    result = runner.invoke(app, ["restore", str(file), "--db", db, "--force", "--lang", "en"])
    assert result.exit_code == 1
    assert "is damaged or cannot be read; the database is unchanged" in result.output
