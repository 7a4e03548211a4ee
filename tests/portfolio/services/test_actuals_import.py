"""Progress reports imported from a workbook: all or nothing, every problem at its cell,
dated, kept, once per file; and the template filled in imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from portfolio.access import Actor, PermissionDeniedError, Role
from portfolio.actuals import ActualStatus
from portfolio.exports.model import Language
from portfolio.paths import file_sha256
from portfolio.services import actuals_import
from portfolio.services.actuals_import import ActualsImportError
from portfolio.services.workspace import Workspace
from tests.portfolio.services.actuals_files import (
    QINGYUAN,
    TWICE,
    row,
    write_report,
)

JUNE = dt.date(2026, 6, 30)
LAST_DECEMBER = dt.date(2025, 12, 31)


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


def ids(workspace: Workspace) -> dict[tuple[str, str], int]:
    """(plan, name) → project id."""
    return {(v.plan, v.name): v.id for v in workspace.projects()}


def one_id(workspace: Workspace, name: str) -> int:
    (found,) = [v.id for v in workspace.projects() if v.name == name]
    return found


def test_a_good_report_is_stored_whole(workspace: Workspace, tmp_path: Path) -> None:
    qingyuan = one_id(workspace, QINGYUAN)
    twice_city = ids(workspace)[("quanzhou-st-14fyp", TWICE)]
    path = write_report(
        tmp_path / "进度.xlsx",
        [
            row(qingyuan, QINGYUAN, 2023, 5000, "在建", start=2021, source="泉州市科技局"),
            row(qingyuan, None, 2024, "6,000", "已完工", completion=2024, note="提前完工"),
            row(None, TWICE, 2024, 120, "停缓建", plan="quanzhou-st-14fyp", table="附件1"),
            row(None, TWICE, 2025, None, "停缓建", plan="泉州市“十四五”科技创新发展专项规划"),
            row(None, None, None),  # an empty row is skipped
        ],
        indicators=[["quanzhou-st-14fyp", "附件5", "", "国家高新技术企业", "家", 2025, "", 2100]],
    )
    summary = workspace.actuals.import_file(path, report_date=JUNE)

    assert (summary.projects, summary.rows, summary.indicators) == (2, 4, 1)
    assert summary.report_id is not None and summary.file_name == "进度.xlsx"
    assert [(p.project_id, p.year, p.spend_wan) for p in summary.preview] == [
        (qingyuan, 2023, 5000), (qingyuan, 2024, 6000),
        (twice_city, 2024, 120), (twice_city, 2025, None),
    ]  # fmt: skip
    assert summary.preview[1].status_label(Language.EN) == "completed"
    state = workspace.actuals.at()
    assert dict(state[qingyuan].spend) == {2023: 5000, 2024: 6000}
    assert state[qingyuan].status is ActualStatus.COMPLETED
    assert (state[qingyuan].start_year, state[qingyuan].completion_year) == (2021, 2024)
    assert state[qingyuan].notes == {2024: "提前完工"}
    assert state[qingyuan].sources[2024] == "进度.xlsx · 实际完成情况 · 第3行"
    assert state[qingyuan].sources[2023] == "进度.xlsx · 实际完成情况 · 第2行 · 来源：泉州市科技局"
    assert state[twice_city].status is ActualStatus.SUSPENDED
    (value,) = workspace.actuals.indicators_at().values()
    assert (value.year, value.value_raw, value.value) == (2025, "2100", Decimal(2100))
    assert [e.action for e in workspace.audit(limit=1)] == ["import_actuals"]
    assert workspace.audit(limit=1)[0].after["rows"] == 4


def test_the_same_file_twice_is_refused_naming_the_first(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_report(tmp_path / "a.xlsx", [row(one_id(workspace, QINGYUAN), None, 2024, 10)])
    first = workspace.actuals.import_file(path, report_date=JUNE)
    copy = tmp_path / "b.xlsx"
    copy.write_bytes(path.read_bytes())
    with pytest.raises(ActualsImportError) as refused:
        workspace.actuals.import_file(copy, report_date=dt.date(2026, 7, 1))
    said = refused.value.message(Language.ZH)
    assert "该文件已于" in said and f"第 {first.report_id} 号报告" in said and "2026-06-30" in said
    assert "already imported" in refused.value.message(Language.EN)
    assert len(workspace.actuals.reports()) == 1


def test_an_earlier_report_leaves_the_later_state_and_is_read_at_its_date(
    workspace: Workspace, tmp_path: Path
) -> None:
    qingyuan = one_id(workspace, QINGYUAN)
    later = write_report(tmp_path / "june.xlsx", [row(qingyuan, None, 2025, 500, "在建")])
    workspace.actuals.import_file(later, report_date=JUNE)
    earlier = write_report(
        tmp_path / "december.xlsx",
        [row(qingyuan, None, 2024, 200, "在建"), row(qingyuan, None, 2025, 300, "停缓建")],
    )
    workspace.actuals.import_file(earlier, report_date=LAST_DECEMBER)

    latest = workspace.actuals.at()[qingyuan]
    assert dict(latest.spend) == {2024: 200, 2025: 500}
    assert latest.status is ActualStatus.IN_PROGRESS
    at_december = workspace.actuals.at(LAST_DECEMBER)[qingyuan]
    assert dict(at_december.spend) == {2024: 200, 2025: 300}
    assert at_december.status is ActualStatus.SUSPENDED
    assert qingyuan not in workspace.actuals.at(dt.date(2025, 12, 30))
    assert [r.report_date for r in workspace.actuals.reports()] == [JUNE, LAST_DECEMBER]


def test_the_template_filled_in_imports(workspace: Workspace, tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    projects, indicators = workspace.actuals.write_template(template, up_to_year=2025)
    book = openpyxl.load_workbook(template)
    sheet, values = book["实际完成情况"], book["指标"]
    assert [c.value for c in sheet[1]][:10] == [
        "项目ID", "规划", "表", "序号", "项目名称", "所在县（市、区）", "年份",
        "计划投资（万元）", "实际完成投资（万元）", "状态",
    ]  # fmt: skip
    assert sheet.max_row == projects + 1 and values.max_row == indicators + 1
    assert "说明" in book.sheetnames
    assert any(
        "未开工,在建,已完工,停缓建,取消" in (v.formula1 or "")
        for v in sheet.data_validations.dataValidation
    )
    for line in range(2, 32):  # the first thirty project-years, planned spend as actual
        sheet.cell(line, 9).value = sheet.cell(line, 8).value or 0
        sheet.cell(line, 10).value = "在建"
    values.cell(2, 8).value = 3.2
    book.save(template)

    summary = workspace.actuals.import_file(template, report_date=JUNE)
    assert (summary.rows, summary.indicators) == (30, 1)
    first = summary.preview[0]
    assert workspace.actuals.at()[first.project_id].spend[first.year] == first.spend_wan


def test_a_dry_run_checks_and_stores_nothing(shared: Workspace, tmp_path: Path) -> None:
    path = write_report(tmp_path / "dry.xlsx", [row(one_id(shared, QINGYUAN), None, 2024, 7)])
    before = len(shared.actuals.reports())
    summary = shared.actuals.import_file(path, report_date=JUNE, dry_run=True)
    assert summary.report_id is None and summary.rows == 1 and summary.preview[0].spend_wan == 7
    assert len(shared.actuals.reports()) == before


def test_a_viewer_may_not_import(shared: Workspace, tmp_path: Path) -> None:
    path = write_report(tmp_path / "v.xlsx", [row(one_id(shared, QINGYUAN), None, 2024, 7)])
    with pytest.raises(PermissionDeniedError):
        shared.actuals.import_file(path, actor=Actor("张三", Role.VIEWER))


def test_a_csv_report_imports(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "进度.csv"
    qingyuan = one_id(workspace, QINGYUAN)
    path.write_text(
        f"项目ID,年份,实际完成投资（亿元）,状态\n{qingyuan},2024,0.0133,在建\n", encoding="utf-8"
    )
    summary = workspace.actuals.import_file(path, report_date=JUNE)
    assert summary.preview[0].spend_wan == 133 and summary.preview[0].row == 2


@pytest.fixture(scope="module")
def shared(loaded_url: str) -> Iterator[Workspace]:
    """The loaded database, shared by the tests that store nothing."""
    ws = Workspace(loaded_url)
    yield ws
    ws.close()


def test_the_same_file_stored_by_another_import_meanwhile_is_refused(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports of one file at once both pass the check; the database's unique SHA-256
    refuses the second, said as such, not as a raw IntegrityError."""
    path = write_report(tmp_path / "a.xlsx", [row(one_id(workspace, QINGYUAN), None, 2024, 10)])
    workspace.actuals.import_file(path, report_date=JUNE)
    monkeypatch.setattr(actuals_import, "_new_file", lambda _s, p, _n: file_sha256(p))
    with pytest.raises(ActualsImportError) as refused:
        workspace.actuals.import_file(path, report_date=JUNE)
    assert "同一文件刚刚由另一个导入存入" in refused.value.message()
    assert len(workspace.actuals.reports()) == 1


