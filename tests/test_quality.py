"""The code's own checks run with the tests: lint, types, layers, and documented commands."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_is_clean() -> None:
    result = _run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_layers_hold() -> None:
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = _run(lint_imports)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_command_and_setting_is_documented() -> None:
    from typer.main import get_command

    from commands.main import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = get_command(app)
    names = sorted(command.commands)  # type: ignore[attr-defined]
    assert names, "the command line has no commands"
    for name in names:
        assert f"`portfolio {name}" in readme, f"README does not document `portfolio {name}`"
    for variable in sorted(set(re.findall(r"PORTFOLIO_[A-Z_]+", _package_text()))):
        assert variable in readme, f"README does not document {variable}"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _package_text() -> str:
    texts = []
    for package in ("portfolio", "optimizer", "ui", "commands"):
        texts += [p.read_text(encoding="utf-8") for p in (ROOT / package).rglob("*.py")]
    texts.append((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    return "\n".join(texts)


def test_no_merge_markers_are_left() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    markers = ("<<<<<<< ", ">>>>>>> ")
    for name in tracked:
        path = ROOT / name
        if path.suffix not in {".py", ".md", ".toml", ".po", ".cfg", ".ini"} or not path.exists():
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        marked = [i + 1 for i, line in enumerate(lines) if line.startswith(markers)]
        assert not marked, f"{name}: merge markers at lines {marked}"
