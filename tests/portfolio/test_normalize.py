"""Tests of the unit and place normalization, the start-year rule and project linking."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.cells import UNKNOWN_MARKS, parse_money
from portfolio.normalize import (
    INCOMPLETE_MARKS,
    LinkRow,
    PlacesCell,
    UnitsCell,
    find_duplicate_names,
    infer_start_year,
    link_candidates,
    match_unit_name,
    names_match,
    normalize_name,
    remove_wrap_spaces,
    resolve_places,
    split_units,
)
from portfolio.regions import RegionKind, RegionTable

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"


@pytest.fixture(scope="module")
def regions() -> RegionTable:
    return RegionTable.default()


# --- simple scanners of the two plan documents, for these tests only --------------------


def fujian_table_rows() -> list[list[str]]:
    """Rows of the provincial 表1-4: seven tab-separated cells, a number first."""
    lines = (SOURCES / "fujian-st-14fyp.txt").read_text(encoding="utf-8").splitlines()
    return [
        cells
        for cells in (line.split("\t") for line in lines)
        if len(cells) == 7 and re.fullmatch(r"\d+", cells[0])
    ]


def quanzhou_annex_rows(last_annex: str) -> list[list[str]]:
    """Rows of Quanzhou's 附件1 up to ``last_annex`` (exclusive): blank-line separated blocks
    of tab-indented cells; a row starts with a number cell and may be broken by blank lines
    (a continuation starts with a tab or with 、); anything else ends the row."""
    lines = (SOURCES / "quanzhou-st-14fyp.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "附件 1")
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith(last_annex))
    blocks: list[list[str]] = [[]]
    for line in lines[start:end]:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    rows: list[list[str]] = []
    current: list[str] | None = None
    for block in filter(None, blocks):
        first = block[0]
        if first.startswith("\t") and re.fullmatch(r"\d+", first.strip()):
            current = list(block)
            rows.append(current)
        elif current is not None and (
            first.startswith("、") or (first.startswith("\t") and first.strip() != "序号")
        ):
            current.extend(block)
        else:
            current = None
    return [[line.strip() for line in row if line.startswith("\t")] for row in rows]


def test_scanners_find_every_row() -> None:
    # 表1 8 rows, 表2 9, 表3 28, 表4 21; 附件1 42, 附件2 12, 附件3 48, 附件4 18.
    assert len(fujian_table_rows()) == 8 + 9 + 28 + 21
    assert len(quanzhou_annex_rows("附件 4")) == 42 + 12 + 48
    assert len(quanzhou_annex_rows("附件 5")) == 42 + 12 + 48 + 18


# --- places ----------------------------------------------------------------------------


def test_every_provincial_place_cell_resolves(regions: RegionTable) -> None:
    cells = [row[-1] for row in fujian_table_rows()]
    for cell in cells:
        places = resolve_places(cell, regions)
        assert places.unresolved == (), cell
        assert places.regions or places.unknown, cell
    assert sum(resolve_places(cell, regions).unknown for cell in cells) == 1  # 东方电气


def test_every_quanzhou_place_cell_resolves(regions: RegionTable) -> None:
    cells = [row[-1] for row in quanzhou_annex_rows("附件 5")]
    assert len(cells) == 120
    for cell in cells:
        places = resolve_places(cell, regions)
        assert places.unresolved == () and places.regions, cell
        assert all(regions.city_of(name) == "泉州市" for name in places.regions), cell


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("丰泽区、晋江市、南安市等", PlacesCell(("丰泽区", "晋江市", "南安市"), incomplete=True)),
        ("泉州 开发区", PlacesCell(("泉州开发区",))),
        ("厦门火炬 高新区", PlacesCell(("厦门火炬高新区",))),
        ("沙县区 永安市", PlacesCell(("沙县区", "永安市"))),
        ("集美区、厦门火炬高新区", PlacesCell(("集美区", "厦门火炬高新区"))),
        ("丰泽区/晋江市，石狮市", PlacesCell(("丰泽区", "晋江市", "石狮市"))),
        ("翔安区 (规划)", PlacesCell(("翔安区",), notes=("规划",))),
        ("翔安区（规划）", PlacesCell(("翔安区",), notes=("规划",))),
        ("各有关地市", PlacesCell(("福建省",), province_wide=True)),
        ("各有关 地市 ", PlacesCell(("福建省",), province_wide=True)),
        ("-", PlacesCell(unknown=True)),
        ("", PlacesCell(unknown=True)),
        ("厦门市", PlacesCell(("厦门市",))),
        ("台商区、晋江", PlacesCell(("泉州台商投资区", "晋江市"))),
        ("丰泽区、丰泽", PlacesCell(("丰泽区",))),
        ("鲤城区、某某县", PlacesCell(("鲤城区",), unresolved=("某某县",))),
        ("某某 县", PlacesCell(unresolved=("某某", "县"))),
    ],
)
def test_resolve_places_cases(raw: str, expected: PlacesCell, regions: RegionTable) -> None:
    assert resolve_places(raw, regions) == expected


_SEPARATORS = st.sampled_from(["、", "/", "，", ",", "；"])


@given(data=st.data())
def test_resolve_places_survives_wrap_spaces(data: st.DataObject) -> None:
    table = RegionTable.default()
    names = [r.name for r in table if r.kind in (RegionKind.COUNTY, RegionKind.ZONE)]
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
    parts = []
    for name in chosen:
        cut = data.draw(st.integers(0, len(name)))
        gap = data.draw(st.sampled_from(["", " ", "\n"]))
        parts.append(name[:cut] + gap + name[cut:])
    raw = "".join(part + data.draw(_SEPARATORS) for part in parts[:-1]) + parts[-1]
    assert resolve_places(raw, table).regions == tuple(chosen)


# --- units -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("华侨大学、泉州装备制造研究所等", UnitsCell(("华侨大学", "泉州装备制造研究所"), True)),
        (
            "福建金石能源有限公司、南开大学等单位",
            UnitsCell(("福建金石能源有限公司", "南开大学"), True),
        ),
        (
            "福建正道量子 科技有限公司 /中科院空天 信息创新 研究院",
            UnitsCell(("福建正道量子科技有限公司", "中科院空天信息创新研究院")),
        ),
        ("三明学院/ 海斯福", UnitsCell(("三明学院", "海斯福"))),
        (
            "企业、高校， 科研机构;省内三甲医院；科协",
            UnitsCell(("企业", "高校", "科研机构", "省内三甲医院", "科协")),
        ),
        ("各县(市、 区)科协", UnitsCell(("各县(市、区)科协",))),
        ("各县（市、区）科协", UnitsCell(("各县(市、区)科协",))),
        (
            "福州数据技术研究院有限公司（市政府与清华大学共建）",
            UnitsCell(("福州数据技术研究院有限公司",), notes=("市政府与清华大学共建",)),
        ),
        (
            "福州市政府、 中国科学院海 西创新研究院 (中国科学院 福建物质结构 研究所)、福州 大学",
            UnitsCell(
                ("福州市政府", "中国科学院海西创新研究院", "福州大学"),
                notes=("中国科学院福建物质结构研究所",),
            ),
        ),
        # A bracket inside a name, or a short place qualifier at its end, is part of it.
        ("安踏（中国）有限公司", UnitsCell(("安踏(中国)有限公司",))),
        ("中国皮革和制鞋工业研究院（晋江）", UnitsCell(("中国皮革和制鞋工业研究院(晋江)",))),
        (
            "北京科复时代科技有限公司\n\n、京东云计算有限公司",
            UnitsCell(("北京科复时代科技有限公司", "京东云计算有限公司")),
        ),
        ("-", UnitsCell(())),
        ("IC 设计 公司", UnitsCell(("IC设计公司",))),
    ],
)
def test_split_units_cases(raw: str, expected: UnitsCell) -> None:
    assert split_units(raw) == expected


def test_remove_wrap_spaces_keeps_spaces_between_latin_words() -> None:
    assert remove_wrap_spaces("Smart Lab 实验 室") == "Smart Lab实验室"


_CJK_NAME = st.text(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=12
).filter(lambda s: not s.endswith(INCOMPLETE_MARKS) and s not in UNKNOWN_MARKS)


@given(names=st.lists(_CJK_NAME, min_size=1, max_size=5), separator=_SEPARATORS)
def test_split_units_round_trip(names: list[str], separator: str) -> None:
    assert split_units(separator.join(names)).names == tuple(names)


def test_provincial_unit_cells_split_without_empty_or_spaced_names() -> None:
    for row in fujian_table_rows():
        units = split_units(row[2])
        assert units.names, row[2]
        assert all(name and " " not in name for name in units.names), row[2]


# --- unit name matching ----------------------------------------------------------------

KNOWN_UNITS = (
    "泉州师范学院",
    "福建立亚新材料有限公司",
    "北京中科数遥信息技术有限公司",
    "中国科学院福建物质结构研究所",
    "福建省海上丝路时间中心运营有限公司",
    "福建金石能源有限公司",
    "泉州市科技局",
    "华侨大学",
    "清流经济开发区管理委员会",
    "福建晋锐能源有限公司",
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("泉州师院学院", "泉州师范学院"),  # the typo of 附件3 row 17
        ("泉州师院", "泉州师范学院"),
        ("福建立亚新材有限公司", "福建立亚新材料有限公司"),  # 附件3 row 48
        ("北京中科数遥信息技术有公司", "北京中科数遥信息技术有限公司"),  # 附件1 row 33
        ("中科院福建物构所", "中国科学院福建物质结构研究所"),
        ("海上丝路时间中心运营有限公司", "福建省海上丝路时间中心运营有限公司"),
        ("福建金石能源", "福建金石能源有限公司"),
        ("清流经济开发区管委会", "清流经济开发区管理委员会"),
        ("泉州市 科技局", "泉州市科技局"),
    ],
)
def test_match_unit_name_finds_typos_and_short_forms(name: str, expected: str) -> None:
    assert match_unit_name(name, KNOWN_UNITS) == expected


@pytest.mark.parametrize(
    "name",
    ["漳州市科技局", "福建金华能源有限公司", "华侨中学", "厦门大学", "企业", "", "泉州轻工学院"],
)
def test_match_unit_name_refuses_other_units(name: str) -> None:
    assert match_unit_name(name, KNOWN_UNITS) is None


def test_match_unit_name_needs_a_clear_winner() -> None:
    # Equally close to two known units: no confident match.
    assert (
        match_unit_name(
            "泉州甲乙丙丁有限公司", ["泉州甲乙丙丁戊有限公司", "泉州甲乙丙丁己有限公司"]
        )
        is None
    )


# --- start year, duplicates ------------------------------------------------------------


@pytest.mark.parametrize(
    ("end_year", "period_start", "expected"),
    [(2023, 2021, 2021), (2025, 2021, 2021), (2021, 2021, 2021), (2020, 2021, 2020)],
)
def test_infer_start_year(end_year: int, period_start: int, expected: int) -> None:
    assert infer_start_year(end_year, period_start) == expected


def test_find_duplicate_names_in_quanzhou_annexes() -> None:
    names = [row[1] for row in quanzhou_annex_rows("附件 4")]
    groups = find_duplicate_names(names)
    assert [[names[i] for i in group] for group in groups] == [
        ["硅基光调制器及光收发芯片产业化项目"] * 2
    ]


def test_find_duplicate_names_normalizes() -> None:
    names = [
        "百度云（福州）AI实验室",
        "清源",
        "百度云(福州) AI 实验室",
        "百度云[福州]AI实验室",
        "x",
    ]
    assert find_duplicate_names(names) == [(0, 2, 3)]
    assert find_duplicate_names(["a", "b"]) == []
    assert find_duplicate_names(["中心〔一期〕", "中心【一期】", "中心(一期)"]) == [(0, 1, 2)]


def test_normalize_name_unifies_dashes_and_brackets() -> None:
    assert normalize_name("福州大学—晋江 微电子研究院") == normalize_name(
        "福州大学－晋江微电子研究院"
    )
    assert normalize_name("三明·中关村科技园（一期）") == "三明·中关村科技园(一期)"


# --- linking the same project in two plans ---------------------------------------------


def test_names_match() -> None:
    assert names_match("清源创新实验室", "化学工程科学与技术 创新实验室 (清源创新实验室)") == 1.0
    assert names_match("正道量子通讯技术实验室", "正道量子通讯 技术实验室") == 1.0
    assert (
        names_match(
            "生物制品科学与技术创新实验室", "生物制品科学 与技术创新实验室 (翔安创新实验室) (筹建)"
        )
        == 1.0
    )
    assert 0.5 <= names_match("时空产业基地", "时空科创基地") < 0.85
    assert names_match("清源创新实验室", "能源材料科学与技术 创新实验室 (嘉庚创新实验室)") < 0.85
    assert names_match("", "清源创新实验室") == 0.0


# TEST FIXTURE, extracted by hand from quanzhou-st-14fyp.txt (附件1, 附件3) and
# fujian-st-14fyp.txt (表1, 表3, 表4): the ten projects both plans list, and rows that look
# alike but are different projects. Money in 万元.
CITY_FIXTURE: tuple[LinkRow, ...] = (
    ("清源创新实验室", ("福州大学", "中化泉州石化有限公司"), ("泉港区",), 315_000),
    (
        "泉州市云箭测控与感知技术创新研究院",
        ("泉州市科技局", "洛江区人民政府", "湖南云箭集团有限公司"),
        ("洛江区",),
        30_000,
    ),
    ("泉州光子技术协同创新研究院", ("泉州市金控集团", "泉州师范学院"), ("丰泽区",), 50_000),
    (
        "正道量子通讯技术实验室",
        ("福建正道量子科技有限公司", "中科院空天信息创新研究院"),
        ("丰泽区",),
        5_000,
    ),
    ("时空产业基地", ("福建省海上丝路时间中心运营有限公司",), ("丰泽区", "泉州台商投资区"), 78_000),
    (
        "先进高分子材料创新实验室",
        ("福建师范大学泉港石化研究院", "泉港区科技局"),
        ("泉港区",),
        20_000,
    ),
    ("泉州湖南大学工业设计与机器智能创新研究院", ("湖南大学",), ("泉州开发区",), 9_000),
    (
        "中国科学院大学福建学院智能制造学院",
        ("晋江市人民政府", "中国科学院大学"),
        ("晋江市",),
        200_000,
    ),
    ("福州大学－晋江微电子研究院", ("晋江市科教园区建设有限公司",), ("晋江市",), 10_000),
    ("石狮市海洋生物科技园", ("石狮高新区管委会",), ("石狮市",), 20_000),
    # look-alikes
    ("德润产业园", ("德润（福建）产业园运营有限公司",), ("泉州台商投资区",), 70_000),
    ("鞋服材料创新中心", ("黎明职业大学",), ("丰泽区",), 2_500),
    ("海上风电用防腐蚀涂料研发", ("信和新材料股份有限公司",), ("洛江区",), 5_000),
)
PROVINCE_FIXTURE: tuple[LinkRow, ...] = (
    (
        "能源材料科学与技术 创新实验室 (嘉庚创新实验室)",
        ("厦门市政府", "厦门大学"),
        ("厦门市",),
        200_000,
    ),
    (
        "化学工程科学与技术 创新实验室 (清源创新实验室)",
        ("泉州市政府", "福州大学", "中化泉州石化有限公司"),
        ("泉州市",),
        320_000,
    ),
    (
        "先进高分子材料 创新实验室",
        ("福建师范大学泉港石化研究院", "泉港区科技局"),
        ("泉港区",),
        20_000,
    ),
    ("泉州市云箭测控与感知技术创新研究院", ("泉州市云箭技术创新研究院",), ("洛江区",), 30_000),
    ("泉州光子技术协同创新研究院", ("泉州师范学院",), ("丰泽区",), 50_000),
    (
        "泉州湖南大学工业设计与机器智能创新研究院",
        ("泉州湖南大学工业设计与机器智能创新研究院",),
        ("泉州开发区",),
        9_000,
    ),
    ("中国科学院大学福建学院智能制造学院", ("晋江市人民政府",), ("晋江市",), 200_000),
    ("福州大学—晋江 微电子研究院", ("福州大学",), ("晋江市",), 10_000),
    (
        "正道量子通讯 技术实验室",
        ("福建正道量子科技有限公司", "中科院空天信息创新研究院"),
        ("丰泽区",),
        5_000,
    ),
    ("国家氟新材料协 同创新中心", ("三明学院", "海斯福"), ("三元区",), 20_000),
    ("智能产业园", ("金山工业园区管委会",), ("仓山区",), 320_000),
    ("石狮市海洋生物科技园", ("石狮高新区管委会",), ("石狮市",), 20_000),
    ("时空科创基地", ("福建省海上丝路时间中心运营有限公司",), ("丰泽区",), 78_000),
    # Invented for the test: same unit, money and place as a city row, unrelated name.
    ("环保型轨道交通涂料研究", ("信和新材料股份有限公司",), ("洛江区",), 5_000),
    # Invented: the same name as a city row but in another city.
    ("石狮市海洋生物科技园", ("石狮高新区管委会",), ("厦门市",), 20_000),
)
EXPECTED_FIXTURE_LINKS = {
    (0, 1),
    (1, 3),
    (2, 4),
    (3, 8),
    (4, 12),
    (5, 2),
    (6, 5),
    (7, 6),
    (8, 7),
    (9, 11),
}


def test_link_candidates_on_fixture(regions: RegionTable) -> None:
    links = link_candidates(CITY_FIXTURE, PROVINCE_FIXTURE, regions=regions)
    assert {(i, j) for i, j, _ in links} == EXPECTED_FIXTURE_LINKS
    reasons = {(i, j): reason for i, j, reason in links}
    same_name = reasons[(0, 1)]
    assert same_name.zh.startswith("名称相同") and same_name.en.startswith("same name")
    assert "本规划 31.5 亿元，另一规划 32 亿元" in same_name.zh
    assert "31.5 亿元 here, 32 亿元 in the other plan" in same_name.en
    assert "same unit 福建省海上丝路时间中心运营有限公司" in reasons[(4, 12)].en
    assert "7.8 亿元" in reasons[(4, 12)].zh and "单位、投资、地点相同" in reasons[(4, 12)].zh
    for reason in reasons.values():  # each stored as one message of two halves
        assert " / " not in reason.zh + reason.en
        assert not re.search(r"[A-Za-z]{3,}", reason.zh.replace("亿元", ""))


def test_link_candidates_without_places_or_money(regions: RegionTable) -> None:
    city: tuple[LinkRow, ...] = (
        ("时空产业基地", ("甲公司",), (), 78_000),
        ("清源创新实验室", (), (), None),
    )
    province: tuple[LinkRow, ...] = (
        ("时空科创基地", ("甲公司",), (), 78_000),
        ("清源创新实验室", (), (), None),
    )
    # A name match stands without places; unit + money needs places that agree.
    assert [(i, j) for i, j, _ in link_candidates(city, province, regions=regions)] == [(1, 1)]


def test_link_candidates_over_both_documents(regions: RegionTable) -> None:
    city_rows = [
        (
            row[1],
            split_units(row[5]).names,
            resolve_places(row[-1], regions).regions,
            parse_money(row[3]),
        )
        for row in quanzhou_annex_rows("附件 4")
    ]
    province_rows = [
        (
            row[1],
            split_units(row[2]).names,
            resolve_places(row[6], regions).regions,
            parse_money(row[4]),
        )
        for row in fujian_table_rows()
    ]
    links = link_candidates(city_rows, province_rows, regions=regions)
    pairs = {(city_rows[i][0], normalize_name(province_rows[j][0])) for i, j, _ in links}
    assert pairs == {
        ("清源创新实验室", normalize_name("化学工程科学与技术创新实验室(清源创新实验室)")),
        ("泉州市云箭测控与感知技术创新研究院", "泉州市云箭测控与感知技术创新研究院"),
        ("泉州光子技术协同创新研究院", "泉州光子技术协同创新研究院"),
        ("正道量子通讯技术实验室", "正道量子通讯技术实验室"),
        ("时空产业基地", "时空科创基地"),
        ("先进高分子材料创新实验室", "先进高分子材料创新实验室"),
        ("泉州湖南大学工业设计与机器智能创新研究院", "泉州湖南大学工业设计与机器智能创新研究院"),
        ("中国科学院大学福建学院智能制造学院", "中国科学院大学福建学院智能制造学院"),
        ("福州大学－晋江微电子研究院", "福州大学-晋江微电子研究院"),
        ("石狮市海洋生物科技园", "石狮市海洋生物科技园"),
    }
    assert len(links) == 10


_NAME_PARTS = st.sampled_from(
    ["清源", "创新", "实验室", "泉州", "中心", "(", ")", " ", "基地", "时空"]
)


@given(
    st.lists(st.lists(_NAME_PARTS, max_size=8).map("".join), max_size=12),
    st.lists(st.lists(_NAME_PARTS, max_size=8).map("".join), max_size=12),
)
def test_link_prefilter_keeps_every_pair_whose_names_may_link(a: list[str], b: list[str]) -> None:
    """The pairs the linker scores exactly include every pair that reaches the threshold."""
    from portfolio.normalize import NAME_SUPPORT_THRESHOLD, _name_candidates, names_match

    kept = _name_candidates(a, b)
    for i, name_a in enumerate(a):
        for j, name_b in enumerate(b):
            if names_match(name_a, name_b) >= NAME_SUPPORT_THRESHOLD:
                assert j in kept.get(i, set()), (name_a, name_b)
