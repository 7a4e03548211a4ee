"""The command line in Chinese says none of the product's English words (the catalog's)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from portfolio.cli import app
from portfolio.paths import data_dir
from tests.catalog import english_in

runner = CliRunner()


def test_a_scenario_run_says_no_english_in_chinese(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert runner.invoke(app, ["init", "--db", db]).exit_code == 0
    file = data_dir() / "scenarios" / "cut-2023.toml"
    ran = runner.invoke(app, ["scenario", "run", str(file), "--db", db])
    assert ran.exit_code == 0, ran.output
    lines = ran.output.splitlines()
    assert len(lines) > 5 and any("推迟" in line for line in lines)
    # The file's path is the planner's, not the product's words.
    english = {line: words for line in lines if (words := english_in(line.replace(str(file), "")))}
    assert not english, english
