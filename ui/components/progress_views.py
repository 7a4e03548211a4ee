"""The 项目库 progress panel's pure side: read what was typed, show what was reported.

Nothing here touches Dash or the database.

>>> parse_progress("2024", "1,200", "in_progress", "", window=(2021, 2025)).errors
{}
>>> parse_progress("2019x", "-3", None, "", window=(2021, 2025)).errors["year"]
'“2019x”不是年份'
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from portfolio.actuals import ActualStatus, ProjectActuals
from portfolio.formatting import OFFICE_TIME, yi_text
from ui.i18n import later, t

PROGRESS_LABELS: dict[str, str] = {
    "title": later("实际完成情况"),
    "hint": later(
        "按年份填报实际完成投资与进度；每次保存为一份当日的报告，此前的报告保持不变。"
        "批量填报请用 portfolio template --actuals 与 portfolio import-actuals。"
    ),
    "year": later("年份"),
    "spend": later("实际完成投资（万元）"),
    "status": later("状态"),
    "note": later("备注"),
    "save": later("保存实际完成情况"),
    "saved": later("已保存为 {date} 的报告。"),
    "not_saved": later("输入有误，未保存。"),
    "none": later("尚未报告实际完成情况。"),
    "source": later("来源"),
    "total": later("累计完成 {spent} 万元（{yi}亿元），占总投资 {rate}"),
    "read_only": later("你的角色只能查看实际完成情况；填报需要规划员或管理员。"),
    "not_year": later("“{text}”不是年份"),
    "year_range": later("年份须在 {first}-{last} 之间"),
    "not_whole": later("“{text}”不是整万元数"),
    "negative": later("实际完成投资不能为负数"),
    "required": later("请填写实际完成投资或状态"),
}

_WHOLE = re.compile(r"\d+")


def progress_labels() -> dict[str, str]:
    """The panel's labels and messages in the reader's language."""
    return {key: t(text) for key, text in PROGRESS_LABELS.items()}


@dataclass(frozen=True)
class ProgressForm:
    """What was typed, checked: the values to store, or a message per field."""

    year: int | None = None
    spend_wan: int | None = None
    status: ActualStatus | None = None
    note: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def parse_progress(
    year: str | None,
    spend: str | None,
    status: str | None,
    note: str | None,
    *,
    window: tuple[int, int],
) -> ProgressForm:
    """Check one year's progress as typed: a year near the project's planned window (five
    years either side), a whole non-negative number of 万元 (thousands separators allowed) or
    none, a status or none, and at least one of the two."""
    errors: dict[str, str] = {}
    year_text = unicodedata.normalize("NFKC", year or "").strip()
    first, last = window[0] - 5, window[1] + 5
    parsed_year = int(year_text) if _WHOLE.fullmatch(year_text) else None
    if parsed_year is None:
        errors["year"] = t(PROGRESS_LABELS["not_year"], text=year_text)
    elif not first <= parsed_year <= last:
        errors["year"] = t(PROGRESS_LABELS["year_range"], first=first, last=last)
    spend_text = unicodedata.normalize("NFKC", spend or "").strip().replace(",", "")
    amount = None
    if spend_text.startswith("-"):
        errors["spend"] = t(PROGRESS_LABELS["negative"])
    elif spend_text and not _WHOLE.fullmatch(spend_text):
        errors["spend"] = t(PROGRESS_LABELS["not_whole"], text=spend or "")
    elif spend_text:
        amount = int(spend_text)
    chosen = ActualStatus(status) if status else None
    if amount is None and chosen is None and "spend" not in errors:
        errors["spend"] = t(PROGRESS_LABELS["required"])
    if errors:
        return ProgressForm(errors=errors)
    return ProgressForm(parsed_year, amount, chosen, (note or "").strip())


def progress_rows(actuals: ProjectActuals | None) -> list[dict[str, Any]]:
    """A project's reported years as the panel's table shows them, the latest year first."""
    if actuals is None:
        return []
    years = sorted(set(actuals.spend) | set(actuals.sources), reverse=True)
    return [
        {
            "year": year,
            "spend": f"{actuals.spend[year]:,}" if year in actuals.spend else "-",
            "note": actuals.notes.get(year, ""),
            "source": actuals.sources.get(year, ""),
        }
        for year in years
    ]


def progress_summary(actuals: ProjectActuals | None, total_wan: int | None) -> str:
    """What the project has spent so far, and its status, in one line."""
    if actuals is None:
        return t(PROGRESS_LABELS["none"])
    rate = "-"
    if total_wan:
        share = Decimal(actuals.spent_wan * 100) / Decimal(total_wan)
        rate = f"{share.quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
    spent = actuals.spent_wan
    line = t(PROGRESS_LABELS["total"], spent=f"{spent:,}", yi=yi_text(spent), rate=rate)
    if actuals.status is not None:
        line += f" · {t(actuals.status.label)}"
    if actuals.last_reported is not None:
        line += f" · {actuals.last_reported.isoformat()}"
    return line


def status_options() -> list[dict[str, str]]:
    """The statuses a planner may choose, in the reader's language."""
    return [{"value": s.value, "label": t(s.label)} for s in ActualStatus]


def today() -> dt.date:
    """The report date of an edit: today, in Beijing time."""
    return dt.datetime.now(OFFICE_TIME).date()
