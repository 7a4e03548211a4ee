"""“Did you mean …?” for names a scenario gets wrong: projects, places, tables, units.

A planner types 晋江 for 晋江市 or 清源实验室 for 清源创新实验室; the message names the
closest known names (rapidfuzz's weighted ratio, which also scores a name inside a longer
one), so the fix is one look away.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

MAX_SUGGESTIONS = 3
MIN_SCORE = 60  # of 100: below this a name is not offered
NEAR_BEST = 10  # names further than this below the best are noise beside it


def closest(
    name: str, known: Iterable[str], limit: int = MAX_SUGGESTIONS, min_score: int = MIN_SCORE
) -> list[str]:
    """The known names most like ``name``, best first: none below ``min_score``, none far
    below the best (``NEAR_BEST``).

    >>> closest("晋江", ["晋江市", "石狮市", "南安市"])
    ['晋江市']
    """
    choices = sorted(set(known))
    found = process.extract(name, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=min_score)
    if not found:
        return []
    best = found[0][1]
    return [match for match, score, _index in found if score >= best - NEAR_BEST]


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean “晋江市”?)`` with the closest known names, or nothing.

    >>> did_you_mean("清源实验室", ["清源创新实验室", "闽都创新实验室"])
    ' (did you mean “清源创新实验室”?)'
    """
    names = closest(name, known)
    if not names:
        return ""
    return " (did you mean " + " or ".join(f"“{n}”" for n in names) + "?)"
