"""Decision variables: one Boolean per schedule option, and whether each project is funded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from optimizer.options import ScheduleOption
from optimizer.problem import ProblemData


@dataclass
class Variables:
    """``choices[id]`` pairs each option of a project with its Boolean; exactly one is true
    when ``funded[id]`` is. Excluded projects have no variables at all."""

    funded: dict[str, Any]
    choices: dict[str, list[tuple[ScheduleOption, Any]]]

    def active(self, project_id: str, period: int) -> Any:
        """1 when the project runs in ``period`` (its options there are exclusive)."""
        choices = self.choices.get(project_id, [])
        return sum(var for option, var in choices if option.is_active(period))

    def start(self, project_id: str) -> Any:
        """Start period of the chosen option, 0 when unfunded."""
        return sum(option.start * var for option, var in self.choices.get(project_id, []))

    def end(self, project_id: str) -> Any:
        """End period of the chosen option, 0 when unfunded."""
        return sum(option.end * var for option, var in self.choices.get(project_id, []))

    def delay(self, project_id: str) -> Any:
        """Delay of the chosen option, 0 when unfunded."""
        return sum(option.delay * var for option, var in self.choices.get(project_id, []))

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
) -> Variables:
    """Create the option Booleans and tie them to ``funded``: one option iff funded."""
    funded: dict[str, Any] = {}
    choices: dict[str, list[tuple[ScheduleOption, Any]]] = {}
    for project in data.projects:
        project_options = options.get(project.id, ())
        if project.excluded or not project_options:
            continue
        funded[project.id] = model.new_bool_var(f"funded[{project.id}]")
        choices[project.id] = [
            (option, model.new_bool_var(f"option[{project.id},{option.delay},{option.stretch}]"))
            for option in project_options
        ]
        model.add(sum(var for _, var in choices[project.id]) == funded[project.id])
    return Variables(funded=funded, choices=choices)
