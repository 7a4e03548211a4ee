"""OR-Library multidimensional knapsack files (Chu & Beasley's ``mknapcb*``, ``mknap1``) and
their best-known values (``mkcbres``), read exactly (profits as ``Decimal``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True)
class KnapsackInstance:
    """A multidimensional knapsack: ``weights[t][j]`` is item ``j``'s weight in constraint ``t``.

    ``optimum`` is the value given with the instance (``mknap1``), if any.
    """

    name: str
    profits: tuple[Decimal, ...]
    weights: tuple[tuple[int, ...], ...]
    capacities: tuple[int, ...]
    optimum: Decimal | None = None


def _integer(token: str, where: str) -> int:
    value = Decimal(token)
    if value != value.to_integral_value():
        raise ValueError(f"{where}: {token} is not an integer")
    return int(value)


def _instance_size(tokens: Sequence[str], position: int) -> tuple[int, int, str]:
    """``n m opt`` of the instance starting at ``position``."""
    return int(tokens[position]), int(tokens[position + 1]), tokens[position + 2]


def parse_orlib(path: Path, prefix: str | None = None) -> list[KnapsackInstance]:
    """Read an OR-Library ``mknap1``/``mknapcb`` file: K, then per instance ``n m opt``,
    n profits, m rows of n weights, m capacities. Instances are named ``prefix-index``;
    ``prefix`` is ``m.n`` for ``mknapcb`` files (``5.100-00``, as in ``mkcbres``) and the file's
    stem otherwise (``mknap1-00``). A zero ``opt`` means none is given.
    """
    tokens = path.read_text(encoding="ascii").split()
    count = int(tokens[0])
    position = 1
    instances: list[KnapsackInstance] = []
    for index in range(count):
        n, m, optimum_token = _instance_size(tokens, position)
        position += 3
        default_prefix = f"{m}.{n}" if path.stem.startswith("mknapcb") else path.stem
        name = f"{prefix or default_prefix}-{index:02d}"
        profits = tuple(Decimal(token) for token in tokens[position : position + n])
        position += n
        weights = []
        for row in range(m):
            where = f"{path.name} {name} weight row {row}"
            weights.append(tuple(_integer(t, where) for t in tokens[position : position + n]))
            position += n
        where = f"{path.name} {name} capacities"
        capacities = tuple(_integer(t, where) for t in tokens[position : position + m])
        position += m
        if len(capacities) != m or any(len(row) != n for row in weights) or len(profits) != n:
            raise ValueError(f"{path.name}: instance {name} is cut short")
        optimum = Decimal(optimum_token)
        instances.append(
            KnapsackInstance(name, profits, tuple(weights), capacities, optimum or None)
        )
    if position != len(tokens):
        raise ValueError(f"{path.name}: {len(tokens) - position} numbers after the last instance")
    return instances


def read_best(path: Path) -> dict[str, int]:
    """Best-known values by instance name from ``mkcbres``'s first table (``5.100-00 24381``);
    the LP-relaxation table that follows (values with a decimal point) is not read."""
    best: dict[str, int] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        match = re.fullmatch(r"\s*(\d+\.\d+-\d+)\s+(\d+)\s*", line)
        if match and match.group(1) not in best:
            best[match.group(1)] = int(match.group(2))
    return best


def profit_scale(profits: Sequence[Decimal]) -> int:
    """The smallest power of ten that makes every profit an integer."""
    places = 0
    for profit in profits:
        exponent = profit.as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            places = max(places, -exponent)
    return int(10**places)
