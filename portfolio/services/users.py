"""The office's people: who signs in to the office server, with which role.

Free functions take the caller's session (one transaction per action, the change and its
audit entry stored together or not at all); :class:`Users` is the workspace's door to them
(``workspace.users``), checking the person acting has the right to manage people.

Passwords are hashed with werkzeug's scrypt (``werkzeug.security``): werkzeug comes with
Flask, so there is no new dependency, and scrypt is memory-hard, which makes guessing a
stolen hash costly. Only the hash is stored, and the audit trail says only that a password
changed.

Repeated wrong passwords are slowed down by a wait that grows with each failure, counted in
the database (``failed_signins``, ``last_failed_at``), so it holds across the server's
processes and restarts. During the wait even the right password is refused unchecked.
"""

from __future__ import annotations

import datetime as dt
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.security import check_password_hash, generate_password_hash

from portfolio.access import Actor, Right, Role
from portfolio.db import models as m
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import N_, tr
from portfolio.services.audit import AuditAction, record

MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 100
FREE_FAILURES = 3  # wrong passwords in a row before waits begin (typos happen)
FIRST_WAIT_SECONDS = 5  # then 5 s, 10 s, 20 s, … doubling with each further failure
MAX_WAIT_SECONDS = 15 * 60
# Checked against when the name is unknown, so that a wrong name takes as long to refuse as
# a wrong password: the answer's time does not tell which names exist.
_UNKNOWN_HASH = generate_password_hash("no one has this password")
# scrypt is made to take memory and time (about 32 MiB and a tenth of a second a check): at
# most two checks at once, so that fifty people signing in at nine o'clock take neither the
# web server's memory nor every core from the pages.
_CHECKS_AT_ONCE = threading.BoundedSemaphore(2)


def _matches(password_hash: str, password: str) -> bool:
    with _CHECKS_AT_ONCE:
        return check_password_hash(password_hash, password)


@dataclass(frozen=True)
class UserView:
    """A person as ``portfolio users list`` shows them (never the password's hash)."""

    id: int
    name: str
    role: Role
    created_at: dt.datetime
    failed_signins: int


@dataclass(frozen=True)
class SignedIn:
    """A person who gave the right password: who they are and the session epoch their
    sign-in belongs to (a password or role change later ends it)."""

    id: int
    name: str
    role: Role
    epoch: int

    @property
    def actor(self) -> Actor:
        return Actor(self.name, self.role)


class UserError(PortfolioError):
    """A change to the office's people that cannot be made (nothing was changed).

    It keeps its message (Chinese, the catalog's msgid) and values, so each reader hears it
    in their language; ``str()`` says it in Chinese."""

    def __init__(self, said: str, /, **values: object) -> None:
        self.said = said
        self.values = values
        super().__init__(self.message(Language.ZH))

    def message(self, lang: Language) -> str:
        return tr(lang, self.said, **self.values)


class SignInRefusedError(UserError):
    """A sign-in refused: wrong name or password, or too many wrong passwords just now
    (``wait_seconds`` says how long before the next try is checked)."""

    def __init__(self, wait_seconds: int = 0) -> None:
        self.wait_seconds = wait_seconds
        if wait_seconds:
            super().__init__(N_("错误次数过多，请 {seconds} 秒后再试"), seconds=wait_seconds)
        else:
            super().__init__(N_("用户名或密码不正确"))


def wait_after(failures: int) -> int:
    """Seconds a person must wait after ``failures`` wrong passwords in a row.

    >>> [wait_after(n) for n in (2, 3, 4, 5, 20)]
    [0, 5, 10, 20, 900]
    """
    if failures < FREE_FAILURES:
        return 0
    doublings: int = min(failures - FREE_FAILURES, 20)
    return min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS << doublings)


def list_users(session: Session) -> list[UserView]:
    """Everyone who may sign in, by name."""
    return [_view(user) for user in session.scalars(select(m.User).order_by(m.User.name))]


def count_admins(session: Session) -> int:
    return session.scalar(select(func.count()).where(m.User.role == Role.ADMIN.value)) or 0


def add_user(session: Session, actor: Actor, name: str, role: Role, password: str) -> UserView:
    """Add a person; refuses a name taken or unfit, and a password too short."""
    name = _checked_name(name)
    _check_password(password)
    if session.scalar(select(m.User.id).where(m.User.name == name)) is not None:
        raise UserError(N_("用户“{name}”已存在"), name=name)
    user = m.User(
        name=name,
        role=role.value,
        password_hash=generate_password_hash(password),
        failed_signins=0,
        session_epoch=0,
        created_at=dt.datetime.now(dt.UTC),
    )
    session.add(user)
    session.flush()
    record(session, actor, AuditAction.ADD_USER, name, {}, {"role": role.value})
    return _view(user)


def remove_user(session: Session, actor: Actor, name: str) -> None:
    """Remove a person (their sessions end with them); never the last administrator."""
    user = _user(session, name)
    _keep_an_admin(session, user, None)
    session.delete(user)
    record(session, actor, AuditAction.REMOVE_USER, name, {"role": user.role}, {})


def set_role(session: Session, actor: Actor, name: str, role: Role) -> UserView:
    """Give a person another role; their open sessions end (their pages were drawn for the
    old role). The last administrator keeps theirs."""
    user = _user(session, name)
    before = user.role
    if before == role.value:
        return _view(user)
    _keep_an_admin(session, user, role)
    user.role = role.value
    user.session_epoch += 1
    record(session, actor, AuditAction.SET_ROLE, name, {"role": before}, {"role": role.value})
    return _view(user)


