"""The office server's doors: sign-in first, a session per person, CSRF on every change.

In office mode (``portfolio serve --office``) every request but the sign-in page and the
static stylesheet and script files needs a signed-in person: pages redirect to the sign-in
page, anything else (Dash's layout, dependencies and callbacks, downloads) is answered 401.

- Sessions: Flask-Login over Flask's signed session cookie (HttpOnly, SameSite=Lax, Secure
  when the office serves over HTTPS), signed with a key kept in the database
  (``server_secrets``), so every process of the server accepts it and a restart keeps people
  signed in. A session names the person and their ``session_epoch``: a password or role
  change, or removing the person, ends it on the next request.
- CSRF: Flask-WTF's ``CSRFProtect`` checks every POST, Dash's callbacks included. Dash's
  renderer reads the ``_csrf_token`` cookie and sends it back as the ``X-CSRFToken`` header
  (``dash_renderer``, ``csrf_token_name``/``csrf_header_name``); the cookie is readable by the
  page's script by design and SameSite=Strict, so another site can neither read nor send it.
  The sign-in and sign-out forms carry it as a hidden field.
- The person's role is enforced by the services (every change takes ``actor=``); the pages
  only hide what a role cannot do (:func:`ui.context.may`).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlsplit

import flask
import flask_login
from flask_wtf.csrf import CSRFProtect, generate_csrf

from portfolio.access import Actor
from portfolio.services.users import SignedIn, SignInRefusedError
from portfolio.services.workspace import Workspace
from ui.i18n import Lang, current_lang, export_lang, t

SIGNIN_PATH = "/signin"
SIGNOUT_PATH = "/signout"
CSRF_COOKIE = "_csrf_token"  # the name dash-renderer reads (its csrf_token_name default)
CSRF_FIELD = "csrf_token"  # the form field Flask-WTF reads
SESSION_COOKIE = "portfolio_session"
SESSION_HOURS = 12  # a working day: a session ends by itself overnight
SECRET_NAME = "session_signing_key"
# Library code and the stylesheet, the same for everyone: the sign-in page needs them, and
# they hold nothing of the office's data.
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/")


class OfficeUser(flask_login.UserMixin):  # type: ignore[misc]
    """The person of a signed-in session, as Flask-Login keeps them."""

    def __init__(self, who: SignedIn) -> None:
        self.who = who

    @property
    def actor(self) -> Actor:
        return self.who.actor

    def get_id(self) -> str:
        return f"{self.who.id}:{self.who.epoch}"


def enable_office(server: flask.Flask, workspace: Workspace, *, https: bool = False) -> None:
    """Require sign-in for everything ``server`` answers, and CSRF tokens on every change."""
    server.config.update(
        SECRET_KEY=workspace.server_secret(SECRET_NAME),
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        # The token lives as long as the session: a page left open all morning still saves.
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=https,
    )
    manager = flask_login.LoginManager()
    manager.init_app(server)

    def _load(user_id: str) -> OfficeUser | None:
        try:
            ident, epoch = (int(part) for part in user_id.split(":"))
        except ValueError:
            return None
        who = workspace.users.signed_in(ident, epoch)
        return None if who is None else OfficeUser(who)

    manager.user_loader(_load)
    # Registered before CSRFProtect's check: a request from no one is told to sign in.
    server.before_request(_signed_in_first)
    CSRFProtect(server)

    @server.after_request
    def _csrf_cookie(response: flask.Response) -> flask.Response:
        response.set_cookie(
            CSRF_COOKIE, generate_csrf(), samesite="Strict", secure=https, httponly=False
        )
        return response

    @server.route(SIGNIN_PATH, methods=["GET", "POST"])
    def signin() -> flask.typing.ResponseReturnValue:
        if flask.request.method == "GET" and flask_login.current_user.is_authenticated:
            return flask.redirect(_next_page())
        name, message = "", ""
        if flask.request.method == "POST":
            name = flask.request.form.get("name", "")
            try:
                who = workspace.users.authenticate(name, flask.request.form.get("password", ""))
            except SignInRefusedError as exc:
                message = exc.message(export_lang())
            else:
                flask.session.clear()  # nothing of the visit before carries over
                flask_login.login_user(OfficeUser(who))
                flask.session.permanent = True
                return flask.redirect(_next_page())
        page = flask.render_template_string(SIGNIN_PAGE, **_page_words(name, message))
        return page, 401 if message else 200

    @server.route(SIGNOUT_PATH, methods=["POST"])
    def signout() -> flask.typing.ResponseReturnValue:
        flask_login.logout_user()
        flask.session.clear()
        return flask.redirect(SIGNIN_PATH)


def _signed_in_first() -> flask.typing.ResponseReturnValue | None:
    path = flask.request.path
    if path == SIGNIN_PATH or path.startswith(PUBLIC_PREFIXES):
        return None
    if flask_login.current_user.is_authenticated:
        return None
    if flask.request.method == "GET" and not path.startswith("/_"):
        wanted = flask.request.full_path.rstrip("?")
        return flask.redirect(f"{SIGNIN_PATH}?next={quote(wanted)}")
    return flask.Response(t("请先登录。"), status=401, mimetype="text/plain")


def _next_page() -> str:
    """Where to go after signing in: the page asked for, if it is one of this server's."""
    wanted = flask.request.args.get("next", "/")
    parts = urlsplit(wanted)
    if parts.scheme or parts.netloc or not wanted.startswith("/") or "\\" in wanted:
        return "/"
    return wanted.rstrip("?") or "/"


