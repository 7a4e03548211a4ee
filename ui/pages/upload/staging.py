"""Uploaded files kept on the server between their check and their import.

The browser sends a file once; it is kept in a folder of its own under a random token, with
its name, size, SHA-256 and who uploaded it. The check and the import read that same file,
so the bytes do not travel twice, and the import re-reads its SHA-256: a file that changed
since it was checked is not imported. Only the person who uploaded a file may use its token.
A file is removed once imported or cancelled, and any left (a page closed halfway) once it
is older than ``MAX_AGE``, at the next upload.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import shutil
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import flask

from portfolio.paths import download_name, file_sha256

MAX_AGE = dt.timedelta(hours=2)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_META = "staged.json"
_FILES = "file"
_KEY = "portfolio_uploads"
# Longer names are cut (keeping the suffix): some file systems refuse names over 255 bytes.
_MAX_NAME_CHARS = 80


@dataclass(frozen=True)
class StagedFile:
    """A file kept for its check and import."""

    token: str
    file_name: str
    size: int
    sha256: str
    owner: str  # who uploaded it: the person signed in, "" on the embedded app


class Staging:
    """The folder of uploaded files (one subfolder per token)."""

    def __init__(self, folder: Path, max_age: dt.timedelta = MAX_AGE) -> None:
        self.folder = folder
        self.max_age = max_age
        # One import (or check) at a time in this server: on SQLite a second writer would
        # wait or fail; two people confirming one file then end as "already imported".
        self.importing = threading.Lock()

    def stage(self, file_name: str, data: bytes, owner: str) -> StagedFile:
        """Keep ``data`` as ``file_name`` for ``owner``; returns its token and checksum."""
        self.sweep()
        token = secrets.token_urlsafe(24)
        home = self.folder / token
        (home / _FILES).mkdir(parents=True, mode=0o700)
        path = home / _FILES / safe_name(file_name)
        path.write_bytes(data)
        staged = StagedFile(token, path.name, len(data), file_sha256(path), owner)
        (home / _META).write_text(json.dumps(asdict(staged)), encoding="utf-8")
        return staged

    def find(self, token: str | None, owner: str) -> StagedFile | None:
        """The file kept under ``token`` for ``owner``; ``None`` when there is none (gone,
        never was, or someone else's)."""
        if not token or not _TOKEN.match(token):
            return None
        try:
            meta = json.loads((self.folder / token / _META).read_text(encoding="utf-8"))
            staged = StagedFile(**meta)
        except (OSError, ValueError, TypeError):
            return None
        if staged.owner != owner or not self.path(staged).is_file():
            return None
        return staged

    def path(self, staged: StagedFile) -> Path:
        """Where the file is, under the name it was uploaded with."""
        return self.folder / staged.token / _FILES / staged.file_name

    def unchanged(self, staged: StagedFile, sha256: str) -> bool:
        """Whether the file still has the checksum ``sha256`` (read again from disk)."""
        return staged.sha256 == sha256 and file_sha256(self.path(staged)) == sha256

    def discard(self, token: str | None) -> None:
        """Remove the file kept under ``token`` (nothing when there is none)."""
        if token and _TOKEN.match(token):
            shutil.rmtree(self.folder / token, ignore_errors=True)

    def sweep(self) -> None:
        """Remove the files kept longer than ``max_age``."""
        if not self.folder.is_dir():
            return
        oldest = dt.datetime.now().timestamp() - self.max_age.total_seconds()
        for home in self.folder.iterdir():
            try:
                if home.stat().st_mtime < oldest:
                    shutil.rmtree(home, ignore_errors=True)
            except OSError:
                continue  # removed meanwhile by another request


def safe_name(file_name: str) -> str:
    """The uploaded name without folders or characters a file system refuses, cut to a
    length every file system takes (its suffix kept)."""
    name = download_name(Path(file_name.replace("\\", "/")).name)
    suffix = Path(name).suffix[:10]
    stem = name[: len(name) - len(suffix)] if suffix else name
    return stem[: _MAX_NAME_CHARS - len(suffix)] + suffix


def attach_staging(server: flask.Flask, staging: Staging) -> None:
    """Make ``staging`` the place the 导入 page of ``server`` keeps uploads."""
    server.extensions[_KEY] = staging


def current_staging() -> Staging:
    """The uploads of the app answering the current request: by default a folder of its
    own among this computer's temporary files (readable by this user only), made at first
    use."""
    extensions = flask.current_app.extensions
    if _KEY not in extensions:
        folder = Path(tempfile.mkdtemp(prefix="portfolio-uploads-"))
        extensions.setdefault(_KEY, Staging(folder))
    staging = extensions[_KEY]
    if not isinstance(staging, Staging):
        raise TypeError("the app's upload folder is not a Staging")
    return staging
