"""Finish-to-start links between projects."""

from __future__ import annotations

from ortools.sat.python import cp_model

from optimizer.problem import ProblemData
from optimizer.result import ConstraintFamily, ConstraintRef
from optimizer.solvers.ortools.switches import Switches
from optimizer.solvers.ortools.variables import Variables


def add_links(
    model: cp_model.CpModel, data: ProblemData, variables: Variables, switches: Switches
) -> None:
    """A funded successor needs a funded predecessor, and starts at the earliest ``lag + 1``
    periods after the predecessor's last period."""
    for link in data.links:
        successor = variables.funded.get(link.successor)
        if successor is None:
            continue
        ref = ConstraintRef(ConstraintFamily.LINK, link.key)
        predecessor = variables.funded.get(link.predecessor)
        if predecessor is None:
            # An excluded predecessor leaves the successor nothing to follow.
            switches.guard(model.add(successor == 0), ref)
            continue
        switches.guard(model.add(successor <= predecessor), ref)
        switches.guard(
            model.add(
                variables.start(link.successor) >= variables.end(link.predecessor) + 1 + link.lag
            ),
            ref,
            successor,
        )