def _page_words(name: str, message: str) -> dict[str, str]:
    english = current_lang() is Lang.EN
    return {
        "html_lang": "en" if english else "zh-CN",
        "title": t("登录 · 规划项目库"),
        "heading": t("规划项目库"),
        "prompt": t("请用办公室分配的账号登录。"),
        "name_label": t("用户名"),
        "password_label": t("密码"),
        "submit": t("登录"),
        "other_lang": "中文" if english else "English",
        "other_lang_href": f"{SIGNIN_PATH}?lang={'zh' if english else 'en'}",
        "csrf_field": CSRF_FIELD,
        "csrf_token": generate_csrf(),
        "name": name,
        "message": message,
        "action": flask.request.full_path.rstrip("?"),
    }


# Rendered by Flask's Jinja with autoescaping: a name typed in is shown back as text.
SIGNIN_PAGE = """<!doctype html>
<html lang="{{ html_lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<link rel="stylesheet" href="/assets/bootstrap.min.css">
</head>
<body class="bg-light">
<main class="container" style="max-width: 26rem; padding-top: 12vh">
  <div class="d-flex justify-content-between align-items-center mb-3">
    <h1 class="h3 mb-0">{{ heading }}</h1>
    <a id="signin-lang" class="btn btn-sm btn-outline-secondary" href="{{ other_lang_href }}"
      >{{ other_lang }}</a>
  </div>
  <p class="text-muted">{{ prompt }}</p>
  {% if message %}<div id="signin-message" class="alert alert-danger" role="alert"
    >{{ message }}</div>{% endif %}
  <form method="post" action="{{ action }}" class="card card-body">
    <input type="hidden" name="{{ csrf_field }}" value="{{ csrf_token }}">
    <label class="form-label" for="signin-name">{{ name_label }}</label>
    <input class="form-control mb-3" id="signin-name" name="name" value="{{ name }}"
      autocomplete="username" required autofocus>
    <label class="form-label" for="signin-password">{{ password_label }}</label>
    <input class="form-control mb-3" id="signin-password" name="password" type="password"
      autocomplete="current-password" required>
    <button class="btn btn-primary" id="signin-submit" type="submit">{{ submit }}</button>
  </form>
</main>
</body>
</html>
"""
