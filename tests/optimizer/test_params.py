"""Solve parameters and objective names."""

from __future__ import annotations

import pytest

from optimizer import DEFAULT_OBJECTIVES, Objective, SolveParams
from optimizer.params import funds_everything, normalize_objectives


def test_defaults() -> None:
    params = SolveParams()
    assert params.objective_order == DEFAULT_OBJECTIVES == (Objective.DELAY, Objective.LEVEL)
    assert params.num_workers == 2 and params.random_seed == 0
    assert funds_everything(params.objective_order)
    assert not funds_everything((Objective.VALUE,))
    assert Objective.VALUE.maximize and not Objective.LEVEL.maximize


def test_objectives_accept_names_and_refuse_nonsense() -> None:
    assert normalize_objectives(["value", "completion"]) == (Objective.VALUE, Objective.COMPLETION)
    for bad in ([], ["delay", "delay"], ["cost"]):
        with pytest.raises(ValueError):
            normalize_objectives(bad)
    with pytest.raises(ValueError):
        SolveParams(time_limit=0)
    with pytest.raises(ValueError):
        SolveParams(num_workers=0)
