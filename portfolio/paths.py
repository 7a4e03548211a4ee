"""Where the bundled data lives.

The plan documents and the region table are kept under ``data/`` at the top of the
project, next to the packages; ``PORTFOLIO_DATA_DIR`` points elsewhere (e.g. a packaged copy).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ENV_DATA_DIR = "PORTFOLIO_DATA_DIR"


def data_dir() -> Path:
    """The folder holding ``sources/`` and ``regions.csv``."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[1] / "data"


def sources_dir() -> Path:
    return data_dir() / "sources"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# What no file name may hold on the systems offices use (Windows' reserved characters, the
# path separators) and control characters.
_NOT_IN_NAMES = set('\\/:*?"<>|') | {chr(code) for code in range(32)} | {"\x7f"}


def download_name(name: str) -> str:
    """``name`` made safe as the name of a downloaded file: no folder can be named through
    it (separators become ``_``; no leading or trailing dots), nothing a file system
    refuses, never empty.

    >>> download_name("投资计划-../../etc/passwd.xlsx")
    '投资计划-.._.._etc_passwd.xlsx'
    >>> download_name("..")
    '_'
    """
    cleaned = "".join("_" if ch in _NOT_IN_NAMES else ch for ch in name).strip(" .")
    return cleaned or "_"
