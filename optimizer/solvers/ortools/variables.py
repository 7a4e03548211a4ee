"""Decision variables: one Boolean per schedule option, and whether each project is funded."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from optimizer.options import ScheduleOption, Scope
from optimizer.problem import ProblemData


@dataclass
class Variables:
    """``choices[id]`` pairs each option of a project with its Boolean; exactly one is true
    when ``funded[id]`` is. Excluded projects have no variables at all."""

    funded: dict[str, Any]
    choices: dict[str, list[tuple[ScheduleOption, Any]]]
    # Projects whose options all have one length may also get an integer start variable
    # (see constraints/cumulative.py), equal to ``Σ option.start × option`` at all times.
    starts: dict[str, Any] = field(default_factory=dict)
    lengths: dict[str, int] = field(default_factory=dict)
    planned_ends: dict[str, int] = field(default_factory=dict)
    # Start-only projects have no option Booleans (``choices`` is empty): their option is the
    # one starting where their start variable says.
    by_start: dict[str, dict[int, ScheduleOption]] = field(default_factory=dict)
    # Flexible projects choose their spend: ``amounts[id][period]`` is the amount of a period
    # some option covers, ``flexible_scopes[id][scope][period]`` how it falls on a cap scope
    # (see constraints/flexible.py). Their options' own ``spend`` is only the even estimate.
    amounts: dict[str, dict[int, Any]] = field(default_factory=dict)
    flexible_scopes: dict[str, dict[Scope, dict[int, Any]]] = field(default_factory=dict)
    # ``splits[id][period][county]``: the (floor, extra 万元) variables of a county's part.
    splits: dict[str, dict[int, dict[str, tuple[Any, Any]]]] = field(default_factory=dict)

    def active(self, project_id: str, period: int) -> Any:
        """1 when the project runs in ``period`` (its options there are exclusive)."""
        choices = self.choices.get(project_id, [])
        return sum(var for option, var in choices if option.is_active(period))

    def start(self, project_id: str) -> Any:
        """Start period of the chosen option, 0 when unfunded."""
        if project_id in self.starts:
            return self.starts[project_id]
        return sum(option.start * var for option, var in self.choices.get(project_id, []))

    def end(self, project_id: str) -> Any:
        """End period of the chosen option, 0 when unfunded."""
        if project_id in self.starts:
            # The start is 0 when unfunded, so the length counts only when funded.
            return (
                self.starts[project_id] + (self.lengths[project_id] - 1) * self.funded[project_id]
            )
        return sum(option.end * var for option, var in self.choices.get(project_id, []))

    def lateness(self, project_id: str) -> Any:
        """Periods late at completion of the chosen option (start delay + stretch), 0 when
        unfunded."""
        if project_id in self.starts:
            return self.end(project_id) - self.planned_ends[project_id] * self.funded[project_id]
        return sum(option.lateness * var for option, var in self.choices.get(project_id, []))

    def planned_var(self, project_id: str) -> Any | None:
        """The Boolean of the planned option (no delay, no stretch)."""
        for option, var in self.choices.get(project_id, []):
            if option.delay == 0 and option.stretch == 0:
                return var
        return None


def add_variables(
    model: cp_model.CpModel,
    data: ProblemData,
    options: Mapping[str, tuple[ScheduleOption, ...]],
    start_only: Collection[str] = (),
) -> Variables:
    """Create the option Booleans and tie them to ``funded``: one option iff funded.

    Projects in ``start_only`` get only ``funded`` here; their start variable comes with the
    scheduling view (``constraints/cumulative.py``).
    """
    funded: dict[str, Any] = {}
    choices: dict[str, list[tuple[ScheduleOption, Any]]] = {}
    for project in data.projects:
        project_options = options.get(project.id, ())
        if project.excluded or not project_options:
            continue
        funded[project.id] = model.new_bool_var(f"funded[{project.id}]")
        if project.id in start_only:
            choices[project.id] = []
            continue
        choices[project.id] = [
            (option, model.new_bool_var(f"option[{project.id},{option.delay},{option.stretch}]"))
            for option in project_options
        ]
        model.add(sum(var for _, var in choices[project.id]) == funded[project.id])
    return Variables(funded=funded, choices=choices)
