"""Spreadsheet import through the service: all or nothing, idempotent, clear errors."""

from __future__ import annotations

import csv
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from portfolio.db.writers import DatabaseBusyError, ImportBusyError
from portfolio.errors import ImportFileError
from portfolio.exports.model import Language
from portfolio.project_settings import ProjectSettings
from portfolio.regions import RegionTable
from portfolio.services.loading import LoadReport
from portfolio.services.queries import ProjectFilter
from portfolio.services.workspace import PlanInfo, Workspace
from tests.portfolio.services.snapshot import snapshot

HEADER = [
    "序号",
    "项目名称",
    "项目内容",
    "总投资（亿元）",
    "起始年限",
    "项目单位",
    "所在县（市、区）",
]
GOOD_ROWS = [
    [1, "德化陶瓷创新中心", "陶瓷新材料研发", 1.25, "2022－2024", "德化县人民政府", "德化县"],
    [2, "安溪茶产业研究院", "", "0.133", "2021-2023", "安溪县农业农村局、福建农林大学", "安溪县"],
    [3, "南安石材数字工厂", "", 2, "2023年", "南安市工信局", "南安市、晋江市"],
]


def write_xlsx(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "项目"
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


@pytest.fixture
def shared(loaded_url: str) -> Iterator[Workspace]:
    """The loaded database shared by tests that must leave it unchanged."""
    ws = Workspace(loaded_url)
    yield ws
    ws.close()


def test_import_then_again_changes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "德化.xlsx", GOOD_ROWS)
    report = workspace.import_file(path, PlanInfo(key="quanzhou-2024-extra", region="泉州市"))
    assert report.created and report.projects == 3
    views = workspace.projects(ProjectFilter(plan="quanzhou-2024-extra"))
    assert [v.investment_wan for v in views] == [12_500, 1_330, 20_000]
    assert views[1].units == ("安溪县农业农村局", "福建农林大学")
    assert views[2].counties == ("南安市", "晋江市")
    assert (views[2].start_year, views[2].end_year) == (2023, 2023)
    assert views[0].source_sheet == "项目" and views[0].source_line_start == 2
    entry = workspace.audit(limit=1)[0]  # recorded with the import, as the person here
    assert (entry.action, entry.target, entry.role) == (
        "import_plan",
        "quanzhou-2024-extra",
        "admin",
    )
    assert entry.after["file"] == "德化.xlsx" and entry.after["projects"] == 3

    before = snapshot(workspace)
    again = workspace.import_file(path, PlanInfo(key="quanzhou-2024-extra"))
    assert not again.created
    assert snapshot(workspace) == before


BadFile = Callable[[Path], Path]


