"""Sheet names, headers and words of the export: Chinese as written here, English from the
catalog (:mod:`portfolio.i18n`)."""

from __future__ import annotations

from portfolio.exports.model import Language, MoneyUnit
from portfolio.i18n import N_, gettext, pN_, tr

# Label code → message; the code is what the writers ask for, the message what a reader sees.
_WORDS = {
    "summary": N_("汇总"),
    "schedule": N_("投资计划"),
    "overlap": N_("同时在建"),
    "changes": N_("与规划相比变化"),
    "findings": N_("数据问题"),
    "parameters": N_("参数"),
    "id": N_("编号"),
    "plan": N_("规划"),
    "table": N_("表"),
    "seq": N_("序号"),
    "name": N_("项目名称"),
    "units": N_("项目单位"),
    "places": N_("所在县（市、区）"),
    "total": N_("总投资"),
    "planned": N_("计划年限"),
    "scheduled": N_("安排年限"),
    "delay": N_("推迟（年）"),
    "sum": N_("合计"),
    "subtotal": N_("小计"),
    "grand_total": N_("总计"),
    "year": N_("{year}年"),
    "year_col": N_("年份"),
    "several": N_("跨地区"),
    "no_place": N_("未分地区"),
    "not_funded": N_("未安排"),
    "scenario": pN_("表头", "情景"),
    "run": N_("运行编号"),
    "status": N_("求解状态"),
    "as_of": N_("基准年（此前为已发生）"),
    "horizon": N_("计划期"),
    "made_at": N_("导出时间"),
    "risk": N_("风险模拟"),
    "risk_need": N_("每年所需"),
    "risk_county_need": N_("各县（市、区）每年所需"),
    "risk_scope": N_("范围"),
    "risk_caps": N_("超出上限的概率"),
    "risk_cap": N_("上限"),
    "risk_cap_amount": N_("上限金额"),
    "risk_samples": N_("样本数"),
    "risk_share": N_("比例"),
    "risk_delayed": N_("最常推迟的项目"),
    "risk_dropped": N_("重排时最常未安排的项目"),
    "database": N_("数据库"),
    "unit": N_("金额单位"),
    "the_plan": N_("按规划（未调整）"),
    "objectives": pN_("标题", "目标"),
    "objective": N_("目标"),
    "value": N_("值"),
    "bound": N_("界"),
    "gap": N_("差距"),
    "caps": N_("年度上限与安排"),
    "kind": N_("类别"),
    "cap_name": N_("上限"),
    "cap": N_("上限金额"),
    "used": N_("安排"),
    "slack": N_("余量"),
    "cap_state": N_("是否已满"),
    "status_plan": N_("按规划（未求解）"),
    "yes": N_("是"),
    "no": N_("否"),
    "by_year": N_("年度安排合计"),
    "by_city": N_("分地区合计"),
    "by_table": N_("分表合计"),
    "legend": N_("图例"),
    "legend_active": N_("按期安排"),
    "legend_delayed": N_("推迟后的年份"),
    "legend_vacated": N_("原计划年份（已移出）"),
    "share_note": N_("金额为本地区分摊额（跨地区项目按份额分摊）"),
    "city": N_("设区市"),
    "county": N_("县（市、区）"),
    "active_projects": N_("同时在建项目数"),
    "moved": N_("调整项目"),
    "stretch": N_("延长（年）"),
    "funded": N_("是否安排"),
    "reason": N_("原因"),
    "not_scheduled": N_("未排期项目"),
    "severity": N_("级别"),
    "message": N_("说明"),
    "source": N_("出处"),
    "project": pN_("表头", "项目"),
    "footer_page": N_("第 &P 页，共 &N 页"),
    "schedule_title": N_("{scenario} · 年度投资计划"),
    "by_quarter": N_("分季度安排"),
    "by_month": N_("分月安排"),
    "by_quarter_title": N_("{scenario} · 分季度投资计划"),
    "by_month_title": N_("{scenario} · 分月投资计划"),
    "scheduled_periods": N_("安排时段"),
    "delay_quarter": N_("推迟（季度）"),
    "delay_month": N_("推迟（月）"),
}

# The unit words of a workbook's headers; the reader finds them back in either language.
_UNIT = {
    MoneyUnit.WAN: pN_("金额单位", "万元"),
    MoneyUnit.YI: pN_("金额单位", "亿元"),
}


class Labels:
    """The words of one export: ``labels["total"]``, ``labels.year(2023)``, ``labels.money``."""

    def __init__(self, lang: Language, unit: MoneyUnit) -> None:
        self.lang = lang
        self.unit = gettext(lang, _UNIT[unit])

    def __getitem__(self, key: str) -> str:
        return gettext(self.lang, _WORDS[key])

    def year(self, year: int) -> str:
        return tr(self.lang, _WORDS["year"], year=year)

    def money(self, key: str) -> str:
        """A money column's header with its unit: ``总投资（万元）``."""
        return tr(self.lang, "{label}（{unit}）", label=self[key], unit=self.unit)

    def yes_no(self, flag: bool) -> str:
        return self["yes" if flag else "no"]


def unit_of_header(text: str) -> MoneyUnit | None:
    """The unit a money header names (for reading a schedule back), or ``None``."""
    if "亿元" in text:
        return MoneyUnit.YI
    if "万元" in text:
        return MoneyUnit.WAN
    return None
