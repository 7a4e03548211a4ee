"""A real spreadsheet application opens the workbook and computes the database's totals."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from portfolio.exports.model import ExportOptions, MoneyUnit
from portfolio.exports.workbook import write_workbook
from portfolio.paths import data_dir
from portfolio.scenarios.outcome import ProjectOutcome
from portfolio.services.exports import result_spend, schedule_export
from portfolio.services.workspace import Workspace

# Comma-separated, UTF-8, raw values (not as shown), every sheet to its own file.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def recalculated_sheets(workbook: Path, out: Path) -> dict[str, list[list[str]]]:
    """Open ``workbook`` in LibreOffice Calc (formulas computed) and return every sheet."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-calc"
    profile = out / "profile"  # a fresh profile: parallel runs do not share a lock
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    sheets = {}
    for path in out.glob(f"{workbook.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            sheets[path.stem.removeprefix(f"{workbook.stem}-")] = list(csv.reader(handle))
    assert sheets, f"LibreOffice wrote nothing for {workbook}"
    return sheets


@pytest.fixture(scope="module")
def workspace(loaded_url: str) -> Iterator[Workspace]:
    ws = Workspace(loaded_url)
    text = (data_dir() / "scenarios" / "cut-2023.toml").read_text(encoding="utf-8")
    ws.run_scenario(text, "cut-2023.toml", time_limit=10)
    yield ws
    ws.close()


def _number(text: str, unit: MoneyUnit) -> Decimal:
    value = Decimal(text or "0")
    # 亿元 totals are sums of doubles: exact to the 4 decimals shown (1 万元).
    return value if unit is MoneyUnit.WAN else (value * 10_000).quantize(Decimal(1))


@pytest.mark.libreoffice
@pytest.mark.parametrize("unit", list(MoneyUnit))
def test_calc_computes_the_databases_totals(
    workspace: Workspace, tmp_path: Path, unit: MoneyUnit
) -> None:
    export = schedule_export(workspace, "2023年压减20%")
    path = tmp_path / "cut.xlsx"
    layout = write_workbook(export, path, ExportOptions(unit=unit))
    sheets = recalculated_sheets(path, tmp_path)

    _, result = workspace.scenario("2023年压减20%")  # the stored run, as the database has it
    assert result is not None
    stored = result_spend(result)
    by_year = dict.fromkeys(export.years, 0)
    for spend in stored.values():
        for year, amount in spend.items():
            by_year[year] += amount
    grand = sum(by_year.values())
    grid = layout.layouts[layout.schedule]
    schedule = sheets[layout.schedule]
    total_row = schedule[grid.total_row - 1]
    for year, column in grid.year_columns.items():
        assert _number(total_row[column - 1], unit) == by_year[year], year
    assert _number(total_row[grid.sum_column - 1], unit) == grand
    for row in export.rows:  # each project's total formula
        line = schedule[grid.detail_rows[row.project_id] - 1]
        assert _number(line[grid.sum_column - 1], unit) == sum(stored[row.project_id].values())

    for place, name in layout.places.items():  # the city sheets add up to the city's share
        city = layout.layouts[name]
        line = sheets[name][city.total_row - 1]
        expected = export.totals_by(ExportOptions().by)[place]
        for year, column in city.year_columns.items():
            assert _number(line[column - 1], unit) == expected[year], (place, year)

    summary = next(r for r in sheets[layout.summary] if r[0] == "安排")
    shown = list(grid.year_columns)  # the years with spend: the others hold none
    assert sum(by_year[year] for year in shown) == grand
    assert [_number(v, unit) for v in summary[1 : 1 + len(shown)]] == [by_year[y] for y in shown]
    assert _number(summary[1 + len(shown)], unit) == grand


@pytest.mark.libreoffice
def test_calc_computes_a_quarterly_runs_totals_by_quarter(
    workspace: Workspace, tmp_path: Path
) -> None:
    text = (data_dir() / "scenarios" / "cut-2023-quarterly.toml").read_text(encoding="utf-8")
    result = workspace.run_scenario(text, "cut-2023-quarterly.toml", time_limit=10)
    export = schedule_export(workspace, result.scenario)
    path = tmp_path / "quarters.xlsx"
    layout = write_workbook(export, path, ExportOptions(unit=MoneyUnit.YI))
    assert layout.periods is not None
    name, grid = layout.periods
    sheets = recalculated_sheets(path, tmp_path)
    by_period: dict[str, int] = {}
    for project in result.projects:  # the stored run's quarters
        for label, amount in project.spend_by_period.items():
            by_period[label] = by_period.get(label, 0) + amount
        line = sheets[name][grid.detail_rows[project.id] - 1]
        total = sum(project.spend_by_period.values())
        assert _number(line[grid.sum_column - 1], MoneyUnit.YI) == total == project_total(project)
    total_row = sheets[name][grid.total_row - 1]
    for label, column in grid.period_columns.items():
        assert _number(total_row[column - 1], MoneyUnit.YI) == by_period.get(label, 0), label
    # A year's four quarters add up to that year in the schedule sheet.
    schedule = layout.layouts[layout.schedule]
    year_totals = sheets[layout.schedule][schedule.total_row - 1]
    for year, column in schedule.year_columns.items():
        quarters = sum(by_period.get(f"{year}Q{q}", 0) for q in range(1, 5))
        assert _number(year_totals[column - 1], MoneyUnit.YI) == quarters, year


def project_total(project: ProjectOutcome) -> int:
    return sum(project.spend.values())


ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "workbook"
# poppler's word box is the font's ascent to descent: about 1.3 times the font size for the
# fonts LibreOffice prints with (DejaVu Sans, WenQuanYi Micro Hei); 8 pt text gives 10.4.
BOX_PER_PT = 1.25


def _pdf(workbook: Path, out: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-calc"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(out / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return out / f"{workbook.stem}.pdf"


def _word_heights(pdf: Path, first: int, last: int) -> list[float]:
    boxes = subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(last), "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        float(y_max) - float(y_min)
        for y_min, y_max in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                                       r'yMax="([\d.]+)"', boxes)
    ]  # fmt: skip


@pytest.mark.libreoffice
def test_the_schedule_prints_at_8_pt_or_more(workspace: Workspace, tmp_path: Path) -> None:
    """The bundled portfolio's schedule sheet on A4: page count and the smallest text."""
    export = schedule_export(workspace, "2023年压减20%")
    book = tmp_path / "schedule.xlsx"
    layout = write_workbook(export, book)
    only = openpyxl.load_workbook(book)
    for name in only.sheetnames:  # the schedule sheet alone, as printed
        if name != layout.schedule:
            del only[name]
    only.save(book)
    pdf = _pdf(book, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert "841.89 x 595.3" in info  # A4 landscape
    # 151 projects and 17 years (2014-2030): three pages across, eight to twelve down.
    assert 18 <= pages <= 40, pages
    heights = _word_heights(pdf, 1, pages)
    assert min(heights) >= 8 * BOX_PER_PT, min(heights)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("schedule-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-l", "3", str(pdf), str(ARTIFACTS / "schedule")],
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
    ).stdout
    # The second page across repeats the header row and the project columns.
    assert "编号" in text and "项目名称" in text and "年" in text
    assert "2031年" not in text and f"第 2 页，共 {pages} 页" in text