def _truncated(tmp: Path) -> Path:
    good = write_xlsx(tmp / "good.xlsx", GOOD_ROWS).read_bytes()
    path = tmp / "truncated.xlsx"
    path.write_bytes(good[: len(good) // 2])
    return path


def _text_named_xlsx(tmp: Path) -> Path:
    path = tmp / "notes.xlsx"
    path.write_text("序号,项目名称\n1,某项目\n", encoding="utf-8")
    return path


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _missing_columns(tmp: Path) -> Path:
    return write_xlsx(tmp / "missing.xlsx", [[1, "某项目"]], header=["序号", "项目名称"])


def _row(**changes: object) -> list[object]:
    row: list[object] = [1, "某项目", "", 1, "2021-2023", "某单位", "晋江市"]
    columns = {"money": 3, "years": 4, "place": 6}
    for key, value in changes.items():
        row[columns[key]] = value
    return row


CASES: list[tuple[str, BadFile, list[str]]] = [
    ("truncated xlsx", _truncated, ["truncated.xlsx"]),
    ("text named .xlsx", _text_named_xlsx, ["notes.xlsx"]),
    ("empty file", _empty, ["empty.xlsx", "empty"]),
    ("missing columns", _missing_columns, ["missing.xlsx"]),
    (
        "text in money",
        lambda t: write_xlsx(t / "money.xlsx", [GOOD_ROWS[0], _row(money="一亿")]),
        ["money.xlsx", "项目", "row 3", "总投资（亿元）"],
    ),
    (
        "negative money",
        lambda t: write_xlsx(t / "negative.xlsx", [_row(money=-3)]),
        ["negative.xlsx", "项目", "row 2", "总投资（亿元）", "negative"],
    ),
    (
        "end before start",
        lambda t: write_xlsx(t / "years.xlsx", [_row(years="2025-2021")]),
        ["years.xlsx", "row 2", "起始年限", "before"],
    ),
    (
        "impossible year",
        lambda t: write_xlsx(t / "year2201.xlsx", [_row(years="2201-2203")]),
        ["year2201.xlsx", "row 2", "起始年限", "2201"],
    ),
    (
        "unknown county",
        lambda t: write_xlsx(t / "county.xlsx", [GOOD_ROWS[0], _row(place="火星县")]),
        ["county.xlsx", "row 3", "所在县（市、区）", "火星县"],
    ),
]


@pytest.mark.parametrize(("label", "make", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_and_nothing_changes(
    shared: Workspace, tmp_path: Path, label: str, make: BadFile, expected: list[str]
) -> None:
    path = make(tmp_path)
    before = snapshot(shared)
    with pytest.raises(ImportFileError) as error:
        shared.import_file(path)
    message = str(error.value)
    for part in expected:
        assert part in message, f"{label}: {part!r} not in {message!r}"
    assert snapshot(shared) == before


def test_file_over_the_size_limit(
    shared: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import portfolio.services.plan_import as service

    path = write_xlsx(tmp_path / "big.xlsx", GOOD_ROWS)
    monkeypatch.setattr(service, "MAX_IMPORT_BYTES", path.stat().st_size - 1)
    before = snapshot(shared)
    with pytest.raises(ImportFileError, match=r"big\.xlsx"):
        shared.import_file(path)
    assert snapshot(shared) == before


# --- one import at a time ----------------------------------------------------------------------


class HeldImport:
    """An import in a thread of its own, held inside its transaction (the import lock taken,
    nothing written yet) until :meth:`release`."""

    def __init__(self, url: str, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        import portfolio.services.plan_import as service
        import portfolio.services.regions as region_service

        self.workspace = Workspace(url)
        self.entered, self.go_on = threading.Event(), threading.Event()
        self.result: list[object] = []
        original = region_service.ensure_regions

        def held(session: Session, regions: RegionTable) -> int:
            if threading.current_thread() is self.thread:
                self.entered.set()
                assert self.go_on.wait(60)
            return original(session, regions)

        monkeypatch.setattr(service, "ensure_regions", held)
        self.thread = threading.Thread(target=self._run, args=(path,))
        self.thread.start()
        assert self.entered.wait(60)

    def _run(self, path: Path) -> None:
        try:
            self.result.append(self.workspace.import_file(path, PlanInfo(key="first")))
        except Exception as exc:  # handed to the test, which fails on it
            self.result.append(exc)

    def release(self) -> object:
        self.go_on.set()
        self.thread.join(60)
        self.workspace.close()
        return self.result[0]


def test_the_same_file_imported_twice_at_once(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "德化.xlsx", GOOD_ROWS)
    first = HeldImport(workspace.url, path, monkeypatch)
    told: list[str] = []

    def waiting(message: str) -> None:
        told.append(message)
        first.release()  # the first import ends while this one waits for it

    second = workspace.import_file(path, PlanInfo(key="second"), notify=waiting)
    assert told == ["另一项导入正在进行，等它完成后再导入……"]
    report = first.result[0]
    assert isinstance(report, LoadReport) and report.created and report.projects == 3
    assert not second.created and second.skipped_reason == "该文件已导入"
    assert [v.plan for v in workspace.projects(ProjectFilter(plan="first"))] == ["first"] * 3


def test_an_import_that_waits_too_long_says_so(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import portfolio.db.writers as writers

    first = HeldImport(workspace.url, write_xlsx(tmp_path / "a.xlsx", GOOD_ROWS), monkeypatch)
    monkeypatch.setattr(writers, "IMPORT_WAIT_SECONDS", 0.2)
    before, before_views = snapshot(workspace), workspace.projects()
    try:
        with pytest.raises(ImportBusyError) as refused:
            workspace.import_file(write_xlsx(tmp_path / "b.xlsx", GOOD_ROWS[:1]))
    finally:
        assert isinstance(first.release(), LoadReport)
    assert refused.value.message(Language.ZH).startswith("另一项导入正在进行")
    assert "another import is running" in refused.value.message(Language.EN)
    assert snapshot(workspace) != before  # the first import, and nothing of the second
    assert {v.plan for v in workspace.projects()} == {"first", *{v.plan for v in before_views}}


def test_a_settings_save_waits_for_an_import(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_id = workspace.projects()[0].id
    first = HeldImport(workspace.url, write_xlsx(tmp_path / "a.xlsx", GOOD_ROWS), monkeypatch)
    saved: list[object] = []
    saver = threading.Thread(
        target=lambda: saved.append(
            workspace.save_project_settings(project_id, ProjectSettings(priority=7))
        )
    )
    saver.start()
    saver.join(0.5)  # most likely waiting by now; either way it must succeed
    assert isinstance(first.release(), LoadReport)
    saver.join(60)
    assert workspace.project_settings(project_id) == ProjectSettings(priority=7)
    assert len(saved) == 1


def test_a_write_that_cannot_wait_for_an_import_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import portfolio.db.engine as engine

    url = f"sqlite:///{tmp_path / 'portfolio.sqlite3'}"
    Workspace(url).init()
    first = HeldImport(url, write_xlsx(tmp_path / "a.xlsx", GOOD_ROWS), monkeypatch)
    monkeypatch.setattr(engine, "SQLITE_BUSY_SECONDS", 0.2)
    impatient = Workspace(url)
    project_id = impatient.projects()[0].id  # reading goes on while the import writes
    try:
        with pytest.raises(DatabaseBusyError) as refused:
            impatient.save_project_settings(project_id, ProjectSettings(priority=7))
    finally:
        assert isinstance(first.release(), LoadReport)
    assert refused.value.message(Language.ZH).startswith("数据库正忙：另一项导入正在写入")
    assert impatient.project_settings(project_id) == ProjectSettings()
    impatient.close()


def test_an_import_binds_few_variables_per_statement(tmp_path: Path) -> None:
    """SQLite refuses a statement with more variables than its limit (32,766 by default):
    with the limit at 500, 1,200 rows with a unit each must still import."""
    url = f"sqlite:///{tmp_path / 'portfolio.sqlite3'}"
    Workspace(url).init()
    workspace = Workspace(url)
    event.listen(
        workspace.engine,
        "connect",
        lambda connection, _: connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 500),
    )
    rows = [
        [i, f"批量项目{i}", "", "0.01", "2021-2023", f"{i}号所", "晋江市"] for i in range(1, 1201)
    ]
    path = tmp_path / "批量.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([HEADER, *rows])
    report = workspace.import_file(path, PlanInfo(key="batch"))
    assert report.created and report.projects == 1200
    views = workspace.projects(ProjectFilter(plan="batch"))
    assert [v.name for v in views] == [row[1] for row in rows]
    assert all(len(v.units) == 1 and v.counties == ("晋江市",) for v in views)
    assert sum(v.investment_wan or 0 for v in views) == 1200 * 100
    workspace.close()