def test_an_imported_report_is_what_re_planning_takes_as_history(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The issue's case through the workbook: one project finished, one late, one cancelled,
    one overspent; re-planning from 2026 keeps their years before 2026 as reported."""
    chosen = sorted(
        (v for v in workspace.projects() if v.counted_in_totals and v.start_year == 2021
         and v.end_year == 2025 and (v.investment_wan or 0) >= 1000),
        key=lambda v: -(v.investment_wan or 0),
    )[:4]  # fmt: skip
    finished, late, cancelled, overspent = chosen
    total = {v.id: v.investment_wan or 0 for v in chosen}
    half = total[finished.id] // 2
    spend = {
        finished.id: ({2021: half, 2022: total[finished.id] - half}, "已完工"),
        late.id: ({2021: total[late.id] // 10, 2022: total[late.id] // 10}, "在建"),
        cancelled.id: ({2021: 30}, "取消"),
        overspent.id: ({2021: total[overspent.id], 2022: 500}, "在建"),
    }  # fmt: skip
    rows = [
        row(pid, None, year, amount, status)
        for pid, (years, status) in spend.items()
        for year, amount in years.items()
    ]
    workspace.actuals.import_file(write_report(tmp_path / "2025年度.xlsx", rows), report_date=JUNE)

    result = workspace.run_scenario('name = "重排"\nas_of = 2026\n', "test", store=False)
    outcomes = {p.id: p for p in result.projects}
    for pid, (years, _) in spend.items():
        assert {y: a for y, a in outcomes[pid].spend.items() if y < 2026} == years
    for pid in (finished.id, cancelled.id, overspent.id):
        assert not any(year >= 2026 for year in outcomes[pid].spend)
    remaining = sum(a for y, a in outcomes[late.id].spend.items() if y >= 2026)
    assert remaining == total[late.id] - sum(spend[late.id][0].values())
