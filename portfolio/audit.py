"""The audit trail's terms: the kinds of change, an entry as it is read, and both in words
(what kind of change an entry is, and what changed, briefly). Entries are written and read
by :mod:`portfolio.services.audit`."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from portfolio.access import Role
from portfolio.exports.model import Language
from portfolio.i18n import gettext, ntr, pN_
from portfolio.scenarios.words import status_words


class AuditAction(StrEnum):
    """What kind of change an entry records."""

    IMPORT_PLAN = "import_plan"
    IMPORT_SCHEDULE = "import_schedule"
    IMPORT_ACTUALS = "import_actuals"
    EDIT_ACTUALS = "edit_actuals"
    SAVE_SETTINGS = "save_settings"
    RESET_SETTINGS = "reset_settings"
    SAVE_SCENARIO = "save_scenario"
    DELETE_SCENARIO = "delete_scenario"
    QUEUE_RUN = "queue_run"
    RUN_SCENARIO = "run_scenario"
    CANCEL_RUN = "cancel_run"
    ADD_USER = "add_user"
    REMOVE_USER = "remove_user"
    SET_ROLE = "set_role"
    SET_PASSWORD = "set_password"


AUDIT_ACTION_LABELS = {
    AuditAction.IMPORT_PLAN: pN_("操作记录", "导入规划"),
    AuditAction.IMPORT_SCHEDULE: pN_("操作记录", "导入安排表"),
    AuditAction.IMPORT_ACTUALS: pN_("操作记录", "导入实际完成情况"),
    AuditAction.EDIT_ACTUALS: pN_("操作记录", "修改实际完成情况"),
    AuditAction.SAVE_SETTINGS: pN_("操作记录", "保存项目设置"),
    AuditAction.RESET_SETTINGS: pN_("操作记录", "恢复默认设置"),
    AuditAction.SAVE_SCENARIO: pN_("操作记录", "保存情景"),
    AuditAction.DELETE_SCENARIO: pN_("操作记录", "删除情景"),
    AuditAction.QUEUE_RUN: pN_("操作记录", "提交运行"),
    AuditAction.RUN_SCENARIO: pN_("操作记录", "运行情景"),
    AuditAction.CANCEL_RUN: pN_("操作记录", "取消运行"),
    AuditAction.ADD_USER: pN_("操作记录", "添加用户"),
    AuditAction.REMOVE_USER: pN_("操作记录", "删除用户"),
    AuditAction.SET_ROLE: pN_("操作记录", "更改角色"),
    AuditAction.SET_PASSWORD: pN_("操作记录", "更改密码"),
}


@dataclass(frozen=True)
class AuditView:
    """One entry as the audit page and ``portfolio audit`` show it."""

    id: int
    at: dt.datetime
    actor: str
    role: str
    action: str
    target: str
    before: dict[str, Any]
    after: dict[str, Any]


def action_words(action: str, lang: Language) -> str:
    """An entry's kind as the office says it (the stored code when it is not known)."""
    try:
        return gettext(lang, AUDIT_ACTION_LABELS[AuditAction(action)])
    except ValueError:
        return action


# The fields entries record, as the office names them; others (a project's id in a schedule
# import) are shown as stored.
FIELD_LABELS = {
    "priority": pN_("操作记录字段", "优先级"),
    "must_fund": pN_("操作记录字段", "必须安排"),
    "locked": pN_("操作记录字段", "已开工锁定"),
    "excluded": pN_("操作记录字段", "排除"),
    "max_delay": pN_("操作记录字段", "最大延期"),
    "version": pN_("操作记录字段", "版本"),
    "text": pN_("操作记录字段", "情景文本"),
    "runs": pN_("操作记录字段", "运行次数"),
    "run_id": pN_("操作记录字段", "运行编号"),
    "job": pN_("操作记录字段", "运行任务"),
    "source": pN_("操作记录字段", "来源"),
    "time_limit": pN_("操作记录字段", "求解时限（秒）"),
    "state": pN_("操作记录字段", "状态"),
    "status": pN_("操作记录字段", "结果"),
    "file": pN_("操作记录字段", "文件"),
    "sha256": pN_("操作记录字段", "校验值"),
    "projects": pN_("操作记录字段", "项目数"),
    "indicators": pN_("操作记录字段", "指标数"),
    "report_date": pN_("操作记录字段", "报告日期"),
    "rows": pN_("操作记录字段", "行数"),
    "institutes": pN_("操作记录字段", "院所数"),
    "findings": pN_("操作记录字段", "数据提示数"),
    "links": pN_("操作记录字段", "跨规划关联数"),
    "name": pN_("操作记录字段", "姓名"),
    "role": pN_("操作记录字段", "角色"),
}


DETAIL_ONLY = {"sha256"}  # recorded and shown in an entry's detail, too long for its line


def field_words(key: str, lang: Language) -> str:
    """A recorded field's name in ``lang`` (as stored when it has no label)."""
    label = FIELD_LABELS.get(key)
    return key if label is None else gettext(lang, label)


def value_words(key: str, value: object, lang: Language, *, width: int = 60) -> str:
    """A recorded value, briefly: 是/否 for flags, ``-`` for none, a run's outcome and a
    role in words, a scenario's text by its lines (the page shows it whole), long texts cut."""
    if value is None:
        text = "-"
    elif isinstance(value, bool):
        text = gettext(lang, pN_("操作记录字段", "是") if value else pN_("操作记录字段", "否"))
    elif key == "status" and isinstance(value, str):
        text = status_words(value, lang)
    elif key == "role" and value in set(Role):
        text = Role(str(value)).label(lang)
    elif key == "text" and isinstance(value, str):
        text = ntr(lang, "{n} 行", "{n} 行", len(value.splitlines()))
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def change_summary(entry: AuditView, lang: Language) -> str:
    """What changed, briefly: the fields whose values differ, ``优先级: 1 → 4``; for what is
    new (an import, a new user), its values."""
    if not entry.before:
        return "; ".join(
            f"{field_words(key, lang)}: {value_words(key, value, lang)}"
            for key, value in entry.after.items()
            if key not in DETAIL_ONLY
        )
    keys = sorted(set(entry.before) | set(entry.after))
    parts = []
    for key in keys:
        old, new = entry.before.get(key), entry.after.get(key)
        if old != new:
            was, now = value_words(key, old, lang), value_words(key, new, lang)
            parts.append(f"{field_words(key, lang)}: {was} → {now}")
    return "; ".join(parts)
