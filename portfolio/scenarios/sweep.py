"""A budget sweep: one scenario solved at a range of one cap (the efficient frontier).

The knob is one cap or cut of the scenario file, or several moved together
(``total:2024``, ``county:晋江市:2023``, ``city:泉州市:2024``, ``table:附件1:2024``,
``plan:KEY:2024``, ``cut:2023``). Each point is the scenario file with the knob's amounts
replaced (a scenario of its own, named ``NAME · 2024总额 150亿``), solved as any run is: a
point's objectives are those of a single run of its text. Money points are exact integer
万元; a cut, or a cap written as a percentage, moves in exact percent.

This module is pure: the knob, the points' values and texts, the projects that change between
neighbouring points, and the frontier's knee. Running the points is
:mod:`portfolio.services.sweeps`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import tomli_w

from portfolio.cells import CellError, MoneyUnit, parse_money
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.formatting import yi_text
from portfolio.i18n import N_, tr
from portfolio.scenarios.outcome import ScenarioResult

CAP_KINDS = ("total", "county", "city", "table", "plan")
# The kinds as the 情景 page asks for them (a full-width colon is read as a colon).
KIND_WORDS = {
    "总额": "total",
    "县": "county",
    "市": "city",
    "表": "table",
    "规划": "plan",
    "压减": "cut",
}
MAX_POINTS = 201  # a sweep of more points is a typo in its step, not a question


class SweepError(PortfolioError):
    """A knob or range that cannot be swept (``message`` names which and why)."""

    def __init__(self, text: str, **values: object) -> None:
        super().__init__(text.format(**values))
        self.text = text
        self.values = values

    def message(self, lang: Language) -> str:
        return tr(lang, self.text, **self.values)


@dataclass(frozen=True)
class Knob:
    """One cap (``kind``, ``scope``, ``year``) or one year's cut (``kind == "cut"``)."""

    kind: str
    scope: str
    year: int

    @property
    def label(self) -> str:
        """How the knob reads in a point's scenario name: ``2024总额``, ``晋江市2023``,
        ``2023压减``."""
        if self.kind == "total":
            return f"{self.year}总额"
        if self.kind == "cut":
            return f"{self.year}压减"
        return f"{self.scope}{self.year}"


@dataclass(frozen=True, order=True)
class Value:
    """A point's amount: exact 万元, or exact percent (a cut, a cap as a share)."""

    number: Decimal
    percent: bool

    @property
    def wan(self) -> int | None:
        return None if self.percent else int(self.number)

    @property
    def written(self) -> str:
        """As the scenario file writes it: ``1500000万``, ``20%``."""
        return f"{self.number.normalize():f}%" if self.percent else f"{int(self.number)}万"

    @property
    def shown(self) -> str:
        """As a name shows it: ``150亿``, ``20%``."""
        return f"{self.number.normalize():f}%" if self.percent else f"{yi_text(int(self.number))}亿"


@dataclass(frozen=True)
class ProjectChange:
    """A project that differs between a point and the one before it: funded or not, and
    its delay in whole years (``None`` when unfunded)."""

    id: int
    name: str
    before_delay: int | None
    after_delay: int | None


def parse_knob(text: str) -> Knob:
    """``total:2024`` / ``county:晋江市:2023`` / ``cut:2023``, or in Chinese ``总额:2024`` /
    ``县:晋江市:2023`` / ``压减:2023`` (raises :class:`SweepError`)."""
    parts = text.strip().replace("：", ":").split(":")
    kind = KIND_WORDS.get(parts[0], parts[0])
    wanted = 2 if kind in ("total", "cut") else 3
    if kind not in (*CAP_KINDS, "cut") or len(parts) != wanted or not parts[-1].isdigit():
        raise SweepError(
            N_(
                "无法识别扫描的上限“{knob}”：应为 总额:年、压减:年或 县|市|表|规划:名称:年"
                "（也可写 total、cut、county、city、table、plan）"
            ),
            knob=text,
        )
    return Knob(kind, parts[1] if wanted == 3 else "", int(parts[-1]))


