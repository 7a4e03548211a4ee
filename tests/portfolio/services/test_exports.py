"""Exports from the database: figures equal the stored run and the plan; schedules round-trip."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from optimizer import spread_evenly
from portfolio.db import models as m
from portfolio.errors import ImportFileError
from portfolio.exports.model import ExportOptions, Language, MoneyUnit
from portfolio.exports.workbook import write_workbook
from portfolio.paths import data_dir
from portfolio.scenarios import words
from portfolio.services.exports import (
    NeverRunError,
    NoPlanError,
    result_spend,
    schedule_export,
    schedule_workbook,
)
from portfolio.services.scenarios import ScenarioCancelledError, UnknownScenarioError
from portfolio.services.schedule_import import import_schedule
from portfolio.services.workspace import Workspace
from tests.portfolio.services.snapshot import snapshot

CUT = (data_dir() / "scenarios" / "cut-2023.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ran(loaded_url: str) -> Iterator[tuple[Workspace, int]]:
    """The bundled portfolio with the 2023 cut run and stored once."""
    workspace = Workspace(loaded_url)
    result = workspace.run_scenario(CUT, "cut-2023.toml", time_limit=10)
    assert result.run_id is not None
    yield workspace, result.run_id
    workspace.close()


def _stored_spend(workspace: Workspace, run_id: int) -> dict[int, dict[int, int]]:
    spend: dict[int, dict[int, int]] = {}
    with workspace.sessions() as session:
        for row in session.scalars(
            select(m.ScenarioRunSpend).where(m.ScenarioRunSpend.run_id == run_id)
        ):
            spend.setdefault(row.project_id, {})[row.year] = row.spend_wan
    return spend


def _read_grid(path: Path, unit: MoneyUnit) -> dict[int, dict[int, int]]:
    """Project id → year → 万元 as the schedule sheet holds them."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[1]
    assert isinstance(sheet, Worksheet)
    header = [c.value for c in sheet[3]]
    columns = {
        int(str(h).removesuffix("年")): i for i, h in enumerate(header) if str(h)[:2] == "20"
    }
    grid: dict[int, dict[int, int]] = {}
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if not isinstance(row[0], int):
            continue
        amounts = {}
        for year, column in columns.items():
            value = row[column]
            if value is None or value == 0:  # 0: a year a re-planned project pauses in
                continue
            assert isinstance(value, int | float)
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            amounts[year] = int(number * 10_000 if unit is MoneyUnit.YI else number)
        grid[row[0]] = amounts
    return grid


@pytest.mark.parametrize("unit", list(MoneyUnit))
def test_run_export_equals_the_stored_run(
    ran: tuple[Workspace, int], tmp_path: Path, unit: MoneyUnit
) -> None:
    workspace, run_id = ran
    export = schedule_export(workspace, "2023年压减20%")
    assert export.run_id == run_id and export.status == "optimal"
    stored = _stored_spend(workspace, run_id)
    assert {row.project_id: dict(row.spend) for row in export.rows} == stored
    delayed = [row for row in export.rows if row.delay_years > 0]
    assert delayed and all(change.reason for change in export.changes)
    _, result = workspace.scenario("2023年压减20%")
    assert result is not None and result_spend(result) == stored
    sentences = {
        d.project_id: (
            words.delay_sentence(d, result.periods, Language.ZH),
            words.delay_sentence(d, result.periods, Language.EN),
        )
        for d in result.delays
    }
    assert {c.project_id: (c.reason, c.reason_en) for c in export.changes} == sentences
    assert all(c.text(Language.EN) == c.reason_en for c in export.changes)
    assert {c.project_id for c in export.changes} == {row.project_id for row in delayed}
    for row in export.rows:  # shares add up to the project's spend, year by year
        for parts in (row.county_spend, row.city_spend):
            if parts:
                for year, amount in row.spend.items():
                    assert sum(p.get(year, 0) for p in parts.values()) == amount

    path = tmp_path / "cut.xlsx"
    write_workbook(export, path, ExportOptions(unit=unit))
    assert _read_grid(path, unit) == stored


def test_plan_export_spreads_evenly(loaded_url: str) -> None:
    workspace = Workspace(loaded_url)
    try:
        export = schedule_export(workspace)
    finally:
        workspace.close()
    assert export.run_id is None and not any(row.moved for row in export.rows)
    for row in export.rows:
        duration = row.planned_end - row.planned_start + 1
        expected = spread_evenly(row.total_wan, duration)
        assert [row.spend[y] for y in range(row.planned_start, row.planned_end + 1)] == list(
            expected
        )
    assert export.not_scheduled  # unknown money or years, linked rows: listed with why
    assert "password" not in export.database


def test_views_can_leave_the_findings_out(ran: tuple[Workspace, int]) -> None:
    workspace, _ = ran
    for scenario in (None, "2023年压减20%"):
        full = schedule_export(workspace, scenario)
        lean = schedule_export(workspace, scenario, now=full.made_at, findings=False)
        assert full.findings and lean.findings == ()
        assert lean.rows == full.rows and lean.not_scheduled == full.not_scheduled


def test_unknown_and_never_run_scenarios(loaded_url: str) -> None:
    workspace = Workspace(loaded_url)
    try:
        with pytest.raises(UnknownScenarioError):
            schedule_export(workspace, "no such scenario")
        workspace.save_scenario('name = "未运行"\n')
        with pytest.raises(NeverRunError, match="never run"):
            schedule_export(workspace, "未运行")
        # A run stopped before it found a plan is stored, and has nothing to export.
        cancel = threading.Event()
        cancel.set()
        with pytest.raises(ScenarioCancelledError):
            workspace.run_scenario('name = "已取消"\n', cancel=cancel)
        with pytest.raises(NoPlanError, match="has no plan to export"):
            schedule_export(workspace, "已取消")
    finally:
        workspace.close()


