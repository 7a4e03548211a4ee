"""A scenario's calendar: period numbers, labels, keys and the spread of a year over its periods."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.scenarios.periods import (
    Calendar,
    PeriodKey,
    PeriodUnit,
    parse_period_key,
    period_order,
)

YEARS, QUARTERS, MONTHS = (Calendar(unit) for unit in PeriodUnit)


def test_periods_are_consecutive_integers_and_know_their_year() -> None:
    assert [YEARS.first(2023), YEARS.last(2023), YEARS.label(2023)] == [2023, 2023, "2023"]
    assert list(QUARTERS.periods_of(2023)) == [8092, 8093, 8094, 8095]
    assert QUARTERS.first(2024) == QUARTERS.last(2023) + 1
    assert [QUARTERS.label(p) for p in (8092, 8095, 8096)] == ["2023Q1", "2023Q4", "2024Q1"]
    assert MONTHS.label(MONTHS.first(2023) + 4) == "2023-05"
    assert MONTHS.year_of(MONTHS.last(2023)) == 2023 and MONTHS.year_of(MONTHS.first(2024)) == 2024
    assert (QUARTERS.years(3), MONTHS.years(1)) == (12, 12)


def test_whole_years_round_up() -> None:
    assert [QUARTERS.whole_years(n) for n in (0, 1, 4, 5, 12)] == [0, 1, 1, 2, 3]
    assert YEARS.whole_years(3) == 3


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2023", PeriodKey(2023)),
        ("2023Q2", PeriodKey(2023, PeriodUnit.QUARTER, 2)),
        ("2023q4", PeriodKey(2023, PeriodUnit.QUARTER, 4)),
        ("2023-05", PeriodKey(2023, PeriodUnit.MONTH, 5)),
        ("2023-12", PeriodKey(2023, PeriodUnit.MONTH, 12)),
    ],
)
def test_keys_as_planners_write_them(text: str, key: PeriodKey) -> None:
    assert parse_period_key(text) == key
    assert parse_period_key(key.label) == key


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2023Q5", "quarters Q1-Q4"),
        ("2023Q0", "quarters Q1-Q4"),
        ("2023-13", "2023-01 … 2023-12"),
        ("2023-5", "2023-01 … 2023-12"),
        ("23Q1", "is not a year"),
        ("2023H1", "is not a year"),
    ],
)
def test_malformed_keys_are_refused_with_a_reason(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_period_key(text)


def test_a_key_spans_the_periods_it_covers() -> None:
    q2, may = parse_period_key("2023Q2"), parse_period_key("2023-05")
    assert QUARTERS.span(PeriodKey(2023)) == (8092, 8095)
    assert QUARTERS.span(q2) == (8093, 8093)
    assert MONTHS.span(q2) == (MONTHS.first(2023) + 3, MONTHS.first(2023) + 5)
    assert MONTHS.span(may) == (MONTHS.first(2023) + 4,) * 2
    with pytest.raises(ValueError, match='needs periods = "month"'):
        QUARTERS.span(may)
    with pytest.raises(ValueError, match="quarter"):
        YEARS.span(q2)


def test_windows_are_named_as_planners_name_them() -> None:
    assert QUARTERS.window_label(8092, 8095) == "2023"
    assert QUARTERS.window_label(8093, 8093) == "2023Q2"
    assert QUARTERS.window_label(8093, 8094) == "2023Q2-2023Q3"
    assert MONTHS.window_label(*MONTHS.span(parse_period_key("2023Q2"))) == "2023Q2"
    assert MONTHS.window_label(*MONTHS.span(parse_period_key("2023-05"))) == "2023-05"


def test_keys_sort_years_then_quarters_then_months() -> None:
    keys = [parse_period_key(t) for t in ("2024-01", "2024Q1", "2024", "2023Q4", "2023")]
    assert [k.label for k in sorted(keys, key=period_order)] == [
        "2023",
        "2024",
        "2023Q4",
        "2024Q1",
        "2024-01",
    ]


def test_a_year_spreads_over_its_periods_the_remainder_first() -> None:
    assert QUARTERS.spread([10]) == (3, 3, 2, 2)
    assert QUARTERS.spread([3, 0]) == (1, 1, 1, 0, 0, 0, 0, 0)
    assert MONTHS.spread([13]) == (2,) + (1,) * 11
    assert YEARS.spread([4, 6]) == (4, 6)


@given(
    st.sampled_from([QUARTERS, MONTHS]),
    st.lists(st.integers(0, 10**9), min_size=1, max_size=8),
)
def test_the_periods_of_each_year_add_up_to_it(calendar: Calendar, yearly: list[int]) -> None:
    spread = calendar.spread(yearly)
    assert len(spread) == len(yearly) * calendar.per_year
    first = calendar.first(2021)
    by_period = {first + index: amount for index, amount in enumerate(spread)}
    assert list(calendar.by_year(by_period).values()) == yearly
    assert all(isinstance(amount, int) and amount >= 0 for amount in spread)
