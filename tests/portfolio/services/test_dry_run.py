"""Imports checked without storing (the web app's 检查, the command line's --dry-run): the
same code path as the import, everything rolled back; and two imports of one file at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio.errors import ImportFileError
from portfolio.exports.workbook import write_workbook
from portfolio.services.exports import schedule_export
from portfolio.services.loading import LoadReport
from portfolio.services.schedule_import import import_schedule
from portfolio.services.workspace import PlanInfo, Workspace
from tests.portfolio.services.snapshot import snapshot
from tests.portfolio.services.test_exports import _edit
from tests.portfolio.services.test_import import GOOD_ROWS, write_xlsx

EXTRA = PlanInfo(key="quanzhou-extra", title="泉州补充项目", region="泉州市")


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


def test_a_dry_run_says_what_the_import_stores_and_stores_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "德化.xlsx", GOOD_ROWS)
    before, revision = snapshot(workspace), workspace.revision()
    checked = workspace.import_file(path, EXTRA, dry_run=True)
    assert snapshot(workspace) == before and workspace.revision() == revision
    assert checked.created and checked.projects == 3
    # The preview is what the database would hold: units split, places resolved, money in 万元.
    assert [v.name for v in checked.preview] == [row[1] for row in GOOD_ROWS]
    assert [v.investment_wan for v in checked.preview] == [12_500, 1_330, 20_000]
    assert checked.preview[1].units == ("安溪县农业农村局", "福建农林大学")
    assert checked.preview[2].counties == ("南安市", "晋江市")
    assert all(v.plan == "quanzhou-extra" for v in checked.preview)

    imported = workspace.import_file(path, EXTRA)
    assert (imported.projects, imported.findings, imported.links) == (
        checked.projects,
        checked.findings,
        checked.links,
    )
    assert imported.preview == ()
    # Checked again once imported: it would change nothing, and says why.
    again = workspace.import_file(path, EXTRA, dry_run=True)
    assert not again.created and again.skipped_reason == "该文件已导入"


def test_a_dry_run_of_a_bad_file_lists_its_problems_and_stores_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    bad = [*GOOD_ROWS, [4, "某项目", "", "一亿", "2021-2023", "某单位", "火星县"]]
    path = write_xlsx(tmp_path / "bad.xlsx", bad)
    before, revision = snapshot(workspace), workspace.revision()
    with pytest.raises(ImportFileError) as error:
        workspace.import_file(path, EXTRA, dry_run=True)
    columns = {p.location.column for p in error.value.problems}
    assert {p.location.row for p in error.value.problems} == {5}
    assert {"总投资（亿元）", "所在县（市、区）"} <= columns
    assert snapshot(workspace) == before and workspace.revision() == revision


def test_a_schedules_dry_run_lists_the_changes_and_stores_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    export = schedule_export(workspace)
    row = next(r for r in export.rows if r.planned_end - r.planned_start >= 2)
    first, second = row.planned_start, row.planned_start + 1
    path = tmp_path / "plan.xlsx"
    write_workbook(export, path)
    moved = row.spend[first] - 1
    edited = _edit(
        path, {(row.project_id, first): 1, (row.project_id, second): row.spend[second] + moved}
    )
    before, revision = snapshot(workspace), workspace.revision()
    checked = import_schedule(workspace, edited, dry_run=True)
    assert snapshot(workspace) == before and workspace.revision() == revision
    assert (checked.changed, checked.unchanged) == (1, len(export.rows) - 1)
    (change,) = checked.changes
    assert (change.project_id, change.name) == (row.project_id, row.name)
    assert change.before == dict(row.spend)
    assert change.after[first] == 1 and change.after[second] == row.spend[second] + moved

    imported = import_schedule(workspace, edited)
    assert imported == checked
    assert workspace.revision() > revision


def test_two_imports_of_one_file_at_once_end_as_one_import_and_one_already_imported(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "德化.xlsx", GOOD_ROWS)
    start = threading.Barrier(2)
    reports: list[LoadReport] = []
    errors: list[BaseException] = []

    def run() -> None:
        start.wait()
        try:
            reports.append(workspace.import_file(path, EXTRA))
        except BaseException as exc:  # the test reports it, whatever it is
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(report.created for report in reports) == [False, True]
    skipped = next(report for report in reports if not report.created)
    assert skipped.skipped_reason in ("该文件已导入", "该规划已存在")
    assert len([v for v in workspace.projects() if v.plan == "quanzhou-extra"]) == 3
