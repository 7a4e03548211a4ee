"""From a parsed project row to the values stored: normalization and its findings.

Everything a planner should know about how a row was read becomes a finding: unknown money
or years, an inferred start year, a unit name taken as another spelling of a known unit,
incomplete lists (等), province-wide places, notes such as (规划).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.db import models as m
from portfolio.db.bulk import bulk_insert, reserve_ids
from portfolio.normalize import UnitMatcher, infer_start_year, resolve_places, split_units
from portfolio.records import ProjectRow, SourceRef
from portfolio.regions import RegionTable


def source_columns(source: SourceRef) -> dict[str, object]:
    """The provenance columns of a stored record (document, sheet, lines, raw text)."""
    return {
        "source_document": source.document,
        "source_sheet": source.sheet,
        "source_line_start": source.line_start,
        "source_line_end": source.line_end,
        "source_text": source.raw_text,
    }


@dataclass
class UnitRegistry:
    """Canonical unit names known so far, with the variants matched to them.

    New units are given ids in one bulk insert (:meth:`persist`), so resolving a name never
    touches the database.
    """

    ids: dict[str, int | None] = field(default_factory=dict)  # None: not stored yet
    aliases: dict[str, str] = field(default_factory=dict)  # variant → canonical name
    new_aliases: list[str] = field(default_factory=list)
    matcher: UnitMatcher = field(default_factory=UnitMatcher)

    @classmethod
    def load(cls, session: Session) -> UnitRegistry:
        registry = cls()
        names: dict[int, str] = {}
        for unit_id, name in session.execute(select(m.Unit.id, m.Unit.name)):
            registry.ids[name] = unit_id
            registry.matcher.add(name)
            names[unit_id] = name
        for unit_id, alias in session.execute(select(m.UnitAlias.unit_id, m.UnitAlias.alias)):
            registry.aliases[alias] = names[unit_id]
        return registry

    def resolve(self, name: str) -> str:
        """The canonical name for ``name``: itself, a known variant's unit, or a close match
        (:func:`portfolio.normalize.match_unit_name`); unmatched names become new units."""
        if name in self.ids:
            return name
        if name in self.aliases:
            return self.aliases[name]
        canonical = self.matcher.match(name)
        if canonical is not None:
            self.aliases[name] = canonical
            self.new_aliases.append(name)
            return canonical
        self.ids[name] = None
        self.matcher.add(name)
        return name

    def persist(self, session: Session) -> None:
        """Store the units and variants seen since the last call."""
        new = [name for name, unit_id in self.ids.items() if unit_id is None]
        if new:
            ids = reserve_ids(session, m.Unit.__tablename__, len(new))
            bulk_insert(
                session,
                m.Unit,
                ({"id": uid, "name": name} for uid, name in zip(ids, new, strict=True)),
            )
            self.ids.update(zip(new, ids, strict=True))
        if self.new_aliases:
            bulk_insert(
                session,
                m.UnitAlias,
                (
                    {"unit_id": self.ids[self.aliases[alias]], "alias": alias}
                    for alias in self.new_aliases
                ),
            )
            self.new_aliases = []

    def id_of(self, canonical: str) -> int:
        unit_id = self.ids[canonical]
        if unit_id is None:
            raise LookupError(f"unit {canonical} is not stored yet")
        return unit_id


@dataclass
class PreparedProject:
    """A row ready to store: column values, linked units and regions, findings."""

    values: dict[str, object]
    units: list[tuple[str, str]]  # (canonical name, as written)
    regions: list[str]  # canonical region names
    findings: list[tuple[str, str, str]] = field(default_factory=list)  # kind, severity, text

    def note(self, kind: str, message: str, severity: str = "warning") -> None:
        self.findings.append((kind, severity, message))

    def link_key(self) -> tuple[str, tuple[str, ...], tuple[str, ...], int | None]:
        """What the cross-plan linker compares: name, units, regions, investment."""
        name, investment = self.values["name"], self.values["investment_wan"]
        assert isinstance(name, str) and (investment is None or isinstance(investment, int))
        return name, tuple(c for c, _ in self.units), tuple(self.regions), investment


def prepare_project(
    row: ProjectRow,
    *,
    position: int,
    has_money: bool,
    period_start: int,
    regions: RegionTable,
    within: str | None = None,
    units: UnitRegistry,
) -> PreparedProject:
    """Normalize one row of a plan of ``within`` (a region; the home province if not
    given): split units and places, infer the start year, note findings."""
    start_year, inferred = row.start_year, False
    if start_year is None and row.end_year is not None:
        start_year, inferred = infer_start_year(row.end_year, period_start), True
    unit_cell = split_units(row.units_raw)
    place_cell = resolve_places(row.places_raw, regions, within)
    src = row.source
    prepared = PreparedProject(
        values={
            "position": position,
            "seq": row.seq,
            "name": row.name,
            "description": row.description,
            "investment_wan": row.investment_wan,
            "investment_raw": row.investment_raw,
            "start_year": start_year,
            "start_year_inferred": inferred,
            "end_year": row.end_year,
            "years_raw": row.years_raw,
            "units_raw": row.units_raw,
            "units_incomplete": unit_cell.incomplete,
            "places_raw": row.places_raw,
            "places_incomplete": place_cell.incomplete,
            "province_wide": place_cell.province_wide,
            "places_note": "；".join(place_cell.notes),
            "extra": json.dumps(dict(row.extra), ensure_ascii=False) if row.extra else "",
            **source_columns(src),
        },
        units=[],
        regions=list(place_cell.regions),
    )
    if has_money and row.investment_wan is None:
        prepared.note(
            "unknown_investment",
            f"总投资未知（“{row.investment_raw}”） / total investment not given",
        )
    if inferred:
        prepared.note(
            "start_year_inferred",
            f"仅有完成年份{row.end_year}，起始年份按规则取{start_year}"
            f" / only the completion year is stated; start year {start_year} inferred",
            "info",
        )
    elif row.end_year is None and has_money:
        prepared.note("unknown_years", f"年限未知（“{row.years_raw}”） / years not given")

    for name in unit_cell.names:
        canonical = units.resolve(name)
        if canonical != name:
            prepared.note(
                "unit_name_matched",
                f"单位“{name}”按“{canonical}”计 / unit “{name}” matched to “{canonical}”",
                "info",
            )
        if canonical not in {c for c, _ in prepared.units}:
            prepared.units.append((canonical, name))
    if unit_cell.incomplete:
        prepared.note(
            "units_incomplete",
            f"单位列表以“等”结尾，未列全 / list of units ends in 等 (incomplete): {row.units_raw}",
            "info",
        )

    if place_cell.province_wide:
        province = regions.province_of(within or "") or regions.province.name
        if province not in prepared.regions:
            prepared.regions.append(province)
        prepared.note(
            "province_wide",
            f"所在地区“{row.places_raw}”按全省计 / place “{row.places_raw}” taken as province-wide",
            "info",
        )
    if place_cell.unknown:
        prepared.note("unknown_place", f"所在地区未知（“{row.places_raw}”） / place not given")
    if place_cell.incomplete:
        prepared.note(
            "places_incomplete",
            f"所在地区以“等”结尾，未列全 / list of places ends in 等 (incomplete): "
            f"{row.places_raw}",
            "info",
        )
    for note in place_cell.notes:
        prepared.note(
            "place_note", f"所在地区附注“{note}” / the place carries a note: {note}", "info"
        )
    return prepared
