"""Tests of the region table: the bundled Fujian list and the lookups on it."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from portfolio.regions import Region, RegionKind, RegionTable, RegionTableError

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "data" / "regions.csv"
CITIES = ("福州市", "厦门市", "漳州市", "泉州市", "三明市", "莆田市", "南平市", "龙岩市", "宁德市")


@pytest.fixture(scope="module")
def table() -> RegionTable:
    return RegionTable.load(BUNDLED)


def fujian(table: RegionTable) -> list[Region]:
    return [r for r in table if "福建省" in (r.name, r.province)]


def test_bundled_table_has_province_cities_and_84_counties(table: RegionTable) -> None:
    kinds = Counter(region.kind for region in fujian(table))
    assert kinds[RegionKind.PROVINCE] == 1
    assert table.province.name == "福建省"
    assert tuple(r.name for r in fujian(table) if r.kind is RegionKind.CITY) == CITIES
    assert kinds[RegionKind.COUNTY] == 84


def test_county_split_by_type_matches_2021_division(table: RegionTable) -> None:
    # 31 districts, 11 county-level cities, 42 counties (金门县 included) at the end of 2021.
    counties = [r.name for r in fujian(table) if r.kind is RegionKind.COUNTY]
    by_suffix = Counter(name[-1] for name in counties)
    assert by_suffix == {"区": 31, "市": 11, "县": 42}


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        (
            "福州市",
            "鼓楼区 台江区 仓山区 马尾区 晋安区 长乐区 "
            "闽侯县 连江县 罗源县 闽清县 永泰县 平潭县 福清市",
        ),
        (
            "泉州市",
            "鲤城区 丰泽区 洛江区 泉港区 惠安县 安溪县 永春县 德化县 金门县 石狮市 晋江市 南安市",
        ),
    ],
)
def test_counties_of_city(table: RegionTable, city: str, expected: str) -> None:
    assert [r.name for r in table.counties_of(city)] == expected.split()


def test_counties_per_city_add_up(table: RegionTable) -> None:
    sizes = {city: len(table.counties_of(city)) for city in CITIES}
    assert sizes == {
        "福州市": 13,
        "厦门市": 6,
        "漳州市": 11,
        "泉州市": 12,
        "三明市": 11,
        "莆田市": 5,
        "南平市": 10,
        "龙岩市": 7,
        "宁德市": 9,
    }


def test_2021_changes_are_in_place(table: RegionTable) -> None:
    for name in ("沙县区", "长乐区", "建阳区", "永定区", "龙海区", "长泰区", "三元区"):
        region = table.lookup(name)
        assert region is not None and region.kind is RegionKind.COUNTY
    # Former names still find the division that replaced them.
    assert table.lookup("沙县") == table.lookup("沙县区")
    assert table.lookup("龙海市") == table.lookup("龙海区")
    assert table.lookup("梅列区") == table.lookup("三元区")
    assert table.lookup("梅列区") is not None


def test_zones_belong_to_their_city(table: RegionTable) -> None:
    expected = {
        "泉州台商投资区": "泉州市",
        "泉州开发区": "泉州市",
        "厦门火炬高新区": "厦门市",
        "平潭综合实验区": "福州市",
        "福州高新区": "福州市",
        "漳州高新区": "漳州市",
        "龙岩高新区": "龙岩市",
        "厦门自贸片区": "厦门市",
    }
    for zone, city in expected.items():
        region = table.lookup(zone)
        assert region == Region(zone, RegionKind.ZONE, city)
        assert table.city_of(zone) == city
    assert "泉州台商投资区" in [r.name for r in table.counties_of("泉州", include_zones=True)]
    assert "泉州台商投资区" not in [r.name for r in table.counties_of("泉州")]


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("晋江", "晋江市"),
        ("台商区", "泉州台商投资区"),
        ("泉州台商区", "泉州台商投资区"),
        ("火炬高新区", "厦门火炬高新区"),
        ("泉州经济技术开发区", "泉州开发区"),
        ("平潭", "平潭综合实验区"),
        ("中国（福建）自由贸易试验区厦门片区", "厦门自贸片区"),  # full-width brackets
        ("泉州", "泉州市"),
        ("福建", "福建省"),
    ],
)
def test_lookup_by_alias(table: RegionTable, alias: str, name: str) -> None:
    region = table.lookup(alias)
    assert region is not None and region.name == name


def test_aliases_of(table: RegionTable) -> None:
    assert table.aliases_of("泉州台商投资区") == ("泉州台商区", "台商区", "台商投资区")
    assert table.aliases_of("台商区") == table.aliases_of("泉州台商投资区")
    assert table.aliases_of("长乐区") == ("长乐", "长乐市")
    assert table.aliases_of("平潭县") == ()
    assert table.aliases_of("某某县") == ()


def test_lookup_unknown_and_trimmed(table: RegionTable) -> None:
    assert table.lookup("不存在县") is None
    assert table.lookup("") is None
    found = table.lookup(" 丰泽区 ")
    assert found is not None and found.name == "丰泽区"


def test_city_of_and_covers(table: RegionTable) -> None:
    assert table.city_of("泉港区") == "泉州市"
    assert table.city_of("泉州市") == "泉州市"
    assert table.city_of("福建省") is None
    assert table.city_of("某某县") is None
    assert table.covers("泉州市", "泉港区")
    assert table.covers("福建省", "柘荣县")
    assert table.covers("丰泽区", "丰泽")
    assert not table.covers("泉港区", "泉州市")
    assert not table.covers("厦门市", "泉港区")
    assert not table.covers("某某市", "泉港区")
    assert table.counties_of("泉港区") == ()


def test_every_alias_is_unique_and_points_to_a_region() -> None:
    with BUNDLED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = [row["name"] for row in rows]
    aliases = [a for row in rows for a in row["aliases"].split("|") if a]
    assert len(set(names)) == len(names)
    assert len(set(aliases)) == len(aliases)
    assert not set(aliases) & set(names)


def test_default_reads_bundled_file() -> None:
    assert len(RegionTable.default()) == len(RegionTable.load(BUNDLED))


def test_default_honours_data_dir_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "regions.csv").write_text(
        "name,kind,city,aliases\n甲省,province,,\n乙市,city,,乙\n丙县,county,乙市,丙\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PORTFOLIO_DATA_DIR", str(tmp_path))
    table = RegionTable.default()
    assert [r.name for r in table] == ["甲省", "乙市", "丙县"]
    assert table.city_of("丙") == "乙市"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("name,kind\n", "header"),
        ("name,kind,city,aliases\n甲省,state,,\n", "unknown kind"),
        ("name,kind,city,aliases\n甲省,province,,\n丙县,county,乙市,\n", "not a city"),
        ("name,kind,city,aliases\n甲省,province,,\n丙县,county,,\n", "needs its city"),
        ("name,kind,city,aliases\n甲省,province,,\n甲省,province,,\n", "twice"),
        ("name,kind,city,aliases\n甲省,province,,甲\n乙市,city,,甲\n", "repeated"),
        ("name,kind,city,aliases\n甲省,province,,乙市\n乙市,city,,\n", "also the name"),
    ],
)
def test_bad_tables_are_refused(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RegionTableError, match=message):
        RegionTable.load(path)
