"""Plain records that importers produce and the loader stores.

Every importer (plan-document parsers, spreadsheet reader) turns its input into these
frozen records; nothing here knows about the database. Cells are kept as the document
writes them (``*_raw``) next to the values parsed from them, so that every figure can be
traced back to its source line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class PlanLevel(StrEnum):
    """Administrative level of the office that issued a plan."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


@dataclass(frozen=True)
class SourceRef:
    """Where a record stands in its source document.

    ``document`` is the file name of the source under ``data/sources/`` (or the path of an
    imported spreadsheet); lines are 1-based and inclusive. For spreadsheets ``line_start``
    and ``line_end`` are the row number and ``sheet`` names the worksheet.
    """

    document: str
    line_start: int
    line_end: int
    raw_text: str
    sheet: str | None = None


@dataclass(frozen=True)
class ProjectRow:
    """One row of a project table, parsed but not yet normalized.

    ``investment_wan`` is the total investment in 万元 (exact integer), ``None`` when the
    document gives ``-`` or nothing. ``start_year`` is ``None`` when the document states only
    a completion year (the loader infers it by a documented rule). ``units_raw`` and
    ``places_raw`` are the cells as written, with line-wrap artefacts kept; the loader splits
    and normalizes them.
    """

    seq: str
    name: str
    description: str
    investment_raw: str
    investment_wan: int | None
    years_raw: str
    start_year: int | None
    end_year: int | None
    units_raw: str
    places_raw: str
    source: SourceRef
    # Extra columns a layout has (e.g. 领域 in the provincial 表5), by their header.
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ProjectTable:
    """A table of projects in a plan (附件1, 表3, ...)."""

    key: str  # as the document names it: "附件1", "表3"
    title: str  # the caption, e.g. "“十四五”期间泉州市科技创新重大项目（基地平台类）"
    rows: tuple[ProjectRow, ...]
    source: SourceRef  # the caption and header lines
    has_money: bool = True  # False for tables such as provincial 表5 (no per-row money)


@dataclass(frozen=True)
class StreamedTable:
    """A project table whose rows are read while they are stored, so that a large
    spreadsheet is never held whole: ``rows`` can be iterated once."""

    key: str
    title: str
    rows: Iterator[ProjectRow]
    source: SourceRef
    has_money: bool = True


@dataclass(frozen=True)
class IndicatorTarget:
    """A value of an indicator for a year: base-year actual or target, as written."""

    year: int
    value_raw: str  # "20", "1.54", "-", "20以上", "[6.8]"


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator (指标) with its yearly values."""

    seq: str
    name: str
    unit: str
    targets: tuple[IndicatorTarget, ...]
    source: SourceRef
    category: str = ""  # e.g. 创新投入, when the table groups indicators
    attribute: str = ""  # 预期性 / 约束性 when given
    note: str = ""  # e.g. the bracketed five-year increment "[6.8]"


@dataclass(frozen=True)
class IndicatorTable:
    """A table of indicators (表1, 附件5, 专栏1)."""

    key: str
    title: str
    rows: tuple[IndicatorRow, ...]
    source: SourceRef


@dataclass(frozen=True)
class InstituteRow:
    """One of the research institutes of Quanzhou's 附件4 with its targets."""

    seq: str
    name: str
    work_focus: str
    investment_raw: str
    investment_wan: int | None
    enterprises_incubated: int | None  # 孵化、培育、引进企业（家）
    enterprises_served: int | None  # 服务企业（家）
    results_transferred: int | None  # 成果转化应用（项）
    places_raw: str
    source: SourceRef


@dataclass(frozen=True)
class InstituteTable:
    key: str
    title: str
    rows: tuple[InstituteRow, ...]
    source: SourceRef


@dataclass(frozen=True)
class ParsedPlan:
    """Everything read from one plan document."""

    key: str  # stable identifier, e.g. "quanzhou-st-14fyp"
    title: str
    issuer: str
    level: PlanLevel
    region: str  # the issuing place as in the region table: "福建省", "泉州市", "福清市"
    period_start: int
    period_end: int
    document: str  # file name under data/sources/
    doc_number: str = ""  # e.g. "闽政办〔2021〕58号"
    project_tables: tuple[ProjectTable, ...] = ()
    indicator_tables: tuple[IndicatorTable, ...] = ()
    institute_tables: tuple[InstituteTable, ...] = ()
    notes: tuple[str, ...] = field(default=())
