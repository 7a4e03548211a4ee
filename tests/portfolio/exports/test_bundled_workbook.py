"""The bundled portfolio's workbook after a cut of 2023: one language, one statement per cap."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from portfolio.exports.model import ExportOptions, Language
from portfolio.exports.workbook import write_workbook
from portfolio.paths import data_dir
from portfolio.services.exports import schedule_export
from portfolio.services.workspace import Workspace
from tests.catalog import english_in

# The product's codes (``start_year_inferred``, severity ``info``, objective ``level``); its
# English words are the catalog's.
CODE = re.compile(r"\b([a-z]+_[a-z_]+|info|level)\b")
DATA_SHEETS = {"参数"}  # the scenario file as it was run
DATA_HEADERS = {"规划", "出处"}  # plan keys, source files


@pytest.fixture(scope="module")
def workspace(loaded_url: str) -> Iterator[Workspace]:
    ws = Workspace(loaded_url)
    text = (data_dir() / "scenarios" / "cut-2023.toml").read_text(encoding="utf-8")
    ws.run_scenario(text, "cut-2023.toml", time_limit=10)
    yield ws
    ws.close()


def _cells(path: Path) -> Iterator[tuple[str, str, str]]:
    """(sheet, header, text) of every text cell outside the data columns."""
    for sheet in openpyxl.load_workbook(path):
        if sheet.title in DATA_SHEETS:
            continue
        headers: dict[int, str] = {}
        for row in sheet.iter_rows():
            texts = [c for c in row if isinstance(c.value, str)]
            if any(c.value in DATA_HEADERS | {"编号"} for c in texts):
                headers = {c.column: str(c.value) for c in texts}
            for cell in texts:
                header = headers.get(cell.column, "")
                if header not in DATA_HEADERS and not str(cell.value).startswith("="):
                    yield sheet.title, header, str(cell.value)


def test_a_chinese_workbook_says_nothing_in_english(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    write_workbook(schedule_export(workspace, "2023年压减20%"), path)
    english = [
        (sheet, header, text)
        for sheet, header, text in _cells(path)
        if CODE.search(text) or english_in(text)
    ]
    assert not english, english[:10]


def test_an_english_workbook_says_its_codes_in_english(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "cut.xlsx"
    write_workbook(
        schedule_export(workspace, "2023年压减20%"), path, ExportOptions(lang=Language.EN)
    )
    book = openpyxl.load_workbook(path)
    findings = [[c.value for c in row] for row in book["Findings"].iter_rows(min_row=3)]
    assert {row[5] for row in findings} <= {"note", "warning", "error"}
    assert "Start year inferred" in {row[4] for row in findings}
    assert all(not re.search(r"[\u4e00-\u9fff]{4,}[，。]", str(row[6])) for row in findings)
    summary = [c.value for row in book["Summary"].iter_rows() for c in row]
    assert "optimal (proven)" in summary and "weighted delay (years)" in summary


def test_summary_and_changes_say_the_same_of_each_cap(workspace: Workspace, tmp_path: Path) -> None:
    export = schedule_export(workspace, "2023年压减20%")
    path = tmp_path / "cut.xlsx"
    write_workbook(export, path)
    book = openpyxl.load_workbook(path)
    summary = [[c.value for c in row] for row in book["汇总"].iter_rows()]
    # The caps table: a cap's name, its year, amount, spend, slack and state.
    states = {
        row[0]: row[5]
        for row in summary
        if isinstance(row[0], str) and isinstance(row[1], int) and isinstance(row[5], str)
    }
    assert states["2023年总额上限"] == "已满" or states["2023年总额上限"].startswith("余")
    reasons = [str(row[9].value) for row in book["与规划相比变化"].iter_rows(min_row=3)
               if row[9].value]  # fmt: skip
    assert reasons
    for cap, state in states.items():
        for reason in reasons:
            for said in re.findall(re.escape(cap) + r"（[^）]*，([^，）]+)）", reason):
                assert said == state, (cap, said, state)
