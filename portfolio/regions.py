"""The administrative geography of China as the plans use it.

The region table (``data/regions.csv``) lists every province, prefecture-level division and
county-level division of China from the national division codes, with the development zones
that plans name as places; Fujian's rows, zones and aliases are kept by hand (see
``data/REGIONS.md`` for the sources and the choices made). Every place cell of a plan table
is resolved against it, so that money can be spread over counties and cities.

A canonical name identifies one region. A place as written may answer for several (鼓楼区 is
in 福州, 南京, 开封 and 徐州): :meth:`RegionTable.resolve` then looks within the plan's own
city, then its province, and otherwise returns every candidate, for the caller to refuse.
"""

from __future__ import annotations

import csv
import functools
import io
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from portfolio.paths import data_dir

REGIONS_FILE = "regions.csv"
ALIAS_SEPARATOR = "|"
_HEADER = ("name", "kind", "city", "aliases")
_FULL_HEADER = (*_HEADER, "province", "code")


class RegionKind(StrEnum):
    """What a region is in law or in practice."""

    PROVINCE = "province"  # province, autonomous region or municipality (直辖市)
    CITY = "city"  # prefecture-level division: 设区市, 地区, 自治州, 盟
    COUNTY = "county"  # county-level division: district 区, county-level city 市, county 县
    ZONE = "zone"  # development zone managed like a county (开发区, 高新区, 投资区, 实验区)


_KINDS = {kind.value: kind for kind in RegionKind}
# How like a name must be to be offered from anywhere in China (of 100; from the plan's own
# province: 60): short county names (丰县, 义县) are otherwise offered for any unknown 县.
CLOSE_ANYWHERE = 85


class RegionTableError(ValueError):
    """A region table that is inconsistent (unknown kind, duplicate name, unknown city)."""


@dataclass(frozen=True)
class Region:
    """One place of the region table.

    ``city`` is the prefecture-level city a county or a zone belongs to (a municipality's
    districts name the municipality; a county the province administers directly has none);
    it is empty for provinces and cities. ``province`` (empty for a province) and ``code``
    (the 6-digit division code, empty for zones not in the national list) describe the
    region; its name alone identifies it.
    """

    name: str
    kind: RegionKind
    city: str = ""
    province: str = field(default="", compare=False)
    code: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.name:
            raise RegionTableError("a region needs a name")
        in_city = self.kind in (RegionKind.COUNTY, RegionKind.ZONE)
        if in_city and not (self.city or self.province):
            raise RegionTableError(f"{self.kind.value} {self.name} needs its city")
        if not in_city and self.city:
            raise RegionTableError(f"{self.kind.value} {self.name} cannot belong to a city")
        if self.kind is RegionKind.PROVINCE and self.province:
            raise RegionTableError(f"province {self.name} cannot belong to a province")

    @property
    def parent(self) -> str:
        """The city a county or zone is in, else the province of a city, a county it
        administers directly, or a municipality's district; empty for a province."""
        return self.city or self.province


def closest_places(name: str, everywhere: Iterable[str], nearby: Iterable[str]) -> list[str]:
    """The names most like an unknown place: very close ones from ``everywhere`` (南京市鼓楼区
    for 南京鼓楼区), else the closest ``nearby`` (the places of the plan's province)."""
    from portfolio.scenarios.suggest import closest  # rapidfuzz, only when asked

    return closest(name, everywhere, min_score=CLOSE_ANYWHERE) or closest(name, nearby)


def _key(text: str) -> str:
    # Full-width brackets and digits as typed in documents must find the same entry.
    return unicodedata.normalize("NFKC", text).strip()


def _derived_keys(region: Region) -> tuple[str, ...]:
    """Names a region answers to besides its own and its aliases: a county with its parent
    before it (福州市鼓楼区) or, when the table names it so, without (南京市鼓楼区 → 鼓楼区);
    a city with its province before it (湖北省武汉市)."""
    parent = region.parent
    if region.kind is RegionKind.CITY:
        return (parent + region.name,)
    if region.kind is not RegionKind.COUNTY or not parent:
        return ()
    if region.name.startswith(parent) and len(region.name) > len(parent):
        return (region.name[len(parent) :],)
    return (parent + region.name,)


