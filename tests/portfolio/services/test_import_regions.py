"""Plans of other provinces: their places resolve within the plan's city and province, a
name of several places is refused with every candidate, an unknown region with the closest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from portfolio.db.models import Region
from portfolio.errors import ImportFileError
from portfolio.paths import data_dir
from portfolio.regions import RegionTable
from portfolio.services.places import place_totals
from portfolio.services.queries import ProjectFilter, UnknownNameError
from portfolio.services.workspace import PlanInfo, Workspace
from tests.portfolio.services.snapshot import snapshot
from tests.portfolio.services.test_import import HEADER, write_xlsx

HUBEI_ROWS = [
    [1, "光谷科创中心", "", 2, "2022-2024", "武汉东湖新技术开发区管委会", "江岸区"],
    [2, "长江实验室", "", 1.5, "2021-2025", "武汉大学", "武昌区、洪山区"],
    [3, "青山产业园", "", 1, "2023-2025", "武汉钢铁", "青山区"],  # 武汉's, not 包头's
    [4, "仙桃科技园", "", 0.5, "2022-2023", "仙桃市科技局", "仙桃市"],
    [5, "省级平台", "", 3, "2021-2025", "湖北省科技厅", "各有关地市"],
    [6, "福州合作项目", "", 0.2, "2024-2025", "福州大学", "福州市鼓楼区"],
]


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


def write_plan_sheet(path: Path, rows: list[list[object]], region: str) -> Path:
    """A workbook whose 规划 sheet, after the table, names the plan's region."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "项目"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    plan = book.create_sheet("规划")
    plan.append(["地区", region])
    plan.append(["层级", "省"])
    book.save(path)
    return path


def test_a_hubei_plan_imports_and_its_counties_resolve(
    workspace: Workspace, tmp_path: Path
) -> None:
    fujian = workspace.scenario_baseline().counties
    assert len(fujian) == 84 + 11 and "晋江市" in fujian  # caps are offered for these
    path = write_xlsx(tmp_path / "湖北.xlsx", HUBEI_ROWS)
    report = workspace.import_file(path, PlanInfo(key="hubei", region="湖北省"))
    assert report.created and report.projects == len(HUBEI_ROWS)
    views = workspace.projects(ProjectFilter(plan="hubei"))
    assert [v.counties for v in views] == [
        ("江岸区",),
        ("武昌区", "洪山区"),
        ("武汉市青山区",),
        ("仙桃市",),
        (),
        ("鼓楼区",),
    ]
    assert [v.cities for v in views] == [
        ("武汉市",),
        ("武汉市",),
        ("武汉市",),
        ("仙桃市",),  # administered by the province: a city of its own
        (),  # the whole province: in no city
        ("福州市",),
    ]
    assert views[4].province_wide
    wuhan = workspace.projects(ProjectFilter(city="武汉"))
    assert [v.name for v in wuhan] == ["光谷科创中心", "长江实验室", "青山产业园"]
    places = {(p.city, p.county): p.investment_wan for p in place_totals(workspace).places}
    assert places[("武汉市", None)] == 45_000
    assert places[("武汉市", "洪山区")] == 7_500
    assert places[("仙桃市", None)] == 5_000
    offered = set(workspace.scenario_baseline().counties)
    assert offered > set(fujian) and {"江岸区", "仙桃市"} <= offered and "海淀区" not in offered


