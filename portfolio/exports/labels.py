"""Sheet names, headers and words of the export, in Chinese (default) and English."""

from __future__ import annotations

from portfolio.exports.model import Language, MoneyUnit

_ZH = {
    "summary": "汇总",
    "schedule": "投资计划",
    "overlap": "同时在建",
    "changes": "与规划相比变化",
    "findings": "数据问题",
    "parameters": "参数",
    "id": "编号",
    "plan": "规划",
    "table": "表",
    "seq": "序号",
    "name": "项目名称",
    "units": "项目单位",
    "places": "所在县（市、区）",
    "total": "总投资",
    "planned": "计划年限",
    "scheduled": "安排年限",
    "delay": "推迟（年）",
    "sum": "合计",
    "subtotal": "小计",
    "grand_total": "总计",
    "year": "{year}年",
    "year_col": "年份",
    "several": "跨地区",
    "no_place": "未分地区",
    "not_funded": "未安排",
    "scenario": "情景",
    "run": "运行编号",
    "status": "求解状态",
    "as_of": "基准年（此前为已发生）",
    "horizon": "计划期",
    "made_at": "导出时间",
    "database": "数据库",
    "unit": "金额单位",
    "the_plan": "按规划（未调整）",
    "objectives": "目标",
    "objective": "目标",
    "value": "值",
    "bound": "界",
    "gap": "差距",
    "caps": "年度上限与安排",
    "kind": "类别",
    "cap_name": "上限",
    "cap": "上限金额",
    "used": "安排",
    "slack": "余量",
    "cap_state": "是否已满",
    "status_plan": "按规划（未求解）",
    "yes": "是",
    "no": "否",
    "by_year": "年度安排合计",
    "by_city": "分地区合计",
    "by_table": "分表合计",
    "legend": "图例",
    "legend_active": "按期安排",
    "legend_delayed": "推迟后的年份",
    "legend_vacated": "原计划年份（已移出）",
    "share_note": "金额为本地区分摊额（跨地区项目按份额分摊）",
    "city": "设区市",
    "county": "县（市、区）",
    "active_projects": "同时在建项目数",
    "moved": "调整项目",
    "stretch": "延长（年）",
    "funded": "是否安排",
    "reason": "原因",
    "not_scheduled": "未排期项目",
    "severity": "级别",
    "message": "说明",
    "source": "出处",
    "project": "项目",
    "footer_page": "第 &P 页，共 &N 页",
    "schedule_title": "{scenario} · 年度投资计划",
    "by_quarter": "分季度安排",
    "by_month": "分月安排",
    "by_quarter_title": "{scenario} · 分季度投资计划",
    "by_month_title": "{scenario} · 分月投资计划",
    "scheduled_periods": "安排时段",
    "delay_quarter": "推迟（季度）",
    "delay_month": "推迟（月）",
}

_EN = {
    "summary": "Summary",
    "schedule": "Schedule",
    "overlap": "Overlap",
    "changes": "Changes vs plan",
    "findings": "Findings",
    "parameters": "Parameters",
    "id": "ID",
    "plan": "Plan",
    "table": "Table",
    "seq": "No.",
    "name": "Project",
    "units": "Units",
    "places": "Counties",
    "total": "Total investment",
    "planned": "Planned years",
    "scheduled": "Scheduled years",
    "delay": "Delay (years)",
    "sum": "Total",
    "subtotal": "subtotal",
    "grand_total": "Grand total",
    "year": "{year}",
    "year_col": "Year",
    "several": "several places",
    "no_place": "no place",
    "not_funded": "not funded",
    "scenario": "Scenario",
    "run": "Run",
    "status": "Status",
    "as_of": "As of (earlier years are history)",
    "horizon": "Horizon",
    "made_at": "Made at",
    "database": "Database",
    "unit": "Money unit",
    "the_plan": "the plan as written",
    "objectives": "Objectives",
    "objective": "Objective",
    "value": "Value",
    "bound": "Bound",
    "gap": "Gap",
    "caps": "Caps per year against spend",
    "kind": "Kind",
    "cap_name": "Cap",
    "cap": "Cap amount",
    "used": "Spend",
    "slack": "Slack",
    "cap_state": "Full?",
    "status_plan": "the plan as written (not solved)",
    "yes": "yes",
    "no": "no",
    "by_year": "Spend per year",
    "by_city": "Spend per place",
    "by_table": "Spend per table",
    "legend": "Legend",
    "legend_active": "scheduled as planned",
    "legend_delayed": "years after a delay",
    "legend_vacated": "planned years left",
    "share_note": "amounts are this place's share (projects in several places split by share)",
    "city": "City",
    "county": "County",
    "active_projects": "Projects running at once",
    "moved": "Projects moved",
    "stretch": "Stretch (years)",
    "funded": "Funded",
    "reason": "Why",
    "not_scheduled": "Not scheduled",
    "severity": "Severity",
    "message": "Message",
    "source": "Source",
    "project": "Project",
    "footer_page": "Page &P of &N",
    "schedule_title": "{scenario} · annual investment schedule",
    "by_quarter": "By quarter",
    "by_month": "By month",
    "by_quarter_title": "{scenario} · quarterly investment schedule",
    "by_month_title": "{scenario} · monthly investment schedule",
    "scheduled_periods": "Scheduled periods",
    "delay_quarter": "Delay (quarters)",
    "delay_month": "Delay (months)",
}

_UNIT = {
    (Language.ZH, MoneyUnit.WAN): "万元",
    (Language.ZH, MoneyUnit.YI): "亿元",
    (Language.EN, MoneyUnit.WAN): "10k yuan (万元)",
    (Language.EN, MoneyUnit.YI): "100M yuan (亿元)",
}


class Labels:
    """The words of one export: ``labels["total"]``, ``labels.year(2023)``, ``labels.money``."""

    def __init__(self, lang: Language, unit: MoneyUnit) -> None:
        self.lang = lang
        self.words = _ZH if lang is Language.ZH else _EN
        self.unit = _UNIT[(lang, unit)]

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def year(self, year: int) -> str:
        return self.words["year"].format(year=year)

    def money(self, key: str) -> str:
        """A money column's header with its unit: ``总投资（万元）``."""
        if self.lang is Language.ZH:
            return f"{self.words[key]}（{self.unit}）"
        return f"{self.words[key]} ({self.unit})"

    def yes_no(self, flag: bool) -> str:
        return self.words["yes" if flag else "no"]


def unit_of_header(text: str) -> MoneyUnit | None:
    """The unit a money header names (for reading a schedule back), or ``None``."""
    if "亿元" in text:
        return MoneyUnit.YI
    if "万元" in text:
        return MoneyUnit.WAN
    return None