def parse_value(text: str) -> Value:
    """``150亿``, ``5000万`` (exact 万元) or ``20%``, a step maybe negative (``-10亿``);
    raises :class:`SweepError`."""
    written = text.strip()
    if written.startswith("-"):
        value = parse_value(written[1:])
        return Value(-value.number, value.percent)
    try:
        if written.endswith("%"):
            return Value(Decimal(written[:-1]), True)
        if not written.endswith(("亿", "万")):
            raise SweepError(N_("金额“{value}”没有单位：请写明亿或万"), value=text)
        wan = parse_money(written, MoneyUnit.WAN)
    except (CellError, InvalidOperation) as exc:
        raise SweepError(N_("“{value}”不是金额（须为整万元）或百分比"), value=text) from exc
    if wan is None:
        raise SweepError(N_("“{value}”不是金额（须为整万元）或百分比"), value=text)
    return Value(Decimal(wan), False)


def sweep_values(start: str, stop: str, step: str) -> list[Value]:
    """The points from ``start`` to ``stop`` (both included when the step lands on it) by
    ``step``, all money or all percent; the step may be negative to sweep downwards."""
    first, last, by = parse_value(start), parse_value(stop), parse_value(step)
    if not first.percent == last.percent == by.percent:
        raise SweepError(N_("起点、终点和步长须同为金额或同为百分比"))
    if first.number < 0 or last.number < 0:
        raise SweepError(N_("上限不能为负数"))
    if by.number == 0 or (last.number - first.number) * by.number < 0:
        raise SweepError(N_("步长 {step} 到不了终点"), step=step)
    count = int((last.number - first.number) / by.number) + 1
    if count > MAX_POINTS:
        raise SweepError(N_("扫描点数 {n} 超过上限 {most}"), n=count, most=MAX_POINTS)
    return [Value(first.number + i * by.number, first.percent) for i in range(count)]


def point_text(text: str, knobs: Sequence[Knob], value: Value) -> tuple[str, str]:
    """The scenario file with every knob set to ``value`` and its name marked with the
    point: returns the point's name and text (raises :class:`SweepError`). The text is
    written anew from the parsed file: its comments are not kept."""
    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SweepError(N_("情景文件不是有效的 TOML：{detail}"), detail=exc) from exc
    for knob in knobs:
        if knob.kind == "cut":
            if not value.percent:
                raise SweepError(N_("压减须以百分比扫描（如 --from 10% --to 30% --step 5%）"))
            _table(raw, "cuts")[str(knob.year)] = value.written
            continue
        table = _table(_table(raw, "caps"), knob.kind)
        if knob.kind != "total":
            table = _table(table, knob.scope)
        table[str(knob.year)] = value.written
    # The frontier itself says what more money buys and where the cap stops binding: a
    # point's run does not work out its own marginal values and smallest changes.
    _table(raw, "explain")["alternatives"] = False
    labels = "+".join(knob.label for knob in knobs)
    name = f"{raw.get('name', '情景')} · {labels} {value.shown}"
    raw["name"] = name
    return name, tomli_w.dumps(raw)


def _table(raw: dict[str, Any], key: str) -> dict[str, Any]:
    table = raw.setdefault(key, {})
    if not isinstance(table, dict):
        raise SweepError(N_("情景文件的“{key}”不是表"), key=key)
    return table


def changes(before: ScenarioResult, after: ScenarioResult) -> tuple[ProjectChange, ...]:
    """The projects funded in one point and not the other, or delayed by a different number
    of years (both points must have a plan; otherwise none is listed)."""
    if not (before.has_plan and after.has_plan):
        return ()
    old = {p.id: p for p in before.projects}
    listed = []
    for project in after.projects:
        prior = old.get(project.id)
        if prior is None:
            continue
        was = prior.delay_years if prior.funded else None
        now = project.delay_years if project.funded else None
        if was != now:
            listed.append(ProjectChange(project.id, project.name, was, now))
    return tuple(listed)


def knee(points: Sequence[tuple[float, float]]) -> int | None:
    """The index of the frontier's knee, ``None`` with fewer than three points or a flat one.

    The rule: both axes are scaled to [0, 1] over the points given (so that 万元 and
    objective units weigh alike), and the knee is the point farthest from the chord between
    the first and the last point (the first such point on a tie). Where the frontier bends
    most, each step of money buys noticeably less than the one before."""
    if len(points) < 3:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if width == 0 or height == 0:
        return None
    scaled = [((x - min(xs)) / width, (y - min(ys)) / height) for x, y in points]
    (x0, y0), (x1, y1) = scaled[0], scaled[-1]
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    distances = [abs((y1 - y0) * x - (x1 - x0) * y + x1 * y0 - y1 * x0) for x, y in scaled]
    best = max(range(len(points)), key=lambda i: (distances[i], -i))
    return best if length > 0 and distances[best] > 1e-9 else None
