"""Enforcement literals that let an explanation drop constraints one by one."""

from __future__ import annotations

from typing import Any

from ortools.sat.python import cp_model

from optimizer.result import ConstraintRef


class Switches:
    """When active, every droppable constraint is enforced only by its own literal, which
    the explainer fixes on or off in each check. When inactive, constraints are added
    plainly."""

    def __init__(self, model: cp_model.CpModel, active: bool) -> None:
        self.model = model
        self.active = active
        self.literals: dict[ConstraintRef, Any] = {}

    def literal(self, ref: ConstraintRef) -> Any:
        """The literal of ``ref``, created on first use."""
        if ref not in self.literals:
            self.literals[ref] = self.model.new_bool_var(f"enforce[{ref.describe()}]")
        return self.literals[ref]

    def guard(self, constraint: Any, ref: ConstraintRef, *conditions: Any) -> None:
        """Make ``constraint`` hold only under ``conditions`` (and ``ref``'s literal)."""
        literals = list(conditions)
        if self.active:
            literals.append(self.literal(ref))
        if literals:
            constraint.only_enforce_if(literals)
