from decimal import Decimal

import pytest

from portfolio.cells import CellError, MoneyUnit, YearSpan, parse_money, parse_years


@pytest.mark.parametrize(
    ("text", "unit", "wan"),
    [
        ("0.133", MoneyUnit.YI, 1330),
        ("1915.91", MoneyUnit.YI, 19159100),
        ("1,915.91", MoneyUnit.YI, 19159100),
        ("２.５", MoneyUnit.YI, 25000),
        ("350", MoneyUnit.WAN, 350),
        ("12亿元", MoneyUnit.WAN, 120000),
        ("3000万", MoneyUnit.YI, 3000),
        ("0", MoneyUnit.YI, 0),
    ],
)
def test_money_is_exact_integer_wan(text: str, unit: MoneyUnit, wan: int) -> None:
    assert parse_money(text, unit) == wan


@pytest.mark.parametrize("text", ["-", "—", "－", "", " "])
def test_unknown_money_is_none_not_zero(text: str) -> None:
    assert parse_money(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "not an amount"),
        ("-5", "negative"),
        ("0.000001", "whole number of 万元"),
        ("NaN", "not an amount"),
    ],
)
def test_bad_money(text: str, message: str) -> None:
    with pytest.raises(CellError, match=message):
        parse_money(text)


def test_fractions_of_wan_are_refused_not_rounded() -> None:
    with pytest.raises(CellError, match="whole number"):
        parse_money("1.5", MoneyUnit.WAN)


def test_money_never_goes_through_float() -> None:
    # 0.57 亿 is 5,700 万; float arithmetic gives 5699.999999999999.
    assert 0.57 * 10000 != 5700
    assert parse_money("0.57") == 5700
    assert Decimal("0.57") * 10000 == 5700


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2021－2025", YearSpan(2021, 2025)),
        ("2021-2023", YearSpan(2021, 2023)),
        ("2021—2025", YearSpan(2021, 2025)),
        ("2021~2025", YearSpan(2021, 2025)),
        ("2021至2025", YearSpan(2021, 2025)),
        ("2021.03-2023.12", YearSpan(2021, 2023)),
        ("20212025", YearSpan(2021, 2025)),
        ("2021年", YearSpan(None, 2021)),
        ("2023 年", YearSpan(None, 2023)),
        ("-", YearSpan(None, None)),
    ],
)
def test_years(text: str, span: YearSpan) -> None:
    assert parse_years(text) == span


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-2021", "before start"),
        ("2201-2203", "outside"),
        ("明年", "not a year"),
        ("20252021", "before start"),
    ],
)
def test_bad_years(text: str, message: str) -> None:
    with pytest.raises(CellError, match=message):
        parse_years(text)
