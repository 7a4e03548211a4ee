from hypothesis import given
from hypothesis import strategies as st

from portfolio.shares import apportion


@given(
    st.integers(min_value=0, max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=8).filter(
        lambda ws: sum(ws) > 0
    ),
)
def test_parts_add_up_and_stay_within_one_of_the_exact_share(
    total: int, weights: list[int]
) -> None:
    parts = apportion(total, weights)
    assert sum(parts) == total
    for part, weight in zip(parts, weights, strict=True):
        exact_times_sum = total * weight
        assert abs(part * sum(weights) - exact_times_sum) < sum(weights)


def test_remainder_goes_to_the_earliest() -> None:
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert apportion(11, [1, 1, 1]) == [4, 4, 3]
