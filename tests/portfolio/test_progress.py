"""Planned against actual on hand-made projects: exact boundaries of every finding, the
S-curve's cumulative sums, the Gantt's actual years, and the findings' words."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from portfolio.actuals import ActualStatus, ProjectActuals
from portfolio.exports.model import Language
from portfolio.progress import (
    Curve,
    FindingKind,
    ProjectProgress,
    actual_span,
    compared_years,
    project_findings,
)
from portfolio.progress_words import finding_text

PLANNED = {2021: 1000, 2022: 1000, 2023: 1000}


def _project(
    spend: dict[int, int] | None,
    status: ActualStatus | None = ActualStatus.IN_PROGRESS,
    *,
    counted: bool = True,
    start_year: int | None = None,
    completion_year: int | None = None,
    planned: dict[int, int] | None = None,
) -> ProjectProgress:
    planned = PLANNED if planned is None else planned
    actuals = (
        None
        if spend is None
        else ProjectActuals(
            project_id=1,
            spend=spend,
            status=status,
            start_year=start_year,
            completion_year=completion_year,
            last_reported=dt.date(2024, 3, 1),
            sources={year: f"进度.xlsx · 实际 · 第{year - 2019}行" for year in spend},
        )
    )
    return ProjectProgress(
        project_id=1,
        plan="p",
        table="附件1",
        seq="1",
        name="甲项目",
        places="晋江市",
        counted=counted,
        total_wan=sum(planned.values()),
        planned_start=min(planned) if planned else None,
        planned_end=max(planned) if planned else None,
        planned=planned,
        planned_by="even",
        actuals=actuals,
    )


def _kinds(
    project: ProjectProgress, through: int = 2023, pct: int = 20
) -> list[tuple[FindingKind, int | None]]:
    return [(f.kind, f.year) for f in project_findings(project, through, pct)]


def test_the_total_overrun_starts_one_wan_past_the_total() -> None:
    exact = _project({2021: 1000, 2022: 1000, 2023: 1000})
    assert _kinds(exact) == []
    over = _project({2021: 1000, 2022: 1000, 2023: 1001})
    assert (FindingKind.OVERRUN_TOTAL, None) in _kinds(over)


def test_a_years_threshold_is_exclusive() -> None:
    at = _project({2021: 1200, 2022: 800, 2023: 1000})
    assert _kinds(at) == []
    beyond = _project({2021: 1201, 2022: 799, 2023: 1000})
    assert _kinds(beyond) == [
        (FindingKind.OVERRUN_YEAR, 2021),
        (FindingKind.UNDERRUN_YEAR, 2022),
    ]
    # A threshold of 0: any difference.
    assert _kinds(_project({2021: 1001, 2022: 1000, 2023: 999}), pct=0) == [
        (FindingKind.OVERRUN_YEAR, 2021),
        (FindingKind.UNDERRUN_YEAR, 2023),
    ]


def test_spend_in_a_year_without_plan_is_an_overrun_and_a_missing_year_an_underrun() -> None:
    early = _project({2020: 5, 2021: 995, 2022: 1000, 2023: 1000})
    assert (FindingKind.OVERRUN_YEAR, 2020) in _kinds(early)
    gap = _project({2021: 1000, 2023: 1000})
    (missing,) = [f for f in project_findings(gap, 2023, 20) if f.year == 2022]
    assert missing.kind is FindingKind.UNDERRUN_YEAR and not missing.reported
    assert missing.actual_wan == 0 and missing.source == ""
    assert "2022 年未报告实际完成投资" in finding_text(missing, Language.ZH)


def test_a_finished_project_under_its_total() -> None:
    at = _project({2021: 1200, 2022: 1200}, ActualStatus.COMPLETED, completion_year=2022)
    # 2400 of 3000 is 80%: at the threshold. 2023 is not compared: it finished in 2022.
    assert _kinds(at) == []
    assert compared_years(at, 2023) == [2021, 2022]
    under = _project({2021: 1200, 2022: 1199}, ActualStatus.COMPLETED, completion_year=2022)
    assert _kinds(under) == [(FindingKind.UNDERRUN_COMPLETED, None)]


def test_late_and_not_started_projects() -> None:
    late = _project({2022: 1500, 2023: 1500})
    assert (FindingKind.LATE_START, None) in _kinds(late)
    said = _project({2021: 0, 2022: 1500, 2023: 1500}, start_year=2021)
    assert (FindingKind.LATE_START, None) not in _kinds(said)  # the reported start wins
    waiting = _project({2022: 0}, ActualStatus.NOT_STARTED)
    (finding,) = [
        f for f in project_findings(waiting, 2022, 20) if f.kind is FindingKind.LATE_START
    ]
    assert finding_text(finding, Language.ZH) == "计划 2021 年开工，截至 2022 年未开工"


def test_unreported_and_uncounted_projects() -> None:
    assert _kinds(_project(None)) == [(FindingKind.NOT_REPORTED, 2021)]
    assert _kinds(_project(None, planned={2024: 10})) == []  # not begun by 2023
    assert _kinds(_project(None), through=2020) == []
    assert _kinds(_project({2021: 7}, counted=False)) == [(FindingKind.NOT_COUNTED, None)]
    assert project_findings(_project({2021: 1}), None, 20) == []  # no report at all


def test_the_s_curve_and_completion() -> None:
    curve = Curve(
        planned={2021: 100, 2022: 200, 2024: 300}, actual={2021: 50, 2022: 100}, through_year=2022
    )
    years = curve.years()
    assert years == [2021, 2022, 2023, 2024]
    assert curve.cumulative_planned(years) == [100, 300, 300, 600]
    assert curve.cumulative_actual(years) == [50, 150, None, None]
    assert (curve.planned_to_date(), curve.actual_to_date()) == (300, 150)
    assert curve.completion() == Fraction(150, 600)
    assert Curve({}, {}, None).years() == [] and Curve({}, {}, None).completion() is None


def test_the_years_a_project_actually_ran() -> None:
    running = _project({2021: 0, 2022: 10, 2023: 10}).actuals
    assert running is not None
    span = actual_span(running)
    assert span is not None and (span.start, span.end, span.spent_wan) == (2022, 2023, 20)
    done = _project({2021: 5}, ActualStatus.COMPLETED, completion_year=2022).actuals
    assert done is not None and actual_span(done) == actual_span(done)
    assert (actual_span(done).start, actual_span(done).end) == (2021, 2022)  # type: ignore[union-attr]
    never = _project({2021: 0}, ActualStatus.NOT_STARTED).actuals
    assert never is not None and actual_span(never) is None


def test_findings_say_money_in_yi_yuan_and_the_deviation() -> None:
    (over,) = project_findings(_project({2021: 1800, 2022: 1000, 2023: 200}), 2023, 20)[:1]
    assert over.kind is FindingKind.OVERRUN_YEAR
    assert finding_text(over, Language.ZH) == (
        "2021 年实际完成 0.18 亿元，高于计划 0.1 亿元（+80%，阈值 20%）"
    )
    assert over.source == "进度.xlsx · 实际 · 第2行"
