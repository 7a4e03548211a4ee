"""The administrative geography of Fujian as the plans use it.

The region table (``data/regions.csv``) lists the province, its prefecture-level cities, its
county-level divisions and the development zones that the plans name as places (see
``data/REGIONS.md`` for the sources and the choices made). Every place cell of a plan table
is resolved against it, so that money can be spread over counties and cities.
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from portfolio.paths import data_dir

REGIONS_FILE = "regions.csv"
ALIAS_SEPARATOR = "|"
_HEADER = ("name", "kind", "city", "aliases")


class RegionKind(StrEnum):
    """What a region is in law or in practice."""

    PROVINCE = "province"
    CITY = "city"  # prefecture-level city (设区市)
    COUNTY = "county"  # county-level division: district 区, county-level city 市, county 县
    ZONE = "zone"  # development zone managed like a county (开发区, 高新区, 投资区, 实验区)


class RegionTableError(ValueError):
    """A region table that is inconsistent (unknown kind, duplicate name, unknown city)."""


@dataclass(frozen=True)
class Region:
    """One place of the region table.

    ``city`` is the prefecture-level city a county or a zone belongs to; it is empty for the
    province and for the cities themselves.
    """

    name: str
    kind: RegionKind
    city: str = ""

    def __post_init__(self) -> None:
        if not self.name:
            raise RegionTableError("a region needs a name")
        needs_city = self.kind in (RegionKind.COUNTY, RegionKind.ZONE)
        if needs_city and not self.city:
            raise RegionTableError(f"{self.kind.value} {self.name} needs its city")
        if not needs_city and self.city:
            raise RegionTableError(f"{self.kind.value} {self.name} cannot belong to a city")


def _key(text: str) -> str:
    # Full-width brackets and digits as typed in documents must find the same entry.
    return unicodedata.normalize("NFKC", text).strip()


class RegionTable:
    """Regions by name and alias, in the order of the table."""

    def __init__(self, regions: tuple[Region, ...], aliases: dict[str, str]) -> None:
        """Build a table from regions and an alias → canonical-name mapping; checks both."""
        self._regions = regions
        self._by_name: dict[str, Region] = {}
        for region in regions:
            key = _key(region.name)
            if key in self._by_name:
                raise RegionTableError(f"region {region.name} is listed twice")
            self._by_name[key] = region
        for region in regions:
            if region.city and self._kind_of(region.city) is not RegionKind.CITY:
                raise RegionTableError(f"{region.name}: {region.city} is not a city of the table")
        self._aliases: dict[str, str] = {}
        for alias, name in aliases.items():
            key = _key(alias)
            if key in self._by_name:
                raise RegionTableError(f"alias {alias} is also the name of a region")
            if key in self._aliases and self._aliases[key] != name:
                raise RegionTableError(f"alias {alias} names both {self._aliases[key]} and {name}")
            if _key(name) not in self._by_name:
                raise RegionTableError(f"alias {alias} points to unknown region {name}")
            self._aliases[key] = name

    def _kind_of(self, name: str) -> RegionKind | None:
        region = self._by_name.get(_key(name))
        return region.kind if region else None

    @classmethod
    def load(cls, path: Path | str) -> RegionTable:
        """Read a region table from a UTF-8 CSV with header ``name,kind,city,aliases``.

        Aliases are separated by ``|``. Raises :class:`RegionTableError` on a bad file.
        """
        regions: list[Region] = []
        aliases: dict[str, str] = {}
        with Path(path).open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = tuple(next(reader, ()))
            if header != _HEADER:
                raise RegionTableError(f"{path}: header must be {','.join(_HEADER)}")
            for line_no, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(_HEADER):
                    raise RegionTableError(f"{path}:{line_no}: expected {len(_HEADER)} cells")
                name, kind, city, alias_cell = (_key(cell) for cell in cells)
                try:
                    region_kind = RegionKind(kind)
                except ValueError:
                    raise RegionTableError(f"{path}:{line_no}: unknown kind “{kind}”") from None
                regions.append(Region(name, region_kind, city))
                for alias in alias_cell.split(ALIAS_SEPARATOR):
                    if alias.strip():
                        if _key(alias) in aliases:
                            raise RegionTableError(f"{path}:{line_no}: alias {alias} repeated")
                        aliases[_key(alias)] = name
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
        """The province the table covers."""
        for region in self._regions:
            if region.kind is RegionKind.PROVINCE:
                return region
        raise RegionTableError("the region table has no province")

    def lookup(self, name: str) -> Region | None:
        """The region with this name or alias (NFKC-normalized, trimmed), else ``None``.

        >>> RegionTable.default().lookup("晋江").name
        '晋江市'
        """
        key = _key(name)
        region = self._by_name.get(key)
        if region is None and key in self._aliases:
            region = self._by_name[_key(self._aliases[key])]
        return region

    def aliases_of(self, name: str) -> tuple[str, ...]:
        """The aliases of a region (by name or alias), in table order; ``()`` if unknown."""
        region = self.lookup(name)
        if region is None:
            return ()
        return tuple(alias for alias, target in self._aliases.items() if target == region.name)

    def counties_of(self, city: str, *, include_zones: bool = False) -> tuple[Region, ...]:
        """The county-level divisions of a city (name or alias), in table order; with
        ``include_zones`` also the development zones placed under it. Unknown city: ``()``."""
        region = self.lookup(city)
        if region is None or region.kind is not RegionKind.CITY:
            return ()
        kinds = {RegionKind.COUNTY, RegionKind.ZONE} if include_zones else {RegionKind.COUNTY}
        return tuple(r for r in self._regions if r.city == region.name and r.kind in kinds)

    def city_of(self, name: str) -> str | None:
        """The prefecture-level city of a county or zone; a city is its own city; ``None``
        for the province and for names not in the table."""
        region = self.lookup(name)
        if region is None or region.kind is RegionKind.PROVINCE:
            return None
        return region.name if region.kind is RegionKind.CITY else region.city

    def covers(self, area: str, place: str) -> bool:
        """Whether ``place`` lies in ``area``: the same region, the province over anything
        in it, or a city over its counties and zones. Unknown names cover nothing."""
        outer, inner = self.lookup(area), self.lookup(place)
        if outer is None or inner is None:
            return False
        if outer == inner or outer.kind is RegionKind.PROVINCE:
            return True
        return outer.kind is RegionKind.CITY and inner.city == outer.name


@functools.lru_cache(maxsize=8)
def _load_cached(path: str) -> RegionTable:
    return RegionTable.load(path)
