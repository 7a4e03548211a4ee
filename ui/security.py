"""What every response of the web app says about itself, and which names it answers to.

- The Host header must name this server (``TRUSTED_HOSTS``): a page of another site that
  points a name of its own at 127.0.0.1 (DNS rebinding) gets 400, not the office's data.
- Security headers: no framing by other sites, no content-type sniffing, no referrer sent
  elsewhere, and a content security policy as strict as Dash allows: its renderer and
  clientside callbacks are inline scripts, so scripts keep ``'unsafe-inline'`` (but no
  ``'unsafe-eval'``: no page evaluates code) and load from this server only; nothing is
  fetched from, posted to or framed by another origin.
- The server's name and version are not disclosed.
"""

from __future__ import annotations

from collections.abc import Iterable

import flask
from werkzeug.serving import WSGIRequestHandler

LOCAL_NAMES = ("127.0.0.1", "localhost", "::1")

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def allowed_hosts(extra: Iterable[str] = ()) -> list[str]:
    """This computer's names and the ones the office configured (``--allowed-host``)."""
    given = (name.strip() for name in extra)
    # Listening on every address (0.0.0.0, ::) names no host a visitor would type.
    names = [*LOCAL_NAMES, *(name for name in given if name and name not in ("0.0.0.0", "::"))]
    return list(dict.fromkeys(names))


def protect(server: flask.Flask, hosts: Iterable[str]) -> None:
    """Answer only to ``hosts`` and send the security headers with every response."""
    server.config["TRUSTED_HOSTS"] = list(hosts)

    @server.after_request
    def _headers(response: flask.Response) -> flask.Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response


class QuietRequestHandler(WSGIRequestHandler):
    """The built-in server's handler, without its name and version in ``Server``."""

    def version_string(self) -> str:
        return "portfolio"
