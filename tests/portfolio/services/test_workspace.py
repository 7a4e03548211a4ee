"""Loading the bundled plans: exact counts and totals, idempotence, links, provenance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from portfolio.paths import sources_dir
from portfolio.services.queries import ProjectFilter, consolidated_total_wan
from portfolio.services.workspace import Workspace
from tests.portfolio.services.snapshot import snapshot

# (plan, table) → (projects, unknown investment, total in 万元), as the documents state them.
DOCUMENT_TOTALS = {
    ("quanzhou-st-14fyp", "附件1"): (42, 0, 19_159_100),
    ("quanzhou-st-14fyp", "附件2"): (12, 0, 140_200),
    ("quanzhou-st-14fyp", "附件3"): (48, 0, 3_991_330),
    ("fujian-st-14fyp", "表1"): (8, 2, 1_580_000),
    ("fujian-st-14fyp", "表2"): (9, 0, 1_248_500),
    ("fujian-st-14fyp", "表3"): (28, 1, 1_150_000),
    ("fujian-st-14fyp", "表4"): (21, 4, 3_690_700),
    ("fujian-st-14fyp", "表5"): (22, 22, 0),
}


@pytest.fixture
def workspace(loaded_url: str) -> Iterator[Workspace]:
    ws = Workspace(loaded_url)
    yield ws
    ws.close()


def test_tables_match_the_documents(workspace: Workspace) -> None:
    summaries = {(s.plan, s.table): s for s in workspace.table_summaries()}
    for key, (count, unknown, total) in DOCUMENT_TOTALS.items():
        summary = summaries[key]
        assert (summary.projects, summary.unknown_investment, summary.investment_wan) == (
            count,
            unknown,
            total,
        ), key


def test_init_twice_changes_nothing(workspace: Workspace) -> None:
    before = snapshot(workspace)
    reports = workspace.init()
    assert all(not r.created for r in reports)
    assert snapshot(workspace) == before


def test_every_project_traces_to_its_source_lines(workspace: Workspace) -> None:
    projects = workspace.projects()
    assert len(projects) == sum(v[0] for v in DOCUMENT_TOTALS.values())
    files: dict[str, list[str]] = {}
    for view in projects:
        lines = files.setdefault(
            view.source_document,
            (sources_dir() / view.source_document).read_text(encoding="utf-8").splitlines(),
        )
        assert 1 <= view.source_line_start <= view.source_line_end <= len(lines)
        span = lines[view.source_line_start - 1 : view.source_line_end]
        text = "\n".join(span)
        assert view.source_text.strip() in text or text.strip() in view.source_text, view.name
        assert view.seq in text


def test_sample_rows_field_by_field(workspace: Workspace) -> None:
    by_name = {(v.plan, v.name): v for v in workspace.projects()}
    first = by_name[("quanzhou-st-14fyp", "汉威卫生用品智能制造协同创新中心")]
    assert (first.table, first.seq, first.investment_wan) == ("附件1", "1", 20_000)
    assert (first.start_year, first.end_year, first.start_year_inferred) == (2021, 2023, False)
    assert first.units == ("泉州市汉威机械制造有限公司",)
    assert first.counties == ("鲤城区",)
    assert first.cities == ("泉州市",)

    lab = by_name[("quanzhou-st-14fyp", "中国福建智能制造技术创新实验室")]
    assert lab.investment_wan == 200_000
    assert lab.units == ("华侨大学", "泉州装备制造研究所")
    assert lab.counties == ("丰泽区", "晋江市", "南安市")

    quantum = by_name[("quanzhou-st-14fyp", "正道量子通讯技术实验室")]
    assert quantum.investment_wan == 5_000
    assert len(quantum.units) == 2

    platform = by_name[("fujian-st-14fyp", "省级重点实验室")]
    assert platform.province_wide
    assert (platform.start_year, platform.end_year, platform.start_year_inferred) == (
        2021,
        2025,
        True,
    )

    unknown = by_name[("fujian-st-14fyp", "东方电气福建创新研究院")]
    assert unknown.investment_wan is None
    assert unknown.counties == ()


def test_projects_in_two_plans_are_linked_and_counted_once(workspace: Workspace) -> None:
    projects = workspace.projects()
    linked = [v for v in projects if v.linked_to]
    quanzhou_linked = [v for v in linked if v.plan == "quanzhou-st-14fyp"]
    assert len(quanzhou_linked) >= 9
    by_id = {v.id: v for v in projects}
    qingyuan = next(v for v in quanzhou_linked if v.name == "清源创新实验室")
    partner = by_id[qingyuan.linked_to[0]]
    assert partner.plan == "fujian-st-14fyp" and "清源创新实验室" in partner.name
    assert qingyuan.counted_in_totals and not partner.counted_in_totals
    naive = sum(v.investment_wan or 0 for v in projects)
    not_counted = sum(v.investment_wan or 0 for v in projects if not v.counted_in_totals)
    assert not_counted > 0
    assert consolidated_total_wan(projects) == naive - not_counted


def test_findings_cover_every_decision(workspace: Workspace) -> None:
    findings = workspace.findings()
    kinds = Counter(f.kind for f in findings)
    assert kinds["unknown_investment"] == 2 + 1 + 4
    inferred = [v for v in workspace.projects() if v.start_year_inferred]
    assert kinds["start_year_inferred"] == len(inferred) > 0
    assert kinds["cross_plan_link"] >= 18
    assert kinds["units_incomplete"] >= 1
    assert kinds["province_wide"] >= 9
    assert kinds["place_note"] >= 1  # 翔安区 (规划)
    for finding in findings:
        assert finding.source_line_start >= 1
        assert finding.source_document.endswith(".txt")


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (ProjectFilter(county="晋江市"), "晋江市"),
        (ProjectFilter(county="晋江"), "晋江市"),
    ],
)
def test_county_filter(workspace: Workspace, flt: ProjectFilter, expected: str) -> None:
    views = workspace.projects(flt)
    assert views
    assert all(expected in v.counties for v in views)


def test_city_filter_takes_counties_of_the_city(workspace: Workspace) -> None:
    views = workspace.projects(ProjectFilter(city="泉州市"))
    assert {"丰泽区", "晋江市"} <= {c for v in views for c in v.counties}
    assert all("泉州市" in v.cities for v in views)
    assert not any(v.cities == ("厦门市",) for v in views)


def test_indicators_and_institutes(workspace: Workspace) -> None:
    indicators = workspace.indicators()
    per_table = Counter((i.plan, i.table) for i in indicators)
    assert per_table[("quanzhou-st-14fyp", "附件5")] == 13
    assert per_table[("quanzhou-st-14fyp", "表1")] == 18
    assert per_table[("fuqing-st-14fyp", "专栏1")] == 12
    assert per_table[("fujian-sei-14fyp", "表1")] == 12
    annual = [i for i in indicators if i.table == "附件5"]
    assert all(sorted(i.targets) == list(range(2020, 2026)) for i in annual)
    rd = next(i for i in annual if i.name == "R&D经费投入占地区生产总值比重")
    assert rd.targets[2021] == "1.54" and rd.targets[2025] == "2.4"

    institutes = workspace.institutes()
    assert len(institutes) == 18
    first = institutes[0]
    assert (first.name, first.investment_wan, first.county) == (
        "福建（泉州）哈工大工程技术研究院",
        20_000,
        "丰泽区",
    )
    assert (first.enterprises_incubated, first.enterprises_served, first.results_transferred) == (
        15,
        200,
        30,
    )
    assert all(i.county is not None for i in institutes)


def test_duplicates_and_unit_variants_are_flagged(workspace: Workspace) -> None:
    findings = workspace.findings()
    duplicates = [f for f in findings if f.kind == "duplicate_name"]
    assert [f.project_name for f in duplicates] == ["硅基光调制器及光收发芯片产业化项目"] * 2
    matched = {
        f.message.split("”")[0].lstrip("单位“") for f in findings if f.kind == "unit_name_matched"
    }
    assert {"泉州师院学院", "福建立亚新材有限公司"} <= matched
