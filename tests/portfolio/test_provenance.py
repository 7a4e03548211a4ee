"""The bundled documents are the ones PROVENANCE.md describes, unchanged."""

import re

from portfolio.paths import file_sha256, sources_dir


def test_checksums_match_provenance() -> None:
    table = (sources_dir() / "PROVENANCE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+\.txt)` .*`([0-9a-f]{64})` \|$", table, flags=re.M)
    assert len(rows) == 5
    for name, digest in rows:
        assert file_sha256(sources_dir() / name) == digest, name
    listed = {name for name, _ in rows}
    assert listed == {p.name for p in sources_dir().glob("*.txt")}


def test_division_codes_match_provenance() -> None:
    table = (sources_dir() / "PROVENANCE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(divisions/[^`]+\.csv)` .*`([0-9a-f]{64})` \|$", table, flags=re.M)
    assert len(rows) == 3
    for name, digest in rows:
        assert file_sha256(sources_dir() / name) == digest, name
    listed = {name for name, _ in rows}
    assert listed == {f"divisions/{p.name}" for p in (sources_dir() / "divisions").iterdir()}
