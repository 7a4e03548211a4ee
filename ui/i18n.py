"""Chinese labels by default, English on request.

The planner's choice is a cookie set by the navbar's switch, so every page and every callback
of the session answers in that language, and shared URLs stay as they are; ``?lang=en`` in a
page's address overrides it for that page. Labels are written in Chinese in the code and
looked up here: :func:`t` returns the English text when English is chosen and one is known.
Data (project names, places, units) is never translated. A test checks that every literal
label passed to :func:`t` has an English entry.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from urllib.parse import parse_qs, urlencode, urlsplit

import flask

from portfolio.exports.model import Language

LANG_COOKIE = "portfolio_lang"
LANG_PARAM = "lang"


class Lang(StrEnum):
    ZH = "zh"
    EN = "en"


def _address_lang() -> Lang | None:
    """The language ``?lang=`` names, in the request's own address or else in its page's.

    Dash fetches the layout and runs callbacks with requests of their own, without the page's
    query string; the browser names the page in the ``Referer`` header. Only a page of this
    app counts: another site's address does not choose the language.
    """
    page = urlsplit(flask.request.referrer or "")
    page_query = page.query if page.netloc == flask.request.host else ""
    for value in (
        flask.request.args.get(LANG_PARAM),
        parse_qs(page_query).get(LANG_PARAM, [None])[0],
    ):
        if value in (Lang.ZH.value, Lang.EN.value):
            return Lang(value)
    return None


def current_lang() -> Lang:
    """The language of the request being answered (Chinese outside a request)."""
    if not flask.has_request_context():
        return Lang.ZH
    chosen = _address_lang()
    if chosen is not None:
        return chosen
    cookie = flask.request.cookies.get(LANG_COOKIE)
    return Lang(cookie) if cookie in (Lang.ZH.value, Lang.EN.value) else Lang.ZH


def export_lang() -> Language:
    """The language of a workbook downloaded from the app: the visitor's."""
    return Language.EN if current_lang() is Lang.EN else Language.ZH


def t(text: str, /, **values: object) -> str:
    """``text`` (Chinese) in the current language, with ``{name}`` fields filled in.

    >>> t("共 {n} 个项目", n=3)
    '共 3 个项目'
    """
    chosen = EN.get(text, text) if current_lang() is Lang.EN else text
    return chosen.format(**values) if values else chosen


def later(text: str, /) -> str:
    """``text`` unchanged: a label of a module constant, translated by :func:`t` where shown.

    Constants are evaluated once, at import; the page calls ``t(constant)`` when it draws, in
    the visitor's language. The label test finds ``later("…")`` like ``t("…")``.
    """
    return text


def page_title(name: str) -> Callable[..., str]:
    """A page's browser-tab title (``甘特图 · 规划项目库``), drawn in the visitor's language."""

    def title(**_path: object) -> str:
        return t("{page} · {app}", page=t(name), app=t("规划项目库"))

    return title


def keep_lang(search: str) -> str:
    """``search`` (a query string a callback writes into the address) keeping ``?lang=``.

    A page opened as ``?lang=en`` stays English when its filters rewrite the address; a
    language chosen with the navbar's switch lives in the cookie and needs nothing here.
    """
    if not flask.has_request_context():
        return search
    chosen = _address_lang()
    if chosen is None:
        return search
    params = {key: values[0] for key, values in parse_qs(search.lstrip("?")).items()}
    return "?" + urlencode(params | {LANG_PARAM: chosen.value})


def bilingual(message: str) -> str:
    """One half of a ``中文 / English`` message, by the current language."""
    if " / " not in message:
        return message
    chinese, english = message.split(" / ", 1)
    return english if current_lang() is Lang.EN else chinese


