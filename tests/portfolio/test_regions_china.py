"""The region table beyond Fujian: every division of the national codes, names that answer
for several places, municipalities and the counties a province administers directly."""

from __future__ import annotations

import csv
import runpy
from pathlib import Path

import pytest

from portfolio.regions import RegionKind, RegionTable, RegionTableError

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "data" / "regions.csv"
DIVISIONS = REPO / "data" / "sources" / "divisions"
GULOU = ["鼓楼区", "南京市鼓楼区", "徐州市鼓楼区", "开封市鼓楼区"]
# Rows of cities.csv that stand for no city (a municipality's districts and counties, the
# counties a province administers directly).
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Rows of areas.csv that are their city itself: cities with no county-level division.
CITY_AS_AREA = {"东莞市", "中山市", "儋州市", "嘉峪关市"}


@pytest.fixture(scope="module")
def table() -> RegionTable:
    return RegionTable.load(BUNDLED)


def divisions(name: str) -> list[dict[str, str]]:
    with (DIVISIONS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_division_of_the_codes_is_a_region(table: RegionTable) -> None:
    by_code = {r.code: r for r in table if r.code}
    provinces = divisions("provinces.csv")
    assert len(provinces) == 31
    for row in provinces:
        region = by_code[row["code"] + "0000"]
        assert (region.name, region.kind) == (row["name"], RegionKind.PROVINCE)
    cities = [
        c for c in divisions("cities.csv") if not c["name"].endswith(("市辖区", "县", "区划"))
    ]
    for row in cities:
        region = by_code[row["code"] + "00"]
        assert (region.name, region.kind) == (row["name"], RegionKind.CITY)
    areas = [a for a in divisions("areas.csv") if a["name"] not in CITY_AS_AREA]
    for row in areas:
        region = by_code[row["code"]]
        # A name several counties share is written with the city (南京市鼓楼区).
        assert region.name.endswith(row["name"]), row
        assert region.kind in (RegionKind.COUNTY, RegionKind.ZONE)
    assert len(by_code) == len(provinces) + len(cities) + len(areas)
    assert all(len(code) == 6 and code.isdigit() for code in by_code)
    assert len(table) == len(by_code) + 11  # Fujian's development zones have no code


def test_the_build_script_makes_this_file() -> None:
    # The derived file is exactly what data/build_regions.py makes of the vendored codes and
    # Fujian's rows: nothing in it was edited by hand outside Fujian.
    build = runpy.run_path(str(REPO / "data" / "build_regions.py"))["build"]
    assert build() == BUNDLED.read_text(encoding="utf-8")


def test_fujian_comes_first_with_its_own_choices(table: RegionTable) -> None:
    first = table.regions[:105]
    assert all("福建省" in (r.name, r.province) for r in first)
    assert not any(r.province == "福建省" for r in table.regions[105:])
    assert [r.name for r in first if not r.code] == [r.name for r in first if r.kind == "zone"]
    assert table.lookup("晋江市") is not None and table.lookup("晋江市").code == "350582"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("written", "within", "expected"),
    [
        ("鼓楼区", None, ["鼓楼区"]),  # plans that do not say theirs are Fujian's
        ("鼓楼区", "泉州市", ["鼓楼区"]),  # none in Quanzhou: the one in its province
        ("鼓楼区", "南京市", ["南京市鼓楼区"]),
        ("鼓楼区", "开封市", ["开封市鼓楼区"]),
        ("鼓楼区", "江苏省", GULOU),  # two in Jiangsu: not clear
        ("鼓楼区", "湖北省", GULOU),  # none in Hubei
        ("福州市鼓楼区", "湖北省", ["鼓楼区"]),
        ("南京市鼓楼区", None, ["南京市鼓楼区"]),
        ("永定区", None, ["永定区"]),
        ("永定区", "湖南省", ["张家界市永定区"]),
        ("朝阳区", "北京市", ["北京市朝阳区"]),
        ("朝阳区", "海淀区", ["北京市朝阳区"]),
        ("朝阳区", None, ["北京市朝阳区", "长春市朝阳区"]),
        ("江岸区", None, ["江岸区"]),
        ("武汉", None, ["武汉市"]),
        ("湖北", None, ["湖北省"]),
        ("吉林", None, ["吉林省"]),  # the province's short name; 吉林市 is written in full
        ("湖北省武汉市", None, ["武汉市"]),
        ("湖北省仙桃市", None, ["仙桃市"]),
        ("朝阳", None, []),  # a short name of four places is nobody's
        ("火星县", None, []),
    ],
)
def test_resolve(table: RegionTable, written: str, within: str | None, expected: list[str]) -> None:
    assert [r.name for r in table.resolve(written, within)] == expected


def test_lookup_takes_canonical_names_and_does_not_guess(table: RegionTable) -> None:
    gulou = table.lookup("鼓楼区")
    assert gulou is not None and gulou.city == "福州市"
    assert table.lookup("福州市鼓楼区") == gulou
    nanjing = table.lookup("南京市鼓楼区")
    assert nanjing is not None and (nanjing.city, nanjing.province) == ("南京市", "江苏省")
    assert table.lookup("朝阳区") is None


