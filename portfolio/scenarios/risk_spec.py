"""A scenario's ``[risk]``: the chance and size of a delay and of a cost overrun.

.. code-block:: toml

    [risk]
    samples = 1000
    seed = 7
    mode = "replan"             # re-plan each sample under the caps ("fixed": measure the plan)
    time_limit = 2              # seconds per re-planned sample
    delay_chance = "20%"        # each project: chance of slipping …
    delay_years = 1             # … by this many whole years
    overrun_chance = "10%"      # chance of costing more …
    overrun = "10%"             # … by this share of what remains to spend
    [risk.plans."quanzhou-st-14fyp"]
    delay_chance = "25%"
    [risk.tables."quanzhou-st-14fyp/附件1"]
    overrun = "15%"
    [risk.projects."清源创新实验室"]  # a name, or an id as text: "109"
    delay_years = 2

A project takes each setting from the narrowest rule that writes it (project, then table,
then plan, then the top of ``[risk]``), else from the office's actuals where the service
found them, else from the stated assumptions :data:`ASSUMED`. Chances are percentages from
0% to 100%; anything else is refused at its line with the rest of the scenario's problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from portfolio.cells import clean
from portfolio.scenarios.problems import ProblemList, ScenarioProblem

DEFAULT_SAMPLES = 200
DEFAULT_SAMPLE_SECONDS = 2.0
MODES = ("replan", "fixed")
MAX_SAMPLES = 100_000  # more is a typo, not a question
RULE_KEYS = ("delay_chance", "delay_years", "overrun_chance", "overrun")
SCOPES = ("plans", "tables", "projects")


@dataclass(frozen=True)
class RiskRule:
    """Per project: the chance (percent) of a delay of ``delay_years`` whole years, and the
    chance (percent) of an overrun of ``overrun`` percent of what remains to spend. A field
    of ``None`` is not written at this level."""

    delay_chance: Decimal | None = None
    delay_years: int | None = None
    overrun_chance: Decimal | None = None
    overrun: Decimal | None = None

    def over(self, broader: RiskRule) -> RiskRule:
        """This rule, its unwritten fields taken from ``broader``."""
        values = {
            f.name: broader.__dict__[f.name]
            if self.__dict__[f.name] is None
            else self.__dict__[f.name]
            for f in fields(self)
        }
        return RiskRule(**values)

    @property
    def complete(self) -> bool:
        return all(getattr(self, key) is not None for key in RULE_KEYS)


# The stated assumptions when neither the file nor the office's actuals say otherwise.
ASSUMED = RiskRule(Decimal(20), 1, Decimal(10), Decimal(10))


@dataclass(frozen=True)
class RiskSpec:
    """``[risk]`` as written: samples, seed, the top rule and the rules per plan (by key),
    table (``plan/table``) and project (name or id, as text); whether each sample is
    re-planned under the caps (``"replan"``) or measured on the fixed plan (``"fixed"``),
    and the seconds a re-plan may take."""

    samples: int = DEFAULT_SAMPLES
    seed: int = 0
    rule: RiskRule = field(default_factory=RiskRule)
    mode: str = "replan"  # one of MODES
    time_limit: float = DEFAULT_SAMPLE_SECONDS
    plans: dict[str, RiskRule] = field(default_factory=dict)
    tables: dict[str, RiskRule] = field(default_factory=dict)
    projects: dict[str, RiskRule] = field(default_factory=dict)

    def with_samples(
        self, samples: int | None, seed: int | None, mode: str | None = None
    ) -> RiskSpec:
        """The spec with the command line's samples, seed and mode, where given."""
        return replace(
            self,
            samples=self.samples if samples is None else samples,
            seed=self.seed if seed is None else seed,
            mode=self.mode if mode is None else mode,
        )