EN: dict[str, str] = {
    # The app
    "规划项目库": "Portfolio planner",
    "概览": "Overview",
    "项目库": "Projects",
    "资金": "Funding",
    "指标": "Indicators",
    "甘特图": "Gantt",
    "重叠": "Overlap",
    "情景": "Scenarios",
    "共 {n} 个项目": "{n} projects in all",
    "{page} · {app}": "{page} · {app}",
    # Words shared by several pages
    "规划": "Plan",
    "表": "Table",
    "序号": "No.",
    "单位": "Unit",
    "项目": "Projects",
    "项目数": "Projects",
    "年份": "Year",
    "{year}年": "{year}",
    "合计": "Total",
    "亿元": "100M CNY",
    "万元": "10k CNY",
    "县（市、区）": "County",
    "设区市": "City",
    "全部设区市": "All cities",
    "规划（原计划）": "Plan (as written)",
    "总投资（亿元）": "Total investment (100M CNY)",
    "总投资未知": "Total investment unknown",
    "在建项目数": "Projects running",
    "同时在建项目数": "Projects running at once",
    "没有名为“{scenario}”的情景；显示规划（原计划）。": (
        "No scenario named “{scenario}”; showing the plan as written."
    ),
    "{error}；显示规划（原计划）。": "{error}; showing the plan as written.",
    # 概览 Overview
    "标题": "Title",
    "与他规划重复": "Also in another plan",
    "（无金额）": "(no amounts)",
    "项目行数": "Project rows",
    "各规划表中的项目行": "rows of the plans' tables",
    "跨规划项目只计一次": "a project in two plans counts once",
    "跨规划项目只计一次；{n} 个项目未列金额，未计入": (
        "a project in two plans counts once; {n} projects list no amount and are left out"
    ),
    "数据质量提示": "Data-quality findings",
    "见下表": "see the table below",
    "下载投资计划（Excel）": "Download the investment schedule (Excel)",
    "按规划年份，每个设区市一张表；情景的投资计划见命令 portfolio export。": (
        "In the planned years, one sheet per city; for a scenario's schedule use the command "
        "portfolio export."
    ),
    "各规划、各表的项目与投资（按文件所列）": (
        "Projects and investment per plan and table (as the documents list them)"
    ),
    "数据质量提示（按类型）": "Data-quality findings by kind",
    "类型": "Kind",
    "代码": "Code",
    "条数": "Count",
    # The finding kinds (ui/views.py FINDING_LABELS)
    "起始年份为推定": "Start year inferred",
    "地点未识别": "Place not recognised",
    "跨规划重复项目": "Project in two plans",
    "全省范围": "Province-wide",
    "单位名称异写": "Unit name spelled differently",
    "年限未知": "Years unknown",
    "单位不全": "Units incomplete",
    "项目名称重复": "Project name repeated",
    "地点附注": "Note on the place",
    "地点不全": "Places incomplete",
    # 项目库 grid columns (ui/views.py PROJECT_COLUMNS), for when its page is translated
    "项目名称": "Project",
    "起止年限": "Years",
    "所在县（市、区）": "Counties",
    # 资金 Funding
    "（无地点）": "(no place)",
    "总额上限": "Cap on total",
    "规划表": "Plan table",
    "分组": "Group by",
    "各年投资（亿元）": "Investment per year (100M CNY)",
    "各年投资（按{by}）": "Investment per year, by {by}",
    "累计投资": "Cumulative investment",
    "{name}<br>%{{x}}年：%{{customdata}} 亿元<extra></extra>": (
        "{name}<br>%{{x}}: %{{customdata}} (100M CNY)<extra></extra>"
    ),
    "{name}<br>至%{{x}}年累计：%{{customdata}} 亿元<extra></extra>": (
        "{name}<br>up to %{{x}}: %{{customdata}} (100M CNY)<extra></extra>"
    ),
    "显示：规划（原计划），各项目按规划起止年份安排。": (
        "Showing: the plan as written, each project in its planned years."
    ),
    "显示：情景“{scenario}”最近一次运行（{status}），从 {year} 年起调整。": (
        "Showing: the last run of scenario “{scenario}” ({status}), adjusted from {year} on."
    ),
    # 指标 Indicators
    "全部规划": "All plans",
    "图示指标": "Indicator to chart",
    "选择一个有数值目标的指标": "Choose an indicator with numeric targets",
    "选择一个指标，查看其各年目标值。": "Choose an indicator to see its target for each year.",
    "年均增长[累计]／备注": "Average annual growth [cumulative] / note",
    "各规划所列指标的年度目标值，按文件原样显示（如“20以上”“-”）；"
    "目标值属于规划，与预算情景无关。": (
        "Each plan's indicator targets per year, exactly as the documents write them "
        "(e.g. “20以上”, “-”); targets belong to the plans, not to budget scenarios."
    ),
    "%{x}年：%{text}<extra></extra>": "%{x}: %{text}<extra></extra>",
    "（{unit}）": " ({unit})",
    # 甘特图 Gantt
    "全部县（市、区），按县分组": "All counties, grouped by county",
    "全部地区": "All places",
    "{where}：{n} 个项目（{bars} 条）；情景：{shown}；其中 {moved} 个调整。": (
        "{where}: {n} projects ({bars} bars); scenario: {shown}; {moved} of them moved."
    ),
    "灰色浅条为原计划年限，彩色实条为所选情景的安排（按规划表着色）；"
    "跨县项目在每个县各列一次，悬停可见该县所占投资。下方条形为每年在建项目数。": (
        "Light grey bars are the planned years, solid bars the chosen scenario's schedule "
        "(coloured by plan table); a project in several counties is listed in each, and its "
        "hover shows that county's share of the investment. The bars below count the projects "
        "running each year."
    ),
    "未列入甘特图的项目（{n}）": "Projects not in the chart ({n})",
    "{name}（{table}）：{reason}": "{name} ({table}): {reason}",
    "与另一规划中的同一项目只计一次，见该行": "counted once, under its row in the other plan",
    "{label}（{table} 序号{seq}）": "{label} ({table} No. {seq})",
    "原计划": "Planned",
    "在建": "Running",
    "未安排": "not funded",
    "推迟 {n} 年": "delayed {n} year(s)",
    "延长 {n} 年": "stretched {n} year(s)",
    "（{moves}）": " ({moves})",
    "，": ", ",
    "总投资 {total} 亿元；{place} {part} 亿元": (
        "Total investment {total} (100M CNY); in {place} {part} (100M CNY)"
    ),
    "单位：{units}": "Units: {units}",
    "原计划 {planned}；安排 {scheduled}": "Planned {planned}; scheduled {scheduled}",
    "%{customdata} 年：%{y} 个项目在建<extra></extra>": (
        "%{customdata}: %{y} projects running<extra></extra>"
    ),
    # 重叠 Overlap
    "年度投资（亿元）": "Investment per year (100M CNY)",
    "项目甲": "Project A",
    "项目乙": "Project B",
    "重叠年份": "Overlapping years",
    "年数": "Years",
    "各县（市、区）每年在建项目": "Projects running per county and year",
    "跨县项目在每个所在县各计一次；投资按各县份额分摊。": (
        "A project in several counties counts once in each; its investment is split by the "
        "counties' shares."
    ),
    "同时承担多个项目的单位": "Units carrying several projects at once",
    "县内时间重叠的项目": "Projects overlapping in time within a county",
    "选择县（市、区）": "Choose a county",
    "没有单位在同一年承担两个以上在建项目。": (
        "No unit carries two or more running projects in the same year."
    ),
    "选择一个县（市、区）查看其时间重叠的项目对。": (
        "Choose a county to see its pairs of projects that overlap in time."
    ),
    "{county}没有时间重叠的项目。": "{county} has no projects that overlap in time.",
    "{county}：{n} 对": "{county}: {n} pairs",
    "%{y} %{x} 年：%{text} 亿元<extra></extra>": "%{y}, %{x}: %{text} (100M CNY)<extra></extra>",
    "%{y} %{x} 年：%{z} 个项目在建<extra></extra>": (
        "%{y}, %{x}: %{z} projects running<extra></extra>"
    ),
}
