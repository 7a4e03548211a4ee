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
