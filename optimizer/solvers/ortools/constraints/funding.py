"""Who must be funded and who cannot move: must-fund, required, locks and history."""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from optimizer.params import Objective, funds_everything
from optimizer.problem import ProblemData
from optimizer.result import ConstraintFamily, ConstraintRef
from optimizer.solvers.ortools.switches import Switches
from optimizer.solvers.ortools.variables import Variables


def add_funding(
    model: cp_model.CpModel,
    data: ProblemData,
    variables: Variables,
    objectives: Sequence[Objective],
    switches: Switches,
) -> None:
    """Started projects are funded and fixed; locked ones fixed; must-fund ones funded; and
    all projects not excluded are funded when ``value`` is not an objective."""
    everything = funds_everything(objectives)
    for project in data.projects:
        funded = variables.funded.get(project.id)
        if funded is None:
            continue
        moved = [
            var
            for option, var in variables.choices[project.id]
            if (option.delay, option.stretch) != (0, 0)
        ]
        if data.has_started(project):
            ref = ConstraintRef(ConstraintFamily.HISTORY, project.id)
            switches.guard(model.add(funded == 1), ref)
            if moved:
                switches.guard(model.add(sum(moved) == 0), ref)
            continue
        if project.locked and moved:
            ref = ConstraintRef(ConstraintFamily.LOCK, project.id)
            switches.guard(model.add(sum(moved) == 0), ref)
        if project.must_fund:
            ref = ConstraintRef(ConstraintFamily.MUST_FUND, project.id)
            switches.guard(model.add(funded == 1), ref)
        elif everything:
            ref = ConstraintRef(ConstraintFamily.REQUIRED, project.id)
            switches.guard(model.add(funded == 1), ref)
