"""Build ``regions.csv`` from the national division codes and Fujian's hand-kept rows.

    python3 data/build_regions.py          # rewrite data/regions.csv
    python3 data/build_regions.py --check  # exit 1 if data/regions.csv is not what it builds

Inputs: ``sources/divisions/{provinces,cities,areas}.csv`` (the National Bureau of Statistics'
2023 statistical division codes as published by github.com/modood/Administrative-divisions-of-China;
see ``sources/PROVENANCE.md``) and the home province's rows of the current ``regions.csv``
(Fujian: its development zones, aliases and 平潭 are choices written by hand, kept as they are
and only given their province and code). Every other province, prefecture-level division and
county-level division comes from the codes by the rules of ``REGIONS.md`` ("How the rest of
China is derived"). The build refuses (exit 2) when the codes and the hand-kept rows disagree
or when a name would answer for two places where it must not.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent
DIVISIONS = DATA / "sources" / "divisions"
HOME_CODE = "35"  # 福建省: the province whose rows are written by hand
HEADER = ("name", "kind", "city", "aliases", "province", "code")
# Rows of cities.csv that stand for no city: a municipality's districts and counties, or the
# county-level divisions a province administers directly.
MUNICIPAL_PLACEHOLDERS = {"市辖区", "县"}
DIRECT_PLACEHOLDERS = {"省直辖县级行政区划", "自治区直辖县级行政区划"}
# Suffixes dropped to make a county's short name (浦东新区 → 浦东, 晋江市 → 晋江).
LONG_SUFFIXES = ("新区", "林区", "特区", "矿区")
SHORT_SUFFIXES = ("区", "县", "市", "旗")
MIN_SHORT = 2  # a short name of one character (城区 → 城) names nothing


class BuildError(Exception):
    """The sources and the hand-kept rows cannot make a consistent table."""


@dataclass
class Row:
    """One row of ``regions.csv``."""

    name: str
    kind: str
    city: str
    aliases: list[str]
    province: str
    code: str
    official: str = ""  # the name in the national list, before any qualification
    parent: str = ""  # the city, or the province for what it administers directly
    shorts: list[str] = field(default_factory=list)  # short names wanted, kept if unique

    def cells(self) -> tuple[str, ...]:
        return (self.name, self.kind, self.city, "|".join(self.aliases), self.province, self.code)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def province_short(name: str) -> str:
    """湖北省 → 湖北, 北京市 → 北京, 广西壮族自治区 → 广西, 内蒙古自治区 → 内蒙古."""
    return re.sub(r"(省|市|(壮族|回族|维吾尔)?自治区)$", "", name)


def city_short(name: str) -> str:
    """武汉市 → 武汉, 锡林郭勒盟 → 锡林郭勒; autonomous prefectures and 地区 keep none (their
    short forms vary: 恩施州, 阿克苏 is also a county-level city)."""
    match = re.fullmatch(r"(.{2,}?)(市|盟)", name)
    return match.group(1) if match and "自治" not in name else ""


def county_short(name: str) -> str:
    """晋江市 → 晋江, 浦东新区 → 浦东; none for autonomous counties and banners, for names
    that would keep one character, or that would end in 等 (read as 'and others')."""
    if "自治" in name:
        return ""
    for suffix in LONG_SUFFIXES + SHORT_SUFFIXES:
        if name.endswith(suffix):
            short = name[: -len(suffix)]
            ok = len(short) >= MIN_SHORT and not short.endswith("等")
            return short if ok else ""
    return ""


def home_rows(current: Path) -> list[Row]:
    """The home province's rows of the current table, as written (4 or 6 columns)."""
    with current.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = tuple(rows[0]), rows[1:]
    if header[:4] != HEADER[:4]:
        raise BuildError(f"{current}: unexpected header {header}")
    province = next(cells[0] for cells in body if cells[1] == "province")
    kept = []
    for cells in body:
        name, kind, city, aliases = cells[:4]
        in_province = cells[4] if len(cells) > 4 else (province if kind != "province" else "")
        if name != province and in_province != province:
            break  # the home block ends where the next province begins
        kept.append(Row(name, kind, city, [a for a in aliases.split("|") if a], in_province, ""))
    return kept


def build(divisions: Path = DIVISIONS, current: Path = DATA / "regions.csv") -> str:
    """The text of ``regions.csv`` built from the codes and the home rows."""
    provinces = {r["code"]: r["name"] for r in read_csv(divisions / "provinces.csv")}
    cities = {r["code"]: r for r in read_csv(divisions / "cities.csv")}
    areas = read_csv(divisions / "areas.csv")
    home = home_rows(current)
    _give_home_codes(home, provinces, cities, areas)
    others = _national_rows(provinces, cities, areas)
    _qualify_duplicates(home, others)
    _keep_unique_shorts(home, others)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(row.cells() for row in home + others)
    return out.getvalue()