def read_risk(raw: object) -> tuple[RiskSpec, list[ScenarioProblem]]:
    """Read the ``[risk]`` table of a parsed scenario file (``None``: not written), as far as
    it can be read: the spec without the wrong settings, and every problem by key."""
    reader = ProblemList()
    if raw is None:
        return RiskSpec(), []
    if not isinstance(raw, dict):
        reader.refuse("risk", "须为一张表（[risk]）")
        return RiskSpec(), reader.problems
    body = dict(raw)
    samples = _count(reader, "risk.samples", body.pop("samples", DEFAULT_SAMPLES), 1)
    if samples is not None and samples > MAX_SAMPLES:
        reader.refuse("risk.samples", "样本数不能超过 {n}", n=MAX_SAMPLES)
        samples = None
    seed = _count(reader, "risk.seed", body.pop("seed", 0), 0)
    mode = body.pop("mode", "replan")
    if mode not in MODES:
        reader.refuse(
            "risk.mode", "“{value}”不是模拟方式（可写 {known}）", value=mode, known="、".join(MODES)
        )
        mode = "replan"
    seconds = body.pop("time_limit", DEFAULT_SAMPLE_SECONDS)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 < seconds <= 600:
        reader.refuse(
            "risk.time_limit", "每个样本的求解时间须在 0 到 600 秒之间（“{value}”）", value=seconds
        )
        seconds = DEFAULT_SAMPLE_SECONDS
    scoped: dict[str, dict[str, RiskRule]] = {}
    for scope in SCOPES:
        written = body.pop(scope, {})
        if not isinstance(written, dict):
            reader.refuse(f"risk.{scope}", "须为一张表（[risk]）")
            written = {}
        scoped[scope] = {
            str(name): _rule(reader, f"risk.{scope}.{name}", rule) for name, rule in written.items()
        }
    rule = _rule(reader, "risk", body)
    spec = RiskSpec(
        samples=samples or DEFAULT_SAMPLES,
        seed=seed or 0,
        rule=rule,
        mode=str(mode),
        time_limit=float(seconds),
        plans=scoped["plans"],
        tables=scoped["tables"],
        projects=scoped["projects"],
    )
    return spec, reader.problems


def _rule(reader: ProblemList, key: str, written: object) -> RiskRule:
    if not isinstance(written, dict):
        reader.refuse(key, "须为一张表（[risk]）")
        return RiskRule()
    body: dict[str, Any] = dict(written)
    values: dict[str, Any] = {}
    for name in ("delay_chance", "overrun_chance"):
        if name in body:
            values[name] = _percent(reader, f"{key}.{name}", body.pop(name), chance=True)
    if "overrun" in body:
        values["overrun"] = _percent(reader, f"{key}.overrun", body.pop("overrun"), chance=False)
    if "delay_years" in body:
        values["delay_years"] = _count(reader, f"{key}.delay_years", body.pop("delay_years"), 1)
    for extra in sorted(body):
        reader.refuse(
            f"{key}.{extra}", "风险没有这项设置（可写 {known}）", known="、".join(RULE_KEYS)
        )
    return RiskRule(**values)


def _percent(reader: ProblemList, key: str, value: object, *, chance: bool) -> Decimal | None:
    """A percentage written with its sign (``"20%"``); a chance lies within 0%-100%."""
    text = clean(str(value))
    if isinstance(value, bool) or not text.endswith("%"):
        reader.refuse(key, '“{value}”不是百分比：请写如 "20%"', value=value)
        return None
    try:
        percent = Decimal(text.removesuffix("%"))
    except InvalidOperation:
        reader.refuse(key, '“{value}”不是百分比：请写如 "20%"', value=value)
        return None
    if not percent.is_finite() or percent < 0 or (chance and percent > 100):
        if chance:
            reader.refuse(key, "概率须在 0% 到 100% 之间（“{value}”）", value=value)
        else:
            reader.refuse(key, "“{value}”不是 0 或以上的百分比", value=value)
        return None
    return percent


def _count(reader: ProblemList, key: str, value: object, least: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        reader.refuse(key, "“{value}”不是整数", value=value)
        return None
    if value < least:
        reader.refuse(key, "须不小于 {least}（“{value}”）", least=least, value=value)
        return None
    return value
