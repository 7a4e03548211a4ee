"""Every outcome of a scenario run, generated, stored and read back onto every surface.

Hypothesis builds typed results of every status (optimal, feasible, partly funded,
infeasible with a conflict and relaxations, timed out, invalid, cancelled, failed), in years,
quarters and months. Each goes through JSON and the database and must come back equal; then
the 情景 page's views and its result panel, the command line's summary, the comparison and
the sentences in both languages must take it without an error, without a Python value
(``None``, ``True``) in the planner's words, and without per-project figures for a run with no
plan.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.scenario import print_result
from portfolio.access import this_computer
from portfolio.exports.model import ExportOptions, Language
from portfolio.i18n import gettext
from portfolio.scenarios import relaxation_words, words
from portfolio.scenarios.apply import NotApplicableError, applied_scenario
from portfolio.scenarios.compare import compare_results, comparison_to_json
from portfolio.scenarios.outcome import (
    CapChange,
    CapOutcome,
    CapRef,
    Conflict,
    ConflictMember,
    DelayReason,
    LimitRef,
    MarginalValue,
    MemberFamily,
    ObjectiveLevel,
    Outcome,
    ProjectOutcome,
    Relaxation,
    RelaxationKind,
    Release,
    ResultFormatError,
    RunStatus,
    ScenarioResult,
    result_from_json,
    result_to_json,
)
from portfolio.scenarios.spec import parse_scenario
from portfolio.services import scenarios
from portfolio.services.exports import NoPlanError, schedule_workbook
from portfolio.services.workspace import Workspace
from ui.app import create_app
from ui.pages.scenarios import views
from ui.pages.scenarios.layout import result_view

NAMES = st.text(alphabet="泉州晋江创新实验室园区项目ABC-（）", min_size=1, max_size=12)
WAN = st.integers(min_value=0, max_value=50_000_000)
YEARS = st.integers(min_value=2021, max_value=2030)
PERIODS = st.sampled_from(["year", "quarter", "month"])
OBJECTIVES = ("delay", "level", "value", "completion")


def _label(periods: str, year: int, index: int) -> str:
    if periods == "year":
        return str(year)
    if periods == "quarter":
        return f"{year}Q{index % 4 + 1}"
    return f"{year}-{index % 12 + 1:02d}"


@st.composite
def cap_refs(draw: st.DrawFn, periods: str) -> CapRef:
    year = draw(YEARS)
    kind = draw(st.sampled_from(["total", "region", "city", "table", "plan"]))
    key = "" if kind == "total" else draw(NAMES)
    return CapRef(kind, key, _label(periods, year, draw(st.integers(0, 11))), year)


@st.composite
def cap_outcomes(draw: st.DrawFn, periods: str) -> CapOutcome:
    return CapOutcome(draw(cap_refs(periods)), draw(WAN), draw(WAN), draw(st.booleans()))


@st.composite
def projects(draw: st.DrawFn, project_id: int, periods: str) -> ProjectOutcome:
    # Within the horizon 2021-2030, however late: as a run schedules them.
    start = draw(st.integers(min_value=2021, max_value=2024))
    funded = draw(st.booleans())
    late = draw(st.integers(0, 4)) if funded else 0
    stretch = draw(st.integers(0, late)) if funded else 0
    by_period = periods != "year" and funded
    return ProjectOutcome(
        id=project_id,
        name=draw(NAMES),
        plan="quanzhou-st-14fyp",
        table="附件1",
        planned_start_year=start,
        planned_end_year=start + 2,
        funded=funded,
        start_year=start + late - stretch if funded else None,
        end_year=start + 2 + late if funded else None,
        delay_years=late,
        start_delay_years=late - stretch,
        stretch_years=stretch,
        spend={start + late: draw(WAN)} if funded else {},
        start_period=_label(periods, start, 0) if by_period else None,
        end_period=_label(periods, start + 2, 3) if by_period else None,
        delay_periods=late * 4 if by_period else None,
        start_delay_periods=(late - stretch) * 4 if by_period else None,
        stretch_periods=stretch * 4 if by_period else None,
        spend_by_period={_label(periods, start + late, 0): 1} if by_period else {},
    )


@st.composite
def members(draw: st.DrawFn, periods: str) -> ConflictMember:
    family = draw(st.sampled_from(list(MemberFamily)))
    if family in (MemberFamily.CAP, MemberFamily.CONCURRENCY):
        return ConflictMember(family, cap=draw(cap_refs(periods)))
    if family is MemberFamily.LINK:
        return ConflictMember(family, predecessor=draw(NAMES), successor=draw(NAMES))
    return ConflictMember(
        family,
        project_id=draw(st.integers(1, 100)),
        name=draw(NAMES),
        from_settings=draw(st.booleans()),
        planned_wan=draw(st.dictionaries(YEARS, WAN, max_size=2))
        if family is MemberFamily.HISTORY
        else {},
    )


@st.composite
def relaxations(draw: st.DrawFn, periods: str) -> Relaxation:
    kind = draw(st.sampled_from(list(RelaxationKind)))
    proven = draw(st.booleans())
    if kind is RelaxationKind.RELEASE:
        releases = draw(
            st.lists(
                st.builds(
                    Release,
                    family=st.sampled_from(
                        [MemberFamily.MUST_FUND, MemberFamily.REQUIRED, MemberFamily.LOCK]
                    ),
                    project_id=st.integers(1, 100),
                    name=NAMES,
                    total_wan=WAN,
                    funded=st.booleans(),
                    delay_years=st.integers(0, 3),
                ),
                min_size=1,
                max_size=12,
            )
        )
        return Relaxation(kind, proven, releases=tuple(releases))
    if kind in (RelaxationKind.CAPS, RelaxationKind.NO_DELAY):
        changes = draw(
            st.lists(
                st.builds(
                    CapChange,
                    cap=cap_refs(periods),
                    current_wan=WAN,
                    lowest_feasible_wan=WAN,
                    planned_wan=st.none() | WAN,
                    largest_cut_bp=st.none() | st.integers(0, 10_000),
                ),
                min_size=1,
                max_size=4,
            )
        )
        return Relaxation(kind, proven, changes=tuple(changes))
    cap = draw(cap_refs(periods))
    lowest = draw(st.none() | WAN) if kind is not RelaxationKind.CUT else draw(WAN)
    if kind is RelaxationKind.CUT:
        return Relaxation(
            kind,
            proven,
            cap=cap,
            current_wan=draw(WAN),
            lowest_feasible_wan=lowest,
            planned_wan=draw(WAN),
            largest_cut_bp=draw(st.integers(0, 10_000)),
        )
    return Relaxation(kind, proven, cap=cap, current_wan=draw(WAN), lowest_feasible_wan=lowest)


@st.composite
def results(draw: st.DrawFn, project_ids: tuple[int, ...] = tuple(range(1, 9))) -> ScenarioResult:
    status = draw(st.sampled_from(list(RunStatus)))
    periods = draw(PERIODS)
    plan = status.has_plan
    chosen = draw(st.lists(st.sampled_from(project_ids), unique=True, max_size=6))
    outcomes = tuple(draw(projects(pid, periods)) for pid in chosen) if plan else ()
    names = draw(st.lists(st.sampled_from(OBJECTIVES), unique=True, min_size=1, max_size=3))
    levels = tuple(
        ObjectiveLevel(
            name,
            status.value if plan else "infeasible",
            value=draw(st.none() | WAN) if plan else None,
            bound=draw(st.none() | WAN) if plan else None,
            gap=draw(st.none() | st.integers(0, 100)),
        )
        for name in names
    )
    conflict = None
    if status is RunStatus.INFEASIBLE:
        conflict = Conflict(
            tuple(draw(st.lists(members(periods), min_size=1, max_size=4))),
            draw(st.booleans()),
            draw(YEARS),
        )
    delays = tuple(
        DelayReason(
            project_id=p.id,
            name=p.name,
            funded=p.funded,
            delay_years=p.delay_years,
            stretch_years=p.stretch_years,
            full_caps=tuple(draw(st.lists(cap_outcomes(periods), max_size=2))),
            full_limits=(LimitRef("region", "晋江市", _label(periods, 2023, 1), 2023),),
            late_predecessors=("前期→后期",),
            delay_periods=p.delay_periods,
            stretch_periods=p.stretch_periods,
        )
        for p in outcomes
        if p.moved
    )
    return ScenarioResult(
        scenario=draw(NAMES),
        status=status,
        horizon=(2021, 2030),
        as_of=draw(YEARS),
        periods=periods,
        solve_seconds=draw(st.floats(0, 100, allow_nan=False)),
        objectives=levels,
        projects=outcomes,
        caps=tuple(draw(st.lists(cap_outcomes(periods), max_size=3))) if plan else (),
        conflict=conflict,
        delays=delays,
        marginal=tuple(
            MarginalValue(
                c,
                100_000,
                draw(st.booleans()),
                draw(st.none() | st.just((1, None, -2)[: len(names)])),
            )
            for c in draw(st.lists(cap_outcomes(periods), max_size=2))
        )
        if plan
        else (),
        uncapped_what_if=(2024,) if plan and draw(st.booleans()) else (),
        relaxations=tuple(draw(st.lists(relaxations(periods), max_size=3))),
        error=draw(NAMES) if status is RunStatus.FAILED else None,
    )


def _no_python_values(text: str) -> None:
    for word in ("None", "True", "False", "{'", "[]"):
        assert word not in text, f"{word!r} in {text!r}"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    url = f"sqlite:///{tmp_path_factory.mktemp('surfaces') / 'portfolio.sqlite3'}"
    workspace = Workspace(url)
    workspace.init()
    yield workspace
    workspace.close()


def test_every_outcome_has_its_words() -> None:
    zh = list(words.OUTCOME_MESSAGES.values())
    en = [gettext(Language.EN, message) for message in zh]
    assert set(words.OUTCOME_MESSAGES) == set(Outcome)
    assert len(set(zh)) == len(zh) and len(set(en)) == len(en)


def test_a_result_of_another_schema_is_refused_with_its_reason() -> None:
    with pytest.raises(ResultFormatError, match="run the scenario again"):
        result_from_json({"status": "optimal", "projects": []})
    with pytest.raises(ResultFormatError, match="status"):
        result_from_json({"schema": 2, "scenario": "a", "status": "?", "horizon": [1, 2],
                          "as_of": 1})  # fmt: skip


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_every_outcome_round_trips_through_storage_onto_every_surface(
    workspace: Workspace, data: st.DataObject
) -> None:
    ids = tuple(
        p.id
        for p in workspace.projects()
        if p.start_year is not None and p.end_year is not None and p.investment_wan is not None
    )[:8]
    result = data.draw(results(ids))
    assert result_from_json(json.loads(json.dumps(result_to_json(result)))) == result
    spec = parse_scenario(f'name = "{result.scenario}"\n', "test")
    with workspace.sessions.begin() as session:
        run_id = scenarios.store_result(session, spec, result, this_computer())
    name, _text, stored = workspace.run(run_id)
    assert name == result.scenario
    assert stored == result.__class__(**{**result.__dict__, "run_id": run_id})
    _surfaces(workspace, stored)


def _surfaces(workspace: Workspace, result: ScenarioResult) -> None:
    texts: list[str] = []
    for lang in Language:
        texts.append(words.headline(result, lang))
        if result.conflict is not None:
            texts += words.conflict_lines(result.conflict, lang)
            texts.append(words.conflict_sentence(result.conflict, lang))
        texts += [words.delay_sentence(d, result.periods, lang) for d in result.delays]
        texts += [relaxation_words.relaxation_sentence(r, lang) for r in result.relaxations]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            print_result(result, lang)
        texts.append(out.getvalue())
    rows: list[dict[str, Any]] = [
        *views.objective_rows(result),
        *views.delay_rows(result),
        *views.binding_cap_rows(result),
    ]
    texts += [views.status_text(result), *views.infeasible_lines(result)]
    texts += [*views.marginal_lines(result), *(line for _i, line in views.relaxation_lines(result))]
    texts += [str(value) for row in rows for key, value in row.items() if key != "id"]
    for text in texts:
        _no_python_values(text)
    if not result.has_plan:
        assert views.delay_rows(result) == [] and views.objective_rows(result) == []
    late = [int(r[views.delay_columns(result)[3]]) for r in views.delay_rows(result)
            if r[views.delay_columns(result)[3]] != "-"]  # fmt: skip
    assert late == sorted(late, reverse=True), "the latest first"
    comparison = compare_results({"a": result, "b": result})
    assert comparison.projects_that_differ == ()
    json.dumps(comparison_to_json(comparison))
    _workbooks(workspace, result)
    text = f'name = "s"\nperiods = "{result.periods}"\n'
    for relaxation in result.relaxations:  # "apply" writes a file the scenario parser reads
        if relaxation.applicable:
            parse_scenario(applied_scenario(text, relaxation, "放宽"), "apply")
        else:
            with pytest.raises(NotApplicableError):
                applied_scenario(text, relaxation, "放宽")
    app = create_app(workspace)
    with app.server.test_request_context("/scenarios"):
        assert result.run_id is not None
        panel = json.dumps(result_view(None, result.run_id), default=str)
        _no_python_values(views.status_text(result))
        assert ("scenarios-delays" in panel) == result.has_plan


def _workbooks(workspace: Workspace, result: ScenarioResult) -> None:
    """The run's workbook in both languages, its reasons in words; none without a plan."""
    if not result.has_plan:
        with pytest.raises(NoPlanError):
            schedule_workbook(workspace, result.scenario)
        return
    for lang in Language:
        _name, content = schedule_workbook(workspace, result.scenario, ExportOptions(lang=lang))
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for cell in row:
                    if isinstance(cell, str):
                        _no_python_values(cell)


def test_outcomes_differ_in_their_headlines() -> None:
    seen = {}
    for status in RunStatus:
        result = ScenarioResult("s", status, (2021, 2025), 2021)
        seen[status] = words.headline(result, Language.ZH)
    assert all(a != b for a, b in pairwise(seen.values()))
