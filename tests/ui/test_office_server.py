"""The office server through the real WSGI server (waitress, in its own process): no one
changes anything without signing in, a CSRF token, and a role that may.

The attack of the issue is replayed: a POST with no cookies to ``/_dash-update-component``,
its body built from ``/_dash-dependencies``, that would set project 1 to priority 99,
must-fund and locked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from portfolio.access import Role
from portfolio.project_settings import ProjectSettings
from portfolio.services.workspace import Workspace
from tests.ui.office_server import Client, add_people, office_server
from ui import ids
from ui.office import CSRF_COOKIE

pytestmark = pytest.mark.slow

PROJECT = 1


@pytest.fixture(scope="module")
def address(loaded_url: str) -> Iterator[str]:
    add_people(loaded_url)
    with office_server(loaded_url) as address:
        yield address


@pytest.fixture
def workspace(loaded_url: str) -> Iterator[Workspace]:
    """The database as another process sees it; project 1 back to its defaults after."""
    workspace = Workspace(loaded_url)
    workspace.reset_project_settings(PROJECT)
    yield workspace
    workspace.reset_project_settings(PROJECT)
    workspace.close()


def _save_settings_body(dependencies: list[dict[str, Any]]) -> dict[str, Any]:
    """The 项目库 form's save callback, as the renderer would post it: priority 99,
    must-fund and locked for project 1."""
    dependency = next(d for d in dependencies if f"{ids.SETTINGS_MESSAGE}.children" in d["output"])
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
        for part in dependency["output"].strip(".").split("...")
    ]
    typed = {
        ids.SETTINGS_SAVE: 1,
        ids.SETTINGS_RESET: None,
        ids.SETTINGS_PROJECT: PROJECT,
        ids.SETTINGS_VERSION: None,  # a save that says no version replaces whatever is stored
        ids.SETTINGS_PRIORITY: "99",
        ids.SETTINGS_MUST_FUND: True,
        ids.SETTINGS_LOCKED: True,
        ids.SETTINGS_EXCLUDED: False,
        ids.SETTINGS_MAX_DELAY: "",
    }

    def values(items: list[dict[str, str]]) -> list[dict[str, Any]]:
        return [item | {"value": typed[item["id"]]} for item in items]

    return {
        "output": dependency["output"],
        "outputs": outputs,
        "inputs": values(dependency["inputs"]),
        "state": values(dependency["state"]),
        "changedPropIds": [f"{ids.SETTINGS_SAVE}.n_clicks"],
    }


@pytest.fixture(scope="module")
def save_body(address: str) -> dict[str, Any]:
    client = Client(address)
    assert client.sign_in("王芳").status == 302
    answer = client.get("/_dash-dependencies")
    assert answer.status == 200
    return _save_settings_body(answer.json())


def _post_callback(client: Client, body: dict[str, Any], *, token: bool = True) -> Any:
    csrf = client.cookie(CSRF_COOKIE)
    headers = {"X-CSRFToken": csrf} if token and csrf else {}
    return client.post_json("/_dash-update-component", body, headers)


def test_no_one_reads_anything_without_signing_in(address: str) -> None:
    anonymous = Client(address)
    page = anonymous.get("/portfolio?county=%E6%99%8B%E6%B1%9F%E5%B8%82")  # 晋江市
    assert page.status == 302
    assert page.headers["Location"].startswith("/signin?next=/portfolio")
    for path in ("/", "/scenarios", "/_dash-layout", "/_dash-dependencies", "/_reload-hash"):
        answer = anonymous.get(path)
        assert answer.status in (302, 401), path
        assert "项目" not in answer.text
    signin = anonymous.get("/signin")
    assert signin.status == 200
    assert "<title>登录 · 规划项目库</title>" in signin.text
    assert signin.headers["Server"] == "portfolio"  # waitress, without its name and version
    assert anonymous.get("/assets/bootstrap.min.css").status == 200  # the sign-in page's style


def test_an_anonymous_post_without_cookies_changes_nothing(
    address: str, save_body: dict[str, Any], workspace: Workspace
) -> None:
    answer = Client(address).post_json("/_dash-update-component", save_body)
    assert answer.status == 401
    assert workspace.project_settings(PROJECT) == ProjectSettings()


def test_a_viewer_with_a_valid_token_is_refused_by_the_service(
    address: str, save_body: dict[str, Any], workspace: Workspace
) -> None:
    viewer = Client(address)
    assert viewer.sign_in("李明").status == 302
    answer = _post_callback(viewer, save_body)
    assert answer.status == 200, answer.text
    message = answer.json()["response"][ids.SETTINGS_MESSAGE]["children"]
    assert message == "李明（查看者）无权修改项目设置"
    assert workspace.project_settings(PROJECT) == ProjectSettings()


def test_a_planner_without_the_csrf_token_is_refused_and_with_it_saves(
    address: str, save_body: dict[str, Any], workspace: Workspace
) -> None:
    planner = Client(address)
    assert planner.sign_in("张三").status == 302
    refused = _post_callback(planner, save_body, token=False)
    assert refused.status == 400
    assert "CSRF" in refused.text
    assert workspace.project_settings(PROJECT) == ProjectSettings()
    forged = planner.post_json(
        "/_dash-update-component", save_body, {"X-CSRFToken": "forged.token.value"}
    )
    assert forged.status == 400
    assert workspace.project_settings(PROJECT) == ProjectSettings()

    saved = _post_callback(planner, save_body)
    assert saved.status == 200, saved.text
    assert workspace.project_settings(PROJECT) == ProjectSettings(
        priority=99, must_fund=True, locked=True
    )


def test_a_wrong_password_is_refused_with_a_message_in_chinese(address: str) -> None:
    client = Client(address)
    answer = client.sign_in("张三", "not the password")
    assert answer.status == 401
    assert "用户名或密码不正确" in answer.text
    assert "not the password" not in answer.text
    assert client.get("/").status == 302  # still not signed in


def test_signing_out_or_a_new_role_ends_the_session(address: str, loaded_url: str) -> None:
    client = Client(address)
    assert client.sign_in("张三").status == 302
    assert client.get("/_dash-layout").status == 200
    assert client.post_form("/signout", {"csrf_token": ""}).status == 400  # a token is needed
    token = client.cookie(CSRF_COOKIE) or ""
    assert client.post_form("/signout", {"csrf_token": token}).status == 302
    assert client.get("/_dash-layout").status == 401

    assert client.sign_in("张三").status == 302
    assert client.get("/_dash-layout").status == 200
    workspace = Workspace(loaded_url)
    try:
        workspace.users.set_role("张三", Role.VIEWER)
        assert client.get("/_dash-layout").status == 401
    finally:
        workspace.users.set_role("张三", Role.PLANNER)
        workspace.close()


def test_after_signing_in_the_page_asked_for_opens(address: str) -> None:
    client = Client(address)
    page = client.get("/signin?next=/gantt%3Fcounty%3D1")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    fields = {"csrf_token": token, "name": "李明", "password": "viewer secret 1"}
    answer = client.post_form("/signin?next=/gantt%3Fcounty%3D1", fields)
    assert (answer.status, answer.headers["Location"]) == (302, "/gantt?county=1")
    # Another site's address is never where a sign-in leads.
    client = Client(address)
    page = client.get("/signin?next=//evil.example/")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post_form("/signin?next=//evil.example/", fields | {"csrf_token": token})
    assert answer.headers["Location"] == "/"


def _page(client: Client, path: str) -> str:
    """The content a signed-in person's browser gets for ``path`` (its page callback)."""
    body = {
        "output": "..\u005fpages_content.children...\u005fpages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": ""},
        ],
        "changedPropIds": ["_pages_location.pathname"],
    }
    answer = _post_callback(client, body)
    assert answer.status == 200, answer.text
    # As the browser reads it: Dash may write the JSON with non-ASCII characters escaped.
    return json.dumps(answer.json(), ensure_ascii=False)


def test_only_an_administrator_reads_the_audit_trail(address: str) -> None:
    """The audit page lists who changed what for an administrator; a planner is told why
    not, and neither its navbar nor the page shows an entry."""
    admin, planner = Client(address), Client(address)
    assert admin.sign_in("王芳").status == 302
    assert planner.sign_in("张三").status == 302
    shown = _page(admin, "/audit")
    assert "导入规划" in shown and "quanzhou-st-14fyp" in shown
    refused = _page(planner, "/audit")
    assert "无权查看操作记录" in refused and "导入规划" not in refused
    # The navbar (the layout, as JSON: "/" is written \u002f) links the page for the admin only.
    assert '"href": "/audit"' not in json.dumps(planner.get("/_dash-layout").json())
    assert '"href": "/audit"' in json.dumps(admin.get("/_dash-layout").json())
