"""Constraint families, one module each: funding rules, budget caps, concurrency, links."""

from optimizer.solvers.ortools.constraints.caps import add_caps
from optimizer.solvers.ortools.constraints.concurrency import add_concurrency
from optimizer.solvers.ortools.constraints.funding import add_funding
from optimizer.solvers.ortools.constraints.links import add_links

__all__ = ["add_caps", "add_concurrency", "add_funding", "add_links"]
