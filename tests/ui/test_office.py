"""The office server's cookies and its sign-in page in English, in-process (the real server's
behaviour is in test_office_server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dash
import pytest

from portfolio.access import Actor, Role
from portfolio.services.workspace import Workspace
from ui.app import create_app
from ui.office import CSRF_COOKIE, SECRET_NAME, SESSION_COOKIE


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace(f"sqlite:///{tmp_path / 'portfolio.sqlite3'}", office=True)
    workspace.migrate()
    yield workspace
    workspace.close()


def _cookies(app: dash.Dash, path: str) -> dict[str, str]:
    response = app.server.test_client().get(path)
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def test_cookies_are_http_only_same_site_and_secure_behind_https(office: Workspace) -> None:
    cookies = _cookies(create_app(office, https=True), "/signin")
    session = cookies[SESSION_COOKIE]
    assert "HttpOnly" in session and "SameSite=Lax" in session and "Secure" in session
    token = cookies[CSRF_COOKIE]
    # The page's script must read the token: not HttpOnly, and never sent by another site.
    assert "HttpOnly" not in token and "SameSite=Strict" in token and "Secure" in token
    plain = _cookies(create_app(office), "/signin")
    assert "Secure" not in plain[SESSION_COOKIE] and "Secure" not in plain[CSRF_COOKIE]


def test_the_signing_key_is_made_once_and_shared(office: Workspace) -> None:
    first = create_app(office).server.config["SECRET_KEY"]
    assert len(first) >= 40
    assert create_app(office).server.config["SECRET_KEY"] == first
    assert office.server_secret(SECRET_NAME) == first


def test_the_sign_in_page_speaks_english_when_asked(office: Workspace) -> None:
    office.users.add("王芳", Role.ADMIN, "admin secret", actor=Actor("测试管理员", Role.ADMIN))
    client = create_app(office).server.test_client()
    page = client.get("/signin?lang=en").get_data(as_text=True)
    assert "<title>Sign in · Portfolio planner</title>" in page
    assert '<html lang="en">' in page
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    refused = client.post(
        "/signin", data={"csrf_token": token, "name": "王芳", "password": "wrong one"}
    )
    assert refused.status_code == 401
    assert "wrong user name or password" in refused.get_data(as_text=True)
