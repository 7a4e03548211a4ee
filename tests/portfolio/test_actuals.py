"""Progress reports read at a date: the latest report on or before it wins, year by year."""

from __future__ import annotations

import datetime as dt

from portfolio.actuals import ActualRow, ActualStatus, read_status, state_at

JAN = dt.date(2025, 1, 31)
JUL = dt.date(2025, 7, 31)
NEXT = dt.date(2026, 1, 31)


def row(report: int, date: dt.date, year: int, spend: int | None, **more: object) -> ActualRow:
    return ActualRow(report, date, 7, year, spend, **more)  # type: ignore[arg-type]


ROWS = [
    row(1, JAN, 2023, 100, status=ActualStatus.IN_PROGRESS, start_year=2023),
    row(1, JAN, 2024, 150, status=ActualStatus.IN_PROGRESS),
    row(2, JUL, 2024, 180),  # a correction of 2024: the later report wins
    row(3, NEXT, 2025, 90, status=ActualStatus.COMPLETED, completion_year=2025),
]


def test_the_latest_report_wins_each_year_and_earlier_states_stay_readable() -> None:
    latest = state_at(ROWS)[7]
    assert dict(latest.spend) == {2023: 100, 2024: 180, 2025: 90}
    assert latest.status is ActualStatus.COMPLETED
    assert (latest.start_year, latest.completion_year) == (2023, 2025)
    assert latest.spent_wan == 370 and latest.spent_before(2025) == 280

    in_january = state_at(ROWS, JAN)[7]
    assert dict(in_january.spend) == {2023: 100, 2024: 150}
    assert in_january.status is ActualStatus.IN_PROGRESS and in_january.completion_year is None
    assert state_at(ROWS, dt.date(2024, 12, 31)) == {}


def test_a_tie_of_dates_goes_to_the_later_report() -> None:
    rows = [row(5, JAN, 2024, 10), row(4, JAN, 2024, 99)]
    assert dict(state_at(rows)[7].spend) == {2024: 10}


def test_status_words_in_both_languages() -> None:
    assert read_status(" 已完工 ") is ActualStatus.COMPLETED
    assert read_status("竣工") is ActualStatus.COMPLETED
    assert read_status("Cancelled") is ActualStatus.CANCELLED
    assert read_status("停缓建") is ActualStatus.SUSPENDED
    assert read_status("半完工") is None
