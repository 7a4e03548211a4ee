"""Chinese labels by default, English on request.

The planner's choice is a cookie set by the navbar's switch, so every page and every callback
of the session answers in that language, and shared URLs stay as they are; ``?lang=en`` in a
page's address chooses English too (and sets the cookie, so the page's callbacks follow).
Labels are written in Chinese in the code and looked up here: :func:`t` returns the English
text when English is chosen and one is known.
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
    # Looked up once per request: a page with thousands of rows asks for every label.
    known: Lang | None = getattr(flask.g, "portfolio_lang", None)
    if known is not None:
        return known
    chosen = _address_lang()
    if chosen is None:
        cookie = flask.request.cookies.get(LANG_COOKIE)
        chosen = Lang(cookie) if cookie in (Lang.ZH.value, Lang.EN.value) else Lang.ZH
    flask.g.portfolio_lang = chosen
    return chosen


def export_lang() -> Language:
    """The language of a workbook downloaded from the app: the visitor's."""
    return Language.EN if current_lang() is Lang.EN else Language.ZH


def remember_choice(server: flask.Flask) -> None:
    """Make ``?lang=`` in an address stick: the response sets the language cookie."""

    @server.after_request
    def _set_cookie(response: flask.Response) -> flask.Response:
        value = flask.request.args.get(LANG_PARAM)
        if value in (Lang.ZH.value, Lang.EN.value):
            response.set_cookie(LANG_COOKIE, value, max_age=365 * 24 * 3600, samesite="Lax")
        return response


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
    # 情景 Scenarios: the page
    "没有正在运行的情景。": "No scenario is running.",
    "正在取消…": "Cancelling…",
    "年份": "Year",
    "计划支出（亿元）": "Planned spend (100M CNY)",
    "压减比例（%）": "Cut (%)",
    "总额上限（如 150亿、5000万 或 80%）": "Total cap (e.g. 150亿, 5000万 or 80%)",
    "县（市、区）": "County",
    "上限（如 12亿、5000万 或 80%）": "Cap (e.g. 12亿, 5000万 or 80%)",
    "项目（名称或编号）": "Project (name or id)",
    "必须安排": "Must fund",
    "已开工锁定": "Locked (started)",
    "排除": "Excluded",
    "优先级": "Priority",
    "最大延期（年）": "Max delay (years)",
    "运行情景后在此查看结果。": "Run a scenario to see its result here.",
    "情景“{name}”已保存，尚未运行。": "Scenario “{name}” is saved and has not been run yet.",
    "状态：{status}": "Status: {status}",
    "推迟或未安排的项目（{n}）": "Projects delayed or not funded ({n})",
    "选择两个或三个进行比较。": "Choose two or three to compare.",
    "最多比较 {n} 个。": "At most {n} can be compared.",
    "有推迟的县（市、区）（{n}）": "Counties with delays ({n})",
    "年份不同的项目（{n}）": "Projects whose years differ ({n})",
    "表单有误，未保存也未运行：见各项旁的提示。": (
        "The form has mistakes; nothing was saved or run: see the messages by the fields."
    ),
    "请先选择或运行一个情景。": "Choose or run a scenario first.",
    "设定年度总额上限或压减比例、县级上限、目标和项目设置，运行后查看哪些项目推迟、"
    "推迟多少年、为什么，并与原计划或其他情景比较。金额写明单位（如 150亿、"
    "5000万，精确到万元），也可填计划支出的百分比（如 80%）。": (
        "Set yearly total caps or cuts, county caps, objectives and project settings; run the "
        "scenario to see which projects slip, by how much and why, and compare it with the plan "
        "or other scenarios. Write amounts with their unit (e.g. 150亿 = 15 billion CNY, "
        "5000万 = 50 million CNY; exact to 10k CNY), or a percentage of the planned spend "
        "(e.g. 80%)."
    ),
    "运行结果": "Result",
    "不能同时满足的条件（最小冲突集）": (
        "Conditions that cannot all hold (a minimal conflicting set)"
    ),
    "追加资金的效果": "What more money would buy",
    "已满的上限": "Full caps",
    "情景比较（最多三个）": "Compare scenarios (up to three)",
    "无。": "None.",
    "目标（按先后次序）": "Objectives (in order)",
    "年度总额：压减比例或上限（每年只填一项）": "Yearly totals: a cut or a cap (one per year)",
    "添加一行": "Add a row",
    "项目设置（覆盖项目库中的设置）": "Project settings (override those of the project list)",
    "无：所有项目按计划年份安排。": "None: every project keeps its planned years.",
    "{error}：请先运行该情景。": "{error}: run that scenario first.",
    "情景页面": "scenario page",
    "已提交运行。": "Run submitted.",
    "情景“{name}”已保存。": "Scenario “{name}” saved.",
    "情景有误，未保存，见各项提示。": "The scenario is wrong and was not saved: see the messages.",
    "新建情景，或选择已存情景载入…": "New scenario, or choose a stored one to load…",
    "下载该情景的投资计划（Excel）": "Download this scenario's investment schedule (Excel)",
    "情景名称": "Scenario name",
    "如：2023年压减30%": "e.g. 2023 cut by 30%",
    "起算年（之前为已完成）": "As of (earlier years are history)",
    "默认 {value}": "default {value}",
    "求解时限（秒）": "Time limit (seconds)",
    "保存": "Save",
    "运行": "Run",
    "取消运行": "Cancel run",
    "情景文件（TOML，可用 portfolio scenario run 运行）": (
        "Scenario file (TOML, runs with portfolio scenario run)"
    ),
    "选择原计划和情景…": "Choose the plan and scenarios…",
    # 情景 Scenarios: the form's messages
    "按计划（已导入的年度金额，否则平均）": "As planned (imported yearly amounts, else even)",
    "平均分摊到各年": "Even over the years",
    "弹性：每期（年、季度或月）在最低与最高比例之间由优化确定": (
        "Flexible: the optimizer chooses each period (year, quarter or month) between the"
        " lowest and highest share"
    ),
    "未知的支出方式“{value}”": "Unknown spend profile “{value}”",
    "只有弹性支出才设比例": "Shares apply to a flexible profile only",
    "比例须为 0 到 100 之间的数，最多两位小数（“{value}”）": (
        "A share is a number from 0 to 100 with at most two decimals (“{value}”)"
    ),
    "最高比例低于最低比例": "The highest share is below the lowest",
    "支出方式": "Spend profile",
    "测算步长": "The step",
    "{where}：金额须大于 0（{value}）": "{where}: the amount must be above 0 ({value})",
    "追加资金测算（如 10亿）": "What more money buys: step (e.g. 10亿)",
    "测算年份（如 2024，2025）": "Years to ask about (e.g. 2024, 2025)",
    "每期最低比例（%）": "Lowest share a period (%)",
    "每期最高比例（%）": "Highest share a period (%)",
    "{where} 不在规划期 {first}-{last} 内": "{where} is outside the planning period {first}-{last}",
    "请填写情景名称": "Give the scenario a name",
    "“{value}”不是年份": "“{value}” is not a year",
    "至少选一个目标": "Choose at least one objective",
    "“{value}”不是 0 或正整数（年）": "“{value}” is not 0 or a positive whole number (years)",
    "求解时限为 1 到 {max} 秒（“{value}”）": "The time limit is 1 to {max} seconds (“{value}”)",
    "{year}年": "{year}",
    "第{row}行": "Row {row}",
    "{where}（{county} {year}年）": "{where} ({county} {year})",
    "第{row}行（{project}）": "Row {row} ({project})",
    "{where}：上限不能为负数（{value}）": "{where}: a cap cannot be negative ({value})",
    "金额“{value}”没有单位": "the amount “{value}” has no unit",
    "“{value}”不是金额（如 12.5亿、5000万，或计划的百分比，如 80%）": (
        "“{value}” is not an amount (e.g. 12.5亿, 5000万, or a percentage of the plan, e.g. 80%)"
    ),
    "（是否要写{names}？）": " (did you mean {names}?)",
    "或": " or ",
    "{where}：金额精确到万元（{value}）": "{where}: amounts are exact to 10k CNY ({value})",
    "未知目标：{names}": "Unknown objective: {names}",
    "最多延期 {span} 年（规划期 {first}-{last}）": (
        "At most {span} years of delay (planning period {first}-{last})"
    ),
    "{where}：“{value}”不是百分比": "{where}: “{value}” is not a percentage",
    "{where}：压减比例与总额上限只填一项": "{where}: give a cut or a total cap, not both",
    "{where}总额上限": "{where} total cap",
    "未知县（市、区）“{county}”": "unknown county “{county}”",
    "请选县（市、区）": "choose a county",
    "{where}：{why}": "{where}: {why}",
    "{where}：年份“{value}”不在规划期 {first}-{last} 内": (
        "{where}: the year “{value}” is outside the planning period {first}-{last}"
    ),
    "{where}：请填写上限": "{where}: give the cap",
    "{where}：{county} {year}年已有上限": "{where}: {county} already has a cap for {year}",
    "{where}：不能既必须安排又排除": "{where}: cannot be both must-fund and excluded",
    "{where}：压减比例不能为负数（{value}）": "{where}: a cut cannot be negative ({value})",
    "{where}：请填写项目名称或编号": "{where}: give the project's name or id",
    "{where}：优先级须为 1 或更大的整数（“{value}”）": (
        "{where}: the priority must be a whole number of 1 or more (“{value}”)"
    ),
    "{where}：最大延期须为 0 到 {span} 的整数（“{value}”）": (
        "{where}: the maximum delay must be a whole number from 0 to {span} (“{value}”)"
    ),
    "{where}：压减比例“{value}”不是数字（如 20 表示 20%）": (
        "{where}: the cut “{value}” is not a number (20 means 20%)"
    ),
    "{where}：压减比例 {value}% 超过 100%": "{where}: a cut of {value}% is more than 100%",
    # 情景 Scenarios: results, runs and comparisons
    "{cap}提高 {step} 亿元：{text}": "{cap} raised by {step} (100M CNY): {text}",
    "{scenario}：{state}": "{scenario}: {state}",
    "{scenario}·延期": "{scenario} · delayed",
    "{scenario}·支出（亿元）": "{scenario} · spend (100M CNY)",
    "未安排": "not funded",
    "推迟{years}年": "delayed {years} year(s)",
    "推迟{n}{unit}": "delayed {n} {unit}",
    "同时在建上限（个）": "At once (projects)",
    "前后衔接（后续项目在前序项目完工后开工，可加间隔年数）": (
        "Links (the later project starts after the earlier one ends, plus a lag in years)"
    ),
    "前序项目（名称或编号）": "Earlier project (name or id)",
    "后续项目（名称或编号）": "Later project (name or id)",
    "间隔（年）": "Lag (years)",
    "{where}：请填写前序项目和后续项目": "{where}: give the earlier and the later project",
    "{where}：前序项目与后续项目相同": "{where}: the earlier and the later project are the same",
    "{where}：间隔须为 0 到 {span} 的整数（年）（“{value}”）": (
        "{where}: the lag must be a whole number of years from 0 to {span} (“{value}”)"
    ),
    "县（市、区）年度上限与同时在建项目上限（后者对各年有效）": (
        "County caps per year, and projects running at once (in every year)"
    ),
    "{where}：同时在建项目上限须为正整数（“{value}”）": (
        "{where}: the limit of projects at once must be a whole number of 1 or more (“{value}”)"
    ),
    "{where}：{county}已有同时在建项目上限": (
        "{where}: {county} already has a limit of projects at once"
    ),
    "部分检查超时：以上条件未证明为最小集合，其中可能有可以去掉的。": (
        "Some checks ran out of time: these conditions are not proven minimal; one of them may"
        " not be needed."
    ),
    "，延长{n}{unit}": ", stretched {n} {unit}",
    "个季度": "quarter(s)",
    "个月": "month(s)",
    "原计划时段中已满的上限：": "caps full in its planned periods: ",
    "，延长{years}年": ", stretched {years} year(s)",
    "重新求解在时限内未得到结果": "the re-solve found no schedule in its time limit",
    "{status}，求解用时 {seconds} 秒": "{status}, solved in {seconds} s",
    "{scenario}：{state}（{stage}），已用 {elapsed} 秒 / 时限 {limit} 秒": (
        "{scenario}: {state} ({stage}), {elapsed} s of {limit} s"
    ),
    "{scenario}：{state}，{outcome}，用时 {elapsed} 秒": (
        "{scenario}: {state}, {outcome}, {elapsed} s"
    ),
    "{scenario}：{state}。{error}": "{scenario}: {state}. {error}",
    "{scenario}：已取消，未得到方案；情景已保存。": (
        "{scenario}: cancelled, no plan; the scenario is kept."
    ),
    "目标 {objective} 已求得": "objective {objective} solved",
    "第 {level} 层目标：{objective}": "objective {level}: {objective}",
    "计算追加资金的边际效果": "working out what more money would buy",
    "检查情景": "checking the scenario",
    "排队": "queued",
    "目标无变化": "no change in the objectives",
    "{year}年{place}同时在建项目已达上限": "{place} at its limit of projects at once in {year}",
    "前序项目完成较晚：{link}": "a predecessor finishes late: {link}",
    "（所问）": "(asked) ",
    "原计划年份中已满的上限：": "caps full in its planned years: ",
    "{cap}（上限 {limit} 亿元，已安排 {used} 亿元）": (
        "{cap} (cap {limit}, scheduled {used}, 100M CNY)"
    ),
    "：": ": ",
    "；": "; ",
    "，": ", ",
    "比较项": "Measure",
    "状态": "Status",
    "安排项目数": "Projects funded",
    "未安排项目数": "Projects not funded",
    "延期项目数": "Projects delayed",
    "延期年数合计": "Years of delay in all",
    "峰值年份": "Peak year",
    "峰值年支出（亿元）": "Peak-year spend (100M CNY)",
    "总支出（亿元）": "Total spend (100M CNY)",
    "{year}年支出（亿元）": "Spend {year} (100M CNY)",
    "项目名称": "Project",
    "计划年限": "Planned years",
    "安排年限": "Scheduled years",
    "延期（年）": "Delay (years)",
    "延期（季度）": "Delay (quarters)",
    "排期时段": "Schedule by",
    "按年": "year",
    "按季度": "quarter",
    "按月": "month",
    "未知的时段“{value}”：按年、按季度或按月": "Unknown period “{value}”: year, quarter or month",
    "延期（月）": "Delay (months)",
    "安排时段": "Scheduled periods",
    "原因": "Why",
    "目标": "Objective",
    "结果": "Value",
    "界": "Bound",
    "差距": "Gap",
    "上限": "Cap",
    "上限（亿元）": "Cap (100M CNY)",
    "安排（亿元）": "Scheduled (100M CNY)",
    "余量（亿元）": "Slack (100M CNY)",
    "原计划": "Planned",
    "最优（已证明）": "optimal (proven)",
    "可行（时限内未证明最优）": "feasible (not proven optimal in the time limit)",
    "无法满足（条件互相冲突）": "cannot be met (conditions conflict)",
    "时限内未找到方案": "no schedule found in the time limit",
    "模型无效": "invalid model",
    "部分项目未安排": "some projects not funded",
    "已选 {num_selected} 项": "{num_selected} selected",
    "全选": "Select all",
    "全不选": "Deselect all",
    "搜索": "Search",
    "清除搜索": "Clear search",
    "没有匹配的选项": "No options found",
    "“{name}”的运行以旧格式保存，请重新运行": (
        "the run of “{name}” was stored in an older format: run it again"
    ),
    "“{name}”最近一次运行没有方案（{outcome}）": "the last run of “{name}” has no plan ({outcome})",
    "情景“{name}”尚未运行": "scenario “{name}” has not been run",
    "没有名为“{name}”的情景": "no scenario named “{name}”",
    "{error}：没有可导出的投资计划。": "{error}: there is no investment schedule to export.",
    "计算能满足情景的最小改动": "finding the smallest changes that let the scenario be met",
    "计算没有项目推迟所需的上限": "finding the caps at which nothing is late",
    "最小改动（均已求解验证）": "The smallest changes that work (each verified by solving)",
    "按此新建情景": "New scenario with this change",
    "已按此改动新建情景“{name}”，可直接运行。": (
        "Made the new scenario “{name}” with this change: it is ready to run."
    ),
    "运行失败": "the run failed",
    "安排价值": "Value funded",
    "加权延期（年）": "Weighted delay (years)",
    "加权延期（季度）": "Weighted delay (quarters)",
    "加权延期（月）": "Weighted delay (months)",
    "最晚完工年份": "Last completion year",
    "超支峰值（万元）": "Peak excess over cap (10k CNY)",
    "排队中": "queued",
    "求解中": "solving",
    "已完成": "done",
    "失败": "failed",
    "已取消": "cancelled",
    "总额": "total",
    "县": "county",
    "表": "Table",
    "延期最少（按优先级加权）": "Least delay (weighted by priority)",
    "年度超支峰值最小": "Smallest peak excess over the yearly caps",
    "安排项目价值最大（资金不足时取舍）": "Most value funded (choose when money is short)",
    "最晚完工年份最早": "Earliest last completion",
    # 概览 Overview: places
    "各设区市、县（市、区）的项目与投资": "Projects and investment per city and county",
    "全省范围或未列地点": "Province-wide or no place given",
    "跨县项目在每个县各计一次，金额按其份额分摊；各设区市与最后一行相加等于总投资。": (
        "A project in several counties counts in each, with its share of the money; the cities "
        "and the last line add up to the total investment."
    ),
    "按规划年份，每个设区市一张表；情景的投资计划在“情景”页下载。": (
        "In the planned years, a sheet per city; a scenario's schedule downloads from the "
        "Scenarios page."
    ),
    # 项目库 Projects: the grid, the detail and the settings form
    "{n} 个项目": "{n} projects",
    "搜索：项目名称、单位、地点、表…": "Search: project name, unit, place, table…",
    "该项目已不在数据库中。": "This project is no longer in the database.",
    "无数据质量提示。": "No data-quality findings.",
    "{error}；显示全部项目。": "{error}; showing every project.",
    "点击一行查看其来源与数据质量提示。": (
        "Click a row to see its source and data-quality findings."
    ),
    "{plan} · {table} · 总投资 {investment} 亿元 · {years}": (
        "{plan} · {table} · total investment {investment} (100M CNY) · {years}"
    ),
    "数据质量提示": "Data-quality findings",
    "{document} 第 {lines} 行": "{document}, lines {lines}",
    "来源：": "Source: ",
    "全省": "province-wide",
    "合计": "Total",
    "（无金额）": "(no amounts)",
    "全部县（市、区）": "All counties",
    "规划": "Plan",
    "序号": "No.",
    "起止年限": "Years",
    "单位": "Units",
    "所在县（市、区）": "Counties",
    "情景设置": "Scenario settings",
    "各情景默认按此安排项目；情景文件中的 [[overrides]] 优先。": (
        "Every scenario schedules the project by these; a scenario file's [[overrides]] win."
    ),
    "本行与另一规划中的同一项目只计一次，情景按那一行安排：此处设置不影响情景。": (
        "This row stands for the same project as a row of another plan and is counted once, "
        "under that row: settings here do not reach scenarios."
    ),
    "留空：按情景的上限": "empty: the scenario's limit",
    "保存设置": "Save settings",
    "恢复默认": "Reset to defaults",
    "已保存。": "Saved.",
    "已恢复默认设置。": "Reset to the defaults.",
    "输入有误，未保存。": "Some fields are wrong; nothing was saved.",
    "请填写{label}": "Give a value for {label}",
    "“{text}”不是整数": "“{text}” is not a whole number",
    "优先级须为 1 至 {max} 的整数": "The priority must be a whole number from 1 to {max}",
    "最大延期不能为负数": "The maximum delay cannot be negative",
    "最大延期不能超过 {max} 年（超出规划期）": (
        "The maximum delay cannot exceed {max} years (beyond the planning period)"
    ),
    "已开工锁定的项目不能排除": "A locked (started) project cannot be excluded",
    "必须安排的项目不能排除": "A must-fund project cannot be excluded",
    "默认设置": "default settings",
    "最大延期 {years} 年": "max delay {years} year(s)",
    "当前设置：": "Current settings: ",
    "该项目已不在数据库中，未保存。": "This project is no longer in the database; nothing saved.",
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
    "项目": "Projects",
    "项目数": "Projects",
    "亿元": "100M CNY",
    "万元": "10k CNY",
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
    "项目行数": "Project rows",
    "各规划表中的项目行": "rows of the plans' tables",
    "跨规划项目只计一次": "a project in two plans counts once",
    "跨规划项目只计一次；{n} 个项目未列金额，未计入": (
        "a project in two plans counts once; {n} projects list no amount and are left out"
    ),
    "见下表": "see the table below",
    "下载投资计划（Excel）": "Download the investment schedule (Excel)",
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
    "其他": "Others",
    "单独显示": "Shown apart",
    "投资最多的 {n} 个，其余合为“其他”": "The {n} largest; the rest as “Others”",
    "{group}（{yi} 亿元）": "{group} ({yi}, 100M CNY)",
    "安排投资": "Scheduled investment",
    "有上限的{by}：各年安排投资与上限（亿元）；红色为已用满的上限": (
        "{by} with caps: scheduled investment and cap per year (100M CNY); "
        "red where the cap is used up"
    ),
    "{place}<br>%{{x}}年上限：%{{customdata[0]}} 亿元；安排 %{{customdata[1]}} 亿元"
    "<extra></extra>": (
        "{place}<br>cap in %{{x}}: %{{customdata[0]}}; scheduled %{{customdata[1]}} "
        "(100M CNY)<extra></extra>"
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
    "地点较多时每个县一行：点击该行展开或收起其项目。": (
        " With many places, each county is one row: click it to show or hide its projects."
    ),
    "共 {n} 条、{places} 个地点，一屏放不下：先显示{city}，可在上方选择其他设区市或全部。": (
        "{n} bars in {places} places do not fit a screen: showing {city} first; choose "
        "another city, or all, above."
    ),
    "{mark} {place}（{n} 个项目）": "{mark} {place} ({n} projects)",
    "{n} 个推迟": "{n} delayed",
    "{n} 个未安排": "{n} not funded",
    "县（市、区）汇总": "County summary",
    "%{y}：点击展开或收起<extra></extra>": "%{y}: click to show or hide<extra></extra>",
    "未列入甘特图的项目（{n}）": "Projects not in the chart ({n})",
    "{name}（{table}）：{reason}": "{name} ({table}): {reason}",
    "与另一规划中的同一项目只计一次，见该行": "counted once, under its row in the other plan",
    "{label}（{table} 序号{seq}）": "{label} ({table} No. {seq})",
    "在建": "Running",
    "推迟 {n} 年": "delayed {n} year(s)",
    "推迟 {n} {unit}": "delayed {n} {unit}",
    "延长 {n} {unit}": "stretched {n} {unit}",
    "延长 {n} 年": "stretched {n} year(s)",
    "（{moves}）": " ({moves})",
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