@dataclass(frozen=True)
class _Index:
    keys: dict[str, tuple[Region, ...]]  # every name a region answers to → those regions
    aliases: dict[str, list[str]]  # canonical name → its aliases in table order
    counties: dict[str, list[Region]]  # city or municipality → its counties and zones


class RegionTable:
    """Regions by name and alias, in the order of the table. The first province is the home
    province: the one of plans and places that do not say theirs."""

    def __init__(self, regions: tuple[Region, ...], aliases: dict[str, str]) -> None:
        """Build a table from regions and an alias → canonical-name mapping; checks both.

        Names are taken NFKC-normalized, as :meth:`load` reads them."""
        self._by_name: dict[str, Region] = {}
        for region in regions:
            if region.name in self._by_name:
                raise RegionTableError(f"region {region.name} is listed twice")
            self._by_name[region.name] = region
        self._regions = self._with_provinces(regions)
        self._by_name = {r.name: r for r in self._regions}
        self._check_parents()
        self._aliases: dict[str, str] = {}
        for alias, name in aliases.items():
            key = _key(alias)
            if key in self._by_name:
                raise RegionTableError(f"alias {alias} is also the name of a region")
            if key in self._aliases and self._aliases[key] != name:
                raise RegionTableError(f"alias {alias} names both {self._aliases[key]} and {name}")
            if name not in self._by_name:
                raise RegionTableError(f"alias {alias} points to unknown region {name}")
            self._aliases[key] = name
        self._municipalities = {r.city for r in self._regions if r.city and r.city == r.province}

    def _with_provinces(self, regions: tuple[Region, ...]) -> tuple[Region, ...]:
        """Regions with their province filled in where the table leaves it to be inferred:
        from the city, or the only province of a table that has one."""
        if all(r.province or r.kind is RegionKind.PROVINCE for r in regions):
            return regions
        provinces = [r.name for r in regions if r.kind is RegionKind.PROVINCE]
        only = provinces[0] if len(provinces) == 1 else ""
        filled = []
        for region in regions:
            if region.kind is not RegionKind.PROVINCE and not region.province:
                city = self._by_name.get(region.city) if region.city else None
                province = city.province if city is not None and city.province else only
                if region.kind is RegionKind.CITY or region.city:
                    region = replace(region, province=province)
            filled.append(region)
        return tuple(filled)

    def _check_parents(self) -> None:
        by_name = self._by_name
        for region in self._regions:
            province = by_name.get(region.province) if region.province else None
            if region.province and (province is None or province.kind is not RegionKind.PROVINCE):
                raise RegionTableError(f"{region.name}: {region.province} is not a province")
            if not region.city:
                continue
            city = by_name.get(region.city)
            municipality = city is not None and city.kind is RegionKind.PROVINCE
            if municipality and region.city != region.province:
                raise RegionTableError(f"{region.name}: {region.city} is another province")
            if city is None or (city.kind is not RegionKind.CITY and not municipality):
                raise RegionTableError(f"{region.name}: {region.city} is not a city of the table")
            if city.kind is RegionKind.CITY and city.province != region.province:
                raise RegionTableError(f"{region.name}: {region.city} is in another province")

    @functools.cached_property
    def _index(self) -> _Index:
        # Built at the first lookup that needs it, not when the table is read: most commands
        # only look up canonical names.
        keys: dict[str, list[Region]] = {}
        alias_list: dict[str, list[str]] = defaultdict(list)
        for alias, name in self._aliases.items():
            keys.setdefault(alias, []).append(self._by_name[name])
            alias_list[name].append(alias)
        counties: dict[str, list[Region]] = defaultdict(list)
        for region in self._regions:
            for key in (region.name, *_derived_keys(region)):
                found = keys.setdefault(key, [])
                if not found or found[-1] is not region:
                    found.append(region)
            if region.city:
                counties[region.city].append(region)
        return _Index({key: tuple(found) for key, found in keys.items()}, alias_list, counties)

    @classmethod
    def load(cls, path: Path | str) -> RegionTable:
        """Read a region table from a UTF-8 CSV with header ``name,kind,city,aliases`` and,
        optionally, ``province,code`` (a table without them has one province).

        Aliases are separated by ``|``. Raises :class:`RegionTableError` on a bad file.
        """
        regions: list[Region] = []
        aliases: dict[str, str] = {}
        # One normalization of the whole text, not one per cell: the table is read at start.
        text = _key(Path(path).read_text(encoding="utf-8"))
        reader = csv.reader(io.StringIO(text, newline=""))
        header = tuple(next(reader, ()))
        if header not in (_HEADER, _FULL_HEADER):
            raise RegionTableError(f"{path}: header must be {','.join(_FULL_HEADER)}")
        width = len(header)
        for line_no, cells in enumerate(reader, start=2):
            if len(cells) != width:
                if not "".join(cells).strip():
                    continue
                raise RegionTableError(f"{path}:{line_no}: expected {width} cells")
            name, kind, city, alias_cell, *more = map(str.strip, cells)
            if not name and not "".join(cells).strip():
                continue
            region_kind = _KINDS.get(kind)
            if region_kind is None:
                raise RegionTableError(f"{path}:{line_no}: unknown kind “{kind}”")
            regions.append(Region(name, region_kind, city, *more))
            for alias in alias_cell.split(ALIAS_SEPARATOR) if alias_cell else ():
                if alias := alias.strip():
                    if alias in aliases:
                        raise RegionTableError(f"{path}:{line_no}: alias {alias} repeated")
                    aliases[alias] = name
        return cls(tuple(regions), aliases)

    @classmethod
    def default(cls) -> RegionTable:
        """The bundled table: ``$PORTFOLIO_DATA_DIR/regions.csv`` if that variable is set,
        else ``data/regions.csv`` of the repository. Loaded once per path."""
        return _load_cached(str((data_dir() / REGIONS_FILE).resolve()))

    def __iter__(self) -> Iterator[Region]:
        return iter(self._regions)

    def __len__(self) -> int:
        return len(self._regions)

    @property
    def regions(self) -> tuple[Region, ...]:
        """All regions in table order."""
        return self._regions

    @property
    def province(self) -> Region:
        """The home province: the first of the table."""
        for region in self._regions:
            if region.kind is RegionKind.PROVINCE:
                return region
        raise RegionTableError("the region table has no province")

    def lookup(self, name: str) -> Region | None:
        """The region with this canonical name, alias or other name it alone answers to
        (NFKC-normalized, trimmed), else ``None``: a name of several regions finds none.

        >>> RegionTable.default().lookup("晋江").name
        '晋江市'
        """
        key = _key(name)
        region = self._by_name.get(key)
        if region is None and key in self._aliases:
            region = self._by_name[_key(self._aliases[key])]
        if region is None and len(found := self._index.keys.get(key, ())) == 1:
            region = found[0]
        return region

    def resolve(self, name: str, within: str | None = None) -> tuple[Region, ...]:
        """The regions a place as written in a plan of ``within`` (a region's name; the home
        province if not given) may mean: none when unknown, one when it is clear, else every
        candidate. A name several regions answer to means the one in ``within``'s city, else
        the one in its province.

        >>> [r.name for r in RegionTable.default().resolve("鼓楼区", within="南京市")]
        ['南京市鼓楼区']
        >>> len(RegionTable.default().resolve("鼓楼区", within="湖北省"))
        4
        """
        found = self._index.keys.get(_key(name), ())
        if len(found) < 2:
            return found
        home = self.lookup(within) if within else self.province
        scopes = [self.city_of(home.name), home.province or home.name] if home else []
        for scope in dict.fromkeys(s for s in scopes if s):
            inside = tuple(r for r in found if self.covers(scope, r.name))
            if inside:
                return inside if len(inside) == 1 else found
        return found

    def qualified(self, region: Region) -> str:
        """A county's name with its parent before it (福州市鼓楼区, 湖北省仙桃市), as a
        message offers it among candidates; other regions' canonical names."""
        if region.kind is RegionKind.COUNTY and not region.name.startswith(region.parent):
            return region.parent + region.name
        return region.name

    def suggestions(self, name: str, within: str | None = None) -> list[str]:
        """The names most like an unknown ``name``, as a place may be written: among the
        names very close anywhere (with their city: 南京市鼓楼区), else the closest of the
        places of ``within``'s province (the home province if not given) and the provinces."""
        home = self.lookup(within) if within else self.province
        province = (home.province or home.name) if home else ""
        nearby = [
            r.name
            for r in self._regions
            if province in (r.name, r.province) or r.kind is RegionKind.PROVINCE
        ]
        everywhere = {written for r in self._regions for written in (r.name, self.qualified(r))}
        return closest_places(name, everywhere, nearby)

    def aliases_of(self, name: str) -> tuple[str, ...]:
        """The aliases of a region (by name or alias), in table order; ``()`` if unknown."""
        region = self.lookup(name)
        return tuple(self._index.aliases.get(_key(region.name), ())) if region else ()

    @functools.cached_property
    def unambiguous_aliases(self) -> dict[str, tuple[str, ...]]:
        """By canonical name, every other name that finds the region alone: its aliases and
        the names derived from its parent, but none another region answers to as well."""
        keys = self._index.keys
        found: dict[str, tuple[str, ...]] = {}
        for region in self._regions:
            candidates = (*self._index.aliases.get(region.name, ()), *_derived_keys(region))
            found[region.name] = tuple(
                key
                for key in dict.fromkeys(candidates)
                if len(keys.get(key, ())) == 1
                and keys[key][0] is region
                and key not in self._by_name
            )
        return found

    def counties_of(self, city: str, *, include_zones: bool = False) -> tuple[Region, ...]:
        """The county-level divisions of a city or municipality (name or alias), in table
        order; with ``include_zones`` also the development zones under it. Else ``()``."""
        region = self.lookup(city)
        if region is None or region.kind not in (RegionKind.CITY, RegionKind.PROVINCE):
            return ()
        kinds = {RegionKind.COUNTY, RegionKind.ZONE} if include_zones else {RegionKind.COUNTY}
        return tuple(r for r in self._index.counties.get(region.name, ()) if r.kind in kinds)

    def city_of(self, name: str) -> str | None:
        """The prefecture-level city of a county or zone; a city is its own city, as are a
        municipality and a county the province administers directly; ``None`` for other
        provinces and for names not in the table."""
        region = self.lookup(name)
        if region is None:
            return None
        if region.kind is RegionKind.PROVINCE:
            return region.name if region.name in self._municipalities else None
        return region.city or region.name

    def province_of(self, name: str) -> str | None:
        """The province a region lies in (a province is its own); ``None`` if unknown."""
        region = self.lookup(name)
        if region is None:
            return None
        return region.province or region.name

    def covers(self, area: str, place: str) -> bool:
        """Whether ``place`` lies in ``area``: the same region, a province over anything in
        it, or a city over its counties and zones. Unknown names cover nothing."""
        outer, inner = self.lookup(area), self.lookup(place)
        if outer is None or inner is None:
            return False
        if outer == inner:
            return True
        if outer.kind is RegionKind.PROVINCE:
            return inner.province == outer.name
        return outer.kind is RegionKind.CITY and inner.city == outer.name


@functools.lru_cache(maxsize=8)
def _load_cached(path: str) -> RegionTable:
    return RegionTable.load(path)
