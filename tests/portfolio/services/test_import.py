"""Spreadsheet import through the service: all or nothing, idempotent, clear errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from portfolio.errors import ImportFileError
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
