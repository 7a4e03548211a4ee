"""Every message the command line and the workbook ask the English catalog for, while they
say a scenario's run, its problems and the bundled portfolio in English, has its English;
also those read from a table or a variable, which extraction cannot see."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commands.main import app
from portfolio import i18n
from portfolio.exports.model import ExportOptions, Language
from portfolio.exports.workbook import write_workbook
from portfolio.paths import data_dir
from portfolio.services.exports import schedule_export
from portfolio.services.workspace import Workspace
from tests.catalog import english

runner = CliRunner()
SCENARIOS = data_dir() / "scenarios"
# Mistakes of every family the scenario reader and builder know, in one file.
BAD = """name = "x"
horizon = [2014, 2033]
periods = "quarter"
plans = ["no-such-plan"]
time_limit = -1
[caps.total]
2040 = "100万"
2023Q5 = "1亿"
[caps.county."晋江"]
2023 = "10"
[cuts]
2023 = "120%"
[limits]
profile = "flexible"
min_share = "abc"
[[overrides]]
project = "清源实验室"
"""


class _Recording(gettext.NullTranslations):
    """The English catalog, remembering every message it was asked for."""

    def __init__(self, catalog: gettext.NullTranslations) -> None:
        super().__init__()
        self.catalog = catalog
        self.asked: set[tuple[str | None, str]] = set()

    def _note(self, message: str) -> None:
        context, _, msgid = message.rpartition("\x04")
        self.asked.add((context or None, msgid))

    def gettext(self, message: str) -> str:
        self._note(message)
        return self.catalog.gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self._note(msgid1)
        return self.catalog.ngettext(msgid1, msgid2, n)


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> _Recording:
    recorder = _Recording(i18n.translations(Language.EN))
    real = i18n.translations

    def translations(lang: Language) -> gettext.NullTranslations:
        return recorder if lang is Language.EN else real(lang)

    monkeypatch.setattr(i18n, "translations", translations)
    return recorder


def _missing(asked: set[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    catalog = english()
    return sorted(
        (context, msgid)
        for context, msgid in asked
        if (found := catalog.get(msgid, context=context)) is None or not found.string
    )


def test_the_command_line_and_the_workbook_ask_only_for_messages_with_english(
    recording: _Recording, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert runner.invoke(app, ["init", "--db", db]).exit_code == 0
    for name in ("cut-2023.toml", "cut-2023-quarterly.toml", "cut-2023-flexible.toml"):
        ran = runner.invoke(
            app, ["scenario", "run", str(SCENARIOS / name), "--db", db, "--lang", "en"]
        )
        assert ran.exit_code == 0, ran.output
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    refused = runner.invoke(app, ["scenario", "run", str(bad), "--db", db, "--lang", "en"])
    assert refused.exit_code == 1 and "problems in the scenario" in refused.output
    compared = ["scenario", "compare", "2023年压减20%", "2023年压减20%（按季度）", "--db", db]
    assert runner.invoke(app, [*compared, "--lang", "en"]).exit_code == 0
    workspace = Workspace(db)
    try:
        for scenario in (None, "2023年压减20%", "2023年压减20%（按季度）"):
            export = schedule_export(workspace, scenario)
            write_workbook(export, tmp_path / "en.xlsx", ExportOptions(lang=Language.EN))
    finally:
        workspace.close()
    assert len(recording.asked) > 50, "the English catalog was asked"
    missing = _missing(recording.asked)
    assert not missing, f"messages asked for without English: {missing}"