def _edit(path: Path, edits: dict[tuple[int, int], int | str | None]) -> Path:
    """Change cells (project id, year) of the schedule sheet, as a planner would by hand."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[1]
    assert isinstance(sheet, Worksheet)
    header = [c.value for c in sheet[3]]
    for row in sheet.iter_rows(min_row=4):
        for (project_id, year), value in edits.items():
            if row[0].value == project_id:
                row[header.index(f"{year}年")].value = value
    edited = path.with_name("edited.xlsx")
    book.save(edited)
    return edited


def test_edited_schedule_becomes_the_planned_profile(db_url: str, tmp_path: Path) -> None:
    workspace = Workspace(db_url)
    try:
        workspace.init()
        export = schedule_export(workspace)
        row = next(r for r in export.rows if r.planned_end - r.planned_start >= 2)
        first, second = row.planned_start, row.planned_start + 1
        path = tmp_path / "plan.xlsx"
        write_workbook(export, path)
        moved = row.spend[first] - 1
        edited = _edit(path, {(row.project_id, first): 1, (row.project_id, second): None})
        with pytest.raises(ImportFileError) as error:  # 2nd year emptied: no longer adds up
            import_schedule(workspace, edited)
        assert "edited.xlsx" in str(error.value) and "add up" in str(error.value)

        new_second = row.spend[second] + moved
        edited = _edit(path, {(row.project_id, first): 1, (row.project_id, second): new_second})
        report = import_schedule(workspace, edited)
        assert (report.changed, report.unchanged) == (1, len(export.rows) - 1)
        with workspace.sessions() as session:
            stored = {
                p.year: p.amount_wan
                for p in session.scalars(
                    select(m.ProjectProfile).where(m.ProjectProfile.project_id == row.project_id)
                )
            }
        assert stored[first] == 1 and stored[second] == new_second
        assert sum(stored.values()) == row.total_wan
        entry = workspace.audit(limit=1)[0]
        assert (entry.action, entry.target) == ("import_schedule", "edited.xlsx")
        key = str(row.project_id)
        assert entry.before[key] == {str(year): amount for year, amount in row.spend.items()}
        assert entry.after[key] == {str(year): amount for year, amount in stored.items()}

        after = schedule_export(workspace)
        changed = next(r for r in after.rows if r.project_id == row.project_id)
        assert dict(changed.spend) == stored  # the plan now spends by the profile
        result = workspace.run_scenario('name = "按规划"\n', store=False)
        solved = next(p for p in result.projects if p.id == row.project_id)
        assert dict(solved.spend) == stored
        assert result_spend(result)[row.project_id] == stored

        before = snapshot(workspace)
        again = import_schedule(workspace, edited)
        assert again.changed == 0 and snapshot(workspace) == before
    finally:
        workspace.close()


def test_bad_schedules_are_refused_whole(ran: tuple[Workspace, int], tmp_path: Path) -> None:
    workspace, _ = ran
    export = schedule_export(workspace)
    path = tmp_path / "plan.xlsx"
    grid = write_workbook(export, path).layouts["投资计划"]
    rows = grid.detail_rows
    last = max(grid.year_columns)  # the last year anything spends in or was planned in
    first, second = export.rows[0], export.rows[1]
    assert last > second.planned_end
    edited = _edit(
        path,
        {
            (first.project_id, first.planned_start): "一百",
            (second.project_id, last): 5,
        },
    )
    before = snapshot(workspace)
    with pytest.raises(ImportFileError) as error:
        import_schedule(workspace, edited)
    message = str(error.value)
    where = f"edited.xlsx, sheet 投资计划, row {rows[first.project_id]}, column "
    assert where + f"{first.planned_start}年: “一百” is not an amount" in message
    where = f"row {rows[second.project_id]}, column {last}年"
    assert where in message and "outside the planned years" in message
    assert "3 problems" in message and "add up to" in message
    assert snapshot(workspace) == before

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[1]
    sheet.cell(rows[second.project_id], 1).value = 999_999
    book.save(path)
    with pytest.raises(
        ImportFileError, match=f"row {rows[second.project_id]}: no project with id 999999"
    ):
        import_schedule(workspace, path)
    assert snapshot(workspace) == before

    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("编号,2021年\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"notes\.xlsx"):
        import_schedule(workspace, not_a_workbook)
    assert snapshot(workspace) == before


def test_workbook_for_download_holds_the_same_schedule(loaded_url: str, tmp_path: Path) -> None:
    workspace = Workspace(loaded_url)
    try:
        name, content = schedule_workbook(workspace)
        export = schedule_export(workspace)
    finally:
        workspace.close()
    assert name.startswith("投资计划-规划-") and name.endswith(".xlsx")
    path = tmp_path / name
    path.write_bytes(content)
    sheet = openpyxl.load_workbook(path)["投资计划"]
    ids_in_sheet = {row[0] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)}
    assert ids_in_sheet == {row.project_id for row in export.rows}


def test_a_downloaded_workbook_never_names_a_folder(loaded_url: str) -> None:
    """A scenario's name is typed by people: its workbook's file name keeps no separator."""
    workspace = Workspace(loaded_url)
    try:
        name = "../../etc/压减\\方案:1"
        workspace.run_scenario(f'name = "{name.replace(chr(92), chr(92) * 2)}"\nas_of = 2021\n')
        file_name, _ = schedule_workbook(workspace, name)
        workspace.delete_scenario(name)
    finally:
        workspace.close()
    assert "/" not in file_name and "\\" not in file_name and ":" not in file_name
    assert file_name.startswith("投资计划-.._.._etc_压减_方案_1-")
