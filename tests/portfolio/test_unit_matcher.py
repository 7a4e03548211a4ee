"""The indexed unit matcher decides exactly as the plain rule it speeds up."""

from __future__ import annotations

from difflib import SequenceMatcher

from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.normalize import (
    UNIT_MATCH_MARGIN,
    UNIT_MATCH_MIN_LENGTH,
    UNIT_MATCH_THRESHOLD,
    UNIT_REPLACE_THRESHOLD,
    UnitMatcher,
    _unit_core,
    unit_key,
)


def reference_match(name: str, known: list[str]) -> str | None:
    """match_unit_name's rules written plainly: every candidate scored with difflib."""
    candidates: dict[str, str] = {}
    for known_name in known:
        if unit_key(known_name):
            candidates.setdefault(unit_key(known_name), known_name)
    key = unit_key(name)
    if not key:
        return None
    if key in candidates:
        return candidates[key]
    core = _unit_core(key)
    same_core = [full for k, full in candidates.items() if _unit_core(k) == core]
    if len(core) >= 2 and len(same_core) == 1:
        return same_core[0]
    if len(key) < UNIT_MATCH_MIN_LENGTH:
        return None
    scored = sorted(
        ((SequenceMatcher(None, key, k).ratio(), k) for k in candidates),
        key=lambda item: (-item[0], item[1]),
    )
    if not scored:
        return None
    best_ratio, best_key = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    changed = any(op == "replace" for op, *_ in SequenceMatcher(None, key, best_key).get_opcodes())
    threshold = UNIT_REPLACE_THRESHOLD if changed else UNIT_MATCH_THRESHOLD
    if best_ratio >= threshold and best_ratio - runner_up >= UNIT_MATCH_MARGIN:
        return candidates[best_key]
    return None


# Few distinct characters, so that near-misses and ties are common.
ALPHABET = "泉州市师范学院科技局有限公司福建"
names = st.text(alphabet=ALPHABET, min_size=1, max_size=12)


@st.composite
def variant(draw: st.DrawFn, base: str) -> str:
    """``base`` with one character dropped, added or changed (a typo)."""
    at = draw(st.integers(0, len(base)))
    char = draw(st.sampled_from(ALPHABET))
    return draw(
        st.sampled_from(
            [
                base[:at] + base[at + 1 :],
                base[:at] + char + base[at:],
                base[:at] + char + base[at + 1 :],
            ]
        )
    )


@st.composite
def near_misses(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Known units that are typos of one another, and a name that is a typo of one."""
    base = draw(st.text(alphabet=ALPHABET, min_size=6, max_size=12))
    typos = draw(st.lists(variant(base), max_size=6))
    known = [base, *typos, *draw(st.lists(names, max_size=4))]
    return draw(st.one_of(variant(base), names)), draw(st.permutations(known))


@settings(max_examples=300, deadline=None)
@given(names, st.lists(names, max_size=12))
def test_indexed_matcher_equals_the_plain_rule(name: str, known: list[str]) -> None:
    assert UnitMatcher(known).match(name) == reference_match(name, known)


@settings(max_examples=500, deadline=None)
@given(near_misses())
def test_indexed_matcher_equals_the_plain_rule_on_typos(case: tuple[str, list[str]]) -> None:
    name, known = case
    assert UnitMatcher(known).match(name) == reference_match(name, known)


def test_growing_matcher_sees_units_added_later() -> None:
    matcher = UnitMatcher(["泉州市汉威机械制造有限公司"])
    assert matcher.match("福建立亚新材有限公司") is None
    matcher.add("福建立亚新材料有限公司")
    assert matcher.match("福建立亚新材有限公司") == "福建立亚新材料有限公司"
