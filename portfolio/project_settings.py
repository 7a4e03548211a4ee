"""A project's scenario settings: how every scenario treats it unless the scenario file says
otherwise (priority, must fund, locked to its planned years, excluded, max delay).

>>> ProjectSettings(priority=3, locked=True).scenario_values()
{'priority': 3, 'locked': True}
>>> settings_problems(ProjectSettings(priority=0, max_delay=-1))
[('priority', 'priority 0 is below 1'), ('max_delay', 'max delay -1 is negative')]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portfolio.errors import PortfolioError

MAX_PRIORITY = 100  # priorities weigh delays in the objective; beyond 100 they mean nothing more
MAX_DELAY_YEARS = 10  # two five-year plan periods: a longer delay lies beyond any horizon
SETTING_FIELDS = ("priority", "must_fund", "locked", "excluded", "max_delay")


@dataclass(frozen=True)
class ProjectSettings:
    """A project's settings; the defaults are what a project without settings gets.

    ``max_delay`` of ``None`` leaves the delay to the scenario's ``limits.max_delay``.
    """

    priority: int = 1
    must_fund: bool = False
    locked: bool = False
    excluded: bool = False
    max_delay: int | None = None

    def is_default(self) -> bool:
        return self == ProjectSettings()

    def scenario_values(self) -> dict[str, int | bool]:
        """The settings that differ from the defaults, keyed as a scenario's ``[[overrides]]``."""
        default = ProjectSettings()
        values: dict[str, int | bool] = {}
        for name in SETTING_FIELDS:
            value = getattr(self, name)
            if value != getattr(default, name) and value is not None:
                values[name] = value
        return values


@dataclass(frozen=True)
class StoredSettings:
    """A project's settings as stored: the values, their version (0 for a project never set;
    each save adds one), and who saved them last and when."""

    settings: ProjectSettings
    version: int = 0
    updated_by: str = ""
    updated_at: dt.datetime | None = None


class SettingsError(PortfolioError):
    """Settings that cannot be stored, with each problem and the field it concerns."""

    def __init__(self, project_id: int, problems: list[tuple[str, str]]) -> None:
        self.project_id = project_id
        self.problems = problems
        listed = "; ".join(f"{field}: {message}" for field, message in problems)
        super().__init__(f"project {project_id}: cannot store its settings: {listed}")


class UnknownProjectError(PortfolioError):
    """No project has the id asked for."""

    def __init__(self, project_id: int) -> None:
        self.project_id = project_id
        super().__init__(f"no project with id {project_id}")


def settings_problems(settings: ProjectSettings) -> list[tuple[str, str]]:
    """What is wrong with ``settings``, as (field, message); empty when they can be stored."""
    problems: list[tuple[str, str]] = []
    priority, delay = settings.priority, settings.max_delay
    if isinstance(priority, bool) or not isinstance(priority, int):
        problems.append(("priority", f"priority {priority!r} is not a whole number"))
    elif priority < 1:
        problems.append(("priority", f"priority {priority} is below 1"))
    elif priority > MAX_PRIORITY:
        problems.append(("priority", f"priority {priority} is above {MAX_PRIORITY}"))
    if delay is not None:
        if isinstance(delay, bool) or not isinstance(delay, int):
            problems.append(("max_delay", f"max delay {delay!r} is not a whole number of years"))
        elif delay < 0:
            problems.append(("max_delay", f"max delay {delay} is negative"))
        elif delay > MAX_DELAY_YEARS:
            limit = f"the {MAX_DELAY_YEARS}-year limit"
            problems.append(("max_delay", f"max delay {delay} years lies beyond {limit}"))
    if settings.locked and settings.excluded:
        problems.append(("excluded", "a locked project cannot also be excluded"))
    if settings.must_fund and settings.excluded:
        problems.append(("excluded", "a must-fund project cannot also be excluded"))
    return problems
