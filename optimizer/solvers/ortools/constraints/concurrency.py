"""Concurrency limits: how many projects may run at once in a county or with a unit."""

from __future__ import annotations

from ortools.sat.python import cp_model

from optimizer.options import concurrency_keys
from optimizer.problem import ProblemData
from optimizer.result import ConstraintFamily, ConstraintRef
from optimizer.solvers.ortools.switches import Switches
from optimizer.solvers.ortools.variables import Variables


def add_concurrency(
    model: cp_model.CpModel, data: ProblemData, variables: Variables, switches: Switches
) -> None:
    """Σ over the scope's projects of "active in period" ≤ limit, for each planning period
    the limit covers (history periods are facts, not decisions)."""
    first_planning = data.first_planning_period
    for limit in data.concurrency:
        members = [
            project.id
            for project in data.projects
            if project.id in variables.choices
            and (limit.kind, limit.key) in concurrency_keys(project)
        ]
        periods = data.planning_periods if limit.period is None else [limit.period]
        for period in periods:
            if period < first_planning:
                continue
            terms = [
                var
                for project_id in members
                for option, var in variables.choices[project_id]
                if option.is_active(period)
            ]
            # Fewer candidates than the limit: cannot bind, so keep it out of explanations.
            if len(terms) <= limit.limit:
                continue
            ref = ConstraintRef(ConstraintFamily.CONCURRENCY, limit.key, period, limit.kind.value)
            switches.guard(model.add(sum(terms) <= limit.limit), ref)
