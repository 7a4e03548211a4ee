"""Who may do what: the office's roles, the person acting, and the one check of a right.

The services check every change against the person acting (:func:`require`), so a role's
limits hold whatever calls them: a page, a callback posted by hand, the command line.

- **viewer** (a head of office): reads and exports.
- **planner**: also edits project settings, writes and runs scenarios.
- **admin**: also imports plans, manages people and reads the audit trail.

On the embedded app and at the command line the person acting is the one at this computer
(:func:`this_computer`), with every right: whoever can run the program can open the database
file anyway. The office server has no such default: a request acts as the person signed in.

>>> require(Actor("王芳", Role.VIEWER), Right.EXPORT)
>>> require(Actor("王芳", Role.VIEWER), Right.RUN_SCENARIO)
Traceback (most recent call last):
...
portfolio.access.PermissionDeniedError: 王芳 (viewer) may not run scenarios
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from enum import StrEnum

from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import N_, gettext, tr


class Role(StrEnum):
    VIEWER = "viewer"
    PLANNER = "planner"
    ADMIN = "admin"

    def label(self, lang: Language) -> str:
        """The role's name as the office says it: 查看者, 规划员, 管理员."""
        return gettext(lang, ROLE_LABELS[self])


ROLE_LABELS = {Role.VIEWER: N_("查看者"), Role.PLANNER: N_("规划员"), Role.ADMIN: N_("管理员")}


class Right(StrEnum):
    """What a change or a reading needs; the value says it in English for messages."""

    READ = "read"
    EXPORT = "export"
    EDIT_SETTINGS = "edit project settings"
    WRITE_SCENARIO = "write scenarios"
    RUN_SCENARIO = "run scenarios"
    IMPORT = "import plans"
    MANAGE_USERS = "manage users"
    READ_AUDIT = "read the audit trail"

    def label(self, lang: Language) -> str:
        return gettext(lang, RIGHT_LABELS[self])


RIGHT_LABELS = {
    Right.READ: N_("查看"),
    Right.EXPORT: N_("导出"),
    Right.EDIT_SETTINGS: N_("修改项目设置"),
    Right.WRITE_SCENARIO: N_("编写情景"),
    Right.RUN_SCENARIO: N_("运行情景"),
    Right.IMPORT: N_("导入规划"),
    Right.MANAGE_USERS: N_("管理用户"),
    Right.READ_AUDIT: N_("查看操作记录"),
}

_VIEWER = frozenset({Right.READ, Right.EXPORT})
_PLANNER = _VIEWER | {Right.EDIT_SETTINGS, Right.WRITE_SCENARIO, Right.RUN_SCENARIO}
RIGHTS: dict[Role, frozenset[Right]] = {
    Role.VIEWER: _VIEWER,
    Role.PLANNER: _PLANNER,
    Role.ADMIN: _PLANNER | {Right.IMPORT, Right.MANAGE_USERS, Right.READ_AUDIT},
}


@dataclass(frozen=True)
class Actor:
    """The person a change is made by: a name as recorded in the audit trail, and a role."""

    name: str
    role: Role

    def may(self, right: Right) -> bool:
        return right in RIGHTS[self.role]


class PermissionDeniedError(PortfolioError):
    """The person acting lacks the right the action needs (nothing was changed)."""

    def __init__(self, actor: Actor | None, right: Right) -> None:
        who = "no one signed in" if actor is None else f"{actor.name} ({actor.role.value})"
        super().__init__(f"{who} may not {right.value}")
        self.actor = actor
        self.right = right

    def message(self, lang: Language) -> str:
        """The refusal in the reader's language, naming the role that lacks the right."""
        if self.actor is None:
            return tr(lang, "请先登录，才能{right}", right=self.right.label(lang))
        return tr(
            lang,
            "{name}（{role}）无权{right}",
            name=self.actor.name,
            role=self.actor.role.label(lang),
            right=self.right.label(lang),
        )


def require(actor: Actor | None, right: Right) -> None:
    """Raise :class:`PermissionDeniedError` unless ``actor`` has ``right``."""
    if actor is None or not actor.may(right):
        raise PermissionDeniedError(actor, right)


def this_computer() -> Actor:
    """The person at this computer (embedded app, command line): every right, named by the
    system's user name so that the audit trail says whose account made the change."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        user = "?"
    return Actor(f"{user}@本机", Role.ADMIN)
