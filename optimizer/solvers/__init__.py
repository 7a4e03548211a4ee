"""Solver back ends. Only ``optimizer.solvers.ortools`` imports OR-Tools."""
