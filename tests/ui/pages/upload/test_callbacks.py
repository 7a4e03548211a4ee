"""The 导入 page's steps through the app's own server: a file received and kept, checked
(nothing stored), confirmed (stored once), refused with every problem, cancelled, changed."""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash
import plotly
import pytest

from portfolio.exports.workbook import write_workbook
from portfolio.services.exports import schedule_export
from portfolio.services.plan_import import MAX_IMPORT_BYTES
from portfolio.services.queries import ProjectFilter
from portfolio.services.workspace import Workspace
from tests.portfolio.services.actuals_files import QINGYUAN, row, write_report
from tests.portfolio.services.snapshot import snapshot
from tests.portfolio.services.test_exports import _edit
from tests.portfolio.services.test_import import GOOD_ROWS, write_xlsx
from ui.app import MAX_REQUEST_BYTES, create_app
from ui.i18n import LANG_COOKIE
from ui.pages.upload.callbacks import cancel, check, confirm, details_changed, receive
from ui.pages.upload.staging import Staging, attach_staging

DETAILS = {
    "key": "quanzhou-extra",
    "title": "泉州补充项目",
    "level": "city",
    "region": "泉州市",
    "start": 2021,
    "end": 2025,
    "report_date": None,
}


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    workspace.ensure_ready()
    yield workspace
    workspace.close()


@pytest.fixture
def staging(tmp_path: Path) -> Staging:
    return Staging(tmp_path / "uploads")


@pytest.fixture
def app(workspace: Workspace, staging: Staging) -> dash.Dash:
    app = create_app(workspace)
    attach_staging(app.server, staging)
    return app


def _address(path: Path) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(path.read_bytes()).decode()


def texts(node: Any) -> str:
    """Every text of a component tree, joined: what the reader sees."""
    plain = json.loads(json.dumps(node, cls=plotly.utils.PlotlyJSONEncoder))

    def walk(value: Any) -> list[str]:
        if isinstance(value, str | int):
            return [str(value)]
        if isinstance(value, dict) and "props" in value:  # a component: its texts, its rows
            props = value["props"]
            return walk(props.get("children")) + walk(props.get("rowData"))
        if isinstance(value, dict):  # a grid's row
            return [text for item in value.values() for text in walk(item)]
        if isinstance(value, list):
            return [text for item in value for text in walk(item)]
        return []

    return " ".join(walk(plain))


def _kept(staging: Staging) -> list[Path]:
    return sorted(staging.folder.glob("*/file/*")) if staging.folder.exists() else []


def test_a_good_table_is_checked_then_imported_once(
    app: dash.Dash, workspace: Workspace, staging: Staging, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "德化.xlsx", GOOD_ROWS)
    with app.server.test_request_context("/upload"):
        received = receive(_address(path), path.name, None)
        staged = received["staged"]
        assert staged["file"] == "德化.xlsx" and staged["size"] == path.stat().st_size
        assert "已接收 德化.xlsx" in texts(received["status"])
        assert [p.read_bytes() for p in _kept(staging)] == [path.read_bytes()]

        before, revision = snapshot(workspace), workspace.revision()
        checked = check(staged, "plan", DETAILS)
        assert snapshot(workspace) == before and workspace.revision() == revision
        assert checked["confirm_disabled"] is False
        assert checked["checked"]["sha256"] == staged["sha256"]
        said = texts(checked["result"])
        assert "检查通过：德化.xlsx 可导入为规划 quanzhou-extra（泉州补充项目）：3 个项目" in said
        assert "德化陶瓷创新中心" in said and "1.25" in said  # the preview grid

        imported = confirm(staged, checked["checked"], "plan", DETAILS)
    said = texts(imported["result"])
    assert "已导入 德化.xlsx，规划 quanzhou-extra：3 个项目" in said
    assert imported["staged"] is None and imported["confirm_disabled"] is True
    assert _kept(staging) == []  # removed once imported
    views = workspace.projects(ProjectFilter(plan="quanzhou-extra"))
    assert [v.name for v in views] == [row[1] for row in GOOD_ROWS]
    assert workspace.audit(limit=1)[0].after["file"] == "德化.xlsx"


def test_a_bad_table_lists_every_problem_and_nothing_is_stored(
    app: dash.Dash, workspace: Workspace, tmp_path: Path
) -> None:
    rows = [*GOOD_ROWS, [4, "某项目", "", "一亿", "2021-2023", "某单位", "火星县"]]
    path = write_xlsx(tmp_path / "坏.xlsx", rows)
    before, revision = snapshot(workspace), workspace.revision()
    with app.server.test_request_context("/upload"):
        staged = receive(_address(path), path.name, None)["staged"]
        checked = check(staged, "plan", DETAILS)
        assert checked["checked"] is None and checked["confirm_disabled"] is True
        said = texts(checked["result"])
        assert "坏.xlsx 不能导入：2 个问题。未作任何改动" in said
        assert "项目 5 总投资（亿元）" in said and "所在县（市、区）" in said and "火星县" in said
        # Confirming without a passed check imports nothing.
        refused = confirm(staged, None, "plan", DETAILS)
        assert "请先点“检查”" in texts(refused["result"])
    assert snapshot(workspace) == before and workspace.revision() == revision


