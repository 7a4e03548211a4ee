"""The linear relaxation of a CP-SAT model (GLOP), which guides the core heuristic."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from optimizer.solvers.ortools.relaxation import Relaxation, lp_target, objective_terms, relax


def _values(relaxation: Relaxation | None) -> list[float] | None:
    return None if relaxation is None else relaxation.values


def test_a_knapsack_takes_the_better_item_whole_and_the_other_in_part() -> None:
    model = cp_model.CpModel()
    a, b = model.new_bool_var("a"), model.new_bool_var("b")
    model.add(2 * a + 2 * b <= 3)
    model.maximize(3 * a + 2 * b)
    values = _values(relax(model))
    assert values is not None
    assert values[a.index] == pytest.approx(1.0) and values[b.index] == pytest.approx(0.5)


def test_reduced_costs_price_each_item_by_the_capacity_it_takes() -> None:
    model = cp_model.CpModel()
    a, b, c = (model.new_bool_var(name) for name in "abc")
    model.add(2 * a + 2 * b + 2 * c <= 3)
    model.maximize(3 * a + 2 * b + c)
    relaxation = relax(model)
    assert relaxation is not None
    # b is fractional and prices the capacity at 1 per unit (its profit per weight): a, at
    # its upper bound, would lose 3 − 2 = 1 of the (negated) objective per unit out, c, at 0,
    # 2 − 1 = 1 per unit in.
    costs = relaxation.reduced_costs
    assert costs[a.index] == pytest.approx(-1.0)
    assert costs[b.index] == pytest.approx(0.0)
    assert costs[c.index] == pytest.approx(1.0)


def test_integer_domains_are_relaxed_to_their_span() -> None:
    model = cp_model.CpModel()
    x = model.new_int_var_from_domain(cp_model.Domain.from_values([0, 7]), "x")
    model.maximize(x)
    values = _values(relax(model))
    assert values is not None and values[x.index] == pytest.approx(7.0)


def test_negated_literals_and_boolean_constraints_are_linear() -> None:
    model = cp_model.CpModel()
    a, b, c = (model.new_bool_var(name) for name in "abc")
    model.add_at_most_one([a, b])
    model.add_bool_or([a.Not(), c.Not()])  # not both a and c
    model.add_exactly_one([b, c])
    model.maximize(a + 2 * b + c)
    values = _values(relax(model))
    assert values is not None
    assert values[a.index] + values[b.index] <= 1 + 1e-9
    assert values[a.index] + values[c.index] <= 1 + 1e-9
    assert values[b.index] + values[c.index] == pytest.approx(1.0)
    # The optimum of the relaxation: b = 1 (then a = c = 0), value 2.
    assert values[a.index] + 2 * values[b.index] + values[c.index] == pytest.approx(2.0)


def test_bool_and_fixes_its_literals_when_enforced() -> None:
    model = cp_model.CpModel()
    a, b = model.new_bool_var("a"), model.new_bool_var("b")
    model.add_bool_and([a.Not()]).only_enforce_if(b)
    model.add(b == 1)
    model.maximize(a)
    values = _values(relax(model))
    assert values is not None and values[a.index] == pytest.approx(0.0)


def test_an_enforced_constraint_binds_in_proportion_to_its_literal() -> None:
    model = cp_model.CpModel()
    on = model.new_bool_var("on")
    x = model.new_int_var(0, 10, "x")
    # x ≤ 2 when on; relaxed: x ≤ 2 + 8 (1 − on).
    model.add(x <= 2).only_enforce_if(on)
    model.add(on == 1)
    model.maximize(x)
    values = _values(relax(model))
    assert values is not None and values[x.index] == pytest.approx(2.0)
    off = cp_model.CpModel()
    on, x = off.new_bool_var("on"), off.new_int_var(0, 10, "x")
    off.add(x <= 2).only_enforce_if(on.Not())
    off.add(on == 0)
    off.maximize(x)
    values = _values(relax(off))
    assert values is not None and values[x.index] == pytest.approx(2.0)


def test_constraints_that_are_not_linear_are_left_out() -> None:
    model = cp_model.CpModel()
    x, y = model.new_int_var(0, 3, "x"), model.new_int_var(0, 9, "y")
    model.add_multiplication_equality(y, [x, x])
    model.maximize(y - x)
    values = _values(relax(model))
    assert values is not None  # y = 9, x = 0: the product is not in the relaxation
    assert values[y.index] == pytest.approx(9.0) and values[x.index] == pytest.approx(0.0)


def test_an_infeasible_relaxation_gives_nothing() -> None:
    model = cp_model.CpModel()
    a, b = model.new_bool_var("a"), model.new_bool_var("b")
    model.add(a + b >= 3)
    model.maximize(a)
    assert relax(model) is None


def test_the_lp_target_rounds_the_relaxation_up_to_an_integer() -> None:
    model = cp_model.CpModel()
    a, b = model.new_bool_var("a"), model.new_bool_var("b")
    model.add(2 * a + 2 * b >= 3)
    model.minimize(3 * a + 2 * b + 7)  # LP: b = 1, a = 1/2: terms 3.5 (the offset aside)
    values = _values(relax(model))
    assert values is not None and lp_target(model, values) == 4


def test_the_lp_target_allows_for_glops_tolerance_on_large_values() -> None:
    model = cp_model.CpModel()
    x = model.new_int_var(0, 10_000_000, "x")
    model.minimize(x)
    # An LP optimum a few thousandths above an integer of millions is that integer.
    assert lp_target(model, [4_602_556.004]) == 4_602_556
    assert lp_target(model, [4_602_556.4]) == 4_602_557


def test_objective_terms_are_over_the_models_own_variables() -> None:
    model = cp_model.CpModel()
    a, b = model.new_bool_var("a"), model.new_bool_var("b")
    model.minimize(2 * a + 3 * b.Not())
    clone = model.clone()
    clone.add(objective_terms(clone) <= 0)  # a = 0 and b = 1
    solver = cp_model.CpSolver()
    assert solver.solve(clone) == cp_model.OPTIMAL
    assert solver.value(a) == 0 and solver.value(b) == 1
