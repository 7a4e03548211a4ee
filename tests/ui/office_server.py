"""The office server as the office runs it: ``portfolio serve --office`` (waitress) in a
process of its own, on a free port, with three people; and a small HTTP client that keeps
its cookies, as a browser or a script reaching the port would."""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portfolio.access import Role
from portfolio.services.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = {
    "王芳": (Role.ADMIN, "admin secret 1"),
    "张三": (Role.PLANNER, "planner secret 1"),
    "李明": (Role.VIEWER, "viewer secret 1"),
}


def add_people(url: str) -> None:
    """The office's three people, added as ``portfolio users add`` would (once)."""
    workspace = Workspace(url)
    try:
        known = {view.name for view in workspace.users.list()}
        for name, (role, password) in PEOPLE.items():
            if name not in known:
                workspace.users.add(name, role, password)
    finally:
        workspace.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def office_server(url: str, *args: str) -> Iterator[str]:
    """``python -m commands serve --office --db URL`` of this source tree; yields its address."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "commands",
        "serve",
        "--office",
        "--db",
        url,
        "--port",
        str(port),
    ]
    process = subprocess.Popen(
        [*command, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    address = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, f"{address}/signin")
        yield address
    finally:
        process.send_signal(signal.SIGINT)  # waitress stops as on Ctrl-C
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(process: subprocess.Popen[bytes], address: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise AssertionError(f"the server stopped: {output}")
        try:
            with urllib.request.urlopen(address, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError("the server did not answer within 90 s")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None  # the redirect is the answer the tests look at


class Client:
    """An HTTP client with a cookie jar (empty at first: no cookies, no session)."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def get(self, path: str) -> Answer:
        return self._send(urllib.request.Request(self.address + path))

    def post_json(self, path: str, body: Any, headers: dict[str, str] | None = None) -> Answer:
        data = json.dumps(body).encode()
        request = urllib.request.Request(
            self.address + path,
            data=data,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        return self._send(request)

    def post_form(self, path: str, fields: dict[str, str]) -> Answer:
        data = urllib.parse.urlencode(fields).encode()
        return self._send(urllib.request.Request(self.address + path, data=data))

    def sign_in(self, name: str, password: str | None = None) -> Answer:
        """Open the sign-in page, then send its form with the token it carries."""
        page = self.get("/signin")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        password = PEOPLE[name][1] if password is None else password
        return self.post_form("/signin", {"csrf_token": token, "name": name, "password": password})

    def _send(self, request: urllib.request.Request) -> Answer:
        try:
            with self._opener.open(request, timeout=60) as response:
                return Answer(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as refused:
            return Answer(refused.code, dict(refused.headers), refused.read().decode())