def test_a_file_changed_after_its_check_is_not_imported(
    app: dash.Dash, workspace: Workspace, staging: Staging, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "德化.xlsx", GOOD_ROWS)
    with app.server.test_request_context("/upload"):
        staged = receive(_address(path), path.name, None)["staged"]
        checked = check(staged, "plan", DETAILS)["checked"]
        (kept,) = _kept(staging)
        kept.write_bytes(write_xlsx(tmp_path / "other.xlsx", GOOD_ROWS[:1]).read_bytes())
        before = snapshot(workspace)
        refused = confirm(staged, checked, "plan", DETAILS)
    assert "德化.xlsx 在检查之后有变化，未导入：请重新检查。" in texts(refused["result"])
    assert refused["checked"] is None and snapshot(workspace) == before


def test_details_changed_after_a_check_need_a_new_check(
    app: dash.Dash, workspace: Workspace, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "德化.xlsx", GOOD_ROWS)
    with app.server.test_request_context("/upload"):
        staged = receive(_address(path), path.name, None)["staged"]
        checked = check(staged, "plan", DETAILS)["checked"]
        same = details_changed("plan", DETAILS, checked)
        assert all(value is dash.no_update for value in same.values())
        other = details_changed("plan", {**DETAILS, "key": "another"}, checked)
        assert other["checked"] is None and other["confirm_disabled"] is True
        assert "请重新检查" in texts(other["result"])
        # A detail changed and 确认导入 clicked at once: not imported with the old details.
        before = snapshot(workspace)
        at_once = confirm(staged, checked, "plan", {**DETAILS, "key": "another"})
        assert "请重新检查" in texts(at_once["result"]) and at_once["checked"] is None
        as_schedule = confirm(staged, checked, "schedule", DETAILS)
        assert "请重新检查" in texts(as_schedule["result"])
    assert snapshot(workspace) == before


def test_cancel_removes_the_file_and_stores_nothing(
    app: dash.Dash, workspace: Workspace, staging: Staging, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "德化.xlsx", GOOD_ROWS)
    before = snapshot(workspace)
    with app.server.test_request_context("/upload"):
        staged = receive(_address(path), path.name, None)["staged"]
        check(staged, "plan", DETAILS)
        cancelled = cancel(staged)
        assert "已取消" in texts(cancelled["result"]) and cancelled["staged"] is None
        assert _kept(staging) == []
        gone = confirm(
            staged, {"token": staged["token"], "sha256": staged["sha256"]}, "plan", DETAILS
        )
    assert "已不在服务器上" in texts(gone["result"])
    assert snapshot(workspace) == before