def set_password(session: Session, actor: Actor, name: str, password: str) -> None:
    """Give a person a new password; their open sessions end and past failures are forgiven.
    The audit trail records that it changed, never the password or its hash."""
    _check_password(password)
    user = _user(session, name)
    user.password_hash = generate_password_hash(password)
    user.session_epoch += 1
    user.failed_signins = 0
    user.last_failed_at = None
    record(session, actor, AuditAction.SET_PASSWORD, name, {}, {"password": "changed"})


def check_sign_in(
    session: Session, name: str, password: str, now: dt.datetime
) -> SignedIn | SignInRefusedError:
    """The person ``name`` if ``password`` is theirs, else the refusal, with the failure
    counted (returned, not raised, so that the caller commits the count)."""
    # FOR UPDATE: tries of one name in parallel queue here, so each sees the others' failures.
    user = session.scalar(select(m.User).where(m.User.name == name.strip()).with_for_update())
    if user is None:
        _matches(_UNKNOWN_HASH, password)  # as long as a known name's check: names stay secret
        return SignInRefusedError()
    if user.last_failed_at is not None:
        waited = (now - _aware(user.last_failed_at)).total_seconds()
        left = wait_after(user.failed_signins) - int(waited)
        if left > 0:
            return SignInRefusedError(left)
    if not _matches(user.password_hash, password):
        failures = user.failed_signins + 1  # the UPDATE below refreshes the object too
        session.execute(
            update(m.User)
            .where(m.User.id == user.id)
            .values(failed_signins=m.User.failed_signins + 1, last_failed_at=now)
        )
        return SignInRefusedError(wait_after(failures))
    user.failed_signins = 0
    user.last_failed_at = None
    return SignedIn(user.id, user.name, Role(user.role), user.session_epoch)


def signed_in(session: Session, user_id: int, epoch: int) -> SignedIn | None:
    """The person of a session, while it is still theirs: ``None`` once they were removed or
    their password or role changed since (``epoch`` is then behind)."""
    user = session.get(m.User, user_id)
    if user is None or user.session_epoch != epoch:
        return None
    return SignedIn(user.id, user.name, Role(user.role), user.session_epoch)


class Users:
    """The office's people in one workspace; each change checks the right to manage them."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        acting: Callable[[Actor | None, Right], Actor],
    ) -> None:
        self._sessions = sessions
        self._acting = acting

    def list(self) -> list[UserView]:
        with self._sessions() as session:
            return list_users(session)

    def admins(self) -> int:
        """How many administrators there are (the office server needs one to open up)."""
        with self._sessions() as session:
            return count_admins(session)

    def add(self, name: str, role: Role, password: str, *, actor: Actor | None = None) -> UserView:
        """Add a person (see :func:`add_user`)."""
        who = self._acting(actor, Right.MANAGE_USERS)
        with self._sessions.begin() as session:
            return add_user(session, who, name, role, password)

    def remove(self, name: str, *, actor: Actor | None = None) -> None:
        """Remove a person (see :func:`remove_user`)."""
        who = self._acting(actor, Right.MANAGE_USERS)
        with self._sessions.begin() as session:
            remove_user(session, who, name)

    def set_role(self, name: str, role: Role, *, actor: Actor | None = None) -> UserView:
        """Change a person's role (see :func:`set_role`)."""
        who = self._acting(actor, Right.MANAGE_USERS)
        with self._sessions.begin() as session:
            return set_role(session, who, name, role)

    def set_password(self, name: str, password: str, *, actor: Actor | None = None) -> None:
        """Change a person's password (see :func:`set_password`)."""
        who = self._acting(actor, Right.MANAGE_USERS)
        with self._sessions.begin() as session:
            set_password(session, who, name, password)

    def authenticate(self, name: str, password: str, *, now: dt.datetime | None = None) -> SignedIn:
        """The person signing in; raises :class:`SignInRefusedError` (the failure is stored
        first, so the wait holds in every process)."""
        with self._sessions.begin() as session:
            outcome = check_sign_in(session, name, password, now or dt.datetime.now(dt.UTC))
        if isinstance(outcome, SignInRefusedError):
            raise outcome
        return outcome

    def signed_in(self, user_id: int, epoch: int) -> SignedIn | None:
        """The person of a session while it is still theirs (see :func:`signed_in`)."""
        with self._sessions() as session:
            return signed_in(session, user_id, epoch)


def _user(session: Session, name: str) -> m.User:
    user = session.scalar(select(m.User).where(m.User.name == name.strip()))
    if user is None:
        raise UserError(N_("没有用户“{name}”"), name=name)
    return user


def _keep_an_admin(session: Session, user: m.User, role: Role | None) -> None:
    """Refuse to remove or demote the last administrator: no one could manage people then."""
    if user.role != Role.ADMIN.value or role is Role.ADMIN:
        return
    # Lock the administrators' rows: two of them demoting each other at once cannot both pass.
    admins = session.scalars(
        select(m.User.id).where(m.User.role == Role.ADMIN.value).with_for_update()
    ).all()
    if len(admins) <= 1:
        raise UserError(N_("“{name}”是最后一位管理员，不能删除或降级"), name=user.name)


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise UserError(N_("用户名须为 1 到 {n} 个字符"), n=MAX_NAME_LENGTH)
    if any(unicodedata.category(char).startswith(("C", "Z")) and char != " " for char in name):
        raise UserError(N_("用户名不能含控制字符或特殊空白"))
    return name


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(N_("密码至少 {n} 个字符"), n=MIN_PASSWORD_LENGTH)


def _aware(stamp: dt.datetime) -> dt.datetime:
    # SQLite gives back naive datetimes; they were stored in UTC.
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _view(user: m.User) -> UserView:
    return UserView(
        id=user.id,
        name=user.name,
        role=Role(user.role),
        created_at=_aware(user.created_at),
        failed_signins=user.failed_signins,
    )
