"""The sweep's pure parts: the knob, the points' amounts and texts, the knee."""

from __future__ import annotations

import pytest

from portfolio.exports.model import Language
from portfolio.scenarios.outcome import ProjectOutcome, RunStatus, ScenarioResult
from portfolio.scenarios.spec import parse_scenario
from portfolio.scenarios.sweep import (
    Knob,
    SweepError,
    changes,
    knee,
    parse_knob,
    point_text,
    sweep_values,
)

TEXT = 'name = "基准"\nas_of = 2021\n[caps.total]\n2024 = "150亿"\n[cuts]\n2023 = "20%"\n'


def test_knobs_of_every_kind() -> None:
    assert parse_knob("total:2024") == Knob("total", "", 2024)
    assert parse_knob("county:晋江市:2023") == Knob("county", "晋江市", 2023)
    assert parse_knob("plan:quanzhou-st-14fyp:2025") == Knob("plan", "quanzhou-st-14fyp", 2025)
    assert parse_knob("cut:2023") == Knob("cut", "", 2023)
    # As the 情景 page asks for them.
    assert parse_knob("总额：2024") == Knob("total", "", 2024)
    assert parse_knob("县:晋江市:2023") == Knob("county", "晋江市", 2023)
    assert parse_knob("压减:2023") == Knob("cut", "", 2023)
    for wrong in ("total", "county:2023", "budget:2024", "total:二〇二四"):
        with pytest.raises(SweepError) as caught:
            parse_knob(wrong)
        assert wrong in caught.value.message(Language.EN)


def test_points_are_exact_integer_wan_from_start_to_stop() -> None:
    values = sweep_values("100亿", "200亿", "10亿")
    assert [v.wan for v in values] == [1_000_000 + 100_000 * i for i in range(11)]
    assert [v.wan for v in sweep_values("1.5亿", "1亿", "-2500万")] == [15000, 12500, 10000]
    # A step that overshoots stops before the end; a percentage moves in percent.
    assert [v.wan for v in sweep_values("10亿", "25亿", "10亿")] == [100000, 200000]
    assert [v.written for v in sweep_values("10%", "20%", "5%")] == ["10%", "15%", "20%"]
    wrong = (
        ("10亿", "20亿", "0万"),
        ("20亿", "10亿", "1亿"),
        ("1亿", "2", "1亿"),
        ("-1亿", "1亿", "1亿"),
    )
    for start, stop, step in wrong:
        with pytest.raises(SweepError):
            sweep_values(start, stop, step)
    with pytest.raises(SweepError):
        sweep_values("10%", "20亿", "1亿")
    with pytest.raises(SweepError):
        sweep_values("0万", "1000亿", "1亿")  # 100,001 points


def test_a_point_is_the_file_with_the_knobs_set_and_its_own_name() -> None:
    value = sweep_values("120亿", "120亿", "1亿")[0]
    knobs = [parse_knob("total:2024"), parse_knob("county:晋江市:2025")]
    name, text = point_text(TEXT, knobs, value)
    assert name == "基准 · 2024总额+晋江市2025 120亿"
    spec = parse_scenario(text)
    assert spec.name == name and spec.cuts == {2023: 20}
    assert spec.caps[("total", "", 2024)].wan == 1_200_000
    assert spec.caps[("county", "晋江市", 2025)].wan == 1_200_000
    cut = sweep_values("35%", "35%", "1%")[0]
    name, text = point_text(TEXT, [parse_knob("cut:2023")], cut)
    assert name == "基准 · 2023压减 35%" and parse_scenario(text).cuts == {2023: 35}
    with pytest.raises(SweepError):
        point_text(TEXT, [parse_knob("cut:2023")], value)


def test_the_knee_is_farthest_from_the_chord() -> None:
    assert knee([(0, 0), (1, 8), (2, 9), (3, 10)]) == 1
    assert knee([(0, 10), (1, 2), (2, 1), (3, 0)]) == 1  # a falling frontier too
    assert knee([(0, 0), (1, 1), (2, 2)]) is None  # a straight line has none
    assert knee([(0, 5), (1, 5), (2, 5)]) is None
    assert knee([(0, 0), (1, 1)]) is None


def _result(*projects: ProjectOutcome) -> ScenarioResult:
    return ScenarioResult("x", RunStatus.OPTIMAL, (2021, 2025), 2021, projects=projects)


def test_changes_list_projects_funded_or_delayed_differently() -> None:
    def project(pid: int, funded: bool, delay: int) -> ProjectOutcome:
        return ProjectOutcome(pid, f"P{pid}", "p", "t", 2021, 2022, funded, delay_years=delay)

    before = _result(project(1, True, 2), project(2, False, 0), project(3, True, 1))
    after = _result(project(1, True, 0), project(2, True, 0), project(3, True, 1))
    assert [(c.id, c.before_delay, c.after_delay) for c in changes(before, after)] == [
        (1, 2, 0),
        (2, None, 0),
    ]
    failed = ScenarioResult("x", RunStatus.FAILED, (2021, 2025), 2021)
    assert changes(before, failed) == ()
