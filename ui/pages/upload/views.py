"""Pure functions behind the 导入 page: the kinds of file, what an uploaded file is (its
size from the upload's length, its type), and the details a kind of file needs, read from
the form; in the reader's language. What a check or an import says is in ``outcomes.py``.
Nothing here touches Dash callbacks, files or the database.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import PurePath
from typing import Any

from portfolio.formatting import OFFICE_TIME
from portfolio.records import PlanLevel
from portfolio.services.plan_import import MAX_IMPORT_BYTES, PlanInfo
from ui.i18n import later, t


class Kind(StrEnum):
    """The kinds of file the page imports."""

    PLAN = "plan"  # 项目表: a plan's projects
    ACTUALS = "actuals"  # 实际完成情况: what projects spent, year by year
    SCHEDULE = "schedule"  # 安排表: a schedule workbook's yearly amounts


KIND_LABELS = {
    Kind.PLAN: later("项目表"),
    Kind.ACTUALS: later("实际完成情况"),
    Kind.SCHEDULE: later("安排表"),
}
# The file types each kind is read from (the services read these and no others).
SUFFIXES = {
    Kind.PLAN: (".xlsx", ".xlsm", ".csv"),
    Kind.ACTUALS: (".xlsx", ".xlsm", ".csv"),
    Kind.SCHEDULE: (".xlsx", ".xlsm"),
}
ANY_SUFFIX = tuple(dict.fromkeys(suffix for kind in Kind for suffix in SUFFIXES[kind]))
LEVEL_LABELS = {
    PlanLevel.PROVINCE: later("省级"),
    PlanLevel.CITY: later("市级"),
    PlanLevel.COUNTY: later("县级"),
}
FIRST_YEAR, LAST_YEAR = 1949, 2100
# What other files start with, said so that a wrong file is named for what it is.
_SIGNATURES = (
    (b"\x89PNG", later("PNG 图片")),
    (b"\xff\xd8\xff", later("JPEG 图片")),
    (b"GIF8", later("GIF 图片")),
    (b"BM", later("BMP 图片")),
    (b"%PDF", later("PDF 文件")),
    (b"\xd0\xcf\x11\xe0", later("Excel 97-2003（.xls）或加密的工作簿")),
)
_OTHER_SUFFIXES = {
    ".docx": later("Word 文档"),
    ".doc": later("Word 文档"),
    ".pdf": later("PDF 文件"),
    ".png": later("PNG 图片"),
    ".jpg": later("JPEG 图片"),
    ".jpeg": later("JPEG 图片"),
    ".gif": later("GIF 图片"),
    ".xls": later("Excel 97-2003（.xls）工作簿"),
    ".pptx": later("PowerPoint 演示文稿"),
    ".zip": later("压缩包"),
}


def size_text(size: int) -> str:
    """A file size as people read it: ``1.5 MB``, ``12 KB``."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def decoded_size(contents: str) -> int:
    """The size in bytes of a file sent as a ``data:…;base64,`` address, from its length
    alone: a file over the limit is refused before it is decoded."""
    payload = contents.partition(",")[2].strip()
    padding = len(payload) - len(payload.rstrip("="))
    return len(payload) * 3 // 4 - padding


def decode(contents: str) -> bytes | None:
    """The bytes of a ``data:…;base64,`` address; ``None`` when it is not one."""
    head, comma, payload = contents.partition(",")
    if not comma or not head.endswith(";base64"):
        return None
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None


def refusal(file_name: str, size: int, suffixes: Sequence[str] = ANY_SUFFIX) -> str | None:
    """Why the file cannot be taken, from its name and size; ``None`` when it can."""
    suffix = PurePath(file_name).suffix.lower()
    if size > MAX_IMPORT_BYTES:
        return t(
            "{file} 有 {size}，超过导入文件的上限 {limit}：未接收。",
            file=file_name,
            size=size_text(size),
            limit=size_text(MAX_IMPORT_BYTES),
        )
    if suffix not in suffixes:
        known = _OTHER_SUFFIXES.get(suffix)
        said = t("（这是{what}）", what=t(known)) if known else ""
        return t(
            "不能导入 {file}{said}：只接受 {types} 文件。",
            file=file_name,
            said=said,
            types=" / ".join(suffixes),
        )
    if size == 0:
        return t("{file} 是空文件。", file=file_name)
    return None


def content_refusal(file_name: str, head: bytes) -> str | None:
    """Why a file whose name looks right is no table: its first bytes say it is a
    picture, a PDF or an old Excel file; ``None`` otherwise (the services check the rest)."""
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            return t(
                "不能导入 {file}：内容是{what}，不是工作簿或表格。", file=file_name, what=t(what)
            )
    return None


def plan_info(details: Mapping[str, Any]) -> tuple[PlanInfo | None, list[str]]:
    """The plan's details as typed in the form, or the mistakes in them (every one)."""
    errors: list[str] = []
    years = []
    for field, label in (("start", later("规划起始年")), ("end", later("规划结束年"))):
        year = _year(details.get(field))
        if year is None:
            errors.append(
                t(
                    "{what}须为 {first}–{last} 之间的年份",
                    what=t(label),
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                )
            )
        years.append(year)
    start, end = years
    if start is not None and end is not None and end < start:
        errors.append(t("规划结束年（{end}）早于起始年（{start}）", start=start, end=end))
    level = details.get("level") or PlanLevel.CITY.value
    if level not in {item.value for item in PlanLevel}:
        errors.append(t("未知的规划级别“{level}”", level=level))
    if errors or start is None or end is None:
        return None, errors
    return (
        PlanInfo(
            key=_text(details.get("key")) or None,
            title=_text(details.get("title")) or None,
            issuer=_text(details.get("issuer")),
            level=PlanLevel(level),
            region=_text(details.get("region")) or "福建省",
            period_start=start,
            period_end=end,
        ),
        [],
    )


def report_date(text: str | None, today: dt.date | None = None) -> tuple[dt.date | None, str]:
    """The report date of an actuals workbook (today in Beijing when empty), or why not."""
    if not text:
        return today or dt.datetime.now(OFFICE_TIME).date(), ""
    try:
        return dt.date.fromisoformat(text.strip()), ""
    except ValueError:
        return None, t("报告日期“{text}”不是日期（如 2026-06-30）", text=text)


def _year(value: object) -> int | None:
    try:
        year = int(str(value).strip())
    except ValueError:
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _text(value: object) -> str:
    return str(value).strip() if value is not None else ""
