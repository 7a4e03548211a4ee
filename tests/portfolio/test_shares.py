"""The one rule for a place's money: the optimizer's, to the 万元."""

from hypothesis import given
from hypothesis import strategies as st

from optimizer import Project, region_spend
from portfolio.shares import place_share, place_spend

PLACES = ["思明区", "集美区", "晋江市", "南安市", "安溪县"]

weights_st = st.dictionaries(
    st.sampled_from(PLACES), st.integers(min_value=0, max_value=10_000), min_size=1
).filter(lambda ws: sum(ws.values()) > 0)
spend_st = st.dictionaries(
    st.integers(min_value=2021, max_value=2030),
    st.integers(min_value=0, max_value=10**9),
    min_size=1,
)


@given(spend_st, weights_st)
def test_each_years_parts_add_up_and_the_optimizer_counts_the_same(
    spend: dict[int, int], weights: dict[str, int]
) -> None:
    parts = place_spend(spend, weights)
    for year, amount in spend.items():
        assert sum(p[year] for p in parts.values()) == amount
    taking_part = {place: w for place, w in weights.items() if w > 0}
    project = Project(
        id="p",
        total=sum(spend.values()),
        planned_start=min(spend),
        planned_end=max(spend),
        regions=taking_part,
    )
    assert parts == region_spend(project, spend)


@given(st.integers(min_value=0, max_value=10**12), weights_st)
def test_an_undated_total_splits_by_the_same_rule(total: int, weights: dict[str, int]) -> None:
    shares = place_share(total, weights)
    assert sum(shares.values()) == total
    assert shares == {p: v[0] for p, v in place_spend({0: total}, weights).items()}


def test_ties_go_to_the_name_that_sorts_first() -> None:
    assert place_spend({2023: 5}, {"集美区": 1, "思明区": 1}) == {
        "思明区": {2023: 3},
        "集美区": {2023: 2},
    }
