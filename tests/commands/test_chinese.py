"""The command line speaks one language: in Chinese it says none of the product's English
words (the catalog's), with ``--lang en`` no Chinese outside the data it shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from portfolio.paths import data_dir
from tests.catalog import english_in

runner = CliRunner()
_CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
# The commands a planner runs first, the data they show (as JSON: its strings are data), and
# a name no place has.
COMMANDS = {
    "tables": (["tables"], ["tables", "-f", "json"]),
    "tables --by county": (
        ["tables", "--by", "county"],
        ["tables", "--by", "county", "-f", "json"],
    ),
    "projects --county": (
        ["projects", "--county", "晋江市"],
        ["projects", "--county", "晋江市", "-f", "json"],
    ),
    "findings": (["findings"], ["findings", "-f", "json"]),
    "unknown county": (["projects", "--county", "火星县"], None),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.sqlite3'}"
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    return url


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _english_lines(output: str) -> dict[str, list[str]]:
    return {line: words for line in output.splitlines() if (words := english_in(line))}


def _chinese_outside(output: str, data: list[str]) -> list[str]:
    """Runs of Chinese in ``output`` that none of ``data`` holds."""
    return [run for run in _CHINESE.findall(output) if not any(run in text for text in data)]


def _run(args: list[str], db: str, lang: str) -> str:
    result = runner.invoke(app, [*args, "--db", db, "--lang", lang])
    assert result.exit_code in (0, 1), result.output
    return result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_a_command_in_chinese_says_no_english(db: str, name: str) -> None:
    args, _ = COMMANDS[name]
    output = runner.invoke(app, [*args, "--db", db]).output
    assert _CHINESE.search(output.splitlines()[-1]), output
    assert not _english_lines(output)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_command_in_english_says_no_chinese_but_data(db: str, name: str) -> None:
    args, as_json = COMMANDS[name]
    output = _run(args, db, "en")
    data = ["火星县"]
    if as_json is not None:
        data += _strings(json.loads(_run(as_json, db, "en")))
    assert english_in(output), output
    assert not _chinese_outside(output, data), output


def test_init_and_export_say_one_language(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    workbook = tmp_path / "schedule.xlsx"
    for lang in ("zh", "en"):
        for args in (["init"], ["export", "-o", str(workbook)], ["export", "-o", "x.txt"]):
            output = _run(args, db, lang).replace(str(workbook), "")
            if lang == "zh":
                assert _CHINESE.search(output) and not _english_lines(output), output
            else:
                assert english_in(output) and not _CHINESE.search(output), output


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
