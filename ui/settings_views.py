"""The project-settings form's pure side: read what was typed, say what is wrong, show values.

Nothing here touches Dash or the database. Every label and message of the form stands in
``SETTINGS_LABELS`` so that the whole form can be translated at once.

>>> parse_settings_form("3", False, True, False, "").settings
ProjectSettings(priority=3, must_fund=False, locked=True, excluded=False, max_delay=None)
>>> parse_settings_form("abc", False, False, False, "-1").errors
{'priority': '“abc”不是整数', 'max_delay': '最大延期不能为负数'}
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from portfolio.formatting import office_time
from portfolio.project_settings import (
    MAX_DELAY_YEARS,
    MAX_PRIORITY,
    ProjectSettings,
    StoredSettings,
)
from ui.i18n import later, t

SETTINGS_LABELS: dict[str, str] = {
    "title": later("情景设置"),
    "hint": later("各情景默认按此安排项目；情景文件中的 [[overrides]] 优先。"),
    "not_counted": later(
        "本行与另一规划中的同一项目只计一次，情景按那一行安排：此处设置不影响情景。"
    ),
    "priority": later("优先级"),
    "must_fund": later("必须安排"),
    "locked": later("已开工锁定"),
    "excluded": later("排除"),
    "max_delay": later("最大延期（年）"),
    "max_delay_placeholder": later("留空：按情景的上限"),
    "save": later("保存设置"),
    "reset": later("恢复默认"),
    "saved": later("已保存。"),
    "reset_done": later("已恢复默认设置。"),
    "not_saved": later("输入有误，未保存。"),
    "required": later("请填写{label}"),
    "not_whole": later("“{text}”不是整数"),
    "priority_range": later("优先级须为 1 至 {max} 的整数"),
    "delay_negative": later("最大延期不能为负数"),
    "delay_beyond": later("最大延期不能超过 {max} 年（超出规划期）"),
    "locked_excluded": later("已开工锁定的项目不能排除"),
    "must_fund_excluded": later("必须安排的项目不能排除"),
    "defaults": later("默认设置"),
    "delay_years": later("最大延期 {years} 年"),
    "stored": later("当前设置："),
    "unknown_project": later("该项目已不在数据库中，未保存。"),
    "read_only": later("你的角色只能查看项目设置；修改需要规划员或管理员。"),
}

_WHOLE = re.compile(r"[+-]?\d+")


@dataclass(frozen=True)
class SettingsForm:
    """What the form's fields say: the settings when all are valid, else the errors by field."""

    settings: ProjectSettings | None
    errors: dict[str, str] = field(default_factory=dict)


def _whole_number(text: str | None) -> int | str | None:
    """The integer typed (full-width digits too), ``None`` when empty, else the text itself."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    if not cleaned:
        return None
    return int(cleaned) if _WHOLE.fullmatch(cleaned) else cleaned


def settings_labels() -> dict[str, str]:
    """The form's labels in the visitor's language."""
    return {key: t(text) for key, text in SETTINGS_LABELS.items()}


def parse_settings_form(
    priority: str | None,
    must_fund: bool | None,
    locked: bool | None,
    excluded: bool | None,
    max_delay: str | None,
) -> SettingsForm:
    """Check the form's fields; an empty max delay leaves it to the scenario."""
    labels = settings_labels()
    errors: dict[str, str] = {}
    number = _whole_number(priority)
    if number is None:
        errors["priority"] = labels["required"].format(label=labels["priority"])
    elif isinstance(number, str):
        errors["priority"] = labels["not_whole"].format(text=number)
    elif not 1 <= number <= MAX_PRIORITY:
        errors["priority"] = labels["priority_range"].format(max=MAX_PRIORITY)
    delay = _whole_number(max_delay)
    if isinstance(delay, str):
        errors["max_delay"] = labels["not_whole"].format(text=delay)
    elif delay is not None and delay < 0:
        errors["max_delay"] = labels["delay_negative"]
    elif delay is not None and delay > MAX_DELAY_YEARS:
        errors["max_delay"] = labels["delay_beyond"].format(max=MAX_DELAY_YEARS)
    if excluded and locked:
        errors["excluded"] = labels["locked_excluded"]
    elif excluded and must_fund:
        errors["excluded"] = labels["must_fund_excluded"]
    if errors:
        return SettingsForm(None, errors)
    assert isinstance(number, int) and not isinstance(delay, str)
    return SettingsForm(
        ProjectSettings(
            priority=number,
            must_fund=bool(must_fund),
            locked=bool(locked),
            excluded=bool(excluded),
            max_delay=delay,
        )
    )


def service_errors(problems: list[tuple[str, str]]) -> dict[str, str]:
    """The service's problems by form field (its English message, when the form missed one)."""
    errors: dict[str, str] = {}
    for name, message in problems:
        errors[name] = f"{errors[name]}；{message}" if name in errors else message
    return errors


@dataclass(frozen=True)
class FormValues:
    """The form's fields showing ``settings``."""

    priority: str
    must_fund: bool
    locked: bool
    excluded: bool
    max_delay: str


def form_values(settings: ProjectSettings) -> FormValues:
    return FormValues(
        priority=str(settings.priority),
        must_fund=settings.must_fund,
        locked=settings.locked,
        excluded=settings.excluded,
        max_delay="" if settings.max_delay is None else str(settings.max_delay),
    )


def settings_summary(settings: ProjectSettings | None) -> str:
    """``优先级 3 · 已开工锁定 · 最大延期 2 年``; ``默认设置`` for the defaults (or none)."""
    if settings is None or settings.is_default():
        return t(SETTINGS_LABELS["defaults"])
    labels = settings_labels()
    parts = []
    if settings.priority != 1:
        parts.append(f"{labels['priority']} {settings.priority}")
    flags = ("must_fund", "locked", "excluded")
    parts += [labels[name] for name in flags if getattr(settings, name)]
    if settings.max_delay is not None:
        parts.append(labels["delay_years"].format(years=settings.max_delay))
    return " · ".join(parts)


def stored_by(stored: StoredSettings) -> str:
    """``第 3 版，李明 2026-12-07 09:30 保存``; empty for settings never saved."""
    if stored.version == 0:
        return ""
    return t(
        "第 {version} 版，{by} {at} 保存",
        version=stored.version,
        by=stored.updated_by or t("他人"),
        at=office_time(stored.updated_at),
    )
