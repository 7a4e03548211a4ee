"""Uploaded files kept between check and import: only their uploader's, named safely,
removed when old."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ui.pages.upload.staging import Staging, safe_name


def test_a_kept_file_is_its_uploaders_only(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "uploads")
    kept = staging.stage("项目.xlsx", b"PK\x03\x04 data", "王芳")
    assert staging.find(kept.token, "王芳") == kept
    assert staging.path(kept).read_bytes() == b"PK\x03\x04 data"
    assert staging.find(kept.token, "李明") is None
    assert staging.find("../" + kept.token, "王芳") is None
    assert staging.find(None, "王芳") is None
    assert staging.unchanged(kept, kept.sha256)
    staging.path(kept).write_bytes(b"other")
    assert not staging.unchanged(kept, kept.sha256)
    staging.discard(kept.token)
    assert staging.find(kept.token, "王芳") is None


def test_names_keep_no_folder_and_fit_any_file_system() -> None:
    assert safe_name("../../etc/passwd.xlsx") == "passwd.xlsx"
    assert safe_name("C:\\Users\\王芳\\项目.xlsx") == "项目.xlsx"
    assert safe_name('a:b*?"c.csv') == "a_b___c.csv"
    long = safe_name("长" * 300 + ".xlsx")
    assert len(long) == 80 and long.endswith(".xlsx")


def test_files_older_than_their_age_are_removed_at_the_next_upload(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "uploads", max_age=dt.timedelta(hours=2))
    old = staging.stage("旧.xlsx", b"old", "")
    three_hours_ago = dt.datetime.now().timestamp() - 3 * 3600
    os.utime(staging.folder / old.token, (three_hours_ago, three_hours_ago))
    new = staging.stage("新.xlsx", b"new", "")
    assert staging.find(old.token, "") is None
    assert staging.find(new.token, "") == new
