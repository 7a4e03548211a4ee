"""The plan documents bundled under ``data/sources/`` and the parser for each layout."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portfolio.importers.fujian_sei import parse_fujian_sei
from portfolio.importers.fujian_st import parse_fujian_st
from portfolio.importers.fuqing import parse_fuqing
from portfolio.importers.quanzhou import parse_quanzhou
from portfolio.paths import sources_dir
from portfolio.records import ParsedPlan


@dataclass(frozen=True)
class BundledDocument:
    file_name: str
    parse: Callable[[Path], ParsedPlan]


# Order matters only for readability of ids: the province first, then the cities.
BUNDLED_DOCUMENTS: tuple[BundledDocument, ...] = (
    BundledDocument("fujian-st-14fyp.txt", parse_fujian_st),
    BundledDocument("fujian-sei-14fyp.txt", parse_fujian_sei),
    BundledDocument("quanzhou-st-14fyp.txt", parse_quanzhou),
    BundledDocument("fuqing-st-14fyp.txt", parse_fuqing),
)


def bundled_paths() -> list[Path]:
    return [sources_dir() / doc.file_name for doc in BUNDLED_DOCUMENTS]


def parse_bundled() -> list[tuple[Path, ParsedPlan]]:
    """Parse every bundled document; returns (path, plan) pairs."""
    result = []
    for doc in BUNDLED_DOCUMENTS:
        path = sources_dir() / doc.file_name
        result.append((path, doc.parse(path)))
    return result
