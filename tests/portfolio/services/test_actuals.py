"""Progress reports stored and read back: dated, kept, audited, refused without the right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from portfolio.access import Actor, PermissionDeniedError, Role
from portfolio.actuals import ActualStatus
from portfolio.services.actuals import ActualInput
from portfolio.services.workspace import Workspace


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


def test_a_report_is_stored_whole_and_an_earlier_state_stays(workspace: Workspace) -> None:
    project = workspace.projects()[0].id
    first = dt.date(2025, 12, 31)
    workspace.actuals.record(
        first,
        [
            ActualInput(project, 2023, 500, ActualStatus.IN_PROGRESS, start_year=2023),
            ActualInput(project, 2024, 700, ActualStatus.IN_PROGRESS),
        ],
    )
    workspace.actuals.record(
        dt.date(2026, 6, 30), [ActualInput(project, 2025, 300, ActualStatus.COMPLETED)]
    )

    latest = workspace.actuals.at()[project]
    assert dict(latest.spend) == {2023: 500, 2024: 700, 2025: 300}
    assert latest.status is ActualStatus.COMPLETED
    assert dict(workspace.actuals.at(first)[project].spend) == {2023: 500, 2024: 700}
    reports = workspace.actuals.reports()
    assert [(r.report_date, r.projects, r.rows) for r in reports] == [
        (dt.date(2026, 6, 30), 1, 1),
        (first, 1, 2),
    ]
    assert [e.action for e in workspace.audit(limit=2)] == ["edit_actuals"] * 2


def test_a_viewer_may_not_record_progress(workspace: Workspace) -> None:
    project = workspace.projects()[0].id
    viewer = Actor("张三", Role.VIEWER)
    with pytest.raises(PermissionDeniedError):
        workspace.actuals.record(dt.date(2026, 1, 1), [ActualInput(project, 2025, 1)], actor=viewer)
    assert workspace.actuals.reports() == []
