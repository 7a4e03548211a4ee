"""Progress-report workbooks written for the tests (openpyxl), and the bundled projects
they name."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl

PROJECT_HEADER = [
    "项目ID",
    "项目名称",
    "规划",
    "表",
    "序号",
    "年份",
    "实际完成投资（万元）",
    "状态",
    "实际开工年份",
    "实际完工年份",
    "备注",
    "来源",
]
INDICATOR_HEADER = ["规划", "表", "序号", "指标名称", "单位", "年份", "目标值", "实际值"]

# Bundled projects: one name that stands once, one that stands in both plans.
QINGYUAN = "化学工程科学与技术创新实验室(清源创新实验室)"
TWICE = "先进高分子材料创新实验室"  # fujian-st-14fyp 表3 16 and quanzhou-st-14fyp 附件1 18
SOFTWARE_BASE = "软件与工业设计基地"  # planned from 2014


def row(
    project_id: object = None,
    name: object = None,
    year: object = 2024,
    spend: object = None,
    status: object = None,
    *,
    plan: object = None,
    table: object = None,
    seq: object = None,
    start: object = None,
    completion: object = None,
    note: object = None,
    source: object = None,
) -> list[object]:
    """A project-year row in ``PROJECT_HEADER``'s order."""
    return [project_id, name, plan, table, seq, year, spend, status, start, completion, note,
            source]  # fmt: skip


def write_report(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    header: Sequence[str] = PROJECT_HEADER,
    indicators: Sequence[Sequence[object]] = (),
    sheet: str = "实际完成情况",
) -> Path:
    """A workbook with a project sheet (and an indicator sheet when ``indicators``)."""
    book = openpyxl.Workbook()
    projects = book.active
    assert projects is not None
    projects.title = sheet
    projects.append(list(header))
    for line in rows:
        projects.append(list(line))
    if indicators:
        values = book.create_sheet("指标")
        values.append(INDICATOR_HEADER)
        for line in indicators:
            values.append(list(line))
    book.save(path)
    return path