def test_the_plan_sheet_gives_the_region_read_after_the_table(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [[1, "青山项目", "", 1, "2023-2025", "某单位", "青山区"]]
    path = write_plan_sheet(tmp_path / "内蒙古.xlsx", rows, "内蒙古")
    workspace.import_file(path, PlanInfo(key="nmg"))
    assert workspace.projects(ProjectFilter(plan="nmg"))[0].counties == ("包头市青山区",)


@pytest.mark.parametrize(
    ("region", "written", "county"),
    [
        ("南京市", "鼓楼区", "南京市鼓楼区"),  # the plan's own city
        ("玄武区", "鼓楼区", "南京市鼓楼区"),  # a county's plan: its city
        ("开封市", "鼓楼区", "开封市鼓楼区"),
        ("福建省", "鼓楼区", "鼓楼区"),
        ("泉州市", "鼓楼区", "鼓楼区"),  # none in Quanzhou: Fujian's
        ("湖北省", "徐州市鼓楼区", "徐州市鼓楼区"),
        ("北京市", "朝阳区", "北京市朝阳区"),
    ],
)
def test_a_shared_name_is_the_one_of_the_plans_city_or_province(
    workspace: Workspace, tmp_path: Path, region: str, written: str, county: str
) -> None:
    rows = [[1, "某项目", "", 1, "2023-2025", "某单位", written]]
    path = write_xlsx(tmp_path / "plan.xlsx", rows)
    workspace.import_file(path, PlanInfo(key="p", region=region))
    assert workspace.projects(ProjectFilter(plan="p"))[0].counties == (county,)


def test_a_shared_name_outside_the_plans_province_is_refused_with_its_candidates(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [*HUBEI_ROWS[:2], [3, "鼓楼项目", "", 1, "2023-2025", "某单位", "江岸区、鼓楼区"]]
    path = write_xlsx(tmp_path / "鼓楼.xlsx", rows)
    before = snapshot(workspace)
    with pytest.raises(ImportFileError) as error:
        workspace.import_file(path, PlanInfo(key="hubei", region="湖北省"))
    message = str(error.value)
    assert "鼓楼.xlsx, sheet 项目, row 4, column 所在县（市、区）" in message
    assert (
        "“鼓楼区” is the name of 4 places: 福州市鼓楼区, 南京市鼓楼区, 徐州市鼓楼区, 开封市鼓楼区"
        in message
    )
    assert error.value.total == 1
    assert snapshot(workspace) == before


def test_two_in_the_plans_province_are_refused_too(workspace: Workspace, tmp_path: Path) -> None:
    rows = [[1, "某项目", "", 1, "2023-2025", "某单位", "鼓楼区"]]
    path = write_xlsx(tmp_path / "江苏.xlsx", rows)
    with pytest.raises(ImportFileError, match="is the name of 4 places"):
        workspace.import_file(path, PlanInfo(key="js", region="江苏省"))


def test_an_unknown_region_is_refused_with_the_closest(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "湖北.xlsx", HUBEI_ROWS[:1])
    before = snapshot(workspace)
    with pytest.raises(ImportFileError) as error:
        workspace.import_file(path, PlanInfo(key="hubei", region="湖北生"))
    assert "unknown region “湖北生” of the plan (did you mean “湖北省”?)" in str(error.value)
    assert snapshot(workspace) == before


def test_an_unknown_place_is_refused_with_the_closest(workspace: Workspace, tmp_path: Path) -> None:
    rows = [[1, "某项目", "", 1, "2023-2025", "某单位", "武汉市江岸"]]
    path = write_xlsx(tmp_path / "湖北.xlsx", rows)
    with pytest.raises(ImportFileError) as error:
        workspace.import_file(path, PlanInfo(key="hubei", region="湖北省"))
    assert "unknown county or place “武汉市江岸” (did you mean “武汉市江岸区”" in str(error.value)


def test_a_county_filter_of_a_shared_name_offers_the_places(loaded_workspace: Workspace) -> None:
    with pytest.raises(UnknownNameError) as error:
        loaded_workspace.projects(ProjectFilter(county="朝阳区"))
    assert error.value.suggestions[:2] == ("北京市朝阳区", "长春市朝阳区")
    assert loaded_workspace.projects(ProjectFilter(county="福州市鼓楼区")) == (
        loaded_workspace.projects(ProjectFilter(county="鼓楼区"))
    )
    assert loaded_workspace.projects(ProjectFilter(county="北京市朝阳区")) == []
    assert loaded_workspace.projects(ProjectFilter(city="北京市")) == []


def test_a_database_of_fujian_alone_gets_the_rest_at_its_next_import(
    db_url: str, tmp_path: Path
) -> None:
    # A database made before the table covered China: Fujian's 105 rows, 4 columns.
    lines = (data_dir() / "regions.csv").read_text(encoding="utf-8").splitlines()[:106]
    old = tmp_path / "regions.csv"
    old.write_text("\n".join(",".join(line.split(",")[:4]) for line in lines), encoding="utf-8")
    before = Workspace(db_url, regions=RegionTable.load(old))
    before.init()
    fujian = region_rows(before)
    before.close()
    assert len(fujian) == 105

    now = Workspace(db_url)
    path = write_xlsx(tmp_path / "湖北.xlsx", HUBEI_ROWS[:2])
    assert now.import_file(path, PlanInfo(key="hubei", region="湖北省")).projects == 2
    after = region_rows(now)
    now.close()
    assert len(after) == len(RegionTable.default())
    assert {name: after[name] for name in fujian} == fujian  # nothing stored is changed


def region_rows(workspace: Workspace) -> dict[str, tuple[object, ...]]:
    with workspace.engine.connect() as connection:
        rows = connection.execute(select(Region.name, Region.id, Region.kind, Region.parent_id))
        return {row[0]: tuple(row[1:]) for row in rows}