def test_every_alias_finds_its_region_alone(table: RegionTable) -> None:
    for region in table:
        for alias in table.aliases_of(region.name):
            assert table.resolve(alias, within="湖北省") == (region,), alias
        for alias in table.unambiguous_aliases[region.name]:
            assert table.resolve(alias, within="湖北省") == (region,), alias


def test_unambiguous_aliases(table: RegionTable) -> None:
    assert table.unambiguous_aliases["鼓楼区"] == ("鼓楼", "福州市鼓楼区")
    assert table.unambiguous_aliases["南京市鼓楼区"] == ()  # 鼓楼区 names four
    assert table.unambiguous_aliases["江岸区"] == ("江岸", "武汉市江岸区")
    assert table.unambiguous_aliases["武汉市"] == ("武汉", "湖北省武汉市")


def test_municipalities_are_their_own_city(table: RegionTable) -> None:
    beijing = table.lookup("北京")
    assert beijing is not None and beijing.kind is RegionKind.PROVINCE
    assert table.city_of("北京市") == "北京市"
    assert table.city_of("海淀区") == "北京市"
    assert len(table.counties_of("北京市")) == 16
    assert table.covers("北京市", "海淀区") and not table.covers("天津市", "海淀区")
    chongqing = [a for a in divisions("areas.csv") if a["provinceCode"] == "50"]
    assert len(table.counties_of("重庆市")) == len(chongqing) == 38
    assert table.city_of("重庆市江北区") == "重庆市"


def test_counties_a_province_administers_directly(table: RegionTable) -> None:
    xiantao = table.lookup("仙桃市")
    assert xiantao is not None
    assert (xiantao.kind, xiantao.city, xiantao.province) == (RegionKind.COUNTY, "", "湖北省")
    assert table.city_of("仙桃市") == "仙桃市"  # counted as a city of its own
    assert table.covers("湖北省", "仙桃市") and not table.covers("武汉市", "仙桃市")
    assert table.qualified(xiantao) == "湖北省仙桃市"
    assert table.city_of("湖北省") is None


def test_cities_without_counties_and_zones_of_the_codes(table: RegionTable) -> None:
    dongguan = table.lookup("东莞市")
    assert dongguan is not None and dongguan.kind is RegionKind.CITY
    assert table.counties_of("东莞市") == ()
    park = table.lookup("苏州工业园区")
    assert park is not None and (park.kind, park.city, park.code) == (
        RegionKind.ZONE,
        "苏州市",
        "320576",
    )


def test_covers_and_province_across_china(table: RegionTable) -> None:
    assert table.covers("湖北省", "江岸区") and table.covers("武汉市", "江岸区")
    assert not table.covers("福建省", "江岸区")
    assert table.province_of("江岸区") == "湖北省"
    assert table.province_of("湖北省") == "湖北省"
    assert table.province_of("火星县") is None


def test_qualified_names(table: RegionTable) -> None:
    names = {name: table.lookup(name) for name in ("鼓楼区", "南京市鼓楼区", "武汉市")}
    assert {n: table.qualified(r) for n, r in names.items() if r} == {
        "鼓楼区": "福州市鼓楼区",
        "南京市鼓楼区": "南京市鼓楼区",
        "武汉市": "武汉市",
    }


@pytest.mark.parametrize(
    ("written", "within", "first"),
    [
        ("湖北生", None, "湖北省"),
        ("晋将市", None, "晋江市"),
        ("南京鼓楼区", None, "南京市鼓楼区"),
        ("江按区", "武汉市", None),  # among 江夏区, 江岸区, 江汉区
    ],
)
def test_suggestions(table: RegionTable, written: str, within: str | None, first: str) -> None:
    found = table.suggestions(written, within)
    assert found and (first is None or found[0] == first), found
    if first is None:
        assert "江岸区" in found
    assert table.suggestions("火星县") == []  # no far-fetched 丰县 or 义县


SMALL = (
    "name,kind,city,aliases,province,code\n"
    "甲省,province,,,,\n乙市,city,,,甲省,\n丙县,county,乙市,,甲省,\n"
    "丁市,province,,,,\n戊区,county,丁市,,丁市,\n己市,county,,,甲省,\n"
)


def test_six_column_tables(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(SMALL, encoding="utf-8")
    table = RegionTable.load(path)
    assert table.province.name == "甲省"
    assert table.city_of("戊区") == "丁市" and table.city_of("己市") == "己市"
    assert table.counties_of("丁市")[0].name == "戊区"


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (("丙县,county,乙市,,甲省", "丙县,county,乙市,,丁市"), "in another province"),
        (("乙市,city,,,甲省", "乙市,city,,,丙县"), "is not a province"),
        (("戊区,county,丁市,,丁市", "戊区,county,丁市,,甲省"), "another province"),
        (("己市,county,,,甲省", "己市,county,,,"), "needs its city"),
    ],
)
def test_bad_six_column_tables_are_refused(
    tmp_path: Path, replace: tuple[str, str], message: str
) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(SMALL.replace(*replace), encoding="utf-8")
    with pytest.raises(RegionTableError, match=message):
        RegionTable.load(path)