def _give_home_codes(
    home: list[Row],
    provinces: dict[str, str],
    cities: dict[str, dict[str, str]],
    areas: list[dict[str, str]],
) -> None:
    """Codes of the home rows by name; the home counties must be exactly the listed ones."""
    codes = {provinces[HOME_CODE]: HOME_CODE + "0000"}
    codes |= {c["name"]: code + "00" for code, c in cities.items() if code[:2] == HOME_CODE}
    listed = {a["name"]: a["code"] for a in areas if a["provinceCode"] == HOME_CODE}
    codes |= listed
    kept_counties = {row.name for row in home if row.kind == "county"}
    if kept_counties != set(listed):
        raise BuildError(
            f"the codes list {sorted(set(listed) - kept_counties)} and not "
            f"{sorted(kept_counties - set(listed))}: update the home rows by hand first"
        )
    for row in home:
        row.code = codes.get(row.name, "") if row.kind != "zone" else ""
        row.official = row.name
        row.parent = row.city or row.province


def _national_rows(
    provinces: dict[str, str], cities: dict[str, dict[str, str]], areas: list[dict[str, str]]
) -> list[Row]:
    """Every province but the home one, with its cities, counties and listed zones."""
    by_province: dict[str, list[dict[str, str]]] = defaultdict(list)
    for area in areas:
        by_province[area["provinceCode"]].append(area)
    rows: list[Row] = []
    for pcode, pname in sorted(provinces.items()):
        if pcode == HOME_CODE:
            continue
        rows.append(Row(pname, "province", "", [], "", pcode + "0000", pname, "", []))
        rows[-1].shorts = [province_short(pname)]
        own = {c: v for c, v in cities.items() if v["provinceCode"] == pcode}
        real = {c: v["name"] for c, v in own.items() if v["name"] not in _PLACEHOLDERS}
        for code, name in sorted(real.items()):
            rows.append(Row(name, "city", "", [], pname, code + "00", name, pname))
            rows[-1].shorts = [city_short(name)]
        municipality = not real
        for area in sorted(by_province[pcode], key=lambda a: a["code"]):
            rows.extend(_county_row(area, own, real, pname, municipality))
    return rows


_PLACEHOLDERS = MUNICIPAL_PLACEHOLDERS | DIRECT_PLACEHOLDERS


def _county_row(
    area: dict[str, str],
    own: dict[str, dict[str, str]],
    real: dict[str, str],
    province: str,
    municipality: bool,
) -> list[Row]:
    name, code = area["name"], area["code"]
    city_name = own[area["cityCode"]]["name"]
    if name == city_name:
        return []  # 东莞市, 中山市, 儋州市, 嘉峪关市: a city with no county-level division
    if area["cityCode"] in real:
        city = real[area["cityCode"]]
    elif municipality and city_name in MUNICIPAL_PLACEHOLDERS:
        city = province  # a municipality's districts and counties belong to it
    elif city_name in DIRECT_PLACEHOLDERS:
        city = ""  # administered by the province directly (仙桃市, 济源市, 五指山市)
    else:
        raise BuildError(f"{code} {name}: unknown parent {city_name}")
    # NBS codes 71-80 in a city are its development zones (statistics only, not in law).
    kind = "zone" if city and 71 <= int(code[4:6]) <= 80 else "county"
    row = Row(name, kind, city, [], province, code, name, city or province)
    if kind == "county":
        row.shorts = [county_short(name)]
    return [row]


def _qualify_duplicates(home: list[Row], others: list[Row]) -> None:
    """Names answering for two places: the home rows keep theirs, every other county is
    named with its parent (南京市鼓楼区); its bare name still finds it within its province."""
    taken: Counter[str] = Counter(row.name for row in home + others)
    home_keys = {key for row in home for key in [row.name, *row.aliases]}
    for row in others:
        if row.kind == "county" and (taken[row.name] > 1 or row.name in home_keys):
            if row.name.startswith(row.parent):
                raise BuildError(f"{row.code} {row.name} already starts with {row.parent}")
            row.name = row.parent + row.name
    names = Counter(row.name for row in home + others)
    if repeated := [name for name, n in names.items() if n > 1]:
        raise BuildError(f"names still repeated: {repeated}")


def _keep_unique_shorts(home: list[Row], others: list[Row]) -> None:
    """A short name becomes an alias when no other place answers to it; a province's short
    name (吉林) wins over a city's."""
    keys: Counter[str] = Counter()
    for row in home + others:
        keys.update({row.name, row.official, row.parent + row.official, *row.aliases})
    wanted: dict[str, list[Row]] = defaultdict(list)
    for row in others:
        for short in row.shorts:
            if short:
                wanted[short].append(row)
    for short, rows in wanted.items():
        provinces = [row for row in rows if row.kind == "province"]
        takers = provinces or rows
        if len(takers) == 1 and keys[short] == 0:
            takers[0].aliases.append(short)


def main() -> int:
    """Rewrite ``regions.csv``, or with ``--check`` say whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    target = DATA / "regions.csv"
    try:
        text = build()
    except BuildError as exc:
        print(f"cannot build {target.name}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        same = target.read_text(encoding="utf-8") == text
        print(f"{target.name} is {'up to date' if same else 'out of date'}")
        return 0 if same else 1
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