def test_wrong_files_are_refused_before_they_are_kept(
    app: dash.Dash, staging: Staging, tmp_path: Path
) -> None:
    too_big = "data:application/octet-stream;base64," + "A" * (MAX_IMPORT_BYTES * 4 // 3 + 8)
    picture = tmp_path / "照片.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    renamed = tmp_path / "项目.xlsx"
    renamed.write_bytes(picture.read_bytes())
    with app.server.test_request_context("/upload"):
        big = receive(too_big, "大表.xlsx", None)
        assert "大表.xlsx 有 20.0 MB，超过导入文件的上限 20.0 MB：未接收。" in texts(big["status"])
        word = receive("data:;base64,UEsDBA==", "说明.docx", None)
        assert "不能导入 说明.docx（这是Word 文档）" in texts(word["status"])
        photo = receive(_address(picture), picture.name, None)
        assert "（这是PNG 图片）" in texts(photo["status"])
        under_a_workbooks_name = receive(_address(renamed), renamed.name, None)
        assert "内容是PNG 图片，不是工作簿或表格" in texts(under_a_workbooks_name["status"])
    assert all(answer["staged"] is None for answer in (big, word, photo, under_a_workbooks_name))
    assert _kept(staging) == []


def test_a_schedule_is_checked_then_imported(
    app: dash.Dash, workspace: Workspace, tmp_path: Path
) -> None:
    export = schedule_export(workspace)
    row = next(r for r in export.rows if r.planned_end - r.planned_start >= 2)
    first, second = row.planned_start, row.planned_start + 1
    plan = tmp_path / "plan.xlsx"
    write_workbook(export, plan)
    moved = row.spend[first] - 1
    edited = _edit(
        plan, {(row.project_id, first): 1, (row.project_id, second): row.spend[second] + moved}
    )
    with app.server.test_request_context("/upload"):
        staged = receive(_address(edited), edited.name, None)["staged"]
        as_table = check(staged, "plan", DETAILS)  # a schedule is no project table
        assert as_table["checked"] is None
        before = snapshot(workspace)
        checked = check(staged, "schedule", DETAILS)
        assert snapshot(workspace) == before
        said = texts(checked["result"])
        assert (
            f"检查通过：edited.xlsx 中 1 个项目将采用新的年度金额，{len(export.rows) - 1} 个不变"
            in said
        )
        assert row.name in said
        imported = confirm(staged, checked["checked"], "schedule", DETAILS)
    assert "已导入 edited.xlsx：1 个项目采用新的年度金额" in texts(imported["result"])
    assert workspace.audit(limit=1)[0].action == "import_schedule"


def test_two_people_confirming_one_file_at_once_import_it_once(
    app: dash.Dash, workspace: Workspace, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "德化.xlsx", GOOD_ROWS)
    prepared = []
    for _ in range(2):
        with app.server.test_request_context("/upload"):
            staged = receive(_address(path), path.name, None)["staged"]
            prepared.append((staged, check(staged, "plan", DETAILS)["checked"]))
    start = threading.Barrier(2)
    said: list[str] = []

    def confirm_one(staged: dict[str, Any], checked: dict[str, Any]) -> None:
        with app.server.test_request_context("/upload"):
            start.wait()
            said.append(texts(confirm(staged, checked, "plan", DETAILS)["result"]))

    threads = [threading.Thread(target=confirm_one, args=pair) for pair in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(said) == 2
    assert sum("已导入 德化.xlsx" in text for text in said) == 1
    assert sum("德化.xlsx 未再导入：该文件已导入" in text for text in said) == 1
    assert len(workspace.projects(ProjectFilter(plan="quanzhou-extra"))) == 3


def test_a_progress_report_is_checked_then_imported_at_its_date(
    app: dash.Dash, workspace: Workspace, tmp_path: Path
) -> None:
    (qingyuan,) = [v.id for v in workspace.projects() if v.name == QINGYUAN]
    path = write_report(
        tmp_path / "进度.xlsx",
        [
            row(qingyuan, QINGYUAN, 2023, 5000, "在建", start=2021),
            row(qingyuan, None, 2024, 6000, "已完工", completion=2024),
        ],
        indicators=[["quanzhou-st-14fyp", "附件5", "", "国家高新技术企业", "家", 2025, "", 2100]],
    )
    details = {**DETAILS, "report_date": "2026-06-30"}
    with app.server.test_request_context("/upload"):
        staged = receive(_address(path), path.name, None)["staged"]
        before = snapshot(workspace)
        checked = check(staged, "actuals", details)
        assert snapshot(workspace) == before
        said = texts(checked["result"])
        assert (
            "检查通过：进度.xlsx 可作为 2026-06-30 的实际完成情况导入：1 个项目的 2 个项目年度"
            in said
        )
        assert "已完工" in said and "6000" in said and "国家高新技术企业" in said
        imported = confirm(staged, checked["checked"], "actuals", details)
    assert "已导入 进度.xlsx：2026-06-30 的实际完成情况" in texts(imported["result"])
    (report,) = workspace.actuals.reports()
    assert report.report_date == dt.date(2026, 6, 30)
    assert dict(workspace.actuals.at()[qingyuan].spend) == {2023: 5000, 2024: 6000}


def test_a_bad_progress_report_is_refused_in_the_readers_language(
    app: dash.Dash, workspace: Workspace, tmp_path: Path
) -> None:
    path = write_report(tmp_path / "进度.xlsx", [row(999_999, None, "明年", -5, "差不多")])
    details = {**DETAILS, "report_date": "2026-06-30"}
    before = snapshot(workspace)
    said = {}
    for lang, headers in (("zh", {}), ("en", {"Cookie": f"{LANG_COOKIE}=en"})):
        with app.server.test_request_context("/upload", headers=headers):
            staged = receive(_address(path), path.name, None)["staged"]
            checked = check(staged, "actuals", details)
        assert checked["checked"] is None and checked["confirm_disabled"] is True
        said[lang] = texts(checked["result"])
    assert "进度.xlsx 不能导入：4 个问题" in said["zh"]
    assert "实际完成情况 2 年份 “明年”不是年份" in said["zh"]
    assert "实际完成情况 2 项目ID 没有项目ID为 999999 的项目" in said["zh"]
    assert "进度.xlsx cannot be imported: 4 problems" in said["en"]
    assert "“明年” is not a year" in said["en"]
    assert snapshot(workspace) == before


def test_a_request_far_over_the_limit_is_refused_unread_saying_the_limit(app: dash.Dash) -> None:
    body = b"{" + b" " * MAX_REQUEST_BYTES + b"}"
    client = app.server.test_client()
    answer = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert answer.status_code == 413
    assert answer.get_data(as_text=True) == "文件太大：导入的文件不能超过 20 MB，未接收。"
