"""Every response names no server version, carries the security headers, and a request for
another host name is refused (DNS rebinding), through Flask and through the real server."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import dash
import pytest
from werkzeug.serving import make_server

from portfolio.services.workspace import Workspace
from ui.app import create_app
from ui.security import HEADERS, QuietRequestHandler, allowed_hosts


@pytest.fixture(scope="module")
def app(loaded_workspace: Workspace) -> dash.Dash:
    return create_app(loaded_workspace, allowed_hosts(["planning.office.example"]))


@pytest.mark.parametrize("path", ["/", "/_dash-layout", "/_dash-dependencies", "/gantt"])
def test_every_response_carries_the_security_headers(app: dash.Dash, path: str) -> None:
    response = app.server.test_client().get(path, headers={"Host": "localhost:8050"})
    assert response.status_code == 200
    for name, value in HEADERS.items():
        assert response.headers[name] == value
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8050", "127.0.0.1.evil.example"])
def test_a_request_naming_another_host_is_refused(app: dash.Dash, host: str) -> None:
    client = app.server.test_client()
    assert client.get("/", headers={"Host": host}).status_code == 400
    posted = client.post("/_dash-update-component", json={}, headers={"Host": host})
    assert posted.status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1:8050", "localhost", "planning.office.example"])
def test_this_computers_names_and_the_configured_ones_are_answered(
    app: dash.Dash, host: str
) -> None:
    assert app.server.test_client().get("/", headers={"Host": host}).status_code == 200


def test_listening_everywhere_adds_no_host_name() -> None:
    assert allowed_hosts(["0.0.0.0", "::", " "]) == ["127.0.0.1", "localhost", "::1"]


@pytest.fixture(scope="module")
def address(app: dash.Dash) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app.server, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_server_names_no_software_or_version(address: str) -> None:
    with urllib.request.urlopen(f"{address}/", timeout=30) as response:
        assert response.headers["Server"] == "portfolio"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    request = urllib.request.Request(f"{address}/", headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    assert "Werkzeug" not in (refused.value.headers["Server"] or "")
